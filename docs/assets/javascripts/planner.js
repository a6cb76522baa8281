/* The session planner. The plan lives in the page address (#...), so it can be bookmarked or sent as a link, and
   works from file:// and offline. Text is only ever set with textContent: a name typed here is never markup.
   Nothing here sends anything anywhere: there is no network code in this file. */
(function () {
  "use strict";
  /* The page's words: msgid -> its translation in the page's catalog (trustguide.js); Babel extracts _("..."). */
  var _ = function (message, values) { return window.tgText(message, values); };
  var clock = window.TrustGuideClock;
  var MAX_MINUTES = 480;
  /* Limits for what a link may carry, the same as for what is typed: a session of 100 steps is far beyond any real
     one (the guide's longest meeting has 12), and a text step or name is cut where the input field stops typing. */
  var MAX_STEPS = 100;
  var MAX_TEXT = 120;
  var has = function (object, key) { return Object.prototype.hasOwnProperty.call(object, key); };

  function minutesOf(value, fallback) {
    var n = parseInt(value, 10);
    if (isNaN(n)) { return fallback; }
    return Math.max(1, Math.min(MAX_MINUTES, n));
  }

  function Planner(root) {
    this.root = root;
    var data = root.querySelector("#tg-planner-catalogue");
    /* No prototype, and looked up with has(): an id from a link such as "__proto__" or "constructor" is unknown. */
    this.catalogue = Object.create(null);
    var self = this;
    JSON.parse(data.textContent).forEach(function (activity) { self.catalogue[activity.id] = activity; });
    this.title = root.querySelector("#tg-planner-title");
    this.start = root.querySelector("#tg-planner-start");
    this.length = root.querySelector("#tg-planner-length");
    this.pick = root.querySelector("#tg-planner-pick");
    this.custom = root.querySelector("#tg-planner-custom");
    this.customMinutes = root.querySelector("#tg-planner-custom-minutes");
    this.rows = root.querySelector("#tg-planner-rows");
    this.total = root.querySelector("#tg-planner-total");
    this.link = root.querySelector("#tg-planner-link");
    this.sheetName = root.querySelector(".tg-planner-sheet-name");
    this.message = root.querySelector("#tg-planner-message");
    this.items = [];
    this.asked = null;
  }

  /* The activity with this id, or null: only the catalogue's own entries count. */
  Planner.prototype.activity = function (id) {
    return typeof id === "string" && has(this.catalogue, id) ? this.catalogue[id] : null;
  };

  /* A message about the plan (what a link held that was left out, a step refused); empty hides it. */
  Planner.prototype.say = function (text) {
    if (!this.message) { return; }
    this.message.textContent = text;
    this.message.hidden = !text;
  };

  /* The address holds: t (session name), s (start), l (length), and one a per item: "<minutes>*<activity id>" or
     "<minutes>*~<your own text>". */
  Planner.prototype.encode = function () {
    var params = new URLSearchParams();
    if (this.title.value) { params.set("t", this.title.value); }
    params.set("s", this.start.value || "09:00");
    params.set("l", String(minutesOf(this.length.value, 90)));
    this.items.forEach(function (item) {
      params.append("a", item.minutes + "*" + (item.id ? item.id : "~" + item.text));
    });
    return params.toString();
  };

  /* A plan from an address. It may come from anyone: unknown or unreadable steps are left out, at most MAX_STEPS are
     kept, texts are cut to what the fields take, and the page says what was changed. */
  Planner.prototype.decode = function (hash) {
    var params = new URLSearchParams(hash.replace(/^#/, ""));
    var title = params.get("t") || "";
    this.title.value = title.slice(0, MAX_TEXT);
    var start = params.get("s");
    if (start && clock.parse(start) !== null) { this.start.value = start.length === 4 ? "0" + start : start; }
    if (params.get("l")) { this.length.value = String(minutesOf(params.get("l"), 90)); }
    this.items = [];
    var steps = params.getAll("a");
    var unknown = [], dropped = 0, cut = title.length > MAX_TEXT ? 1 : 0;
    for (var i = 0; i < steps.length && this.items.length < MAX_STEPS; i += 1) {
      var value = steps[i];
      var star = value.indexOf("*");
      var rest = star < 1 ? "" : value.slice(star + 1);
      var minutes = minutesOf(value.slice(0, star), 10);
      if (rest.charAt(0) === "~" && rest.length > 1) {
        if (rest.length - 1 > MAX_TEXT) { cut += 1; }
        this.items.push({ id: "", text: rest.slice(1, MAX_TEXT + 1), minutes: minutes });
      } else if (rest && rest.charAt(0) !== "~" && this.activity(rest)) {
        this.items.push({ id: rest, text: "", minutes: minutes });
      } else {
        dropped += 1;
        if (rest && rest.charAt(0) !== "~") { unknown.push(rest.length > 40 ? rest.slice(0, 40) + "…" : rest); }
      }
    }
    var notes = [];
    if (i < steps.length) {
      notes.push(_("The link holds ${given} steps; the planner keeps at most ${max}, so the first ${kept} were kept.",
                               { given: steps.length, max: MAX_STEPS, kept: this.items.length }));
    }
    if (dropped) {
      notes.push((dropped === 1 ? _("1 step of the link was left out: it is not an activity of this guide's library.") :
                   _("${n} steps of the link were left out: they are not activities of this guide's library.", { n: dropped })) +
                 (unknown.length ? " " + _("Unknown: ${ids}.", { ids: unknown.slice(0, 3).join(", ") + (unknown.length > 3 ? ", …" : "") }) : ""));
    }
    if (cut) {
      notes.push(_("Texts longer than ${max} characters were cut to ${max}, as when typed.", { max: MAX_TEXT }));
    }
    this.say(notes.join(" "));
  };

  Planner.prototype.save = function () {
    var hash = "#" + this.encode();
    if (window.location.hash !== hash) {
      try { window.history.replaceState(null, "", hash); } catch (e) { window.location.replace(hash); }
    }
    this.link.value = window.location.href;
  };

  Planner.prototype.button = function (label, text, onClick) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button tg-planner-small";
    button.textContent = text;
    button.setAttribute("aria-label", label);
    button.addEventListener("click", onClick);
    return button;
  };

  /* What the facilitator needs in the room, on screen and on the printed run sheet: what each side does, the
     worksheet, what to watch for. */
  Planner.prototype.details = function (cell, activity) {
    function line(label, text, className) {
      if (!text) { return null; }
      var p = document.createElement("p");
      p.className = "tg-planner-detail" + (className ? " " + className : "");
      var strong = document.createElement("strong");
      strong.textContent = label + ": ";
      p.appendChild(strong);
      p.appendChild(document.createTextNode(text));
      cell.appendChild(p);
      return p;
    }
    line(_("What it is for"), activity.purpose);
    line(_("Facilitator"), activity.facilitator);
    line(_("Participants"), activity.participants);
    line(_("Watch for"), activity.watch, "tg-watch");
    if (activity.worksheet) {
      var uses = line(_("Worksheet"), " ");
      var link = document.createElement("a");
      link.href = activity.worksheet.href;
      link.textContent = activity.worksheet.title;
      uses.replaceChild(link, uses.lastChild);
    }
  };

  Planner.prototype.render = function (focus) {
    var self = this;
    this.rows.textContent = "";
    this.items.forEach(function (item, index) {
      var activity = item.id ? self.activity(item.id) : null;
      var name = activity ? activity.title : item.text;
      var row = document.createElement("tr");
      var time = document.createElement("td");
      time.className = "tg-clock";
      var what = document.createElement("th");
      what.scope = "row";
      if (activity) {
        var link = document.createElement("a");
        link.href = activity.href;
        link.textContent = name;
        what.appendChild(link);
        var group = document.createElement("span");
        group.className = "tg-step-minutes";
        group.textContent = activity.group;
        what.appendChild(group);
        self.details(what, activity);
      } else {
        what.textContent = name;
      }
      var minutesCell = document.createElement("td");
      var minutes = document.createElement("input");
      minutes.type = "number";
      minutes.min = "1";
      minutes.max = String(MAX_MINUTES);
      minutes.value = String(item.minutes);
      minutes.className = "tg-planner-minutes";
      minutes.setAttribute("aria-label", _("Minutes for ${name}", { name: name }));
      minutes.addEventListener("change", function () {
        self.changed();
        item.minutes = minutesOf(minutes.value, item.minutes);
        minutes.value = String(item.minutes);
        self.save();
        self.refresh();
      });
      minutesCell.appendChild(minutes);
      var actions = document.createElement("td");
      actions.className = "tg-planner-actions";
      actions.appendChild(self.button(_("Move ${name} up", { name: name }), _("Up"), function () { self.move(index, -1); }));
      actions.appendChild(self.button(_("Move ${name} down", { name: name }), _("Down"), function () { self.move(index, 1); }));
      actions.appendChild(self.button(_("Remove ${name}", { name: name }), _("Remove"), function () { self.remove(index); }));
      row.appendChild(time);
      row.appendChild(what);
      row.appendChild(minutesCell);
      row.appendChild(actions);
      row.dataset.index = String(index);
      self.rows.appendChild(row);
    });
    this.refresh();
    if (focus) { this.restoreFocus(focus); }
  };

  /* Clock times, total and name follow the current values without rebuilding rows (focus stays where it is). */
  Planner.prototype.refresh = function () {
    var start = clock.parse(this.start.value);
    if (start === null) { start = 9 * 60; }
    var offset = 0;
    var cells = this.rows.querySelectorAll(".tg-clock");
    this.items.forEach(function (item, index) {
      if (cells[index]) {
        cells[index].textContent = clock.format(start + offset) + "–" + clock.format(start + offset + item.minutes);
      }
      offset += item.minutes;
    });
    this.renderTotal(start, offset);
    this.sheetName.textContent = this.title.value ? ": " + this.title.value : "";
  };

  Planner.prototype.renderTotal = function (start, used) {
    var length = minutesOf(this.length.value, 90);
    var text;
    this.total.classList.remove("tg-over");
    if (!this.items.length) {
      text = _("No activities yet. Session length ${length} minutes.", { length: length });
    } else {
      text = _("Total ${used} of ${length} minutes, ${from}–${to}. ",
                            { used: used, length: length, from: clock.format(start), to: clock.format(start + used) });
      if (used > length) {
        text += _("Over by ${over} minutes.", { over: used - length });
        this.total.classList.add("tg-over");
      } else if (used < length) {
        text += _("${left} minutes left.", { left: length - used });
      } else {
        text += _("Exactly on time.");
      }
    }
    this.total.textContent = text;
  };

  Planner.prototype.restoreFocus = function (focus) {
    var parts = focus.split("-");
    var row = this.rows.querySelector('tr[data-index="' + parts[1] + '"]');
    if (!row) { this.pick.focus(); return; }
    var target = row.querySelectorAll("button")[parts[0] === "up" ? 0 : parts[0] === "down" ? 1 : 2];
    if (target) { target.focus(); }
  };

  Planner.prototype.update = function (focus) {
    this.save();
    this.render(focus);
  };

  /* Any change to the plan ends the undo of "Start again" (it would lose the change). */
  Planner.prototype.changed = function () { if (this.asked) { this.asked.dismiss(); } };

  Planner.prototype.add = function (item) {
    this.changed();
    if (this.items.length >= MAX_STEPS) {
      this.say(_("The plan has ${max} steps, the most the planner keeps; remove a step to add another.", { max: MAX_STEPS }));
      return false;
    }
    this.say("");
    this.items.push(item);
    this.update();
    return true;
  };

  Planner.prototype.move = function (index, step) {
    var target = index + step;
    if (target < 0 || target >= this.items.length) { return; }
    this.changed();
    var item = this.items.splice(index, 1)[0];
    this.items.splice(target, 0, item);
    this.update((step < 0 ? "up-" : "down-") + target);
  };

  Planner.prototype.remove = function (index) {
    this.changed();
    this.items.splice(index, 1);
    this.update("remove-" + Math.min(index, this.items.length - 1));
  };

  Planner.prototype.setup = function () {
    var self = this;
    this.decode(window.location.hash);
    this.root.querySelector(".tg-planner-library").addEventListener("submit", function (event) {
      event.preventDefault();
      var activity = self.activity(self.pick.value);
      if (activity) { self.add({ id: activity.id, text: "", minutes: activity.minutes }); }
    });
    this.root.querySelector("#tg-planner-add-custom").addEventListener("click", function () {
      var text = self.custom.value.trim();
      if (!text) { self.custom.focus(); return; }
      if (self.add({ id: "", text: text.slice(0, MAX_TEXT), minutes: minutesOf(self.customMinutes.value, 10) })) {
        self.custom.value = "";
      }
    });
    this.root.querySelector(".tg-planner-settings").addEventListener("submit", function (event) { event.preventDefault(); });
    [this.title, this.start, this.length].forEach(function (input) {
      input.addEventListener("input", function () { self.changed(); self.save(); self.refresh(); });
    });
    this.root.querySelector(".tg-planner-print").addEventListener("click", function () { window.print(); });
    /* "Start again" asks first and can be undone (trustguide.js): the plan lives only in the address it empties. */
    this.asked = window.tgAskFirst(this.root.querySelector(".tg-planner-clear"), {
      question: function () { return _("Start again with an empty plan? Its steps and name are removed."); },
      yes: _("Yes, start again"),
      done: _("The plan is empty."),
      restored: function () { return _("The plan is back as it was."); }
    }, function () {
      var before = { items: self.items, title: self.title.value };
      self.items = [];
      self.title.value = "";
      self.say("");
      self.update();
      return function () {
        self.items = before.items;
        self.title.value = before.title;
        self.update();
      };
    });
    window.addEventListener("hashchange", function () {
      if (window.location.hash !== "#" + self.encode()) { self.decode(window.location.hash); self.render(); }
    });
    this.save();
    this.render();
  };

  function init() {
    var root = document.querySelector(".tg-planner");
    if (root) { new Planner(root).setup(); }
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
