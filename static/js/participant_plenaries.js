/* openspace: the plenaries on the phone (templates/_participant_plenaries.html).
 *
 * Each plenary's digest (counts, the facilitator's note, the most supported, new
 * initiatives and actors; built by the server, services/plenary_digest.py), newest
 * first, the newest open. Someone who joins at 13.00 gets the plenaries of 11 and 12
 * from GET …/plenaries; a new one arrives with plenary.created, a changed note with
 * plenary.updated. The PDFs come with the phone's own token. */
(function (w, d, OS) {
  "use strict";

  var SHOWN = 3; // cards per list before "show all"

  (OS.participantExtensions = OS.participantExtensions || []).push(function (page) {
    var section = OS.$("plenaries");
    if (!section) return null;
    var list = OS.$("plenary-list");
    var items = {};      // number -> {li, plenary}
    var loading = null;

    function cardLine(card, extra) {
      var li = OS.el("li", { class: "ph-pl__card ph-pl__card--" + (card.kind || "idea") }, [
        OS.el("span", { class: "ph-pl__text", text: card.text || "" })
      ]);
      var meta = [];
      if (card.theme_title) meta.push(card.theme_title);
      if (extra) meta.push(extra);
      if (meta.length) li.appendChild(OS.el("span", { class: "ph-pl__meta", text: meta.join(" · ") }));
      return li;
    }

    /* A list of cards: the first few, the rest behind "show all", and what only the PDF has. */
    function cardList(title, part, extra) {
      var cards = (part && part.items) || [];
      if (!cards.length) return null;
      var box = OS.el("div", { class: "ph-pl__part" }, [OS.el("h4", { text: title })]);
      var first = OS.el("ul", { class: "ph-pl__cards" });
      cards.slice(0, SHOWN).forEach(function (c) { first.appendChild(cardLine(c, extra(c))); });
      box.appendChild(first);
      if (cards.length > SHOWN) {
        var rest = OS.el("ul", { class: "ph-pl__cards" });
        cards.slice(SHOWN).forEach(function (c) { rest.appendChild(cardLine(c, extra(c))); });
        box.appendChild(OS.el("details", { class: "ph-pl__more" }, [
          OS.el("summary", { text: OS.t("ph.pl.show_all", { count: cards.length }) }), rest
        ]));
      }
      if (part.more) box.appendChild(OS.el("p", { class: "hint", text: OS.tn("ph.pl.more", part.more) }));
      return box;
    }

    function countsLine(counts) {
      var cards = Number(counts.cards) || 0;
      var parts = [];
      if (cards) {
        parts.push(OS.tn("ph.pl.cards", cards) + " " + OS.tn("ph.pl.people", Number(counts.participants_posting) || 0));
      } else {
        parts.push(OS.t("ph.pl.nothing"));
      }
      if (Number(counts.carried)) parts.push(OS.tn("ph.pl.carried", Number(counts.carried)));
      return parts.join(" · ");
    }

    function body(plenary) {
      var g = plenary.digest || {};
      var counts = g.counts || {};
      var nodes = [OS.el("p", { class: "ph-pl__counts", text: countsLine(counts) })];
      if (g.note) {
        nodes.push(OS.el("div", { class: "ph-pl__note" }, [
          OS.el("h4", { text: OS.t("ph.pl.note") }), OS.el("p", { text: g.note })
        ]));
      }
      nodes.push(cardList(OS.t("ph.pl.top"), g.top, function (c) { return c.supports ? OS.tn("ph.pl.supports", c.supports) : ""; }));
      nodes.push(cardList(OS.t("ph.pl.initiatives"), g.new_initiatives, function (c) { return c.commitments ? OS.tn("ph.pl.in", c.commitments) : ""; }));
      nodes.push(cardList(OS.t("ph.pl.actors"), g.new_actors, function () { return ""; }));
      var get = OS.el("button", { type: "button", class: "btn btn--small ph-pl__pdf", "data-number": plenary.number }, [
        OS.el("span", { text: OS.t("ph.pl.pdf") })
      ]);
      nodes.push(OS.el("p", { class: "ph-pl__actions" }, [get]));
      return nodes;
    }

    function heading(plenary) {
      var g = plenary.digest || {};
      return OS.t("ph.pl.title", { number: plenary.number, start: g.starts_local || "", end: g.ends_local || "" });
    }

    /* Put a plenary in its place (newest first); the newest is open, the others folded. */
    function show(plenary) {
      var number = Number(plenary.number);
      if (!number) return;
      var old = items[number];
      var open = old ? old.li.querySelector("details").open : true;
      var li = OS.el("li", { class: "ph-pl", "data-number": number }, [
        OS.el("details", { class: "ph-pl__box", open: open }, [
          OS.el("summary", { class: "ph-pl__head" }, [OS.el("h3", { text: heading(plenary) })])
        ].concat(OS.el("div", { class: "ph-pl__body" }, body(plenary))))
      ]);
      if (old) { list.replaceChild(li, old.li); }
      else {
        var before = null;
        Object.keys(items).forEach(function (n) {
          if (Number(n) < number && (!before || Number(n) > Number(before.getAttribute("data-number")))) before = items[n].li;
        });
        list.insertBefore(li, before);
        // A newer plenary came: fold the older ones, so the page stays short.
        Object.keys(items).forEach(function (n) { if (Number(n) < number) items[n].li.querySelector("details").open = false; });
      }
      items[number] = { li: li, plenary: plenary };
      section.hidden = false;
    }

    function fetchOne(number, announce) {
      return OS.api("GET", page.base + "/plenaries/" + encodeURIComponent(number), page.token()).then(function (p) {
        delete p.summary; // the phone shows the digest; the summary can be big
        show(p);
        if (announce) OS.say("plenaries-live", OS.t("ph.pl.new", { number: number }));
      }, function () {});
    }

    function load() {
      if (loading) return loading;
      loading = OS.api("GET", page.base + "/plenaries", page.token()).then(function (data) {
        loading = null;
        ((data && data.plenaries) || []).forEach(show);
      }, function () { loading = null; });
      return loading;
    }

    function download(path, filename, button) {
      if (button.getAttribute("aria-busy") === "true") return;
      button.setAttribute("aria-busy", "true");
      OS.say("plenaries-status", OS.t("ph.pl.downloading"));
      OS.download(page.base + path, page.token(), filename).then(function () {
        button.removeAttribute("aria-busy");
        OS.say("plenaries-status", "");
      }, function (e) {
        button.removeAttribute("aria-busy");
        OS.say("plenaries-status", e.message, "error");
      });
    }

    section.addEventListener("click", function (ev) {
      var button = ev.target.closest ? ev.target.closest("button") : null;
      if (!button) return;
      if (button.id === "report-get") download("/report.pdf", OS.t("ph.pl.report_file"), button);
      else if (button.classList.contains("ph-pl__pdf")) {
        var number = button.getAttribute("data-number");
        download("/plenaries/" + encodeURIComponent(number) + ".pdf", OS.t("ph.pl.file", { number: number }), button);
      }
    });

    return {
      onBoard: function () { load(); },
      onEvent: function (evt) {
        var data = evt.data || {};
        if (evt.type === "plenary.created") fetchOne(data.number, true);
        else if (evt.type === "plenary.updated" && items[data.number]) {
          var known = items[data.number].plenary;
          known.digest = known.digest || {};
          known.digest.note = data.note || "";
          show(known);
        }
      }
    };
  });
})(window, document, window.OpenSpace);
