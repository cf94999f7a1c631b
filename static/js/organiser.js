/* openspace: the organiser's page (templates/organiser.html). */
(function (w, d, OS) {
  "use strict";

  var KEY = "openspace.organiser";
  var MAX_THEMES = 30;
  var TIMEZONE = "Europe/Copenhagen";

  var fromHash = OS.takeHashToken();
  if (fromHash) OS.store.set(KEY, fromHash);
  var token = OS.store.get(KEY);

  var login = OS.$("login");
  var app = OS.$("app");
  var logout = OS.$("logout");
  var form = OS.$("create-form");
  var list = OS.$("ws-list");

  function showLogin(message) {
    app.hidden = true;
    logout.hidden = true;
    login.hidden = false;
    OS.say("login-error", message || "", "error");
    if (message) OS.$("login-token").focus();
  }

  function showApp() {
    login.hidden = true;
    app.hidden = false;
    logout.hidden = false;
    loadList();
  }

  OS.$("login-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var value = OS.$("login-token").value.trim();
    if (!value) { OS.say("login-error", OS.t("organiser.key_missing"), "error"); return; }
    OS.api("GET", "/api/v1/workshops", value).then(function (data) {
      token = value;
      OS.store.set(KEY, token);
      OS.$("login-token").value = "";
      showApp();
      renderList(data);
    }, function (e) {
      OS.say("login-error", e.status === 401 || e.status === 403 ? OS.t("organiser.key_wrong") : e.message, "error");
    });
  });

  logout.addEventListener("click", function () {
    OS.store.remove(KEY);
    token = null;
    list.textContent = "";
    OS.$("result").hidden = true;
    showLogin("");
  });

  /* ---------- the list of workshops ---------- */

  function loadList() {
    OS.say("list-status", OS.t("organiser.loading"));
    OS.api("GET", "/api/v1/workshops", token).then(renderList, function (e) {
      if (e.status === 401 || e.status === 403) { showLogin(OS.t("organiser.key_wrong")); return; }
      OS.say("list-status", e.message, "error");
    });
  }

  OS.organiserReload = loadList; // organiser_edit.js shows a saved change in the list

  function languageName(code) { return OS.t("language." + code); }

  function dateOnly(iso, timeZone) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) return "";
    var opts = { day: "numeric", month: "short", year: "numeric" };
    if (timeZone) opts.timeZone = timeZone;
    try { return date.toLocaleDateString(OS.lang, opts); } catch (e) { return date.toLocaleDateString(); }
  }

  /* ---------- the day's schedule: today, 09:00 to 16:00 unless changed ---------- */

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function today() {
    var now = new Date();
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }
  (function () {
    var date = OS.$("c-date");
    // defaultValue: form.reset() after creating a workshop puts today back, not an empty field.
    date.defaultValue = today();
    date.value = today();
  })();

  var DATE = /^\d{4}-\d{2}-\d{2}$/;
  var TIME = /^\d{2}:\d{2}/;

  function renderList(data) {
    var items = (data && data.workshops) || [];
    list.textContent = "";
    OS.say("list-status", items.length ? "" : OS.t("organiser.none"));
    items.forEach(function (ws) {
      var facilitatorHref = ws.facilitator_url || (OS.root + "/f/" + encodeURIComponent(ws.id));
      var when = OS.dateTime(ws.created_at, ws.timezone);
      var meta = [languageName(ws.language), OS.tn("organiser.cards", Number(ws.card_count) || 0)];
      if (ws.day_starts_at && ws.day_ends_at) {
        meta.push(OS.t("organiser.day", {
          date: dateOnly(ws.day_starts_at, ws.timezone),
          time: OS.timeWindow(ws.day_starts_at, ws.day_ends_at, ws.timezone)
        }));
      }
      if (when) meta.push(OS.t("organiser.created", { when: when }));
      var qrBase = OS.root + "/w/" + encodeURIComponent(ws.id);
      list.appendChild(OS.el("li", { class: "ws-item" }, [
        OS.el("h3", { class: "ws-item__title", text: ws.title }),
        OS.el("p", { class: "muted", text: meta.join(" · ") }),
        OS.el("dl", { class: "facts facts--inline" }, [
          OS.el("dt", { text: OS.t("organiser.join_link") }),
          OS.el("dd", {}, [OS.el("a", { href: ws.join_url, text: ws.join_url })]),
          OS.el("dt", { text: OS.t("organiser.join_code") }),
          OS.el("dd", { class: "code", text: ws.join_code })
        ]),
        OS.el("p", { class: "links" }, [
          OS.el("a", { class: "btn btn--small", href: facilitatorHref, text: OS.t("organiser.open_facilitator") }),
          OS.el("a", { class: "btn btn--small", href: OS.root + "/f/" + encodeURIComponent(ws.id) + "/projector",
            text: OS.t("organiser.open_projector") }),
          OS.el("a", { class: "btn btn--small", href: OS.root + "/f/" + encodeURIComponent(ws.id) + "/downloads",
            text: OS.t("organiser.downloads") }),
          OS.el("a", { class: "btn btn--small", href: OS.root + "/o/workshops/" + encodeURIComponent(ws.id) + "/series",
            text: OS.t("organiser.series") }),
          OS.el("button", { type: "button", class: "btn btn--small", "data-edit": ws.id, text: OS.t("org.edit") }), // organiser_edit.js
          OS.el("a", { class: "btn btn--small", href: OS.root + "/f/" + encodeURIComponent(ws.id) + "/followup",
            text: OS.t("fu.page") }),
          OS.el("a", { href: qrBase + "/qr.png", download: "", text: OS.t("organiser.qr_png") }),
          OS.el("button", { type: "button", class: "btn btn--small btn--quiet", "data-reissue": ws.id,
            text: OS.t("link.reissue") }),
          OS.el("a", { href: OS.root + "/organiser/workshops/" + encodeURIComponent(ws.id) + "/delete", text: OS.t("organiser.delete") })
        ])
      ]));
    });
  }

  /* ---------- creating a workshop ---------- */

  function fieldError(input, message) {
    input.setAttribute("aria-invalid", "true");
    OS.say("create-error", message, "error");
    input.focus();
  }

  form.addEventListener("input", function (ev) {
    if (ev.target && ev.target.removeAttribute) ev.target.removeAttribute("aria-invalid");
  });

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    OS.say("create-error", "");
    var title = OS.$("c-title");
    var themesBox = OS.$("c-themes");
    var every = OS.$("c-every");
    var themes = themesBox.value.split(/\r?\n/).map(function (s) { return s.trim(); })
      .filter(function (s, i, all) { return s && all.indexOf(s) === i; });
    if (!title.value.trim()) { fieldError(title, OS.t("organiser.title_missing")); return; }
    if (!themes.length) { fieldError(themesBox, OS.t("organiser.themes_missing")); return; }
    if (themes.length > MAX_THEMES) { fieldError(themesBox, OS.t("organiser.themes_too_many", { max: MAX_THEMES })); return; }
    var day = OS.$("c-date");
    var starts = OS.$("c-start");
    var ends = OS.$("c-end");
    if (!DATE.test(day.value)) { fieldError(day, OS.t("organiser.date_missing")); return; }
    if (!TIME.test(starts.value)) { fieldError(starts, OS.t("organiser.time_missing")); return; }
    if (!TIME.test(ends.value)) { fieldError(ends, OS.t("organiser.time_missing")); return; }
    var startTime = starts.value.slice(0, 5);
    var endTime = ends.value.slice(0, 5);
    if (endTime <= startTime) { fieldError(ends, OS.t("organiser.end_before_start")); return; }
    var minutes = parseInt(every.value, 10);
    if (!(minutes >= 5 && minutes <= 1440)) { fieldError(every, OS.t("organiser.every_range")); return; }
    var body = {
      title: title.value.trim(),
      vision: OS.$("c-vision").value.trim(),
      language: OS.$("c-language").value,
      themes: themes,
      plenary_every_minutes: minutes,
      timezone: TIMEZONE,
      day_starts_at: day.value + "T" + startTime,
      day_ends_at: day.value + "T" + endTime
    };
    body.controller_name = OS.$("c-controller-name").value.trim();
    body.controller_contact = OS.$("c-controller-contact").value.trim();
    body.retention_days = parseInt(OS.$("c-retention").value, 10) || 30;
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    OS.say("create-error", OS.t("organiser.creating"));
    OS.api("POST", "/api/v1/workshops", token, body).then(function (created) {
      button.disabled = false;
      OS.say("create-error", "");
      form.reset();
      showResult(created);
      // The import and export below follow the workshop just made (organiser_transfer.js).
      d.dispatchEvent(new w.CustomEvent("openspace:workshop-created", { detail: { id: created.id } }));
      loadList();
    }, function (e) {
      button.disabled = false;
      if (e.status === 401 || e.status === 403) { showLogin(OS.t("organiser.key_wrong")); return; }
      var input = e.field && /^[a-z_]+$/.test(e.field) && form.querySelector("[name=" + e.field + "]");
      if (input) fieldError(input, e.message);
      else OS.say("create-error", e.message, "error");
    });
  });

  function showResult(created) {
    var qrBase = OS.root + "/w/" + encodeURIComponent(created.id);
    var joinLink = OS.$("r-join-url");
    joinLink.href = created.join_url;
    joinLink.textContent = created.join_url;
    OS.setText("r-join-code", created.join_code);
    OS.$("r-qr").src = qrBase + "/qr.svg";
    OS.$("r-qr-png").href = qrBase + "/qr.png";
    OS.$("r-qr-svg").href = qrBase + "/qr.svg";
    OS.$("r-fac-url").value = created.facilitator_url;
    OS.$("r-fac-open").href = created.facilitator_url;
    var panel = OS.$("result");
    panel.hidden = false;
    panel.focus();
  }

  /* Copy buttons: data-copy="<id of a read-only input>". */
  d.addEventListener("click", function (ev) {
    var btn = ev.target.closest && ev.target.closest("[data-copy]");
    if (!btn) return;
    var input = OS.$(btn.getAttribute("data-copy"));
    if (!input) return;
    OS.copy(input.value, input).then(function (ok) {
      OS.say("copy-status", ok ? OS.t("copy.done") : OS.t("copy.failed"));
      if (ok) {
        var label = btn.textContent;
        btn.textContent = OS.t("copy.done_short");
        w.setTimeout(function () { btn.textContent = label; }, 2000);
      }
    });
  });

  if (token) showApp(); else showLogin("");
})(window, document, window.OpenSpace);
