// The content script's line to the background: one long-lived port per page rather than a
// runtime.sendMessage per request, which sets up a new channel each time (measured: two to
// four times slower per request, in both browsers). Opened at document start on the known
// sites (wake.js), so its setup is done while the page loads. If the background stops
// (browsers stop an idle one), the port closes and the next request opens a new one, which
// starts the background again. Defines globalThis.untickChannel.
"use strict";

if (!globalThis.untickChannel) {
  const api = globalThis.browser ?? globalThis.chrome;
  let port = null;
  let nextId = 0;
  const waiting = new Map(); // request id -> { resolve, reject }

  function open() {
    const opened = api.runtime.connect({ name: "untick" });
    opened.onMessage.addListener((answer) => {
      const request = waiting.get(answer?.id);
      if (!request) return;
      waiting.delete(answer.id);
      request.resolve(answer.reply);
    });
    opened.onDisconnect.addListener(() => {
      if (port === opened) port = null;
      // Requests in flight are lost with the background; their callers try again later.
      for (const request of waiting.values()) request.reject(new Error("Untick's background stopped"));
      waiting.clear();
    });
    return opened;
  }

  /** Sends `message` to the background; resolves with its `{ ok, ... }` answer. */
  function send(message) {
    return new Promise((resolve, reject) => {
      try {
        port ??= open();
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        port.postMessage({ id, message });
      } catch (error) {
        port = null; // the extension was reloaded or removed: this page's line is dead
        reject(error);
      }
    });
  }

  globalThis.untickChannel = { send };
}
