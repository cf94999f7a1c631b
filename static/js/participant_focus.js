/* openspace: issue 14 on the phone, in one file (one request on a phone's first load):
 * - the search field on the board (text, author, organisation; case and Danish letters
 *   folded by OS.searchFold in common.js) with counts on the theme and kind chips;
 * - the author told privately, once, when their card is hidden, rejected or merged, also
 *   after being offline or reloading (the board's me.removed, only theirs);
 * - the author's own card moved to another theme or kind (OS.editPlaceFields, used by
 *   participation.js's edit form). */
(function (w, d, OS) {
  "use strict";

  OS.participantExtensions = OS.participantExtensions || [];
  OS.participantExtensions.push(function (view) {
    var input = OS.$("phone-search");
    if (!input) return null;
    var query = "";
    var typing = null;

    input.addEventListener("input", function () {
      w.clearTimeout(typing);
      typing = w.setTimeout(function () { query = OS.searchFold(input.value); view.refresh(); }, 150);
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape" && input.value) { input.value = ""; query = ""; view.refresh(); }
    });

    /* "(n)" on each chip: the cards of that theme or kind that the search finds. */
    function countChips() {
      var all = view.allCards();
      var byTheme = { "": 0 };
      var byKind = { "": 0 };
      Object.keys(all).forEach(function (id) {
        var card = all[id];
        if (!card || card.hidden || !OS.searchMatch(OS.searchKey(card), query)) return;
        byTheme[""] += 1;
        byKind[""] += 1;
        byTheme[card.theme_id] = (byTheme[card.theme_id] || 0) + 1;
        byKind[card.kind] = (byKind[card.kind] || 0) + 1;
      });
      [["filter-theme", byTheme], ["filter-kind", byKind]].forEach(function (pair) {
        var group = OS.$(pair[0]);
        if (!group) return;
        // The count is drawn by CSS from data-count: the chip's own text stays its name.
        Array.prototype.forEach.call(group.querySelectorAll("button[data-value]"), function (btn) {
          btn.setAttribute("data-count", String(pair[1][btn.getAttribute("data-value")] || 0));
        });
      });
    }

    var scheduled = false;
    return {
      accepts: function (li) {
        if (!query || !li.hasAttribute("data-id")) return true;
        var card = view.card(li.getAttribute("data-id"));
        return !card || OS.searchMatch(OS.searchKey(card), query);
      },
      narrows: function () { return !!query; },
      onView: function () {
        if (scheduled) return;
        scheduled = true;
        w.requestAnimationFrame(function () { scheduled = false; countChips(); });
      }
    };
  });
})(window, document, window.OpenSpace);

(function (w, d, OS) {
  "use strict";

  function short(text) {
    text = String(text || "");
    return text.length > 60 ? text.slice(0, 59) + "\u2026" : text;
  }

  /* An author is told once that their card or comment was taken off the board: live, or
     after being away from the board its me.removed (only theirs) lists. The phone keeps
     what it told; with `now` (the keys still removed) it forgets the rest, so an item
     restored and removed again is told again. */
  OS.noticeKey = function (item) { return item.type + ":" + item.id + ":" + item.reason; };
  OS.noticeOnce = function (key, now) {
    var where = "openspace.told." + OS.page.workshop.id, told = OS.store.get(where) || {}, first = !told[key];
    if (now) Object.keys(told).forEach(function (k) { if (!now[k]) delete told[k]; });
    else told[key] = 1;
    OS.store.set(where, told);
    return first;
  };

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

    function tell(reason, id, text, into) {
      if (!OS.noticeOnce(OS.noticeKey({ type: "card", id: id, reason: reason }))) return;
      if (reason === "merged") show(OS.t("notice.merged", { text: short(text), into: short(into) }));
      else show(OS.t(reason === "rejected" ? "notice.rejected" : "notice.hidden", { text: short(text) }));
    }

    return {
      onBoard: function (data) {
        var removed = (data.me && data.me.removed) || [], now = {};
        removed.forEach(function (item) { now[OS.noticeKey(item)] = 1; });
        OS.noticeOnce("", now);
        var byId = {};
        (data.cards || []).forEach(function (c) { byId[String(c.id)] = c; });
        removed.forEach(function (item) {
          if (item.type !== "card") return;
          tell(item.reason, String(item.id), item.text, item.into && byId[String(item.into)] ? byId[String(item.into)].text : "");
        });
      },
      onEvent: function (evt) {
        var data = evt.data || {};
        if (evt.type === "card.hidden") {
          // The card as this phone knew it (a catch-up sends its author only ids and the reason).
          var card = view.card(String(data.id)) || data;
          if (!mine(card) && !mine(data) && !data.removed) return;
          var wasPending = card.pending || data.pending;
          tell(data.removed || (wasPending ? "rejected" : "hidden"), String(data.id), card.text || data.text);
        } else if (evt.type === "card.merged") {
          var merged = view.card(String(data.id));
          if (!mine(merged)) return;
          tell("merged", String(data.id), merged.text, data.card && data.card.text);
        }
      }
    };
  });
})(window, document, window.OpenSpace);

(function (w, d, OS) {
  "use strict";

  function labelled(id, text, control) {
    return OS.el("div", { class: "field" }, [OS.el("label", { class: "label", for: id, text: text }), control]);
  }

  /* Returns {node, fill(body)}: fill adds theme_id and kind to the PATCH body when changed. */
  OS.editPlaceFields = function (card, prefix) {
    var theme = OS.el("select", { class: "input", id: prefix + "-theme" });
    Array.prototype.forEach.call((OS.$("theme") || { options: [] }).options, function (o) {
      if (o.value) theme.appendChild(OS.el("option", { value: o.value, text: o.textContent }));
    });
    theme.value = String(card.theme_id);
    var kind = OS.el("select", { class: "input", id: prefix + "-kind", "aria-describedby": prefix + "-kind-hint" });
    OS.kinds.forEach(function (k) { kind.appendChild(OS.el("option", { value: k, text: OS.kindLabel(k) })); });
    kind.value = card.kind;
    var hint = OS.el("p", { class: "hint", id: prefix + "-kind-hint", text: OS.t("move.kind_hint") });
    return {
      node: OS.el("div", { class: "edit-place" }, [
        labelled(theme.id, OS.t("move.theme"), theme), labelled(kind.id, OS.t("move.kind"), kind), hint
      ]),
      fill: function (body) {
        if (theme.value && theme.value !== String(card.theme_id)) body.theme_id = theme.value;
        if (kind.value !== card.kind) body.kind = kind.value;
      }
    };
  };
})(window, document, window.OpenSpace);
