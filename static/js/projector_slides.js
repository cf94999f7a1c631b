/* openspace: a plenary on the projector as a short story in slides (templates/projector.html,
 * #plenary). The server sets the deck and its clock (services/projector.py); this draws the
 * slide the clock says, pages a long list inside its slide's time, and leaves the QR corner
 * free. projector.js calls OS.projectorSlides(opts).
 * opts: {base, token(), leadIn(kind, text)} -> {show(plenaryState|null), stop()} */
(function (w, d, OS) {
  "use strict";

  OS.projectorSlides = function (opts) {
    var state = null;      // the server's plenary state {number, slides, slide, since, held}
    var summary = null;    // the plenary's summary, once fetched
    var loadedNumber = null;
    var drawn = "";        // "slide:page" on screen now
    var pages = [];        // the current slide's pages: [[item nodes]]
    var box = OS.$("plenary");
    var body = OS.$("plenary-slide");
    var MIN_SECONDS = 8;   // each card on screen at least this long (services/projector.py)
    var INTRO_TOP = 3;     // the most supported the first slide shows, room allowing

    function words(key, params) { return OS.t(key, params || {}); }

    /* "23 nye kort fra 14 personer · 12 fra kick-off", singular and plural right. */
    function countsLine(counts) {
      var cards = Number(counts.cards) || 0;
      var parts = [];
      var people = Number(counts.participants_posting) || 0;  // none when all came from paper
      if (cards) parts.push(OS.tn("pw.cards", cards) + (people ? " " + OS.tn("pw.people", people) : ""));
      else parts.push(words("plenary.nothing"));
      var carried = Number(counts.carried) || 0;
      var fromMeeting = (summary.carried || []).some(function (c) { return c.origin === "carried"; });
      if (carried) parts.push(OS.tn(fromMeeting ? "pw.carried_meeting" : "pw.carried", carried));
      return parts.join(" · ");
    }

    function meta(text) { return OS.el("p", { class: "pj-slide__meta", text: text }); }

    /* One card of a list slide: its kind and text, then what the slide is about. */
    function cardItem(card, lines) {
      var kind = OS.kinds.indexOf(card.kind) >= 0 ? card.kind : "idea";
      var children = [OS.el("p", { class: "pj-slide__text" }, opts.leadIn(kind, card.text || ""))];
      lines.filter(Boolean).forEach(function (line) { children.push(meta(line)); });
      return OS.el("li", { class: "pj-slide__item pj-card pj-card--" + kind }, children);
    }

    function supportsOf(card) {
      var n = Number(card.supports) || 0;
      return [card.theme_title, n ? OS.tn("tk.supports", n) : ""].filter(Boolean).join(" · ");
    }

    /* "Jeg er med" per initiative: the card's own count, else the summary's list of counts. */
    function committed(card) {
      if (typeof card.commitments === "number") return card.commitments;
      var n = 0;
      ((summary.extras || {}).commitments || []).forEach(function (row) {
        if (row.card && row.card.id === card.id) n = row.count;
      });
      return n;
    }

    function helpsWith(actor) {
      var targets = [];
      ((summary.extras || {}).links || []).forEach(function (link) {
        if (link.actor && link.target && link.actor.id === actor.id) targets.push(link.target.text);
      });
      return targets.length ? words("pw.helps", { targets: targets.join("; ") }) : "";
    }

    /* A new alliance: the initiative, then who joined it (organisations, else how many
     * actors) and how many said "Jeg er med". Never a person's name. */
    function allianceItem(alliance) {
      var initiative = alliance.initiative || {};
      var orgs = alliance.organisations || [];
      var count = Number(alliance.actor_count) || 0;
      var unnamed = count - ((alliance.actors || []).filter(function (a) { return a.organisation; }).length);
      var who = orgs.join(", ");
      if (unnamed > 0) who = who ? who + " " + OS.tn("pw.alliance_more", unnamed) : OS.tn("pw.alliance_actors", count);
      var n = Number(alliance.committed) || 0;
      return OS.el("li", { class: "pj-slide__item pj-card pj-card--initiative pj-slide__alliance" }, [
        OS.el("p", { class: "pj-slide__text" }, opts.leadIn("initiative", initiative.text || "")),
        meta(who),
        meta(n ? OS.tn("tk.commitments", n) : words("pw.nobody_yet"))
      ]);
    }

    /* The items of a list slide, by its name. */
    function items(name) {
      var top = function (c) { return cardItem(c, [supportsOf(c)]); };
      switch (name) {
        case "starred": return (summary.starred || []).map(top);
        case "top_window": return (summary.top_window || []).map(top);
        case "top_overall": return (summary.top_overall || []).map(top);
        case "initiatives": return (summary.new_initiatives || []).map(function (c) {
          var n = committed(c);
          return cardItem(c, [c.theme_title, n ? OS.tn("tk.commitments", n) : words("pw.nobody_yet")]);
        });
        case "actors": return (summary.new_actors || []).map(function (c) {
          return cardItem(c, [[c.organisation, c.theme_title].filter(Boolean).join(" · "), helpsWith(c)]);
        });
        case "links": return ((summary.extras || {}).links || []).map(function (link) {
          return OS.el("li", { class: "pj-slide__item pj-slide__link" }, [
            OS.el("p", { class: "pj-slide__text" }, opts.leadIn("actor", link.actor.text || "")),
            OS.el("p", { class: "pj-slide__arrow", text: words("pw.helps_with") }),
            OS.el("p", { class: "pj-slide__text" }, opts.leadIn(link.target.kind || "initiative", link.target.text || ""))
          ]);
        });
        case "alliances": return (summary.new_alliances || []).map(allianceItem);
        default: return [];
      }
    }

    /* The head of every slide: the plenary, its window, where in the story we are. */
    function head(index) {
      var total = state.slides.length;
      return OS.el("header", { class: "pj-slide__head" }, [
        OS.el("h2", { id: "plenary-heading", class: "pj-plenary__title", text: words("plenary.title", { number: summary.number }) }),
        OS.el("p", { class: "pj-slide__window", text: words("plenary.window", { start: summary.starts_local, end: summary.ends_local }) }),
        OS.el("p", { class: "pj-slide__step", text: (index + 1) + " / " + total })
      ]);
    }

    /* The first slide: the counts and the note large, then the window's 3 most supported
     * where there is room (a sparse slide at 1280x720 otherwise). */
    function introNodes() {
      var nodes = [OS.el("p", { class: "pj-slide__counts", id: "plenary-counts", text: countsLine(summary.counts || {}) })];
      if (summary.note) {
        nodes.push(OS.el("div", { class: "pj-plenary__note" }, [
          OS.el("h3", { text: words("plenary.note") }),
          OS.el("p", { class: "pj-slide__note", text: summary.note })
        ]));
      }
      return nodes;
    }

    /* A note too long for the slide even at the smallest type (up to 5000 characters): as
     * much as fits, at a word, then where the rest is. Never cut off by the screen's edge. */
    function cutNote(note, room) {
      var full = note.textContent;
      var box = note.parentNode;
      var lo = 0, hi = full.length;
      function show(n) {
        var head = full.slice(0, n);
        var at = head.lastIndexOf(" ");
        note.textContent = (at > 0 ? head.slice(0, at) : head) + " … " + words("pw.note_more");
        return box.offsetHeight <= room + 0.5;
      }
      while (lo < hi) {  // the longest start that fits
        var mid = Math.ceil((lo + hi) / 2);
        if (show(mid)) lo = mid; else hi = mid - 1;
      }
      show(lo);
    }

    /* Add the window's most supported to the intro: the first of 3 that fit whole, if any. */
    function introTop() {
      var top = (summary.top_window || []).slice(0, INTRO_TOP);
      if (!top.length) return;
      var part = OS.el("div", { class: "pj-slide__top" }, [
        OS.el("h3", { class: "pj-slide__subtitle", text: words("pw.top_window") })]);
      var list = OS.el("ul", { class: "pj-slide__list pj-slide__list--intro" });
      part.appendChild(list);
      body.appendChild(part);
      /* In order, the first ones that fit whole: never the 2nd without the 1st. */
      for (var i = 0; i < top.length; i += 1) {
        var item = cardItem(top[i], [supportsOf(top[i])]);
        list.appendChild(item);
        if (list.scrollHeight <= list.clientHeight + 1) continue;
        if (!(i === 0 && OS.wallShrink(item, list.clientHeight) && list.scrollHeight <= list.clientHeight + 1)) {
          list.removeChild(item);
          break;
        }
      }
      if (!list.children.length) body.removeChild(part);
    }

    /* Split a list slide's items into pages that fit the slide's box, measured on screen. */
    function paginate(list, all) {
      var result = [];
      var page = [];
      all.forEach(function (item) {
        list.appendChild(item);
        if (page.length && list.scrollHeight > list.clientHeight + 1) {
          list.removeChild(item);
          result.push(page);
          page = [];
          list.textContent = "";
          list.appendChild(item);
        }
        page.push(item);
        /* One card taller than the box by itself: smaller type (never under the wall's floor). */
        if (page.length === 1 && list.scrollHeight > list.clientHeight + 1) OS.wallShrink(item, list.clientHeight);
      });
      if (page.length) result.push(page);
      list.textContent = "";
      return result;
    }

    function render(index, into) {
      var slide = state.slides[index];
      var page = 0;
      /* Not laid out yet (the page still loading): measure on a later tick, not now. */
      if (!body.clientHeight) { drawn = ""; return; }
      if (drawn.split(":")[0] !== String(index)) {
        body.textContent = "";
        body.appendChild(head(index));
        body.setAttribute("data-slide", slide.name);
        if (slide.name === "intro") {
          introNodes().forEach(function (n) { body.appendChild(n); });
          pages = [[]];
          var note = body.querySelector(".pj-slide__note");
          if (note) {
            /* Its own height, not the flex box's squeeze of it: else a long note "fits". */
            note.parentNode.style.flex = "none";
            var room = body.clientHeight - note.parentNode.offsetTop + body.offsetTop;
            if (!OS.wallShrink(note.parentNode, room)) cutNote(note, room);
          }
          introTop();
        } else {
          body.appendChild(OS.el("h3", { class: "pj-slide__title", text: words("pw." + slide.name) }));
          var list = OS.el("ul", { class: "pj-slide__list" });
          body.appendChild(list);
          body.appendChild(OS.el("p", { class: "pj-slide__page", id: "plenary-page" }));
          pages = paginate(list, items(slide.name));
        }
      }
      /* The slide's time shared by its pages; the server gives a slide MIN_SECONDS a card, so
       * a page never goes by faster, but a deck from an older server may: then a page keeps
       * MIN_SECONDS and the last page takes what is left. */
      var each = Math.max(MIN_SECONDS, slide.seconds / Math.max(1, pages.length));
      body.setAttribute("data-page-seconds", String(Math.min(each, slide.seconds)));
      page = Math.min(pages.length - 1, Math.floor(into / each));
      var key = index + ":" + page;
      if (key === drawn) return;
      drawn = key;
      var ul = slide.name === "intro" ? null : body.querySelector(".pj-slide__list");
      if (ul) {
        ul.textContent = "";
        pages[page].forEach(function (item) { ul.appendChild(item); });
        OS.setText("plenary-page", pages.length > 1 ? words("pw.page", { number: page + 1, total: pages.length }) : "");
      }
    }

    var ticker = null;
    function tick() {
      if (!state || !summary || summary.number !== state.number) return;
      var at = OS.deckPosition(state, OS.serverClock());
      if (at.over) { hide(); return; }
      box.hidden = false;
      render(at.index, at.into);
    }

    function hide() {
      box.hidden = true;
      drawn = "";
    }

    function show(plenary) {
      state = plenary || null;
      drawn = "";
      if (!state) { hide(); return; }
      if (loadedNumber === state.number && summary) { tick(); return; }
      loadedNumber = state.number;
      summary = null;
      OS.api("GET", opts.base + "/plenaries/" + encodeURIComponent(state.number), opts.token()).then(function (p) {
        if (!state || p.number !== state.number) return;
        summary = p.summary || {};
        tick();
      }, function () { loadedNumber = null; });
    }

    ticker = w.setInterval(tick, 500);
    w.addEventListener("resize", function () { drawn = ""; tick(); });

    return {
      show: show,
      stop: function () { if (ticker) w.clearInterval(ticker); }
    };
  };
})(window, document, window.OpenSpace);
