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
      case "plenary.created": if (loaded) showPlenary(data.number); refreshSchedule(); break;
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

  /* ---------- countdown to the next plenary ---------- */
  var nextPlenaryAt = null;
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tickCountdown() {
    var box = OS.$("countdown");
    if (!nextPlenaryAt) { box.hidden = true; return; }
    var left = Math.round((nextPlenaryAt - Date.now()) / 1000);
    box.hidden = false;
    if (left <= 0) { box.textContent = OS.t("countdown.now"); return; }
    var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), sec = left % 60;
    box.textContent = OS.t("countdown.next", { time: (h ? h + ":" + pad(m) : m) + ":" + pad(sec) });
  }
  function setSchedule(data) {
    nextPlenaryAt = data.next_plenary_at ? Date.parse(data.next_plenary_at) : null;
    tickCountdown();
  }
  function refreshSchedule() {
    w.setTimeout(function () { OS.api("GET", base, token).then(setSchedule, function () {}); }, 1500);
  }
  w.setInterval(tickCountdown, 1000);

  /* ---------- plenary mode: the summary in large type, then back to the board ---------- */
  var PLENARY_SECONDS = 180;
  var plenaryTimer = null;
  function hidePlenary() {
    OS.$("plenary").hidden = true;
    if (plenaryTimer) w.clearTimeout(plenaryTimer);
  }
  function showPlenary(number) {
    OS.api("GET", base + "/plenaries/" + encodeURIComponent(number), token).then(function (p) {
      var s = p.summary || {};
      var counts = s.counts || {};
      OS.setText("plenary-heading", OS.t("plenary.title", { number: s.number }));
      OS.setText("plenary-window", OS.t("plenary.window", { start: s.starts_local, end: s.ends_local }));
      OS.setText("plenary-counts", counts.cards ? OS.t("plenary.counts",
        { cards: counts.cards, people: counts.participants_posting }) : OS.t("plenary.nothing"));
      OS.$("plenary-note").hidden = !s.note;
      OS.setText("plenary-note-text", s.note || "");
      var themes = OS.$("plenary-themes");
      themes.textContent = "";
      (s.themes || []).forEach(function (theme) {
        var items = [];
        OS.kinds.forEach(function (kind) {
          (theme[kind] || []).forEach(function (c) {
            items.push(OS.el("li", { class: "pj-card pj-card--" + kind }, leadIn(kind, c.text || "")));
          });
        });
        if (!items.length) return;
        themes.appendChild(OS.el("section", { class: "pj-plenary__theme" }, [
          OS.el("h3", { text: theme.title }), OS.el("ul", { class: "pj-plenary__cards" }, items)
        ]));
      });
      OS.$("plenary").hidden = false;
      OS.$("plenary-close").focus();
      if (plenaryTimer) w.clearTimeout(plenaryTimer);
      plenaryTimer = w.setTimeout(hidePlenary, PLENARY_SECONDS * 1000);
    }, function () {});
  }
  OS.$("plenary-close").addEventListener("click", hidePlenary);
  d.addEventListener("keydown", function (e) { if (e.key === "Escape") hidePlenary(); });

  function showBoard(data) {
    setSchedule(data);
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
