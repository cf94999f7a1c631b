/* openspace: the participant's phone page (templates/participant.html). */
(function (w, d, OS) {
  "use strict";

  var ws = OS.page.workshop || {};
  var wid = String(ws.id);
  // Field limits come from the server (GET …/workshops/{id} "limits"; the page has them first).
  var maxText = Number((OS.page.limits || {}).card_text) || Number(OS.page.max_text);
  var base = "/api/v1/workshops/" + encodeURIComponent(wid);
  var KEY_ME = "openspace.participant." + wid;
  var KEY_OUT = "openspace.outbox." + wid;
  var KEY_DRAFT = "openspace.draft." + wid;
  // Codes worth sending again later: the server's (limits, failures) and "network" (common.js).
  var RETRY_CODES = { rate_limited: 1, internal: 1, network: 1, unavailable: 1 };

  OS.statusKeys.offline = "status.offline_phone";
  var themeTitles = OS.themeTitles(ws.themes);
  var me = OS.store.get(KEY_ME);          // {participant_id, token, name, name_saved}
  var outbox = OS.store.get(KEY_OUT);     // [{client_id, kind, theme_id, text, at}]
  if (!Array.isArray(outbox)) outbox = [];
  var live = null;
  var loaded = false;
  /* The board (static/js/board_store.js): cards, comments, links, settings, events. */
  var board = OS.boardStore({ own: function () { return me ? me.participant_id : null; } });
  OS.board = board;
  var cards = board.cards;  // id -> card (the store's map, kept in place)
  var nodes = {};      // id -> <li>
  var pending = {};    // client_id -> <li> (sending or failed)
  var inflight = {};   // client_id -> true
  var attempts = {};   // client_id -> number of tries
  var timers = {};     // client_id -> retry timer
  var filter = { theme: "", kind: "", sdg: "" };

  var form = OS.$("compose");
  var themeSel = OS.$("theme");
  var textArea = OS.$("text");
  var textLabel = OS.$("text-label");
  var nameInput = OS.$("name");
  var list = OS.$("cards");
  var empty = OS.$("empty");
  var countNode = OS.$("count");
  var counterBox = OS.$("counter");
  var orgInput = OS.$("organisation");
  var sdgBox = form.querySelector(".sdg-list");

  /* Support, "Jeg er med", comments, links, editing: static/js/participation.js. */
  var P = OS.participation({
    base: base,
    board: board,
    goals: OS.page.sdgs,
    token: function () { return me ? me.token : ""; },
    myId: function () { return me ? me.participant_id : null; },
    myName: function () { return me ? me.name : ""; },
    card: function (id) { return cards[id]; },
    allCards: function () { return cards; },
    update: function (card) { upsert(card, false); },
    remove: function (id) { removeCard(id, true); },
    locked: function () { return locked; },
    posted: function (item) { notify("onOwnPost", item); }
  });

  /* ---------- participant identity ---------- */

  /* This browser's id, kept for every workshop: the server counts joins per browser, so
   * one phone cannot mint identities, while a whole room behind one address still joins. */
  var KEY_DEVICE = "openspace.device";
  function deviceId() {
    var id = OS.store.get(KEY_DEVICE);
    if (typeof id === "string" && /^[A-Za-z0-9_-]{16,64}$/.test(id)) return id;
    id = OS.uuid();
    OS.store.set(KEY_DEVICE, id);
    return id;
  }

  /* The server refused the name (a role's, such as "Facilitator"): say so at the field. */
  function isNameRefused(e) { return !!(e && e.status === 400 && e.field === "name"); }
  function nameRefused(e) {
    nameInput.setAttribute("aria-invalid", "true");
    OS.say("name-status", e.message, "error");
  }

  var joining = null;
  function join() {
    if (joining) return joining;
    joining = joinAs(nameInput.value.trim()).then(function (joined) {
      joining = null;
      return joined;
    }, function (e) {
      joining = null;
      throw e;
    });
    return joining;
  }

  function joinAs(name) {
    var body = { join_code: ws.join_code, device: deviceId() };
    if (name) body.name = name;
    return OS.api("POST", base + "/participants", null, body).then(function (r) {
      me = { participant_id: String(r.participant_id), token: r.token, name: name, name_saved: true };
      OS.store.set(KEY_ME, me);
      return me;
    }, function (e) {
      if (!name || !isNameRefused(e)) throw e;
      nameRefused(e); // join without it; the name is tried again once changed
      return joinAs("");
    });
  }

  function forgetMe() {
    me = null;
    OS.store.remove(KEY_ME);
  }

  /* Save the optional name (PATCH participants/me); the card's author name comes from it. */
  function saveName() {
    var name = nameInput.value.trim();
    if (!me || !me.token) return Promise.resolve();
    if (me.name === name && me.name_saved) return Promise.resolve();
    me.name = name;
    me.name_saved = false;
    OS.store.set(KEY_ME, me);
    return OS.api("PATCH", base + "/participants/me", me.token, { name: name }).then(function () {
      if (me && me.name === name) {
        me.name_saved = true;
        OS.store.set(KEY_ME, me);
      }
    }, function (e) {
      if (isNameRefused(e)) nameRefused(e);
      /* otherwise tried again before the next card and on reconnect */
    });
  }

  /* ---------- drafts and the outbox ---------- */

  function checkedKind() {
    var node = form.querySelector("input[name=kind]:checked");
    return node ? node.value : "idea";
  }

  function saveDraft() {
    OS.store.set(KEY_DRAFT, { text: textArea.value, theme_id: themeSel.value, kind: checkedKind() });
  }

  function restoreDraft() {
    var draft = OS.store.get(KEY_DRAFT);
    if (!draft) return;
    if (draft.theme_id && themeSel.querySelector('option[value="' + cssEscape(draft.theme_id) + '"]')) {
      themeSel.value = draft.theme_id;
    }
    if (draft.kind) setKind(draft.kind);
    if (typeof draft.text === "string") textArea.value = draft.text.slice(0, maxText);
  }

  function cssEscape(value) {
    return w.CSS && w.CSS.escape ? w.CSS.escape(String(value)) : String(value).replace(/["\\]/g, "\\$&");
  }

  function setKind(kind) {
    var radio = OS.$("kind-" + kind);
    if (radio) radio.checked = true;
    kindChanged();
  }

  function kindChanged() {
    var kind = checkedKind();
    textLabel.textContent = OS.t("form.text_label." + kind);
    textArea.placeholder = OS.t("form.placeholder." + kind);
    OS.$("organisation-field").hidden = kind !== "actor";
  }

  function saveOutbox() { OS.store.set(KEY_OUT, outbox); }
  function inOutbox(cid) { return outbox.some(function (i) { return i.client_id === cid; }); }
  function removeFromOutbox(cid) {
    outbox = outbox.filter(function (i) { return i.client_id !== cid; });
    saveOutbox();
    if (timers[cid]) { w.clearTimeout(timers[cid]); delete timers[cid]; }
    delete attempts[cid];
  }

  /* ---------- sending ---------- */

  function send(item) {
    var cid = item.client_id;
    if (inflight[cid] || !inOutbox(cid)) return;
    if (!me || !me.token) return; // flushed once we have joined
    inflight[cid] = true;
    var body = { client_id: cid, kind: item.kind, theme_id: item.theme_id, text: item.text };
    if (item.sdgs && item.sdgs.length) body.sdgs = item.sdgs;
    if (item.organisation) body.organisation = item.organisation;
    var socket = live && live.socket;
    if (socket && socket.connected) {
      socket.timeout(8000).emit("card:create", body, function (err, ack) {
        inflight[cid] = false;
        if (err) { retryLater(item); return; }
        handleAck(item, ack || {});
      });
    } else {
      // No socket right now: the HTTP call is idempotent on client_id too.
      OS.api("POST", base + "/cards", me.token, body).then(function (card) {
        inflight[cid] = false;
        handleAck(item, { ok: true, card: card });
      }, function (e) {
        inflight[cid] = false;
        handleAck(item, { ok: false, status: e.status, error: { code: e.code, message: e.message } });
      });
    }
  }

  function handleAck(item, ack) {
    if (ack.ok && ack.card) { delivered(item, ack.card); return; }
    var err = ack.error || {};
    var code = String(err.code || "internal");
    if (RETRY_CODES[code] || ack.status === 0 || ack.status >= 500 || /^http_5/.test(code)) {
      retryLater(item);
      return;
    }
    if (code === "unauthorized" && (attempts[item.client_id] || 0) < 5) {
      // A stale socket session or a token the server no longer knows? Ask over HTTP.
      OS.api("GET", base, me && me.token).then(function () {
        var socket = live && live.socket;
        if (socket && socket.connected) { socket.disconnect(); socket.connect(); }
        retryLater(item);
      }, function (e) {
        if (e.status === 401) {
          forgetMe();
          join().then(function () { retryLater(item); }, function () { retryLater(item); });
        } else {
          retryLater(item);
        }
      });
      return;
    }
    failed(item, err.message || OS.t("error.generic"));
  }

  function retryLater(item) {
    var cid = item.client_id;
    if (!inOutbox(cid)) return;
    var n = (attempts[cid] || 0) + 1;
    attempts[cid] = n;
    var delay = Math.min(30000, 1000 * Math.pow(2, n - 1)) + Math.floor(Math.random() * 500);
    if (timers[cid]) w.clearTimeout(timers[cid]);
    timers[cid] = w.setTimeout(function () { delete timers[cid]; send(item); }, delay);
  }

  function flush() {
    if (!me || !me.token) return;
    outbox.slice().forEach(function (item) {
      if (timers[item.client_id]) { w.clearTimeout(timers[item.client_id]); delete timers[item.client_id]; }
      send(item);
    });
  }

  function delivered(item, card) {
    removeFromOutbox(item.client_id);
    if (!card.client_id) card.client_id = item.client_id;
    upsert(card, false);
    OS.say("compose-status", OS.t(card.pending ? "form.sent_pending" : "form.sent"), "ok");
    notify("onOwnPost", card);
  }

  function failed(item, message) {
    removeFromOutbox(item.client_id);
    var old = pending[item.client_id];
    var li = pendingNode(item, message);
    pending[item.client_id] = li;
    if (old) old.replaceWith(li); else list.insertBefore(li, list.firstChild);
    refreshView();
    OS.say("compose-status", OS.t("card.failed", { message: message }), "error");
  }

  /* Put a card that could not be sent back into the form. */
  function putBack(item) {
    var li = pending[item.client_id];
    if (li) li.remove();
    delete pending[item.client_id];
    if (themeSel.querySelector('option[value="' + cssEscape(item.theme_id) + '"]')) themeSel.value = item.theme_id;
    setKind(item.kind);
    textArea.value = item.text;
    updateCounter();
    saveDraft();
    refreshView();
    textArea.focus();
  }

  /* ---------- the board ---------- */

  function isMine(card) {
    return !!(me && card.author && card.author.participant_id !== undefined &&
      String(card.author.participant_id) === String(me.participant_id));
  }

  function decorate(li, themeId, kind) {
    li.setAttribute("data-theme", themeId === undefined || themeId === null ? "" : String(themeId));
    li.setAttribute("data-kind", kind);
    return li;
  }

  function cardNode(card) {
    var mine = isMine(card);
    var li = OS.cardElement(card, { themeTitle: themeTitles[card.theme_id], extraClass: mine ? "card--mine" : "" });
    if (mine) li.querySelector(".card__kind").appendChild(OS.el("span", { class: "badge", text: OS.t("card.yours") }));
    P.decorate(li, card);
    notify("decorate", li, card);
    return decorate(li, card.theme_id, card.kind);
  }

  function pendingNode(item, failMessage) {
    var card = {
      kind: item.kind, theme_id: item.theme_id, text: item.text, created_at: item.at,
      author: { name: nameInput.value.trim() || null, role: "participant" }
    };
    var li = OS.cardElement(card, {
      themeTitle: themeTitles[item.theme_id],
      extraClass: "card--mine card--pending" + (failMessage ? " card--failed" : "")
    });
    li.removeAttribute("data-id");
    li.setAttribute("data-client", item.client_id);
    var state = failMessage
      ? OS.el("p", { class: "card__state" }, [OS.icon("alert"), OS.el("span", { text: OS.t("card.failed", { message: failMessage }) })])
      : OS.el("p", { class: "card__state" }, [OS.icon("clock"), OS.el("span", { text: OS.t("card.sending") })]);
    li.appendChild(state);
    if (failMessage) {
      var again = OS.el("button", { type: "button", class: "btn btn--small", text: OS.t("card.edit_again") });
      again.addEventListener("click", function () { putBack(item); });
      li.appendChild(again);
    }
    return decorate(li, item.theme_id, item.kind);
  }

  /* Insert a card node in seq order (newest first), below the pending ones. */
  function insertSorted(li, card) {
    var seq = Number(card.seq) || 0;
    var child = list.firstChild;
    while (child) {
      var id = child.getAttribute("data-id");
      if (id !== null && cards[id] && (Number(cards[id].seq) || 0) < seq) break;
      child = child.nextSibling;
    }
    list.insertBefore(li, child);
  }

  function upsert(card, isNew) {
    if (!card || card.id === undefined || card.id === null) return;
    var id = String(card.id);
    if (card.hidden) { removeCard(id); return; }
    if (card.client_id && pending[card.client_id]) {
      // Our own card has been stored: it leaves the outbox whether the ack has come yet or not.
      if (inOutbox(card.client_id)) removeFromOutbox(card.client_id);
      pending[card.client_id].remove();
      delete pending[card.client_id];
    }
    var old = nodes[id];
    // The card's tool buttons move into the new node; keep the keyboard focus on them.
    var focused = old && old.contains(d.activeElement) ? d.activeElement : null;
    cards[id] = card;
    var li = cardNode(card);
    nodes[id] = li;
    if (old && old.parentNode) old.replaceWith(li);
    else insertSorted(li, card);
    if (focused && focused.isConnected && d.activeElement !== focused) focused.focus({ preventScroll: true });
    if (isNew && loaded && !isMine(card)) OS.flash(li);
    refreshView();
  }

  function removeCard(id, deleted) {
    id = String(id);
    if (nodes[id]) nodes[id].remove();
    delete nodes[id];
    delete cards[id];
    P.forget(id, deleted);
    refreshView();
  }

  function renderAll(cardList) {
    list.textContent = "";
    nodes = {};
    Object.keys(cards).forEach(function (id) { delete cards[id]; });
    var frag = d.createDocumentFragment();
    Object.keys(pending).reverse().forEach(function (cid) { frag.appendChild(pending[cid]); });
    cardList
      .filter(function (c) { return c && !c.hidden && c.id !== undefined && c.id !== null; })
      .sort(function (a, b) { return (Number(b.seq) || 0) - (Number(a.seq) || 0); })
      .forEach(function (card) {
        if (card.client_id && pending[card.client_id]) {
          if (inOutbox(card.client_id)) removeFromOutbox(card.client_id);
          pending[card.client_id].remove();
          delete pending[card.client_id];
        }
        var id = String(card.id);
        cards[id] = card;
        nodes[id] = cardNode(card);
        frag.appendChild(nodes[id]);
      });
    list.appendChild(frag);
    refreshView();
  }

  function matches(li) {
    if (li.classList.contains("card--failed")) return true;
    if (filter.theme && li.getAttribute("data-theme") !== filter.theme) return false;
    if (filter.kind && li.getAttribute("data-kind") !== filter.kind) return false;
    if (filter.sdg && (li.getAttribute("data-sdgs") || "").indexOf("," + filter.sdg + ",") < 0) return false;
    // An extension may narrow the view further (participant_focus.js: the search field).
    return (extensions || []).every(function (part) { return !part.accepts || part.accepts(li); });
  }

  function refreshView() {
    var total = 0;
    var shown = 0;
    Array.prototype.forEach.call(list.children, function (li) {
      var ok = matches(li);
      li.hidden = !ok;
      if (li.hasAttribute("data-id")) {
        total += 1;
        if (ok) shown += 1;
      }
    });
    var filtered = !!(filter.theme || filter.kind || filter.sdg) ||
      (extensions || []).some(function (part) { return part.narrows && part.narrows(); });
    notify("onView", filter);
    OS.setText("board-count", !loaded ? "" : filtered
      ? OS.t("board.showing", { shown: shown, total: total })
      : OS.tn("board.count", total));
    var visible = list.querySelector("li:not([hidden])");
    if (!loaded && !visible) {
      empty.textContent = OS.t("board.loading");
      empty.hidden = false;
    } else if (!visible) {
      empty.textContent = total ? OS.t("board.no_match") : OS.t("board.empty");
      empty.hidden = false;
    } else {
      empty.hidden = true;
    }
  }

  function setupFilter(groupId, field) {
    var group = OS.$(groupId);
    if (!group) return;
    group.addEventListener("click", function (ev) {
      var btn = ev.target.closest("button[data-value]");
      if (!btn) return;
      filter[field] = btn.getAttribute("data-value");
      Array.prototype.forEach.call(group.querySelectorAll("button[data-value]"), function (b) {
        b.setAttribute("aria-pressed", b === btn ? "true" : "false");
      });
      refreshView();
    });
  }

  /* ---------- the form ---------- */

  var lastAnnounced = null;
  function updateCounter() {
    var n = textArea.value.length;
    var left = maxText - n;
    countNode.textContent = String(n);
    counterBox.classList.toggle("counter--warn", left <= 50);
    // Tell screen readers only when the limit comes close, not on every key.
    var step = left <= 0 ? 0 : left <= 10 ? 10 : left <= 50 ? 50 : null;
    if (step !== lastAnnounced) {
      lastAnnounced = step;
      OS.setText("counter-live", step === null ? "" : OS.tn("counter.left", Math.max(0, left)));
    }
  }

  function clearInvalid() {
    [themeSel, textArea].forEach(function (node) { node.removeAttribute("aria-invalid"); });
  }

  function invalid(node, message) {
    node.setAttribute("aria-invalid", "true");
    OS.say("compose-status", message, "error");
    node.focus();
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    clearInvalid();
    var text = textArea.value.trim();
    if (!themeSel.value) { invalid(themeSel, OS.t("form.choose_theme")); return; }
    if (!text) { invalid(textArea, OS.t("form.write_something")); return; }
    if (locked) { OS.say("compose-status", OS.t("form.locked"), "error"); return; }
    if (text.length > maxText) { invalid(textArea, OS.t("form.too_long", { max: maxText })); return; }
    var item = {
      client_id: OS.uuid(), kind: checkedKind(), theme_id: themeSel.value, text: text,
      at: new Date().toISOString(), sdgs: P.chosenGoals(sdgBox),
      organisation: checkedKind() === "actor" ? orgInput.value.trim() : ""
    };
    outbox.push(item);
    saveOutbox();
    var li = pendingNode(item);
    pending[item.client_id] = li;
    list.insertBefore(li, list.firstChild);
    refreshView();
    textArea.value = "";
    orgInput.value = "";
    Array.prototype.forEach.call(sdgBox.querySelectorAll("input:checked"), function (i) { i.checked = false; i.disabled = false; });
    updateCounter();
    saveDraft();
    var online = live && live.socket && live.socket.connected;
    OS.say("compose-status", online ? OS.t("form.sending") : OS.t("form.saved_offline"));
    saveName().then(function () { send(item); });
  });

  textArea.addEventListener("input", function () {
    textArea.removeAttribute("aria-invalid");
    updateCounter();
    saveDraft();
  });
  themeSel.addEventListener("change", function () { themeSel.removeAttribute("aria-invalid"); saveDraft(); });
  Array.prototype.forEach.call(form.querySelectorAll("input[name=kind]"), function (radio) {
    radio.addEventListener("change", function () { kindChanged(); saveDraft(); });
  });
  nameInput.addEventListener("input", function () {
    nameInput.removeAttribute("aria-invalid");
    OS.say("name-status", "");
  });
  nameInput.addEventListener("change", function () {
    if (me) { me.name_saved = me.name_saved && me.name === nameInput.value.trim(); }
    saveName();
    if (!me) OS.store.set(KEY_ME + ".name", nameInput.value.trim());
  });

  setupFilter("filter-theme", "theme");
  setupFilter("filter-kind", "kind");
  OS.$("filter-sdg").addEventListener("change", function () { filter.sdg = this.value; refreshView(); });
  P.limitGoals(sdgBox);

  /* ---------- loading and live updates ---------- */

  /* Further parts of the phone page (static/js/participant_*.js, loaded before this file)
   * register a factory in OS.participantExtensions; each gets a small view of the page and
   * may answer decorate(li, card), onEvent(evt) and onBoard(data). */
  var extensions = [];
  var made = 0;
  function makeExtensions() {
    var factories = OS.participantExtensions || [];
    var fresh = factories.slice(made).map(function (make) {
      return make({ base: base, token: function () { return me ? me.token : ""; }, card: function (id) { return cards[id]; },
        allCards: function () { return cards; }, refresh: function () { refreshView(); },
        myId: function () { return me ? me.participant_id : null; }, board: board });
    }).filter(Boolean);
    made = factories.length;
    extensions = extensions.concat(fresh);
    return fresh;
  }
  makeExtensions();
  function notify(method, a, b) {
    extensions.forEach(function (part) { if (part[method]) part[method](a, b); });
  }

  /* Parts not needed for the first screen come when they are: the plenaries section with
   * the first plenary (most of the day there is none yet). Their addresses (versioned)
   * are in the page data; the strings are on the page already (web/page_strings.py). */
  var lazyParts = {};
  function loadPart(name, evt) {
    var part = (OS.page.lazy || {})[name];
    if (!part || lazyParts[name]) return;
    lazyParts[name] = true;
    if (part.css) d.head.appendChild(OS.el("link", { rel: "stylesheet", href: part.css }));
    var script = d.createElement("script");
    script.src = part.js;
    script.onload = function () {
      makeExtensions().forEach(function (ext) {
        if (ext.onBoard && loaded) ext.onBoard(board.raw);
        if (evt && ext.onEvent) ext.onEvent(evt);
      });
    };
    d.head.appendChild(script);
  }

  function onEvent(evt) {
    // Extensions see every event, also those participation.js handles in full.
    notify("onEvent", evt);
    if (evt.type === "followup.updated") loadPart("followup", evt);
    board.apply(evt);  // the cards, themes and settings are drawn from the store's changes
  }

  /* What the list shows follows the store: a card came, changed or left; themes; settings. */
  board.on(function (change, evt) {
    if (!evt) return;  // a whole load: showBoard draws it
    switch (change.what) {
      case "card":
        if (change.count) break;  // counts: participation.js refreshes the card's buttons
        if (change.value) upsert(change.value, !!change.isNew);
        else removeCard(change.id, change.deleted);
        break;
      case "themes": applyThemes(board.themes); break;
      case "settings":
        if (evt.type === "workshop.updated") { setLocked(board.settings.state); P.settings(evt.data || {}); }
        break;
      case "plenary": loadPart("plenaries", evt); break;
      case "gone": gone(); break;
      default: break;
    }
  });

  /* The facilitator adds, renames and reorders themes live. */
  function applyThemes(themes) {
    if (!themes || !themes.length) return;
    themeTitles = OS.themeTitles(themes);
    var chosen = themeSel.value;
    Array.prototype.slice.call(themeSel.options).forEach(function (o) { if (o.value) o.remove(); });
    themes.forEach(function (t) { themeSel.appendChild(OS.el("option", { value: t.id, text: t.title })); });
    if (themeTitles[chosen]) themeSel.value = chosen;
    var chips = OS.$("filter-theme");
    if (chips) {
      Array.prototype.slice.call(chips.querySelectorAll("button[data-value]")).forEach(function (b) {
        if (b.getAttribute("data-value")) b.remove();
      });
      if (filter.theme && !themeTitles[filter.theme]) filter.theme = "";
      themes.forEach(function (t) {
        chips.appendChild(OS.el("button", { type: "button", class: "chip", "data-value": t.id,
          "aria-pressed": filter.theme === t.id ? "true" : "false", text: t.title }));
      });
      chips.querySelector('button[data-value=""]').setAttribute("aria-pressed", filter.theme ? "false" : "true");
    }
    refreshView();
  }

  var locked = false;
  function setLocked(state) {
    locked = state === "locked";
    OS.$("locked").hidden = !locked;
    P.setLocked();
  }

  /* Fetch the whole board and show it; resolves to its seq. */
  function fetchBoard() {
    return OS.api("GET", base, me.token).then(function (data) {
      showBoard(data);
      return Number(data.seq) || 0;
    });
  }

  function showBoard(data) {
    board.load(data);
    if (data.themes) applyThemes(data.themes);
    setLocked(data.state);
    if (data.me && data.me.name && !nameInput.value) {
      nameInput.value = data.me.name;
      me.name = data.me.name;
      me.name_saved = true;
      OS.store.set(KEY_ME, me);
    }
    loaded = true;
    P.load(data);
    notify("onBoard", data);
    renderAll(data.cards || []);
    if (board.plenaryCount) loadPart("plenaries");
    if (data.followup_statuses) loadPart("followup");
  }

  function gone() {
    if (live) live.stop(); // first: a closing socket must not say "reconnecting" after this
    OS.showStatus("gone");
    form.querySelector("button[type=submit]").disabled = true;
  }

  function startLive(seq) {
    if (live) return;
    live = OS.live({
      workshopId: wid,
      seq: seq,
      token: function () { return me ? me.token : ""; },
      onEvent: onEvent,
      onStatus: OS.showStatus,
      reload: fetchBoard,
      onConnect: function () {
        if (me && !me.name_saved) saveName();
        flush();
        P.flush();  // supports and comments given offline
      },
      onRefused: function () {
        // Find out why: a forgotten token (new database) means joining again.
        return OS.api("GET", base, me && me.token).then(function () { return true; }, function (e) {
          if (e.status === 401 || e.status === 403) {
            forgetMe();
            return join().then(function () { return true; }, function () { return true; });
          }
          if (e.status === 404) { gone(); return false; }
          return true;
        });
      }
    });
  }

  var loadDelay = 2000;
  function load() {
    var ready = me && me.token ? Promise.resolve(me) : join();
    ready.then(function () { return OS.api("GET", base, me.token); })
      .catch(function (e) {
        if ((e.status === 401 || e.status === 403) && e.code !== "workshop_locked") {
          forgetMe();
          return join().then(function () { return OS.api("GET", base, me.token); });
        }
        throw e;
      })
      .then(function (data) {
        showBoard(data);
        startLive(Number(data.seq) || 0);
        flush();
      })
      .catch(function (e) {
        if (e.status === 404) { gone(); return; }
        OS.showStatus(e.status === 0 ? "offline" : "reconnecting");
        w.setTimeout(load, loadDelay);
        loadDelay = Math.min(30000, loadDelay * 2);
      });
  }

  /* ---------- start ---------- */

  if (me && me.name) nameInput.value = me.name;
  else if (!me) nameInput.value = OS.store.get(KEY_ME + ".name") || "";
  restoreDraft();
  kindChanged();
  updateCounter();
  outbox.forEach(function (item) {
    var li = pendingNode(item);
    pending[item.client_id] = li;
    list.insertBefore(li, list.firstChild);
  });
  refreshView();
  OS.showStatus("connecting");
  load();
})(window, document, window.OpenSpace);
