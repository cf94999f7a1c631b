/* openspace: the facilitator's card tools (templates/facilitator.html): the buttons on
 * each card (approve, reject, hide, pin, spotlight, edit, merge), its counts, and the
 * spotlight box. facilitator.js calls OS.facilitatorTools(board) once and uses the
 * returned {decorate, onBoard, onEvent, act}. */
(function (w, d, OS) {
  "use strict";

  OS.facilitatorTools = function (board) {
    var spotlightId = null;
    var open = {};          // card id -> "edit" | "merge": the form to show again after a re-render

    function cardPath(id, action) {
      return board.base + "/cards/" + encodeURIComponent(id) + (action ? "/" + action : "");
    }

    function button(label, action, id, textId, extra) {
      return OS.el("button", {
        type: "button", class: "btn btn--small" + (extra ? " " + extra : ""),
        "aria-describedby": textId, "data-action": action, "data-id": id, text: label
      });
    }

    /* "3 støtter · 2 er med · 1 kommentar" on a card; updated in place by live counts. */
    function countsText(card) {
      var parts = [OS.tn("tk.supports", Number(card.supports) || 0)];
      if (card.kind === "initiative") parts.push(OS.tn("tk.commitments", Number(card.commitments) || 0));
      parts.push(OS.tn("tk.comments", Number(card.comments) || 0));
      return parts.join(" · ");
    }

    function truncate(text, n) {
      text = String(text || "");
      return text.length > n ? text.slice(0, n - 1) + "\u2026" : text;
    }

    function themeOptions(select, selected) {
      board.themes().forEach(function (t) {
        select.appendChild(OS.el("option", { value: t.id, text: t.title, selected: String(t.id) === String(selected) }));
      });
    }

    function editForm(card, li, textId) {
      var key = String(card.id).replace(/[^A-Za-z0-9_-]/g, "_");
      var area = OS.el("textarea", { id: "edit-text-" + key, class: "input", rows: 3, maxlength: 500 });
      area.value = card.text || "";
      var theme = OS.el("select", { id: "edit-theme-" + key, class: "input" });
      themeOptions(theme, card.theme_id);
      var kind = OS.el("select", { id: "edit-kind-" + key, class: "input", "aria-describedby": "edit-kind-hint-" + key });
      OS.kinds.forEach(function (k) { kind.appendChild(OS.el("option", { value: k, text: OS.kindLabel(k), selected: k === card.kind })); });
      var status = OS.el("p", { class: "form-status", "aria-live": "polite" });
      var form = OS.el("form", { class: "tk-form", novalidate: true }, [
        OS.el("div", { class: "field" }, [OS.el("label", { class: "label", for: area.id, text: OS.t("tk.edit_text") }), area]),
        OS.el("div", { class: "field" }, [OS.el("label", { class: "label", for: theme.id, text: OS.t("tk.edit_theme") }), theme]),
        OS.el("div", { class: "field" }, [OS.el("label", { class: "label", for: kind.id, text: OS.t("move.kind") }), kind,
          OS.el("p", { class: "hint", id: "edit-kind-hint-" + key, text: OS.t("move.kind_hint") })]),
        OS.el("p", { class: "links" }, [
          OS.el("button", { type: "submit", class: "btn btn--small btn--primary", text: OS.t("tk.save") }),
          OS.el("button", { type: "button", class: "btn btn--small btn--quiet", "data-close": "1", text: OS.t("tk.cancel") })
        ]),
        status
      ]);
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var body = {};
        if (area.value.trim() !== String(card.text || "").trim()) body.text = area.value;
        if (String(theme.value) !== String(card.theme_id)) body.theme_id = theme.value;
        if (kind.value !== card.kind) body.kind = kind.value;
        if (!Object.keys(body).length) { close(card.id); return; }
        OS.api("PATCH", cardPath(card.id), board.token(), body).then(function (updated) {
          delete open[String(card.id)];
          board.upsert(updated, false, true);
          board.say(OS.t("tk.edited"), "ok");
        }, function (e) { OS.say(status, e.message, "error"); area.focus(); });
      });
      return form;
    }

    function mergeForm(card) {
      var key = String(card.id).replace(/[^A-Za-z0-9_-]/g, "_");
      var select = OS.el("select", { id: "merge-into-" + key, class: "input" });
      var titles = OS.themeTitles(board.themes());
      var all = board.cards();
      Object.keys(all).map(function (id) { return all[id]; })
        .filter(function (c) { return String(c.id) !== String(card.id) && !c.hidden && !c.pending; })
        .sort(function (a, b) {
          var same = (String(b.theme_id) === String(card.theme_id)) - (String(a.theme_id) === String(card.theme_id));
          return same || (Number(b.seq) || 0) - (Number(a.seq) || 0);
        })
        .forEach(function (c) {
          select.appendChild(OS.el("option", { value: c.id, text: (titles[c.theme_id] || "") + ": " + truncate(c.text, 70) }));
        });
      var status = OS.el("p", { class: "form-status", "aria-live": "polite" });
      var form = OS.el("form", { class: "tk-form", novalidate: true }, [
        OS.el("div", { class: "field" }, [OS.el("label", { class: "label", for: select.id, text: OS.t("tk.merge_into") }), select]),
        OS.el("p", { class: "hint", text: OS.t("tk.merge_hint") }),
        OS.el("p", { class: "links" }, [
          OS.el("button", { type: "submit", class: "btn btn--small btn--primary", text: OS.t("tk.merge_do") }),
          OS.el("button", { type: "button", class: "btn btn--small btn--quiet", "data-close": "1", text: OS.t("tk.cancel") })
        ]),
        status
      ]);
      if (!select.options.length) {
        select.disabled = true;
        OS.say(status, OS.t("tk.merge_none"));
      }
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        if (!select.value) return;
        OS.api("POST", cardPath(card.id, "merge"), board.token(), { into: select.value }).then(function (kept) {
          delete open[String(card.id)];
          board.removeCard(card.id);
          board.upsert(kept, false, true);
          board.say(OS.t("tk.merged"), "ok");
        }, function (e) { OS.say(status, e.message, "error"); select.focus(); });
      });
      return form;
    }

    function close(id) {
      delete open[String(id)];
      var c = board.cards()[String(id)];
      if (c) board.upsert(c, false, true);
    }

    /* Add counts, badges, buttons and an open form to the <li> facilitator.js built. */
    function decorate(li, card, textId) {
      var id = String(card.id);
      var kindLine = li.querySelector(".card__kind");
      if (card.pending) kindLine.appendChild(OS.el("span", { class: "badge badge--pending", text: OS.t("tk.pending") }));
      if (card.pinned) kindLine.appendChild(OS.el("span", { class: "badge badge--pinned", text: OS.t("tk.pinned") }));
      if (id === spotlightId) kindLine.appendChild(OS.el("span", { class: "badge badge--spot", text: OS.t("tk.spotlit") }));
      if (card.origin === "kickoff" || card.origin === "paper" || card.origin === "carried") {
        kindLine.appendChild(OS.el("span", { class: "badge", text: OS.t("tk.origin." + card.origin) }));
      }
      if (card.organisation) li.querySelector(".card__meta").appendChild(OS.el("span", { text: card.organisation }));
      li.insertBefore(OS.el("p", { class: "tk-counts", text: countsText(card) }), li.querySelector(".card__meta"));
      var actions = li.querySelector(".card__actions");
      actions.textContent = "";
      actions.classList.add("tk-actions");
      if (card.pending && !card.hidden) {
        actions.appendChild(button(OS.t("tk.approve"), "approve", id, textId, "btn--primary"));
        actions.appendChild(button(OS.t("tk.reject"), "hide", id, textId, "btn--danger"));
        return;
      }
      actions.appendChild(button(card.hidden ? OS.t("card.restore") : OS.t("card.hide"), card.hidden ? "restore" : "hide",
        id, textId, card.hidden ? "" : "btn--danger"));
      if (card.hidden) return;
      actions.appendChild(button(card.pinned ? OS.t("tk.unpin") : OS.t("tk.pin"), card.pinned ? "unpin" : "pin", id, textId));
      actions.appendChild(button(id === spotlightId ? OS.t("tk.spotlight_off") : OS.t("tk.spotlight"),
        id === spotlightId ? "spotlight-off" : "spotlight", id, textId));
      ["edit", "merge"].forEach(function (what) {
        var b = button(OS.t("tk." + what), what, id, textId, "btn--quiet");
        b.setAttribute("aria-expanded", open[id] === what ? "true" : "false");
        actions.appendChild(b);
      });
      if (open[id]) li.appendChild(open[id] === "edit" ? editForm(card, li, textId) : mergeForm(card));
    }

    function setSpotlight(id, card) {
      var before = spotlightId;
      spotlightId = id ? String(id) : null;
      var all = board.cards();
      [before, spotlightId].forEach(function (cid) { if (cid && all[cid]) board.upsert(all[cid], false, true); });
      var c = spotlightId ? (card || all[spotlightId]) : null;
      OS.$("spotlight-box").hidden = !c;
      OS.setText("spotlight-text", c ? c.text : "");
    }

    /* Actions that are not a plain POST /cards/{id}/{action}. Returns true if handled. */
    function act(action, id, btn) {
      if (action === "edit" || action === "merge") {
        open[id] = open[id] === action ? undefined : action;
        if (!open[id]) delete open[id];
        var c = board.cards()[id];
        if (c) board.upsert(c, false, true);
        var form = board.node(id) && board.node(id).querySelector(".tk-form");
        var first = form && form.querySelector("textarea, select");
        if (first) first.focus();
        return true;
      }
      if (action === "spotlight" || action === "spotlight-off") {
        OS.api("PUT", board.base + "/spotlight", board.token(), { card_id: action === "spotlight" ? id : null })
          .then(function (r) {
            setSpotlight(r.card_id, r.card);
            board.say(OS.t(r.card_id ? "tk.spotlight_done" : "tk.spotlight_ended"), "ok");
          }, function (e) { board.say(e.message, "error"); });
        return true;
      }
      return false;
    }

    OS.$("spotlight-stop").addEventListener("click", function () { act("spotlight-off", null); });
    d.addEventListener("click", function (ev) {
      var closer = ev.target.closest && ev.target.closest(".tk-form [data-close]");
      if (!closer) return;
      var li = closer.closest("[data-id]");
      if (!li) return;
      var id = li.getAttribute("data-id");
      var what = open[id];
      close(id);
      var node = board.node(id);
      var back = node && (node.querySelector('[data-action="' + what + '"]') || node.querySelector("[data-action]"));
      if (back) back.focus();
    });

    function countUpdate(cardId, field, value) {
      var c = board.cards()[String(cardId)];
      if (!c || typeof value !== "number") return;
      c[field] = value;
      var node = board.node(String(cardId));
      var line = node && node.querySelector(".tk-counts");
      if (line) line.textContent = countsText(c);
    }

    function onEvent(evt) {
      var data = evt.data || {};
      switch (evt.type) {
        case "workshop.spotlight": setSpotlight(data.card_id, data.card); break;
        case "card.supported": countUpdate(data.card_id, "supports", data.supports); break;
        case "card.committed": countUpdate(data.card_id, "commitments", data.commitments); break;
        case "comment.created":
        case "comment.deleted":
        case "comment.hidden":
        case "comment.restored":
        case "comment.approved": countUpdate(data.card_id, "comments", data.card_comments); break;
        default: break;
      }
    }

    function onBoard(data) {
      spotlightId = data.spotlight_card_id ? String(data.spotlight_card_id) : null;
      w.setTimeout(function () { setSpotlight(spotlightId); }, 0);
    }

    return { decorate: decorate, onBoard: onBoard, onEvent: onEvent, act: act };
  };
})(window, document, window.OpenSpace);
