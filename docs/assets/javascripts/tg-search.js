/* Trust Guide: Material's search worker, started through the guide's own worker (workers/tg-search-worker.*.js),
   which adds general rules to Material's search: words that the index does not hold are searched again with
   room for a typing mistake, and stop words are not searched as word beginnings. Loaded synchronously in <head>,
   after the polyfills (the iframe-worker shim of the offline bundle) and before Material's bundle, which creates
   the worker. Nothing leaves the browser: the worker reads only the site's own files.
   The build publishes it under a name with its content's hash (trustguide-pages `fingerprint` in mkdocs.yml),
   so browsers may cache it for a year. */
(function (script) {
  "use strict";
  // Material searches when a key is released in the box; words that arrive without one (an input method for
  // Chinese, a Greek or Cyrillic character inserted, a word pasted or dictated) left the box at "Type to start
  // searching", with no result and no "no results". Each finished input is announced as a key release too.
  document.addEventListener("input", function (event) {
    var box = event.target;
    if (event.isComposing || !box || !box.classList || !box.classList.contains("md-search__input")) return;
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }, true);
  var Base = window.Worker;
  var own = script.getAttribute("data-tg-worker");
  if (typeof Base !== "function" || !own) return;
  var material = /\/workers\/search\.[0-9a-f]+\.min\.js$/;
  window.Worker = class extends Base {
    constructor(url, options) {
      var address = new URL(String(url), location.href);
      if (material.test(address.pathname)) {
        // The guide's worker finds Material's worker from the fragment of its own address.
        super(new URL(own, location.href).href + "#" + encodeURIComponent(address.href), options);
      } else {
        super(url, options);
      }
    }
  };
})(document.currentScript);
