/* openspace: the facilitator drives the projectors (templates/_facilitator_projector.html):
 * order, filters, pause, a plenary shown again and stepped through; and a star "til
 * opsamlingen" on any card. Every change goes to the server (PATCH /projector, POST
 * /cards/{id}/star), which tells every projector; this panel shows the state the server sends
 * back and live (projector.updated, card.starred), so two facilitators' phones agree too. */
(function (w, d, OS) {
  "use strict";

  (OS.facilitatorExtensions = OS.facilitatorExtensions || []).push(function (board) {
    if (!OS.$("fp")) return null;
    var state = null;      // the projector's state as the server has it
    var starred = {};      // card id -> true
    var maxStars = 5;
    var plenaryNumbers = [];

    function say(text, kind) { OS.say("fp-status", text, kind); }

    function drive(body) {
      return OS.api("PATCH", board.base + "/projector", board.token(), body).then(function (s) {
        show(s);
        return s;
      }, function (e) { say(e.message, "error"); });
    }

    /* ---------- the panel ---------- */

    function fillThemes() {
      var select = OS.$("fp-theme");
      var keep = select.value;
      while (select.options.length > 1) select.remove(1);
      board.themes().forEach(function (t) { select.appendChild(OS.el("option", { value: t.id, text: t.title })); });
      select.value = keep;
    }

    function fillGoals() {
      var select = OS.$("fp-goal");
      for (var g = 1; g <= 17; g += 1) select.appendChild(OS.el("option", { value: String(g), text: OS.t("pj.goal", { number: g }) }));
    }

    function fillPlenaries() {
      var select = OS.$("fp-plenary");
      var keep = select.value;
      select.textContent = "";
      plenaryNumbers.slice().sort(function (a, b) { return b - a; }).forEach(function (n) {
        select.appendChild(OS.el("option", { value: String(n), text: OS.t("plenary.title", { number: n }) }));
      });
      if (keep) select.value = keep;
      OS.$("fp-show").disabled = plenaryNumbers.length === 0;
    }

    function loadPlenaries() {
      OS.api("GET", board.base + "/plenaries", board.token()).then(function (r) {
        plenaryNumbers = (r.plenaries || []).map(function (p) { return Number(p.number); });
        fillPlenaries();
      }, function () {});
    }

    /* The line on top says what every projector shows now, by the deck's clock. */
    function describe() {
      if (!state) return;
      var p = state.plenary;
      var at = p ? OS.deckPosition(p, OS.serverClock()) : null;
      var onWall = !p || at.over;
      OS.setText("fp-state", onWall ? OS.t(state.paused ? "fp.wall_paused" : "fp.wall")
        : OS.t(state.paused ? "fp.showing_paused" : "fp.showing", { number: p.number, slide: at.index + 1, total: p.slides.length }));
      OS.$("fp-prev").disabled = onWall;
      OS.$("fp-next").disabled = onWall;
      OS.$("fp-close").disabled = onWall;
    }

    function show(s) {
      if (!s) return;
      state = s;
      OS.$("fp-sort").value = s.sort || "newest";
      OS.$("fp-theme").value = s.theme_id || "";
      OS.$("fp-kind").value = s.kind || "";
      OS.$("fp-goal").value = s.goal ? String(s.goal) : "";
      var pause = OS.$("fp-pause");
      pause.setAttribute("aria-pressed", s.paused ? "true" : "false");
      pause.textContent = OS.t(s.paused ? "fp.resume" : "fp.pause");
      if (s.plenary) OS.$("fp-plenary").value = String(s.plenary.number);
      describe();
    }
    w.setInterval(describe, 1000);

    OS.$("fp-sort").addEventListener("change", function (e) { drive({ sort: e.target.value }); });
    OS.$("fp-theme").addEventListener("change", function (e) { drive({ theme_id: e.target.value || null }); });
    OS.$("fp-kind").addEventListener("change", function (e) { drive({ kind: e.target.value || null }); });
    OS.$("fp-goal").addEventListener("change", function (e) { drive({ goal: e.target.value ? Number(e.target.value) : null }); });
    OS.$("fp-pause").addEventListener("click", function () { drive({ paused: !(state && state.paused) }); });
    OS.$("fp-show").addEventListener("click", function () {
      var n = Number(OS.$("fp-plenary").value);
      if (n) drive({ plenary: n });
    });
    OS.$("fp-prev").addEventListener("click", function () { drive({ step: -1 }); });
    OS.$("fp-next").addEventListener("click", function () { drive({ step: 1 }); });
    OS.$("fp-close").addEventListener("click", function () { drive({ plenary: null }); });
    fillGoals();

    /* ---------- stars "til opsamlingen" ---------- */

    function countStars() {
      var n = Object.keys(starred).filter(function (id) { return board.cards()[id]; }).length;
      OS.setText("fp-stars", OS.t("fp.stars", { count: n, max: maxStars }));
    }

    function restar(id) {
      var card = board.cards()[String(id)];
      if (card) board.upsert(card, false, true);
      countStars();
    }

    function decorate(li, card, textId) {
      if (card.hidden || card.pending) return;
      var id = String(card.id);
      var on = !!starred[id];
      if (on) li.querySelector(".card__kind").appendChild(OS.el("span", { class: "badge badge--star", text: OS.t("fp.starred") }));
      var actions = li.querySelector(".card__actions");
      if (!actions) return;
      actions.appendChild(OS.el("button", {
        type: "button", class: "btn btn--small fp-star", "data-star": id, "aria-pressed": on ? "true" : "false",
        "aria-describedby": textId, text: OS.t(on ? "fp.unstar" : "fp.star")
      }));
    }

    d.addEventListener("click", function (ev) {
      var btn = ev.target.closest && ev.target.closest("button[data-star]");
      if (!btn) return;
      var id = btn.getAttribute("data-star");
      var want = !starred[id];
      OS.api("POST", board.base + "/cards/" + encodeURIComponent(id) + "/star", board.token(), { starred: want })
        .then(function (r) {
          if (r.starred) starred[id] = true; else delete starred[id];
          restar(id);
          var again = board.node(id) && board.node(id).querySelector("button[data-star]");
          if (again) again.focus();
        }, function (e) { board.say(e.message, "error"); say(e.message, "error"); });
    });

    function onEvent(evt) {
      var data = evt.data || {};
      switch (evt.type) {
        case "projector.updated": show(data); break;
        case "card.starred":
          if (data.starred) starred[String(data.card_id)] = true; else delete starred[String(data.card_id)];
          restar(data.card_id);
          break;
        case "plenary.created": {
          var before = Object.keys(starred);
          starred = {};   // the stars were for this plenary
          before.forEach(restar);
          countStars();
          if (plenaryNumbers.indexOf(Number(data.number)) < 0) plenaryNumbers.push(Number(data.number));
          fillPlenaries();
          break;
        }
        case "theme.created":
        case "theme.updated":
        case "themes.reordered": w.setTimeout(fillThemes, 0); break;
        default: break;
      }
    }

    function onBoard(data) {
      OS.serverClock(data.server_time);
      starred = {};
      (data.starred || []).forEach(function (id) { starred[String(id)] = true; });
      if (typeof data.max_starred === "number") maxStars = data.max_starred;
      w.setTimeout(function () { fillThemes(); show(data.projector); countStars(); }, 0);
      loadPlenaries();
    }

    return { decorate: decorate, onEvent: onEvent, onBoard: onBoard };
  });
})(window, document, window.OpenSpace);
