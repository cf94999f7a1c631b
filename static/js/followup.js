/* openspace: the "Opfølgning" page (templates/followup.html): initiatives after the day,
 * their status, lead, next step, next meeting and notes; editable; as a PDF. */
(function (w, d, OS) {
  "use strict";

  /* 2027-03-15 → 15.03.2027, as dates are written in Danish (and read in English). */
  function day(iso) { return iso ? iso.slice(8, 10) + "." + iso.slice(5, 7) + "." + iso.slice(0, 4) : ""; }

  var wid = String(OS.page.workshop_id);
  var base = "/api/v1/workshops/" + encodeURIComponent(wid);
  var FACILITATOR_KEY = "openspace.facilitator." + wid;
  var ORGANISER_KEY = "openspace.organiser";
  var STATUSES = ["idea", "started", "tested", "anchored", "stopped"];
  var themeTitles = OS.themeTitles(OS.page.themes || []);
  var candidates = [OS.takeHashToken(), OS.store.get(FACILITATOR_KEY), OS.store.get(ORGANISER_KEY)]
    .filter(function (t, i, all) { return t && typeof t === "string" && all.indexOf(t) === i; });
  var token = null;
  var list = OS.$("fu-list");
  var opened = {};  // card id -> true: its form stays open when the list is drawn again

  Array.prototype.forEach.call(d.querySelectorAll("option[data-status]"), function (o) {
    o.textContent = OS.t("fu.status." + o.getAttribute("data-status"));
  });

  function query() {
    var q = [];
    if (OS.$("fu-status").value) q.push("status=" + encodeURIComponent(OS.$("fu-status").value));
    if (OS.$("fu-theme").value) q.push("theme_id=" + encodeURIComponent(OS.$("fu-theme").value));
    return q.length ? "?" + q.join("&") : "";
  }

  function field(id, label, input) {
    return OS.el("div", { class: "field" }, [OS.el("label", { class: "label", for: id, text: label }), input]);
  }

  function noteItem(cardId, n) {
    return OS.el("li", { class: "fu-note" }, [
      OS.el("strong", { text: day(n.date) + " " }), OS.el("span", { text: n.text }),
      OS.el("button", { type: "button", class: "btn btn--small btn--quiet", "data-note": n.id,
        "data-card": cardId, text: OS.t("fu.delete_note") })
    ]);
  }

  function item(row) {
    var card = row.card, fu = row.followup, id = card.id;
    var status = OS.el("select", { id: "st-" + id, class: "input", name: "status" },
      STATUSES.map(function (s) {
        var o = OS.el("option", { value: s, text: OS.t("fu.status." + s) });
        if (s === fu.status) o.selected = true;
        return o;
      }));
    var form = OS.el("form", { class: "fu-form", "data-card": id }, [
      field("st-" + id, OS.t("fu.status"), status),
      field("ld-" + id, OS.t("fu.lead"), OS.el("input", { id: "ld-" + id, class: "input", name: "lead", maxlength: "200", value: fu.lead || "" })),
      field("ns-" + id, OS.t("fu.next_step"), OS.el("textarea", { id: "ns-" + id, class: "input", name: "next_step", rows: "2", maxlength: "1000", text: fu.next_step || "" })),
      field("nm-" + id, OS.t("fu.next_meeting"), OS.el("input", { id: "nm-" + id, class: "input", type: "date", name: "next_meeting", value: fu.next_meeting || "" })),
      OS.el("button", { type: "submit", class: "btn btn--small btn--primary", text: OS.t("fu.save") }),
      OS.el("p", { class: "form-status", "aria-live": "polite" })
    ]);
    var notes = OS.el("ul", { class: "fu-notes" }, row.notes.map(function (n) { return noteItem(id, n); }));
    var noteForm = OS.el("form", { class: "fu-note-form", "data-card": id }, [
      field("nd-" + id, OS.t("fu.note_date"), OS.el("input", { id: "nd-" + id, class: "input", type: "date", name: "date" })),
      field("nt-" + id, OS.t("fu.note_text"), OS.el("input", { id: "nt-" + id, class: "input", name: "text", maxlength: "2000", required: "required" })),
      OS.el("button", { type: "submit", class: "btn btn--small", text: OS.t("fu.add_note") })
    ]);
    var facts = [themeTitles[card.theme_id] || "", OS.t("fu.in", { count: row.commitments })];
    var plan = [];
    if (fu.lead) plan.push(OS.t("fu.lead") + ": " + fu.lead);
    if (fu.next_step) plan.push(OS.t("fu.next_step") + ": " + fu.next_step);
    if (fu.next_meeting) plan.push(OS.t("fu.next_meeting") + ": " + day(fu.next_meeting));
    /* One line per initiative at a glance (90 of them on a real day); the form opens on demand. */
    return OS.el("li", { class: "fu-item fu-item--" + fu.status, id: "fu-" + id }, [
      OS.el("p", { class: "fu-badge", text: OS.t("fu.status." + fu.status) }),
      OS.el("h2", { class: "fu-title", text: card.text }),
      OS.el("p", { class: "muted", text: facts.join(" · ") }),
      plan.length ? OS.el("p", { class: "fu-plan", text: plan.join(" · ") }) : null,
      row.actors.length ? OS.el("p", { class: "fu-actors", text: OS.t("fu.actors") + ": " + row.actors.map(function (a) { return a.text; }).join("; ") }) : null,
      row.notes.length ? notes : null,
      OS.el("details", { class: "fu-edit", "data-card": id, open: opened[id] ? "open" : null }, [
        OS.el("summary", { text: OS.t("fu.edit") }), form,
        OS.el("h3", { class: "fu-sub", text: OS.t("fu.notes") }), row.notes.length ? null : notes, noteForm
      ])
    ]);
  }

  /* An initiative someone is editing here (its form open, a field in it focused or
   * changed): a redraw for another facilitator's change leaves it as it is. */
  var saved = {};  // card id -> true: saved here, drawn again from the server's answer
  function busy(id) {
    if (saved[id]) return false;
    var node = OS.$("fu-" + id);
    var edit = node && node.querySelector("details.fu-edit");
    return !!(edit && edit.open && (edit.contains(d.activeElement) || edit.hasAttribute("data-dirty")));
  }

  function render(data) {
    var kept = {};
    data.initiatives.forEach(function (row) {
      if (busy(row.card.id)) kept[row.card.id] = OS.$("fu-" + row.card.id);
    });
    saved = {};
    list.textContent = "";
    data.initiatives.forEach(function (row) { list.appendChild(kept[row.card.id] || item(row)); });
    OS.setText("fu-count", data.initiatives.length ? OS.t("fu.count", { count: data.initiatives.length }) : OS.t("fu.none"));
  }

  var live = null;
  function load() {
    return OS.api("GET", base + "/followup" + query(), token).then(function (data) {
      render(data);
      if (!live) goLive(data.seq || 0);
    }, function (e) {
      OS.say("fu-status-line", e.message, "error");
    });
  }

  /* Another facilitator changes a status, adds a note, a card changes: draw the list
   * again (once for a burst of events), so two people following up never overwrite
   * each other's view. */
  var LIVE_TYPES = /^(followup\.|card\.|commitment\.|link\.|theme\.)/;
  var again = null;
  function goLive(seq) {
    live = OS.live({
      workshopId: wid, seq: seq, token: function () { return token; },
      onStatus: OS.showStatus,
      onEvent: function (evt) {
        if (!LIVE_TYPES.test(evt.type || "")) return;
        if (again) w.clearTimeout(again);
        again = w.setTimeout(function () { again = null; load(); }, 250);
      }
    });
  }

  list.addEventListener("input", function (ev) {
    var edit = ev.target.closest && ev.target.closest("details.fu-edit");
    if (edit) edit.setAttribute("data-dirty", "");
  });

  list.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var form = ev.target, id = form.getAttribute("data-card");
    var el = form.elements;
    saved[id] = true;
    if (form.classList.contains("fu-form")) {
      OS.api("PATCH", base + "/cards/" + encodeURIComponent(id) + "/followup", token, {
        status: el.status.value, lead: el.lead.value || null, next_step: el.next_step.value || null,
        next_meeting: el.next_meeting.value || null
      }).then(function () { OS.say("fu-status-line", OS.t("fu.saved"), "ok"); load(); },
        function (e) { OS.say("fu-status-line", e.message, "error"); });
    } else {
      var body = { text: el.text.value };
      if (el.date.value) body.date = el.date.value;
      OS.api("POST", base + "/cards/" + encodeURIComponent(id) + "/followup/notes", token, body)
        .then(function () { OS.say("fu-status-line", OS.t("fu.saved"), "ok"); load(); },
          function (e) { OS.say("fu-status-line", e.message, "error"); });
    }
  });

  list.addEventListener("click", function (ev) {
    var btn = ev.target.closest && ev.target.closest("button[data-note]");
    if (!btn) return;
    OS.api("DELETE", base + "/cards/" + encodeURIComponent(btn.getAttribute("data-card")) +
      "/followup/notes/" + encodeURIComponent(btn.getAttribute("data-note")), token).then(load,
      function (e) { OS.say("fu-status-line", e.message, "error"); });
  });

  list.addEventListener("toggle", function (ev) {
    var id = ev.target.getAttribute && ev.target.getAttribute("data-card");
    if (id && ev.target.tagName === "DETAILS") opened[id] = ev.target.open;
  }, true);

  OS.$("fu-status").addEventListener("change", load);
  OS.$("fu-theme").addEventListener("change", load);
  OS.$("fu-pdf").addEventListener("click", function () {
    OS.download(base + "/followup.pdf" + query(), token, "opfoelgning.pdf").catch(function (e) {
      OS.say("fu-status-line", e.message, "error");
    });
  });

  /* The first token the server accepts as a moderator's is kept. */
  function tryNext(i) {
    if (i >= candidates.length) { OS.$("auth-missing").hidden = false; return; }
    OS.api("GET", base + "/followup/term", candidates[i]).then(function () {
      token = candidates[i];
      OS.$("app").hidden = false;
      load();
    }, function () { tryNext(i + 1); });
  }
  tryNext(0);
})(window, document, window.OpenSpace);
