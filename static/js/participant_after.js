/* openspace: the phone link after the day (templates/participant_after.html): a read-only
 * board of what became of the initiatives. Needs only the join code; the initiatives this
 * phone agreed to follow come first (the server knows while the token works, the phone
 * remembers them itself after retention). */
(function (w, d, OS) {
  "use strict";

  /* 2027-03-15 → 15.03.2027, as dates are written in Danish (and read in English). */
  function day(iso) { return iso ? iso.slice(8, 10) + "." + iso.slice(5, 7) + "." + iso.slice(0, 4) : ""; }

  var ws = OS.page.workshop || {};
  var me = OS.store.get("openspace.participant." + ws.id);
  var followed = OS.store.get("openspace.followed." + ws.id) || [];
  var themeTitles = OS.themeTitles(ws.themes || []);

  function render(data) {
    var list = OS.$("after-list");
    list.textContent = "";
    var items = data.initiatives.map(function (i) {
      return Object.assign({}, i, { mine: i.mine || followed.indexOf(i.id) >= 0 });
    });
    items.sort(function (a, b) { return (b.mine ? 1 : 0) - (a.mine ? 1 : 0); });
    items.forEach(function (i) {
      var facts = [OS.t("fu.status") + ": " + OS.t("fu.status." + i.status)];
      if (i.next_meeting) facts.push(OS.t("fu.next_meeting") + ": " + day(i.next_meeting));
      list.appendChild(OS.el("li", { class: "fu-item fu-item--" + i.status + (i.mine ? " fu-item--mine" : "") }, [
        i.mine ? OS.el("p", { class: "fu-mine", text: OS.t("fu.yours") }) : null,
        OS.el("h2", { class: "fu-title", text: i.text }),
        OS.el("p", { class: "muted", text: themeTitles[i.theme_id] || "" }),
        OS.el("p", { class: "fu-state", text: facts.join(" · ") }),
        i.next_step ? OS.el("p", { text: OS.t("fu.next_step") + ": " + i.next_step }) : null,
        i.notes.length ? OS.el("ul", { class: "fu-notes" }, i.notes.map(function (n) {
          return OS.el("li", {}, [OS.el("strong", { text: day(n.date) + " " }), OS.el("span", { text: n.text })]);
        })) : OS.el("p", { class: "muted", text: OS.t("fu.no_notes") })
      ]));
    });
    if (!items.length) list.appendChild(OS.el("li", { class: "muted", text: OS.t("fu.none") }));
  }

  OS.api("GET", "/api/v1/boards/" + encodeURIComponent(ws.join_code), me && me.token).then(render,
    function (e) { OS.say("after-status", e.message, "error"); });
})(window, document, window.OpenSpace);
