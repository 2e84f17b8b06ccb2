// A small Chrome DevTools Protocol client over --remote-debugging-pipe: the browser reads
// commands on its fd 3 and writes replies and events on its fd 4, each a JSON message ended
// by a NUL byte. Only a pipe client may use the Extensions domain (with
// --enable-unsafe-extension-debugging), which is what can press the toolbar button.

export class CdpPipe {
  #toBrowser;
  #pending = new Map();
  #listeners = new Set();
  #nextId = 1;
  #buffered = Buffer.alloc(0);
  #closed = null;

  /** `child` was spawned with stdio[3] and stdio[4] as 'pipe'. */
  constructor(child) {
    this.#toBrowser = child.stdio[3];
    this.#toBrowser.on('error', () => {}); // the browser may go away mid-write
    const fromBrowser = child.stdio[4];
    fromBrowser.on('data', (chunk) => this.#receive(chunk));
    fromBrowser.on('close', () => this.#fail(new Error('the browser closed its DevTools pipe')));
    fromBrowser.on('error', (e) => this.#fail(e));
  }

  #receive(chunk) {
    this.#buffered = Buffer.concat([this.#buffered, chunk]);
    for (let end; (end = this.#buffered.indexOf(0)) >= 0; ) {
      const text = this.#buffered.subarray(0, end).toString('utf8');
      this.#buffered = this.#buffered.subarray(end + 1);
      let message;
      try {
        message = JSON.parse(text);
      } catch {
        // A garbled pipe fails the commands waiting on it, not the whole test run.
        this.#fail(new Error(`the browser sent a DevTools message that is not JSON: ${text.slice(0, 200)}`));
        return;
      }
      const waiting = message.id !== undefined && this.#pending.get(message.id);
      if (waiting) {
        this.#pending.delete(message.id);
        if (message.error) waiting.fail(new Error(`CDP ${waiting.method} failed: ${message.error.message}`));
        else waiting.ok(message.result);
      } else if (message.method) {
        for (const listener of this.#listeners) listener(message);
      }
    }
  }

  #fail(error) {
    this.#closed ??= error;
    for (const { fail } of this.#pending.values()) fail(error);
    this.#pending.clear();
  }

  /** Sends a command (to a target's session when `sessionId` is given) and awaits its result. */
  send(method, params = {}, sessionId = undefined) {
    if (this.#closed) return Promise.reject(this.#closed);
    const id = this.#nextId++;
    return new Promise((ok, fail) => {
      this.#pending.set(id, { ok, fail, method });
      this.#toBrowser.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
    });
  }

  /** Calls `listener(message)` for every event; returns a function that stops it. */
  onEvent(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
