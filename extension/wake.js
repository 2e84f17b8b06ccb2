// Runs at document start on the known sites: opens the line to the background
// (shared/channel.js) and wakes it, so that the engine is compiled while the page loads,
// not after. The audit itself waits for document idle.
"use strict";
globalThis.untickChannel.send({ kind: "warm" }).catch(() => {});
