"use strict";
/*
 * iframe-worker (https://github.com/squidfunk/iframe-worker), MIT licence, Copyright (c) 2020 Martin Donath: see
 * LICENSE.txt. The set-up the shim (shim.js) once wrote inline into the frame that stands in for a Web Worker:
 * postMessage and importScripts as a worker has them, and the worker's errors passed on to the page.
 */
(() => {
  const worker = document.currentScript.dataset.worker;
  // Material's search worker finds its own address as the frame's first script[src]: that must be the worker's.
  document.currentScript.remove();
  window.postMessage = (message, origin) => parent.postMessage(message, origin || "*");
  window.importScripts = (...urls) => urls.reduce((done, url) => done.then(() => new Promise((resolve) => {
    const script = document.createElement("script");
    script.src = url;
    script.onload = resolve;
    document.body.appendChild(script);
  })), Promise.resolve());
  addEventListener("error", ({ error }) => {
    parent.dispatchEvent(new ErrorEvent("error", { filename: worker, error }));
  });
})();
