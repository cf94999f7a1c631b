/* openspace: an initiative on the phone's board shows how far it came ("I gang" …) once
 * its follow-up status is other than "idé": the status only, never the lead or notes.
 * From the board's followup_statuses, then live with followup.updated. Loaded by
 * participant.js only once some initiative is past "idé" (most of the day none is). */
(function (d, OS) {
  "use strict";

  OS.participantExtensions = OS.participantExtensions || [];
  OS.participantExtensions.push(function () {
    var statuses = {};  // initiative card id -> its status, when not "idea"

    function badge(li, status) {
      var old = li.querySelector(".card__followup");
      if (old) old.parentNode.removeChild(old);
      if (!status || status === "idea") return;
      /* Styled here (CSSOM, allowed by the CSP), not in participant.css: this file comes
       * only when needed, and the phone's first load has no byte to spare. */
      var span = OS.el("span", { class: "badge card__followup", text: OS.t("fu.status." + status) });
      span.style.marginLeft = ".375rem";
      span.style.borderColor = "#1f6b3a";
      (li.querySelector(".card__kind") || li).appendChild(span);
    }

    function redraw(id) {
      Array.prototype.forEach.call(d.querySelectorAll("#cards > li[data-id]"), function (li) {
        if (li.getAttribute("data-id") === id) badge(li, statuses[id]);
      });
    }

    return {
      decorate: function (li, card) { if (card && card.kind === "initiative") badge(li, statuses[card.id]); },
      onBoard: function (data) {
        var before = Object.keys(statuses);
        statuses = (data && data.followup_statuses) || {};
        before.concat(Object.keys(statuses)).forEach(redraw);
      },
      onEvent: function (evt) {
        var data = evt.data || {};
        if (evt.type !== "followup.updated" || !data.card_id) return;
        if (data.status && data.status !== "idea") statuses[data.card_id] = data.status;
        else delete statuses[data.card_id];
        redraw(data.card_id);
      }
    };
  });
})(document, window.OpenSpace);
