/* Trust Guide page behaviour: worksheet fill-in (kept in this browser only), print, clear, index filters, copying
   a page's reference.
   Nothing here sends anything anywhere: there is no network code in this file. */
(function () {
  "use strict";

  /* The page's words in its language: a JSON data block (#tg-strings) that a translated site writes into every
     page from its catalog (translations/LANG/LC_MESSAGES/messages.po: msgid -> msgstr); ${name} places are filled
     from `values`. The message itself where it has no translation (English). Every script calls it as _("..."),
     which Babel's javascript extractor finds. */
  var table = null;
  window.tgText = function (english, values) {
    if (table === null) {
      var data = document.getElementById("tg-strings");
      try { table = data ? JSON.parse(data.textContent) : {}; } catch (e) { table = {}; }
    }
    var text = Object.prototype.hasOwnProperty.call(table, english) ? table[english] : english;
    return text.replace(/\$\{([^}]+)\}/g, function (place, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : place;
    });
  };

  var _ = window.tgText;

  /* "Clear all" (worksheets, results tools; the planner's "Start again") asks first and can be undone: a slip of the thumb on a phone must not
     lose a session's entries. The question and the undo are in the page, beside the button, not a dialog box (the
     page's own words, read by a screen reader as the status they are). `clear()` empties and returns a function
     that puts everything back. Returns { dismiss }: the owner calls it at its next change, which ends the undo (an
     undo after new entries would lose them). */
  window.tgAskFirst = function (button, words, clear) {
    var panel = document.createElement("div");
    panel.className = "tg-confirm";
    panel.hidden = true;
    var text = document.createElement("p");
    text.className = "tg-confirm-text";
    text.setAttribute("role", "status");
    panel.appendChild(text);
    var actions = document.createElement("p");
    actions.className = "tg-confirm-actions";
    panel.appendChild(actions);
    var anchor = button.closest(".tg-worksheet-tools, .tg-results-tools, .tg-planner-tools") || button;
    anchor.parentNode.insertBefore(panel, anchor.nextSibling);
    var undo = null;

    function show(message, choices) {
      text.textContent = message;
      actions.textContent = "";
      choices.forEach(function (choice) {
        var b = document.createElement("button");
        b.type = "button";
        b.className = "md-button" + (choice.primary ? " md-button--primary" : "");
        b.textContent = choice.label;
        b.addEventListener("click", choice.run);
        actions.appendChild(b);
      });
      panel.hidden = false;
      var first = actions.querySelector("button");
      if (first) { first.focus(); }
    }

    function dismiss() {
      undo = null;
      panel.hidden = true;
      text.textContent = "";
      actions.textContent = "";
    }

    button.addEventListener("click", function () {
      show(words.question(), [
        { label: words.yes, primary: true, run: function () {
          undo = clear();
          show(words.done, [{ label: _("Undo"), run: function () {
            var put = undo;
            dismiss();
            if (put) { put(); }
            text.textContent = words.restored();
            panel.hidden = false;
            button.focus();
          } }]);
        } },
        { label: _("Cancel"), run: function () { dismiss(); button.focus(); } }
      ]);
    });
    return { dismiss: function () { if (!panel.hidden) { dismiss(); } } };
  };

  function storageKey(form) { return "trustguide:worksheet:" + form.dataset.worksheet; }

  /* An anonymous sheet (data-anonymous on its form, from the definition's `anonymous: true`) keeps what is typed in
     the page only: nothing is written to storage, so the next person on this device finds it empty. What an earlier
     version of this script kept for it is removed. */
  function anonymous(form) { return form.dataset.anonymous === "true"; }

  function readStore(form) {
    try { return JSON.parse(window.localStorage.getItem(storageKey(form)) || "{}"); } catch (e) { return {}; }
  }

  function writeStore(form, values) {
    try { window.localStorage.setItem(storageKey(form), JSON.stringify(values)); } catch (e) { /* storage off: fine */ }
  }

  function forget(form) {
    try { window.localStorage.removeItem(storageKey(form)); } catch (e) { /* nothing stored */ }
  }

  function fieldKey(el) { return el.type === "radio" || el.type === "checkbox" ? el.name + "=" + el.value + "#" + el.id : el.name; }

  /* What is typed in the form now, by field key. */
  function readFields(form) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name) { return; }
      values[fieldKey(el)] = el.type === "radio" || el.type === "checkbox" ? el.checked : el.value;
    });
    return values;
  }

  function setupWorksheet(form) {
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    if (anonymous(form)) { forget(form); return; }
    var saved = readStore(form);
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name) { return; }
      var key = fieldKey(el);
      if (!Object.prototype.hasOwnProperty.call(saved, key)) { return; }
      if (el.type === "radio" || el.type === "checkbox") { el.checked = saved[key] === true; } else { el.value = saved[key]; }
    });
    form.addEventListener("input", function () { writeStore(form, readFields(form)); });
  }

  /* On paper a text box shows only what fits in it, and a text area only the lines scrolled into view. Each one's
     value is copied into a block printed in its place (.tg-printed, trustguide.css), which grows with the text; an
     empty field prints its empty box to write in. */
  var TYPED = "input[type=text], textarea";

  function printedCopy(el) {
    var copy = el.nextElementSibling;
    if (!copy || !copy.classList.contains("tg-printed")) {
      copy = document.createElement("div");
      copy.className = "tg-printed";
      copy.setAttribute("aria-hidden", "true");
      if (el.rows) { copy.style.setProperty("--tg-lines", String(el.rows)); }
      el.insertAdjacentElement("afterend", copy);
    }
    copy.textContent = el.value;
    el.classList.toggle("tg-filled", el.value !== "");
  }

  function copyForPrint(form) { Array.prototype.forEach.call(form.querySelectorAll(TYPED), printedCopy); }

  function setupPrintedValues(form) {
    copyForPrint(form);
    form.addEventListener("input", function (event) {
      if (event.target.matches && event.target.matches(TYPED)) { printedCopy(event.target); }
    });
    window.addEventListener("beforeprint", function () { copyForPrint(form); });
  }

  /* A printed page names its address (.tg-print-source, overrides/main.html): the build wrote the canonical one
     where the guide has a published address; otherwise it is where this page was opened from. */
  function fillPrintAddress() {
    Array.prototype.forEach.call(document.querySelectorAll(".tg-print-address:not([data-canonical])"), function (el) {
      el.textContent = window.location.href;
    });
  }

  function setupTools(tools) {
    var form = document.querySelector("form.tg-worksheet");
    var print = tools.querySelector(".tg-print");
    var clear = tools.querySelector(".tg-clear");
    if (print) { print.addEventListener("click", function () { window.print(); }); }
    if (clear && form) {
      var asked = window.tgAskFirst(clear, {
        question: function () { return _("Clear every field of this worksheet?"); },
        yes: _("Yes, clear all fields"),
        done: _("All fields cleared."),
        restored: function () { return _("The fields are filled in again, as before."); }
      }, function () {
        var before = readFields(form);
        form.reset();
        Array.prototype.forEach.call(form.elements, function (el) {
          if (el.type === "text" || el.tagName === "TEXTAREA") { el.value = ""; }
          if (el.type === "radio" || el.type === "checkbox") { el.checked = false; }
        });
        forget(form);
        copyForPrint(form);
        return function () {
          Array.prototype.forEach.call(form.elements, function (el) {
            if (!el.name || !Object.prototype.hasOwnProperty.call(before, fieldKey(el))) { return; }
            if (el.type === "radio" || el.type === "checkbox") { el.checked = before[fieldKey(el)] === true; } else { el.value = before[fieldKey(el)]; }
          });
          if (!anonymous(form)) { writeStore(form, before); }
          copyForPrint(form);
        };
      });
      form.addEventListener("input", asked.dismiss);
    }
  }

  function setupFilters(filters) {
    var cards = document.querySelectorAll(".tg-card");
    var count = filters.querySelector(".tg-filter-count");
    function apply() {
      var audience = filters.elements.audience.value;
      var time = parseInt(filters.elements.time.value || "0", 10);
      var confidentiality = filters.elements.confidentiality.value;
      var shown = 0;
      Array.prototype.forEach.call(cards, function (card) {
        var ok = (!audience || card.dataset.audience.split(" ").indexOf(audience) >= 0) &&
          (!time || parseInt(card.dataset.minutes, 10) <= time) &&
          (!confidentiality || card.dataset.confidentiality === confidentiality);
        card.hidden = !ok;
        if (ok) { shown += 1; }
      });
      if (count) { count.textContent = _("${shown} of ${total} worksheets shown", { shown: shown, total: cards.length }); }
    }
    filters.addEventListener("change", apply);
    filters.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  }

  /* "Cite this page": the reference copied as plain text. The Clipboard API where the browser offers it (a page
     opened from disk too), else the selected text copied the older way; either way the status line says so. */
  function setupCopy(button) {
    var status = button.parentNode.querySelector(".tg-cite-status");
    function say(text) { if (status) { status.textContent = text; } }
    function fallback(text) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "tg-cite-scratch";
      document.body.appendChild(area);
      area.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      document.body.removeChild(area);
      say(done ? _("Reference copied") : _("Select the reference and copy it"));
    }
    button.addEventListener("click", function () {
      var text = button.getAttribute("data-tg-copy") || "";
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { say(_("Reference copied")); },
                                                 function () { fallback(text); });
      } else {
        fallback(text);
      }
    });
  }

  function init() {
    fillPrintAddress();
    window.addEventListener("beforeprint", fillPrintAddress);
    window.addEventListener("hashchange", fillPrintAddress);
    Array.prototype.forEach.call(document.querySelectorAll("form.tg-worksheet[data-worksheet]"), setupWorksheet);
    Array.prototype.forEach.call(document.querySelectorAll("form.tg-worksheet"), setupPrintedValues);
    Array.prototype.forEach.call(document.querySelectorAll(".tg-worksheet-tools"), setupTools);
    Array.prototype.forEach.call(document.querySelectorAll("form.tg-filters"), setupFilters);
    Array.prototype.forEach.call(document.querySelectorAll(".tg-cite-copy"), setupCopy);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
