// The content script's line to the background: one long-lived port per page rather than a
// runtime.sendMessage per request, which sets up a new channel each time (measured: two to
// four times slower per request, in both browsers). Opened at document start on the known
// sites (wake.js), so its setup is done while the page loads. If the background stops
// (browsers stop an idle one), the port closes and the next request opens a new one, which
// starts the background again. Defines globalThis.untickChannel.
"use strict";

// Own properties only: an element with this id is a property of the window too.
if (!Object.hasOwn(globalThis, "untickChannel")) {
  const api = globalThis.browser ?? globalThis.chrome;
  // An answer later than this is taken as lost (an audit of a very large page takes seconds).
  const ANSWER_TIMEOUT_MS = 30_000;
  let port = null;
  let nextId = 0;
  const waiting = new Map(); // request id -> { resolve, reject, timer, port }

  // A request that got no answer because the line to the background broke: worth sending
  // again, unlike an answer the background gave (`{ ok: false }`).
  function lost(why) {
    const error = new Error(why);
    error.lost = true;
    return error;
  }

  function settle(id) {
    const request = waiting.get(id);
    if (request) {
      waiting.delete(id);
      clearTimeout(request.timer);
    }
    return request;
  }

  // Requests in flight on a port that is gone are lost with it; their callers may try again.
  function forget(gone, why) {
    if (port === gone) port = null;
    for (const [id, request] of [...waiting]) {
      if (request.port === gone) settle(id).reject(lost(why));
    }
  }

  function open() {
    const opened = api.runtime.connect({ name: "untick" });
    opened.onMessage.addListener((answer) => settle(answer?.id)?.resolve(answer.reply));
    opened.onDisconnect.addListener(() => forget(opened, "Untick's background stopped"));
    return opened;
  }

  // Back from the back/forward cache: Chrome closed the page's port when the page left,
  // without telling this side, and what is sent on it now goes nowhere (tests/e2e, "coming
  // back to a page"). Drop it, then tell the content script (onShownAgain), which reports
  // again. One listener, added at document start on the known sites, before the page's
  // own; only the browser's event counts, not one a page script makes.
  const shownAgainListeners = [];
  addEventListener("pageshow", (event) => {
    if (!event.isTrusted || !event.persisted) return;
    if (port) {
      const gone = port;
      forget(gone, "the page came back from the back/forward cache");
      try {
        gone.disconnect();
      } catch (_) {
        // Already closed.
      }
    }
    for (const listener of shownAgainListeners) listener();
  });

  function post(id, message) {
    port ??= open();
    waiting.get(id).port = port;
    port.postMessage({ id, message });
  }

  /** Sends `message` to the background; resolves with its `{ ok, ... }` answer. */
  function send(message) {
    return new Promise((resolve, reject) => {
      const id = nextId++;
      // Not "lost": the background is still at work on it, and asking again would only queue
      // the same work behind it (issue 16). The page's next change asks afresh.
      const timer = setTimeout(
        () => settle(id)?.reject(new Error("no answer from Untick's background in time")),
        ANSWER_TIMEOUT_MS,
      );
      waiting.set(id, { resolve, reject, timer, port: null });
      try {
        post(id, message);
      } catch (_) {
        // The port closed without telling us yet (Chrome closes the ports of a page put in
        // the back/forward cache): once more on a new one.
        port = null;
        try {
          post(id, message);
        } catch (error) {
          // The extension was reloaded or removed: this page's line is dead.
          settle(id)?.reject(lost(String(error?.message ?? error)));
        }
      }
    });
  }

  /** Calls `listener` whenever the page is shown again from the back/forward cache. */
  function onShownAgain(listener) {
    shownAgainListeners.push(listener);
  }

  globalThis.untickChannel = { send, onShownAgain };
}
