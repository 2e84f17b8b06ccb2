// The end-to-end checks, run once per browser (chromium.test.mjs, firefox.test.mjs) against
// the extension as built in dist/, on fixture pages served under the known site's hostname.

import { describe, before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { launch } from './browsers.mjs';
import { startProxy, SITE, SITE_HTTP, SITE_HOST } from './proxy.mjs';
import { Keys, waitFor } from './webdriver.mjs';
import { chromiumNetLogLeaks } from './netlog.mjs';
import { expectedLetter } from './letters.mjs';

// How long the extension may take to paint after the page is ready (generous: the
// background's cold start, a shared CI machine).
const PAINT_TIMEOUT = 8000;
// After the expected warnings appear, wait this long more to be sure no others follow.
const SETTLE = 700;

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

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function defineSuite(browser) {
  describe(`Untick in ${browser === 'chrome' ? 'Chromium' : 'Firefox ESR'}`, { timeout: 110_000 }, () => {
    let proxy;
    let b;
    let s;

    before(async () => {
      proxy = await startProxy();
      b = await launch(browser, proxy.port);
      s = b.session;
    });

    after(async () => {
      await b?.close();
      await proxy?.close();
    });

    /** Where each <untick-warning> sits and what it says, in document order. */
    async function readWarnings() {
      const placed = await s.execute(`
        return [...document.querySelectorAll('untick-warning')].map((w) => {
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
          return { anchor, attributes: w.getAttributeNames().map((n) => n + '=' + w.getAttribute(n)) };
        });`);
      const hosts = await s.findAll('untick-warning');
      assert.equal(hosts.length, placed.length, 'warnings changed while being read');
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
          const others = (await api.tabs.query({})).filter((t) => t.id !== self.id);
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

    function warningBeside(ws, anchor) {
      const w = ws.find((x) => x.anchor === anchor);
      assert.ok(w, `no warning beside #${anchor}`);
      return w;
    }

    const isOn = (id) =>
      s.execute(
        `const el = document.getElementById(arguments[0]);
         return el.getAttribute('role') === 'switch' ? el.getAttribute('aria-checked') === 'true' : el.checked;`,
        id,
      );

    test('warnings appear beside each default-on sharing control and nowhere else; the badge counts them', async () => {
      await open('register.html');
      const ws = await expectWarningsBeside(['provider-access', 'adviser-yes', 'public-cv']);
      for (const w of ws) {
        assert.equal(w.role, 'note', `warning beside #${w.anchor} should be a note`);
        assert.ok(w.buttons['Copy refusal text'], `warning beside #${w.anchor} has no "Copy refusal text" button`);
        assert.ok(w.buttons['Untick it'], `warning beside #${w.anchor} has no "Untick it" button`);
      }
      // The page can see the warning elements themselves: none carries the page's words.
      for (const w of ws) {
        for (const a of w.attributes) {
          assert.ok(!/provider|work coach|CV/i.test(a), `page text in an attribute of the warning beside #${w.anchor}: ${a}`);
        }
      }
      // Each warning quotes the words the person read for that control.
      assert.match(warningBeside(ws, 'provider-access').text, /employment support provider to access my account/);
      assert.match(warningBeside(ws, 'adviser-yes').text, /work coach/);
      assert.match(warningBeside(ws, 'public-cv').text, /Make my CV public/);
      // Defaults that share nothing, and sharing that is off, are left alone (checked above:
      // only the three anchors carry warnings). Nothing on the page was changed by looking.
      for (const id of ['provider-access', 'adviser-yes', 'public-cv', 'remember', 'large-text']) {
        assert.equal(await isOn(id), true, `#${id} should still be on`);
      }
      assert.equal(await isOn('partners'), false);
      await expectBadge('3');
    });

    /** Clicks a warning's copy button, then pastes (Ctrl+V, as a person would) into #notes. */
    async function copyAndPaste(w) {
      await s.execute('document.getElementById("notes").value = ""');
      await s.click(w.buttons['Copy refusal text']);
      await waitFor(async () => (await s.text(w.buttons['Copy refusal text'])).trim() === 'Copied', {
        timeout: 3000,
        message: `the copy button beside #${w.anchor} to say "Copied"`,
      });
      await s.click(await s.find('#notes'));
      await s.keyChord(Keys.control, 'v');
      return waitFor(() => s.execute('return document.getElementById("notes").value'), {
        timeout: 3000,
        message: 'the clipboard to paste into the text box',
      });
    }

    function assertLetter(pasted, letterId, label) {
      for (const words of expectedLetter(letterId).mustContain) {
        assert.ok(
          pasted.includes(words),
          `the copied text should be the ${letterId} letter, containing ${JSON.stringify(words)}; it is:\n${pasted}`,
        );
      }
      assert.ok(pasted.includes(label), `the copied letter should quote the setting ${JSON.stringify(label)}; it is:\n${pasted}`);
    }

    const REGISTER_LETTERS = [
      ['provider-access', 'withdraw-provider', 'Allow my employment support provider to access my account and view my job search activity'],
      ['adviser-yes', 'withdraw-dwp', 'Can your Jobcentre work coach see your job search activity and account details?'],
      ['public-cv', 'make-private', 'Make my CV public so that employers can find and view it'],
    ];

    test('"Copy refusal text" puts the matching letter, naming the setting, on the clipboard', async () => {
      await open('register.html');
      const ws = await expectWarningsBeside(['provider-access', 'adviser-yes', 'public-cv']);
      for (const [anchor, letter, label] of REGISTER_LETTERS) {
        assertLetter(await copyAndPaste(warningBeside(ws, anchor)), letter, label);
      }
    });

    test('on a plain http page too, warnings appear and copying works', async () => {
      await open('register.html', SITE_HTTP);
      const ws = await expectWarningsBeside(['provider-access', 'adviser-yes', 'public-cv']);
      const [anchor, letter, label] = REGISTER_LETTERS[0];
      assertLetter(await copyAndPaste(warningBeside(ws, anchor)), letter, label);
      await expectBadge('3');
    });

    test('the warning\'s buttons are reachable and usable by keyboard', async () => {
      await open('register.html');
      const ws = await expectWarningsBeside(['provider-access', 'adviser-yes', 'public-cv']);
      // From the box itself, Tab moves into its warning; Enter on "Copy refusal text" copies.
      await s.execute('document.getElementById("provider-access").focus()');
      await s.keyChord(Keys.tab);
      const focused = await s.execute(
        'const a = document.activeElement; return a && a.tagName === "UNTICK-WARNING" && a.previousElementSibling.contains(document.getElementById("provider-access"));',
      );
      assert.equal(focused, true, 'Tab from the box should move focus into its warning');
      await s.keyChord(Keys.enter);
      const copy = warningBeside(ws, 'provider-access').buttons['Copy refusal text'];
      await waitFor(async () => (await s.text(copy)).trim() === 'Copied', {
        timeout: 3000,
        message: 'Enter on the focused "Copy refusal text" to copy',
      });
    });

    test('a control that is on and locked is warned about, with no "Untick it"', async () => {
      await open('locked.html');
      const [w] = await expectWarningsBeside(['locked-share']);
      assert.ok(w.buttons['Copy refusal text'], 'a locked setting can still be refused in writing');
      assert.equal(w.buttons['Untick it'], undefined, '"Untick it" offered for a control that cannot be switched off');
      await expectBadge('1');
    });

    test('"Untick it" switches each control off', async () => {
      await open('register.html');
      const ws = await expectWarningsBeside(['provider-access', 'adviser-yes', 'public-cv']);
      await s.click(warningBeside(ws, 'provider-access').buttons['Untick it']);
      await waitFor(async () => !(await isOn('provider-access')), { message: 'the provider box to be unticked' });
      await s.click(warningBeside(ws, 'adviser-yes').buttons['Untick it']);
      await waitFor(async () => await isOn('adviser-no'), { message: '"No" to be chosen for the work coach' });
      await s.click(warningBeside(ws, 'public-cv').buttons['Untick it']);
      await waitFor(async () => !(await isOn('public-cv')), { message: 'the public CV switch to be off' });
      // Only what was asked for changed.
      assert.equal(await isOn('remember'), true);
      assert.equal(await isOn('partners'), false);
    });

    test('a page sent with a strict Content-Security-Policy still gets its warnings', async () => {
      await open('csp.html');
      // The policy is in force: the page's own file ran, its inline script did not.
      assert.equal(await s.execute('return document.documentElement.dataset.ready'), 'yes');
      assert.equal(await s.execute('return window.__inlineRan === undefined'), true, 'the CSP header was not applied');
      const [w] = await expectWarningsBeside(['csp-provider']);
      assert.match(w.text, /employment support provider to access my account/);
      await expectBadge('1');
    });

    test('a page that ticks a box again after the person unticked it raises an alert', async () => {
      await open('retick.html');
      const anchors = ['retick-box', 'retick-silent'];
      const ws = await expectWarningsBeside(anchors);
      for (const w of ws) assert.equal(w.role, 'note', `warning beside #${w.anchor} before anything happened`);
      // The person unticks each (trusted clicks); the page ticks them again, once with a
      // change event and once silently.
      for (const id of anchors) {
        await s.click(await s.find(`#${id}`));
        await waitFor(async () => isOn(id), { message: `the page to tick #${id} again` });
      }
      let roles;
      await waitFor(
        async () => {
          const now = await readWarnings();
          roles = Object.fromEntries(now.map((w) => [w.anchor, w.role]));
          return now.length === 2 && anchors.every((id) => roles[id] === 'alert');
        },
        { timeout: 3000, message: 'role=alert warnings beside both re-ticked boxes' },
      ).catch((e) => {
        throw new Error(`${e.message}; roles now: ${JSON.stringify(roles)}`);
      });
    });

    test('a setting the person switches on is their choice, not a warning', async () => {
      await open('register.html');
      await expectWarningsBeside(['provider-access', 'adviser-yes', 'public-cv']);
      await s.click(await s.find('#partners')); // off by default; the person ticks it
      assert.equal(await isOn('partners'), true);
      await expectWarningsBeside(['provider-access', 'adviser-yes', 'public-cv']);
      await expectBadge('3');
    });

    test('a label containing markup and script is shown as text and runs nothing', async () => {
      await open('markup.html');
      const [w] = await expectWarningsBeside(['markup-share']);
      assert.ok(w.text.includes('<img src=x onerror="window.__pwned=1">'), `the label should be quoted as text: ${w.text}`);
      assert.ok(w.text.includes('<script>window.__pwned=2</script>'), `the label should be quoted as text: ${w.text}`);
      const made = await s.findAllInShadow(w.root, 'img, script, b');
      assert.equal(made.length, 0, 'page text became elements inside the warning');
      for (const a of w.attributes) assert.ok(!a.includes('<'), `page text in a warning attribute: ${a}`);
      await sleep(300);
      assert.equal(await s.execute('return window.__pwned === undefined'), true, 'the label text ran as script');
      assert.equal(
        await s.execute('return document.querySelectorAll("img, b").length'),
        0,
        'page text became elements in the page',
      );
      assert.ok(!proxy.requests.some((r) => r.path === '/x'), 'the quoted <img src=x> was fetched');
    });

    test('a later step of a form is checked when it appears', async () => {
      await open('multistep.html');
      await sleep(1000);
      assert.deepEqual(await readWarnings(), [], 'step 1 shares nothing by default');
      await expectBadge('');
      await s.click(await s.find('#next'));
      await expectWarningsBeside(['step2-provider']);
      await expectBadge('1');
    });

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

    test('the popup lists the tab\'s warnings, each with its letter to copy', async () => {
      await open('register.html');
      await expectWarningsBeside(['provider-access', 'adviser-yes', 'public-cv']);
      await inExtensionTab('popup/popup.html', async () => {
        const items = await waitFor(async () => {
          const found = await s.findAll('#findings > li');
          return found.length === 3 && found;
        }, { message: 'three warnings listed in the popup' });
        const texts = [];
        for (const li of items) texts.push(await s.text(li));
        const provider = texts.findIndex((t) => t.includes('employment support provider to access my account'));
        assert.ok(provider >= 0, `the popup should quote the provider setting:\n${texts.join('\n---\n')}`);
        assert.ok(texts.some((t) => t.includes('work coach')) && texts.some((t) => t.includes('Make my CV public')));
        assert.ok(await s.find('#check-page'), 'no "Check this page" button');
        assert.match(await s.attribute(await s.find('#options-link'), 'href'), /options\/options\.html$/);
        const copy = (await s.findAll('#findings > li button')).length;
        assert.ok(copy >= 3, 'each warning in the popup should have its buttons');
        const [button] = await s.findAllUnderByXPath(items[provider], './/button[normalize-space()="Copy refusal text"]');
        assert.ok(button, 'no "Copy refusal text" in the popup for the provider setting');
        await s.click(button);
        await waitFor(async () => (await s.text(button)).trim() === 'Copied', { message: 'the popup copy to say "Copied"' });
      });
      await s.execute('document.getElementById("notes").value = ""');
      await s.click(await s.find('#notes'));
      await s.keyChord(Keys.control, 'v');
      const pasted = await waitFor(() => s.execute('return document.getElementById("notes").value'), {
        message: 'the popup\'s letter to paste',
      });
      assertLetter(pasted, ...REGISTER_LETTERS[0].slice(1));
    });

    async function saveDetails(details) {
      await inExtensionTab('options/options.html', async () => {
        await waitFor(() => s.execute('return document.readyState === "complete"'));
        for (const [field, value] of Object.entries(details)) {
          const input = await s.find(`#${field}`);
          await s.clear(input);
          await s.type(input, value);
        }
        await s.click(await s.find('#details-form button[type=submit]'));
        await waitFor(async () => (await s.text(await s.find('#details-status'))).includes('Saved'), {
          message: 'the options page to say the details are saved',
        });
      });
    }

    test('details saved in the options go into the letters, and "Forget everything" removes them', async () => {
      await saveDetails({ name: 'Alex Testperson', ni_number: 'QQ123456C' });
      await open('register.html');
      let ws = await expectWarningsBeside(['provider-access', 'adviser-yes', 'public-cv']);
      let pasted = await copyAndPaste(warningBeside(ws, 'provider-access'));
      assert.ok(pasted.includes('Alex Testperson'), `the letter should carry the saved name:\n${pasted}`);
      assert.ok(pasted.includes('QQ123456C'), `the letter should carry the saved NI number:\n${pasted}`);
      await inExtensionTab('options/options.html', async () => {
        await waitFor(() => s.execute('return document.readyState === "complete"'));
        await s.click(await s.find('#forget'));
        await waitFor(async () => (await s.text(await s.find('#forget-status'))).includes('Done'), {
          message: '"Forget everything" to finish',
        });
        assert.equal(await s.execute('return document.getElementById("name").value'), '');
      });
      await open('register.html');
      ws = await expectWarningsBeside(['provider-access', 'adviser-yes', 'public-cv']);
      pasted = await copyAndPaste(warningBeside(ws, 'provider-access'));
      assert.ok(!pasted.includes('Alex Testperson') && !pasted.includes('QQ123456C'), `details left after forgetting:\n${pasted}`);
    });

    test('with "toolbar button only" chosen, nothing is added to the page and the badge still counts', async () => {
      const choose = (mode) =>
        inExtensionTab('options/options.html', async () => {
          await waitFor(() => s.execute('return document.readyState === "complete"'));
          await s.click(await s.find(`input[name=mode][value=${mode}]`));
          await waitFor(async () => (await s.text(await s.find('#mode-status'))).includes('Saved'), {
            message: `the options page to save the "${mode}" choice`,
          });
        });
      await choose('badge');
      try {
        await open('register.html');
        await expectBadge('3');
        await sleep(SETTLE);
        assert.equal((await s.findAll('untick-warning')).length, 0, 'warnings were added to the page');
      } finally {
        await choose('page');
      }
    });

    // Last: it closes the browser to read the whole session's record.
    test('no request leaves the extension', async (t) => {
      // One more round of everything the extension does on a page, with the copy too.
      await open('register.html');
      const ws = await expectWarningsBeside(['provider-access', 'adviser-yes', 'public-cv']);
      await s.click(ws[0].buttons['Copy refusal text']);
      await sleep(1500);
      await b.quit(); // the NetLog is complete once the browser has exited
      const own = new Set(await pageFiles());
      const pagesOwn = (r) =>
        (r.host === SITE_HOST && r.method === 'GET' && own.has(r.path)) ||
        (r.method === 'CONNECT' && r.host === `${SITE_HOST}:443`);
      const strays = proxy.requests.filter((r) => !pagesOwn(r));
      if (browser === 'chrome') {
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
    });
  });
}

async function pageFiles() {
  const { readdir } = await import('node:fs/promises');
  const dir = new URL('./pages/', import.meta.url);
  return (await readdir(dir)).map((f) => `/${f}`);
}
