/* Material for MkDocs' palette restore (partials/javascripts/palette.html), moved out of an inline <script> for the
   Content-Security-Policy. Loaded synchronously right after the palette form in the header, where Material had it,
   so the reader's saved colour scheme is applied while the page is still being parsed. Material 9.8.1's code.
   The build publishes it under a name with its content's hash (trustguide-pages `fingerprint` in mkdocs.yml),
   so browsers may cache it for a year.
   Adapted from Material for MkDocs 9.8.1, Copyright (c) 2016-2025 Martin Donath, MIT licence: see
   LICENSE-material.txt beside this file.
*/
(function () {
  "use strict";
  var palette = __md_get("__palette");
  if (!(palette && palette.color)) { return; }
  if (palette.color.media === "(prefers-color-scheme)") {
    var media = matchMedia("(prefers-color-scheme: light)");
    var input = document.querySelector(media.matches
      ? "[data-md-color-media='(prefers-color-scheme: light)']"
      : "[data-md-color-media='(prefers-color-scheme: dark)']");
    palette.color.media = input.getAttribute("data-md-color-media");
    palette.color.scheme = input.getAttribute("data-md-color-scheme");
    palette.color.primary = input.getAttribute("data-md-color-primary");
    palette.color.accent = input.getAttribute("data-md-color-accent");
  }
  Object.entries(palette.color).forEach(function (entry) {
    document.body.setAttribute("data-md-color-" + entry[0], entry[1]);
  });
})();
