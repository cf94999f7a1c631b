/* openspace: one page start-up for the pages that show a workshop's board (the facilitator,
 * the projector, the downloads page; the phone joins first and keeps its own join step).
 *
 *   var page = OS.pageStart({
 *     path:     the board's address (GET; e.g. /api/v1/workshops/{id})
 *     tokens:   candidate tokens, best first (the #hash one, then stored ones); the first one
 *               the server accepts (and `accept` agrees with) is the page's token
 *     accept(data, token) -> bool: this token's board is for this page (a role check);
 *               false tries the next candidate
 *     keep(token, data): the token works: remember it (OS.store)
 *     onBoard(data): show a fresh board (the first load and every reload)
 *     refused(e): no candidate works (401/403/404, or none at all): the page's "no access"
 *               or "gone" view (e.status tells which; undefined when there was no token)
 *     live:     options for OS.live (view, onEvent, onPresence, onPdf, onConnect …), or
 *               nothing for a page without a socket; started after the first load, with
 *               the token, a reload and the refusal check filled in here
 *     onStarted(data): after the first load (and the live start)
 *     first(token) -> Promise|null: a board already asked for (once; null: ask now)
 *     onWait(e): the board did not load for a passing cause (default: the connection status)
 *   }) -> {token(), reload() -> Promise<seq>, live()}
 *
 * A board that does not load for a passing cause (offline, the server busy) is tried again
 * with back-off (2 s doubling to 30 s), showing the connection status meanwhile. */
(function (w, OS) {
  "use strict";

  function lasting(e) { return e && (e.status === 401 || e.status === 403 || e.status === 404); }

  OS.pageStart = function (opts) {
    var candidates = (opts.tokens || []).filter(function (t, i, all) { return t && all.indexOf(t) === i; });
    var token = null;
    var live = null;
    var stopped = false;
    var delay = 2000;
    var lastRefusal;

    function refuse(e) {
      stopped = true;
      if (live) live.stop();
      if (opts.refused) opts.refused(e);
    }

    function get(t) { return OS.api("GET", opts.path, t); }

    /* A fresh board with the page's token; a lasting refusal ends the page. */
    function reload() {
      return get(token).then(function (data) {
        if (opts.onBoard) opts.onBoard(data);
        return Number(data.seq) || 0;
      }, function (e) {
        if (lasting(e)) { refuse(e); return undefined; }
        throw e;
      });
    }

    function startLive(data) {
      if (!opts.live) return;
      var liveOpts = Object.assign({}, opts.live, {
        seq: Number(data.seq) || 0,
        token: function () { return token; },
        reload: reload,
        onRefused: function (err) {
          // Find out why: a token the server no longer knows ends the page; else try again.
          return get(token).then(function () { return true; }, function (e) {
            if (lasting(e)) { refuse(e); return false; }
            return true;
          });
        }
      });
      live = OS.live(liveOpts);
    }

    function next() {
      if (stopped) return;
      if (!candidates.length) { refuse(lastRefusal); return; }
      var candidate = candidates[0];
      var early = opts.first ? opts.first(candidate) : null;
      (early || get(candidate)).then(function (data) {
        if (stopped) return;
        if (opts.accept && !opts.accept(data, candidate)) { candidates.shift(); next(); return; }
        token = candidate;
        if (opts.keep) opts.keep(candidate, data);
        if (opts.onBoard) opts.onBoard(data);
        if (live) { live.resync(); return; }
        startLive(data);
        if (opts.onStarted) opts.onStarted(data);
      }, function (e) {
        if (stopped) return;
        if (lasting(e)) { lastRefusal = e; candidates.shift(); next(); return; }
        // A passing cause: the same candidate again, later.
        if (opts.onWait) opts.onWait(e);
        else OS.showStatus(e.status === 0 ? "offline" : "reconnecting");
        w.setTimeout(next, delay);
        delay = Math.min(30000, delay * 2);
      });
    }

    next();
    return {
      // Before the first answer: the candidate being tried (extensions may ask early).
      token: function () { return token || candidates[0] || null; },
      reload: reload,
      live: function () { return live; }
    };
  };
})(window, window.OpenSpace);
