/* openspace: the projector view (templates/projector.html). One column per theme, no page scroll. */
(function (w, d, OS) {
  "use strict";

  var ws = OS.page.workshop || {};
  var wid = String(ws.id);
  var base = "/api/v1/workshops/" + encodeURIComponent(wid);
  var KEY = "openspace.facilitator." + wid;
  var PER_COLUMN = 40; // more than fits: the rest is cut off below the fade anyway

  var fromHash = OS.takeHashToken();
  if (fromHash) OS.store.set(KEY, fromHash);
  var token = OS.store.get(KEY) || OS.store.get("openspace.organiser");

  var columns = {};   // theme id -> {col, list}
  var cards = {};     // id -> card (visible ones only)
  var live = null;
  var loaded = false;

  Array.prototype.forEach.call(d.querySelectorAll(".pj-col[data-theme]"), function (col) {
    columns[col.getAttribute("data-theme")] = { col: col, list: col.querySelector(".pj-cards") };
  });

  function authMissing() {
    OS.$("auth-missing").hidden = false;
    OS.$("conn").hidden = true;
  }

  if (!token) { authMissing(); return; }

  /* The kind icon stays on the line of the first word: U+2060 WORD JOINER forbids a break
   * after the icon, and overflow-wrap still breaks a word too long for the column. */
  function leadIn(kind, text) {
    return [OS.el("span", { class: "sr-only", text: OS.kindLabel(kind) + ": " }), OS.icon(kind, "pj-card__icon"),
      "\u2060" + text];
  }

  function cardNode(card) {
    var kind = OS.kinds.indexOf(card.kind) >= 0 ? card.kind : "idea";
    var children = [
      OS.el("p", { class: "pj-card__text" }, leadIn(kind, card.text || ""))
    ];
    var a = card.author || {};
    if (a.name || a.role === "facilitator" || a.role === "organiser") {
      children.push(OS.el("p", { class: "pj-card__by", text: OS.authorName(card) }));
    }
    return OS.el("li", { class: "pj-card pj-card--" + kind, "data-id": card.id }, children);
  }

  function renderColumn(themeId, flashId) {
    var column = columns[themeId];
    if (!column) return;
    var list = Object.keys(cards)
      .map(function (id) { return cards[id]; })
      .filter(function (c) { return String(c.theme_id) === themeId; })
      .sort(function (a, b) { return (Number(b.seq) || 0) - (Number(a.seq) || 0); })
      .slice(0, PER_COLUMN);
    var frag = d.createDocumentFragment();
    list.forEach(function (card) {
      var li = cardNode(card);
      if (flashId !== undefined && String(card.id) === flashId) OS.flash(li);
      frag.appendChild(li);
    });
    column.list.textContent = "";
    column.list.appendChild(frag);
    markOverflow(column);
  }

  function markOverflow(column) {
    w.requestAnimationFrame(function () {
      column.col.classList.toggle("is-overflowing", column.list.scrollHeight > column.list.clientHeight + 2);
    });
  }

  function renderAll() {
    Object.keys(columns).forEach(function (id) { renderColumn(id); });
  }

  function upsert(card, isNew) {
    if (!card || card.id === undefined || card.id === null) return;
    var id = String(card.id);
    var prev = cards[id];
    if (card.hidden) delete cards[id];
    else cards[id] = card;
    if (prev && String(prev.theme_id) !== String(card.theme_id)) renderColumn(String(prev.theme_id));
    renderColumn(String(card.theme_id), isNew && loaded ? id : undefined);
  }

  function removeCard(id) {
    id = String(id);
    var prev = cards[id];
    delete cards[id];
    if (prev) renderColumn(String(prev.theme_id));
  }

  function onEvent(evt) {
    var data = evt.data || {};
    switch (evt.type) {
      case "card.created": upsert(data, true); break;
      case "card.updated":
      case "card.hidden":
      case "card.restored": upsert(data, false); break;
      case "card.deleted": removeCard(data.id); break;
      default: break;
    }
  }

  var resizeTimer = null;
  w.addEventListener("resize", function () {
    if (resizeTimer) w.clearTimeout(resizeTimer);
    resizeTimer = w.setTimeout(function () {
      Object.keys(columns).forEach(function (id) { markOverflow(columns[id]); });
    }, 200);
  });

  function showBoard(data) {
    cards = {};
    (data.cards || []).forEach(function (card) { if (!card.hidden) cards[String(card.id)] = card; });
    renderAll();
    loaded = true;
  }

  function fetchBoard() {
    return OS.api("GET", base, token).then(function (data) {
      showBoard(data);
      return Number(data.seq) || 0;
    });
  }

  var delay = 2000;
  function load() {
    OS.api("GET", base, token).then(function (data) {
      showBoard(data);
      if (live) { live.resync(); return; }
      live = OS.live({
        workshopId: wid,
        seq: Number(data.seq) || 0,
        token: function () { return token; },
        onEvent: onEvent,
        onStatus: OS.showStatus,
        onPresence: function (n) { OS.setText("presence", OS.tn("presence.connected", n)); },
        reload: fetchBoard,
        onRefused: function () {
          return OS.api("GET", base, token).then(function () { return true; }, function (e) {
            if (e.status === 401 || e.status === 403 || e.status === 404) { authMissing(); return false; }
            return true;
          });
        }
      });
    }, function (e) {
      if (e.status === 401 || e.status === 403) { authMissing(); return; }
      OS.showStatus(e.status === 0 ? "offline" : "reconnecting");
      w.setTimeout(load, delay);
      delay = Math.min(30000, delay * 2);
    });
  }

  OS.showStatus("connecting");
  load();
})(window, document, window.OpenSpace);
