// A small W3C WebDriver client over HTTP (Node's fetch), enough for these tests.

export const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
export const SHADOW = 'shadow-6066-11e4-a52e-4f735466cecf';

export const Keys = { control: '\uE009', enter: '\uE007', tab: '\uE004', space: '\uE00D' };

export class WebDriverError extends Error {
  constructor(method, path, status, value) {
    super(`WebDriver ${method} ${path} failed (${status}): ${value?.error ?? ''} ${value?.message ?? JSON.stringify(value)}`);
    this.code = value?.error;
  }
}

export class Session {
  constructor(base, id, capabilities) {
    this.base = base;
    this.id = id;
    this.capabilities = capabilities;
  }

  static async create(base, capabilities) {
    const value = await request(base, 'POST', '/session', { capabilities });
    return new Session(base, value.sessionId, value.capabilities);
  }

  cmd(method, path, body) {
    return request(this.base, method, `/session/${this.id}${path}`, body);
  }

  delete() {
    return request(this.base, 'DELETE', `/session/${this.id}`);
  }

  navigate(url) {
    return this.cmd('POST', '/url', { url });
  }

  url() {
    return this.cmd('GET', '/url');
  }

  /** Runs `body` as a function body in the page; `arguments` holds args. */
  execute(body, ...args) {
    return this.cmd('POST', '/execute/sync', { script: body, args });
  }

  /** Runs an async function body; its returned promise's value comes back. */
  executeAsync(body, ...args) {
    const script = `const done = arguments[arguments.length - 1];
      (async (...args) => { ${body} })(...Array.prototype.slice.call(arguments, 0, -1))
        .then((v) => done({ ok: v }), (e) => done({ err: String(e && e.stack || e) }));`;
    return this.cmd('POST', '/execute/async', { script, args }).then((r) => {
      if (r && 'err' in r) throw new Error(`script failed in page: ${r.err}`);
      return r?.ok;
    });
  }

  find(css) {
    return this.cmd('POST', '/element', { using: 'css selector', value: css });
  }

  findAll(css) {
    return this.cmd('POST', '/elements', { using: 'css selector', value: css });
  }

  /** Elements under `el` found by XPath (e.g. a button by its visible text). */
  findAllUnderByXPath(el, xpath) {
    return this.cmd('POST', `/element/${el[ELEMENT]}/elements`, { using: 'xpath', value: xpath });
  }

  click(el) {
    return this.cmd('POST', `/element/${el[ELEMENT]}/click`, {});
  }

  /**
   * A left click at the centre of `el` as input actions. Element Click refuses some of the
   * browser's own controls (custom elements in Firefox's window); a pointer click does not.
   */
  async pointerClick(el) {
    const actions = [
      { type: 'pointerMove', origin: el, x: 0, y: 0 },
      { type: 'pointerDown', button: 0 },
      { type: 'pointerUp', button: 0 },
    ];
    await this.cmd('POST', '/actions', { actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions }] });
    await this.cmd('DELETE', '/actions');
  }

  /** Types into a form field with trusted key events. */
  type(el, text) {
    return this.cmd('POST', `/element/${el[ELEMENT]}/value`, { text });
  }

  clear(el) {
    return this.cmd('POST', `/element/${el[ELEMENT]}/clear`, {});
  }

  text(el) {
    return this.cmd('GET', `/element/${el[ELEMENT]}/text`);
  }

  attribute(el, name) {
    return this.cmd('GET', `/element/${el[ELEMENT]}/attribute/${encodeURIComponent(name)}`);
  }

  /** The element's shadow root (open or closed, as the driver allows). */
  shadowRoot(el) {
    return this.cmd('GET', `/element/${el[ELEMENT]}/shadow`);
  }

  findAllInShadow(shadow, css) {
    return this.cmd('POST', `/shadow/${shadow[SHADOW]}/elements`, { using: 'css selector', value: css });
  }

  findInShadow(shadow, css) {
    return this.cmd('POST', `/shadow/${shadow[SHADOW]}/element`, { using: 'css selector', value: css });
  }

  windowHandles() {
    return this.cmd('GET', '/window/handles');
  }

  windowHandle() {
    return this.cmd('GET', '/window');
  }

  switchToWindow(handle) {
    return this.cmd('POST', '/window', { handle });
  }

  newTab() {
    return this.cmd('POST', '/window/new', { type: 'tab' }).then((v) => v.handle);
  }

  closeWindow() {
    return this.cmd('DELETE', '/window');
  }

  /** Presses a chord (e.g. Control+v) as trusted key events. */
  async keyChord(...keys) {
    const actions = [
      ...keys.map((value) => ({ type: 'keyDown', value })),
      ...keys.slice().reverse().map((value) => ({ type: 'keyUp', value })),
    ];
    await this.cmd('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
    await this.cmd('DELETE', '/actions');
  }
}

async function request(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new WebDriverError(method, path, res.status, { error: 'bad response', message: text.slice(0, 300) });
  }
  if (!res.ok || (json.value && json.value.error)) throw new WebDriverError(method, path, res.status, json.value);
  return json.value;
}

/** Polls `probe` until it returns a truthy value; throws `message` (with the last value) on timeout. */
export async function waitFor(probe, { timeout = 5000, interval = 100, message = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  let lastError;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > end) {
      const detail = lastError ? `; last error: ${lastError.message}` : `; last value: ${JSON.stringify(last)}`;
      throw new Error(`timed out after ${timeout} ms waiting for ${message}${detail}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}
