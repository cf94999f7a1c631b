/* openspace: the board store: the one place a page keeps the board and applies events.
 *
 *   var board = OS.boardStore({own: () => participant id or null, moderates: bool});
 *   board.load(state)      the answer of GET /workshops/{id} (a fresh board)
 *   board.apply(evt)       one live or caught-up event; returns the changes it made
 *   board.on(fn)           fn(change, evt) for every change: {what, id, value}
 *       what: "card" (value: the card, or null when it left this viewer's board; `isNew`,
 *             `deleted`), "comment", "link", "themes", "settings", "supports", "commitment",
 *             "plenary", "projector", "star", "gone" (the workshop was deleted)
 *   board.card(id), board.cards (id -> card), board.comments, board.links, board.themes,
 *   board.settings, board.supported (id -> true), board.commitments, board.starred …
 *   board.view()           what the viewer shows, keyed, for comparing with a fresh load
 *
 * The rules are those of tests/test_catchup.py (Board): a viewer keeps the cards and
 * comments it may see (moderators all; others not hidden ones, and pending ones only
 * their own); comments, links and commitments count only on cards it has. Views (the
 * phone's list, the facilitator's columns, the wall) draw from it and listen to it. */
(function (w, d, OS) {
  "use strict";

  var SETTINGS = ["state", "support_cap", "premoderation", "timer", "spotlight_card_id"];

  function byId(list) {
    var out = {};
    (list || []).forEach(function (item) { if (item && item.id !== undefined && item.id !== null) out[item.id] = item; });
    return out;
  }
  function publicCommitment(c) { return { card_id: c.card_id, name: c.name === undefined ? null : c.name, consent: c.consent === undefined ? null : c.consent }; }
  function filterKeys(map, keep) {
    var out = {};
    Object.keys(map).forEach(function (k) { if (keep(map[k], k)) out[k] = map[k]; });
    return out;
  }

  OS.boardStore = function (opts) {
    opts = opts || {};
    var listeners = [];
    var own = typeof opts.own === "function" ? opts.own : function () { return opts.own || null; };
    var B = {
      seq: 0, cards: {}, comments: {}, links: {}, themes: [], settings: {}, supported: {},
      supportsLeft: null, commitments: {}, starred: {}, projector: null,
      plenaryCount: 0, limits: {}, raw: {}
    };
    var changes = null;

    function emit(what, id, value, extra) {
      var change = Object.assign({ what: what, id: id === undefined ? null : id, value: value }, extra || {});
      if (changes) changes.push(change);
      return change;
    }

    /* May this viewer keep a card or comment in this state? */
    function sees(item) {
      if (opts.moderates) return true;
      if (item.hidden) return false;
      var author = item.author || {};
      return !item.pending || (author.participant_id !== undefined && author.participant_id !== null &&
        String(author.participant_id) === String(own()));
    }

    function putCard(card, isNew) {
      if (!card || card.id === undefined || card.id === null) return;
      if (sees(card)) {
        B.cards[card.id] = card;
        emit("card", card.id, card, { isNew: !!isNew });
      } else {
        dropCard(card.id, false);
      }
    }

    function dropCard(id, deleted) {
      var had = !!B.cards[id];
      delete B.cards[id];
      if (deleted) {
        // The server takes a deleted card's supports, stars and "Jeg er med" with it.
        if (B.supported[id]) { delete B.supported[id]; emit("supports", id, false); }
        delete B.starred[id];
        delete B.commitments[id];
      }
      if (had || deleted) emit("card", id, null, { deleted: !!deleted });
    }

    function count(id, field, value) {
      var card = B.cards[id];
      if (!card) return;
      card[field] = value;
      emit("card", id, card, { count: field });
    }

    function comment(type, data) {
      var c = {};
      Object.keys(data).forEach(function (k) { if (k !== "card_comments") c[k] = data[k]; });
      if (type === "comment.hidden" && !("text" in data)) {
        // Live it carries ids only: a moderator marks its copy, the others drop it.
        c = Object.assign({}, B.comments[data.id] || c, { hidden: true });
      }
      if (type !== "comment.deleted" && sees(c)) {
        B.comments[data.id] = c;
        emit("comment", data.id, c);
      } else {
        delete B.comments[data.id];
        emit("comment", data.id, null);
      }
      if (data.card_comments !== undefined) count(data.card_id, "comments", data.card_comments);
    }

    function mergeTheme(theme) {
      var found = false;
      B.themes = B.themes.map(function (t) {
        if (String(t.id) !== String(theme.id)) return t;
        found = true;
        return Object.assign({}, t, theme);
      });
      if (!found) B.themes.push(theme);
      emit("themes", null, B.themes);
    }

    function settings(data) {
      var changed = false;
      SETTINGS.forEach(function (key) {
        if (data[key] !== undefined) { B.settings[key] = data[key]; changed = true; }
      });
      if (changed) emit("settings", null, B.settings);
    }

    function isOwn(data) {
      return data.participant_id !== undefined && own() !== null &&
        String(data.participant_id) === String(own());
    }

    var handlers = {
      "card.created": function (data) { putCard(data, true); },
      "card.updated": function (data) { putCard(data, false); },
      "card.approved": function (data) { putCard(data, false); },
      "card.restored": function (data) { putCard(data, false); },
      "card.hidden": function (data) { putCard(data, false); },
      "card.deleted": function (data) {
        if (!data.tombstone) { dropCard(data.id, true); return; }
        // A tombstone takes a card off this board, not out of the workshop (it went back for
        // approval): one's support and "Jeg er med" stay. The moderators see every card, and
        // its author their own: for them the card.updated that follows keeps it.
        var card = B.cards[data.id];
        if (opts.moderates || (card && sees(Object.assign({}, card, { pending: true })))) return;
        dropCard(data.id, false);
      },
      "card.merged": function (data) {
        // The server moves one's support and "Jeg er med" to the kept card; so does the store.
        if (B.supported[data.id]) { delete B.supported[data.id]; B.supported[data.into] = true; emit("supports", data.into, true); }
        if (B.commitments[data.id] && !B.commitments[data.into]) {
          B.commitments[data.into] = Object.assign({}, B.commitments[data.id], { card_id: data.into });
        }
        delete B.commitments[data.id];
        dropCard(data.id, false);
        if (data.card) putCard(data.card, false);
      },
      "card.supported": function (data) { count(data.card_id, "supports", data.supports); },
      "card.committed": function (data) { count(data.card_id, "commitments", data.commitments); },
      "support.changed": function (data) {
        // One participant's own support; a moderator's screen hears it too but has none.
        if (own() === null || opts.moderates) return;
        if (data.supported) B.supported[data.card_id] = true; else delete B.supported[data.card_id];
        if (data.supports_left !== undefined) B.supportsLeft = data.supports_left;  // the server's figure
        emit("supports", data.card_id, !!data.supported);
      },
      "commitment.updated": function (data) {
        if (!isOwn(data)) return;
        var had = B.commitments[data.card_id];
        B.commitments[data.card_id] = Object.assign({}, data, { contact: data.has_contact && had ? had.contact : null });
        emit("commitment", data.card_id, B.commitments[data.card_id]);
      },
      "commitment.deleted": function (data) {
        if (!isOwn(data)) return;
        delete B.commitments[data.card_id];
        emit("commitment", data.card_id, null);
      },
      "link.created": function (data) { B.links[data.id] = data; emit("link", data.id, data); },
      "link.deleted": function (data) {
        var old = B.links[data.id];
        delete B.links[data.id];
        emit("link", data.id, null, { old: old });
      },
      "theme.created": mergeTheme,
      "theme.updated": mergeTheme,
      "themes.reordered": function (data) { B.themes = (data.themes || []).slice(); emit("themes", null, B.themes); },
      "workshop.updated": settings,
      "workshop.spotlight": function (data) { settings({ spotlight_card_id: data.card_id === undefined ? null : data.card_id }); },
      "timer.started": function (data) { settings({ timer: { ends_at: data.ends_at, label: data.label === undefined ? null : data.label } }); },
      "timer.stopped": function () { settings({ timer: null }); },
      "card.starred": function (data) {
        if (data.starred) B.starred[data.card_id] = true; else delete B.starred[data.card_id];
        emit("star", data.card_id, !!data.starred);
      },
      "projector.updated": function (data) { B.projector = data; emit("projector", null, data); },
      "plenary.created": function (data) {
        B.plenaryCount = Math.max(B.plenaryCount, Number(data.number) || 0);
        emit("plenary", data.number, data, { isNew: true });
      },
      "plenary.updated": function (data) { emit("plenary", data.number, data); },
      "workshop.deleted": function () { emit("gone", null, true); }
    };
    ["comment.created", "comment.approved", "comment.restored", "comment.hidden", "comment.deleted"].forEach(function (type) {
      handlers[type] = function (data) { comment(type, data); };
    });

    function notify(list, evt) {
      list.forEach(function (change) {
        listeners.forEach(function (fn) {
          try { fn(change, evt); } catch (e) { if (w.console) w.console.error(e); }
        });
      });
    }

    B.load = function (state) {
      state = state || {};
      B.raw = state;
      B.seq = Number(state.seq) || 0;
      // In place: a view may hold the map (participant.js).
      Object.keys(B.cards).forEach(function (id) { delete B.cards[id]; });
      (state.cards || []).forEach(function (c) { if (c && sees(c)) B.cards[c.id] = c; });
      B.comments = byId(state.comments);
      B.links = byId(state.links);
      B.themes = (state.themes || []).slice();
      B.settings = {};
      SETTINGS.forEach(function (key) { B.settings[key] = state[key] === undefined ? null : state[key]; });
      var me = state.me || {};
      B.supported = {};
      (me.supports || []).forEach(function (id) { B.supported[id] = true; });
      B.supportsLeft = me.supports_left === undefined ? null : me.supports_left;
      B.commitments = {};
      (me.commitments || []).forEach(function (c) { B.commitments[c.card_id] = c; });
      B.starred = {};
      (state.starred || []).forEach(function (id) { B.starred[id] = true; });
      B.projector = state.projector || null;
      B.plenaryCount = Number(state.plenary_count) || 0;
      B.limits = state.limits || B.limits;
      notify([{ what: "board", id: null, value: state }], null);
    };

    B.apply = function (evt) {
      if (!evt || !evt.type) return [];
      if (typeof evt.seq === "number" && evt.seq > B.seq) B.seq = evt.seq;
      var handler = handlers[evt.type];
      if (!handler) return [];
      changes = [];
      handler(evt.data || {});
      var made = changes;
      changes = null;
      notify(made, evt);
      return made;
    };

    B.on = function (fn) { listeners.push(fn); return B; };
    B.card = function (id) { return B.cards[id]; };

    /* What the viewer shows, keyed by id: equal for a stale board plus its events and a
     * fresh load (tests/browser/test_board_store.py; the same rules as tests/test_catchup.py). */
    B.view = function () {
      var cards = B.cards;
      var onBoard = function (item) { return !!cards[item.card_id]; };
      var s = Object.assign({}, B.settings);
      if (!cards[s.spotlight_card_id]) s.spotlight_card_id = null;
      var commitments = {};
      Object.keys(B.commitments).forEach(function (id) { if (cards[id]) commitments[id] = publicCommitment(B.commitments[id]); });
      return {
        cards: cards,
        comments: filterKeys(B.comments, onBoard),
        links: filterKeys(B.links, function (l) { return cards[l.actor_card_id] && cards[l.target_card_id]; }),
        themes: B.themes.map(function (t) { return [t.id, t.title]; }),
        settings: s,
        commitments: commitments,
        supported: Object.keys(B.supported).filter(function (id) { return cards[id]; }).sort(),
        starred: Object.keys(B.starred).filter(function (id) { return cards[id]; }).sort(),
        projector: B.projector,
        plenary_count: B.plenaryCount
      };
    };

    return B;
  };
})(window, document, window.OpenSpace);
