/* openspace: the organisation a participant comes from, on the phone's name step
 * (templates/_participant_organisation.html). Saved with PATCH participants/me; the
 * server counts it in the organisation register and never shows it next to the name
 * (docs/PRIVACY.md). Registered in OS.participantExtensions (see participant.js). */
(function (w, d, OS) {
  "use strict";

  OS.participantExtensions = OS.participantExtensions || [];
  OS.participantExtensions.push(function (view) {
    var input = OS.$("me-organisation");
    if (!input) return {};
    var saved = null;  // what the server has; null until the board told us

    function save() {
      var value = input.value.trim();
      if (saved === null || value === saved || !view.token()) return;  // again once joined
      OS.api("PATCH", view.base + "/participants/me", view.token(), { organisation: value }).then(function () {
        saved = value;
        OS.say("me-organisation-status", OS.t("po.saved"), "ok");
      }, function (e) { OS.say("me-organisation-status", e.message, "error"); });
    }

    input.addEventListener("change", save);
    return {
      onBoard: function (data) {
        if (!data || !data.me) return;
        if (saved === null) {
          saved = data.me.organisation || "";
          if (!input.value) input.value = saved;
        }
        save();  // typed before the phone had joined
      }
    };
  });
})(window, document, window.OpenSpace);
