/* openspace: the wall's pages (templates/projector.html), the arithmetic under
 * projector_pager.js: how high each card is, which cards make a page, how long a page stays.
 * A column object (the pager's) holds order (card ids), node and height (by id), avail (the
 * list's height), gap, done and current. */
(function (w, d, OS) {
  "use strict";

  var MIN_DWELL = 8000;      // each card at least this long on screen
  var MAX_DWELL = 20000;
  var CYCLE = 90000;         // a column's round, when it has more than that to show
  var READ_BASE = 2000;      // + READ_RATE characters a second, read from the back of a room
  var READ_RATE = 15;
  var LOOKAHEAD = 20;        // later cards that may fill the space a big one leaves
  var TICK = 100;
  var FADE = 250;

  function unscroll(node) { node.style.transition = ""; node.style.transform = ""; }

  /* Does the card `id` fit its own column, at a smaller size if need be? */
  function fitsOwn(c, id) {
    var node = c.node[id];
    var wasHidden = node.hidden;
    node.hidden = false;
    var fits = OS.wallShrink(node, c.avail);
    node.style.fontSize = "";
    node.hidden = wasHidden;
    return fits;
  }

  /* Each card's height at its own size, the list's height (also what a room above it takes),
   * the cards that need room, and how much reading time the pages get. */
  function measure(c) {
    var cs = w.getComputedStyle(c.list);
    c.avail = c.list.clientHeight - (parseFloat(cs.paddingTop) || 0) - (parseFloat(cs.paddingBottom) || 0) +
      c.reserve;
    c.gap = parseFloat(cs.rowGap) || 0;
    c.order.forEach(function (id) {
      var node = c.node[id];
      node.hidden = false;
      node.style.fontSize = "";
      unscroll(node);
    });
    c.order.forEach(function (id) { c.height[id] = c.node[id].offsetHeight; });
    c.order.forEach(function (id) { c.node[id].hidden = true; });
    // The cards too tall for the column even at the smallest type: they need room.
    c.big = {};
    c.order.forEach(function (id) { if (c.height[id] > c.avail + 0.5 && !fitsOwn(c, id)) c.big[id] = true; });
    c.f = squeeze(c);
  }

  /* The page made of `ids` (in the round's order): the first, then each that fits, looking a
   * few cards past one that does not. `tall`: the first alone is taller than the column.
   * Under a room (`top` px of the list taken) only cards that fit the space left are taken. */
  function build(c, ids, top) {
    var cap = c.avail - (top || 0);
    var page = [], h = 0, skipped = 0;
    for (var i = 0; i < ids.length && skipped <= LOOKAHEAD; i++) {
      var add = c.height[ids[i]] + (page.length ? c.gap : 0);
      if (h + add <= cap + 0.5 || (!page.length && !top)) {
        page.push(ids[i]);
        h += add;
        if (h > cap + 0.5) return { ids: page, tall: true };
      } else {
        skipped += 1;
      }
    }
    return { ids: page, tall: false };
  }

  /* max(8 s, the time to read the page's text), at most MAX_DWELL. */
  function reading(c, ids) {
    var chars = 0;
    ids.forEach(function (id) { chars += (c.node[id].textContent || "").length; });
    return Math.min(MAX_DWELL, Math.max(MIN_DWELL, READ_BASE + chars * 1000 / READ_RATE));
  }

  /* How much of the reading time above 8 s a page gets, so that a round fits CYCLE. */
  function squeeze(c) {
    var rest = c.order.slice(), pages = 0, extra = 0;
    while (rest.length) {
      var p = build(c, rest, 0);
      if (!p.ids.length) break;
      pages += p.tall ? 1.5 : 1;       // a card given room shares its neighbour's space
      extra += reading(c, p.ids) - MIN_DWELL;
      rest = rest.filter(function (id) { return p.ids.indexOf(id) < 0; });
    }
    var spare = CYCLE - pages * (MIN_DWELL + FADE + TICK);
    return extra <= 0 || spare >= extra ? 1 : Math.max(0, spare / extra);
  }

  /* The cards of the round not shown yet, in order. */
  function pending(c) {
    return c.order.filter(function (id) { return !c.done[id] && c.current.indexOf(id) < 0; });
  }

  /* The last resort (one column in a row, or no neighbour free for a new long card): the card
   * moves up slowly during its turn (in steps when `still`), so every line is read. */
  function scrollWithin(c, node, dwell, still) {
    var rest = node.offsetHeight - c.avail;
    c.scroll = node;
    var steps = still ? Math.ceil(rest / (c.avail * 0.8)) : 1;
    var pause = Math.min(3000, dwell / 4), run = dwell - 2 * pause;
    for (var k = 1; k <= steps; k++) {
      w.setTimeout(function (part) {
        return function () {
          if (c.scroll !== node) return;
          if (!still) node.style.transition = "transform " + Math.round(run) + "ms linear";
          node.style.transform = "translateY(" + (-Math.round(rest * part)) + "px)";
        };
      }(k / steps), pause + run * (k - 1) / steps);
    }
  }

  OS.wallPages = { MIN_DWELL: MIN_DWELL, TICK: TICK, FADE: FADE, measure: measure, build: build,
    reading: reading, pending: pending, unscroll: unscroll, scrollWithin: scrollWithin };
})(window, document, window.OpenSpace);
