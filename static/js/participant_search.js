/* openspace: the search field on the phone board (issue 14, point 2). Finds cards by text,
 * author name and organisation, with case and Danish letters folded (static/js/search.js),
 * and shows on each theme and kind chip how many cards it holds for the search. */
(function (w, d, OS) {
  "use strict";

  OS.participantExtensions = OS.participantExtensions || [];
  OS.participantExtensions.push(function (view) {
    var input = OS.$("phone-search");
    if (!input) return null;
    var query = "";
    var typing = null;

    input.addEventListener("input", function () {
      w.clearTimeout(typing);
      typing = w.setTimeout(function () { query = OS.searchFold(input.value); view.refresh(); }, 150);
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape" && input.value) { input.value = ""; query = ""; view.refresh(); }
    });

    /* "(n)" on each chip: the cards of that theme or kind that the search finds. */
    function countChips() {
      var all = view.allCards();
      var byTheme = { "": 0 };
      var byKind = { "": 0 };
      Object.keys(all).forEach(function (id) {
        var card = all[id];
        if (!card || card.hidden || !OS.searchMatch(OS.searchKey(card), query)) return;
        byTheme[""] += 1;
        byKind[""] += 1;
        byTheme[card.theme_id] = (byTheme[card.theme_id] || 0) + 1;
        byKind[card.kind] = (byKind[card.kind] || 0) + 1;
      });
      [["filter-theme", byTheme], ["filter-kind", byKind]].forEach(function (pair) {
        var group = OS.$(pair[0]);
        if (!group) return;
        // The count is drawn by CSS from data-count: the chip's own text stays its name.
        Array.prototype.forEach.call(group.querySelectorAll("button[data-value]"), function (btn) {
          btn.setAttribute("data-count", String(pair[1][btn.getAttribute("data-value")] || 0));
        });
      });
    }

    var scheduled = false;
    return {
      accepts: function (li) {
        if (!query || !li.hasAttribute("data-id")) return true;
        var card = view.card(li.getAttribute("data-id"));
        return !card || OS.searchMatch(OS.searchKey(card), query);
      },
      narrows: function () { return !!query; },
      onView: function () {
        if (scheduled) return;
        scheduled = true;
        w.requestAnimationFrame(function () { scheduled = false; countChips(); });
      }
    };
  });
})(window, document, window.OpenSpace);
