/* openspace: export a workshop, then delete it for good (templates/delete_workshop.html). */
(function (w, d, OS) {
  "use strict";

  var wid = String((OS.page.workshop || {}).id);
  var token = OS.takeHashToken() || OS.store.get("openspace.organiser");

  d.addEventListener("click", function (ev) {
    var btn = ev.target.closest ? ev.target.closest("button[data-download]") : null;
    if (!btn) return;
    OS.say("delete-status", OS.t("pdf.downloading"));
    OS.download(btn.getAttribute("data-download"), token, btn.getAttribute("data-filename")).then(function () {
      OS.say("delete-status", OS.t("delete.exported"), "ok");
    }, function (e) { OS.say("delete-status", e.message, "error"); });
  });

  OS.$("delete-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    if (!token) { OS.say("delete-status", OS.t("organiser.key_missing"), "error"); return; }
    if (!OS.$("delete-confirm").checked) {
      OS.say("delete-status", OS.t("delete.confirm_missing"), "error");
      OS.$("delete-confirm").focus();
      return;
    }
    OS.say("delete-status", OS.t("delete.deleting"));
    OS.api("DELETE", "/api/v1/workshops/" + encodeURIComponent(wid), token).then(function () {
      OS.say("delete-status", OS.t("delete.done"), "ok");
      OS.$("delete-form").querySelector("button[type=submit]").disabled = true;
    }, function (e) { OS.say("delete-status", e.message, "error"); });
  });
})(window, document, window.OpenSpace);
