/* openspace: the wall moves on by itself (templates/projector.html). Each theme's column shows
 * page after page of the cards that fit its visible box whole, until every card has had its
 * turn (a round), then starts again. A card taller than the column gets the column alone at a
 * smaller size, or room over a neighbour (projector_room.js). Nothing is cut for good.
 *
 * A page takes the next cards of the round in order; when the next one does not fit the space
 * left, a few later ones that do may fill it (it comes first on the next page). The head says
 * "12–18 af 41": the cards' places in the round. A page stays max(8 s, its reading time); when
 * a round would take more than CYCLE the reading time above 8 s shrinks (never the 8 s). A new
 * card flashes in at the top of its column's page, pushing the bottom cards to the next page.
 * projector.js calls OS.wallPager(opts). */
(function (w, d, OS) {
  "use strict";

  var P = OS.wallPages;
  var MIN_DWELL = P.MIN_DWELL;
  var WAIT = 2500;           // a big card waits this long for a neighbour rather than go later
  var TICK = P.TICK;
  var FADE = P.FADE;         // the page fades out and in (not with prefers-reduced-motion)

  /* opts: {box, perRow(), label(first, last|null, total), allShown(n), roomTitle(themeId)}
   * -> {setColumns(list), show(themeId, nodes, flashId), reset(), relayout(), setPaused(bool), stop()} */
  OS.wallPager = function (opts) {
    var cols = [];
    var byId = {};
    var paused = false;
    var still = !!(w.matchMedia && w.matchMedia("(prefers-reduced-motion: reduce)").matches);
    var lastTick = Date.now();
    function now() { return Date.now(); }

    var room = OS.wallRoom({
      box: opts.box, title: opts.roomTitle, still: still,
      row: function (c) {
        var per = Math.max(1, opts.perRow());
        var first = Math.floor(c.index / per) * per;
        return cols.slice(first, first + per);
      },
      // A neighbour shares its top only at its own turn (its page has been up 8 s), or at the
      // very start, before anything was read.
      free: function (o, any) {
        if (o.room || o.coveredBy || o.fading) return false;
        return any || !o.order.length || now() - o.shownAt >= MIN_DWELL;
      },
      // A neighbour with a card for the space below the room (else it would stand idle).
      useful: function (o, high) {
        var cap = o.avail - high - o.gap;
        return pending(o).some(function (id) { return o.height[id] <= cap + 0.5; });
      },
      // The least busy neighbour shares.
      load: function (o) {
        var h = 0;
        pending(o).forEach(function (id) { h += o.height[id]; });
        return h;
      }
    });

    /* The spotlight, the plenary or the facilitator's pause stop the clock. */
    function held() {
      var spot = OS.$("spotlight"), plenary = OS.$("plenary");
      return paused || (spot && !spot.hidden) || (plenary && !plenary.hidden);
    }

    /* The columns ({id, col, list, count} in grid order), new: nothing shown yet. */
    function setColumns(list) {
      cols.forEach(function (c) { if (c.room) room.drop(c); });
      cols = list.map(function (item, i) {
        return { id: String(item.id), index: i, col: item.col, list: item.list, count: item.count,
          order: [], node: {}, height: {}, done: {}, current: [], roomId: null, reserve: 0,
          shownAt: now(), dwell: MIN_DWELL, room: null, coveredBy: null, flashId: null,
          fading: false, scroll: null, f: 1 };
      });
      byId = {};
      cols.forEach(function (c) { byId[c.id] = c; });
      if (watcher) {
        watcher.disconnect();
        cols.forEach(function (c) { watcher.observe(c.list, { box: "border-box" }); });
      }
    }

    /* A column's box changed height (a title wrapped anew, the window changed): measure again. */
    var heights = {};
    var watcher = w.ResizeObserver ? new w.ResizeObserver(function (entries) {
      var changed = entries.some(function (entry) {
        var h = Math.round(entry.target.getBoundingClientRect().height);
        var key = entry.target.parentNode && entry.target.parentNode.getAttribute("data-theme");
        var was = heights[key];
        heights[key] = h;
        return was !== undefined && was !== h;
      });
      if (changed) reset(false);
    }) : null;

    /* ---------- pages ---------- */

    /* The space a room at the top of the column leaves for cards below it. */
    function roomAbove(c) {
      var owner = c.room ? c : (c.coveredBy ? byId[c.coveredBy] : null);
      return owner && owner.room ? owner.room.height + c.gap : 0;
    }

    /* The page of `ids` in `c` as it is now (under a room or not). */
    function build(c, ids) { return P.build(c, ids, roomAbove(c)); }
    var pending = P.pending, reading = P.reading, measure = P.measure, unscroll = P.unscroll;

    /* Does the whole column fit on one page? Then it stands still. */
    function allFit(c) {
      if (c.room || c.coveredBy) return false;
      var p = build(c, c.order);
      return !p.tall && p.ids.length === c.order.length;
    }

    /* The head: "12–18 af 41", "19 af 41", or "5 kort" when all fit. */
    function label(c) {
      var n = c.order.length, text = "";
      if (n && !c.current.length) return; // a turn with nothing under a room: the head stays
      if (n && allFit(c)) text = opts.allShown(n);
      else if (n) {
        var before = c.order.filter(function (id) { return c.done[id]; }).length;
        var last = before + c.current.length;
        text = opts.label(before + 1, last > before + 1 ? last : null, n);
      }
      if (c.count.textContent !== text) c.count.textContent = text;
    }

    /* ---------- showing a page ---------- */

    /* Show the cards of the current page (in its order), below the room if there is one. */
    function display(c) {
      c.reserve = roomAbove(c);
      c.list.style.paddingTop = c.reserve ? c.reserve + "px" : "";
      c.order.forEach(function (id) {
        var at = c.current.indexOf(id);
        c.node[id].hidden = at < 0 || id === c.roomId;
        c.node[id].style.order = at < 0 ? "" : String(at);
      });
    }

    /* Show `page` in `c`; its clock starts now. A card too tall even at the smallest type gets
     * room (`mode` "any": from any neighbour, at the start; "read": from one whose page has been
     * up 8 s), else ("scroll", or no neighbour free) it moves within its turn. */
    function commit(c, page, mode) {
      if (c.scroll) { unscroll(c.scroll); c.scroll = null; }
      if (!c.room && !c.coveredBy && allFit(c)) {
        // Everything fits: all of it, the page's cards first (a new one at the top).
        page = { ids: page.ids.concat(c.order.filter(function (id) { return page.ids.indexOf(id) < 0; })), tall: false };
        c.done = {};
      }
      if (page.tall && c.big[page.ids[0]] && mode !== "scroll" && !c.coveredBy &&
          giveRoom(c, page.ids[0], pending(c).concat(page.ids.slice(1)), mode === "any")) return;
      c.current = page.ids;
      if (c.roomId && c.current.indexOf(c.roomId) < 0) c.roomId = null;
      display(c);
      var dwell = MIN_DWELL + (reading(c, page.ids) - MIN_DWELL) * c.f;
      if (page.tall) {
        var node = c.node[page.ids[0]];
        if (!OS.wallShrink(node, c.avail)) {
          node.style.fontSize = OS.wallMinFont() + "px";
          dwell = Math.max(dwell, reading(c, page.ids) + 4000);
          P.scrollWithin(c, node, dwell, still);
        }
      }
      c.dwell = dwell;
      c.shownAt = now();
      label(c);
    }

    /* The big card `id` across `c` and a neighbour, `c`'s next cards (from `rest`) below it; the
     * neighbour turns now, below it too. False if no neighbour is free. */
    function giveRoom(c, id, rest, any, strict) {
      var shared = room.take(c, c.node[id], any, strict);
      if (!shared) return false;
      c.current = [];
      c.roomId = id;
      var below = build(c, rest.filter(function (other) { return other !== id; }));
      commit(c, { ids: [id].concat(below.ids), tall: false }, "scroll");
      shared.forEach(function (o) {
        if (!o.order.length || o.fading) return;
        if (any || now() - o.shownAt < MIN_DWELL) commit(o, refit(o), "scroll"); else turn(o);
      });
      return true;
    }

    /* The next cards of the round (a new round when all have been shown). */
    function nextIds(c) {
      var rest = pending(c);
      if (!rest.length) { c.done = {}; c.current = []; rest = c.order.slice(); }
      return rest;
    }

    /* The columns beside `c` in its row. */
    function beside(c) {
      var per = Math.max(1, opts.perRow());
      var first = Math.floor(c.index / per) * per;
      return cols.slice(first, first + per).filter(function (o) { return Math.abs(o.index - c.index) === 1; });
    }

    /* Will a neighbour be free to share within WAIT? */
    function soon(c) {
      return beside(c).some(function (o) {
        return !o.room && !o.coveredBy && MIN_DWELL - (now() - o.shownAt) <= WAIT;
      });
    }

    /* Is `c`'s next page a card that needs room? */
    function wantsRoom(c) {
      if (c.coveredBy || !c.order.length) return false;
      var rest = pending(c);
      if (!rest.length) rest = c.order;
      var page = build(c, rest);
      return page.tall && !!c.big[page.ids[0]];
    }

    /* A neighbour's big card is due within WAIT: `c` waits for it, to share its top then. */
    function giveWay(c, t) {
      if (t - c.shownAt >= c.dwell + WAIT || wantsRoom(c)) return false;
      return beside(c).some(function (o) {
        return !o.room && !o.fading && o.dwell - (t - o.shownAt) <= WAIT && wantsRoom(o);
      });
    }

    /* Turn to the next page, with a short fade. A card that needs room gets it now if a
     * neighbour's page has been read; else the other cards go first and it waits. */
    function turn(c) {
      if (c.room) { room.drop(c); c.roomId = null; }
      if (c.flashId) { var flash = c.flashId; c.flashId = null; if (c.node[flash]) { jump(c, flash); return; } }
      var done = {};
      Object.keys(c.done).forEach(function (id) { done[id] = true; });
      c.current.forEach(function (id) { done[id] = true; });
      var rest = c.order.filter(function (id) { return !done[id]; });
      if (!rest.length) { done = {}; rest = c.order.slice(); }
      var page = build(c, rest);
      if (page.tall && c.big[page.ids[0]]) {
        // Room now if a neighbour's page has been read and it has a card for below the room;
        // else the other cards first; with only big ones left, any neighbour that is free.
        var others = rest.filter(function (id) { return !c.big[id]; });
        if (!c.coveredBy && room.possible(c, c.node[page.ids[0]], others.length > 0)) {
          c.done = done;
          c.current = [];
          if (giveRoom(c, page.ids[0], rest, false, others.length > 0)) return;
        }
        if (!c.coveredBy && soon(c)) return; // a neighbour's page is nearly read: wait for it
        if (!others.length) return; // only big ones left: wait for a neighbour
        rest = others;
      }
      c.done = done;
      c.current = [];
      fade(c, function () {
        var page = build(c, rest.filter(function (id) { return c.node[id] && !c.done[id]; }));
        if (!page.ids.length) page = build(c, nextIds(c));
        var flash = c.flashId;
        c.flashId = null;
        if (flash && c.node[flash]) { c.current = page.ids; jump(c, flash); } else commit(c, page, "read");
      });
    }

    /* The list fades out, `swap` changes the page, it fades in (at once when still). */
    function fade(c, swap) {
      if (still) { swap(); return; }
      c.fading = true;
      c.list.classList.add("is-turning");
      w.setTimeout(function () {
        c.fading = false;
        swap();
        c.list.classList.remove("is-turning");
      }, FADE);
    }

    /* A new card flashes in at the top of the page on screen; cards that no longer fit below
     * it come on the next page. */
    function jump(c, id) {
      delete c.done[id];
      var top = roomAbove(c), cap = c.avail - top;
      if (top && c.height[id] > cap + 0.5) { c.flashId = id; return; } // after the room
      var ids = [id].concat(c.current.filter(function (other) { return other !== id && c.node[other]; }));
      var page = [], h = 0;
      ids.forEach(function (other, i) {
        var add = c.height[other] + (i ? c.gap : 0);
        if (!i || (h + add <= cap + 0.5 && page.length === i)) { page.push(other); h += add; }
      });
      commit(c, { ids: page, tall: c.height[id] > c.avail + 0.5 }, "read");
      OS.flash(c.node[id]);
      var copy = room.card(c);
      if (copy && copy.getAttribute("data-id") === id) OS.flash(copy);
    }

    /* The page on screen again after a change: its cards still there, as many as fit. */
    function refit(c) {
      var ids = c.current.filter(function (id) { return c.node[id] && id !== c.roomId; });
      if (!ids.length && !c.roomId) return build(c, nextIds(c));
      var cap = c.avail - roomAbove(c), page = [], h = 0;
      for (var i = 0; i < ids.length; i++) {
        var add = c.height[ids[i]] + (page.length ? c.gap : 0);
        if (h + add > cap + 0.5 && (page.length || roomAbove(c))) break;
        page.push(ids[i]);
        h += add;
      }
      if (c.roomId) page.unshift(c.roomId);
      return { ids: page, tall: !c.roomId && page.length > 0 && c.height[page[0]] > c.avail + 0.5 };
    }

    /* ---------- the clock ---------- */

    var clock = w.setInterval(function () {
      var t = now();
      if (held()) {
        cols.forEach(function (c) { c.shownAt += t - lastTick; });
        lastTick = t;
        return;
      }
      lastTick = t;
      var due = cols.filter(function (c) {
        // The cheap tests first: allFit builds the column's pages.
        return !c.fading && c.order.length && t - c.shownAt >= c.dwell && (c.room || c.scroll || !allFit(c));
      });
      // Cards that need room first, so a neighbour due now shares instead of turning alone.
      due.sort(function (a, b) { return wantsRoom(b) - wantsRoom(a) || a.index - b.index; });
      due.forEach(function (c) { if (!c.fading && t - c.shownAt >= c.dwell && !giveWay(c, t)) turn(c); });
    }, TICK);

    /* ---------- what projector.js calls ---------- */

    /* The column's cards (ordered <li>s with data-id) changed; `flashId`: a new card. The page
     * on screen keeps its cards and its clock. */
    function show(themeId, nodes, flashId) {
      var c = byId[String(themeId)];
      if (!c) return;
      c.list.textContent = "";
      c.order = [];
      c.node = {};
      nodes.forEach(function (node) {
        var id = node.getAttribute("data-id");
        c.order.push(id);
        c.node[id] = node;
        c.list.appendChild(node);
      });
      measure(c);
      var first = !c.shown;
      c.shown = true;
      var flash = flashId !== undefined && flashId !== null && c.node[String(flashId)] ? String(flashId) : null;
      if (flash && (c.room || c.fading)) c.flashId = flash;
      else if (flash) { jump(c, flash); return; }
      if (c.fading) { label(c); return; }
      var since = c.shownAt, dwell = c.dwell;
      if (c.room && !(c.node[c.roomId] && room.reuse(c, c.node[c.roomId]))) {
        room.drop(c);
        c.roomId = null;
      }
      var had = c.current.length;
      commit(c, refit(c), first ? "any" : "read");
      if (had) { c.shownAt = since; c.dwell = Math.max(dwell, c.dwell); }
    }

    /* Everything from the first page (a new sort or filter), or the pages on screen measured
     * again (a resize, a title that wraps differently). */
    function reset(fromStart) {
      cols.forEach(function (c) { if (c.room) room.drop(c); c.roomId = null; });
      cols.forEach(function (c) {
        c.reserve = 0;
        c.list.style.paddingTop = "";
        measure(c);
        if (fromStart) { c.done = {}; c.current = []; c.flashId = null; }
      });
      cols.forEach(function (c) { if (!c.coveredBy && !c.room) commit(c, refit(c), "any"); });
    }

    return {
      setColumns: setColumns,
      show: show,
      reset: function () { reset(true); },
      relayout: function () { reset(false); },
      setPaused: function (on) { paused = !!on; },
      stop: function () { w.clearInterval(clock); }
    };
  };
})(window, document, window.OpenSpace);
