/* openspace: the facilitator's page (templates/facilitator.html). */
(function (w, d, OS) {
  "use strict";

  var wid = String(OS.page.workshop_id);
  var base = "/api/v1/workshops/" + encodeURIComponent(wid);
  var KEY = "openspace.facilitator." + wid;

  var fromHash = OS.takeHashToken();
  if (fromHash) OS.store.set(KEY, fromHash);
  // The candidates, best first; OS.pageStart (below) settles on the first that works here.
  var tokens = [fromHash, OS.store.get(KEY), OS.store.get("openspace.organiser")];
  var token = tokens.filter(Boolean)[0] || null;

  var themesBox = OS.$("themes");
  var themes = [];          // [{id, title}]
  var sections = {};        // theme id -> {section, list, count}
  /* The board store (static/js/board_store.js) keeps the cards and applies the events;
   * the columns below draw from it and follow its changes. */
  var store = OS.boardStore({ moderates: true });
  var cards = store.cards;  // id -> card (the store's map, kept in place across loads)
  OS.facilitatorBoard = store;  // for the extensions and the browser tests
  var nodes = {};           // id -> <li>
  var loaded = false;
  var plenaries = {};       // number -> row of the plenary list
  var queueList = OS.$("queue-list");

  function authMissing(message) {
    OS.$("app").hidden = true;
    OS.$("auth-missing").hidden = false;
    if (message) OS.setText("auth-missing-text", message);
    OS.$("conn").hidden = true;
  }

  if (!token) { authMissing(); return; }

  function tokenNow() { return token; }

  /* The card tools and side panels (facilitator_tools.js, facilitator_panels.js) work
   * on the board through this. */
  var queueSection = { list: queueList, count: null, section: OS.$("queue") };
  var board = {
    base: base,
    token: tokenNow,
    store: store,
    cards: function () { return cards; },
    themes: function () { return themes; },
    node: function (id) { return nodes[String(id)]; },
    upsert: function (card, isNew, keep) {
      if (keep && card) keepFocus = String(card.id);
      upsert(card, isNew);
      keepFocus = null;
    },
    removeCard: function (id) { removeCard(id); },
    themeChanged: function (type, data) { themeChanged(type, data); },
    say: function (text, kind) { OS.say("mod-status", text, kind); },
    refreshCounts: function () { updateCounts(); }
  };
  var tools = OS.facilitatorTools ? OS.facilitatorTools(board) : null;
  var panels = OS.facilitatorPanels ? OS.facilitatorPanels(board) : null;
  /* Further parts of the page (static/js/facilitator_*.js, loaded before this file) register
   * a factory in OS.facilitatorExtensions; each gets the board and may answer
   * decorate(li, card, textId), onEvent(evt) and onBoard(data). */
  var extensions = [tools, panels].concat((OS.facilitatorExtensions || []).map(function (make) {
    return make(board);
  })).filter(Boolean);
  function notify(method, a, b, c) {
    extensions.forEach(function (part) { if (part[method]) part[method](a, b, c); });
  }

  /* ---------- rendering ---------- */

  /* The sections are built off the page (into a fragment) and put in at once: 300 cards
   * cost one layout, not one per card. */
  function buildSections(into) {
    themesBox.textContent = "";
    sections = {};
    var all = themes.concat([{ id: "", title: OS.t("facilitator.no_theme") }]);
    all.forEach(function (theme, i) {
      var headingId = "theme-h-" + i;
      var count = OS.el("span", { class: "fac-theme__count" });
      var list = OS.el("ul", { class: "cards cards--grid" });
      var section = OS.el("section", { class: "fac-theme", "aria-labelledby": headingId }, [
        OS.el("h3", { id: headingId }, [OS.el("span", { text: theme.title }), " ", count]),
        list
      ]);
      section.hidden = theme.id === "";
      sections[String(theme.id)] = { section: section, list: list, count: count };
      into.appendChild(section);
    });
  }

  function sectionFor(card) {
    if (card.pending && !card.hidden) return queueSection;
    var key = card.theme_id === undefined || card.theme_id === null ? "" : String(card.theme_id);
    return sections[key] || sections[""];
  }

  function cardNode(card) {
    var id = String(card.id);
    var textId = "card-text-" + id.replace(/[^A-Za-z0-9_-]/g, "_");
    var li = OS.cardElement(card, { extraClass: card.hidden ? "card--hidden" : "", textId: textId });
    if (card.hidden) {
      li.querySelector(".card__kind").appendChild(OS.el("span", { class: "badge badge--hidden", text: OS.t("card.hidden") }));
    }
    var btn = OS.el("button", {
      type: "button",
      class: "btn btn--small" + (card.hidden ? "" : " btn--danger"),
      "aria-describedby": textId,
      "data-action": card.hidden ? "restore" : "hide",
      "data-id": id,
      text: card.hidden ? OS.t("card.restore") : OS.t("card.hide")
    });
    li.appendChild(OS.el("p", { class: "card__actions" }, [btn]));
    li.setAttribute("data-seq", String(Number(card.seq) || 0));
    notify("decorate", li, card, textId);
    return li;
  }

  function insertSorted(list, li, card) {
    var seq = Number(card.seq) || 0;
    var child = list.firstChild;
    while (child && (Number(child.getAttribute("data-seq")) || 0) > seq) child = child.nextSibling;
    list.insertBefore(li, child);
  }

  function upsert(card, isNew) {
    if (!card || card.id === undefined || card.id === null) return;
    var id = String(card.id);
    var old = nodes[id];
    var hadFocus = old && (old.contains(d.activeElement) ||
      (keepFocus === id && (d.activeElement === d.body || !d.activeElement)));
    cards[id] = card;
    var li = cardNode(card);
    nodes[id] = li;
    var target = sectionFor(card);
    // Still in its section (the store may already hold the new card): in place.
    if (old && old.parentNode === target.list) old.replaceWith(li);
    else {
      if (old) old.remove();
      insertSorted(target.list, li, card);
    }
    if (hadFocus) {
      var btn = li.querySelector(".tk-form textarea, .tk-form select") ||
        (focusAction && (li.querySelector('[data-action="' + focusAction + '"]') ||
          li.querySelector('[data-action="' + (TOGGLES[focusAction] || "") + '"]'))) || li.querySelector("button");
      if (btn) btn.focus();
    }
    if (isNew && loaded) OS.flash(li);
    updateCounts();
  }

  function removeCard(id) {
    id = String(id);
    if (nodes[id]) nodes[id].remove();
    delete nodes[id];
    delete cards[id];
    updateCounts();
  }

  function updateCounts() {
    var shown = 0;
    var hidden = 0;
    Object.keys(sections).forEach(function (key) {
      var s = sections[key];
      var all = s.list.children.length;
      var hid = s.list.querySelectorAll(".card--hidden").length;
      s.count.textContent = "(" + (all - hid) + ")";
      if (key === "") s.section.hidden = all === 0;
      shown += all - hid;
      hidden += hid;
    });
    // Cards and comments (facilitator_comments.js) wait in the same queue.
    var waitingComments = OS.$("queue-comments");
    var waiting = queueList.children.length + (waitingComments ? waitingComments.children.length : 0);
    OS.$("queue").hidden = waiting === 0;
    OS.setText("queue-count", "(" + waiting + ")");
    OS.setText("cards-count", OS.tn("board.count", shown) + (hidden ? " · " + OS.tn("facilitator.hidden_count", hidden) : ""));
  }

  function renderAll(data) {
    themes = data.themes || [];
    var frag = d.createDocumentFragment();
    buildSections(frag);
    queueList.textContent = "";
    var queueFrag = d.createDocumentFragment();
    nodes = {};
    (data.cards || []).slice()
      .sort(function (a, b) { return (Number(b.seq) || 0) - (Number(a.seq) || 0); })
      .forEach(function (card) {
        var id = String(card.id);
        cards[id] = card;
        nodes[id] = cardNode(card);
        var target = sectionFor(card);
        (target === queueSection ? queueFrag : target.list).appendChild(nodes[id]);
      });
    queueList.appendChild(queueFrag);
    themesBox.appendChild(frag);
    updateCounts();
    fillThemeSelect();
    if (panels) panels.setThemes(themes);
  }

  /* A theme was added, renamed or the order changed: rebuild the sections, keep the cards. */
  function themeChanged(type, data) {
    var list = themes.slice();
    if (type === "themes.reordered") list = data.themes || list;
    else {
      var at = -1;
      list.forEach(function (t, i) { if (String(t.id) === String(data.id)) at = i; });
      if (at >= 0) list[at] = data;
      else list.push(data);
    }
    var all = Object.keys(cards).map(function (id) { return cards[id]; });
    renderAll({ themes: list, cards: all });
  }

  function fillThemeSelect() {
    var sel = OS.$("add-theme");
    var keep = sel.value;
    sel.textContent = "";
    themes.forEach(function (t) { sel.appendChild(OS.el("option", { value: t.id, text: t.title })); });
    if (keep) sel.value = keep;
  }

  /* ---------- moderation ---------- */

  var busy = {};        // card id -> a moderation call is under way
  var keepFocus = null; // card id whose new button should get the focus back
  var focusAction = null; // ... and which of its buttons
  // A button that toggles becomes its partner; the focus follows it.
  var TOGGLES = { hide: "restore", restore: "hide", pin: "unpin", unpin: "pin",
    spotlight: "spotlight-off", "spotlight-off": "spotlight" };
  var DONE = { hide: "facilitator.hidden_done", restore: "facilitator.restored_done", approve: "tk.approved",
    pin: "tk.pinned_done", unpin: "tk.unpinned_done" };

  function onCardButton(ev) {
    var btn = ev.target.closest && ev.target.closest("button[data-action]");
    if (!btn) return;
    var action = btn.getAttribute("data-action");
    var id = btn.getAttribute("data-id");
    keepFocus = id;
    focusAction = action;
    if (tools && tools.act(action, id, btn)) return;
    if (busy[id]) return;
    busy[id] = true;
    btn.setAttribute("aria-busy", "true");
    OS.api("POST", base + "/cards/" + encodeURIComponent(id) + "/" + action, token).then(function (card) {
      delete busy[id];
      // After approve or reject the card leaves the queue: keep the focus in the queue.
      if (action === "approve" || (action === "hide" && card.pending)) focusNextInQueue(id);
      upsert(card, false);
      keepFocus = null;
      OS.say("mod-status", OS.t(DONE[action] || "tk.done"));
    }, function (e) {
      delete busy[id];
      keepFocus = null;
      btn.removeAttribute("aria-busy");
      OS.say("mod-status", e.message, "error");
    });
  }
  themesBox.addEventListener("click", onCardButton);
  queueList.addEventListener("click", onCardButton);

  function focusNextInQueue(id) {
    var li = nodes[String(id)];
    var next = li && (li.nextElementSibling || li.previousElementSibling);
    var btn = next && next.querySelector("button");
    keepFocus = null;
    if (btn) { btn.focus(); return; }
    var heading = OS.$("cards-title");
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }

  OS.$("show-hidden").addEventListener("change", function (ev) {
    themesBox.classList.toggle("hide-hidden", !ev.target.checked);
  });

  /* ---------- adding cards (e.g. from paper) ---------- */

  OS.$("add-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var text = OS.$("add-text");
    var value = text.value.trim();
    if (!value) {
      text.setAttribute("aria-invalid", "true");
      OS.say("add-status", OS.t("form.write_something"), "error");
      text.focus();
      return;
    }
    text.removeAttribute("aria-invalid");
    var body = { client_id: OS.uuid(), kind: OS.$("add-kind").value, theme_id: OS.$("add-theme").value, text: value };
    var button = ev.target.querySelector("button[type=submit]");
    button.disabled = true;
    OS.api("POST", base + "/cards", token, body).then(function (card) {
      button.disabled = false;
      upsert(card, false);
      text.value = "";
      text.focus();
      OS.say("add-status", OS.t("facilitator.added"), "ok");
    }, function (e) {
      button.disabled = false;
      OS.say("add-status", e.message, "error");
    });
  });

  /* ---------- plenaries ---------- */

  var plenaryList = OS.$("plenary-list");
  var tz = null;            // the workshop's time zone: times are shown in it
  var schedule = null;      // the server's plenary times still to come (ms), for "next plenary at"
  var pollTimer = null;     // while a PDF is being made: ask the server again now and then
  var pollDelay = 5000;
  var plenariesLoaded = false; // new rows after the first list get a brief highlight

  function plenaryPdfPath(number) {
    return base + "/plenaries/" + encodeURIComponent(number) + ".pdf";
  }

  /* A button label whose accessible name also says which plenary it is about. */
  function setLabel(btn, text, about) {
    btn.textContent = "";
    btn.appendChild(OS.el("span", { text: text }));
    if (about) btn.appendChild(OS.el("span", { class: "sr-only", text: " \u2013 " + about }));
  }

  /* Download a PDF with the token; the button stays focusable while it works. */
  function fetchPdf(btn, path, filename, statusId, busyText) {
    if (btn.getAttribute("aria-busy") === "true") return;
    btn.setAttribute("aria-busy", "true");
    OS.say(statusId, busyText || OS.t("pdf.downloading"));
    OS.download(path, token, filename).then(function () {
      btn.removeAttribute("aria-busy");
      OS.say(statusId, OS.t("pdf.downloaded"), "ok");
    }, function (e) {
      btn.removeAttribute("aria-busy");
      OS.say(statusId, e.message, "error");
    });
  }

  function buildPlenaryRow(number) {
    var key = String(number).replace(/[^0-9A-Za-z_-]/g, "_");
    var row = { number: number, data: null, size: null, editing: false };
    row.title = OS.el("h4", { class: "plenary__title", id: "plenary-" + key + "-title" });
    row.tag = OS.el("span", { class: "plenary__tag", text: OS.t("plenary.scheduled") });
    row.meta = OS.el("p", { class: "plenary__meta" });
    row.pdf = OS.el("p", { class: "plenary__pdf" });
    row.noteText = OS.el("p", { class: "plenary__note-text" });
    row.noteBox = OS.el("div", { class: "plenary__note" }, [
      OS.el("p", { class: "plenary__note-label", text: OS.t("plenary.notes") }), row.noteText
    ]);
    row.download = OS.el("button", { type: "button", class: "btn btn--small" });
    row.edit = OS.el("button", {
      type: "button", class: "btn btn--small btn--quiet",
      "aria-expanded": "false", "aria-controls": "plenary-" + key + "-form"
    });
    row.textarea = OS.el("textarea", {
      id: "plenary-" + key + "-note", class: "input", rows: 4, maxlength: 5000, name: "note"
    });
    row.status = OS.el("p", { class: "form-status", "aria-live": "polite" });
    row.form = OS.el("form", { class: "plenary__edit", id: "plenary-" + key + "-form", novalidate: true }, [
      OS.el("div", { class: "field" }, [
        OS.el("label", { class: "label", for: row.textarea.id, text: OS.t("plenary.note_label", { number: number }) }),
        row.textarea
      ]),
      OS.el("p", { class: "links" }, [
        OS.el("button", { type: "submit", class: "btn btn--small btn--primary", text: OS.t("plenary.note_save") }),
        OS.el("button", { type: "button", class: "btn btn--small btn--quiet", "data-cancel": "1", text: OS.t("plenary.note_cancel") })
      ])
    ]);
    row.form.hidden = true;
    row.li = OS.el("li", { class: "plenary", "data-number": number, "aria-labelledby": row.title.id }, [
      OS.el("div", { class: "plenary__head" }, [row.title, row.tag]),
      row.meta, row.pdf, row.noteBox,
      OS.el("p", { class: "plenary__actions" }, [row.download, row.edit]),
      row.form, row.status
    ]);

    row.download.addEventListener("click", function () {
      fetchPdf(row.download, plenaryPdfPath(number), OS.t("file.plenary", { number: number }), row.status);
    });
    row.edit.addEventListener("click", function () { openEdit(row, !row.editing); });
    row.form.addEventListener("click", function (ev) {
      if (ev.target.closest && ev.target.closest("[data-cancel]")) openEdit(row, false);
    });
    row.form.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") { ev.preventDefault(); openEdit(row, false); }
    });
    row.form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var save = row.form.querySelector("button[type=submit]");
      if (save.getAttribute("aria-busy") === "true") return;
      save.setAttribute("aria-busy", "true");
      OS.say(row.status, OS.t("plenary.note_saving"));
      OS.api("PATCH", base + "/plenaries/" + encodeURIComponent(number), token, { note: row.textarea.value })
        .then(function (p) {
          save.removeAttribute("aria-busy");
          openEdit(row, false);
          upsertPlenary(p, null);
          OS.say(row.status, OS.t("plenary.note_saved"), "ok");
        }, function (e) {
          save.removeAttribute("aria-busy");
          OS.say(row.status, e.message, "error");
          row.textarea.focus();
        });
    });
    return row;
  }

  function openEdit(row, open) {
    row.editing = open;
    row.form.hidden = !open;
    row.edit.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) {
      row.textarea.value = (row.data && row.data.note) || "";
      row.textarea.focus();
    } else {
      row.edit.focus();
    }
  }

  function renderPlenaryRow(row) {
    var p = row.data || {};
    var about = OS.t("plenary.title", { number: row.number });
    row.title.textContent = about;
    row.tag.hidden = !p.scheduled;
    var count = Number(p.cards) || 0;
    row.meta.textContent = "";
    row.meta.appendChild(OS.el("span", { text: OS.timeWindow(p.starts_at, p.ends_at, tz) }));
    row.meta.appendChild(OS.el("span", { text: OS.tn("plenary.new_cards", count) }));
    var ready = typeof row.size === "number";
    row.pdf.setAttribute("data-state", ready ? "ready" : "pending");
    row.pdf.textContent = ready ? OS.t("pdf.ready", { size: OS.fileSize(row.size) }) : OS.t("pdf.pending");
    row.noteBox.hidden = !p.note;
    row.noteText.textContent = p.note || "";
    setLabel(row.download, OS.t("pdf.download"), about);
    row.download.insertBefore(OS.icon("download"), row.download.firstChild);
    setLabel(row.edit, OS.t(p.note ? "plenary.note_edit" : "plenary.note_add"), about);
  }

  /* Add or update a plenary. size: a number (PDF ready), null (being made), undefined (keep). */
  function upsertPlenary(p, size) {
    if (!p || p.number === undefined || p.number === null) return;
    var number = Number(p.number);
    var row = plenaries[number];
    if (!row) {
      row = plenaries[number] = buildPlenaryRow(number);
      var after = null;
      Array.prototype.some.call(plenaryList.children, function (li) {
        if (Number(li.getAttribute("data-number")) < number) { after = li; return true; }
        return false;
      });
      plenaryList.insertBefore(row.li, after);
      if (plenariesLoaded) OS.flash(row.li);
    }
    row.data = p;
    if (size !== undefined) row.size = typeof size === "number" ? size : null;
    renderPlenaryRow(row);
    OS.$("plenary-empty").hidden = true;
    pollIfPending();
  }

  function pdfReady(msg) {
    var row = plenaries[Number(msg.number)];
    if (!row) { loadPlenaries(); return; }
    row.size = typeof msg.size === "number" ? msg.size : 0;
    renderPlenaryRow(row);
    if (row.status.textContent === OS.t("plenary.note_saved")) OS.say(row.status, "");
  }

  /* PDF messages are not replayed after a lost connection: ask again while one is pending. */
  function pollIfPending() {
    var pending = Object.keys(plenaries).some(function (n) { return plenaries[n].size === null; });
    if (!pending) { pollDelay = 5000; return; }
    if (pollTimer) return;
    pollTimer = w.setTimeout(function () { pollTimer = null; loadPlenaries(); }, pollDelay);
    pollDelay = Math.min(30000, pollDelay * 2);
  }

  function loadPlenaries() {
    if (pollTimer) { w.clearTimeout(pollTimer); pollTimer = null; }
    return OS.api("GET", base + "/plenaries", token).then(function (data) {
      var items = (data && data.plenaries) || [];
      items.forEach(function (p) { upsertPlenary(p, typeof p.pdf_size === "number" ? p.pdf_size : null); });
      OS.$("plenary-empty").hidden = items.length > 0 || Object.keys(plenaries).length > 0;
      plenariesLoaded = true;
      pollIfPending();
    }, function (e) {
      OS.say("plenary-status", e.message, "error");
      pollIfPending();
    });
  }

  OS.$("plenary-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var btn = OS.$("plenary-start");
    if (btn.getAttribute("aria-busy") === "true") return;
    var note = OS.$("plenary-note");
    btn.setAttribute("aria-busy", "true");
    OS.say("plenary-status", OS.t("plenary.starting"));
    OS.api("POST", base + "/plenaries", token, note.value.trim() ? { note: note.value } : {}).then(function (p) {
      btn.removeAttribute("aria-busy");
      note.value = "";
      upsertPlenary(p, undefined);
      OS.say("plenary-status", OS.t("plenary.ready", { number: p.number }), "ok");
    }, function (e) {
      btn.removeAttribute("aria-busy");
      OS.say("plenary-status", e.message, "error");
    });
  });

  OS.$("report-download").addEventListener("click", function (ev) {
    fetchPdf(ev.currentTarget, base + "/report.pdf", OS.t("file.report"), "files-status", OS.t("report.making"));
  });
  OS.$("poster-download").addEventListener("click", function (ev) {
    fetchPdf(ev.currentTarget, base + "/poster.pdf", OS.t("file.poster"), "files-status", OS.t("poster.making"));
  });

  /* "Next plenary at 11.00": the first of the server's plenary times (breaks left out)
   * still to come, so it stays right as the day goes on without knowing the rules. */
  function setSchedule(data) {
    if (!data || !Array.isArray(data.plenary_times)) return;
    schedule = data.plenary_times.map(Date.parse).filter(function (t) { return !isNaN(t); });
    showNext();
  }

  function showNext() {
    var box = OS.$("plenary-next");
    if (!schedule) { box.hidden = true; return; }
    var now = Date.now();
    var slot = null;
    for (var i = 0; i < schedule.length && slot === null; i++) if (schedule[i] > now) slot = schedule[i];
    box.hidden = false;
    box.textContent = slot !== null
      ? OS.t("plenary.next", { time: OS.time(new Date(slot).toISOString(), tz) })
      : OS.t("plenary.next_none");
  }
  w.setInterval(showNext, 30000);

  /* ---------- locking the board ---------- */

  var boardState = "open";
  function setState(state) {
    boardState = state === "locked" ? "locked" : "open";
    var box = OS.$("lock-state");
    box.setAttribute("data-state", boardState);
    box.textContent = OS.t(boardState === "locked" ? "facilitator.state_locked" : "facilitator.state_open");
    OS.$("lock-toggle").textContent = OS.t(boardState === "locked" ? "facilitator.unlock" : "facilitator.lock");
  }

  OS.$("lock-toggle").addEventListener("click", function (ev) {
    var btn = ev.currentTarget;
    if (btn.getAttribute("aria-busy") === "true") return;
    btn.setAttribute("aria-busy", "true");
    var action = boardState === "locked" ? "unlock" : "lock";
    OS.api("POST", base + "/" + action, token, {}).then(function (r) {
      btn.removeAttribute("aria-busy");
      setState(r && r.state ? r.state : (action === "lock" ? "locked" : "open"));
      // One indicator: the state line says it (and is read out); no second, green copy.
      OS.say("lock-status", "");
    }, function (e) {
      btn.removeAttribute("aria-busy");
      OS.say("lock-status", e.message, "error");
    });
  });

  /* ---------- live ---------- */

  /* The store's changes, drawn: cards, themes, plenaries, the board's state. */
  store.on(function (change, evt) {
    if (!evt) return;  // a fresh load: showBoard draws it all
    switch (change.what) {
      case "card":
        if (change.value) upsert(change.value, change.isNew);
        else removeCard(change.id);
        break;
      case "themes": themeChanged("themes.reordered", { themes: change.value }); break;
      case "plenary": upsertPlenary(change.value, change.isNew ? undefined : null); break;
      case "settings": if (evt.type === "workshop.updated" && evt.data.state) setState(change.value.state); break;
      default: break;
    }
  });

  function onEvent(evt) {
    var data = evt.data || {};
    store.apply(evt);
    if (evt.type === "workshop.updated") {
      // The title and the plenary times are the page's, not the board's.
      if (data.title) OS.setText("ws-title", data.title);
      setSchedule(data);
    }
    notify("onEvent", evt);
  }

  var connectedOnce = false;
  var liveOptions = {
    workshopId: wid,
    onEvent: onEvent,
    onStatus: OS.showStatus,
    onPresence: function (n) { OS.setText("presence", OS.tn("presence.connected", n)); },
    onPdf: pdfReady,
    onConnect: function () {
      // A PDF that got ready while we were away sent its message to nobody.
      if (connectedOnce) loadPlenaries();
      connectedOnce = true;
    }
  };

  function showBoard(data) {
    store.load(data);
    OS.setText("ws-title", data.title);
    var link = OS.$("join-url");
    link.href = data.join_url;
    link.textContent = data.join_url;
    OS.setText("join-code", data.join_code);
    setState(data.state);
    if (data.timezone && data.timezone !== tz) {
      tz = data.timezone;
      Object.keys(plenaries).forEach(function (n) { renderPlenaryRow(plenaries[n]); });
    }
    setSchedule(data);
    OS.$("app").hidden = false;
    notify("onBoard", data);
    renderAll(data);
    loaded = true;
  }

  /* The first board: the one facilitator_early.js asked for while the scripts loaded,
     if it asked with this token and got it; otherwise (or on a retry) null: asked now. */
  function firstBoard(candidate) {
    var early = w.OpenSpaceEarlyBoard;
    w.OpenSpaceEarlyBoard = null;
    if (!early || early.token !== candidate) return null;
    return early.answer.then(function (data) { return data || OS.api("GET", base, candidate); });
  }

  /* Start-up (static/js/page_start.js): the token, the board with back-off, refusals,
   * then the live connection. */
  OS.pageStart({
    path: base,
    tokens: tokens,
    accept: function (data) { return data.role !== "participant"; },
    keep: function (t) { token = t; },
    onBoard: showBoard,
    refused: function (e) { authMissing(e && e.message); },
    live: liveOptions,
    first: firstBoard,
    onStarted: function () { loadPlenaries(); }
  });
})(window, document, window.OpenSpace);
