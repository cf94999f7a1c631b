/* openspace: comments on the facilitator's page (templates/facilitator.html): their texts under
 * each card with hide / show again, the comments waiting for approval in the queue with
 * approve / reject, and the safe room's discreet marks (held by the word list, words that may
 * signal distress). Registered in OS.facilitatorExtensions; facilitator.js gives it the board. */
(function (w, d, OS) {
  "use strict";

  /* This page's own strings (templates/_comments_queue.html), then the common ones. */
  var own = null;
  function t(key, params) {
    if (own === null) {
      var node = d.getElementById("fc-i18n");
      try { own = node ? JSON.parse(node.textContent) : {}; } catch (e) { own = {}; }
    }
    if (!Object.prototype.hasOwnProperty.call(own, key)) return OS.t(key, params);
    return own[key].replace(/\{(\w+)\}/g, function (m, name) {
      return params && params[name] !== undefined && params[name] !== null ? String(params[name]) : m;
    });
  }

  OS.facilitatorText = t;
  OS.facilitatorExtensions = OS.facilitatorExtensions || [];
  OS.facilitatorExtensions.push(function (board) {
    var comments = {};   // comment id -> comment (every state: moderators see them all)
    var flags = {};      // "card id|comment id" -> {held, distress}
    var busy = {};       // comment id -> a call is under way
    var queue = OS.$("queue-comments");
    var queueTitle = OS.$("queue-comments-title");

    function key(cardId, commentId) { return String(cardId) + "|" + (commentId ? String(commentId) : ""); }
    function flagOf(cardId, commentId) { return flags[key(cardId, commentId)] || {}; }
    function safeId(id) { return String(id).replace(/[^A-Za-z0-9_-]/g, "_"); }
    function truncate(text, n) {
      text = String(text || "");
      return text.length > n ? text.slice(0, n - 1) + "\u2026" : text;
    }
    function keep(c) {
      var copy = {};
      Object.keys(c).forEach(function (k) { if (k !== "card_comments") copy[k] = c[k]; });
      return copy;
    }

    /* The discreet marks of the safe room: for the people running the workshop only. */
    function marks(cardId, commentId, inQueue) {
      var f = flagOf(cardId, commentId);
      var out = [];
      if (f.distress) {
        out.push(OS.el("span", { class: "badge fc-mark fc-mark--care", title: t("fc.distress_hint") }, [
          OS.el("span", { text: t("fc.distress") }),
          OS.el("span", { class: "sr-only", text: " \u2013 " + t("fc.distress_hint") })
        ]));
      }
      if (f.held && inQueue) out.push(OS.el("span", { class: "badge fc-mark", text: t("fc.held") }));
      return out;
    }

    function actionButton(label, action, c, textId, extra) {
      return OS.el("button", {
        type: "button", class: "btn btn--small" + (extra ? " " + extra : ""),
        "data-comment-action": action, "data-comment-id": c.id, "aria-describedby": textId, text: label
      });
    }

    function commentItem(c) {
      var textId = "comment-text-" + safeId(c.id);
      var li = OS.el("li", { class: "fc-comment" + (c.hidden ? " fc-comment--hidden" : ""), "data-comment-id": c.id }, [
        OS.el("p", { class: "fc-comment__text", id: textId, text: c.text || "" }),
        OS.el("p", { class: "fc-comment__meta" }, [OS.authorNode(c)].concat(
          c.hidden ? [" ", OS.el("span", { class: "badge badge--hidden", text: OS.t("card.hidden") })] : [],
          marks(c.card_id, c.id, false).map(function (m) { return [" ", m]; }).reduce(function (a, b) { return a.concat(b); }, [])
        ))
      ]);
      li.appendChild(OS.el("p", { class: "fc-comment__actions" }, [
        c.hidden ? actionButton(OS.t("card.restore"), "restore", c, textId)
          : actionButton(OS.t("card.hide"), "hide", c, textId, "btn--danger")
      ]));
      return li;
    }

    function onCard(cardId) {
      return Object.keys(comments).map(function (id) { return comments[id]; })
        .filter(function (c) { return String(c.card_id) === String(cardId) && !(c.pending && !c.hidden); })
        .sort(function (a, b) { return (Number(a.seq) || 0) - (Number(b.seq) || 0); });
    }

    function block(card) {
      var items = onCard(card.id);
      if (!items.length) return null;
      return OS.el("div", { class: "fc-comments" }, [
        OS.el("p", { class: "fc-comments__title", text: t("fc.comments_title") }),
        OS.el("ul", { class: "fc-comments__list" }, items.map(commentItem))
      ]);
    }

    function decorate(li, card) {
      var kindLine = li.querySelector(".card__kind");
      marks(card.id, null, !!card.pending).forEach(function (m) { kindLine.appendChild(m); });
      var b = block(card);
      if (b) li.insertBefore(b, li.querySelector(".card__actions"));
    }

    /* Redraw the comments of one card in place (the card itself is unchanged). */
    function redrawCard(cardId) {
      var node = board.node(String(cardId));
      var card = board.cards()[String(cardId)];
      if (!node || !card) return;
      var old = node.querySelector(".fc-comments");
      var focused = old && old.contains(d.activeElement) ? d.activeElement.getAttribute("data-comment-id") : null;
      var b = block(card);
      if (old) old.remove();
      if (b) node.insertBefore(b, node.querySelector(".card__actions"));
      if (focused) {
        var again = node.querySelector('[data-comment-id="' + focused + '"] button') || node.querySelector("button");
        if (again) again.focus();
      }
    }

    /* ---------- the queue: comments waiting for approval ---------- */

    function queueItem(c) {
      var textId = "queue-comment-" + safeId(c.id);
      var card = board.cards()[String(c.card_id)];
      var kindLine = OS.el("p", { class: "card__kind" }, [
        OS.icon("clock"), OS.el("span", { text: t("fc.comment") })
      ].concat(marks(c.card_id, c.id, true)));
      return OS.el("li", { class: "card fc-queued", "data-comment-id": c.id }, [
        kindLine,
        OS.el("p", { class: "card__text", id: textId, text: c.text || "" }),
        OS.el("p", { class: "fc-comment__on", text: t("fc.on_card", { text: truncate(card ? card.text : "", 80) }) }),
        OS.el("p", { class: "card__meta" }, [OS.authorNode(c)]),
        OS.el("p", { class: "card__actions tk-actions" }, [
          actionButton(OS.t("tk.approve"), "approve", c, textId, "btn--primary"),
          actionButton(OS.t("tk.reject"), "reject", c, textId, "btn--danger")
        ])
      ]);
    }

    function redrawQueue() {
      var focused = queue.contains(d.activeElement) ? d.activeElement : null;
      var focusedId = focused && focused.getAttribute("data-comment-id");
      var focusedAction = focused && focused.getAttribute("data-comment-action");
      var waiting = Object.keys(comments).map(function (id) { return comments[id]; })
        .filter(function (c) { return c.pending && !c.hidden; })
        .sort(function (a, b) { return (Number(a.seq) || 0) - (Number(b.seq) || 0); });
      queue.textContent = "";
      waiting.forEach(function (c) { queue.appendChild(queueItem(c)); });
      queueTitle.hidden = waiting.length === 0;
      if (focusedId) {
        var again = queue.querySelector('[data-comment-id="' + focusedId + '"][data-comment-action="' + focusedAction + '"]');
        if (again) again.focus();
      }
      if (board.refreshCounts) board.refreshCounts();
    }

    /* After approve or reject the comment leaves the queue: keep the keyboard in the queue. */
    function focusNext(id) {
      var li = queue.querySelector('li[data-comment-id="' + id + '"]');
      var next = li && (li.nextElementSibling || li.previousElementSibling);
      var btn = next && next.querySelector("button");
      if (btn) { w.setTimeout(function () { btn.focus(); }, 0); return; }
      var heading = OS.$("queue-title") || OS.$("cards-title");
      heading.setAttribute("tabindex", "-1");
      w.setTimeout(function () { heading.focus(); }, 0);
    }

    var DONE = { hide: "fc.hidden_done", restore: "fc.restored_done", approve: "fc.approved_done",
      reject: "fc.rejected_done" };

    d.addEventListener("click", function (ev) {
      var btn = ev.target.closest && ev.target.closest("button[data-comment-action]");
      if (!btn) return;
      var id = btn.getAttribute("data-comment-id");
      var action = btn.getAttribute("data-comment-action");
      if (busy[id]) return;
      busy[id] = true;
      btn.setAttribute("aria-busy", "true");
      OS.api("POST", board.base + "/comments/" + encodeURIComponent(id) + "/" + action, board.token()).then(function (c) {
        delete busy[id];
        if (action === "approve" || action === "reject") focusNext(id);
        put(c);
        board.say(t(DONE[action]), "ok");
      }, function (e) {
        delete busy[id];
        btn.removeAttribute("aria-busy");
        board.say(e.message, "error");
      });
    });

    /* ---------- state and live events ---------- */

    function put(c) {
      var before = comments[String(c.id)];
      comments[String(c.id)] = keep(c);
      redrawCard(c.card_id);
      if (before && String(before.card_id) !== String(c.card_id)) redrawCard(before.card_id);
      redrawQueue();
    }

    function drop(id) {
      var c = comments[String(id)];
      delete comments[String(id)];
      if (c) redrawCard(c.card_id);
      redrawQueue();
    }

    function onBoard(data) {
      comments = {};
      (data.comments || []).forEach(function (c) { comments[String(c.id)] = keep(c); });
      flags = {};
      (data.safety_flags || []).forEach(function (f) { flags[key(f.card_id, f.comment_id)] = f; });
      // facilitator.js draws the cards right after this; the queue is ours to draw.
      w.setTimeout(redrawQueue, 0);
    }

    function onEvent(evt) {
      var data = evt.data || {};
      switch (evt.type) {
        case "comment.created":
        case "comment.approved":
        case "comment.restored":
          if (data.text !== undefined) put(data);
          break;
        case "comment.hidden":
          // Live it carries ids only: mark our copy hidden.
          if (data.text !== undefined) put(data);
          else if (comments[String(data.id)]) put(Object.assign({}, comments[String(data.id)], { hidden: true }));
          break;
        case "comment.deleted": drop(data.id); break;
        case "card.deleted":
          Object.keys(comments).forEach(function (id) {
            if (String(comments[id].card_id) === String(data.id)) delete comments[id];
          });
          redrawQueue();
          break;
        case "safety.flagged":
          flags[key(data.card_id, data.comment_id)] = data;
          if (data.comment_id) { redrawCard(data.card_id); redrawQueue(); }
          else {
            var card = board.cards()[String(data.card_id)];
            if (card) board.upsert(card, false, true);
          }
          break;
        default: break;
      }
    }

    return { decorate: decorate, onBoard: onBoard, onEvent: onEvent };
  });
})(window, document, window.OpenSpace);
