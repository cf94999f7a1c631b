/* openspace: what a participant does with a card on the phone page: support, "Jeg er med",
   comments, "kan hjælpe med" links, editing and deleting their own card, global goal tags.
   static/js/participant.js owns the board; it calls OS.participation(ctx) once and then
   load(state), decorate(li, card), onEvent(evt), forget(id) and setLocked(). */
(function (w, d, OS) {
  "use strict";

  OS.participation = function (ctx) {
    var goals = {};                 // number -> name, in the page's language
    (ctx.goals || []).forEach(function (g) { goals[g.number] = g.name; });
    /* The board store (static/js/board_store.js) keeps the supports, "Jeg er med",
       comments and links and applies their events; this file draws them and acts. */
    var B = ctx.board;
    // B.limits: the field limits and most goals, the board's (services/board_extras.py).
    var supportsLeft = null;
    var offBoard = {};              // card id -> true: supported, but hidden since
    var cap = null;
    // The server's "supports left" and our count then: moved only by changes here since.
    var server = null;
    var tools = {};                 // card id -> {box, parts...}: kept across re-renders

    function call(method, path, body) { return OS.api(method, ctx.base + path, ctx.token(), body); }
    function mine(item) {
      var a = item && item.author;
      return !!(a && a.participant_id && String(a.participant_id) === String(ctx.myId()));
    }
    function btn(text, cls, onClick, attrs) {
      var b = OS.el("button", Object.assign({ type: "button", class: "btn btn--small " + (cls || ""), text: text }, attrs || {}));
      b.addEventListener("click", onClick);
      return b;
    }
    function short(text) { text = String(text || ""); return text.length > 60 ? text.slice(0, 57) + "…" : text; }
    function fail(t, e) { OS.say(t.status, (e && e.message) || OS.t("error.generic"), "error"); }

    /* ---------- state ---------- */

    function load(state) {
      // Supports on cards hidden since do not count toward the cap (as on the server).
      offBoard = {};
      var onBoard = {};
      (state.cards || []).forEach(function (c) { if (!c.hidden) onBoard[c.id] = true; });
      Object.keys(B.supported).forEach(function (id) { if (!onBoard[id]) offBoard[id] = true; });
      cap = state.support_cap === undefined ? null : state.support_cap;
      heard(B.supportsLeft);
      applyOutbox();  // what this phone gave or took back offline and has not sent yet
      settings(state);
    }

    function used() { return Object.keys(B.supported).filter(function (id) { return !offBoard[id]; }).length; }
    function heard(left) { if (left !== undefined) server = { left: left, used: used() }; }

    function settings(data) {
      if (data.support_cap !== undefined && data.support_cap !== cap) { cap = data.support_cap; server = null; }
      if (data.premoderation !== undefined) OS.$("premoderated").hidden = !data.premoderation;
      supportsLeft = cap === null ? null : Math.max(0, server && server.left !== null
        ? server.left - (used() - server.used) : cap - used());
      var line = OS.$("supports-left");
      line.hidden = supportsLeft === null;
      if (supportsLeft !== null) line.textContent = OS.tn("support.left", supportsLeft);
    }

    /* ---------- the card ---------- */

    function decorate(li, card) {
      var id = String(card.id);
      if (offBoard[id]) { delete offBoard[id]; settings({}); }  // restored: its support counts again
      li.setAttribute("data-sdgs", "," + (card.sdgs || []).join(",") + ",");
      var meta = li.querySelector(".card__meta");
      if (card.organisation) li.insertBefore(OS.el("p", { class: "card__org", text: card.organisation }), meta);
      if ((card.sdgs || []).length) {
        li.insertBefore(OS.el("ul", { class: "sdg-tags", "aria-label": OS.t("sdg.label") }, card.sdgs.map(function (n) {
          return OS.el("li", { class: "sdg-tag" }, [OS.el("span", { class: "sdg-num", text: String(n) }), " " + (goals[n] || "")]);
        })), meta);
      }
      if (card.edited_at) meta.appendChild(OS.el("span", { class: "card__edited", text: OS.t("card.edited") }));
      if (card.pending) {
        li.classList.add("card--waiting");
        li.appendChild(OS.el("p", { class: "card__state" }, [OS.icon("clock"), OS.el("span", { text: OS.t("pending") })]));
      }
      var t = tools[id] || build(id);
      tools[id] = t;
      li.appendChild(t.box);
      refresh(id);
      relatedOf(id).forEach(refreshLinks);
    }

    function build(id) {
      var t = { id: id, box: OS.el("div", { class: "card__tools" }) };
      t.status = OS.el("p", { class: "form-status", "aria-live": "polite" });
      t.support = btn("", "tool-support", function () { toggleSupport(t); }, { "aria-pressed": "false" });
      t.commit = btn("", "tool-commit", function () { openPanel(t, "commitPanel", fillCommit); });
      t.talk = btn("", "btn--quiet", function () { openPanel(t, "talkPanel", fillTalk); });
      t.linkBtn = btn(OS.t("link.button"), "btn--quiet", function () { openPanel(t, "linkPanel", fillLink); });
      t.edit = btn(OS.t("card.edit"), "btn--quiet", function () { openPanel(t, "editPanel", fillEdit); });
      t.del = btn(OS.t("card.delete"), "btn--danger", function () { removeCard(t); });
      t.row = OS.el("div", { class: "tool-row" }, [t.support, t.commit, t.talk, t.linkBtn, t.edit, t.del]);
      t.links = OS.el("div", { class: "card__links" });
      ["commitPanel", "talkPanel", "linkPanel", "editPanel"].forEach(function (name) {
        t[name] = OS.el("div", { class: "tool-panel", id: "p-" + name + "-" + id, hidden: true });
      });
      t.commit.setAttribute("aria-controls", t.commitPanel.id);
      t.talk.setAttribute("aria-controls", t.talkPanel.id);
      t.linkBtn.setAttribute("aria-controls", t.linkPanel.id);
      t.edit.setAttribute("aria-controls", t.editPanel.id);
      [t.links, t.row, t.status, t.commitPanel, t.talkPanel, t.linkPanel, t.editPanel].forEach(function (n) { t.box.appendChild(n); });
      return t;
    }

    function openPanel(t, name, fill) {
      var panel = t[name];
      var opening = panel.hidden;
      ["commitPanel", "talkPanel", "linkPanel", "editPanel"].forEach(function (n) { t[n].hidden = true; });
      if (opening) { fill(t); panel.hidden = false; var f = panel.querySelector("textarea, input, select"); if (f) f.focus(); }
      refresh(t.id);
    }

    function refresh(id) {
      var t = tools[id], card = ctx.card(id);
      if (!t || !card) return;
      var open = !card.pending;
      var n = Number(card.supports) || 0;
      t.support.hidden = !open;
      t.support.setAttribute("aria-pressed", B.supported[id] ? "true" : "false");
      t.support.textContent = (B.supported[id] ? OS.t("support.supported") : OS.t("support.button")) + " · " + OS.tn("support.count", n);
      t.commit.hidden = !open || card.kind !== "initiative";
      t.commit.textContent = (B.commitments[id] ? OS.t("commit.yours") : OS.t("commit.button")) + " · " +
        OS.tn("commit.count", Number(card.commitments) || 0);
      t.commit.setAttribute("aria-expanded", String(!t.commitPanel.hidden));
      t.talk.textContent = OS.t("comments.toggle", { count: Number(card.comments) || 0 });
      t.talk.setAttribute("aria-expanded", String(!t.talkPanel.hidden));
      t.linkBtn.hidden = !open || card.kind !== "actor" || ctx.locked();
      t.linkBtn.setAttribute("aria-expanded", String(!t.linkPanel.hidden));
      var own = mine(card) && !ctx.locked();
      t.edit.hidden = t.del.hidden = !own;
      t.edit.setAttribute("aria-expanded", String(!t.editPanel.hidden));
      if (!own) t.editPanel.hidden = true;
      if (!t.talkPanel.hidden) fillComments(t);
      refreshLinks(id);
    }

    /* ---------- support ---------- */

    function toggleSupport(t) {
      // A busy flag, not `disabled`: disabling the focused button would drop the keyboard focus.
      if (t.busy) return;
      var was = !!B.supported[t.id];
      t.busy = true;
      call(was ? "DELETE" : "PUT", "/cards/" + encodeURIComponent(t.id) + "/support", was ? undefined : {}).then(function (r) {
        t.busy = false;
        if (was) delete B.supported[t.id]; else B.supported[t.id] = true;
        heard(r.supports_left);
        settings({});
        ctx.update(r.card);
        OS.say(t.status, "");
      }, function (e) {
        t.busy = false;
        // Offline: kept like a card in the outbox and sent when the phone is back.
        if (e && e.code === "network") queueSupport(t.id, !was);
        else fail(t, e);
      });
    }

    /* ---------- supports given offline ---------- */

    var KEY_SUPPORTS = "openspace.support-outbox." + ctx.base;
    var supportOutbox = OS.store.get(KEY_SUPPORTS) || {};   // card id -> true (give) / false (take back)
    var flushing = false;

    function applyOutbox() {
      Object.keys(supportOutbox).forEach(function (id) {
        if (supportOutbox[id]) B.supported[id] = true; else delete B.supported[id];
      });
    }

    function queueSupport(id, want) {
      supportOutbox[id] = want;
      OS.store.set(KEY_SUPPORTS, supportOutbox);
      applyOutbox();
      settings({});
      refresh(id);
      if (tools[id]) OS.say(tools[id].status, OS.t("support.queued"));
    }

    /* Send the supports given offline; a refusal (cap, card gone) undoes it and says why. */
    function flushSupports() {
      if (flushing || !Object.keys(supportOutbox).length) return;
      flushing = true;
      var ids = Object.keys(supportOutbox);
      var left = ids.length;
      ids.forEach(function (id) {
        var want = supportOutbox[id];
        call(want ? "PUT" : "DELETE", "/cards/" + encodeURIComponent(id) + "/support", want ? {} : undefined).then(function (r) {
          delete supportOutbox[id];
          if (r) heard(r.supports_left);
          if (r && r.card) ctx.update(r.card);
          if (tools[id]) OS.say(tools[id].status, "");
        }, function (e) {
          if (e && e.code === "network") return;  // still offline: try again on the next connect
          delete supportOutbox[id];
          if (want) delete B.supported[id]; else B.supported[id] = true;
          if (tools[id]) fail(tools[id], e);
        }).then(function () {
          OS.store.set(KEY_SUPPORTS, supportOutbox);
          settings({});
          refresh(id);
          left -= 1;
          if (!left) flushing = false;
        });
      });
    }
    w.addEventListener("online", flushSupports);

    /* ---------- "Jeg er med" ---------- */

    function field(label, input, hint) {
      var id = input.id;
      return OS.el("div", { class: "field" }, [OS.el("label", { class: "label", for: id, text: label }), input, hint || null]);
    }

    function fillCommit(t) {
      var own = B.commitments[t.id];
      var panel = t.commitPanel;
      panel.textContent = "";
      var name = OS.el("input", { class: "input", id: "cn-" + t.id, maxlength: B.limits.name, autocomplete: "name", type: "text" });
      name.value = own ? own.name || "" : ctx.myName() || "";
      var consent = OS.el("input", { type: "checkbox", id: "cc-" + t.id });
      var contact = OS.el("input", { class: "input", id: "ct-" + t.id, maxlength: B.limits.contact, type: "text", autocomplete: "email",
        "aria-describedby": "ch-" + t.id });
      consent.checked = !!(own && own.consent);
      contact.value = own && own.contact ? own.contact : "";
      var contactField = field(OS.t("commit.contact"), contact, OS.el("p", { class: "hint", id: "ch-" + t.id, text: OS.t("commit.contact_hint") }));
      /* The second, separate choice: contact about the initiative's follow-up for N months. */
      var follow = OS.el("input", { type: "checkbox", id: "cf-" + t.id });
      follow.checked = !!(own && own.followup_consent);
      contactField.appendChild(OS.el("div", { class: "check" }, [follow, OS.el("label", { for: follow.id,
        text: OS.t("fu.consent", { months: (OS.page.workshop || {}).followup_months || 6 }) })]));
      contactField.hidden = !consent.checked;
      consent.addEventListener("change", function () {
        contactField.hidden = !consent.checked;
        if (!consent.checked) { contact.value = ""; follow.checked = false; }   // without consent nothing is sent
        else contact.focus();
      });
      var form = OS.el("form", { class: "tool-form", novalidate: true }, [
        field(OS.t("commit.name"), name),
        OS.el("div", { class: "check" }, [consent, OS.el("label", { for: consent.id, text: OS.t("commit.consent") })]),
        contactField,
        OS.el("div", { class: "tool-row" }, [
          OS.el("button", { type: "submit", class: "btn btn--small btn--primary", text: own ? OS.t("common.save") : OS.t("commit.button") }),
          own ? btn(OS.t("commit.withdraw"), "btn--danger", function () { withdraw(t); }) : null,
          btn(OS.t("common.cancel"), "btn--quiet", function () { openPanel(t, "commitPanel"); t.commit.focus(); })
        ])
      ]);
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var body = { consent: consent.checked };
        if (name.value.trim()) body.name = name.value.trim();
        if (consent.checked && contact.value.trim()) body.contact = contact.value.trim();
        body.followup_consent = !!(body.contact && follow.checked);
        call("PUT", "/cards/" + encodeURIComponent(t.id) + "/commitment", body).then(function (r) {
          B.commitments[t.id] = r.commitment;
          rememberFollowed(t.id, r.commitment.followup_consent);
          t.commitPanel.hidden = true;
          ctx.update(r.card);
          OS.say(t.status, OS.t("commit.done"), "ok");
          t.commit.focus();
        }, function (e) { fail(t, e); });
      });
      panel.appendChild(form);
    }

    /* The phone remembers what it agreed to follow: after the day (tokens gone) it lists them first. */
    function rememberFollowed(cardId, on) {
      var key = "openspace.followed." + (OS.page.workshop || {}).id;
      var ids = (OS.store.get(key) || []).filter(function (id) { return id !== cardId; });
      if (on) ids.push(cardId);
      OS.store.set(key, ids);
    }

    function withdraw(t) {
      call("DELETE", "/cards/" + encodeURIComponent(t.id) + "/commitment").then(function (r) {
        delete B.commitments[t.id];
        t.commitPanel.hidden = true;
        ctx.update(r.card);
        OS.say(t.status, OS.t("commit.withdrawn"), "ok");
        t.commit.focus();
      }, function (e) { fail(t, e); });
    }

    /* ---------- comments ---------- */

    function fillTalk(t) {
      var panel = t.talkPanel;
      panel.textContent = "";
      t.commentList = OS.el("ul", { class: "comments" });
      var text = OS.el("textarea", { class: "input", id: "ck-" + t.id, rows: 2, maxlength: B.limits.comment_text });
      var form = OS.el("form", { class: "tool-form", novalidate: true }, [
        field(OS.t("comments.label"), text),
        OS.el("button", { type: "submit", class: "btn btn--small btn--primary", text: OS.t("comments.send") })
      ]);
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var value = text.value.trim();
        if (!value) { OS.say(t.status, OS.t("form.write_something"), "error"); text.focus(); return; }
        sendComment({ client_id: OS.uuid(), card_id: t.id, text: value }).then(function (kept) { if (kept) text.value = ""; });
      });
      panel.appendChild(t.commentList);
      panel.appendChild(form);
      fillComments(t);
    }

    function fillComments(t) {
      if (!t.commentList) return;
      var list = Object.keys(B.comments).map(function (k) { return B.comments[k]; })
        .filter(function (c) { return String(c.card_id) === t.id && !c.hidden; })
        .sort(function (a, b) { return a.seq - b.seq; });
      t.commentList.textContent = "";
      var queued = commentOutbox.filter(function (i) { return i.card_id === t.id; });
      if (!list.length && !queued.length) t.commentList.appendChild(OS.el("li", { class: "comments__none", text: OS.t("comments.none") }));
      list.forEach(function (c) {
        var item = OS.el("li", { class: "comment" + (c.pending ? " comment--pending" : "") }, [
          OS.authorNode(c), " ",
          OS.el("span", { class: "comment__text", text: c.text })
        ]);
        if (c.pending) item.appendChild(OS.el("span", { class: "comment__state", text: " · " + OS.t("pending") }));
        if (mine(c) && !ctx.locked()) {
          item.appendChild(btn(OS.t("card.delete"), "btn--quiet comment__delete", function () {
            call("DELETE", "/comments/" + encodeURIComponent(c.id)).then(function () {
              delete B.comments[c.id];
              fillComments(t);
              t.talk.focus();
            }, function (e) { fail(t, e); });
          }, { "aria-label": OS.t("comments.delete_label", { text: short(c.text) }) }));
        }
        t.commentList.appendChild(item);
      });
      queued.forEach(function (i) {
        t.commentList.appendChild(OS.el("li", { class: "comment comment--pending comment--queued", "data-client-id": i.client_id }, [
          OS.el("span", { class: "comment__text", text: i.text }),
          OS.el("span", { class: "comment__state", text: " · " + OS.t("comments.waiting") })
        ]));
      });
    }

    /* ---------- comments written offline ---------- */

    var KEY_COMMENTS = "openspace.comment-outbox." + ctx.base;
    var commentOutbox = OS.store.get(KEY_COMMENTS) || [];   // [{client_id, card_id, text}]
    function unqueueComment(cid) {
      commentOutbox = commentOutbox.filter(function (i) { return i.client_id !== cid; });
      OS.store.set(KEY_COMMENTS, commentOutbox);
    }

    /* Send a comment (new, or from the outbox: the same client_id gives the stored one back,
       so a lost answer never makes two). Offline it is kept on the phone, shown as not sent
       yet, and sent on reconnect; a refusal undoes it and says why. Resolves to true when
       stored or kept. */
    function sendComment(item) {
      return call("POST", "/cards/" + encodeURIComponent(item.card_id) + "/comments", { client_id: item.client_id, text: item.text }).then(function (c) {
        unqueueComment(c.client_id);
        B.comments[c.id] = c;
        var t = tools[item.card_id];
        if (t) { OS.say(t.status, OS.t(c.pending ? "comments.sent_pending" : "comments.sent"), "ok"); fillComments(t); }
        if (ctx.posted) ctx.posted(c);
        return true;
      }, function (e) {
        var t = tools[item.card_id];
        var offline = e && e.code === "network";
        if (offline && commentOutbox.indexOf(item) < 0) { commentOutbox.push(item); OS.store.set(KEY_COMMENTS, commentOutbox); }
        if (!offline) unqueueComment(item.client_id);
        if (t) { fillComments(t); OS.say(t.status, offline ? OS.t("support.queued") : OS.t("card.failed", { message: e.message }), offline ? "" : "error"); }
        return offline;
      });
    }
    function flushComments() { commentOutbox.forEach(sendComment); }
    w.addEventListener("online", flushComments);

    /* ---------- links ---------- */

    function linksOf(id) {
      return Object.keys(B.links).map(function (k) { return B.links[k]; }).filter(function (l) {
        return String(l.actor_card_id) === id || String(l.target_card_id) === id;
      });
    }
    function relatedOf(id) {
      return linksOf(id).map(function (l) { return String(l.actor_card_id) === id ? String(l.target_card_id) : String(l.actor_card_id); });
    }

    function refreshLinks(id) {
      var t = tools[id], card = ctx.card(id);
      if (!t || !card) return;
      t.links.textContent = "";
      var items = linksOf(id).filter(function (l) { return ctx.card(String(l.actor_card_id)) && ctx.card(String(l.target_card_id)); });
      if (!items.length) return;
      var isActor = card.kind === "actor";
      var list = OS.el("ul", { class: "card__linklist" });
      items.forEach(function (l) {
        var other = ctx.card(String(isActor ? l.target_card_id : l.actor_card_id));
        var li = OS.el("li", null, [OS.el("span", { text: short(other.text) })]);
        if (mine(l) && !ctx.locked()) {
          li.appendChild(btn(OS.t("link.remove"), "btn--quiet", function () {
            call("DELETE", "/links/" + encodeURIComponent(l.id)).then(function () { dropLink(l.id); }, function (e) { fail(t, e); });
          }, { "aria-label": OS.t("link.remove_label", { text: short(other.text) }) }));
        }
        list.appendChild(li);
      });
      t.links.appendChild(OS.el("p", { class: "card__linkhead", text: isActor ? OS.t("link.helps_with") : OS.t("link.helped_by") }));
      t.links.appendChild(list);
    }

    function fillLink(t) {
      var panel = t.linkPanel;
      panel.textContent = "";
      var taken = relatedOf(t.id);
      var all = ctx.allCards();
      var choices = Object.keys(all).map(function (k) { return all[k]; }).filter(function (c) {
        return (c.kind === "initiative" || c.kind === "idea") && !c.pending && taken.indexOf(String(c.id)) < 0;
      });
      if (!choices.length) { panel.appendChild(OS.el("p", { class: "hint", text: OS.t("link.none_targets") })); return; }
      var select = OS.el("select", { class: "input", id: "ls-" + t.id }, choices.map(function (c) {
        return OS.el("option", { value: c.id, text: OS.kindLabel(c.kind) + ": " + short(c.text) });
      }));
      // Best fit first (theme, goals, words, sector: GET …/link-suggestions); unranked on error.
      var touched = false;
      select.addEventListener("change", function () { touched = true; });
      call("GET", "/cards/" + encodeURIComponent(t.id) + "/link-suggestions").then(function (r) {
        r.cards.slice().reverse().forEach(function (c) {
          var o = select.querySelector('option[value="' + CSS.escape(String(c.id)) + '"]');
          if (o) select.insertBefore(o, select.firstChild);
        });
        if (!touched) select.selectedIndex = 0;
      }, function () {});
      var form = OS.el("form", { class: "tool-form", novalidate: true }, [
        field(OS.t("link.choose"), select),
        OS.el("div", { class: "tool-row" }, [
          OS.el("button", { type: "submit", class: "btn btn--small btn--primary", text: OS.t("link.save") }),
          btn(OS.t("common.cancel"), "btn--quiet", function () { openPanel(t, "linkPanel"); t.linkBtn.focus(); })
        ])
      ]);
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        call("POST", "/links", { actor_card_id: t.id, target_card_id: select.value }).then(function (l) {
          addLink(l);
          t.linkPanel.hidden = true;
          refresh(t.id);
          OS.say(t.status, OS.t("link.done"), "ok");
          t.linkBtn.focus();
        }, function (e) { fail(t, e); });
      });
      panel.appendChild(form);
    }

    function addLink(l) { B.links[l.id] = l; refreshLinks(String(l.actor_card_id)); refreshLinks(String(l.target_card_id)); }
    function dropLink(id) {
      var l = B.links[id];
      if (!l) return;
      delete B.links[id];
      refreshLinks(String(l.actor_card_id));
      refreshLinks(String(l.target_card_id));
    }

    /* ---------- editing and deleting one's own card ---------- */

    function goalPicker(idPrefix, chosen) {
      var box = OS.el("fieldset", { class: "sdg-list" }, [OS.el("legend", { class: "label", text: OS.t("sdg.label") })]);
      Object.keys(goals).forEach(function (n) {
        var input = OS.el("input", { type: "checkbox", value: n, id: idPrefix + n });
        input.checked = chosen.indexOf(Number(n)) >= 0;
        box.appendChild(OS.el("label", { class: "sdg-option", for: input.id }, [input, " ", OS.el("span", { class: "sdg-num", text: n }), " " + goals[n]]));
      });
      limitGoals(box);
      return box;
    }

    function chosenGoals(box) {
      return Array.prototype.map.call(box.querySelectorAll("input:checked"), function (i) { return Number(i.value); });
    }

    /* At most the board's number of goals: then the other boxes are disabled. */
    function limitGoals(box) {
      function apply() {
        var full = chosenGoals(box).length >= B.limits.sdgs;
        Array.prototype.forEach.call(box.querySelectorAll("input[type=checkbox]"), function (i) { i.disabled = full && !i.checked; });
      }
      box.addEventListener("change", apply);
      apply();
    }

    function fillEdit(t) {
      var card = ctx.card(t.id);
      var panel = t.editPanel;
      panel.textContent = "";
      var text = OS.el("textarea", { class: "input", id: "et-" + t.id, rows: 3, maxlength: B.limits.card_text });
      text.value = card.text || "";
      var org = OS.el("input", { class: "input", id: "eo-" + t.id, maxlength: B.limits.organisation, type: "text" });
      org.value = card.organisation || "";
      var picker = goalPicker("eg-" + t.id + "-", card.sdgs || []);
      var place = OS.editPlaceFields ? OS.editPlaceFields(card, "ep-" + t.id) : null;
      var form = OS.el("form", { class: "tool-form", novalidate: true }, [
        field(OS.t("card.text"), text),
        place ? place.node : null,
        card.kind === "actor" ? field(OS.t("card.organisation"), org) : null,
        picker,
        OS.el("div", { class: "tool-row" }, [
          OS.el("button", { type: "submit", class: "btn btn--small btn--primary", text: OS.t("common.save") }),
          btn(OS.t("common.cancel"), "btn--quiet", function () { openPanel(t, "editPanel"); t.edit.focus(); })
        ])
      ]);
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        if (!text.value.trim()) { OS.say(t.status, OS.t("form.write_something"), "error"); text.focus(); return; }
        var body = { text: text.value.trim(), sdgs: chosenGoals(picker) };
        if (card.kind === "actor") body.organisation = org.value.trim();
        if (place) place.fill(body);
        var waited = !!card.pending;
        call("PATCH", "/cards/" + encodeURIComponent(t.id), body).then(function (c) {
          t.editPanel.hidden = true;
          ctx.update(c);
          // Back in the approval queue (pre-moderation, or a word on the safe room's list).
          OS.say(t.status, OS.t(c.pending && !waited ? "form.sent_pending" : "card.saved"), "ok");
          if (ctx.posted) ctx.posted(c);  // the safe room's help text, if the server sent one
          t.edit.focus();
        }, function (e) { fail(t, e); });
      });
      panel.appendChild(form);
    }

    function removeCard(t) {
      if (!w.confirm(OS.t("card.delete_confirm"))) return;
      call("DELETE", "/cards/" + encodeURIComponent(t.id)).then(function () {
        ctx.remove(t.id);
        OS.say("compose-status", OS.t("card.deleted_done"), "ok");
      }, function (e) { fail(t, e); });
    }

    /* ---------- live events: the store's changes ---------- */

    B.on(function (change, evt) {
      if (!evt) return;
      var data = evt.data || {};
      switch (change.what) {
        case "card": if (change.count) refresh(String(change.id)); break;
        case "supports": heard(data.supports_left); settings({}); refresh(String(change.id)); break;
        case "commitment": refresh(String(change.id)); break;
        case "comment":
          // One's own comment, stored: it leaves the outbox even if the answer was lost.
          if (change.value && change.value.client_id) unqueueComment(change.value.client_id);
          refresh(String(data.card_id));
          break;
        case "link":
          var l = change.value || change.old || data;
          refreshLinks(String(l.actor_card_id));
          refreshLinks(String(l.target_card_id));
          break;
        default: break;
      }
    });

    /* A card left the board: its tools, links and comments go with it; a deleted card also
       gives its support back (a hidden one keeps it, as the server does). */
    function forget(id, deleted) {
      id = String(id);
      var related = relatedOf(id);
      // The store keeps its links and comments: a hidden card may come back with them.
      if (!deleted && B.supported[id]) offBoard[id] = true;
      settings({});
      delete tools[id];
      related.forEach(refreshLinks);
    }

    function setLocked() { Object.keys(tools).forEach(refresh); }

    function flushAll() { flushSupports(); flushComments(); }

    return { load: load, settings: settings, decorate: decorate, forget: forget, flush: flushAll,
      setLocked: setLocked, goalPicker: goalPicker, chosenGoals: chosenGoals, limitGoals: limitGoals };
  };
})(window, document, window.OpenSpace);
