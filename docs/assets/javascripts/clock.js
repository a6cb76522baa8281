/* Trust Guide clock times, shared by session-plan pages and the planner: HH:MM arithmetic on a 24-hour clock.
   A time past midnight says which day it falls on ("01:30 next day"), so a long plan never shows a time that looks
   earlier than its start. */
(function () {
  "use strict";
  var DAY = 24 * 60;
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  /* The page's words (trustguide.js); the message itself where that script is not loaded. */
  function _(message, values) {
    if (typeof window.tgText === "function") { return window.tgText(message, values); }
    return message.replace(/\$\{([^}]+)\}/g, function (place, name) { return String(values[name]); });
  }
  window.TrustGuideClock = {
    parse: function (value) {
      var match = /^([01]?\d|2[0-3]):([0-5]\d)/.exec(value || "");
      return match ? parseInt(match[1], 10) * 60 + parseInt(match[2], 10) : null;
    },
    /* HH:MM of a number of minutes after midnight of the first day; later days are named. */
    format: function (minutes) {
      var days = Math.floor(minutes / DAY);
      var inDay = minutes - days * DAY;
      var time = pad(Math.floor(inDay / 60)) + ":" + pad(inDay % 60);
      if (days <= 0) { return time; }
      return days === 1 ? _("${time} next day", { time: time }) : _("${time} on day ${day}", { time: time, day: days + 1 });
    }
  };
})();
