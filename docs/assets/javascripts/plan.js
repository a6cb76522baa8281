/* Session-plan pages: a start-time field recomputes every clock time in the agenda. Nothing leaves the browser.
   A start time can also come from the address (?start=13:30 or #start=13:30), so a link can carry it. */
(function () {
  "use strict";
  var clock = window.TrustGuideClock;

  function startFromAddress() {
    var match = /[?#&]start=([0-9]{1,2}:[0-9]{2})/.exec(window.location.search + window.location.hash);
    return match && clock.parse(match[1]) !== null ? match[1] : null;
  }

  function update(input) {
    var start = clock.parse(input.value);
    if (start === null) { return; }
    document.querySelectorAll(".tg-plan .tg-clock").forEach(function (cell) {
      var offset = parseInt(cell.dataset.offset, 10);
      var minutes = parseInt(cell.dataset.minutes, 10);
      cell.querySelector(".tg-from").textContent = clock.format(start + offset);
      cell.querySelector(".tg-to").textContent = clock.format(start + offset + minutes);
    });
    document.querySelectorAll("a.tg-open-planner").forEach(function (link) {  /* the planner opens at this start */
      var at = link.href.indexOf("#");
      if (at < 0) { return; }
      var params = new URLSearchParams(link.href.slice(at + 1));
      params.set("s", clock.format(start));
      link.href = link.href.slice(0, at) + "#" + params.toString();
    });
    document.querySelectorAll(".tg-plan-start-echo").forEach(function (echo) { echo.textContent = clock.format(start); });
    var from = document.querySelector(".tg-plan-from");
    var to = document.querySelector(".tg-plan-to");
    var table = document.querySelector(".tg-plan .tg-agenda");
    if (from && to && table) {
      from.textContent = clock.format(start);
      to.textContent = clock.format(start + parseInt(table.dataset.duration, 10));
    }
  }

  function setup() {
    var input = document.querySelector(".tg-start-time");
    if (!input) { return; }
    var given = startFromAddress();
    if (given) { input.value = given.length === 4 ? "0" + given : given; }
    input.addEventListener("input", function () { update(input); });
    input.addEventListener("change", function () { update(input); });
    update(input);
    var print = document.querySelector(".tg-plan-tools .tg-print");
    if (print) { print.addEventListener("click", function () { window.print(); }); }
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setup); } else { setup(); }
})();
