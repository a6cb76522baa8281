/* Material for MkDocs' start-up helpers, moved out of an inline <script> (partials/javascripts/base.html) so the
   site runs under a Content-Security-Policy without 'unsafe-inline' (deploy/nginx.conf). The code is Material 9.8.1's,
   unchanged, except that the scope (the site's root, sub-path included) comes from this script tag's data-md-scope
   attribute instead of being written into the script by the template. Loaded synchronously in <head>, before
   Material's bundle, which reads these globals.
   The build publishes it under a name with its content's hash (trustguide-pages `fingerprint` in mkdocs.yml),
   so browsers may cache it for a year.
   Adapted from Material for MkDocs 9.8.1, Copyright (c) 2016-2025 Martin Donath, MIT licence: see
   LICENSE-material.txt beside this file.
*/
(function (script) {
  "use strict";
  window.__md_scope = new URL(script.getAttribute("data-md-scope") || ".", location);
  window.__md_hash = (e) => [...e].reduce((h, c) => (h << 5) - h + c.charCodeAt(0), 0);
  window.__md_get = (key, storage = localStorage, scope = window.__md_scope) => JSON.parse(storage.getItem(scope.pathname + "." + key));
  window.__md_set = (key, value, storage = localStorage, scope = window.__md_scope) => {
    try { storage.setItem(scope.pathname + "." + key, JSON.stringify(value)); } catch (e) { /* storage off or full */ }
  };
})(document.currentScript);
