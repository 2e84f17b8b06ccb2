// The engine (Rust compiled to WebAssembly, through wasm-bindgen's glue) as the background
// uses it: loaded once, warmed up on request, and replaced if it ever traps. A trapped
// WebAssembly instance is dead: every later call would fail, so one bad page would stop
// Untick on every page until the browser restarted the background.
//
// The glue holds one instance per JavaScript realm, so every engine made here shares it.
import initGlue, * as glue from "./wasm/untick.js";

// What a trap is called: WebAssembly.RuntimeError, or the stack running out (RangeError in
// Chromium and Node, InternalError "too much recursion" in Firefox).
const TRAPS = new Set(["RuntimeError", "RangeError", "InternalError"]);

/**
 * `source` is what the glue loads the module from: its URL, or its bytes.
 * Returns { ready(), warmUp(), call(name, ...args), audit(snapshot, url, fragment) }.
 */
export function createEngine(source) {
  let loading = null;
  let audited = false;
  let warming = false;

  function ready() {
    if (!loading) {
      loading = initGlue({ module_or_path: source }).then(() => {});
      loading.catch(() => {
        loading = null; // try again on the next request
      });
    }
    return loading;
  }

  function callNow(name, args) {
    try {
      return glue[name](...args);
    } catch (error) {
      // Start a fresh instance from the compiled module for the next request. An error
      // the engine returns on purpose (a JavaScript Error) leaves the instance as it is.
      if (error instanceof WebAssembly.RuntimeError || TRAPS.has(error?.name)) {
        glue.__wbg_reset_state();
        throw new Error(`the engine stopped on this request and has restarted (${error.message})`);
      }
      throw error;
    }
  }

  /** Calls the engine's export `name`; waits for the engine to load first. */
  async function call(name, ...args) {
    await ready();
    if (name === "audit_snapshot") audited = true;
    return callNow(name, args);
  }

  /**
   * Loads the engine and then, as a task of its own, has the browser compile the audit's
   * code (browsers compile WebAssembly functions on first call), so that a page's first
   * audit does not pay for it. Runs once; skipped if an audit has run, which does the
   * same work. The compiled code belongs to the module, so an instance started after a
   * trap needs no warming of its own.
   */
  async function warmUp() {
    await ready();
    if (warming) return;
    warming = true;
    setTimeout(() => {
      if (audited) return;
      try {
        callNow("warm_up", []);
      } catch (_) {
        // Reset already; the next request finds a fresh instance.
      }
    }, 0);
  }

  // Audits wait their turn smallest first, each in a task of its own, so that a page that
  // sends huge snapshots (or many) does not hold up the small ones of other tabs behind
  // it (issue 16); one that has waited MAX_WAIT_MS goes next, so that none waits for ever.
  // The engine bounds each audit's own time (src/engine: nodes, controls, statement text).
  const MAX_WAIT_MS = 2000;
  const waiting = [];
  let pumping = false;

  /**
   * Audits a snapshot in its turn: resolves to { report, waitedMs, auditMs }, or rejects as
   * `call` would.
   */
  function audit(snapshot, url, fragment) {
    return new Promise((resolve, reject) => {
      waiting.push({ args: [snapshot, url, fragment], size: snapshot.length, since: performance.now(), resolve, reject });
      if (!pumping) {
        pumping = true;
        setTimeout(auditNext, 0);
      }
    });
  }

  // The longest waiting of those late, else the smallest.
  function goesBefore(a, b, now) {
    const aLate = now - a.since >= MAX_WAIT_MS;
    const bLate = now - b.since >= MAX_WAIT_MS;
    if (aLate !== bLate) return aLate;
    return aLate ? a.since < b.since : a.size < b.size;
  }

  async function auditNext() {
    try {
      await ready();
    } catch (error) {
      for (const request of waiting.splice(0)) request.reject(error);
      pumping = false;
      return;
    }
    const now = performance.now();
    let next = 0;
    for (let i = 1; i < waiting.length; i++) if (goesBefore(waiting[i], waiting[next], now)) next = i;
    const [request] = waiting.splice(next, 1);
    audited = true;
    try {
      const began = performance.now();
      const report = callNow("audit_snapshot", request.args);
      // For benchmarks (scripts/bench-pages.mjs): the wait in the queue and the audit itself.
      request.resolve({ report, waitedMs: began - request.since, auditMs: performance.now() - began });
    } catch (error) {
      request.reject(error);
    }
    if (waiting.length > 0) setTimeout(auditNext, 0);
    else pumping = false;
  }

  return { ready, warmUp, call, audit };
}
