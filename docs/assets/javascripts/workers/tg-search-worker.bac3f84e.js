/* Trust Guide: a wrapper around Material's search worker (its address is this script's fragment), with two general
   rules of the guide's search:
   - stop words ("of", "the", "a") are left out of a query that has other words: Material searches every word as a
     word beginning, and "of" would find "offline" and "offer";
   - when a word of the query is found nowhere, the query is searched again with that word allowed one typing
     mistake (two for words of eight letters or more), so "confidentality" finds "confidentiality".
   Works as a real worker and inside the iframe-worker shim of the offline bundle (where importScripts is async).
   The name carries the first 8 hex digits of this file's SHA-256: after any edit, rename the file and its
   reference in overrides/partials/javascripts/base.html (tests/test_hosting.py checks). */
(function () {
  "use strict";
  var QUERY = 2, RESULT = 3;  // Material's SearchMessageType
  var scope = self;
  var script = typeof document !== "undefined" && document.currentScript;
  var own = script ? script.src : scope.location.href;
  var material = decodeURIComponent(own.slice(own.indexOf("#") + 1).replace(/\?\d*$/, ""));
  var deliver = scope.postMessage;
  var ours = new WeakSet();
  var pending = [];  // what Material was asked, oldest first: {id, query, retried}
  var latest = 0;

  function words(query) {
    var separator = scope.lunr && scope.lunr.tokenizer.separator;
    return query.toLowerCase().split(separator || /[\s\-]+/).filter(Boolean);
  }

  function isStopWord(word) {
    var filter = scope.lunr && scope.lunr.stopWordFilter;
    return !!filter && typeof filter(new scope.lunr.Token(word)) === "undefined";
  }

  function plain(word) {
    return /^[\p{L}\p{N}']+$/u.test(word);  // not query syntax (+, -, ~, *, ^, :, quotes)
  }

  function withoutStopWords(query) {
    if (/["+\-~*^:]/.test(query)) return query;
    var kept = query.split(/\s+/).filter(function (word) { return word && !isStopWord(word.toLowerCase()); });
    return kept.length ? kept.join(" ") : query;
  }

  function found(result) {
    var known = {};
    result.items.forEach(function (group) {
      group.forEach(function (doc) {
        Object.keys(doc.terms || {}).forEach(function (term) { if (doc.terms[term]) known[term] = true; });
      });
    });
    return known;
  }

  function forgiving(query, result) {
    if (/["+\-~*^:]/.test(query)) return null;
    var known = found(result), changed = false;
    var parts = query.split(/\s+/).map(function (word) {
      var pieces = words(word);
      if (pieces.length !== 1 || !plain(pieces[0]) || pieces[0].length < 4) return word;
      var hit = Object.keys(known).some(function (term) { return term.indexOf(pieces[0]) === 0; });
      if (hit) return word;
      changed = true;
      return pieces[0] + "~" + (pieces[0].length >= 8 ? 2 : 1);
    });
    return changed ? parts.join(" ") : null;
  }

  function ask(entry) {
    pending.push(entry);
    var event = new MessageEvent("message", { data: { type: QUERY, data: entry.query } });
    ours.add(event);
    scope.dispatchEvent(event);
  }

  scope.addEventListener("message", function (event) {
    if (ours.has(event) || !event.data || event.data.type !== QUERY) return;
    event.stopImmediatePropagation();
    latest += 1;
    ask({ id: latest, query: withoutStopWords(String(event.data.data || "")), retried: false });
  });

  scope.postMessage = function (message) {
    if (!message || message.type !== RESULT || !pending.length) return deliver.apply(scope, arguments);
    var entry = pending.shift();
    if (entry.id !== latest) return undefined;  // a newer query is on its way; its result replaces this one
    if (!entry.retried) {
      var retry = forgiving(entry.query, message.data);
      if (retry) return ask({ id: entry.id, query: retry, retried: true });
    }
    return deliver.apply(scope, arguments);
  };

  scope.importScripts(material);
})();
