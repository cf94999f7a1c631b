/* openspace: the organisations at the table on the projector (templates/_alliances_projector.html):
 * "14 organisationer – ingen virksomheder endnu" when a sector the organiser wants is missing.
 * Counts only. Asks the server now and every 30 seconds, on its own (no hook into projector.js). */
(function (w, d, OS) {
  "use strict";

  var line = OS.$("pj-orgs");
  if (!line) return;
  var wid = String(OS.page.workshop.id);
  var token = OS.store.get("openspace.facilitator." + wid) || OS.store.get("openspace.organiser");
  if (!token) return;
  var path = "/api/v1/workshops/" + encodeURIComponent(wid) + "/organisations/summary";

  function update() {
    OS.api("GET", path, token).then(function (data) {
      var show = data && (data.count > 0 || (data.missing || []).length > 0);
      line.hidden = !show;
      line.textContent = show ? data.line : "";
    }, function () { /* keep the last line through a short outage */ });
  }

  update();
  w.setInterval(update, 30000);
})(window, document, window.OpenSpace);
