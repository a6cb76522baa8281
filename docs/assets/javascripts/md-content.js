/* Material for MkDocs' content helpers (partials/javascripts/content.html), moved out of inline <script>s for the
   Content-Security-Policy. Loaded synchronously right after the content, where Material had them. Material 9.8.1's
   code: restore linked content tabs (only when the content.tabs.link feature is on, flagged by data-md-tabs-link)
   and open the tab a #fragment points at.
   The build publishes it under a name with its content's hash (trustguide-pages `fingerprint` in mkdocs.yml),
   so browsers may cache it for a year.
   Adapted from Material for MkDocs 9.8.1, Copyright (c) 2016-2025 Martin Donath, MIT licence: see
   LICENSE-material.txt beside this file.
*/
(function (script) {
  "use strict";
  if (script.hasAttribute("data-md-tabs-link")) {
    var tabs = __md_get("__tabs");
    if (Array.isArray(tabs)) {
      document.querySelectorAll(".tabbed-set").forEach(function (set) {
        var labels = set.querySelector(".tabbed-labels");
        for (var t = 0; t < tabs.length; t++) {
          var found = Array.prototype.find.call(labels.getElementsByTagName("label"), function (label) {
            return label.innerText.trim() === tabs[t];
          });
          if (found) { document.getElementById(found.htmlFor).checked = true; return; }
        }
      });
    }
  }
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) { target.checked = target.name.startsWith("__tabbed_"); }
})(document.currentScript);
