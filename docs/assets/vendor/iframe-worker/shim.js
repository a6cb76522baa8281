"use strict";
/*
 * iframe-worker (https://github.com/squidfunk/iframe-worker), MIT licence, Copyright (c) 2020 Martin Donath: see
 * LICENSE.txt. Vendored by Trust Guide, written out from the minified shim with one change: the frame that stands in
 * for a Web Worker on file:// loads its set-up from a file (inner.js) instead of an inline script, so that the
 * guide's Content-Security-Policy (script-src 'self', no 'unsafe-inline') holds when it is opened from disk too.
 */
(() => {
  const inner = new URL("inner.js", document.currentScript.src).href;

  class IFrameWorker extends EventTarget {
    constructor(url) {
      super();
      this.url = url;
      this.m = (event) => {
        if (event.source === this.w) {
          this.dispatchEvent(new MessageEvent("message", { data: event.data }));
          if (this.onmessage) this.onmessage(event);
        }
      };
      this.e = (message, filename, lineno, colno, error) => {
        if (filename === `${this.url}`) {
          const event = new ErrorEvent("error", { message, filename, lineno, colno, error });
          this.dispatchEvent(event);
          if (this.onerror) this.onerror(event);
        }
      };
      const frame = document.createElement("iframe");
      frame.hidden = true;
      document.body.appendChild(this.iframe = frame);
      this.w.document.open();
      this.w.document.write(`<html><body><script src="${inner}" data-worker="${url}"><\/script>` +
                            `<script src="${url}?${+Date.now()}"><\/script></body></html>`);
      this.w.document.close();
      onmessage = this.m;
      onerror = this.e;
      this.r = new Promise((resolve, reject) => {
        this.w.onload = resolve;
        this.w.onerror = reject;
      });
    }

    terminate() {
      this.iframe.remove();
      onmessage = onerror = null;
    }

    postMessage(data) {
      this.r.catch().then(() => {
        this.w.dispatchEvent(new MessageEvent("message", structuredClone({ data })));
      });
    }

    get w() {
      return this.iframe.contentWindow;
    }
  }

  window.IFrameWorker = IFrameWorker;
  if (location.protocol === "file:") window.Worker = IFrameWorker;
})();
