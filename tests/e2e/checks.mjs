// What the suites share: reading the warnings Untick adds to a page, the toolbar badge, the
// extension's own pages in a tab, and the closing check that no request left the extension.

import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { SITE, SERVED_HOSTS, NO_CONTENT_PATH } from './proxy.mjs';
import { waitFor } from './webdriver.mjs';
import { chromiumNetLogLeaks } from './netlog.mjs';

// How long the extension may take to paint after the page is ready (generous: the
// background's cold start, a shared CI machine).
export const PAINT_TIMEOUT = 8000;
// After the expected warnings appear, wait this long more to be sure no others follow.
export const SETTLE = 700;

// Chromium calls Google services by itself whatever its flags: the sign-in cookie check
// (accounts.google.com), the New Tab page (www.google.com), push-messaging check-in
// (android.clients.google.com), component downloads (*.gvt1.com) and more as versions change.
// Such a request is set aside only if its host is Google's AND Chromium's NetLog shows the
// browser itself started every request to it; anything the extension starts is caught by
// the NetLog check whatever the host.
const CHROMIUM_OWN_DOMAINS = ['google.com', 'googleapis.com', 'gvt1.com', 'gstatic.com'];
const isChromiumOwnHost = (hostAndPort) => {
  const host = hostAndPort.replace(/:\d+$/, '');
  return CHROMIUM_OWN_DOMAINS.some((d) => host === d || host.endsWith(`.${d}`));
};

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The page checks for browser `b` (from launch()), using its WebDriver session. */
export function pageChecks(b) {
  const s = b.session;

  /**
   * Where each <untick-warning> sits and what it says: in the document, in open shadow
   * roots, and in the closed ones a fixture page lists in window.testShadowRoots. A
   * warning inside a component is named after the component's id and the control's,
   * "HOST CONTROL".
   */
  async function readWarnings() {
    const placed = await s.execute(`
      const found = [];
      const visit = (root) => {
        for (const el of root.querySelectorAll('*')) {
          if (el.localName === 'untick-warning') found.push(el);
          else if (el.shadowRoot) visit(el.shadowRoot);
        }
      };
      visit(document);
      for (const root of window.testShadowRoots ?? []) visit(root);
      return found.map((w) => {
        const prev = w.previousElementSibling;
        let anchor = null;
        if (prev) {
          if (prev.tagName === 'LABEL') {
            const inner = prev.querySelector('input, select, textarea, [role]');
            anchor = inner ? inner.id : (prev.htmlFor || prev.id);
          } else {
            anchor = prev.id;
          }
        }
        const host = w.getRootNode().host;
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
 * Closes browser `b` and checks the proxy's record of the whole session (and, in Chromium,
 * its NetLog): every request was a page's own, none started by the extension.
 */
export async function assertNothingLeftTheExtension(t, b, proxy) {
  await b.quit(); // the NetLog is complete once the browser has exited
  const own = new Set((await readdir(new URL('./pages/', import.meta.url))).map((f) => `/${f}`));
  own.add(NO_CONTENT_PATH);
  const pagesOwn = (r) =>
    (SERVED_HOSTS.includes(r.host) && r.method === 'GET' && own.has(r.path)) ||
    (r.method === 'CONNECT' && SERVED_HOSTS.some((h) => r.host === `${h}:443`));
  const strays = proxy.requests.filter((r) => !pagesOwn(r));
  if (b.browser === 'chrome') {
    // Chromium itself talks to Google at startup (sign-in cookie check, New Tab page), and
    // that cannot be switched off; its NetLog says who started each request, so only
    // requests it attributes to the browser are set aside here.
    if (process.env.UNTICK_E2E_NETLOG) copyFileSync(b.netLogFile, process.env.UNTICK_E2E_NETLOG);
    const { leaks, browserOwnHosts } = chromiumNetLogLeaks(b.netLogFile);
    assert.deepEqual(leaks, [], 'requests started by the extension (Chromium NetLog)');
    const unexplained = strays.filter((r) => !(isChromiumOwnHost(r.host) && browserOwnHosts.has(r.host)));
    assert.deepEqual(unexplained, [], 'requests the proxy saw that no page asked for (nor Chromium by itself)');
    const setAside = strays.map((r) => `${r.method} ${r.url}`);
    t.diagnostic(`set aside as Chromium's own: ${JSON.stringify([...new Set(setAside)])}`);
  } else {
    assert.deepEqual(strays, [], 'requests the proxy saw that no page asked for');
  }
  // And the proxy did see the pages, so the record is real.
  assert.ok(proxy.requests.some((r) => r.path === '/register.html'), 'the proxy saw no page requests at all');
}
