// What the suites share: reading the warnings Untick adds to a page, the toolbar badge, the
// extension's own pages in a tab, and the closing check that no request left the extension.

import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { SITE, SERVED_HOSTS, NO_CONTENT_PATH } from './proxy.mjs';
import { waitFor } from './webdriver.mjs';

// How long the extension may take to paint after the page is ready (generous: the
// background's cold start, a shared CI machine).
export const PAINT_TIMEOUT = 8000;
// After the expected warnings appear, wait this long more to be sure no others follow.
export const SETTLE = 700;

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The page checks for browser `b` (from launch()), using its WebDriver session. */
export function pageChecks(b) {
  const s = b.session;

  /**
   * Where each warning (<div data-untick-warning>) sits and what it says: in the document, in open shadow
   * roots, and in the closed ones a fixture page lists in window.testShadowRoots. A
   * warning inside a component is named after the component's id and the control's,
   * "HOST CONTROL".
   */
  async function readWarnings() {
    const placed = await s.execute(`
      const found = [];
      const visit = (root) => {
        for (const el of root.querySelectorAll('*')) {
          if (el.hasAttribute('data-untick-warning')) found.push(el);
          else if (el.shadowRoot) visit(el.shadowRoot);
        }
      };
      visit(document);
      for (const root of window.testShadowRoots ?? []) visit(root);
      return found.map((w) => {
        // A warning follows the block that holds its setting (a label, an item, a radio
        // group, a table), after any other warnings there. Its setting is the k-th control
        // in that block that was on when the warning was first read here (remembered, so
        // that it stays the same once the person switches it off).
        const known = (window.untickTestAnchors ??= new WeakMap());
        if (known.has(w)) return { host: w, anchor: known.get(w), attributes: w.getAttributeNames().map((n) => n + '=' + w.getAttribute(n)) };
        let prev = w.previousElementSibling;
        let k = 0;
        while (prev && prev.hasAttribute('data-untick-warning')) {
          prev = prev.previousElementSibling;
          k += 1;
        }
        const CONTROLS = 'input, select, [role=switch], [role=checkbox], [role=radio]';
        const on = (c) => c.checked || c.getAttribute('aria-checked') === 'true' || (c.localName === 'select' && c.value !== '');
        const inside = prev && !prev.matches(CONTROLS) && prev.localName !== 'label'
          ? [...prev.querySelectorAll(CONTROLS)].filter((c) => c.id && on(c))
          : [];
        let anchor = inside[k]?.id ?? null;
        if (!anchor && prev) {
          if (prev.tagName === 'LABEL') {
            const inner = prev.querySelector('input, select, textarea, [role]');
            anchor = inner ? inner.id : (prev.htmlFor || prev.id);
          } else {
            anchor = prev.id;
          }
        }
        const host = w.getRootNode().host;
        known.set(w, host ? host.id + ' ' + anchor : anchor);
        return {
          host: w,
          anchor: host ? host.id + ' ' + anchor : anchor,
          attributes: w.getAttributeNames().map((n) => n + '=' + w.getAttribute(n)),
        };
      });`);
    const hosts = placed.map((p) => p.host);
    const out = [];
    for (let i = 0; i < hosts.length; i++) {
      const root = await s.shadowRoot(hosts[i]);
      const boxes = await s.findAllInShadow(root, '[role=note], [role=alert]');
      assert.equal(boxes.length, 1, `warning ${i} should hold one role=note or role=alert element, has ${boxes.length}`);
      const buttons = await s.findAllInShadow(root, 'button');
      const buttonTexts = [];
      for (const el of buttons) buttonTexts.push((await s.text(el)).trim());
      out.push({
        ...placed[i],
        host: hosts[i],
        root,
        role: await s.attribute(boxes[0], 'role'),
        text: await s.text(boxes[0]),
        buttons: Object.fromEntries(buttons.map((el, j) => [buttonTexts[j], el])),
      });
    }
    return out;
  }

  async function open(page, site = SITE) {
    await s.navigate(`${site}/${page}`);
    await waitFor(() => s.execute('return document.readyState === "complete"'), { message: `${page} to load` });
  }

  /** Waits until exactly the controls in `anchors` carry warnings, and stay so. */
  async function expectWarningsBeside(anchors, { timeout = PAINT_TIMEOUT } = {}) {
    const want = [...anchors].sort();
    const describe = (ws) => JSON.stringify(ws.map((w) => w.anchor).sort());
    await waitFor(async () => describe(await readWarnings()) === JSON.stringify(want), {
      timeout,
      message: `warnings beside exactly ${JSON.stringify(want)}`,
    }).catch(async (e) => {
      const seen = await readWarnings().catch(() => []);
      throw new Error(`${e.message}\n  found warnings beside: ${describe(seen)}`);
    });
    await sleep(SETTLE);
    const ws = await readWarnings();
    assert.deepEqual(ws.map((w) => w.anchor).sort(), want, 'warnings changed after they first appeared');
    return ws;
  }

  /** The toolbar badge text on the test tab, read through the extension's own page. */
  async function badgeText() {
    const testTab = await s.windowHandle();
    const tab = await s.newTab();
    try {
      await s.switchToWindow(tab);
      await s.navigate(`${b.extensionBase}popup/popup.html`);
      return await s.executeAsync(`
        const api = globalThis.browser ?? globalThis.chrome;
        const self = await api.tabs.getCurrent();
        // The test's tab: not this one, nor another of the extension's own pages (the popup
        // opened as a page of its own, by the toolbar tests).
        const others = (await api.tabs.query({})).filter((t) => t.id !== self.id && !(t.url ?? '').startsWith(location.origin));
        if (others.length !== 1) throw new Error('expected one other tab, found ' + others.length);
        return api.action.getBadgeText({ tabId: others[0].id });`);
    } finally {
      await s.closeWindow().catch(() => {});
      await s.switchToWindow(testTab);
    }
  }

  async function expectBadge(want) {
    let last;
    await waitFor(async () => (last = await badgeText()) === want, {
      timeout: 4000,
      interval: 250,
      message: `the toolbar badge to read ${JSON.stringify(want)}`,
    }).catch((e) => {
      throw new Error(`${e.message} (it reads ${JSON.stringify(last)})`);
    });
  }

  /** Opens one of the extension's own pages in a new tab, runs `fn`, then returns to the test tab. */
  async function inExtensionTab(page, fn) {
    const testTab = await s.windowHandle();
    const tab = await s.newTab();
    try {
      await s.switchToWindow(tab);
      await s.navigate(`${b.extensionBase}${page}`);
      return await fn();
    } finally {
      await s.closeWindow().catch(() => {});
      await s.switchToWindow(testTab);
    }
  }

  /** Runs `fn` inside the page's frame `selector` (an <iframe>), then returns to the page. */
  async function inFrame(selector, fn) {
    await s.cmd('POST', '/frame', { id: await s.find(selector) });
    try {
      return await fn();
    } finally {
      await s.cmd('POST', '/frame/parent', {});
    }
  }

  return { readWarnings, open, expectWarningsBeside, badgeText, expectBadge, inExtensionTab, inFrame };
}

export function warningBeside(ws, anchor) {
  const w = ws.find((x) => x.anchor === anchor);
  assert.ok(w, `no warning beside #${anchor}`);
  return w;
}

/**
 * What the record of a whole session says about the extension's traffic:
 *   leaks       requests the browser says the extension started (anywhere, even to the pages' hosts)
 *   unexplained requests the proxy saw that are not a page's own files, and that the browser
 *               does not show as started by itself alone
 *   setAside    the browser's own requests (its services, its preconnects), for the log
 * `starters` come from the browser (netlog.mjs); `extensionSince` is when the extension was
 * loaded: what the proxy saw before then cannot be the extension's.
 */
export function judgeRequests({ proxyRequests, starters, extensionSince, ownPaths }) {
  const pagesOwn = (r) =>
    (SERVED_HOSTS.includes(r.host) && r.method === 'GET' && (ownPaths.has(r.path) || r.served)) ||
    (r.method === 'CONNECT' && SERVED_HOSTS.some((h) => r.host === `${h}:443`));
  const leaks = starters.filter((r) => r.startedBy === 'extension');
  const byBrowserAlone = (matching) => matching.length > 0 && matching.every((r) => r.startedBy === 'browser' || r.startedBy === 'preconnect');
  const unexplained = [];
  const setAside = new Set();
  for (const r of proxyRequests.filter((x) => !pagesOwn(x))) {
    // A tunnel shows only its host; a plain request shows its whole address.
    const matching = starters.filter((x) => (r.method === 'CONNECT' ? x.host === r.host : x.url === r.url));
    if (r.at < extensionSince || byBrowserAlone(matching)) setAside.add(`${r.method} ${r.url}`);
    else unexplained.push({ ...r, startedBy: [...new Set(matching.map((x) => x.startedBy))] });
  }
  return { leaks, unexplained, setAside: [...setAside] };
}

/**
 * Closes browser `b` and checks the whole session: the browser's own record of who started
 * each request shows none started by the extension, and everything the proxy saw was a
 * page's own or the browser's own. Returns nothing; fails the test otherwise.
 */
export async function assertNothingLeftTheExtension(t, b, proxy) {
  const { leaks, unexplained, setAside, starters } = await quitAndJudgeRequests(b, proxy);
  assert.deepEqual(leaks, [], `requests started by the extension (${b.browser === 'chrome' ? "Chromium's NetLog" : "Firefox's record"})`);
  assert.deepEqual(unexplained, [], 'requests the proxy saw that no page asked for, nor the browser by itself');
  if (setAside.length > 0) t.diagnostic(`set aside as the browser's own: ${JSON.stringify(setAside)}`);
  // And the record is real: the proxy saw the pages, and the browser recorded them.
  assert.ok(proxy.requests.some((r) => r.path === '/register.html'), 'the proxy saw no page requests at all');
  assert.ok(starters.some((r) => r.url.endsWith('/register.html')), 'the browser recorded no page requests at all');
}

/** Closes browser `b` and judges the whole session's requests (judgeRequests). */
export async function quitAndJudgeRequests(b, proxy) {
  const { starters, extensionSince } = await b.quitAndReadRequests();
  if (process.env.UNTICK_E2E_NETLOG && b.netLogFile) copyFileSync(b.netLogFile, process.env.UNTICK_E2E_NETLOG);
  const ownPaths = new Set((await readdir(new URL('./pages/', import.meta.url))).map((f) => `/${f}`));
  ownPaths.add(NO_CONTENT_PATH);
  return { ...judgeRequests({ proxyRequests: proxy.requests, starters, extensionSince, ownPaths }), starters };
}
