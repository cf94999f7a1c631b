/* openspace: ask for the facilitator's board as soon as the page's head is read.
 * Loaded in the head (templates/facilitator.html), parser-blocking on purpose: it is tiny,
 * and so it surely runs before the page's other scripts have even arrived (an async one
 * sometimes came after them). The server builds the board (300 cards) while the phone
 * downloads and runs the scripts; facilitator.js takes the answer (window.OpenSpaceEarlyBoard)
 * instead of asking again. The token is read the way facilitator.js reads it (the #token= fragment, else the
 * one kept on this device); nothing is changed here, and on any doubt facilitator.js simply
 * asks itself. */
(function (w, d) {
  "use strict";
  var me = d.currentScript;
  // Too late to be early once the page's own scripts have run: facilitator.js asked itself.
  if (!me || !w.fetch || w.OpenSpace) return;
  var wid = me.getAttribute("data-workshop");
  var root = me.getAttribute("data-root") || "";

  function stored(key) {
    try { var raw = w.localStorage.getItem(key); return raw ? JSON.parse(raw) : null; } catch (e) { return null; }
  }
  function fromHash() {
    var parts = String(w.location.hash || "").replace(/^#/, "").split("&");
    for (var i = 0; i < parts.length; i += 1) {
      var at = parts[i].indexOf("=");
      if (at > 0 && parts[i].slice(0, at) === "token") {
        try { return decodeURIComponent(parts[i].slice(at + 1)); } catch (e) { return null; }
      }
    }
    return null;
  }
  var token = fromHash() || stored("openspace.facilitator." + wid) || stored("openspace.organiser");
  if (!wid || !token) return;
  // Its own global: common.js makes window.OpenSpace afresh when it runs, after this.
  w.OpenSpaceEarlyBoard = {
    token: token,
    answer: w.fetch(root + "/api/v1/workshops/" + encodeURIComponent(wid), {
      headers: { "Accept": "application/json", "Accept-Language": d.documentElement.lang || "da",
        "Authorization": "Bearer " + token },
      credentials: "same-origin", cache: "no-store"
    }).then(function (res) { return res.ok ? res.json() : null; }).catch(function () { return null; })
  };
})(window, document);
