/* openspace: the author is told, on their own phone only, when the facilitator hides,
 * rejects or merges their card (issue 14, point 5). Every phone hears card.hidden and
 * card.merged; only the phone whose participant wrote the card shows a notice. */
(function (w, d, OS) {
  "use strict";

  function short(text) {
    text = String(text || "");
    return text.length > 60 ? text.slice(0, 59) + "\u2026" : text;
  }

  OS.participantExtensions = OS.participantExtensions || [];
  OS.participantExtensions.push(function (view) {
    var box = OS.$("author-notices");
    if (!box) return null;

    function mine(card) {
      var me = view.myId();
      return !!(me && card && card.author && String(card.author.participant_id) === String(me));
    }

    function show(text) {
      var close = OS.el("button", { type: "button", class: "btn btn--small btn--quiet", text: OS.t("notice.ok") });
      var note = OS.el("div", { class: "notice notice--warn author-notice" }, [OS.el("p", { text: text }), close]);
      close.addEventListener("click", function () { note.remove(); });
      box.appendChild(note);
    }

    return {
      onEvent: function (evt) {
        var data = evt.data || {};
        if (evt.type === "card.hidden") {
          // The card as this phone knew it (catch-up may send only its id).
          var card = view.card(String(data.id)) || data;
          if (!mine(card) && !mine(data)) return;
          var wasPending = card.pending || data.pending;
          show(OS.t(wasPending ? "notice.rejected" : "notice.hidden", { text: short(card.text || data.text) }));
        } else if (evt.type === "card.merged") {
          var merged = view.card(String(data.id));
          if (!mine(merged)) return;
          show(OS.t("notice.merged", { text: short(merged.text), into: short(data.card && data.card.text) }));
        }
      }
    };
  });
})(window, document, window.OpenSpace);
