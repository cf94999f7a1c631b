/* openspace: every PDF of a workshop, for the facilitator and the organiser (templates/downloads.html). */
(function (w, d, OS) {
  "use strict";

  var wid = String(OS.page.workshop_id);
  var base = "/api/v1/workshops/" + encodeURIComponent(wid);
  var FACILITATOR_KEY = "openspace.facilitator." + wid;
  var ORGANISER_KEY = "openspace.organiser";

  var fromHash = OS.takeHashToken();
  // Tokens to try, best first; the first one the server accepts is kept.
  var candidates = [fromHash, OS.store.get(FACILITATOR_KEY), OS.store.get(ORGANISER_KEY)]
    .filter(function (t) { return t && typeof t === "string"; });
  var token = null;
  var tz = null;
  var rows = OS.$("plenary-rows");
  var pollTimer = null;
  var pollDelay = 10000;

  var authText = OS.$("auth-missing-text").textContent;
  function authMissing(message) {
    OS.$("app").hidden = true;
    OS.$("auth-missing").hidden = false;
    OS.setText("auth-missing-text", message || authText);
  }

  /* ---------- downloading ---------- */

  function fetchPdf(btn, path, filename, busyText) {
    if (btn.getAttribute("aria-busy") === "true") return;
    btn.setAttribute("aria-busy", "true");
    OS.say("download-status", busyText || OS.t("pdf.downloading"));
    OS.download(path, token, filename).then(function () {
      btn.removeAttribute("aria-busy");
      OS.say("download-status", OS.t("pdf.downloaded"), "ok");
    }, function (e) {
      btn.removeAttribute("aria-busy");
      OS.say("download-status", e.message, "error");
    });
  }

  OS.$("report-download").addEventListener("click", function (ev) {
    fetchPdf(ev.currentTarget, base + "/report.pdf", OS.t("file.report"), OS.t("report.making"));
  });
  OS.$("poster-download").addEventListener("click", function (ev) {
    fetchPdf(ev.currentTarget, base + "/poster.pdf", OS.t("file.poster"), OS.t("poster.making"));
  });

  rows.addEventListener("click", function (ev) {
    var btn = ev.target.closest && ev.target.closest("button[data-number]");
    if (!btn) return;
    var number = btn.getAttribute("data-number");
    fetchPdf(btn, base + "/plenaries/" + encodeURIComponent(number) + ".pdf", OS.t("file.plenary", { number: number }));
  });

  /* ---------- the table ---------- */

  /* Column names, shown before each value when the table is stacked on a phone. */
  var labels = Array.prototype.map.call(d.querySelectorAll(".files thead th"), function (th) {
    return th.textContent.trim();
  });

  function cell(column, attrs, children) {
    attrs.role = "cell";
    if (labels[column]) attrs["data-label"] = labels[column];
    return OS.el("td", attrs, children);
  }

  function plenaryRow(p) {
    var title = OS.t("plenary.title", { number: p.number });
    var ready = typeof p.pdf_size === "number";
    var name = OS.el("th", { scope: "row", role: "rowheader" }, [OS.el("span", { text: title })]);
    if (p.scheduled) name.appendChild(OS.el("span", { class: "plenary__tag", text: OS.t("plenary.scheduled") }));
    if (typeof p.cards === "number") {
      name.appendChild(OS.el("span", { class: "files__sub", text: OS.tn("plenary.new_cards", p.cards) }));
    }
    var button = OS.el("button", { type: "button", class: "btn btn--small", "data-number": p.number }, [
      OS.icon("download"),
      OS.el("span", { text: OS.t("pdf.download") }),
      OS.el("span", { class: "sr-only", text: " \u2013 " + title })
    ]);
    return OS.el("tr", { role: "row", "data-number": p.number }, [
      name,
      cell(1, { class: "nowrap", text: OS.timeWindow(p.starts_at, p.ends_at, tz) }),
      cell(2, {}, [OS.el("time", { datetime: p.ends_at, text: OS.dateTime(p.ends_at, tz) })]),
      cell(3, { class: ready ? "nowrap" : "files__pending", text: ready ? OS.fileSize(p.pdf_size) : OS.t("pdf.pending") }),
      OS.el("td", { role: "cell" }, [button])
    ]);
  }

  function render(list) {
    var focused = d.activeElement && rows.contains(d.activeElement)
      ? d.activeElement.getAttribute("data-number") : null;
    rows.textContent = "";
    var items = (list || []).slice().sort(function (a, b) { return Number(b.number) - Number(a.number); });
    if (!items.length) {
      rows.appendChild(OS.el("tr", { role: "row" }, [
        OS.el("td", { role: "cell", colspan: 5, class: "muted", text: OS.t("plenary.none") })
      ]));
    }
    items.forEach(function (p) { rows.appendChild(plenaryRow(p)); });
    if (focused !== null) {
      var again = rows.querySelector("button[data-number=\"" + focused.replace(/[^0-9]/g, "") + "\"]");
      if (again) again.focus();
    }
    // A PDF still being made: look again in a while.
    if (pollTimer) { w.clearTimeout(pollTimer); pollTimer = null; }
    if (items.some(function (p) { return typeof p.pdf_size !== "number"; })) {
      pollTimer = w.setTimeout(loadList, pollDelay);
      pollDelay = Math.min(30000, pollDelay + 5000);
    } else {
      pollDelay = 10000;
    }
  }

  function loadList(announce) {
    if (announce) OS.say("list-status", OS.t("downloads.loading"));
    return OS.api("GET", base + "/plenaries", token).then(function (data) {
      render((data && data.plenaries) || []);
      if (announce) OS.say("list-status", OS.t("downloads.updated"), "ok");
    }, function (e) {
      if (e.status === 401 || e.status === 403) { authMissing(null); return; }
      OS.say("list-status", e.message, "error");
    });
  }

  OS.$("refresh").addEventListener("click", function () { loadList(true); });

  function showWorkshop(data) {
    tz = data.timezone || null;
    if (data.day_starts_at && data.day_ends_at) {
      var cell = OS.$("report-window");
      cell.textContent = "";
      cell.classList.add("nowrap");
      cell.appendChild(d.createTextNode(OS.timeWindow(data.day_starts_at, data.day_ends_at, tz)));
    }
    OS.$("organiser-link").hidden = data.role !== "organiser";
  }

  /* ---------- start: find a token that works here (static/js/page_start.js) ---------- */

  OS.pageStart({
    path: base,
    tokens: candidates,
    accept: function (data) { return !!data && (data.role === "facilitator" || data.role === "organiser"); },
    keep: function (candidate, data) {
      token = candidate;
      if (candidate === fromHash) OS.store.set(data.role === "organiser" ? ORGANISER_KEY : FACILITATOR_KEY, candidate);
      OS.$("auth-missing").hidden = true;
    },
    onBoard: function (data) {
      showWorkshop(data);
      OS.$("app").hidden = false;
      loadList(false);
    },
    refused: function () { authMissing(null); },
    // The server could not be reached: say so; page_start tries again in a moment.
    onWait: function (e) { authMissing(e.message); }
  });
})(window, document, window.OpenSpace);
