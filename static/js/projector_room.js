/* openspace: sizes on the wall (templates/projector.html). The wall's smallest type, titles that
 * wrap then shrink, a card that shrinks to fit its column, and "room": a card too tall for its
 * column even at the smallest type is drawn across its column and a neighbour, at the top, as
 * high as it needs; both columns go on showing cards below it. projector_pager.js decides
 * when; this file measures and draws. */
(function (w, d, OS) {
  "use strict";

  /* The smallest type on the wall: 20 px at 1280 wide, 24 px at 1920 (1.25vw). */
  function minFont() { return Math.max(20, w.innerWidth * 0.0125); }
  OS.wallMinFont = minFont;

  /* Shrink `el`'s type 1 px at a time until it takes at most `lines` lines, never under the
   * floor; past the floor it wraps onto more lines. Never cut. */
  OS.fitText = function (el, lines) {
    if (!el) return;
    el.style.fontSize = "";
    var size = parseFloat(w.getComputedStyle(el).fontSize);
    var floor = minFont();
    /* More lines than asked, or a word wider than the box. */
    function tooBig() {
      var lh = parseFloat(w.getComputedStyle(el).lineHeight) || size * 1.2;
      return el.scrollHeight > lh * lines + 2 || el.scrollWidth > el.clientWidth + 1;
    }
    while (size - 1 >= floor && tooBig()) { size -= 1; el.style.fontSize = size + "px"; }
  };

  /* A card alone in a box `room` px high: the largest size from its own down to the floor that
   * fits (sizes inside a card are in em). True if it fits. */
  OS.wallShrink = function (node, room) {
    var size = parseFloat(w.getComputedStyle(node).fontSize);
    var floor = minFont();
    while (node.offsetHeight > room + 0.5 && size - 1 >= floor) {
      size -= 1;
      node.style.fontSize = size + "px";
    }
    return node.offsetHeight <= room + 0.5;
  };

  /* A copy of a card for the room overlay, at its own size, not moving. */
  function copy(node) {
    var card = node.cloneNode(true);
    card.hidden = false;
    card.style.fontSize = "";
    card.style.transform = "";
    card.style.transition = "";
    card.style.order = "";
    return card;
  }

  /* opts: {box (the grid of columns), row(c) (the columns of c's row, in order),
   *        free(c, any) (may c be covered now?), load(c) (what c has left to show),
   *        useful(c, high) (has c a card for the space below a room `high` px high?),
   *        title(themeId), still}
   * Columns are the pager's objects: {id, col, list, room, coveredBy}. */
  OS.wallRoom = function (opts) {
    /* The spans of `width` columns in `c`'s row that hold `c` and whose other columns are
     * free, the one covering the least left to show first. */
    function spans(c, width, any) {
      var row = opts.row(c);
      var at = row.indexOf(c);
      var found = [];
      for (var first = at; first > at - width; first--) {
        if (first < 0 || first + width > row.length) continue;
        var span = row.slice(first, first + width);
        if (span.every(function (o) { return o === c || opts.free(o, any); })) found.push(span);
      }
      /* What the span's other columns still have to show. */
      function load(span) {
        return span.reduce(function (sum, o) { return sum + (o === c ? 0 : opts.load(o)); }, 0);
      }
      return found.sort(function (a, b) { return load(a) - load(b); });
    }

    /* The overlay over the columns of `span` with `node`'s card in it, measured (hidden) and
     * as high as it needs; null if the card does not fit it even at the smallest type. */
    function overlayFor(c, node, span) {
      var box = opts.box.getBoundingClientRect();
      var a = span[0].col.getBoundingClientRect();
      var b = span[span.length - 1].col.getBoundingClientRect();
      var top = Math.max.apply(null, span.map(function (o) { return o.list.getBoundingClientRect().top; }));
      var bottom = Math.min.apply(null, span.map(function (o) { return o.col.getBoundingClientRect().bottom; }));
      var list = OS.el("ul", { class: "pj-room__cards" }, [copy(node)]);
      var overlay = OS.el("section", { class: "pj-room", "data-theme": c.id, "aria-label": opts.title(c.id) }, [
        OS.el("p", { class: "pj-room__theme", "aria-hidden": "true", text: opts.title(c.id) }), list
      ]);
      overlay.style.left = (a.left - box.left) + "px";
      overlay.style.width = (b.right - a.left) + "px";
      overlay.style.top = (top - box.top) + "px";
      overlay.style.height = (bottom - top) + "px";
      overlay.style.visibility = "hidden";
      overlay.maxHeight = bottom - top;
      opts.box.appendChild(overlay);
      if (!OS.wallShrink(list.firstChild, list.clientHeight)) { overlay.remove(); return null; }
      overlay.style.height = "auto";
      return overlay;
    }

    /* The narrowest free span the card fits: {overlay (hidden), span}, or null. `strict`: only
     * a span whose neighbours have a card to show in the space left below the room. */
    function find(c, node, any, strict) {
      var row = opts.row(c);
      for (var width = 2; width <= row.length; width++) {
        var usable = spans(c, width, any);
        if (!usable.length) continue;
        var overlay = overlayFor(c, node, usable[0]);
        if (!overlay) continue;
        var high = overlay.offsetHeight;
        var span = strict ? usable.filter(function (one) {
          return one.every(function (o) { return o === c || opts.useful(o, high); });
        })[0] : usable[0];
        if (span) {
          if (span !== usable[0]) { overlay.remove(); overlay = overlayFor(c, node, span); }
          return { overlay: overlay, span: span };
        }
        overlay.remove();
      }
      return null;
    }

    return {
      /* Could `c` get room for `node` now (`strict`: see find)? */
      possible: function (c, node, strict) {
        var found = find(c, node, false, strict);
        if (found) found.overlay.remove();
        return !!found;
      },
      /* Give `c` room for `node`: returns the neighbours it shares, or null (no span free or
       * wide enough). `any`: whatever they show (nothing has been read yet). c.room.height:
       * how far down the room reaches into each column's list. */
      take: function (c, node, any, strict) {
        var found = find(c, node, any, strict);
        if (!found) return null;
        found.overlay.style.visibility = "";
        if (!opts.still) found.overlay.classList.add("is-entering");
        var covered = found.span.filter(function (o) { return o !== c; });
        c.room = { overlay: found.overlay, covered: covered, height: found.overlay.offsetHeight };
        covered.forEach(function (o) { o.coveredBy = c.id; });
        return covered;
      },
      /* The same card, changed (counts, text), in the same room; false if it no longer fits
       * the height the room has. */
      reuse: function (c, node) {
        var overlay = c.room.overlay;
        var list = overlay.querySelector(".pj-room__cards");
        var card = copy(node);
        list.textContent = "";
        list.appendChild(card);
        overlay.style.height = overlay.maxHeight + "px";
        var fits = OS.wallShrink(card, list.clientHeight);
        overlay.style.height = "auto";
        return fits && overlay.offsetHeight <= c.room.height + 0.5;
      },
      card: function (c) { return c.room ? c.room.overlay.querySelector(".pj-card") : null; },
      /* The room ends; returns the columns it covered, uncovered. */
      drop: function (c) {
        var room = c.room;
        c.room = null;
        room.overlay.remove();
        room.covered.forEach(function (o) { o.coveredBy = null; });
        return room.covered;
      }
    };
  };
})(window, document, window.OpenSpace);
