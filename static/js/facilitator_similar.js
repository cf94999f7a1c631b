/* openspace: the same idea twice, for the facilitator (templates/_alliances_panel.html).
 * Each card that looks like others shows "ligner 2 kort"; opening it lists them with
 * one "Merge" button each (the newer card goes into the older). The panel "Group by
 * likeness" clusters a theme's cards. Participants never see any of this: nothing
 * runs while they post. Registered in OS.facilitatorExtensions (see facilitator.js). */
(function (w, d, OS) {
  "use strict";

  OS.facilitatorExtensions = OS.facilitatorExtensions || [];
  OS.facilitatorExtensions.push(function (board) {
    var similar = {};       // card id -> [{id, score}]
    var opened = {};        // card id -> true while its list is open
    var timer = null;
    // Posted, edited or back on the board: ask about it. Gone: drop it from the lists. A
    // hidden card leaves the others' lists at once and keeps its own (the facilitator sees it).
    var ASK = ["card.created", "card.updated", "card.restored", "card.approved", "card.hidden"];
    var GONE = ["card.hidden", "card.deleted", "card.merged"];

    function cardPath(id, action) {
      return board.base + "/cards/" + encodeURIComponent(id) + (action ? "/" + action : "");
    }

    function short(text, n) {
      text = String(text || "");
      return text.length > n ? text.slice(0, n - 1) + "\u2026" : text;
    }

    /* The newer card goes into the older one, unless only one of them is on the board. */
    function mergePair(card, other) {
      var otherPublic = !other.hidden && !other.pending;
      var cardPublic = !card.hidden && !card.pending;
      var keep = other, drop = card;
      if (cardPublic && (!otherPublic || Number(card.seq) < Number(other.seq))) { keep = card; drop = other; }
      OS.api("POST", cardPath(drop.id, "merge"), board.token(), { into: keep.id }).then(function () {
        board.say(OS.t("al.merged"), "ok");
        forget(String(drop.id)).forEach(redraw);
      }, function (e) { board.say(e.message, "error"); });
    }

    function listFor(card, textId) {
      var all = board.cards();
      var items = (similar[String(card.id)] || []).filter(function (m) { return all[String(m.id)]; });
      return OS.el("ul", { class: "al-similar__list" }, items.map(function (m) {
        var other = all[String(m.id)];
        var merge = OS.el("button", {
          type: "button", class: "btn btn--small", "aria-describedby": textId,
          text: OS.t("al.merge")
        });
        merge.addEventListener("click", function () { mergePair(card, other); });
        return OS.el("li", { class: "al-similar__item" }, [
          OS.el("span", { class: "al-similar__text", text: short(other.text, 90) }),
          OS.el("span", { class: "al-similar__score",
                          text: OS.t("al.score", { percent: Math.round(m.score * 100) }) }),
          merge
        ]);
      }));
    }

    function block(card, textId) {
      var id = String(card.id);
      var count = (similar[id] || []).filter(function (m) { return board.cards()[String(m.id)]; }).length;
      if (!count) return null;
      var box = OS.el("div", { class: "al-similar", "data-similar-of": id });
      var toggle = OS.el("button", {
        type: "button", class: "al-similar__badge", "aria-expanded": opened[id] ? "true" : "false",
        "aria-describedby": textId, text: OS.tn("al.similar", count)
      });
      toggle.addEventListener("click", function () {
        opened[id] = !opened[id];
        redraw(id);
      });
      box.appendChild(toggle);
      if (opened[id]) box.appendChild(listFor(card, textId));
      return box;
    }

    function redraw(id) {
      var li = board.node(id);
      var card = board.cards()[id];
      if (!li || !card) return;
      var old = li.querySelector("[data-similar-of]");
      var textEl = li.querySelector("[id^='card-text-']");
      var fresh = block(card, textEl ? textEl.id : null);
      if (old && fresh) old.replaceWith(fresh);
      else if (old) old.remove();
      else if (fresh) li.insertBefore(fresh, li.querySelector(".card__actions"));
    }

    function refresh() {
      return OS.api("GET", board.base + "/similar", board.token()).then(function (data) {
        var before = similar;
        similar = (data && data.cards) || {};
        Object.keys(before).concat(Object.keys(similar)).forEach(redraw);
      }, function () { /* a failed look-up leaves the badges as they were */ });
    }

    /* Take card ``id`` out of every list (hidden, deleted, merged away, or about to be asked
     * again); returns the ids whose badge changed. */
    function forget(id) {
      var touched = similar[id] ? [id] : [];
      delete similar[id];
      Object.keys(similar).forEach(function (key) {
        var kept = similar[key].filter(function (m) { return String(m.id) !== id; });
        if (kept.length === similar[key].length) return;
        touched.push(key);
        if (kept.length) similar[key] = kept; else delete similar[key];
      });
      return touched;
    }

    /* A card was posted or edited: ask about that one card only (the server keeps the board's
     * features, so this costs the new card's features and one pass over the board), and put it
     * in the lists of the cards it looks like, if everyone sees it. */
    function lookUp(id) {
      return OS.api("GET", cardPath(id, "similar"), board.token()).then(function (data) {
        var touched = forget(id).concat([id]);
        var found = (data && data.cards) || [];
        if (found.length) similar[id] = found;
        var card = board.cards()[id];
        if (card && !card.hidden && !card.pending) {
          found.forEach(function (m) {
            var key = String(m.id);
            similar[key] = (similar[key] || []).concat([{ id: card.id, score: m.score }])
              .sort(function (a, b) { return b.score - a.score; });
            touched.push(key);
          });
        }
        touched.forEach(redraw);
      }, function () { /* gone meanwhile, or offline: the badges stay as they were */ });
    }

    /* Many cards arrive at once in a busy room: each changed card is asked about once. */
    var waiting = {};
    function later(id) {
      waiting[id] = true;
      if (timer) return;
      timer = w.setTimeout(function () {
        timer = null;
        var ids = Object.keys(waiting);
        waiting = {};
        ids.forEach(lookUp);
      }, 300);
    }

    /* ---- "Group by likeness": a theme's cards in groups ---- */
    var form = OS.$("al-groups-form");
    var select = OS.$("al-groups-theme");
    var out = OS.$("al-groups");

    function fillThemes() {
      if (!select) return;
      var current = select.value;
      select.textContent = "";
      board.themes().forEach(function (t) {
        select.appendChild(OS.el("option", { value: t.id, text: t.title, selected: String(t.id) === current }));
      });
    }

    function showGroups(groups) {
      out.textContent = "";
      var all = board.cards();
      if (!groups.length) {
        out.appendChild(OS.el("p", { class: "muted", text: OS.t("al.groups.none") }));
        return;
      }
      groups.forEach(function (ids, n) {
        var cards = ids.map(function (id) { return all[String(id)]; }).filter(Boolean);
        var merge = OS.el("button", { type: "button", class: "btn btn--small", text: OS.t("al.groups.merge") });
        merge.addEventListener("click", function () {
          var keep = cards[0];
          cards.slice(1).reduce(function (done, c) {
            return done.then(function () {
              return OS.api("POST", cardPath(c.id, "merge"), board.token(), { into: keep.id });
            });
          }, Promise.resolve()).then(function () {
            board.say(OS.t("al.merged"), "ok");
            if (form.requestSubmit) form.requestSubmit();
          }, function (e) { board.say(e.message, "error"); });
        });
        out.appendChild(OS.el("section", { class: "al-group" }, [
          OS.el("h4", { text: OS.t("al.groups.title", { number: n + 1, count: cards.length }) }),
          OS.el("ul", {}, cards.map(function (c) { return OS.el("li", { text: c.text }); })),
          merge
        ]));
      });
    }

    if (form) {
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        if (!select.value) return;
        OS.api("GET", board.base + "/themes/" + encodeURIComponent(select.value) + "/similar-groups",
               board.token()).then(function (data) { showGroups(data.groups || []); },
                                   function (e) { board.say(e.message, "error"); });
      });
    }

    return {
      decorate: function (li, card, textId) {
        var fresh = block(card, textId);
        if (fresh) li.insertBefore(fresh, li.querySelector(".card__actions"));
      },
      onEvent: function (evt) {
        var data = evt.data || {};
        if (ASK.indexOf(evt.type) >= 0 && data.id) later(String(data.id));
        if (GONE.indexOf(evt.type) >= 0 && data.id) forget(String(data.id)).forEach(redraw);
        if (evt.type.indexOf("theme") === 0) fillThemes();
      },
      onBoard: function () {
        w.setTimeout(function () { fillThemes(); refresh(); }, 0);
      }
    };
  });
})(window, document, window.OpenSpace);
