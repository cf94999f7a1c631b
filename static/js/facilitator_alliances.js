/* openspace: who is at the table and who could help whom, for the facilitator
 * (templates/_alliances_panel.html). Suggested pairs ("FDF Hvalsø ↔ Fritidsguide?") are
 * confirmed with one tap (POST …/links); the register of organisations lets the
 * facilitator set a sector, say that two entries are one, and mark the sectors wanted.
 * Registered in OS.facilitatorExtensions (see facilitator.js). */
(function (w, d, OS) {
  "use strict";

  OS.facilitatorExtensions = OS.facilitatorExtensions || [];
  OS.facilitatorExtensions.push(function (board) {
    var pairsList = OS.$("al-pairs");
    if (!pairsList) return null;
    var orgsList = OS.$("al-orgs");
    var timer = null;
    var sectorNames = {};
    var reasons = { theme: OS.t("al.reason.theme"), goals: OS.t("al.reason.goals"),
                    words: OS.t("al.reason.words"), sector: OS.t("al.reason.sector") };

    function short(text, n) {
      text = String(text || "");
      return text.length > n ? text.slice(0, n - 1) + "\u2026" : text;
    }

    function showPairs(pairs) {
      var all = board.cards();
      pairsList.textContent = "";
      pairs = pairs.filter(function (p) { return all[p.actor_card_id] && all[p.target_card_id]; });
      OS.$("al-pairs-empty").hidden = pairs.length > 0;
      pairs.forEach(function (p) {
        var actor = all[p.actor_card_id], target = all[p.target_card_id];
        var who = p.organisation || short(actor.text, 40);
        var label = who + " \u2194 " + short(target.text, 60).replace(/[.!?\s]+$/, "") + "?";
        var confirm = OS.el("button", { type: "button", class: "btn btn--small btn--primary",
                                        "aria-label": OS.t("al.confirm_pair", { pair: label }),
                                        text: OS.t("al.confirm") });
        confirm.addEventListener("click", function () {
          confirm.disabled = true;
          OS.api("POST", board.base + "/links", board.token(),
                 { actor_card_id: p.actor_card_id, target_card_id: p.target_card_id }).then(function () {
            board.say(OS.t("al.linked", { pair: label }), "ok");
            refresh();
          }, function (e) { confirm.disabled = false; board.say(e.message, "error"); });
        });
        var why = (p.reasons || []).map(function (r) { return reasons[r] || r; }).join(" · ");
        pairsList.appendChild(OS.el("li", { class: "al-pair" }, [
          OS.el("span", {}, [label, OS.el("span", { class: "al-pair__why", text: why })]),
          confirm
        ]));
      });
    }

    function sectorSelect(entry) {
      var select = OS.el("select", { class: "input", "aria-label": OS.t("al.sector_of", { name: entry.name }) });
      Object.keys(sectorNames).forEach(function (code) {
        select.appendChild(OS.el("option", { value: code, text: sectorNames[code], selected: code === entry.sector }));
      });
      select.addEventListener("change", function () {
        OS.api("PATCH", board.base + "/organisations/" + encodeURIComponent(entry.key), board.token(),
               { sector: select.value }).then(refresh, function (e) { OS.say("al-orgs-status", e.message, "error"); });
      });
      return select;
    }

    function mergeSelect(entry, entries) {
      var select = OS.el("select", { class: "input", "aria-label": OS.t("al.same_as", { name: entry.name }) });
      select.appendChild(OS.el("option", { value: "", text: OS.t("al.same_as_choose") }));
      entries.forEach(function (other) {
        if (other.key !== entry.key) select.appendChild(OS.el("option", { value: other.key, text: other.name }));
      });
      select.addEventListener("change", function () {
        if (!select.value) return;
        OS.api("POST", board.base + "/organisations/" + encodeURIComponent(entry.key) + "/merge", board.token(),
               { into: select.value }).then(function () {
          OS.say("al-orgs-status", OS.t("al.orgs_merged"), "ok");
          refresh();
        }, function (e) { OS.say("al-orgs-status", e.message, "error"); });
      });
      return select;
    }

    function showOrganisations(data) {
      sectorNames = data.sector_names || {};
      var entries = data.organisations || [];
      OS.setText("al-orgs-line", data.summary ? data.summary.line || "" : "");
      orgsList.textContent = "";
      entries.forEach(function (entry) {
        orgsList.appendChild(OS.el("li", { class: "al-org" }, [
          OS.el("span", { text: entry.name + " (" + OS.tn("al.cards", entry.cards) + ")" }),
          OS.el("span", {}, [sectorSelect(entry), entries.length > 1 ? mergeSelect(entry, entries) : null])
        ]));
      });
      var wanted = OS.$("al-wanted");
      if (wanted && !wanted.childNodes.length) {
        wanted.appendChild(OS.el("legend", { class: "label", text: OS.t("al.wanted") }));
        Object.keys(sectorNames).forEach(function (code) {
          var box = OS.el("input", { type: "checkbox", id: "al-want-" + code, value: code,
                                     checked: (data.summary.wanted || []).indexOf(code) >= 0 });
          wanted.appendChild(OS.el("div", { class: "field field--check" }, [
            box, OS.el("label", { for: box.id, text: sectorNames[code] })]));
        });
      }
    }

    function refresh() {
      OS.api("GET", board.base + "/alliance-suggestions", board.token()).then(function (data) {
        showPairs((data && data.pairs) || []);
      }, function () { /* suggestions come back with the next change */ });
      OS.api("GET", board.base + "/organisations", board.token()).then(showOrganisations, function () {});
    }

    function later() {
      if (timer) w.clearTimeout(timer);
      timer = w.setTimeout(function () { timer = null; refresh(); }, 2000);
    }

    var form = OS.$("al-wanted-form");
    if (form) {
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var codes = Array.prototype.map.call(form.querySelectorAll("input:checked"), function (b) { return b.value; });
        OS.api("PATCH", board.base + "/alliance-settings", board.token(), { wanted_sectors: codes }).then(function () {
          OS.say("al-orgs-status", OS.t("al.wanted_saved"), "ok");
          refresh();
        }, function (e) { OS.say("al-orgs-status", e.message, "error"); });
      });
    }

    /* The funder's figures: "name: figure" per line, and the backbone's contact. */
    var funder = OS.$("al-funder-form");
    function loadFunder() {
      OS.api("GET", board.base + "/alliance-settings", board.token()).then(function (data) {
        OS.$("al-indicators").value = (data.indicators || []).map(function (i) { return i.label + ": " + i.value; }).join("\n");
        OS.$("al-backbone").value = data.backbone || "";
      }, function () {});
    }
    if (funder) {
      funder.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var indicators = OS.$("al-indicators").value.split("\n").map(function (line) {
          var at = line.lastIndexOf(":");
          return at > 0 ? { label: line.slice(0, at).trim(), value: line.slice(at + 1).trim() } : null;
        }).filter(function (i) { return i && i.label && i.value; });
        OS.api("PATCH", board.base + "/alliance-settings", board.token(),
               { indicators: indicators, backbone: OS.$("al-backbone").value }).then(function () {
          OS.say("al-orgs-status", OS.t("al.funder_saved"), "ok");
          loadFunder();
        }, function (e) { OS.say("al-orgs-status", e.message, "error"); });
      });
    }

    var ci = OS.$("al-ci-download");
    if (ci) {
      ci.addEventListener("click", function () {
        ci.setAttribute("aria-busy", "true");
        OS.download(board.base + "/ci-status.pdf", board.token(), OS.t("al.ci_file")).then(function () {
          ci.removeAttribute("aria-busy");
        }, function (e) { ci.removeAttribute("aria-busy"); OS.say("al-orgs-status", e.message, "error"); });
      });
    }

    return {
      onEvent: function (evt) {
        if (evt.type.indexOf("card.") === 0 || evt.type.indexOf("link.") === 0) later();
      },
      onBoard: function () { w.setTimeout(function () { refresh(); loadFunder(); }, 0); }
    };
  });
})(window, document, window.OpenSpace);
