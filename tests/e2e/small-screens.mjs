// Issue 21: Untick on a phone-sized screen (Firefox for Android shows the popup, options
// and Letters pages as tabs of their own, and a page's warnings at the page's width).
// At 360 CSS pixels wide, in both desktop browsers: nothing makes the page scroll
// sideways, and every control is a touch target at least 44 × 44 px (WCAG 2.5.5), but for
// links inside a sentence, which WCAG exempts. The warnings live in closed shadow roots:
// this test-only copy of the build opens them, and changes nothing else.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useAlteredBuild, OPEN_WARNINGS } from './altered-build.mjs';
import { SITE } from './proxy.mjs';
import { pageChecks } from './checks.mjs';
import { waitFor } from './webdriver.mjs';

const PHONE_WIDTH = 360;
const PHONE_HEIGHT = 740;
const TOUCH_TARGET = 44;

// In the page: the controls under the document (or under the open shadow roots of
// `hosts`) that are smaller than a touch target, and whether the page scrolls sideways.
const MEASURE = `
  const [min, hosts] = arguments;
  const roots = hosts ? [...document.querySelectorAll(hosts)].map((h) => h.shadowRoot) : [document];
  const CONTROLS = 'button, a[href], summary, input:not([type=hidden]), select, textarea, [role=button], [role=switch]';
  const small = [];
  for (const root of roots) {
    for (const el of root.querySelectorAll(CONTROLS)) {
      if (el.getClientRects().length === 0) continue; // not shown (a closed details' content)
      // A link inside a sentence is exempt: its size is the text's. (Not links in a line
      // of links: take the links' own words out, and no words are left.)
      if (el.localName === 'a' && getComputedStyle(el).display === 'inline') {
        let rest = el.parentElement.textContent;
        for (const link of el.parentElement.querySelectorAll('a')) rest = rest.replace(link.textContent, '');
        if (/\\p{L}/u.test(rest)) continue;
      }
      // A box or radio button counts with its label, which is clicked as well.
      const boxOrRadio = el.localName === 'input' && (el.type === 'checkbox' || el.type === 'radio');
      const target = (boxOrRadio && el.labels && el.labels[0]) || el;
      const box = target.getBoundingClientRect();
      if (box.width < min || box.height < min) {
        small.push(el.localName + (el.id ? '#' + el.id : '') + ' "' + (target.textContent || el.value || '').trim().slice(0, 30)
          + '" ' + Math.round(box.width) + 'x' + Math.round(box.height));
      }
    }
  }
  // Our pages must not scroll sideways; a warning must not be wider than the screen.
  const sideways = hosts
    ? [...document.querySelectorAll(hosts)].filter((h) => h.getBoundingClientRect().right > window.innerWidth + 1)
        .map((h) => Math.round(h.getBoundingClientRect().left) + '..' + Math.round(h.getBoundingClientRect().right))
    : document.documentElement.scrollWidth > window.innerWidth + 1 ? ['the page: ' + document.documentElement.scrollWidth] : [];
  return { small, sideways, width: window.innerWidth };`;

export function defineSmallScreens(browser) {
  describe(`on a phone-sized screen, in ${browser === 'chrome' ? 'Chromium' : 'Firefox ESR'}`, { timeout: 180_000 }, () => {
    // Firefox will not make a window narrower than 500 px: there the tab is zoomed to 150 %
    // in a 540 px window, which makes it 360 CSS px wide, as a phone's screen is (through
    // WebDriver's chrome context; zoom kept per tab, not per site).
    const it = useAlteredBuild(browser, OPEN_WARNINGS, {
      firefoxPrefs: { 'browser.zoom.siteSpecific': false },
    });

    async function phoneSized(s) {
      if (browser === 'chrome') {
        await s.cmd('POST', '/window/rect', { width: PHONE_WIDTH, height: PHONE_HEIGHT });
        return;
      }
      await s.cmd('POST', '/window/rect', { width: PHONE_WIDTH * 1.5, height: PHONE_HEIGHT * 1.5 });
      await s.cmd('POST', '/moz/context', { context: 'chrome' });
      try {
        await s.execute('gBrowser.selectedBrowser.fullZoom = 1.5;');
      } finally {
        await s.cmd('POST', '/moz/context', { context: 'content' });
      }
      await waitFor(async () => (await s.execute('return window.innerWidth')) <= PHONE_WIDTH + 1, {
        message: 'the zoomed tab to be 360 CSS px wide',
      });
    }

    async function expectTouchSized(s, where, hosts = null) {
      const { small, sideways, width } = await s.execute(MEASURE, TOUCH_TARGET, hosts);
      assert.ok(width <= PHONE_WIDTH + 20, `${where}: the window is ${width} px wide, not phone-sized`);
      assert.deepEqual(sideways, [], `${where}: wider than the screen at ${width} px`);
      assert.deepEqual(small, [], `${where}: controls smaller than ${TOUCH_TARGET} px`);
    }

    test('at 360 px, the warnings, the popup, the options, welcome, Letters and My case pages fit, with touch-sized controls', async () => {
      const { b } = it;
      const s = b.session;
      const { open, expectWarningsBeside, inExtensionTab } = pageChecks(b);
      await open('register.html', SITE);
      await phoneSized(s);
      await expectWarningsBeside(['provider-access', 'adviser-yes', 'public-cv']);
      // "Why?" open too: its buttons ("Report a mistake", "Not a data-sharing setting").
      await s.execute(`for (const h of document.querySelectorAll('[data-untick-warning]'))
        for (const d of h.shadowRoot.querySelectorAll('details')) d.open = true;`);
      await expectTouchSized(s, 'the warnings', '[data-untick-warning]');
      await inExtensionTab('popup/popup.html', async () => {
        await phoneSized(s);
        await waitFor(async () => (await s.findAll('#findings > li')).length > 0, { message: 'the popup to list the warnings' });
        await expectTouchSized(s, 'the popup');
      });
      for (const page of ['options/options.html', 'welcome/welcome.html', 'letters/letters.html', 'case/case.html']) {
        await inExtensionTab(page, async () => {
          await phoneSized(s);
          await expectTouchSized(s, page);
        });
      }
    });
  });
}
