/* openspace: the sign-up lists on the facilitator page (issue 14, point 3): per initiative,
 * who said "Jeg er med", with the contact details they agreed to give, and the same as a
 * PDF for the follow-up. Read from GET /signups (facilitator, organiser only); a new
 * "count me in" while the list is open reads it again. */
(function (w, d, OS) {
  "use strict";

  OS.facilitatorExtensions = OS.facilitatorExtensions || [];
  OS.facilitatorExtensions.push(function (board) {
    var box = OS.$("signups-list");
    var toggle = OS.$("signups-show");
    if (!box || !toggle) return null;
    var open = false;
    var again = null;

    function person(p) {
      var parts = [OS.el("span", { class: "signup__name", text: p.name || OS.t("signups.no_name") })];
      if (p.contact) parts.push(" · ", OS.el("span", { class: "signup__contact", text: p.contact }));
      return OS.el("li", { class: "signup__person" }, parts);
    }

    function render(items) {
      box.textContent = "";
      var withPeople = items.filter(function (item) { return item.signups.length; });
      if (!withPeople.length) {
        box.appendChild(OS.el("p", { class: "muted", text: OS.t("signups.none") }));
        return;
      }
      withPeople.forEach(function (item) {
        box.appendChild(OS.el("article", { class: "signup", "data-card": item.card_id }, [
          OS.el("h3", { class: "signup__title", text: item.text }),
          OS.el("p", { class: "hint", text: (item.theme ? item.theme + " · " : "") + OS.tn("signups.count", item.signups.length) }),
          OS.el("ul", { class: "signup__people" }, item.signups.map(person))
        ]));
      });
    }

    function load() {
      return OS.api("GET", board.base + "/signups", board.token()).then(function (r) {
        render(r.initiatives || []);
      }, function (e) { OS.say("signups-status", e.message, "error"); });
    }

    toggle.addEventListener("click", function () {
      open = !open;
      box.hidden = !open;
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      toggle.textContent = OS.t(open ? "signups.hide" : "signups.show");
      if (open) load();
    });

    OS.$("signups-pdf").addEventListener("click", function (ev) {
      var btn = ev.currentTarget;
      if (btn.getAttribute("aria-busy") === "true") return;
      btn.setAttribute("aria-busy", "true");
      OS.say("signups-status", OS.t("pdf.downloading"));
      OS.download(board.base + "/signups.pdf", board.token(), OS.t("signups.file")).then(function () {
        btn.removeAttribute("aria-busy");
        OS.say("signups-status", OS.t("pdf.downloaded"), "ok");
      }, function (e) {
        btn.removeAttribute("aria-busy");
        OS.say("signups-status", e.message, "error");
      });
    });

    return {
      onEvent: function (evt) {
        // The events carry counts, never names: read the list again, once for a burst.
        if (!open || ["card.committed", "commitment.deleted", "card.updated", "card.hidden",
          "card.restored", "card.deleted", "card.merged"].indexOf(evt.type) < 0) return;
        w.clearTimeout(again);
        again = w.setTimeout(load, 400);
      }
    };
  });
})(window, document, window.OpenSpace);
