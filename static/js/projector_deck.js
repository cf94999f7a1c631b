/* openspace: where a plenary's deck of slides is, from the clock (services/projector.py
 * `position` does the same on the server). Used by the projector and the facilitator's
 * "Projektor" panel, so both agree on the slide without anyone reporting it.
 * OS.deckPosition(plenary, nowMs) -> {index, into, over}; OS.serverClock(isoTime) -> nowMs(). */
(function (w, OS) {
  "use strict";

  OS.deckPosition = function (plenary, nowMs) {
    var slides = plenary.slides || [];
    var index = Number(plenary.slide) || 0;
    var elapsed = plenary.held !== null && plenary.held !== undefined ? Number(plenary.held)
      : (nowMs - Date.parse(plenary.since)) / 1000;
    elapsed = Math.max(0, elapsed || 0);
    while (index < slides.length && elapsed >= slides[index].seconds) {
      elapsed -= slides[index].seconds;
      index += 1;
    }
    return { index: index, into: elapsed, over: index >= slides.length };
  };

  /* The server's time now, from its time at the last load (a projector's clock may be off). */
  var offset = 0;
  OS.serverClock = function (iso) {
    if (iso) {
      var at = Date.parse(iso);
      if (!isNaN(at)) offset = at - Date.now();
    }
    return Date.now() + offset;
  };
})(window, window.OpenSpace);
