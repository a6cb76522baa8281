/* Results tools (tools/pulse-tally/, tools/alignment-gap/): the facilitator types each returned sheet's ratings; the
   team's figures appear only once the number of sheets reaches the agreed minimum. Everything stays in this page:
   there is no network code in this file, entries are saved only to a file the facilitator downloads, and every
   text (typed or loaded) is set with textContent, never as markup. */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var FORMAT = "trustguide-results";

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

  function number(value) { return (Math.round(value * 10) / 10).toString(); }

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
    this.earlier = null;
  }

  Tool.prototype.agreedMinimum = function () {
    var n = parseInt(this.minimum.value, 10);
    return isNaN(n) || n < 2 ? null : n;
  };

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
      this.say("This sheet has no ratings; choose at least one, or leave the sheet out.");
      return;
    }
    this.sheets.push(ratings);
    Array.prototype.forEach.call(this.entry.querySelectorAll("select"), function (s) { s.value = ""; });
    var minimum = this.agreedMinimum();
    this.say("Sheet " + this.sheets.length + " added." + (minimum !== null && this.sheets.length === minimum ?
      " The agreed minimum is reached: the team summary is shown below." : ""));
    this.render();
    this.entry.querySelector("select").focus();
  };

  Tool.prototype.removeSheet = function (index) {
    this.sheets.splice(index, 1);
    this.say("Sheet " + (index + 1) + " removed.");
    this.render();
    var buttons = this.list.querySelectorAll("button");
    if (buttons.length) { buttons[Math.min(index, buttons.length - 1)].focus(); } else { this.entry.querySelector("select").focus(); }
  };

  Tool.prototype.renderList = function () {
    var self = this;
    this.list.textContent = "";
    this.sheets.forEach(function (ratings, index) {
      var row = el("tr");
      row.appendChild(el("th", "Sheet " + (index + 1))).scope = "row";
      ratings.forEach(function (r) { row.appendChild(el("td", r === null ? "blank" : r)); });
      var cell = el("td");
      var button = el("button", "Remove", "md-button tg-results-small");
      button.type = "button";
      button.setAttribute("aria-label", "Remove sheet " + (index + 1));
      button.addEventListener("click", function () { self.removeSheet(index); });
      cell.appendChild(button);
      row.appendChild(cell);
      self.list.appendChild(row);
    });
    this.count.textContent = this.sheets.length + (this.sheets.length === 1 ? " sheet" : " sheets") + " entered.";
  };

  /* The distribution of one question as a bar chart; the table beside it holds the same numbers. */
  Tool.prototype.chart = function (label, figures, managerRating) {
    var width = 260, bar = 22, gap = 6, left = 28, height = this.scale * (bar + gap);
    var most = Math.max.apply(null, figures.counts.concat([1]));
    var description = figures.counts.map(function (c, i) { return (i + 1) + ": " + c; }).join(", ");
    var image = svg("svg", { viewBox: "0 0 " + (width + 40) + " " + height, width: width + 40, height: height,
                             role: "img", "class": "tg-results-chart",
                             "aria-label": label + ", answers per rating: " + description +
                               (managerRating ? "; manager's own rating " + managerRating : "") });
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
    var table = captioned(label + ": answers per rating", ["Rating", "Answers"]);
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
    var self = this;
    this.renderList();
    this.summary.textContent = "";
    var minimum = this.agreedMinimum();
    var title = el("h2", "Team summary" + (this.name.value ? ": " + this.name.value : ""));
    title.id = "tg-results-summary-title";
    this.summary.appendChild(title);
    if (minimum === null) {
      this.summary.appendChild(el("p", "Set the agreed minimum number of answers first. Nothing is shown until it is set and reached.", "tg-results-withheld"));
      return;
    }
    if (this.sheets.length < minimum) {
      this.summary.appendChild(el("p", "Nothing is shown yet: " + this.sheets.length + " of the agreed minimum of " + minimum +
        " sheets entered. If fewer sheets come back, there are no results for this round; say so to the team, as agreed.", "tg-results-withheld"));
      return;
    }
    this.summary.appendChild(el("p", this.sheets.length + " sheets, agreed minimum " + minimum + ". Ratings run from 1 (" +
      this.root.dataset.low + ") to " + this.scale + " (" + this.root.dataset.high + "); blanks are left out.", "tg-results-basis"));
    var manager = this.managerRatings();
    this.items.forEach(function (item, index) {
      var figures = summarise(self.sheets.map(function (s) { return s[index]; }), self.scale);
      var section = el("section", null, "tg-results-question");
      var heading = el("h3", item.label);
      section.appendChild(heading);
      if (figures.n < minimum) {
        section.appendChild(el("p", "Fewer than the agreed minimum answered this question (" + figures.n + " of " + minimum +
          "), so no figures are shown for it.", "tg-results-withheld"));
        self.summary.appendChild(section);
        return;
      }
      var facts = el("dl", null, "tg-results-facts");
      var managerRating = manager ? manager[index] : null;
      var pairs = [["Answers", figures.n], ["Median", number(figures.median)],
                   ["Spread", figures.low === figures.high ? "all " + figures.low : figures.low + " to " + figures.high]];
      if (manager) {
        pairs.push(["Manager's own rating", managerRating === null ? "not given" : managerRating]);
        if (managerRating !== null) {
          var gap = managerRating - figures.median;
          pairs.push(["Gap", gap === 0 ? "none: the same as the team's median" :
            (gap > 0 ? "+" : "−") + number(Math.abs(gap)) + (gap > 0 ? ": the manager sees more value than the team"
                                                                    : ": the manager sees less value than the team")]);
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

  /* Two cycles side by side: each shown only if it reached the agreed minimum (the larger of the two). */
  Tool.prototype.renderComparison = function (minimum) {
    if (!this.earlier) { return; }
    var self = this;
    var earlier = this.earlier;
    var needed = Math.max(minimum, earlier.minimum || 0);
    var section = el("section", null, "tg-results-compare");
    section.appendChild(el("h3", "Compared with " + (earlier.name || "the earlier cycle")));
    if (earlier.sheets.length < needed || this.sheets.length < needed) {
      section.appendChild(el("p", "No comparison: both cycles need at least " + needed + " sheets (this cycle " + this.sheets.length +
        ", the earlier one " + earlier.sheets.length + ").", "tg-results-withheld"));
      this.summary.appendChild(section);
      return;
    }
    var table = captioned("Median and spread, earlier cycle and this one",
                          ["Question", earlier.name || "Earlier cycle", this.name.value || "This cycle"]);
    var body = table.tBodies[0];
    this.items.forEach(function (item, index) {
      var row = el("tr");
      row.appendChild(el("th", item.label)).scope = "row";
      [earlier.sheets, self.sheets].forEach(function (sheets) {
        var f = summarise(sheets.map(function (s) { return s[index]; }), self.scale);
        row.appendChild(el("td", f.n < needed ? "fewer than " + needed + " answers" :
          "median " + number(f.median) + ", " + f.low + " to " + f.high + " (" + f.n + " answers)"));
      });
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

  /* A saved file, checked before use: it must be this tool's, with ratings in range. */
  Tool.prototype.parse = function (text) {
    var self = this;
    var data;
    try { data = JSON.parse(text); } catch (e) { return null; }
    if (!data || data.format !== FORMAT || data.tool !== this.kind || !Array.isArray(data.sheets)) { return null; }
    var clean = function (r) { return typeof r === "number" && r >= 1 && r <= self.scale && r % 1 === 0 ? r : null; };
    var width = this.items.length;
    var sheets = data.sheets.filter(Array.isArray).map(function (s) {
      var out = [];
      for (var i = 0; i < width; i += 1) { out.push(clean(s[i])); }
      return out;
    });
    return { name: typeof data.name === "string" ? data.name.slice(0, 120) : "",
             minimum: typeof data.minimum === "number" ? data.minimum : null, sheets: sheets,
             manager: Array.isArray(data.manager) ? data.manager.map(clean) : null };
  };

  Tool.prototype.save = function () {
    var blob = new Blob([JSON.stringify(this.data(), null, 1)], { type: "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = (this.kind + "-" + (this.name.value || "entries")).replace(/[^A-Za-z0-9_-]+/g, "-") + ".json";
    document.body.appendChild(link);
    link.click();
    link.remove();
    this.say("Entries saved to a file on this device.");
  };

  Tool.prototype.readFile = function (input, use) {
    var self = this;
    var file = input.files && input.files[0];
    if (!file) { return; }
    var reader = new FileReader();
    reader.onload = function () {
      var data = self.parse(String(reader.result));
      input.value = "";
      if (!data) { self.say("That file is not a saved file of this tool; nothing was loaded."); return; }
      use(data);
      self.render();
    };
    reader.readAsText(file);
  };

  Tool.prototype.load = function (data) {
    this.name.value = data.name;
    this.minimum.value = data.minimum === null ? "" : String(data.minimum);
    this.sheets = data.sheets;
    if (this.manager && data.manager) {
      var self = this;
      this.items.forEach(function (item, i) {
        self.manager.querySelector('select[data-key="' + item.key + '"]').value = data.manager[i] === null ? "" : String(data.manager[i]);
      });
    }
    this.say("Loaded " + data.sheets.length + " sheets from the file.");
  };

  Tool.prototype.setup = function () {
    var self = this;
    this.root.querySelector(".tg-results-add").addEventListener("click", function () { self.addSheet(); });
    Array.prototype.forEach.call(this.root.querySelectorAll("form"), function (form) {
      form.addEventListener("submit", function (event) { event.preventDefault(); });
    });
    [this.name, this.minimum].forEach(function (input) { input.addEventListener("input", function () { self.render(); }); });
    if (this.manager) { this.manager.addEventListener("change", function () { self.render(); }); }
    this.root.querySelector(".tg-results-print").addEventListener("click", function () { window.print(); });
    this.root.querySelector(".tg-results-save").addEventListener("click", function () { self.save(); });
    var load = this.root.querySelector(".tg-results-load");
    load.addEventListener("change", function () { self.readFile(load, function (data) { self.load(data); }); });
    var compare = this.root.querySelector(".tg-results-compare-file");
    compare.addEventListener("change", function () {
      self.readFile(compare, function (data) { self.earlier = data; self.say("Earlier cycle loaded: " + data.sheets.length + " sheets."); });
    });
    this.root.querySelector(".tg-results-clear").addEventListener("click", function () {
      self.sheets = [];
      self.earlier = null;
      self.say("All entries cleared.");
      self.render();
    });
    this.render();
  };

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".tg-results[data-tool]"), function (root) { new Tool(root).setup(); });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
