/* openspace: search and focus on the facilitator page at 300 cards (issue 14, point 2).
 * A search field (text, author, organisation; case and Danish letters folded), filter
 * chips with their counts, and the approval queue as a badge at the top that jumps to it.
 * Filtering only sets li.hidden on the nodes facilitator.js built: nothing is re-rendered. */
(function (w, d, OS) {
  "use strict";

  var FILTERS = {
    all: function () { return true; },
    pending: function (c) { return c.pending && !c.hidden; },
    hidden: function (c) { return !!c.hidden; },
    idea: function (c) { return c.kind === "idea"; },
    actor: function (c) { return c.kind === "actor"; },
    initiative: function (c) { return c.kind === "initiative"; }
  };

  OS.facilitatorExtensions = OS.facilitatorExtensions || [];
  OS.facilitatorExtensions.push(function (board) {
    var input = OS.$("fac-search");
    var chips = OS.$("fac-filters");
    if (!input || !chips) return null;
    var query = "";
    var filter = "all";
    var scheduled = false;
    var keys = {};          // card id -> its folded search key, made when the card is drawn

    function keyOf(id, card) {
      if (!keys[id]) keys[id] = OS.searchKey(card);
      return keys[id];
    }

    function accepts(card) {
      // Without a query no key is needed: the first drawing of 300 cards folds no text.
      return FILTERS[filter](card) && (!query || OS.searchMatch(keyOf(String(card.id), card), query));
    }

    /* Counts and the hidden flags, once per frame however many events came in. */
    function refresh() {
      if (scheduled) return;
      scheduled = true;
      w.requestAnimationFrame(apply);
    }

    function apply() {
      scheduled = false;
      var all = board.cards();
      var counts = { all: 0, pending: 0, hidden: 0, idea: 0, actor: 0, initiative: 0 };
      var shown = 0;
      var total = 0;
      Object.keys(all).forEach(function (id) {
        var card = all[id];
        var found = !query || OS.searchMatch(keyOf(id, card), query);
        total += 1;
        if (found) {
          Object.keys(FILTERS).forEach(function (name) { if (FILTERS[name](card)) counts[name] += 1; });
        }
        var ok = found && FILTERS[filter](card);
        if (ok) shown += 1;
        var li = board.node(id);
        if (li && li.hidden === ok) li.hidden = !ok;
      });
      Array.prototype.forEach.call(chips.querySelectorAll("[data-filter]"), function (btn) {
        var n = btn.querySelector(".chip__count");
        if (n) n.textContent = String(counts[btn.getAttribute("data-filter")]);
      });
      var active = !!query || filter !== "all";
      Array.prototype.forEach.call(d.querySelectorAll("#themes .fac-theme"), function (section) {
        var any = section.querySelector("li.card:not([hidden])");
        section.classList.toggle("is-no-match", active && !any);
      });
      OS.setText("fac-search-count", active ? OS.t("search.showing", { shown: shown, total: total }) : "");
      var waiting = counts.pending;
      if (query) {
        waiting = 0;
        Object.keys(all).forEach(function (id) { if (FILTERS.pending(all[id])) waiting += 1; });
      }
      var badge = OS.$("queue-badge");
      badge.hidden = waiting === 0;
      OS.setText("queue-badge-text", OS.tn("search.queue_badge", waiting));
    }

    var typing = null;
    input.addEventListener("input", function () {
      w.clearTimeout(typing);
      typing = w.setTimeout(function () { query = OS.searchFold(input.value); refresh(); }, 120);
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape" && input.value) { input.value = ""; query = ""; refresh(); }
    });
    chips.addEventListener("click", function (ev) {
      var btn = ev.target.closest && ev.target.closest("button[data-filter]");
      if (!btn) return;
      filter = btn.getAttribute("data-filter");
      Array.prototype.forEach.call(chips.querySelectorAll("button[data-filter]"), function (b) {
        b.setAttribute("aria-pressed", b === btn ? "true" : "false");
      });
      refresh();
    });
    OS.$("queue-badge").addEventListener("click", function () {
      // The queue may be filtered away: show everything waiting when jumping to it.
      if (query || (filter !== "all" && filter !== "pending")) {
        input.value = "";
        query = "";
        filter = "all";
        Array.prototype.forEach.call(chips.querySelectorAll("button[data-filter]"), function (b) {
          b.setAttribute("aria-pressed", b.getAttribute("data-filter") === "all" ? "true" : "false");
        });
        apply();
      }
      var box = OS.$("queue");
      if (box) w.setTimeout(function () { box.setAttribute("tabindex", "-1"); box.focus({ preventScroll: true }); }, 0);
    });

    return {
      decorate: function (li, card) {
        delete keys[String(card.id)];  // the text or name may have changed
        li.hidden = !accepts(card);
        refresh();
      },
      onEvent: function () { refresh(); },
      onBoard: function () { refresh(); }
    };
  });
})(window, document, window.OpenSpace);
