// Runs at document start on the known sites: opens the line to the background
// (shared/channel.js) and wakes it, so that the engine is compiled while the page loads,
// not after (if the background's webRequest listener has not already). The audit itself
// (content.js, loaded with this) waits until the page's DOMContentLoaded work is done.
"use strict";
globalThis.untickChannel.send({ kind: "warm" }).catch(() => {});

// Where warnings go (in the page, or badge and popup only), read now so that the first
// warnings need not wait for storage once the page is parsed (from a Firefox content
// script a read takes several milliseconds). content.js takes it; a change made meanwhile replaces it.
{
  const api = globalThis.browser ?? globalThis.chrome;
  globalThis.untickEarlySettings = api.storage.local.get(["mode", "offSites", "notSettings"]);
  api.storage.onChanged.addListener((changes, area) => {
    if (area === "local" && (changes.mode || changes.offSites || changes.notSettings)) {
      globalThis.untickEarlySettings = api.storage.local.get(["mode", "offSites", "notSettings"]);
    }
  });
}
