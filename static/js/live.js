/* openspace: the live connection (Socket.IO with seq tracking and gap filling), for the
 * pages that follow the board live: the phone, the facilitator, the projector.
 * Split from common.js so that pages without a socket do not load it. Needs common.js
 * (OS.api, OS.root, OS.lang) and vendor/socket.io.min.js. */
(function (w, d, OS) {
  "use strict";

  /* OS.live({
   *   workshopId, token: () => string, seq: number (seq of the snapshot already shown),
   *   onEvent(evt), onStatus("connecting"|"connected"|"reconnecting"|"offline"),
   *   onPresence(n), onConnect(socket), onRefused(err) -> Promise<bool> (true: try again):
   *     asked when the server refuses the connect for a lasting cause (err.data.code
   *     unauthorized, forbidden, not_found) or an unknown one; a passing cause
   *     (unavailable, too_many_connections) is retried with back-off without asking,
   *   onPdf({number, ready, size}): a plenary's PDF is ready (not replayed: check again on connect),
   *   reload() -> Promise<seq>: fetch and show the whole board again; with it the client
   *     asks the server for a `resync` instead of a backlog longer than MAX_BACKLOG events
   * }) -> {socket, lastSeq(), resync(), stop()}
   * stop(): for good (the workshop is gone): close the socket, never retry, report no status.
   */
  var MAX_BACKLOG = 500;
  OS.live = function (opts) {
    var lastSeq = opts.seq || 0;
    var queue = [];
    var syncing = false;
    var retryTimer = null;
    var stopped = false;
    var eventsPath = "/api/v1/workshops/" + encodeURIComponent(opts.workshopId) + "/events?" +
      (opts.view ? "view=" + encodeURIComponent(opts.view) + "&" : "") + "after=";

    function status(s) { if (opts.onStatus && !stopped) opts.onStatus(s); }

    var socket = w.io({
      path: OS.root + "/socket.io",
      transports: ["websocket", "polling"],
      tryAllTransports: true,
      auth: function (cb) {
        var auth = { workshop: opts.workshopId, token: opts.token(), last_seq: lastSeq, lang: OS.lang };
        if (opts.reload) auth.max_backlog = MAX_BACKLOG;
        if (opts.view) auth.view = opts.view; // "projector": only what everyone may see
        auth.batch = true; // we take `events` lists as well as single `event`s
        cb(auth);
      }
    });

    function apply(evt) {
      lastSeq = evt.seq;
      try { opts.onEvent(evt); } catch (e) { if (w.console) w.console.error(e); }
    }

    /* Apply queued events that follow lastSeq; false while a gap remains. */
    function drain() {
      queue.sort(function (a, b) { return a.seq - b.seq; });
      while (queue.length) {
        var next = queue[0];
        if (next.seq <= lastSeq) { queue.shift(); continue; }
        if (next.seq === lastSeq + 1) { queue.shift(); apply(next); continue; }
        return false;
      }
      return true;
    }

    function retrySoon(fn) {
      if (retryTimer) w.clearTimeout(retryTimer);
      if (stopped) return;
      retryTimer = w.setTimeout(function () { retryTimer = null; fn(); }, 4000);
    }

    /* Fetch everything after lastSeq over HTTP. `force`: even without a known gap. */
    var stuck = 0;
    function fill(force) {
      if (syncing || stopped) return;
      if (!force && drain()) return;
      syncing = true;
      var before = lastSeq;
      OS.api("GET", eventsPath + lastSeq, opts.token()).then(function (data) {
        syncing = false;
        var events = (data && data.events) || [];
        events.forEach(function (evt) { if (evt && typeof evt.seq === "number") queue.push(evt); });
        queue.sort(function (a, b) { return a.seq - b.seq; });
        // The answer holds every event up to `top` that this role may see: apply them
        // oldest first, stepping over seqs this role never gets.
        var lastFetched = events.length ? events[events.length - 1].seq : lastSeq;
        var more = !!(data && data.has_more && events.length);
        var top = more || !data || typeof data.seq !== "number" ? lastFetched : data.seq;
        while (queue.length && queue[0].seq <= top) {
          var evt = queue.shift();
          if (evt.seq > lastSeq) apply(evt);
        }
        if (top > lastSeq) lastSeq = top;
        if (more) { fill(true); return; }
        if (drain()) { stuck = 0; return; }
        stuck = lastSeq === before ? stuck + 1 : 0;
        if (stuck >= 2) {
          // The gap does not fill: show what we have rather than wait forever.
          stuck = 0;
          while (queue.length) { var next = queue.shift(); if (next.seq > lastSeq) apply(next); }
          return;
        }
        fill(false);
      }, function () {
        syncing = false;
        retrySoon(function () { fill(true); });
      });
    }

    /* Too far behind: reload the whole board, then go on from its seq. */
    function resync() {
      if (stopped) return;
      if (!opts.reload) { fill(true); return; }
      if (syncing) { retrySoon(resync); return; }
      syncing = true;
      Promise.resolve().then(opts.reload).then(function (seq) {
        syncing = false;
        if (typeof seq === "number") lastSeq = seq;
        if (!drain()) fill(false);
      }, function () {
        syncing = false;
        retrySoon(resync);
      });
    }

    function onLiveEvent(evt) {
      if (!evt || typeof evt.seq !== "number") return;
      if (evt.seq <= lastSeq) return;
      if (!syncing && evt.seq === lastSeq + 1 && !queue.length) { apply(evt); return; }
      queue.push(evt);
      if (!syncing) fill(false);
    }
    socket.on("event", onLiveEvent);
    // A busy room's events as one list (we announce auth.batch): each in turn, as above.
    socket.on("events", function (list) {
      if (Array.isArray(list)) list.forEach(onLiveEvent);
    });

    socket.on("resync", resync);

    socket.on("pdf", function (data) {
      if (!opts.onPdf || !data || data.number === undefined || data.number === null) return;
      try { opts.onPdf(data); } catch (e) { if (w.console) w.console.error(e); }
    });

    socket.on("presence", function (data) {
      if (opts.onPresence && data && typeof data.connected === "number") opts.onPresence(data.connected);
    });

    var refusals = 0;
    socket.on("connect", function () {
      refusals = 0;
      status("connected");
      if (opts.onConnect) opts.onConnect(socket);
    });

    socket.on("disconnect", function (reason) {
      status(reason === "io client disconnect" ? "offline" : "reconnecting");
      if (reason === "io server disconnect" && !stopped) {
        // The server closed the session: connect again (auth is re-evaluated).
        w.setTimeout(function () { socket.connect(); }, 1000);
      }
    });

    /* Why the server refused a connect (err.data.code, docs/API.md):
     * retry by itself on a passing cause (the database is down, too many screens on one
     * link, busy); on a lasting one (a token it does not know) ask the page, else give up. */
    var PASSING = { unavailable: 1, too_many_connections: 1, rate_limited: 1, internal: 1 };
    var LASTING = { unauthorized: 1, forbidden: 1, not_found: 1, bad_request: 1 };
    var connectTimer = null;
    function connectLater(delay) {
      if (connectTimer) w.clearTimeout(connectTimer);
      connectTimer = w.setTimeout(function () {
        connectTimer = null;
        if (!stopped && !socket.connected) socket.connect();
      }, delay);
    }

    socket.on("connect_error", function (err) {
      if (stopped) return;
      if (socket.active) { status(w.navigator.onLine === false ? "offline" : "reconnecting"); return; }
      // Refused by the server: socket.io does not retry by itself.
      status("reconnecting");
      refusals += 1;
      var code = err && err.data && err.data.code;
      // Back-off with jitter, so a room of phones does not return in one wave.
      var jitter = Math.floor(Math.random() * 1000);
      if (PASSING[code]) {
        connectLater(Math.min(15000, 500 * Math.pow(2, Math.min(refusals, 5))) + jitter);
        return;
      }
      var delay = Math.min(30000, 1000 * Math.pow(2, Math.min(refusals, 5))) + jitter;
      var retry = opts.onRefused ? opts.onRefused(err) : Promise.resolve(!LASTING[code]);
      Promise.resolve(retry).then(function (again) {
        if (again !== false && !stopped) connectLater(delay);
        else status("offline");
      });
    });

    w.addEventListener("online", function () { if (!socket.connected && !stopped) socket.connect(); });
    w.addEventListener("offline", function () { status("offline"); });
    d.addEventListener("visibilitychange", function () {
      // A phone that slept may have missed events before the socket notices: catch up over HTTP.
      if (!d.hidden && !stopped) {
        if (socket.connected) fill(true);
        else if (!socket.active) socket.connect();
      }
    });

    status("connecting");
    return {
      socket: socket,
      lastSeq: function () { return lastSeq; },
      resync: function () { fill(true); },
      stop: function () {
        stopped = true;
        if (retryTimer) { w.clearTimeout(retryTimer); retryTimer = null; }
        if (connectTimer) { w.clearTimeout(connectTimer); connectTimer = null; }
        socket.disconnect();
      }
    };
  };
})(window, document, window.OpenSpace);
