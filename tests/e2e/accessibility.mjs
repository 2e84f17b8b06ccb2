// Issue 17: axe-core (the npm package, a locked dev dependency) finds no WCAG 2.1 A or AA
// violation in the popup, the options page, or the warnings on a page. The warnings live
// in closed shadow roots, which no scanner can enter: this test-only copy of the build
// opens them, and changes nothing else.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useAlteredBuild, OPEN_WARNINGS } from './altered-build.mjs';
import { SITE } from './proxy.mjs';
import { pageChecks } from './checks.mjs';
import { waitFor } from './webdriver.mjs';

const AXE = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

/** axe's violations of WCAG 2.1 A and AA in the current page (within `hosts`, if given). */
async function violations(s, within = null) {
  const found = await s.executeAsync(
    `${AXE};
     const context = arguments[0] ? { include: [...document.querySelectorAll(arguments[0])] } : document;
     const result = await axe.run(context, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
     return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));`,
    within,
  );
  return found;
}

export function defineAccessibility(browser) {
  describe(`accessibility, in ${browser === 'chrome' ? 'Chromium' : 'Firefox ESR'}`, { timeout: 180_000 }, () => {
    const it = useAlteredBuild(browser, OPEN_WARNINGS);

    test('axe finds no WCAG 2.1 A or AA violation in the warnings, the popup, the options, welcome, My case or Letters page', async () => {
      const { b } = it;
      const s = b.session;
      const { open, expectWarningsBeside, inExtensionTab } = pageChecks(b);
      await open('register.html', SITE);
      await expectWarningsBeside(['provider-access', 'adviser-yes', 'public-cv']);
      assert.deepEqual(await violations(s, '[data-untick-warning]'), [], 'in the warnings');
      await inExtensionTab('popup/popup.html', async () => {
        await waitFor(async () => (await s.findAll('#findings > li')).length === 3, { message: 'the popup to list the warnings' });
        assert.deepEqual(await violations(s), [], 'in the popup');
      });
      await inExtensionTab('options/options.html', async () => {
        assert.deepEqual(await violations(s), [], 'in the options page');
      });
      await inExtensionTab('welcome/welcome.html', async () => {
        assert.deepEqual(await violations(s), [], 'in the welcome page');
      });
      await inExtensionTab('case/case.html', async () => {
        await waitFor(async () => (await s.findAll('#entries > li')).length > 0, { message: 'My case to draw' });
        assert.deepEqual(await violations(s), [], 'in My case');
      });
      await inExtensionTab('letters/letters.html', async () => {
        await waitFor(async () => (await s.findAll('#letters > li')).length > 0, { message: 'the Letters page to list the letters' });
        assert.deepEqual(await violations(s), [], 'in the Letters page');
      });
    });
  });
}
