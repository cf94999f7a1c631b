/* openspace: the facilitator's side panels (templates/facilitator.html): board settings,
 * the projector countdown, themes (add, rename, reorder), notes from paper, and the
 * export and moderation log downloads. facilitator.js calls OS.facilitatorPanels(board)
 * once and uses the returned {onBoard, onEvent, setThemes}. */
(function (w, d, OS) {
  "use strict";

  OS.facilitatorPanels = function (board) {
    var themes = [];

    function busy(btn, on) {
      if (on) btn.setAttribute("aria-busy", "true");
      else btn.removeAttribute("aria-busy");
    }

    /* ---------- settings: pre-moderation and the support cap ---------- */

    function showSettings(data) {
      if (typeof data.premoderation === "boolean") OS.$("set-premoderation").checked = data.premoderation;
      if (data.support_cap !== undefined) OS.$("set-cap").value = data.support_cap === null ? "" : String(data.support_cap);
    }

    OS.$("settings-form").addEventListener("submit", function (ev) {
      ev.preventDefault();
      var cap = OS.$("set-cap");
      var raw = cap.value.trim();
      var n = raw === "" ? null : Number(raw);
      if (n !== null && !(Math.floor(n) === n && n >= 1 && n <= 50)) {
        cap.setAttribute("aria-invalid", "true");
        OS.say("settings-status", OS.t("tk.cap_range"), "error");
        cap.focus();
        return;
      }
      cap.removeAttribute("aria-invalid");
      var btn = ev.target.querySelector("button[type=submit]");
      busy(btn, true);
      OS.api("PATCH", board.base + "/settings", board.token(),
        { support_cap: n, premoderation: OS.$("set-premoderation").checked }).then(function (r) {
        busy(btn, false);
        showSettings(r);
        OS.say("settings-status", OS.t("tk.settings_saved"), "ok");
      }, function (e) { busy(btn, false); OS.say("settings-status", e.message, "error"); });
    });

    /* ---------- countdown ---------- */

    var timer = null;
    function showTimer(t) {
      timer = t && t.ends_at ? t : null;
      OS.$("timer-stop").hidden = !timer;
      OS.setText("timer-state", timer
        ? OS.t("tk.timer_running", { time: OS.time(timer.ends_at), label: timer.label || OS.t("tk.timer") })
        : OS.t("tk.timer_none"));
    }

    OS.$("timer-form").addEventListener("submit", function (ev) {
      ev.preventDefault();
      var minutes = OS.$("timer-minutes");
      var n = Number(minutes.value);
      if (!(Math.floor(n) === n && n >= 1 && n <= 240)) {
        minutes.setAttribute("aria-invalid", "true");
        OS.say("timer-status", OS.t("tk.minutes_range"), "error");
        minutes.focus();
        return;
      }
      minutes.removeAttribute("aria-invalid");
      var label = OS.$("timer-label").value.trim();
      var body = { minutes: n };
      if (label) body.label = label;
      OS.api("PUT", board.base + "/timer", board.token(), body).then(function (t) {
        showTimer(t);
        OS.say("timer-status", OS.t("tk.timer_started"), "ok");
      }, function (e) { OS.say("timer-status", e.message, "error"); });
    });

    OS.$("timer-stop").addEventListener("click", function () {
      OS.api("DELETE", board.base + "/timer", board.token()).then(function () {
        showTimer(null);
        OS.say("timer-status", OS.t("tk.timer_stopped"), "ok");
        OS.$("timer-minutes").focus();
      }, function (e) { OS.say("timer-status", e.message, "error"); });
    });

    /* ---------- themes ---------- */

    function themeRow(theme, i) {
      var key = String(theme.id).replace(/[^A-Za-z0-9_-]/g, "_");
      var input = OS.el("input", { id: "theme-title-" + key, class: "input", type: "text", maxlength: 200 });
      input.value = theme.title;
      var up = OS.el("button", { type: "button", class: "btn btn--small btn--quiet", "data-move": "-1", "data-id": theme.id,
        disabled: i === 0, "aria-label": OS.t("tk.theme_up", { title: theme.title }), text: "\u2191" });
      var down = OS.el("button", { type: "button", class: "btn btn--small btn--quiet", "data-move": "1", "data-id": theme.id,
        disabled: i === themes.length - 1, "aria-label": OS.t("tk.theme_down", { title: theme.title }), text: "\u2193" });
      var form = OS.el("form", { class: "tk-theme", "data-id": theme.id, novalidate: true }, [
        OS.el("label", { class: "sr-only", for: input.id, text: OS.t("tk.theme_name", { number: i + 1 }) }),
        input,
        OS.el("button", { type: "submit", class: "btn btn--small", text: OS.t("tk.rename") }),
        up, down
      ]);
      return OS.el("li", {}, [form]);
    }

    function setThemes(list) {
      themes = (list || []).slice();
      var box = OS.$("theme-list");
      var focused = d.activeElement && box.contains(d.activeElement)
        ? [d.activeElement.getAttribute("data-id") || d.activeElement.closest("form").getAttribute("data-id"),
          d.activeElement.getAttribute("data-move") || "input"] : null;
      box.textContent = "";
      themes.forEach(function (t, i) { box.appendChild(themeRow(t, i)); });
      var sel = OS.$("paper-theme");
      var keep = sel.value;
      sel.textContent = "";
      themes.forEach(function (t) { sel.appendChild(OS.el("option", { value: t.id, text: t.title })); });
      if (keep) sel.value = keep;
      if (focused) {
        var form = box.querySelector('form[data-id="' + String(focused[0]).replace(/"/g, "") + '"]');
        var target = form && (focused[1] === "input" ? form.querySelector("input")
          : form.querySelector('[data-move="' + focused[1] + '"]:not([disabled])') || form.querySelector("input"));
        if (target) target.focus();
      }
    }

    OS.$("theme-list").addEventListener("submit", function (ev) {
      ev.preventDefault();
      var form = ev.target;
      var id = form.getAttribute("data-id");
      var title = form.querySelector("input").value.trim();
      OS.api("PATCH", board.base + "/themes/" + encodeURIComponent(id), board.token(), { title: title }).then(function (t) {
        board.themeChanged("theme.updated", t);
        OS.say("themes-status", OS.t("tk.theme_renamed"), "ok");
      }, function (e) { OS.say("themes-status", e.message, "error"); });
    });

    OS.$("theme-list").addEventListener("click", function (ev) {
      var btn = ev.target.closest && ev.target.closest("button[data-move]");
      if (!btn) return;
      var ids = themes.map(function (t) { return t.id; });
      var from = ids.indexOf(btn.getAttribute("data-id"));
      var to = from + Number(btn.getAttribute("data-move"));
      if (from < 0 || to < 0 || to >= ids.length) return;
      ids.splice(to, 0, ids.splice(from, 1)[0]);
      OS.api("PUT", board.base + "/themes/order", board.token(), { theme_ids: ids }).then(function (r) {
        board.themeChanged("themes.reordered", r);
        OS.say("themes-status", OS.t("tk.theme_moved"), "ok");
      }, function (e) { OS.say("themes-status", e.message, "error"); });
    });

    OS.$("theme-add-form").addEventListener("submit", function (ev) {
      ev.preventDefault();
      var input = OS.$("theme-add-title");
      if (!input.value.trim()) { OS.say("themes-status", OS.t("tk.theme_missing"), "error"); input.focus(); return; }
      OS.api("POST", board.base + "/themes", board.token(), { title: input.value }).then(function (t) {
        board.themeChanged("theme.created", t);
        input.value = "";
        OS.say("themes-status", OS.t("tk.theme_added"), "ok");
      }, function (e) { OS.say("themes-status", e.message, "error"); input.focus(); });
    });

    /* ---------- notes from paper: one card per line, all or nothing ---------- */

    var paperClientId = null; // kept until the text changes, so a retry stores nothing twice
    OS.$("paper-text").addEventListener("input", function () { paperClientId = null; });
    OS.$("paper-form").addEventListener("submit", function (ev) {
      ev.preventDefault();
      var area = OS.$("paper-text");
      var list = OS.$("paper-errors");
      list.textContent = "";
      if (!area.value.trim()) { OS.say("paper-status", OS.t("form.write_something"), "error"); area.focus(); return; }
      var btn = ev.target.querySelector("button[type=submit]");
      if (btn.getAttribute("aria-busy") === "true") return;
      busy(btn, true);
      paperClientId = paperClientId || OS.uuid().slice(0, 36);
      OS.api("POST", board.base + "/cards/bulk", board.token(), {
        client_id: paperClientId, theme_id: OS.$("paper-theme").value, kind: OS.$("paper-kind").value,
        text: area.value, origin: "paper"
      }).then(function (r) {
        busy(btn, false);
        (r.cards || []).forEach(function (c) { board.upsert(c, false); });
        area.value = "";
        paperClientId = null;
        area.removeAttribute("aria-invalid");
        OS.say("paper-status", OS.tn("tk.paper_added", (r.cards || []).length), "ok");
      }, function (e) {
        busy(btn, false);
        area.setAttribute("aria-invalid", "true");
        (e.errors || []).forEach(function (item) {
          list.appendChild(OS.el("li", { text: OS.t("tk.line_error", { line: item.line, message: item.message }) }));
        });
        OS.say("paper-status", e.message, "error");
        area.focus();
      });
    });

    /* ---------- export and moderation log ---------- */

    Array.prototype.forEach.call(d.querySelectorAll("[data-download]"), function (btn) {
      btn.addEventListener("click", function () {
        if (btn.getAttribute("aria-busy") === "true") return;
        busy(btn, true);
        OS.say("data-status", OS.t("tk.downloading"));
        OS.download(board.base + "/" + btn.getAttribute("data-download"), board.token(), btn.getAttribute("data-file"))
          .then(function () { busy(btn, false); OS.say("data-status", OS.t("tk.downloaded"), "ok"); },
            function (e) { busy(btn, false); OS.say("data-status", e.message, "error"); });
      });
    });

    function onEvent(evt) {
      var data = evt.data || {};
      switch (evt.type) {
        case "workshop.updated": showSettings(data); break;
        case "timer.started": showTimer(data); break;
        case "timer.stopped": showTimer(null); break;
        default: break;
      }
    }

    function onBoard(data) {
      showSettings(data);
      showTimer(data.timer);
    }

    return { onBoard: onBoard, onEvent: onEvent, setThemes: setThemes };
  };
})(window, document, window.OpenSpace);
