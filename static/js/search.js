/* openspace: folding text for search on the facilitator page and the phone board
 * (static/js/facilitator_search.js, static/js/participant_search.js).
 * Case and Danish letters are folded so "ø" finds "oe" and "oe" finds "ø" (likewise
 * "æ"/"ae", "å"/"aa"), and accents fall away ("é" finds "e"). */
(function (w, OS) {
  "use strict";

  var DANISH = { "æ": "ae", "ø": "oe", "å": "aa" };

  /* The folded form of a text: lower case, Danish letters spelt out, no accents, single spaces. */
  OS.searchFold = function (text) {
    return String(text || "").toLowerCase()
      .replace(/[æøå]/g, function (c) { return DANISH[c]; })
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/\s+/g, " ").trim();
  };

  /* What a card is found by: its text, its author's name and its organisation. */
  OS.searchKey = function (card) {
    var author = (card && card.author) || {};
    return OS.searchFold([card && card.text, author.name, card && card.organisation].join(" "));
  };

  /* True if every word of the (folded) query is in the card's key. */
  OS.searchMatch = function (key, query) {
    if (!query) return true;
    return query.split(" ").every(function (word) { return key.indexOf(word) >= 0; });
  };
})(window, window.OpenSpace);
