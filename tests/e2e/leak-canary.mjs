// Proof that "no request leaves the extension" can fail: a test-only copy of the build that
// does leak, from its background and from its content script (to a made-up host and to the
// page's own host), must be caught by the same check the suites end with.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useAlteredBuild } from './altered-build.mjs';
import { SITE } from './proxy.mjs';
import { pageChecks, quitAndJudgeRequests, sleep } from './checks.mjs';

const FROM_BACKGROUND = 'https://background.untick-leak.test/sent';
const FROM_CONTENT = 'https://content.untick-leak.test/sent';
const TO_PAGE_HOST = '/untick-leak-to-page-host';

// Three leaks: one from the background, two from the content script.
const LEAKS = {
  'background.js': `fetch(${JSON.stringify(FROM_BACKGROUND)}).catch(() => {});`,
  'content.js':
    `fetch(${JSON.stringify(FROM_CONTENT)}).catch(() => {});\n` +
    `fetch(location.origin + ${JSON.stringify(TO_PAGE_HOST)}).catch(() => {});`,
};

export function defineLeakCanary(browser) {
  describe(`the network check in ${browser === 'chrome' ? 'Chromium' : 'Firefox ESR'}`, { timeout: 180_000 }, () => {
    const it = useAlteredBuild(browser, LEAKS);

    test('catches a build that sends requests from its background and its content script', async () => {
      const { b, proxy } = it;
      const { open } = pageChecks(b);
      await open('register.html', SITE);
      // Time for the content script to run and its requests to reach the proxy.
      await sleep(2000);
      // The same judgement as assertNothingLeftTheExtension, which fails on any of these.
      const { leaks, unexplained } = await quitAndJudgeRequests(b, proxy);
      const caught = JSON.stringify({ leaks, unexplained });
      // The background's request is the extension's by its own starter.
      assert.ok(leaks.some((r) => r.url === FROM_BACKGROUND), `the background's request was not caught: ${caught}`);
      // The content script's are caught whether the browser names the extension (Firefox)
      // or the page (Chromium) as their starter.
      const named = (needle) => caught.includes(needle);
      assert.ok(named('content.untick-leak.test'), `the content script's request elsewhere was not caught: ${caught}`);
      assert.ok(named(TO_PAGE_HOST), `the content script's request to the page's host was not caught: ${caught}`);
    });
  });
}
