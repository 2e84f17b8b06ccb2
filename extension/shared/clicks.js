// Clicks on Untick's own buttons, even where the page stops them. A page can add a capture
// listener on window that stops every click (stopImmediatePropagation) before it reaches a
// warning's buttons inside their shadow root. Listeners on one target run in the order they
// were added, and this one is added at document start on the known sites, before any page
// script: it notes each click the person makes on a warning, and once the click has been
// through the page, tells the warning (shared/warning.js), which acts on it only if its
// own button did not hear it. Defines globalThis.untickClicks.
"use strict";

// Own properties only: an element with this id is a property of the window too.
if (!Object.hasOwn(globalThis, "untickClicks")) {
  const handlers = new WeakMap(); // warning host -> handler(event)
  addEventListener(
    "click",
    (event) => {
      // Only the person's clicks; at the window, one inside a closed shadow root is
      // retargeted to its host, the warning.
      if (!event.isTrusted) return;
      const handler = handlers.get(event.target);
      if (handler) setTimeout(() => handler(event), 0);
    },
    true,
  );
  globalThis.untickClicks = {
    /** `handler(event)` runs after each of the person's clicks on `host` has been dispatched. */
    register(host, handler) {
      handlers.set(host, handler);
    },
  };
}
