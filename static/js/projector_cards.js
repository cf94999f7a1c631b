/* openspace: one card on the projector wall (templates/projector.html): kind icon, text, pin,
 * who or where it came from, counts, who can help, goals; and the wall's order (pinned first,
 * then newest or most supported). projector.js calls OS.projectorCards(opts). */
(function (w, d, OS) {
  "use strict";

  /* opts: {cards() (id -> card on the wall), links() (id -> link), bySupport()}
   * -> {leadIn(kind, text), node(card), order(a, b)} */
  OS.projectorCards = function (opts) {
    /* The kind icon stays on the line of the first word: U+2060 WORD JOINER forbids a break
     * after the icon, and overflow-wrap still breaks a word too long for the column. */
    function leadIn(kind, text) {
      return [OS.el("span", { class: "sr-only", text: OS.kindLabel(kind) + ": " }), OS.icon(kind, "pj-card__icon"),
        "\u2060" + text];
    }

    /* "Can help: Røde Kors, Klubben" under an idea or initiative, from the actors' links. */
    function helpersOf(card) {
      var names = [];
      var links = opts.links(), cards = opts.cards();
      Object.keys(links).forEach(function (id) {
        var link = links[id];
        if (String(link.target_card_id) !== String(card.id)) return;
        var actor = cards[String(link.actor_card_id)];
        if (actor) names.push(actor.text);
      });
      return names;
    }

    /* The card's <li>: kind and text (a pin first when pinned), then the lines under it. */
    function cardNode(card) {
      var kind = OS.kinds.indexOf(card.kind) >= 0 ? card.kind : "idea";
      var text = OS.el("p", { class: "pj-card__text" }, leadIn(kind, card.text || ""));
      if (card.pinned) {
        text.insertBefore(OS.el("span", { class: "pj-card__pinned" }, [OS.icon("pin", "pj-card__pin"),
          OS.el("span", { class: "sr-only", text: OS.t("tk.pinned") + ": " })]), text.firstChild);
      }
      var children = [text];
      var a = card.author || {};
      var by = [];
      // Kick-off material is the room's earlier work, not the facilitator's own card; a paper
      // note is the room's too (the facilitator only typed it in).
      if (card.origin === "kickoff") by.push(OS.t("tk.origin.kickoff"));
      else if (card.origin === "paper") { /* no author line */ }
      // The role's badge comes from author.role, never from a name (nobody can pose as it).
      else if (a.name || OS.isModerator(card)) by.push(OS.authorNode(card, "pj-card__author"));
      if (card.organisation) by.push(String(card.organisation));
      if (by.length) children.push(OS.el("p", { class: "pj-card__by" }, OS.joined(by, " · ")));
      var counts = [];
      if (Number(card.supports)) counts.push(OS.tn("tk.supports", Number(card.supports)));
      if (Number(card.commitments)) counts.push(OS.tn("tk.commitments", Number(card.commitments)));
      if (Number(card.comments)) counts.push(OS.tn("tk.comments", Number(card.comments)));
      if (counts.length) children.push(OS.el("p", { class: "pj-card__counts", text: counts.join(" · ") }));
      var helpers = kind === "actor" ? [] : helpersOf(card);
      if (helpers.length) {
        children.push(OS.el("p", { class: "pj-card__helps", text: OS.t("pj.helps") + ": " + helpers.join(", ") }));
      }
      if (card.sdgs && card.sdgs.length) {
        children.push(OS.el("p", { class: "pj-card__goals", text: card.sdgs.map(function (g) {
          return OS.t("pj.goal", { number: g });
        }).join(" · ") }));
      }
      return OS.el("li", { class: "pj-card pj-card--" + kind + (card.pinned ? " pj-card--pinned" : ""),
        "data-id": card.id }, children);
    }

    /* Pinned first, then most supported (when chosen), then newest. */
    function order(a, b) {
      if (!!b.pinned !== !!a.pinned) return b.pinned ? 1 : -1;
      if (opts.bySupport() && (Number(b.supports) || 0) !== (Number(a.supports) || 0)) {
        return (Number(b.supports) || 0) - (Number(a.supports) || 0);
      }
      return (Number(b.seq) || 0) - (Number(a.seq) || 0);
    }

    return { leadIn: leadIn, node: cardNode, order: order };
  };
})(window, document, window.OpenSpace);
