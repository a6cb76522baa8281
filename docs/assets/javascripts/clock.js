/* Trust Guide clock times, shared by session-plan pages and the planner: HH:MM arithmetic on a 24-hour clock. */
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  window.TrustGuideClock = {
    parse: function (value) {
      var match = /^([01]?\d|2[0-3]):([0-5]\d)/.exec(value || "");
      return match ? parseInt(match[1], 10) * 60 + parseInt(match[2], 10) : null;
    },
    format: function (minutes) {
      var day = 24 * 60;
      minutes = ((minutes % day) + day) % day;
      return pad(Math.floor(minutes / 60)) + ":" + pad(minutes % 60);
    }
  };
})();
