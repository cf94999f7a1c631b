/* openspace: edit a workshop after creation (templates/_organiser_edit.html).
 *
 * Every input with data-field is filled from GET /api/v1/workshops/{id} and read back
 * into the PATCH by its type (text, textarea, number, checkbox, date, time, breaks), so
 * a new field is one line in the template. Times are the workshop's local clock: the
 * date field and a time make "2026-11-30T12:00", which the server reads in the
 * workshop's time zone. The server checks everything; its error points at the field. */
(function (w, d, OS) {
  "use strict";

  var section = OS.$("edit");
  if (!section) return;
  var form = OS.$("edit-form");
  var breaksBox = form.querySelector("[data-field=breaks]");
  var current = null; // the workshop being edited

  function token() { return OS.store.get("openspace.organiser"); }
  function path() { return "/api/v1/workshops/" + encodeURIComponent(current.id); }
  function fields() { return Array.prototype.slice.call(form.querySelectorAll("[data-field]")); }
  function nameOf(node) { return node.getAttribute("name") || node.getAttribute("data-name"); }

  /* The local date ("2026-11-30") and time ("12:00") of an ISO time in a zone. */
  function local(iso, timeZone) {
    var parts = {};
    var date = new Date(iso);
    if (isNaN(date.getTime())) return { date: "", time: "" };
    try {
      new Intl.DateTimeFormat("en-GB", {
        timeZone: timeZone || undefined, year: "numeric", month: "2-digit", day: "2-digit",
        hour: "2-digit", minute: "2-digit", hourCycle: "h23"
      }).formatToParts(date).forEach(function (p) { parts[p.type] = p.value; });
    } catch (e) { return { date: "", time: "" }; }
    return { date: parts.year + "-" + parts.month + "-" + parts.day, time: parts.hour + ":" + parts.minute };
  }

  function breakRow(from, to) {
    var n = breaksBox.querySelectorAll("li").length + 1;
    var startId = "e-break-" + n + "-from";
    var endId = "e-break-" + n + "-to";
    return OS.el("li", { class: "edit-breaks__row" }, [
      OS.el("label", { class: "label", for: startId, text: OS.t("org.break_starts") }),
      OS.el("input", { id: startId, class: "input", type: "time", value: from || "12:00", "data-break": "from" }),
      OS.el("label", { class: "label", for: endId, text: OS.t("org.break_ends") }),
      OS.el("input", { id: endId, class: "input", type: "time", value: to || "12:45", "data-break": "to" }),
      OS.el("button", { type: "button", class: "btn btn--small btn--quiet", "data-remove-break": "", text: OS.t("org.break_remove") })
    ]);
  }

  function valueOf(ws, name) {
    if (Object.prototype.hasOwnProperty.call(ws, name)) return ws[name];
    return (ws.privacy || {})[name];
  }

  function fill(ws) {
    var zone = ws.timezone;
    fields().forEach(function (node) {
      var type = node.getAttribute("data-field");
      var name = nameOf(node);
      var value = valueOf(ws, name);
      node.removeAttribute("aria-invalid");
      if (type === "checkbox") node.checked = !!value;
      else if (type === "date") node.value = local(ws.day_starts_at, zone).date;
      else if (type === "time") node.value = value ? local(value, zone).time : "";
      else if (type === "breaks") {
        var list = node.querySelector("ul");
        list.textContent = "";
        (value || []).forEach(function (b) {
          list.appendChild(breakRow(local(b.starts_at, zone).time, local(b.ends_at, zone).time));
        });
      } else node.value = value === null || value === undefined ? "" : String(value);
    });
  }

  function collect() {
    var body = {};
    var date = (form.querySelector("[data-field=date]") || {}).value || "";
    fields().forEach(function (node) {
      var type = node.getAttribute("data-field");
      var name = nameOf(node);
      if (type === "checkbox") body[name] = node.checked;
      else if (type === "date") return; // only the times carry it
      else if (type === "time") body[name] = date + "T" + node.value.slice(0, 5);
      else if (type === "number") body[name] = node.value.trim() === "" ? null : Number(node.value);
      else if (type === "breaks") {
        body[name] = Array.prototype.map.call(node.querySelectorAll("li"), function (row) {
          return { starts_at: date + "T" + row.querySelector("[data-break=from]").value.slice(0, 5),
                   ends_at: date + "T" + row.querySelector("[data-break=to]").value.slice(0, 5) };
        });
      } else body[name] = node.value.trim();
    });
    return body;
  }

  function open(id) {
    OS.say("edit-status", "");
    OS.api("GET", "/api/v1/workshops/" + encodeURIComponent(id), token()).then(function (ws) {
      current = ws;
      fill(ws);
      OS.setText("edit-title", OS.t("org.edit_title", { title: ws.title }));
      section.hidden = false;
      section.focus();
    }, function (e) { OS.say("list-status", e.message, "error"); });
  }

  d.addEventListener("click", function (ev) {
    var target = ev.target.closest ? ev.target.closest("button") : null;
    if (!target) return;
    if (target.hasAttribute("data-edit")) open(target.getAttribute("data-edit"));
    else if (target.hasAttribute("data-add-break")) breaksBox.querySelector("ul").appendChild(breakRow());
    else if (target.hasAttribute("data-remove-break")) target.closest("li").remove();
    else if (target.id === "edit-cancel") { section.hidden = true; current = null; }
  });

  form.addEventListener("input", function (ev) {
    if (ev.target && ev.target.removeAttribute) ev.target.removeAttribute("aria-invalid");
  });

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    if (!current) return;
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    OS.api("PATCH", path(), token(), collect()).then(function (ws) {
      button.disabled = false;
      current = ws;
      fill(ws);
      OS.setText("edit-title", OS.t("org.edit_title", { title: ws.title }));
      OS.say("edit-status", OS.t("org.saved"), "ok");
      if (OS.organiserReload) OS.organiserReload();
    }, function (e) {
      button.disabled = false;
      var node = e.field && /^[a-z_]+$/.test(e.field) && form.querySelector("[name=" + e.field + "], [data-name=" + e.field + "]");
      if (node) { node.setAttribute("aria-invalid", "true"); if (node.focus) node.focus(); }
      OS.say("edit-status", e.message, "error");
    });
  });
})(window, document, window.OpenSpace);
