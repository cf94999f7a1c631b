/* openspace: what the projector shows over the board (templates/projector.html): one card
 * in the spotlight, the countdown (the facilitator's timer, else the next plenary), and
 * (the plenary's slides are projector_slides.js). projector.js calls OS.projectorOverlays(opts). */
(function (w, d, OS) {
  "use strict";

  /* opts: {base, board (the board's path for the wall), token(), leadIn(kind, text)} -> {spotlight(card|null), setTimer(t|null),
   *        setSchedule(data), refreshSchedule()} */
  OS.projectorOverlays = function (opts) {
    /* ---------- spotlight ---------- */
    function spotlight(card) {
      var box = OS.$("spotlight");
      if (!card || card.hidden || card.pending) { box.hidden = true; return; }
      var kind = OS.kinds.indexOf(card.kind) >= 0 ? card.kind : "idea";
      OS.$("spotlight-card").className = "pj-spotlight__card pj-card--" + kind;
      var k = OS.$("spotlight-kind");
      k.textContent = "";
      k.appendChild(OS.icon(kind, "pj-card__icon"));
      k.appendChild(d.createTextNode(OS.kindLabel(kind)));
      OS.setText("spotlight-text", card.text || "");
      var meta = [];
      var a = card.author || {};
      if (a.name || OS.isModerator(card)) meta.push(OS.authorNode(card, "pj-card__author"));
      if (card.organisation) meta.push(String(card.organisation));
      if (Number(card.supports)) meta.push(OS.tn("tk.supports", Number(card.supports)));
      if (Number(card.comments)) meta.push(OS.tn("tk.comments", Number(card.comments)));
      var metaBox = OS.$("spotlight-meta");
      metaBox.textContent = "";
      OS.joined(meta, " · ").forEach(function (part) {
        metaBox.appendChild(typeof part === "string" ? d.createTextNode(part) : part);
      });
      box.hidden = false;
    }

    /* ---------- countdown: the facilitator's timer first, else the next plenary ---------- */
    var nextPlenaryAt = null;
    var timer = null;       // {ends_at (ms), label}
    function pad(n) { return (n < 10 ? "0" : "") + n; }
    function clock(left) {
      var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), sec = left % 60;
      return (h ? h + ":" + pad(m) : m) + ":" + pad(sec);
    }
    function tick() {
      var box = OS.$("countdown");
      box.classList.toggle("pj-countdown--custom", !!timer);
      if (timer) {
        var rest = Math.round((timer.ends_at - Date.now()) / 1000);
        box.hidden = false;
        OS.setText("countdown-label", timer.label || OS.t("tk.timer"));
        OS.setText("countdown-time", rest > 0 ? clock(rest) : OS.t("pj.timer_ended"));
        return;
      }
      OS.setText("countdown-label", "");
      nextFromTimes();
      if (!nextPlenaryAt) { box.hidden = true; return; }
      var left = Math.round((nextPlenaryAt - Date.now()) / 1000);
      box.hidden = false;
      OS.setText("countdown-time", left <= 0 ? OS.t("countdown.now") : OS.t("countdown.next", { time: clock(left) }));
    }
    function setTimer(t) {
      var ends = t && t.ends_at ? Date.parse(t.ends_at) : NaN;
      timer = isNaN(ends) ? null : { ends_at: ends, label: t.label || "" };
      tick();
    }
    /* The server's plenary times (breaks left out): the countdown moves on to the next by itself. */
    var plenaryTimes = null;
    function setSchedule(data) {
      plenaryTimes = Array.isArray(data.plenary_times) ? data.plenary_times.map(Date.parse) : null;
      nextPlenaryAt = data.next_plenary_at ? Date.parse(data.next_plenary_at) : null;
      tick();
    }
    function nextFromTimes() {
      if (!plenaryTimes) return;
      var now = Date.now() - 60000; // "now" shows for a minute after the time
      nextPlenaryAt = null;
      for (var i = 0; i < plenaryTimes.length && nextPlenaryAt === null; i++) if (plenaryTimes[i] > now) nextPlenaryAt = plenaryTimes[i];
    }
    function refreshSchedule() {
      w.setTimeout(function () { OS.api("GET", opts.board, opts.token()).then(setSchedule, function () {}); }, 1500);
    }
    w.setInterval(tick, 1000);

    return { spotlight: spotlight, setTimer: setTimer, setSchedule: setSchedule,
      refreshSchedule: refreshSchedule };
  };
})(window, document, window.OpenSpace);
