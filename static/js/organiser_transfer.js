/* openspace: the organiser's import and export section (templates/organiser.html).
 * Import: check the file first (a dry run shows every row and every error by line),
 * then import all rows or none. Export: a zip of CSV files or JSON, at any time. */
(function (w, d, OS) {
  "use strict";

  var select = OS.$("t-workshop");
  if (!select) return;
  var checked = null;   // the {format, content} the last clean preview was made from

  function token() { return OS.store.get("openspace.organiser"); }
  function base() { return "/api/v1/workshops/" + encodeURIComponent(select.value); }
  function format() { return OS.$("t-json").checked ? "json" : "csv"; }

  /* Fill the workshop select whenever organiser.js redraws its list. */
  function loadWorkshops() {
    if (!token()) return;
    OS.api("GET", "/api/v1/workshops", token()).then(function (data) {
      var keep = wanted || select.value;
      select.textContent = "";
      (data.workshops || []).forEach(function (ws) {
        select.appendChild(OS.el("option", { value: ws.id, text: ws.title }));
      });
      if (keep) select.value = keep;
      if (wanted && select.value === wanted) { wanted = null; reset(); }
    }, function () {});
  }
  /* After "Opret workshop" the import goes to the new workshop, never the one before. */
  var wanted = null;
  d.addEventListener("openspace:workshop-created", function (ev) {
    wanted = ev.detail && ev.detail.id ? String(ev.detail.id) : null;
    if (wanted && Array.prototype.some.call(select.options, function (o) { return o.value === wanted; })) {
      select.value = wanted;
      reset();
    }
  });
  new w.MutationObserver(loadWorkshops).observe(OS.$("ws-list"), { childList: true });
  loadWorkshops();

  function reset() {
    checked = null;
    OS.$("t-import").disabled = true;
  }
  ["t-content", "t-workshop", "t-csv", "t-json"].forEach(function (id) {
    OS.$(id).addEventListener("input", reset);
    OS.$(id).addEventListener("change", reset);
  });

  OS.$("t-file").addEventListener("change", function (ev) {
    var file = ev.target.files && ev.target.files[0];
    if (!file) return;
    if (/\.json$/i.test(file.name)) OS.$("t-json").checked = true;
    else OS.$("t-csv").checked = true;
    file.text().then(function (text) { OS.$("t-content").value = text; reset(); });
  });

  function showErrors(errors) {
    var list = OS.$("t-errors");
    list.textContent = "";
    (errors || []).forEach(function (item) {
      list.appendChild(OS.el("li", { text: OS.t("tk.line_error", { line: item.line, message: item.message }) }));
    });
  }

  function showPreview(rows) {
    var box = OS.$("t-preview");
    box.textContent = "";
    box.hidden = !rows.length;
    if (!rows.length) return;
    var head = ["imp.col_line", "imp.col_theme", "imp.col_kind", "imp.col_text", "imp.col_org"].map(function (k) {
      return OS.el("th", { scope: "col", text: OS.t(k) });
    });
    var body = rows.map(function (r) {
      return OS.el("tr", {}, [
        OS.el("td", { text: String(r.line) }), OS.el("td", { text: r.theme + (r.new_theme ? " *" : "") }),
        OS.el("td", { text: OS.kindLabel(r.kind) }), OS.el("td", { text: r.text }),
        OS.el("td", { text: r.organisation || "" })
      ]);
    });
    box.appendChild(OS.el("table", { class: "tk-preview" }, [
      OS.el("thead", {}, [OS.el("tr", {}, head)]), OS.el("tbody", {}, body)
    ]));
  }

  OS.$("t-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    reset();
    showErrors([]);
    showPreview([]);
    if (!select.value) { OS.say("t-status", OS.t("imp.pick_workshop"), "error"); select.focus(); return; }
    var content = OS.$("t-content").value;
    if (!content.trim()) { OS.say("t-status", OS.t("imp.pick_file"), "error"); OS.$("t-file").focus(); return; }
    var body = { format: format(), content: content };
    OS.say("t-status", OS.t("imp.checking"));
    OS.api("POST", base() + "/import?dry_run=1", token(), body).then(function (plan) {
      showPreview(plan.rows || []);
      showErrors(plan.errors);
      if (plan.errors && plan.errors.length) { OS.say("t-status", OS.t("imp.has_errors"), "error"); return; }
      checked = body;
      OS.$("t-import").disabled = false;
      var text = OS.tn("imp.ok", (plan.rows || []).length);
      if (plan.new_themes && plan.new_themes.length) text += " " + OS.t("imp.new_themes", { themes: plan.new_themes.join(", ") });
      OS.say("t-status", text, "ok");
    }, function (e) { showErrors(e.errors); OS.say("t-status", e.message, "error"); });
  });

  OS.$("t-import").addEventListener("click", function (ev) {
    var btn = ev.currentTarget;
    if (!checked || btn.getAttribute("aria-busy") === "true") return;
    btn.setAttribute("aria-busy", "true");
    OS.say("t-status", OS.t("imp.importing"));
    OS.api("POST", base() + "/import", token(), checked).then(function (r) {
      btn.removeAttribute("aria-busy");
      reset();
      showPreview([]);
      OS.$("t-content").value = "";
      OS.say("t-status", OS.tn("imp.done", r.imported), "ok");
    }, function (e) {
      btn.removeAttribute("aria-busy");
      showErrors(e.errors);
      OS.say("t-status", e.message, "error");
    });
  });

  Array.prototype.forEach.call(d.querySelectorAll("[data-export]"), function (btn) {
    btn.addEventListener("click", function () {
      if (!select.value) { OS.say("t-export-status", OS.t("imp.pick_workshop"), "error"); return; }
      OS.say("t-export-status", OS.t("tk.downloading"));
      OS.download(base() + "/" + btn.getAttribute("data-export"), token(), btn.getAttribute("data-file")).then(
        function () { OS.say("t-export-status", OS.t("tk.downloaded"), "ok"); },
        function (e) { OS.say("t-export-status", e.message, "error"); });
    });
  });
})(window, document, window.OpenSpace);
