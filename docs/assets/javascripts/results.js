/* Results tools (tools/pulse-tally/, tools/alignment-gap/): the facilitator types each returned sheet's ratings; the
   team's figures appear only once the number of sheets reaches the agreed minimum. Everything stays in this browser:
   there is no network code in this file, entries are saved only to a file the facilitator downloads or, if the
   facilitator ticks the box for it, in this browser's localStorage until cleared; every text (typed, loaded or
   kept) is set with textContent, never as markup. A loaded file may come from anyone: its size
   is checked before it is read, its number of sheets before they are used, and it never lowers the agreed minimum
   set on the page. */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var FORMAT = "trustguide-results";
  /* Generous for a real team (the guide advises rounds of a few to a few dozen sheets), small enough that the page
     stays responsive: a saved file of MAX_SHEETS sheets of four blank ratings is about 0.22 MB. */
  var MAX_SHEETS = 5000;
  var MAX_FILE_BYTES = 1000000;
  var MIN_MINIMUM = 2;
  var MAX_MINIMUM = 1000;
  /* Earlier cycles compared at once: a year of monthly rounds and more, each up to MAX_SHEETS sheets. */
  var MAX_CYCLES = 24;
  var STORE = "trustguide:results:";
  /* The page's words: msgid -> its translation in the page's catalog (trustguide.js); Babel extracts _("..."). */
  var _ = function (message, values) { return window.tgText(message, values); };

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }

  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, String(attrs[key])); });
    if (text !== undefined) { node.textContent = String(text); }
    return node;
  }

  /* A table with a caption, column headings and an empty body to fill. */
  function captioned(caption, headings) {
    var table = el("table", null, "tg-results-table");
    table.appendChild(el("caption", caption));
    var head = el("tr");
    headings.forEach(function (text) { head.appendChild(el("th", text)).scope = "col"; });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    table.appendChild(el("tbody"));
    return table;
  }

  /* One decimal at most, with the page language's decimal sign (3.5; 3,5 on the German site). */
  function number(value) {
    return new Intl.NumberFormat(document.documentElement.lang || "en",
                                 { maximumFractionDigits: 1, useGrouping: false }).format(Math.round(value * 10) / 10);
  }

  /* A file name from a typed name: its letters kept in any script (Zoë, Łukasiewicz, 李), only what file systems
     refuse or treat specially (/ \ : * ? " < > |, control characters) and spaces replaced by "-". */
  function fileName(text) {
    var name = String(text).normalize("NFC")
      .replace(/[\u0000-\u001f\u007f-\u009f"*\/:<>?\\|]+/g, "-").replace(/\s+/g, "-")
      .replace(/-{2,}/g, "-").replace(/^[-.]+|[-.]+$/g, "");
    return Array.from(name).slice(0, 100).join("") || "entries";
  }

  /* This browser's localStorage, or null where it is turned off or refused (then there is no choice to offer). */
  function storage() {
    try {
      var store = window.localStorage;
      store.getItem(STORE);
      return store;
    } catch (e) { return null; }
  }

  /* A whole number from MIN_MINIMUM to MAX_MINIMUM, or null. */
  function validMinimum(value) {
    return typeof value === "number" && value % 1 === 0 && value >= MIN_MINIMUM && value <= MAX_MINIMUM ? value : null;
  }

  /* Figures for one question: the answers given (blanks left out), their count per point, median and range. */
  function summarise(values, scale) {
    var answers = values.filter(function (v) { return typeof v === "number"; }).sort(function (a, b) { return a - b; });
    var counts = [];
    for (var point = 1; point <= scale; point += 1) {
      counts.push(answers.filter(function (v) { return v === point; }).length);
    }
    var n = answers.length;
    var median = n ? (n % 2 ? answers[(n - 1) / 2] : (answers[n / 2 - 1] + answers[n / 2]) / 2) : null;
    return { n: n, counts: counts, median: median, low: n ? answers[0] : null, high: n ? answers[n - 1] : null };
  }

  function Tool(root) {
    this.root = root;
    this.kind = root.dataset.tool;
    this.scale = parseInt(root.dataset.scale, 10);
    this.items = Array.prototype.map.call(root.querySelectorAll(".tg-results-item"), function (item) {
      return { key: item.dataset.key, label: item.dataset.label };
    });
    this.name = root.querySelector(".tg-results-name");
    this.minimum = root.querySelector(".tg-results-minimum");
    this.entry = root.querySelector(".tg-results-entry");
    this.manager = root.querySelector(".tg-results-manager");
    this.list = root.querySelector(".tg-results-sheets");
    this.count = root.querySelector(".tg-results-count");
    this.summary = root.querySelector(".tg-results-summary");
    this.status = root.querySelector(".tg-results-status");
    this.sheets = [];
    this.earlier = [];
    this.minimumNote = "";
    this.keep = null;
    this.asked = null;
  }

  /* The minimum typed in its field: { value } when it is a whole number in range, { value: null } when the field is
     empty, { value: null, error } otherwise (2.9 is refused, never applied as 2: what is shown is what applies). */
  Tool.prototype.readMinimum = function () {
    var raw = this.minimum.value.trim();
    if (raw === "" && !(this.minimum.validity && this.minimum.validity.badInput)) { return { value: null, error: "" }; }
    var n = /^[0-9]{1,4}$/.test(raw) ? validMinimum(parseInt(raw, 10)) : null;
    if (n !== null) { return { value: n, error: "" }; }
    return { value: null, error: _("The agreed minimum must be a whole number from ${low} to ${high}. Nothing is shown until it is.",
                                   { low: MIN_MINIMUM, high: MAX_MINIMUM }) };
  };

  Tool.prototype.agreedMinimum = function () { return this.readMinimum().value; };

  Tool.prototype.ratingsFrom = function (container) {
    var self = this;
    return this.items.map(function (item) {
      var select = container.querySelector('select[data-key="' + item.key + '"]');
      var n = parseInt(select ? select.value : "", 10);
      return n >= 1 && n <= self.scale ? n : null;
    });
  };

  Tool.prototype.say = function (text) { this.status.textContent = text; };

  Tool.prototype.addSheet = function () {
    var ratings = this.ratingsFrom(this.entry);
    if (ratings.every(function (r) { return r === null; })) {
      this.say(_("This sheet has no ratings; choose at least one, or leave the sheet out."));
      return;
    }
    if (this.sheets.length >= MAX_SHEETS) {
      this.say(_("This sheet was not added: ${max} sheets is the most this tool takes in one round.", { max: MAX_SHEETS }));
      return;
    }
    this.sheets.push(ratings);
    this.changed();
    Array.prototype.forEach.call(this.entry.querySelectorAll("select"), function (s) { s.value = ""; });
    var minimum = this.agreedMinimum();
    this.say(_("Sheet ${n} added.", { n: this.sheets.length }) + (minimum !== null && this.sheets.length === minimum ?
      _(" The agreed minimum is reached: the team summary is shown below.") : ""));
    this.render();
    this.entry.querySelector("select").focus();
  };

  Tool.prototype.removeSheet = function (index) {
    this.sheets.splice(index, 1);
    this.changed();
    this.say(_("Sheet ${n} removed.", { n: index + 1 }));
    this.render();
    var buttons = this.list.querySelectorAll("button");
    if (buttons.length) { buttons[Math.min(index, buttons.length - 1)].focus(); } else { this.entry.querySelector("select").focus(); }
  };

  Tool.prototype.renderList = function () {
    var self = this;
    var blank = _("blank"), remove = _("Remove");
    this.list.textContent = "";
    this.sheets.forEach(function (ratings, index) {
      var row = el("tr");
      row.appendChild(el("th", _("Sheet ${n}", { n: index + 1 }))).scope = "row";
      ratings.forEach(function (r, i) { row.appendChild(el("td", r === null ? blank : r)).dataset.label = self.items[i].label; });
      var cell = el("td");
      var button = el("button", remove, "md-button tg-results-small");
      button.type = "button";
      button.setAttribute("aria-label", _("Remove sheet ${n}", { n: index + 1 }));
      button.addEventListener("click", function () { self.removeSheet(index); });
      cell.appendChild(button);
      row.appendChild(cell);
      self.list.appendChild(row);
    });
    this.count.textContent = this.sheets.length === 1 ? _("1 sheet entered.") : _("${n} sheets entered.", { n: this.sheets.length });
  };

  /* The distribution of one question as a bar chart; the table beside it holds the same numbers. */
  Tool.prototype.chart = function (label, figures, managerRating) {
    var width = 260, bar = 22, gap = 6, left = 28, height = this.scale * (bar + gap);
    var most = Math.max.apply(null, figures.counts.concat([1]));
    var description = figures.counts.map(function (c, i) { return (i + 1) + ": " + c; }).join(", ");
    var image = svg("svg", { viewBox: "0 0 " + (width + 40) + " " + height, width: width + 40, height: height,
                             role: "img", "class": "tg-results-chart",
                             "aria-label": _("${label}, answers per rating: ${description}", { label: label, description: description }) +
                               (managerRating ? _("; manager's own rating ${rating}", { rating: managerRating }) : "") });
    for (var i = 0; i < this.scale; i += 1) {
      var y = i * (bar + gap);
      image.appendChild(svg("text", { x: 0, y: y + bar * 0.7, "class": "tg-results-axis" }, i + 1));
      var w = figures.counts[i] ? Math.max(2, Math.round(width * figures.counts[i] / most)) : 0;
      image.appendChild(svg("rect", { x: left, y: y, width: w, height: bar, "class": "tg-results-bar" }));
      image.appendChild(svg("text", { x: left + w + 4, y: y + bar * 0.7, "class": "tg-results-axis" }, figures.counts[i]));
      if (managerRating === i + 1) {
        image.appendChild(svg("rect", { x: left - 4, y: y - 2, width: width + 8, height: bar + 4, "class": "tg-results-manager-mark" }));
      }
    }
    return image;
  };

  Tool.prototype.figuresTable = function (label, figures) {
    var table = captioned(_("${label}: answers per rating", { label: label }), [_("Rating"), _("Answers")]);
    var body = table.tBodies[0];
    figures.counts.forEach(function (c, i) {
      var row = el("tr");
      row.appendChild(el("th", i + 1)).scope = "row";
      row.appendChild(el("td", c));
      body.appendChild(row);
    });
    return table;
  };

  Tool.prototype.managerRatings = function () { return this.manager ? this.ratingsFrom(this.manager) : null; };

  Tool.prototype.render = function () {
    this.renderList();
    this.renderSummary();
  };

  /* The summary alone: what the name, the minimum and the manager's ratings change (the list of up to MAX_SHEETS
     sheets is not rebuilt at each keystroke). */
  Tool.prototype.renderSummary = function () {
    this.persist();
    var self = this;
    this.summary.textContent = "";
    var read = this.readMinimum();
    var minimum = read.value;
    var title = el("h2", this.name.value ? _("Team summary: ${name}", { name: this.name.value }) : _("Team summary"));
    title.id = "tg-results-summary-title";
    this.summary.appendChild(title);
    if (this.minimumNote) { this.summary.appendChild(el("p", this.minimumNote, "tg-results-minimum-note")); }
    if (read.error) {
      this.summary.appendChild(el("p", read.error, "tg-results-withheld"));
      return;
    }
    if (minimum === null) {
      this.summary.appendChild(el("p", _("Set the agreed minimum number of answers first. Nothing is shown until it is set and reached."), "tg-results-withheld"));
      return;
    }
    if (this.sheets.length < minimum) {
      this.summary.appendChild(el("p", _("Nothing is shown yet: ${entered} of the agreed minimum of ${minimum} sheets entered. If fewer sheets come back, there are no results for this round; say so to the team, as agreed.",
        { entered: this.sheets.length, minimum: minimum }), "tg-results-withheld"));
      return;
    }
    this.summary.appendChild(el("p", _("${entered} sheets, agreed minimum ${minimum}. Ratings run from 1 (${low}) to ${scale} (${high}); blanks are left out.",
      { entered: this.sheets.length, minimum: minimum, low: this.root.dataset.low, scale: this.scale, high: this.root.dataset.high }), "tg-results-basis"));
    var manager = this.managerRatings();
    this.items.forEach(function (item, index) {
      var figures = summarise(self.sheets.map(function (s) { return s[index]; }), self.scale);
      var section = el("section", null, "tg-results-question");
      var heading = el("h3", item.label);
      section.appendChild(heading);
      if (figures.n < minimum) {
        section.appendChild(el("p", _("Fewer than the agreed minimum answered this question (${n} of ${minimum}), so no figures are shown for it.",
          { n: figures.n, minimum: minimum }), "tg-results-withheld"));
        self.summary.appendChild(section);
        return;
      }
      var facts = el("dl", null, "tg-results-facts");
      var managerRating = manager ? manager[index] : null;
      var pairs = [[_("Answers"), figures.n], [_("Median"), number(figures.median)],
                   [_("Spread"), figures.low === figures.high ? _("all ${low}", { low: figures.low })
                                                              : _("${low} to ${high}", { low: figures.low, high: figures.high })]];
      if (manager) {
        pairs.push([_("Manager's own rating"), managerRating === null ? _("not given") : managerRating]);
        if (managerRating !== null) {
          var gap = managerRating - figures.median;
          pairs.push([_("Gap"), gap === 0 ? _("none: the same as the team's median") :
            (gap > 0 ? "+" : "−") + number(Math.abs(gap)) + (gap > 0 ? _(": the manager sees more value than the team")
                                                                    : _(": the manager sees less value than the team"))]);
        }
      }
      pairs.forEach(function (pair) {
        facts.appendChild(el("dt", pair[0]));
        facts.appendChild(el("dd", pair[1]));
      });
      section.appendChild(facts);
      var figure = el("div", null, "tg-results-figure");
      figure.appendChild(self.chart(item.label, figures, managerRating));
      figure.appendChild(self.figuresTable(item.label, figures));
      section.appendChild(figure);
      var prompts = self.root.querySelector('.tg-results-item[data-key="' + item.key + '"] .tg-results-prompts');
      if (prompts) { section.appendChild(prompts.cloneNode(true)); }
      self.summary.appendChild(section);
    });
    this.renderComparison(minimum);
  };

  /* The earlier cycles and this one, oldest first, as a trend. One minimum for all, the strictest of the page's and
     the files' (a loaded file never lowers it); a cycle with fewer sheets is left out entirely, and so is a question's
     figure in a cycle where fewer people answered it. */
  Tool.prototype.renderComparison = function (minimum) {
    if (!this.earlier.length) { return; }
    var self = this;
    var needed = this.earlier.reduce(function (most, c) { return Math.max(most, c.minimum || 0); }, minimum);
    var section = el("section", null, "tg-results-compare");
    var single = this.earlier.length === 1;
    section.appendChild(el("h3", single ? (this.earlier[0].name ? _("Compared with ${name}", { name: this.earlier[0].name })
                                                                  : _("Compared with the earlier cycle"))
                                        : _("Trend over ${n} cycles", { n: this.earlier.length + 1 })));
    var cycles = this.earlier.map(function (c, i) {
      return { label: c.name || (single ? _("Earlier cycle") : _("Earlier cycle ${n}", { n: i + 1 })), sheets: c.sheets };
    });
    cycles.push({ label: this.name.value || _("This cycle"), sheets: this.sheets });
    var shown = cycles.filter(function (c) { return c.sheets.length >= needed; });
    var withheld = cycles.filter(function (c) { return c.sheets.length < needed; });
    if (single && withheld.length) {
      section.appendChild(el("p", _("No comparison: both cycles need at least ${needed} sheets (this cycle ${entered}, the earlier one ${earlier}).",
        { needed: needed, entered: this.sheets.length, earlier: this.earlier[0].sheets.length }), "tg-results-withheld"));
      this.summary.appendChild(section);
      return;
    }
    if (withheld.length) {
      var names = withheld.map(function (c) { return _("${name} (${n} sheets)", { name: c.label, n: c.sheets.length }); });
      section.appendChild(el("p", _("Not shown, with fewer sheets than the agreed minimum of ${needed}: ${cycles}.",
        { needed: needed, cycles: names.join("; ") }), "tg-results-withheld"));
    }
    if (shown.length < 2) {
      section.appendChild(el("p", _("No trend: fewer than two cycles reached the agreed minimum."), "tg-results-withheld"));
      this.summary.appendChild(section);
      return;
    }
    var table = captioned(single ? _("Median and spread, earlier cycle and this one") : _("Median and spread in each cycle, oldest first"),
                          [_("Question")].concat(shown.map(function (c) { return c.label; }), [_("Trend of the median")]));
    var body = table.tBodies[0];
    this.items.forEach(function (item, index) {
      var row = el("tr");
      row.appendChild(el("th", item.label)).scope = "row";
      var medians = [];
      shown.forEach(function (cycle) {
        var f = summarise(cycle.sheets.map(function (s) { return s[index]; }), self.scale);
        if (f.n >= needed) { medians.push(number(f.median)); }
        row.appendChild(el("td", f.n < needed ? _("fewer than ${needed} answers", { needed: needed }) :
          _("median ${median}, ${low} to ${high} (${n} answers)", { median: number(f.median), low: f.low, high: f.high, n: f.n })))
          .dataset.label = cycle.label;
      });
      row.appendChild(el("td", medians.length < 2 ? _("too few answers for a trend") : medians.join(" → "), "tg-results-trend"))
        .dataset.label = _("Trend of the median");
      body.appendChild(row);
    });
    section.appendChild(table);
    this.summary.appendChild(section);
  };

  Tool.prototype.data = function () {
    return { format: FORMAT, tool: this.kind, version: 1, name: this.name.value, minimum: this.agreedMinimum(),
             questions: this.items.map(function (i) { return i.key; }), manager: this.managerRatings(),
             sheets: this.sheets };
  };

  /* A saved file, checked before use: it must be this tool's, with at most MAX_SHEETS sheets, ratings in range and
     an agreed minimum that is a whole number in range (or none). Returns { data } or { error }, the reader's message. */
  Tool.prototype.parse = function (text) {
    var self = this;
    var data;
    var notOurs = { error: _("That file is not a saved file of this tool; nothing was loaded.") };
    try { data = JSON.parse(text); } catch (e) { return notOurs; }
    if (!data || data.format !== FORMAT || data.tool !== this.kind || !Array.isArray(data.sheets)) { return notOurs; }
    if (data.sheets.length > MAX_SHEETS) {
      return { error: _("Nothing was loaded: the file holds ${n} sheets, and this tool takes at most ${max} in one round. Check that it is a file you saved here.",
                        { n: data.sheets.length, max: MAX_SHEETS }) };
    }
    var minimum = data.minimum === undefined || data.minimum === null ? null : validMinimum(data.minimum);
    if (minimum === null && data.minimum !== undefined && data.minimum !== null) {
      return { error: _("Nothing was loaded: the file's agreed minimum (${value}) is not a whole number from ${low} to ${high}.",
                        { value: String(JSON.stringify(data.minimum)).slice(0, 20), low: MIN_MINIMUM, high: MAX_MINIMUM }) };
    }
    var clean = function (r) { return typeof r === "number" && r >= 1 && r <= self.scale && r % 1 === 0 ? r : null; };
    var width = this.items.length;
    var row = function (s) {
      var out = [];
      for (var i = 0; i < width; i += 1) { out.push(clean(s[i])); }
      return out;
    };
    return { data: { name: typeof data.name === "string" ? data.name.slice(0, 120) : "", minimum: minimum,
                     sheets: data.sheets.filter(Array.isArray).map(row),
                     manager: Array.isArray(data.manager) ? row(data.manager) : null } };
  };

  Tool.prototype.save = function () {
    var blob = new Blob([JSON.stringify(this.data(), null, 1)], { type: "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = fileName(this.kind + "-" + (this.name.value || _("entries"))) + ".json";
    document.body.appendChild(link);
    link.click();
    link.remove();
    this.say(_("Entries saved to a file on this device."));
  };

  /* The files chosen in `input` (at most `most`), each refused by its size before a byte of it is read; `use` gets
     each file that parses, with the file, in the order chosen. */
  Tool.prototype.readFile = function (input, use, most) {
    var self = this;
    var files = Array.prototype.slice.call(input.files || [], 0, most || 1);
    var left = files.length;
    var results = [];
    input.value = "";
    if (!left) { return; }
    var finish = function () {
      left -= 1;
      if (left) { return; }
      var failed = null, used = false;
      results.forEach(function (r) {
        if (r.error) { failed = r.error; } else { use(r.data, r.file); used = true; }
      });
      if (used) { self.render(); }
      if (failed) { self.say(failed); }
    };
    files.forEach(function (file, index) {
      if (file.size > MAX_FILE_BYTES) {
        results[index] = { error: _("Nothing was loaded: the file is ${size} MB, and this tool reads saved files of at most ${max} MB (room for ${sheets} sheets). Check that it is a file you saved here.",
                   { size: number(Math.ceil(file.size / 1e5) / 10), max: number(MAX_FILE_BYTES / 1e6), sheets: MAX_SHEETS }) };
        finish();
        return;
      }
      var reader = new FileReader();
      reader.onload = function () {
        var parsed = self.parse(String(reader.result));
        results[index] = parsed.error ? parsed : { data: parsed.data, file: file };
        finish();
      };
      reader.onerror = function () {
        results[index] = { error: _("That file could not be read; nothing was loaded.") };
        finish();
      };
      reader.readAsText(file);
    });
  };

  /* Earlier cycles to compare, oldest first: by the date each file was last written (when it was saved). */
  Tool.prototype.addEarlier = function (data, file) {
    if (this.earlier.length >= MAX_CYCLES) {
      this.say(_("At most ${max} earlier cycles are compared; remove some with “Clear all entries” first.", { max: MAX_CYCLES }));
      return;
    }
    data.when = file.lastModified || 0;
    data.order = this.earlier.length;
    this.earlier.push(data);
    this.earlier.sort(function (a, b) { return a.when - b.when || a.order - b.order; });
    this.changed();
    this.say(this.earlier.length === 1 ? _("Earlier cycle loaded: ${n} sheets.", { n: data.sheets.length })
                                       : _("${n} earlier cycles loaded.", { n: this.earlier.length }));
  };

  /* Saved entries in place of the ones here. The file's agreed minimum never lowers the one set on the page: the
     stricter (higher) of the two applies, and the summary says which and why. */
  Tool.prototype.load = function (data) {
    var set = this.agreedMinimum();
    var applied = set;
    this.minimumNote = "";
    if (data.minimum !== null && set !== null && data.minimum < set) {
      this.minimumNote = _("The loaded file's agreed minimum is ${file}; the ${set} set here is stricter, so ${set} applies.",
                           { file: data.minimum, set: set });
    } else if (data.minimum !== null && set !== null && data.minimum > set) {
      applied = data.minimum;
      this.minimumNote = _("The loaded file's agreed minimum, ${file}, is stricter than the ${set} set here, so ${file} applies.",
                           { file: data.minimum, set: set });
    } else if (data.minimum !== null && set === null) {
      applied = data.minimum;
      this.minimumNote = _("The agreed minimum, ${file}, comes from the loaded file.", { file: data.minimum });
    }
    if (applied !== set) { this.minimum.value = String(applied); }
    this.name.value = data.name;
    this.sheets = data.sheets;
    this.changed();
    if (this.manager && data.manager) {
      var self = this;
      this.items.forEach(function (item, i) {
        self.manager.querySelector('select[data-key="' + item.key + '"]').value = data.manager[i] === null ? "" : String(data.manager[i]);
      });
    }
    this.say(_("Loaded ${n} sheets from the file.", { n: data.sheets.length }) + (this.minimumNote ? " " + this.minimumNote : ""));
  };

  Tool.prototype.setup = function () {
    var self = this;
    this.root.querySelector(".tg-results-add").addEventListener("click", function () { self.addSheet(); });
    Array.prototype.forEach.call(this.root.querySelectorAll("form"), function (form) {
      form.addEventListener("submit", function (event) { event.preventDefault(); });
    });
    this.name.addEventListener("input", function () { self.renderSummary(); });
    this.minimum.addEventListener("input", function () { self.minimumNote = ""; self.renderSummary(); });
    if (this.manager) { this.manager.addEventListener("change", function () { self.renderSummary(); }); }
    this.root.querySelector(".tg-results-print").addEventListener("click", function () { window.print(); });
    this.root.querySelector(".tg-results-save").addEventListener("click", function () { self.save(); });
    var load = this.root.querySelector(".tg-results-load");
    load.addEventListener("change", function () { self.readFile(load, function (data) { self.load(data); }); });
    var compare = this.root.querySelector(".tg-results-compare-file");
    compare.multiple = true;
    compare.addEventListener("change", function () {
      self.readFile(compare, function (data, file) { self.addEarlier(data, file); }, MAX_CYCLES);
    });
    this.asked = window.tgAskFirst(this.root.querySelector(".tg-results-clear"), {
      question: function () {
        return _("Clear all entries (sheets entered: ${n}), the round's name and the earlier cycles loaded?", { n: self.sheets.length }) +
          (self.keep && self.keep.checked ? " " + _("The entries kept in this browser are removed too.") : "");
      },
      yes: _("Yes, clear all entries"),
      done: _("All entries cleared."),
      restored: function () { return _("Entries restored (sheets: ${n}).", { n: self.sheets.length }); }
    }, function () {
      var before = { sheets: self.sheets, earlier: self.earlier, note: self.minimumNote, name: self.name.value };
      self.sheets = [];
      self.earlier = [];
      self.minimumNote = "";
      self.name.value = "";
      self.say("");  /* the question's panel says what happened, and offers the undo */
      self.render();
      return function () {
        self.sheets = before.sheets;
        self.earlier = before.earlier;
        self.minimumNote = before.note;
        self.name.value = before.name;
        self.render();
      };
    });
    this.setupKeeping();
    this.render();
  };

  /* Any change to the entries ends the undo of a "Clear all" (it would lose what was entered since). */
  Tool.prototype.changed = function () { if (this.asked) { this.asked.dismiss(); } };

  /* Keeping the entries in this browser, only if the facilitator ticks the box: sheets are anonymous answers, and a
     shared computer's next user could read them. The box is offered only where localStorage works; without it the
     tool works as before (entries live in the page, or in a saved file). */
  Tool.prototype.setupKeeping = function () {
    var self = this;
    var store = storage();
    if (!store) { return; }
    var id = "tg-results-keep-" + this.kind;
    var row = el("p", null, "tg-results-keep");
    var box = el("input");
    box.type = "checkbox";
    box.id = id;
    box.className = "tg-results-keep-box";
    var label = el("label", _("Keep these entries in this browser until I clear them"));
    label.htmlFor = id;
    row.appendChild(box);
    row.appendChild(label);
    var note = el("p", _("Kept entries are stored in this browser's localStorage on this device only, never sent anywhere. Anyone using this browser can see them, so use this only on your own device; “Clear all entries” removes them."),
                  "tg-results-keep-note");
    note.id = id + "-note";
    box.setAttribute("aria-describedby", note.id);
    var tools = this.root.querySelector(".tg-results-tools");
    tools.parentNode.insertBefore(row, tools);
    tools.parentNode.insertBefore(note, tools);
    this.keep = box;
    var kept = null;
    try { kept = store.getItem(STORE + this.kind); } catch (e) { kept = null; }
    if (kept) {
      var parsed = this.parse(kept);
      if (parsed.error) {
        try { store.removeItem(STORE + this.kind); } catch (e) { /* nothing to remove */ }
      } else {
        box.checked = true;
        this.name.value = parsed.data.name;
        if (parsed.data.minimum !== null) { this.minimum.value = String(parsed.data.minimum); }
        this.sheets = parsed.data.sheets;
        if (this.manager && parsed.data.manager) {
          this.items.forEach(function (item, i) {
            var value = parsed.data.manager[i];
            self.manager.querySelector('select[data-key="' + item.key + '"]').value = value === null ? "" : String(value);
          });
        }
        this.say(_("The entries kept in this browser are back (sheets: ${n}).", { n: this.sheets.length }));
      }
    }
    box.addEventListener("change", function () {
      if (box.checked) {
        self.persist();
        if (box.checked) { self.say(_("The entries are kept in this browser until you clear them.")); }
      } else {
        try { store.removeItem(STORE + self.kind); } catch (e) { /* nothing to remove */ }
        self.say(_("The entries are no longer kept in this browser; they were removed from it."));
      }
    });
  };

  /* The entries into this browser's storage when the facilitator chose it; none left (cleared) removes them. */
  Tool.prototype.persist = function () {
    if (!this.keep || !this.keep.checked) { return; }
    var store = storage();
    if (!store) { return; }
    try {
      if (!this.sheets.length) { store.removeItem(STORE + this.kind); return; }
      store.setItem(STORE + this.kind, JSON.stringify(this.data()));
    } catch (e) {
      this.keep.checked = false;
      this.say(_("The entries could not be kept in this browser (its storage is full or turned off); save them to a file instead."));
    }
  };

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".tg-results[data-tool]"), function (root) { new Tool(root).setup(); });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
