/* openspace: the facilitator's page (templates/facilitator.html). */
(function (w, d, OS) {
  "use strict";

  var wid = String(OS.page.workshop_id);
  var base = "/api/v1/workshops/" + encodeURIComponent(wid);
  var KEY = "openspace.facilitator." + wid;

  var fromHash = OS.takeHashToken();
  if (fromHash) OS.store.set(KEY, fromHash);
  var token = OS.store.get(KEY) || OS.store.get("openspace.organiser");

  var themesBox = OS.$("themes");
  var themes = [];          // [{id, title}]
  var sections = {};        // theme id -> {section, list, count}
  var cards = {};           // id -> card
  var nodes = {};           // id -> <li>
  var live = null;
  var loaded = false;
  var plenaries = {};       // number -> true

  function authMissing(message) {
    OS.$("app").hidden = true;
    OS.$("auth-missing").hidden = false;
    if (message) OS.setText("auth-missing-text", message);
    OS.$("conn").hidden = true;
  }

  if (!token) { authMissing(); return; }

  function tokenNow() { return token; }

  /* ---------- rendering ---------- */

  function buildSections() {
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
      themesBox.appendChild(section);
    });
  }

  function sectionFor(card) {
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
    var prev = cards[id];
    cards[id] = card;
    var li = cardNode(card);
    nodes[id] = li;
    var target = sectionFor(card);
    if (old && prev && String(prev.theme_id) === String(card.theme_id) && old.parentNode) old.replaceWith(li);
    else {
      if (old) old.remove();
      insertSorted(target.list, li, card);
    }
    if (hadFocus) {
      var btn = li.querySelector("button");
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
    OS.setText("cards-count", OS.tn("board.count", shown) + (hidden ? " · " + OS.tn("facilitator.hidden_count", hidden) : ""));
  }

  function renderAll(data) {
    themes = data.themes || [];
    buildSections();
    nodes = {};
    cards = {};
    (data.cards || []).slice()
      .sort(function (a, b) { return (Number(b.seq) || 0) - (Number(a.seq) || 0); })
      .forEach(function (card) {
        var id = String(card.id);
        cards[id] = card;
        nodes[id] = cardNode(card);
        sectionFor(card).list.appendChild(nodes[id]);
      });
    updateCounts();
    fillThemeSelect();
  }

  function fillThemeSelect() {
    var sel = OS.$("add-theme");
    var keep = sel.value;
    sel.textContent = "";
    themes.forEach(function (t) { sel.appendChild(OS.el("option", { value: t.id, text: t.title })); });
    if (keep) sel.value = keep;
  }

  /* ---------- moderation ---------- */

  var busy = {};        // card id -> a hide/restore call is under way
  var keepFocus = null; // card id whose new button should get the focus back

  themesBox.addEventListener("click", function (ev) {
    var btn = ev.target.closest && ev.target.closest("button[data-action]");
    if (!btn) return;
    var action = btn.getAttribute("data-action");
    var id = btn.getAttribute("data-id");
    if (busy[id]) return;
    busy[id] = true;
    keepFocus = id;
    btn.setAttribute("aria-busy", "true");
    OS.api("POST", base + "/cards/" + encodeURIComponent(id) + "/" + action, token).then(function (card) {
      delete busy[id];
      upsert(card, false);
      keepFocus = null;
      OS.say("mod-status", action === "hide" ? OS.t("facilitator.hidden_done") : OS.t("facilitator.restored_done"));
    }, function (e) {
      delete busy[id];
      keepFocus = null;
      btn.removeAttribute("aria-busy");
      OS.say("mod-status", e.message, "error");
    });
  });

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

  function plenaryPdfPath(number) {
    return base + "/plenaries/" + encodeURIComponent(number) + ".pdf";
  }

  function addPlenary(p) {
    if (!p || p.number === undefined || plenaries[p.number]) return;
    plenaries[p.number] = true;
    var btn = OS.el("button", { type: "button", class: "btn btn--small", text: OS.t("plenary.download", { number: p.number }) });
    btn.addEventListener("click", function () {
      btn.disabled = true;
      OS.download(p.pdf_url || plenaryPdfPath(p.number), token, "openspace-" + p.number + ".pdf").then(function () {
        btn.disabled = false;
      }, function (e) {
        btn.disabled = false;
        OS.say("plenary-status", e.message, "error");
      });
    });
    var when = p.ends_at ? OS.time(p.ends_at) : "";
    var list = OS.$("plenary-list");
    list.insertBefore(OS.el("li", {}, [
      OS.el("span", { text: OS.t("plenary.item", { number: p.number, time: when }) }), " ", btn
    ]), list.firstChild);
  }

  OS.$("plenary-start").addEventListener("click", function (ev) {
    var btn = ev.currentTarget;
    btn.disabled = true;
    OS.say("plenary-status", OS.t("plenary.starting"));
    OS.api("POST", base + "/plenaries", token, {}).then(function (p) {
      btn.disabled = false;
      addPlenary(p);
      OS.say("plenary-status", OS.t("plenary.ready", { number: p.number }), "ok");
    }, function (e) {
      btn.disabled = false;
      OS.say("plenary-status", e.message, "error");
    });
  });

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
      OS.say("lock-status", OS.$("lock-state").textContent, "ok");
    }, function (e) {
      btn.removeAttribute("aria-busy");
      OS.say("lock-status", e.message, "error");
    });
  });

  /* ---------- live ---------- */

  function onEvent(evt) {
    var data = evt.data || {};
    switch (evt.type) {
      case "card.created": upsert(data, true); break;
      case "card.updated":
      case "card.hidden":
      case "card.restored": upsert(data, false); break;
      case "card.deleted": removeCard(data.id); break;
      case "plenary.created": addPlenary(data); break;
      case "workshop.updated": if (data.state) setState(data.state); break;
      default: break;
    }
  }

  function start(seq) {
    live = OS.live({
      workshopId: wid,
      seq: seq,
      token: tokenNow,
      onEvent: onEvent,
      onStatus: OS.showStatus,
      onPresence: function (n) { OS.setText("presence", OS.tn("presence.connected", n)); },
      reload: fetchBoard,
      onRefused: function () {
        return OS.api("GET", base, token).then(function () { return true; }, function (e) {
          if (e.status === 401 || e.status === 403 || e.status === 404) { authMissing(e.message); return false; }
          return true;
        });
      }
    });
  }

  function showBoard(data) {
    OS.setText("ws-title", data.title);
    var link = OS.$("join-url");
    link.href = data.join_url;
    link.textContent = data.join_url;
    OS.setText("join-code", data.join_code);
    setState(data.state);
    OS.$("app").hidden = false;
    renderAll(data);
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
      if (data.role === "participant") { authMissing(); return; }
      showBoard(data);
      if (!live) start(Number(data.seq) || 0);
      else live.resync();
    }, function (e) {
      if (e.status === 401 || e.status === 403 || e.status === 404) { authMissing(e.message); return; }
      OS.showStatus(e.status === 0 ? "offline" : "reconnecting");
      w.setTimeout(load, delay);
      delay = Math.min(30000, delay * 2);
    });
  }

  load();
})(window, document, window.OpenSpace);
