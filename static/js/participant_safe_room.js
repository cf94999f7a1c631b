/* openspace: what the phone tells only its own participant (templates/_private_notice.html):
 * the safe room's help text after a post that may signal distress (it comes only in the answer
 * to one's own post), and that one's comment was removed or not approved by the facilitator. */
(function (w, d, OS) {
  "use strict";

  OS.participantExtensions = OS.participantExtensions || [];
  OS.participantExtensions.push(function (view) {
    var box = OS.$("private-notice");
    if (!box) return null;
    var body = OS.$("private-notice-body");

    function short(text) { text = String(text || ""); return text.length > 60 ? text.slice(0, 57) + "\u2026" : text; }

    function show(paragraphs, focus) {
      body.textContent = "";
      paragraphs.forEach(function (p) { body.appendChild(OS.el("p", { text: p })); });
      box.hidden = false;
      if (focus) box.focus();
    }
    OS.$("private-notice-close").addEventListener("click", function () {
      box.hidden = true;
      body.textContent = "";
    });

    /* Told once (OS.noticeOnce, participant_focus.js): live, or from me.removed after a reload. */
    function tellRemoved(id, reason, text) {
      if (OS.noticeOnce && !OS.noticeOnce(OS.noticeKey({ type: "comment", id: id, reason: reason }))) return;
      show([OS.t(reason === "rejected" ? "safe.comment_rejected" : "safe.comment_removed", { text: short(text) })], false);
    }

    /* One's own comments removed while this phone was away or closed: the board lists them. */
    function onBoard(data) {
      ((data.me && data.me.removed) || []).forEach(function (item) {
        if (item.type === "comment") tellRemoved(String(item.id), item.reason, item.text);
      });
    }

    /* One's own comment was removed or not approved: said before the store drops it. */
    function onEvent(evt) {
      var data = evt.data || {};
      var own = evt.type === "comment.hidden" && view.board.comments[data.id];
      if (!own || !own.author || String(own.author.participant_id) !== String(view.myId())) return;
      tellRemoved(String(data.id), own.pending ? "rejected" : "hidden", own.text);
    }

    /* The answer to one's own card or comment: the help text, if the server sent one. */
    function onOwnPost(item) {
      if (!item) return;
      if (typeof item.help === "string" && item.help) show([item.help], true);
    }

    return { onBoard: onBoard, onEvent: onEvent, onOwnPost: onOwnPost };
  });
})(window, document, window.OpenSpace);
