/* Trust Guide: a wrapper around Material's search worker (its address is this script's fragment), with three general
   rules of the guide's search; Material's own index, scoring and results are used unchanged.
   - Stop words ("of", "the", "a") are left out of a query that has other words: Material searches every word as a
     word beginning, and "of" would find "offline" and "offer".
   - The rules follow the site's language (Material's search config.lang): stop words are that language's, and
     the English plural rule below applies on the English site only (a translation's stemmer covers its own).
   - A word is searched with its other number as well: "boundary" also as "boundaries", "routines" also as
     "routine", since the index keeps words as written and Material matches only words that begin with a word of
     the query (which covers "team" and "teams", not "boundary" and "boundaries").
   - When a word of the query is found nowhere, the query is searched again with that word allowed one typing
     mistake (two for words of eight letters or more), so "confidentality" finds "confidentiality".
   - Pages with an entry (the page itself or a section) that holds every word of the query come before pages
     that hold only some of them; among equals, Material's score decides.
   Works as a real worker and inside the iframe-worker shim of the offline bundle (where importScripts is async).
   The build publishes it under a name with its content's hash (trustguide-pages `fingerprint` in mkdocs.yml). */
(function () {
  "use strict";
  var QUERY = 2, RESULT = 3;  // Material's SearchMessageType
  var SYNTAX = /["+\-~*^:]/;  // lunr query syntax: such a query is passed on as it was typed
  var scope = self;
  var script = typeof document !== "undefined" && document.currentScript;
  var own = script ? script.src : scope.location.href;
  var material = decodeURIComponent(own.slice(own.indexOf("#") + 1).replace(/\?\d*$/, ""));
  var deliver = scope.postMessage;
  var ours = new WeakSet();
  var pending = [];  // what Material was asked, oldest first: {id, words, retried}
  var latest = 0;
  var SETUP = 0;  // Material's SearchMessageType: the index and its config (config.lang: the site's languages)
  var languages = ["en"];

  // Stop words of the site's language: lunr's English list on the English site, lunr-languages' list (lunr.de)
  // on a translated one ("der", "im"), so that no English list drops German words such as "was" or "die".
  function isStopWord(word) {
    var lunr = scope.lunr;
    if (!lunr) return false;
    return languages.some(function (lang) {
      var filter = lang === "en" ? lunr.stopWordFilter : lunr[lang] && lunr[lang].stopWordFilter;
      return !!filter && typeof filter(new lunr.Token(word)) === "undefined";
    });
  }

  // The word's other number (plural or singular), where Material's word beginnings do not cover it.
  function otherNumber(word) {
    if (languages.indexOf("en") < 0) return null;  // English plurals; a translation's stemmer covers its own
    if (word.length < 4 || !/^\p{L}+$/u.test(word)) return null;
    var other;
    if (/ies$/.test(word)) other = word.slice(0, -3) + "y";
    else if (/(ss|us|is)$/.test(word)) other = null;
    else if (/s$/.test(word)) other = word.slice(0, -1);
    else if (/[^aeiou]y$/.test(word)) other = word.slice(0, -1) + "ies";
    else other = word + "s";
    return other && other.indexOf(word) !== 0 ? other : null;
  }

  // The query's words, each as typed with its other number; null for a query in lunr's own syntax.
  function parse(query) {
    if (SYNTAX.test(query.replace(/(\p{L})-(\p{L})/gu, "$1 $2"))) return null;
    var separator = (scope.lunr && scope.lunr.tokenizer.separator) || /[\s\-]+/;
    var all = query.toLowerCase().split(separator).filter(Boolean);
    var kept = all.filter(function (word) { return !isStopWord(word); });
    return (kept.length ? kept : all).map(function (word) { return { typed: word, other: otherNumber(word) }; });
  }

  function text(words) {
    return words.map(function (w) {
      if (w.fuzzy) return w.typed + "~" + w.fuzzy;
      return w.other ? w.typed + " " + w.other + "^1" : w.typed;  // ^1: matched as a whole word, not a beginning
    }).join(" ");
  }

  // Material marks each searched word as found or missing per result: one mark per typed word, either number.
  function byTypedWord(words, result) {
    result.items.forEach(function (group) {
      group.forEach(function (doc) {
        var terms = doc.terms || {}, merged = {};
        words.forEach(function (w) {
          if (w.fuzzy) { merged[w.typed] = !!terms[w.typed]; return; }
          merged[w.typed] = !!(terms[w.typed] || (w.other && terms[w.other]));
        });
        doc.terms = merged;
      });
    });
    return result;
  }

  // The same words, each that no result holds allowed a typing mistake; null when every word was found.
  function forgiving(words, result) {
    var known = {};
    result.items.forEach(function (group) {
      group.forEach(function (doc) {
        Object.keys(doc.terms || {}).forEach(function (term) { if (doc.terms[term]) known[term] = true; });
      });
    });
    var changed = false;
    var retry = words.map(function (w) {
      if (known[w.typed] || w.typed.length < 4 || !/^[\p{L}\p{N}]+$/u.test(w.typed)) return w;
      changed = true;
      return { typed: w.typed, other: null, fuzzy: w.typed.length >= 8 ? 2 : 1 };
    });
    return changed ? retry : null;
  }

  // How many of the query's words one entry of a page (the page itself or one of its sections) holds at most:
  // words together in one section say more than words scattered over a page.
  function coverage(group) {
    return group.reduce(function (most, doc) {
      var terms = doc.terms || {};
      return Math.max(most, Object.keys(terms).filter(function (term) { return terms[term]; }).length);
    }, 0);
  }

  function allWordsFirst(result) {
    var ranked = result.items.map(function (group, index) { return { group: group, held: coverage(group), index: index }; });
    ranked.sort(function (a, b) { return b.held - a.held || a.index - b.index; });
    return Object.assign({}, result, { items: ranked.map(function (r) { return r.group; }) });
  }

  function ask(entry, query) {
    pending.push(entry);
    var event = new MessageEvent("message", { data: { type: QUERY, data: query } });
    ours.add(event);
    scope.dispatchEvent(event);
  }

  scope.addEventListener("message", function (event) {
    if (event.data && event.data.type === SETUP && event.data.data && event.data.data.config) {
      languages = [].concat(event.data.data.config.lang || ["en"]);
      return;
    }
    if (ours.has(event) || !event.data || event.data.type !== QUERY) return;
    event.stopImmediatePropagation();
    latest += 1;
    var typed = String(event.data.data || "");
    var words = parse(typed);
    ask({ id: latest, words: words, retried: !words }, words ? text(words) : typed);
  });

  scope.postMessage = function (message) {
    if (!message || message.type !== RESULT || !pending.length) return deliver.apply(scope, arguments);
    var entry = pending.shift();
    if (entry.id !== latest) return undefined;  // a newer query is on its way; its result replaces this one
    var result = entry.words ? byTypedWord(entry.words, message.data) : message.data;
    if (!entry.retried) {
      var retry = forgiving(entry.words, result);
      if (retry) return ask({ id: entry.id, words: retry, retried: true }, text(retry));
    }
    return deliver.call(scope, Object.assign({}, message, { data: allWordsFirst(result) }));
  };

  scope.importScripts(material);
})();
