/* openspace: the projector view (templates/projector.html). One column per theme, no page scroll.
 * The wall in a public room: it connects as the "projector" view, so the server sends it
 * only what everyone may see (no pending cards, no contact details), and it also drops
 * hidden and pending cards from the board it loads. */
(function (w, d, OS) {
  "use strict";

  var ws = OS.page.workshop || {};
  var wid = String(ws.id);
  var base = "/api/v1/workshops/" + encodeURIComponent(wid);
  var boardPath = base + "?view=projector"; // the board as everyone sees it
  var KEY = "openspace.facilitator." + wid;
  var VIEW = "projector";

  var fromHash = OS.takeHashToken();
  if (fromHash) OS.store.set(KEY, fromHash);
  // The candidates, best first; OS.pageStart (below) settles on the first that works here.
  var tokens = [fromHash, OS.store.get(KEY), OS.store.get("openspace.organiser")];
  var token = tokens.filter(Boolean)[0] || null;

  var themes = ws.themes || [];
  var columns = {};   // theme id -> {col, list, count}
  /* The board store (static/js/board_store.js) keeps what the wall may show (no hidden or
   * pending cards: it is no moderator) and applies the events; the columns follow it. */
  var store = OS.boardStore({ moderates: false });
  var cards = store.cards;  // id -> card (the store's map, kept in place across loads)
  OS.projectorBoard = store;  // for the browser tests
  var drawn = {};           // id -> {theme_id, pinned}: where a card was drawn, for moves
  var spotlightId = null;
  /* What the facilitator has the wall show (services/projector.py): order, filters, pause. */
  var view = { sort: "newest", theme_id: null, kind: null, goal: null, paused: false };
  var page = null;    // OS.pageStart: the token, the loads, the live connection
  var loaded = false;

  function authMissing() {
    OS.$("auth-missing").hidden = false;
    OS.$("conn").hidden = true;
  }

  /* The workshop was deleted: say so and stop asking the server (as the phone does). */
  var isGone = false;
  function gone() {
    isGone = true;
    if (page && page.live()) page.live().stop();
    if (pager) pager.stop();  // nothing left to turn
    OS.showStatus("gone");
  }

  if (!token) { authMissing(); return; }

  var draw = OS.projectorCards({
    cards: function () { return cards; },
    links: function () { return store.links; },
    bySupport: function () { return view.sort === "support"; }
  });
  var leadIn = draw.leadIn;
  var overlays = OS.projectorOverlays({ base: base, board: boardPath, token: function () { return token; }, leadIn: leadIn });
  var slides = OS.projectorSlides({ base: base, token: function () { return token; }, leadIn: leadIn });
  var perRow = 1;
  var pager = OS.wallPager({
    box: OS.$("columns"),
    perRow: function () { return perRow; },
    label: function (first, last, total) {
      return last === null ? OS.t("pj.page_one", { first: first, total: total })
        : OS.t("pj.page", { first: first, last: last, total: total });
    },
    allShown: function (n) { return OS.tn("pj.cards", n); },
    roomTitle: function (id) {
      var title = "";
      themes.forEach(function (t) { if (String(t.id) === String(id)) title = t.title; });
      return title;
    }
  });

  function onWall(card) { return card && !card.hidden && !card.pending; }

  /* ---------- columns: built from the themes, rebuilt when they change ---------- */

  /* The facilitator may show one theme only. */
  function shownThemes() {
    var one = themes.filter(function (t) { return String(t.id) === String(view.theme_id); });
    return one.length ? one : themes;
  }

  function buildColumns() {
    var box = OS.$("columns");
    var themes = shownThemes();
    var n = themes.length;
    perRow = columnsPerRow(n);
    box.className = "pj-cols cols-" + perRow;
    box.style.gridTemplateColumns = "repeat(" + perRow + ", minmax(0, 1fr))";
    // Each column is title, count and cards on the grid's rows, so the heads line up.
    box.style.gridTemplateRows = "repeat(" + Math.max(1, Math.ceil(n / perRow)) + ", auto auto minmax(0, 1fr))";
    box.textContent = "";
    columns = {};
    var list = themes.map(function (theme, i) {
      var cards = OS.el("ul", { class: "pj-cards" });
      var count = OS.el("p", { class: "pj-col__count" });
      var col = OS.el("section", { class: "pj-col", "data-theme": theme.id, "aria-labelledby": "pj-col-" + (i + 1) }, [
        OS.el("h2", { class: "pj-col__title", id: "pj-col-" + (i + 1), text: theme.title }), count, cards
      ]);
      columns[String(theme.id)] = { col: col, list: cards, count: count };
      box.appendChild(col);
      return { id: theme.id, col: col, list: cards, count: count };
    });
    fitTitles();
    pager.setColumns(list);
  }

  /* As many columns side by side as are at least MIN_COLUMN wide (a line of a card holds
   * a few words), in up to three rows: 4 themes are 4 columns at 1920×1080 and 1280×720,
   * 9 themes 3 × 3 at 1280×720. */
  var MIN_COLUMN = 11; // rem
  function columnsPerRow(n) {
    var box = OS.$("columns");
    var rem = parseFloat(w.getComputedStyle(d.documentElement).fontSize) || 20;
    var gap = parseFloat(w.getComputedStyle(box).columnGap) || 0;
    var fit = Math.max(1, Math.floor((box.clientWidth + gap) / (MIN_COLUMN * rem + gap)));
    var rows = Math.min(3, Math.ceil(n / Math.min(Math.max(n, 1), fit)));
    return Math.max(1, Math.ceil(n / rows));
  }

  /* Long titles wrap onto two lines, then shrink to the wall's smallest type; never cut. */
  function fitTitles() {
    OS.fitText(d.querySelector(".pj-title"), 2);
    Object.keys(columns).forEach(function (id) { OS.fitText(columns[id].col.querySelector(".pj-col__title"), 2); });
  }

  function setLocked(state) { OS.$("pj-locked").hidden = state !== "locked"; }

  function renderColumn(themeId, flashId) {
    var column = columns[themeId];
    if (!column) return;
    var list = Object.keys(cards)
      .map(function (id) { return cards[id]; })
      .filter(function (c) {
        return String(c.theme_id) === themeId && (!view.kind || c.kind === view.kind) &&
          (!view.goal || (c.sdgs || []).indexOf(Number(view.goal)) >= 0);
      })
      .sort(draw.order);
    pager.show(themeId, list.map(draw.node), flashId);
  }

  function renderAll() {
    Object.keys(columns).forEach(function (id) { renderColumn(id); });
  }

  /* The facilitator changed what the wall shows (live, or the state at load): the same on
   * every projector of the workshop, and again after a reload. */
  function applyProjector(state) {
    if (!state) return;
    var before = view;
    view = { sort: state.sort || "newest", theme_id: state.theme_id || null, kind: state.kind || null,
      goal: state.goal || null, paused: !!state.paused };
    d.documentElement.setAttribute("data-paused", view.paused ? "true" : "false");
    OS.setText("pj-sort", OS.t(view.sort === "support" ? "pj.sort_support" : "pj.sort_newest"));
    pager.setPaused(view.paused);
    slides.show(state.plenary || null);
    if (!loaded) return;
    if (before.theme_id !== view.theme_id) { buildColumns(); renderAll(); pager.relayout(); return; }
    if (before.sort !== view.sort || before.kind !== view.kind || before.goal !== view.goal) {
      renderAll();
      pager.reset();
    }
  }

  function upsert(card, isNew) {
    if (!card || card.id === undefined || card.id === null) return;
    var id = String(card.id);
    var prev = drawn[id];
    if (onWall(card)) { cards[id] = card; drawn[id] = { theme_id: card.theme_id, pinned: card.pinned }; }
    else { delete cards[id]; delete drawn[id]; }
    if (prev && String(prev.theme_id) !== String(card.theme_id)) renderColumn(String(prev.theme_id));
    // A new card, or one just pinned, comes in at the top of its column's page at once.
    var comesIn = loaded && onWall(card) && (isNew || (card.pinned && !(prev && prev.pinned)));
    renderColumn(String(card.theme_id), comesIn ? id : undefined);
    if (id === spotlightId) overlays.spotlight(cards[id] || null);
    if (card.kind === "actor") renderAll(); // its name may stand under other cards
  }

  function removeCard(id) {
    id = String(id);
    var prev = drawn[id];
    delete cards[id];
    delete drawn[id];
    if (prev) renderColumn(String(prev.theme_id));
    if (id === spotlightId) overlays.spotlight(null);
  }

  function setCount(cardId, field, value) {
    var card = cards[String(cardId)];
    if (!card || typeof value !== "number") return;
    card[field] = value;
    renderColumn(String(card.theme_id));
  }

  function setSpotlight(id, card) {
    spotlightId = id ? String(id) : null;
    overlays.spotlight(spotlightId ? (cards[spotlightId] || (onWall(card) ? card : null)) : null);
  }

  /* The store's changes, drawn: cards, counts, links, themes, the facilitator's choices. */
  store.on(function (change, evt) {
    if (!evt) return;  // a fresh load: showBoard draws it all
    switch (change.what) {
      case "card":
        if (change.count) setCount(change.id, change.count, change.value[change.count]);
        else if (change.value) upsert(change.value, change.isNew || evt.type === "card.approved");
        else removeCard(change.id);
        break;
      case "link": renderAll(); break;
      case "themes": themes = change.value.slice(); buildColumns(); renderAll(); pager.relayout(); break;
      case "projector": applyProjector(change.value); break;
      case "gone": gone(); break;
      default: break;
    }
  });

  /* Every event goes to the store; what is the wall's own (spotlight, timer, schedule) here. */
  function onEvent(evt) {
    var data = evt.data || {};
    store.apply(evt);
    switch (evt.type) {
      case "workshop.spotlight": setSpotlight(data.card_id, data.card); break;
      case "timer.started": overlays.setTimer(data); break;
      case "timer.stopped": overlays.setTimer(null); break;
      case "workshop.updated": workshopUpdated(data); break;
      case "plenary.created": overlays.refreshSchedule(); break; // projector.updated shows it
      default: break;
    }
  }

  /* Lock, a new title, a new schedule: what the wall shows of the workshop itself. */
  function workshopUpdated(data) {
    if (data.next_plenary_at !== undefined) overlays.setSchedule(data);
    if (data.state !== undefined) setLocked(data.state);
    if (data.wifi_name !== undefined) {  // the organiser edits the day's details live
      OS.setText("pj-wifi-name", data.wifi_name);
      OS.$("pj-wifi").hidden = !data.wifi_name;
    }
    if (data.title) {
      OS.setText(d.querySelector(".pj-title"), data.title);
      fitTitles();
      pager.relayout();
    }
  }

  var resizeTimer = null;
  w.addEventListener("resize", function () {
    if (resizeTimer) w.clearTimeout(resizeTimer);
    resizeTimer = w.setTimeout(function () {
      if (columnsPerRow(shownThemes().length) !== perRow) { buildColumns(); renderAll(); return; }
      fitTitles();
      pager.relayout();
    }, 200);
  });

  function showBoard(data) {
    OS.serverClock(data.server_time);
    loaded = false;  // the state below comes with the board: no second layout
    applyProjector(data.projector);
    overlays.setSchedule(data);
    overlays.setTimer(data.timer);
    setLocked(data.state);
    if (data.themes) { themes = data.themes; buildColumns(); }
    store.load(data);
    drawn = {};
    Object.keys(cards).forEach(function (id) { drawn[id] = { theme_id: cards[id].theme_id, pinned: cards[id].pinned }; });
    renderAll();
    setSpotlight(data.spotlight_card_id, null);
    loaded = true;
  }

  /* Start-up (static/js/page_start.js): the token, the board with back-off, refusals
   * (a deleted workshop: gone; a token it does not know: no access), then the live wall. */
  OS.showStatus("connecting");
  page = OS.pageStart({
    path: boardPath,
    tokens: tokens,
    keep: function (t) { token = t; },
    onBoard: showBoard,
    refused: function (e) { if (e && e.status === 404) gone(); else authMissing(); },
    live: {
      workshopId: wid,
      view: VIEW,
      onEvent: onEvent,
      onStatus: OS.showStatus,
      onPresence: function (n) { OS.setText("presence", OS.tn("presence.connected", n)); }
    }
  });
})(window, document, window.OpenSpace);
