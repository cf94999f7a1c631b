/* openspace: the organiser makes a new facilitator link for a workshop (issue 14, point 5).
 * The old link stops working at once; the new one is shown once, under the workshop. */
(function (w, d, OS) {
  "use strict";

  d.addEventListener("click", function (ev) {
    var btn = ev.target.closest && ev.target.closest("button[data-reissue]");
    if (!btn || btn.getAttribute("aria-busy") === "true") return;
    if (!w.confirm(OS.t("link.reissue_confirm"))) return;
    var id = btn.getAttribute("data-reissue");
    var item = btn.closest("li") || btn.parentNode;
    var box = item.querySelector(".ws-item__newlink");
    if (!box) {
      box = OS.el("div", { class: "ws-item__newlink", "aria-live": "polite" });
      item.appendChild(box);
    }
    btn.setAttribute("aria-busy", "true");
    OS.api("POST", "/api/v1/workshops/" + encodeURIComponent(id) + "/facilitator-link",
      OS.store.get("openspace.organiser")).then(function (r) {
      btn.removeAttribute("aria-busy");
      var key = "newlink-" + String(id).replace(/[^A-Za-z0-9_-]/g, "_");
      var input = OS.el("input", { id: key, class: "input", type: "text", readonly: true, value: r.facilitator_url });
      box.textContent = "";
      box.appendChild(OS.el("label", { class: "label", for: key, text: OS.t("link.reissued") }));
      box.appendChild(input);
      input.focus();
      input.select();
    }, function (e) {
      btn.removeAttribute("aria-busy");
      box.textContent = e.message;
    });
  });
})(window, document, window.OpenSpace);
