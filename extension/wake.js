// Runs at document start on the known sites: wakes the background so that the engine is
// compiled while the page loads, not after. The audit itself waits for document idle.
"use strict";
(globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ kind: "warm" }).catch(() => {});
