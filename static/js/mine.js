/* openspace: the participant's own data (templates/mine.html): see it, delete it. */
(function (w, d, OS) {
  "use strict";

  var wid = String((OS.page.workshop || {}).id);
  var base = "/api/v1/workshops/" + encodeURIComponent(wid);
  var KEYS = ["openspace.participant." + wid, "openspace.outbox." + wid, "openspace.draft." + wid];
  var me = OS.store.get(KEYS[0]);
  var token = me && me.token;

  function show(id, visible) { OS.$(id).hidden = !visible; }

  function nothing() {
    show("mine-data", false);
    show("mine-none", true);
  }

  function onCard(item) {
    return item.card_text ? OS.t("mine.on_card", { text: item.card_text }) : OS.t("mine.card_gone");
  }

  /* A delete button whose accessible name says what it deletes. */
  function deleteButton(label, path, what, namedKey) {
    return OS.el("button", {
      type: "button", class: "btn btn--small btn--danger", "data-delete": path, text: label,
      "aria-label": OS.t(namedKey || "mine.delete_named", { what: String(what || "").slice(0, 80) })
    });
  }

  function fill(id, items, render) {
    var list = OS.$(id);
    list.textContent = "";
    if (!items.length) list.appendChild(OS.el("li", { class: "muted", text: OS.t("mine.empty") }));
    items.forEach(function (item) { list.appendChild(render(item)); });
  }

  function render(data) {
    var total = data.cards.length + data.comments.length + data.commitments.length +
      data.supports.length + data.links.length;
    if (!total && !data.participant.name) { nothing(); return; }
    show("mine-none", false);
    show("mine-data", true);
    OS.setText("mine-name", data.participant.name || OS.t("mine.no_name"));
    fill("mine-cards", data.cards, function (card) {
      var li = OS.cardElement(card, {});
      if (card.hidden) li.appendChild(OS.el("p", { class: "muted", text: OS.t("mine.hidden") }));
      if (card.pending) li.appendChild(OS.el("p", { class: "muted", text: OS.t("mine.pending") }));
      li.appendChild(deleteButton(OS.t("mine.delete"), "/participants/me/cards/" + encodeURIComponent(card.id), card.text));
      return li;
    });
    fill("mine-comments", data.comments, function (comment) {
      return OS.el("li", { class: "mine-item" }, [
        OS.el("p", { text: comment.text }),
        OS.el("p", { class: "muted", text: onCard(comment) }),
        deleteButton(OS.t("mine.delete"), "/participants/me/comments/" + encodeURIComponent(comment.id), comment.text)
      ]);
    });
    fill("mine-commitments", data.commitments, function (c) {
      return OS.el("li", { class: "mine-item" }, [
        OS.el("p", { text: onCard(c) }),
        c.name ? OS.el("p", { text: OS.t("mine.as_name", { name: c.name }) }) : null,
        c.contact ? OS.el("p", { text: OS.t("mine.contact", { contact: c.contact }) }) : null,
        c.followup_consent ? OS.el("p", { text: OS.t("fu.consent_until", { date: String(c.followup_until).slice(0, 10) }) }) : null,
        c.followup_consent ? deleteButton(OS.t("fu.consent_withdraw"), "/participants/me/commitments/" + encodeURIComponent(c.card_id) + "/followup", c.card_text, "mine.withdraw_named") : null,
        deleteButton(OS.t("mine.withdraw"), "/participants/me/commitments/" + encodeURIComponent(c.card_id), c.card_text, "mine.withdraw_named")
      ]);
    });
    fill("mine-supports", data.supports, function (s) {
      return OS.el("li", { class: "mine-item", text: onCard(s) });
    });
    fill("mine-links", data.links, function () {
      return OS.el("li", { class: "mine-item", text: OS.t("mine.link") });
    });
  }

  function load(first) {
    if (first) OS.say("mine-status", "");
    if (!token) { nothing(); return; }
    OS.api("GET", base + "/participants/me/data", token).then(render, function (e) {
      if (e.status === 401 || e.status === 403 || e.status === 404) { nothing(); return; }
      OS.say("mine-status", e.message, "error");
    });
  }

  d.addEventListener("click", function (ev) {
    var btn = ev.target.closest ? ev.target.closest("button[data-delete]") : null;
    if (!btn || !token) return;
    if (!w.confirm(OS.t("mine.confirm_item"))) return;
    btn.disabled = true;
    OS.api("DELETE", base + btn.getAttribute("data-delete"), token).then(function () {
      OS.say("mine-status", OS.t("mine.deleted"), "ok");
      load();
    }, function (e) {
      btn.disabled = false;
      OS.say("mine-status", e.message, "error");
    });
  });

  OS.$("delete-all").addEventListener("click", function () {
    if (!token || !w.confirm(OS.t("mine.confirm_all"))) return;
    OS.api("DELETE", base + "/participants/me", token).then(function () {
      KEYS.forEach(function (key) { OS.store.remove(key); });
      token = null;
      show("mine-data", false);
      OS.say("mine-status", OS.t("mine.all_deleted"), "ok");
    }, function (e) {
      OS.say("mine-status", e.message, "error");
    });
  });

  load(true);
})(window, document, window.OpenSpace);
