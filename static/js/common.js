/* openspace: helpers shared by every page. Exposes one global, window.OpenSpace.
 *
 * Contract with the templates (see templates/base.html):
 *   <script type="application/json" id="i18n">      js_strings() as {key: text}
 *   <script type="application/json" id="page-data"> the page's context ({"root", ...})
 *   <html lang="da|en">                             the UI language
 * No user text is ever put into innerHTML: the DOM is built with textContent.
 */
(function (w, d) {
  "use strict";

  function readJSON(id) {
    var node = d.getElementById(id);
    if (!node) return {};
    try { return JSON.parse(node.textContent || "{}") || {}; } catch (e) { return {}; }
  }

  var strings = readJSON("i18n");
  var OS = {};
  OS.page = readJSON("page-data");
  OS.root = OS.page.root || "";
  OS.lang = d.documentElement.getAttribute("lang") || "da";
  /* The workshop's time zone (templates/base.html): times show the room's clock, not the phone's. */
  OS.timeZone = d.documentElement.getAttribute("data-time-zone") || null;

  /* Translated string for `key`; "{name}" placeholders are filled from `params`. */
  OS.t = function (key, params) {
    var text = Object.prototype.hasOwnProperty.call(strings, key) ? strings[key] : key;
    if (params) {
      text = text.replace(/\{(\w+)\}/g, function (match, name) {
        return params[name] === undefined || params[name] === null ? match : String(params[name]);
      });
    }
    return text;
  };

  /* Plural for Danish and English (both: one / other). Keys: key + ".one" / key + ".other". */
  OS.tn = function (key, count, params) {
    var p = params || {};
    p.count = count;
    return OS.t(key + (count === 1 ? ".one" : ".other"), p);
  };

  /* ---- DOM ---- */

  /* el("li", {class: "card", text: "...", "data-id": 3}, [child, "text", ...]) */
  OS.el = function (tag, attrs, children) {
    var node = d.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        var value = attrs[name];
        if (value === undefined || value === null || value === false) return;
        if (name === "text") node.textContent = String(value);
        else if (name === "class") node.className = value;
        else if (value === true) node.setAttribute(name, "");
        else node.setAttribute(name, String(value));
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === "string" ? d.createTextNode(child) : child);
    });
    return node;
  };

  var SVG = "http://www.w3.org/2000/svg";
  /* A decorative icon from the sprite in templates/_icons.html. */
  OS.icon = function (name, extraClass) {
    var svg = d.createElementNS(SVG, "svg");
    svg.setAttribute("class", "icon" + (extraClass ? " " + extraClass : ""));
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var use = d.createElementNS(SVG, "use");
    use.setAttribute("href", "#icon-" + name);
    svg.appendChild(use);
    return svg;
  };

  OS.$ = function (id) { return d.getElementById(id); };

  OS.setText = function (id, text) {
    var node = typeof id === "string" ? d.getElementById(id) : id;
    if (node) node.textContent = text;
  };

  /* Flash a message in a live region; an empty string clears it. */
  OS.say = function (id, text, kind) {
    var node = typeof id === "string" ? d.getElementById(id) : id;
    if (!node) return;
    if (node._osTimer) { w.clearTimeout(node._osTimer); node._osTimer = null; }
    node.textContent = "";
    node.classList.toggle("form-status--error", kind === "error");
    node.classList.toggle("form-status--ok", kind === "ok");
    if (text) {
      // A fresh text node after clearing makes screen readers announce repeats too.
      node._osTimer = w.setTimeout(function () { node._osTimer = null; node.textContent = text; }, 30);
    }
  };

  /* ---- storage (never throws; falls back to memory) ---- */

  var memory = {};
  OS.store = {
    get: function (key) {
      var raw = null;
      try { raw = w.localStorage.getItem(key); } catch (e) { raw = memory[key] || null; }
      if (raw === null) return null;
      try { return JSON.parse(raw); } catch (e) { return null; }
    },
    set: function (key, value) {
      var raw = JSON.stringify(value);
      memory[key] = raw;
      try { w.localStorage.setItem(key, raw); } catch (e) { /* private mode or full: memory only */ }
    },
    remove: function (key) {
      delete memory[key];
      try { w.localStorage.removeItem(key); } catch (e) { /* ignore */ }
    }
  };

  /* ---- ids ---- */

  OS.uuid = function () {
    var c = w.crypto;
    if (c && typeof c.randomUUID === "function") {
      try { return c.randomUUID(); } catch (e) { /* not a secure context */ }
    }
    var bytes = new Uint8Array(16);
    if (c && c.getRandomValues) c.getRandomValues(bytes);
    else for (var i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  };

  /* ---- tokens in the URL fragment: #token=... ---- */

  /* Returns the token from location.hash (and drops the hash from the address bar), or null. */
  OS.takeHashToken = function () {
    var hash = w.location.hash.replace(/^#/, "");
    if (!hash) return null;
    var token = null;
    hash.split("&").forEach(function (part) {
      var i = part.indexOf("=");
      if (i > 0 && part.slice(0, i) === "token") {
        try { token = decodeURIComponent(part.slice(i + 1)); } catch (e) { token = null; }
      }
    });
    if (token !== null) {
      try { w.history.replaceState(null, "", w.location.pathname + w.location.search); } catch (e) { w.location.hash = ""; }
    }
    return token || null;
  };

  /* ---- HTTP API ---- */

  function ApiError(status, code, message, field) {
    this.status = status;
    this.code = code;
    this.message = message;
    this.field = field || null;
  }
  ApiError.prototype = Object.create(Error.prototype);
  OS.ApiError = ApiError;

  /* fetch JSON; resolves to the body, rejects with ApiError {status, code, message}.
   * status 0 / code "network" means the server could not be reached. */
  OS.api = function (method, path, token, body) {
    var headers = { "Accept": "application/json", "Accept-Language": OS.lang };
    if (token) headers.Authorization = "Bearer " + token;
    var init = { method: method, headers: headers, credentials: "same-origin", cache: "no-store" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return w.fetch(OS.root + path, init).then(function (res) {
      return res.text().then(function (raw) {
        var data = null;
        try { data = raw ? JSON.parse(raw) : null; } catch (e) { data = null; }
        if (res.ok) return data;
        var err = (data && data.error) || {};
        var failure = new ApiError(res.status, err.code || "http_" + res.status, err.message || OS.t("error.generic"), err.field);
        if (data && Array.isArray(data.errors)) failure.errors = data.errors; // [{line, message}]
        throw failure;
      });
    }, function () {
      throw new ApiError(0, "network", OS.t("error.network"));
    });
  };

  /* Download a file that needs the Authorization header (e.g. a plenary PDF). */
  OS.download = function (path, token, filename) {
    var headers = { "Accept-Language": OS.lang };
    if (token) headers.Authorization = "Bearer " + token;
    var url = /^https?:\/\//.test(path) ? path : OS.root + path;
    return w.fetch(url, { headers: headers, credentials: "same-origin" }).then(function (res) {
      if (!res.ok) {
        return res.json().catch(function () { return null; }).then(function (data) {
          var err = (data && data.error) || {};
          throw new ApiError(res.status, err.code || "http_" + res.status, err.message || OS.t("error.generic"));
        });
      }
      // The server names the file (workshop and date: opsamling-2-aero-sammen-2026-11-30.pdf).
      var named = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") || "");
      if (named) filename = named[1];
      return res.blob();
    }, function () {
      throw new ApiError(0, "network", OS.t("error.network"));
    }).then(function (blob) {
      var url = w.URL.createObjectURL(blob);
      var a = OS.el("a", { href: url, download: filename || "" });
      d.body.appendChild(a);
      a.click();
      a.remove();
      w.setTimeout(function () { w.URL.revokeObjectURL(url); }, 10000);
    });
  };

  /* Copy text to the clipboard. navigator.clipboard needs HTTPS; on a venue's plain
   * HTTP address fall back to selecting the (read-only) input and execCommand. */
  OS.copy = function (text, input) {
    if (w.navigator.clipboard && w.isSecureContext) {
      return w.navigator.clipboard.writeText(text).then(function () { return true; }, function () { return legacyCopy(input); });
    }
    return Promise.resolve(legacyCopy(input));
  };
  function legacyCopy(input) {
    if (!input) return false;
    input.focus();
    input.select();
    try { return d.execCommand("copy"); } catch (e) { return false; }
  }

  /* ---- formatting ---- */

  /* Cached Intl formatters, by options and time zone. An unknown zone falls back to the browser's. */
  var formats = {};
  function formatter(name, options, timeZone) {
    if (timeZone === undefined || timeZone === null) timeZone = OS.timeZone;  // "": the browser's
    var key = name + "|" + (timeZone || "");
    if (!formats[key]) {
      var opts = {};
      Object.keys(options).forEach(function (k) { opts[k] = options[k]; });
      if (timeZone) opts.timeZone = timeZone;
      try { formats[key] = new Intl.DateTimeFormat(OS.lang, opts); } catch (e) {
        formats[key] = timeZone ? formatter(name, options, "") : null;
      }
    }
    return formats[key];
  }

  function parseDate(iso) {
    if (!iso) return null;
    var date = new Date(iso);
    return isNaN(date.getTime()) ? null : date;
  }

  /* Time of day ("10.24" in Danish, "10:24" in English); `timeZone` (e.g. the workshop's) is optional. */
  OS.time = function (iso, timeZone) {
    var date = parseDate(iso);
    if (!date) return "";
    var f = formatter("time", { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }, timeZone);
    return f ? f.format(date) : date.toTimeString().slice(0, 5);
  };

  /* Date and time ("22. nov. 2026 10.24"); `timeZone` is optional. */
  OS.dateTime = function (iso, timeZone) {
    var date = parseDate(iso);
    if (!date) return "";
    var f = formatter("datetime", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }, timeZone);
    return f ? f.format(date) : date.toLocaleString();
  };

  /* A time window "10.00–11.00" (the date too when it spans days). */
  OS.timeWindow = function (startIso, endIso, timeZone) {
    var a = OS.time(startIso, timeZone);
    var b = OS.time(endIso, timeZone);
    if (!a) return b;
    if (!b) return a;
    return a + "\u2013" + b;
  };

  /* A file size in kB or MB, in the page's language ("84 kB", "1,2 MB"). */
  OS.fileSize = function (bytes) {
    var n = Number(bytes);
    if (!isFinite(n) || n < 0) return "";
    var value = n >= 1000000 ? n / 1000000 : Math.max(1, Math.round(n / 1000));
    var text;
    try {
      text = new Intl.NumberFormat(OS.lang, { maximumFractionDigits: n >= 1000000 ? 1 : 0 }).format(value);
    } catch (e) {
      text = String(Math.round(value * 10) / 10);
    }
    return text + (n >= 1000000 ? " MB" : " kB");
  };

  OS.kinds = ["idea", "actor", "initiative"];
  OS.kindLabel = function (kind) { return OS.t("kind." + kind); };

  /* ``parts`` (strings and nodes) with ``separator`` between them, for OS.el's children. */
  OS.joined = function (parts, separator) {
    var out = [];
    parts.forEach(function (part, i) {
      if (i) out.push(separator);
      out.push(part);
    });
    return out;
  };
  /* True if the card or comment was written by the facilitator or the organiser. */
  OS.isModerator = function (item) {
    var a = (item && item.author) || {};
    return a.role === "facilitator" || a.role === "organiser";
  };
  /* The author as a node: the name, and for the people running the workshop a role badge.
   * The badge comes from author.role, which only a facilitator's or organiser's token sets;
   * a name is the participant's own choice, so it is never what marks a role. */
  OS.authorNode = function (item, cls) {
    var a = (item && item.author) || {};
    var children = [];
    // Notes typed in from paper are the room's, not the facilitator's: say where they came from.
    if (item && item.origin === "paper") {
      return OS.el("span", { class: cls || "card__author" }, [
        OS.el("span", { class: "role-badge", "data-role": "paper", text: OS.t("card.from_paper") })]);
    }
    if (a.name || !OS.isModerator(item)) {
      children.push(OS.el("span", { class: "author__name", text: a.name ? String(a.name) : OS.t("card.anonymous") }));
    }
    if (OS.isModerator(item)) {
      if (children.length) children.push(" ");
      children.push(OS.el("span", { class: "role-badge", "data-role": a.role, text: OS.t("card.by_facilitator") }));
    }
    return OS.el("span", { class: cls || "card__author" }, children);
  };

  /* The live connection (OS.live) is in static/js/live.js. */

  /* Status line ("connected" / "reconnecting…") used by every live page. */
  OS.statusKeys = {}; // a page may word a state its own way, e.g. {offline: "status.offline_phone"}
  OS.showStatus = function (state) {
    var box = d.getElementById("conn");
    if (!box) return;
    box.setAttribute("data-state", state);
    OS.setText("conn-text", OS.t(OS.statusKeys[state] || "status." + state));
  };

  /* ---- cards ---- */

  /* The common body of a card: kind badge, text, meta line. Returns the <li>.
   * opts: {themeTitle, tag, extraClass, textId} */
  OS.cardElement = function (card, opts) {
    opts = opts || {};
    var kind = OS.kinds.indexOf(card.kind) >= 0 ? card.kind : "idea";
    var meta = OS.el("p", { class: "card__meta" }, [
      OS.authorNode(card)
    ]);
    if (opts.themeTitle) meta.appendChild(OS.el("span", { class: "card__theme", text: opts.themeTitle }));
    if (card.created_at) {
      meta.appendChild(OS.el("time", { class: "card__time", datetime: card.created_at, text: OS.time(card.created_at) }));
    }
    return OS.el(opts.tag || "li", {
      class: "card card--" + kind + (opts.extraClass ? " " + opts.extraClass : ""),
      "data-id": card.id
    }, [
      OS.el("p", { class: "card__kind" }, [OS.icon(kind), OS.el("span", { text: OS.kindLabel(kind) })]),
      OS.el("p", { class: "card__text", id: opts.textId || null, text: card.text || "" }),
      meta
    ]);
  };

  /* Briefly highlight a new card (CSS honours prefers-reduced-motion). */
  OS.flash = function (node) {
    node.classList.add("is-new");
    w.setTimeout(function () { node.classList.remove("is-new"); }, 2000);
  };

  OS.themeTitles = function (themes) {
    var map = {};
    (themes || []).forEach(function (t) { map[t.id] = t.title; });
    return map;
  };

  /* ---- search (facilitator_search.js, participant_focus.js) ---- */
  /* Case and Danish letters are folded so "ø" finds "oe" and "oe" finds "ø" (likewise
   * "æ"/"ae", "å"/"aa"), and accents fall away ("é" finds "e"). */
  var DANISH = { "æ": "ae", "ø": "oe", "å": "aa" };

  /* The folded form of a text: lower case, Danish letters spelt out, no accents, single spaces. */
  OS.searchFold = function (text) {
    return String(text || "").toLowerCase()
      .replace(/[æøå]/g, function (c) { return DANISH[c]; })
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/\s+/g, " ").trim();
  };

  /* What a card is found by: its text, its author's name and its organisation. */
  OS.searchKey = function (card) {
    var author = (card && card.author) || {};
    return OS.searchFold([card && card.text, author.name, card && card.organisation].join(" "));
  };

  /* True if every word of the (folded) query is in the card's key. */
  OS.searchMatch = function (key, query) {
    if (!query) return true;
    return query.split(" ").every(function (word) { return key.indexOf(word) >= 0; });
  };

  w.OpenSpace = OS;
})(window, document);
