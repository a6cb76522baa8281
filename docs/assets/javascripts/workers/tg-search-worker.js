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
     mistake (two for words of eight letters or more), so "confidentality" finds "confidentiality"; and with the
     site's own word nearest to it within as many mistakes ("vertraulichkiet": "vertraulichkeit"), which a
     translated index, keeping words by their stem, needs.
   - Pages with an entry (the page itself or a section) that holds every word of the query come before pages
     that hold only some of them; among equals, Material's score decides.
   - On a translated site, a word is searched as its stem too ("puls" also as "pul"): Material searches word
     beginnings without the stemmer, so a word whose stem is shorter than the word ("Vertrauenspuls", indexed as
     "vertrauenspul") would miss the very page it names.
   - A compound of the site's text typed into the box is searched with its parts as well ("teamcoaching" also as
     "team coaching"): the index carries each compound with its parts (`compounds`, made at build time where the
     language's record says `decompound: true`); a page holding every part holds the word.
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
  var compounds = {};  // a compound of the site's text -> its parts (the index's `compounds`)

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

  // The word's stem by the translation's stemmer (lunr-languages), where it differs from the word; English has the
  // plural rule above instead.
  function stemOf(word) {
    var lunr = scope.lunr;
    if (!lunr || languages.indexOf("en") >= 0 || !/^\p{L}+$/u.test(word)) return null;
    for (var i = 0; i < languages.length; i++) {
      var stemmer = lunr[languages[i]] && lunr[languages[i]].stemmer;
      if (!stemmer) continue;
      var stem = String(stemmer(new lunr.Token(word)));
      if (stem && stem !== word) return stem;
    }
    return null;
  }

  // The query's words, each as typed with its other number; null for a query in lunr's own syntax.
  function parse(query) {
    if (SYNTAX.test(query.replace(/(\p{L})-(\p{L})/gu, "$1 $2"))) return null;
    var separator = (scope.lunr && scope.lunr.tokenizer.separator) || /[\s\-]+/;
    var all = query.toLowerCase().split(separator).filter(Boolean);
    var kept = all.filter(function (word) { return !isStopWord(word); });
    return (kept.length ? kept : all).map(function (word) {
      return { typed: word, other: otherNumber(word), stem: stemOf(word), parts: partsOf(word) };
    });
  }

  function text(words) {
    return words.map(function (w) {
      var word = w.word || w.typed;  // the site's word nearest to a mistyped one, else the word as typed
      if (w.fuzzy && !w.word) return w.typed + "~" + w.fuzzy;
      // On a translated site a word is searched from its stem on, which holds every word its beginning holds
      // ("vertrauenspul" for "vertrauenspuls"; Material's word beginnings skip the stemmer, and the index keeps
      // stems), and as a whole word weighing twice (^2: through the stemmer), so that the page named
      // "Vertrauenspuls" comes before the one that says "Vertrauenspulses". A stem that is no beginning of the word
      // ("haus" for "häuser") is searched beside it. The parts as whole words (^1).
      var whole = "";
      if (w.stem && word.indexOf(w.stem) === 0) {
        whole = " " + word + "^2";
        word = w.stem;
      }
      var also = whole + (w.stem && word !== w.stem ? " " + w.stem + "*^1" : "") +
                 (w.parts ? " " + w.parts.join("^1 ") + "^1" : "");
      var searched = (w.other ? word + " " + w.other + "^1" : word) + also;  // ^1: a whole word, not a beginning
      return w.fuzzy ? w.typed + "~" + w.fuzzy + " " + searched : searched;
    }).join(" ");
  }

  // Material marks each searched word as found or missing per result: one mark per typed word, either number.
  function byTypedWord(words, result) {
    result.items.forEach(function (group) {
      group.forEach(function (doc) {
        var terms = doc.terms || {}, merged = {};
        words.forEach(function (w) {
          merged[w.typed] = !!(terms[w.typed] || (w.word && terms[w.word]) || (w.other && terms[w.other]) ||
                               (w.stem && terms[w.stem]) || holdsParts(w, terms));
        });
        doc.terms = merged;
      });
    });
    return result;
  }

  // The site's own words (of titles, descriptions and text), counted, made on the first mistyped word: a translated
  // index keeps words by their stem ("vertraulich"), which lunr's typing-mistake search cannot reach from
  // "vertraulichkiet"; the site's nearest word ("vertraulichkeit", within the same number of mistakes, the most
  // frequent of equals) is searched instead, through the stemmer like any typed word.
  var docs = [], separator = /[\s\-]+/, vocabulary = null;

  function nearest(word, most) {
    if (!vocabulary) {
      vocabulary = {};
      docs.forEach(function (doc) {
        [doc.title, doc.description, doc.text].forEach(function (value) {
          if (typeof value !== "string") return;
          value.replace(/<[^>]*>/g, " ").toLowerCase().split(separator).forEach(function (w) {
            if (w.length >= 4 && /^\p{L}+$/u.test(w)) vocabulary[w] = (vocabulary[w] || 0) + 1;
          });
        });
      });
    }
    var best = null, distance = most + 1;
    Object.keys(vocabulary).forEach(function (candidate) {
      if (Math.abs(candidate.length - word.length) > most) return;
      var d = mistakes(word, candidate, most);
      if (d < distance || (d === distance && best && vocabulary[candidate] > vocabulary[best])) {
        best = candidate;
        distance = d;
      }
    });
    return best;
  }

  // Typing mistakes between two words (Damerau's: a swap of two letters is one), or more than `most` when more.
  function mistakes(a, b, most) {
    var row = [], before = [], i, j;
    for (j = 0; j <= b.length; j++) row[j] = j;
    for (i = 1; i <= a.length; i++) {
      var next = [i], lowest = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
        next[j] = d;
        if (d < lowest) lowest = d;
      }
      if (lowest > most) return most + 1;
      before = row;
      row = next;
    }
    return row[b.length];
  }

  function partsOf(word) {
    return Object.prototype.hasOwnProperty.call(compounds, word) ? compounds[word] : null;
  }

  function holdsParts(w, terms) {
    return !!w.parts && w.parts.every(function (part) { return terms[part]; });
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
      if (known[w.typed] || (w.stem && known[w.stem]) || holdsParts(w, known) || w.typed.length < 4 ||
          !/^[\p{L}\p{N}]+$/u.test(w.typed)) return w;
      changed = true;
      var fuzzy = w.typed.length >= 8 ? 2 : 1;
      var word = nearest(w.typed, fuzzy);
      if (!word) return { typed: w.typed, other: null, fuzzy: fuzzy };
      return { typed: w.typed, word: word, fuzzy: fuzzy, other: otherNumber(word), stem: stemOf(word),
               parts: partsOf(word) };
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
      compounds = event.data.data.compounds || {};
      docs = event.data.data.docs || [];
      separator = new RegExp(event.data.data.config.separator || "[\\s\\-]+");
      vocabulary = null;
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
