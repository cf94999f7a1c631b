/* openspace: the organiser's series page (templates/series.html): the meetings with dates and
 * counts, how each initiative moved across them, and the next meeting with its invitation. */
(function (w, d, OS) {
  "use strict";

  var token = OS.store.get("openspace.organiser");
  var seriesId = OS.page.series_id;
  var workshopId = OS.page.workshop_id;
  var latest = null;    // the last meeting: the next one is made from it

  function source() {
    return seriesId ? "/api/v1/series/" + encodeURIComponent(seriesId)
      : "/api/v1/workshops/" + encodeURIComponent(workshopId) + "/series";
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function isoDate(date) {
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }

  function dateOnly(iso, timeZone) {
    var opts = { weekday: "long", day: "numeric", month: "long", year: "numeric" };
    if (timeZone) opts.timeZone = timeZone;
    try { return new Date(iso).toLocaleDateString(OS.lang, opts); } catch (e) { return iso; }
  }

  function status(value) {
    var names = { idea: OS.t("series.status.idea"), started: OS.t("series.status.started"),
      tested: OS.t("series.status.tested"), anchored: OS.t("series.status.anchored"),
      stopped: OS.t("series.status.stopped") };
    return names[value] || names.idea;
  }

  function meetingItem(m) {
    var c = m.counts;
    var facts = [
      OS.tn("series.new_cards", c.cards), OS.tn("series.carried_cards", c.carried),
      OS.tn("series.initiatives", c.initiatives), OS.tn("series.participants", c.participants)
    ];
    var when = OS.t("series.when", { date: dateOnly(m.day_starts_at, m.timezone),
      time: OS.timeWindow(m.day_starts_at, m.day_ends_at, m.timezone) });
    var poster = OS.el("button", { type: "button", class: "btn btn--small", text: OS.t("series.poster") });
    poster.addEventListener("click", function () {
      OS.download(m.poster_url, token, OS.t("series.poster_file", { code: m.join_code }))
        .catch(function (e) { OS.say("series-status", e.message, "error"); });
    });
    return OS.el("li", { class: "series-meeting", "data-workshop": m.workshop_id }, [
      OS.el("h3", { class: "series-meeting__title",
        text: OS.t("series.meeting_n", { n: m.position }) + ": " + m.title }),
      OS.el("p", { class: "series-meeting__when", text: m.place ? when + " · " + m.place : when }),
      OS.el("p", { class: "muted", text: facts.join(" · ") }),
      OS.el("p", { class: "links" }, [
        OS.el("a", { class: "btn btn--small", href: OS.root + "/f/" + encodeURIComponent(m.workshop_id),
          text: OS.t("series.open_facilitator") }),
        poster,
        OS.el("a", { class: "btn btn--small", href: OS.root + m.calendar_url, download: "",
          text: OS.t("series.calendar") }),
        OS.el("span", { class: "code", text: m.join_code })
      ])
    ]);
  }

  function renderTrail(data) {
    var table = OS.$("trail");
    table.textContent = "";
    OS.$("trail-empty").hidden = data.initiatives.length > 0;
    table.parentNode.hidden = !data.initiatives.length;
    if (!data.initiatives.length) return;
    var head = [OS.el("th", { scope: "col", text: OS.t("series.initiative") })];
    data.meetings.forEach(function (m) {
      head.push(OS.el("th", { scope: "col", text: OS.t("series.meeting_n", { n: m.position }) }));
    });
    table.appendChild(OS.el("caption", { class: "sr-only", text: OS.t("series.trail_caption") }));
    table.appendChild(OS.el("thead", {}, [OS.el("tr", {}, head)]));
    var body = OS.el("tbody");
    data.initiatives.forEach(function (item) {
      var row = [OS.el("th", { scope: "row", text: item.text })];
      item.meetings.forEach(function (at) {
        if (!at) { row.push(OS.el("td", { class: "muted", text: "–" })); return; }
        row.push(OS.el("td", {}, [
          OS.el("span", { class: "series-status series-status--" + at.status, text: status(at.status) }),
          OS.el("span", { class: "series-count", text: OS.tn("series.in", at.commitments) })
        ]));
      });
      body.appendChild(OS.el("tr", {}, row));
    });
    table.appendChild(body);
  }

  /* The series' one register: "14 organisationer – 3 nye siden sidste møde", then by sector. */
  function renderOrganisations(orgs) {
    if (!orgs || !OS.$("series-orgs")) return;
    OS.setText("series-orgs-line", orgs.line);
    var list = OS.$("series-orgs-sectors");
    list.textContent = "";
    orgs.sectors.forEach(function (s) {
      list.appendChild(OS.el("li", { text: s.label + ": " + s.count }));
    });
    OS.$("series-ci").hidden = !seriesId;  // a workshop alone has its own status PDF
  }

  function render(data) {
    seriesId = data.id || seriesId;
    latest = data.meetings[data.meetings.length - 1];
    OS.setText("series-title", data.title);
    var list = OS.$("meetings");
    list.textContent = "";
    data.meetings.forEach(function (m) { list.appendChild(meetingItem(m)); });
    renderTrail(data);
    renderOrganisations(data.organisations);
    var date = OS.$("n-date");
    if (!date.value) {
      var next = new Date(latest.date + "T12:00:00");
      next.setDate(next.getDate() + 91);
      date.value = isoDate(next);
    }
    if (!OS.$("n-title").value) OS.$("n-title").value = latest.title;
    // Left empty, the next meeting is where the latest one was (services/series.py).
    OS.$("n-place").placeholder = latest.place || "";
    OS.$("series-app").hidden = false;
    OS.say("series-status", "");
  }

  function load() {
    OS.say("series-status", OS.t("series.loading"));
    return OS.api("GET", source(), token).then(render, function (e) {
      if (e.status === 401 || e.status === 403) { OS.$("series-login").hidden = false; OS.say("series-status", ""); return; }
      OS.say("series-status", e.message, "error");
    });
  }

  OS.$("series-ci").addEventListener("click", function () {
    OS.download("/api/v1/series/" + encodeURIComponent(seriesId) + "/ci-status.pdf", token,
      OS.t("al.ci_file")).catch(function (e) { OS.say("series-status", e.message, "error"); });
  });

  OS.$("next-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    if (!latest) return;
    var body = { date: OS.$("n-date").value, starts: OS.$("n-starts").value.slice(0, 5),
      ends: OS.$("n-ends").value.slice(0, 5), place: OS.$("n-place").value.trim() };
    var title = OS.$("n-title").value.trim();
    if (title) body.title = title;
    var button = ev.target.querySelector("button[type=submit]");
    button.disabled = true;
    OS.say("next-error", OS.t("series.creating"));
    OS.api("POST", "/api/v1/workshops/" + encodeURIComponent(latest.workshop_id) + "/next", token, body)
      .then(function (made) {
        button.disabled = false;
        OS.say("next-error", "");
        seriesId = made.series_id;
        if (w.history && w.history.replaceState) w.history.replaceState(null, "", OS.root + "/o/series/" + encodeURIComponent(seriesId));
        OS.setText("next-result-text", OS.t("series.created", { title: made.title, cards: made.carried.cards }));
        OS.$("next-facilitator").href = made.facilitator_url;
        OS.$("n-date").value = "";
        OS.$("n-place").value = "";
        var box = OS.$("next-result");
        box.hidden = false;
        return load().then(function () { box.focus(); });
      }, function (e) {
        button.disabled = false;
        var input = e.field && /^[a-z_]+$/.test(e.field) && ev.target.querySelector("[name=" + e.field + "]");
        if (input) { input.setAttribute("aria-invalid", "true"); input.focus(); }
        OS.say("next-error", e.message, "error");
      });
  });
  OS.$("next-form").addEventListener("input", function (ev) {
    if (ev.target && ev.target.removeAttribute) ev.target.removeAttribute("aria-invalid");
  });

  if (!token) { OS.$("series-login").hidden = false; return; }
  load();
})(window, document, window.OpenSpace);
