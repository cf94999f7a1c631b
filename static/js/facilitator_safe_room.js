/* openspace: the safe room's settings on the facilitator's page (templates/_safe_room_panel.html):
 * the word lists and the help text, read from and saved to GET/PUT …/safe-room. */
(function (w, d, OS) {
  "use strict";

  /* The page's own strings come through facilitator_comments.js (loaded first). */
  function t(key, params) { return (OS.facilitatorText || OS.t)(key, params); }

  OS.facilitatorExtensions = OS.facilitatorExtensions || [];
  OS.facilitatorExtensions.push(function (board) {
    var form = OS.$("safe-form");
    if (!form) return null;
    var held = OS.$("safe-held");
    var distress = OS.$("safe-distress");
    var help = OS.$("safe-help");
    var loaded = false;

    function show(s) {
      held.value = (s.held_words || []).join("\n");
      distress.value = (s.distress_words || []).join("\n");
      help.value = s.help_text || "";
    }

    function load() {
      return OS.api("GET", board.base + "/safe-room", board.token()).then(function (s) {
        loaded = true;
        show(s);
      }, function (e) { OS.say("safe-status", e.message, "error"); });
    }

    function save(body, done) {
      var btn = form.querySelector("button[type=submit]");
      if (btn.getAttribute("aria-busy") === "true") return;
      btn.setAttribute("aria-busy", "true");
      OS.api("PUT", board.base + "/safe-room", board.token(), body).then(function (s) {
        btn.removeAttribute("aria-busy");
        show(s);
        OS.say("safe-status", t(done), "ok");
      }, function (e) {
        btn.removeAttribute("aria-busy");
        OS.say("safe-status", e.message, "error");
        var field = e.field && form.querySelector('[name="' + e.field + '"]');
        if (field) field.focus();
      });
    }

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      save({ held_words: held.value, distress_words: distress.value, help_text: help.value }, "safe.saved");
    });
    OS.$("safe-defaults").addEventListener("click", function () {
      save({ held_words: null, distress_words: null, help_text: null }, "safe.defaults_done");
    });
    // The lists are read when the panel is opened, not on every page load.
    form.parentNode.addEventListener("toggle", function () { if (form.parentNode.open && !loaded) load(); });

    return {
      onEvent: function (evt) { if (evt.type === "safe_room.updated" && loaded) load(); }
    };
  });
})(window, document, window.OpenSpace);
