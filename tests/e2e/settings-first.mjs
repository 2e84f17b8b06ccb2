// Issue 20: on a big page, a setting's warning does not wait for the whole page. The first
// check leaves out the big parts that hold no setting (1,200 job cards) and the whole
// page's check follows; what was left out is still read (a sentence after the cards), and
// the whole page's check does not draw again what the first drew. Without the first check
// the setting's warning comes only after the whole page's snapshot, and the test fails.
// Also: a page that stops DOMContentLoaded in its own listeners is still checked.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './browsers.mjs';
import { startProxy, SITE } from './proxy.mjs';
import { pageChecks } from './checks.mjs';

export function defineSettingsFirst(browser) {
  describe(`the first check (settings first on big pages), in ${browser === 'chrome' ? 'Chromium' : 'Firefox ESR'}`, { timeout: 120_000 }, () => {
    let proxy;
    let b;

    test('set up', async () => {
      proxy = await startProxy();
      b = await launch(browser, proxy.port);
    });

    test("a setting's warning comes before the whole page is read, and nothing is left unread", async () => {
      const { open, expectWarningsBeside } = pageChecks(b);
      await open('big-results.html', SITE);
      await expectWarningsBeside(['coach', 'notice']);
      const seen = await b.session.execute(`
        const whole = performance.getEntriesByName('untick-snapshot')[0];
        return {
          elements: document.getElementsByTagName('*').length,
          inserted: untickTest.inserted,
          wholeBegan: whole ? whole.startTime : null,
          wholeRead: whole ? whole.startTime + whole.duration : null,
        };`);
      assert.ok(seen.elements > 10_000, `the page should be a big one: ${seen.elements} elements`);
      assert.notEqual(seen.wholeBegan, null, 'the whole page should have been checked');
      // (The page's observer hears of a warning at its next microtask checkpoint, which may
      // come after the first slice of the whole page's walk.)
      assert.ok(
        seen.inserted[0] < seen.wholeRead,
        `the first warning should come before the whole page is read: drawn at ${seen.inserted[0]} ms, the whole page's walk ran from ${seen.wholeBegan} to ${seen.wholeRead} ms`,
      );
      assert.equal(seen.inserted.length, 2, `each warning should be drawn once: drawn at ${seen.inserted.join(', ')} ms`);
    });

    // The first check waits for DOMContentLoaded: a page stopping the event in its own
    // listeners must not stop Untick (whose listener, added at document start in the
    // window's capture phase, hears it first).
    test('a page that stops DOMContentLoaded is still checked', async () => {
      const { open, expectWarningsBeside } = pageChecks(b);
      await open('stops-domcontentloaded.html', SITE);
      await expectWarningsBeside(['coach']);
    });

    test('tear down', async () => {
      await b?.close();
      await proxy?.close();
    });
  });
}
