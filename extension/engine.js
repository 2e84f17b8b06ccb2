// The engine (Rust compiled to WebAssembly, through wasm-bindgen's glue) as the background
// uses it: loaded once, warmed up, and replaced if it ever traps. A trapped WebAssembly
// instance is dead: every later call would fail, so one bad page would stop Untick on every
// page until the browser restarted the background.
import initGlue, * as glue from "./wasm/untick.js";

/**
 * `source` is what the glue loads the module from: its URL, or its bytes.
 * Returns { ready(), call(name, ...args) }.
 */
export function createEngine(source) {
  let loading = null;
  let audited = false;

  function ready() {
    if (!loading) {
      loading = initGlue({ module_or_path: source }).then(() => {
        // Build the rules and compile the audit's code while the page loads, rather than
        // in the first audit. As a task of its own, after any audit already waiting: a
        // real audit does the same work, so warming up after one would only delay it.
        setTimeout(() => {
          if (!audited) glue.warm_up();
        }, 0);
      });
      loading.catch(() => {
        loading = null; // try again on the next request
      });
    }
    return loading;
  }

  /** Calls the engine's export `name`; waits for the engine to load first. */
  async function call(name, ...args) {
    await ready();
    if (name === "audit_snapshot") audited = true;
    try {
      return glue[name](...args);
    } catch (error) {
      // A trap (RuntimeError), or the stack running out (RangeError): start a fresh
      // instance from the compiled module for the next request. An error the engine
      // returns on purpose (a JavaScript Error) leaves the instance as it is.
      if (error instanceof WebAssembly.RuntimeError || error instanceof RangeError) {
        glue.__wbg_reset_state();
        throw new Error(`the engine stopped on this request and has restarted (${error.message})`);
      }
      throw error;
    }
  }

  return { ready, call };
}
