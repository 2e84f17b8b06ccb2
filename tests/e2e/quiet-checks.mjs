// Issue 20: checks in proportion to change. On a page whose live count changes every
// 100 ms, the changes are still checked (an audit is asked for), less often as the checks
// keep finding nothing new, and a check that finds the same again tells the background
// nothing: no "findings", no "letter-guidance". A
// test-only copy of the build counts what the content script sends, by kind. Run against
// the build before issue 20, the same test fails (findings sent with every check).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useAlteredBuild } from './altered-build.mjs';
import { SITE } from './proxy.mjs';
import { pageChecks, sleep } from './checks.mjs';

// Put before content.js: counts each message sent, by kind, where the test can read it.
const COUNT_SENT = (code) => `{
  const send = globalThis.untickChannel.send;
  const sent = {};
  globalThis.untickChannel.send = (message) => {
    sent[message.kind] = (sent[message.kind] ?? 0) + 1;
    document.documentElement.dataset.testSent = JSON.stringify(sent);
    return send(message);
  };
}
${code}`;

export function defineQuietChecks(browser) {
  describe(`checks in proportion to change, in ${browser === 'chrome' ? 'Chromium' : 'Firefox ESR'}`, { timeout: 120_000 }, () => {
    const it = useAlteredBuild(browser, { 'content.js': COUNT_SENT });

    test('a page that keeps changing is checked, but a check that finds the same again sends nothing', async () => {
      const { b } = it;
      const { expectWarningsBeside } = pageChecks(b);
      await pageChecks(b).open('live-count.html', SITE);
      await expectWarningsBeside(['coach']);
      const sent = async () => JSON.parse(await b.session.execute('return document.documentElement.dataset.testSent ?? "{}"'));
      await sleep(1000); // past the first checks' answers
      const first = await sent();
      await sleep(3000);
      const later = await sent();
      const more = (kind) => (later[kind] ?? 0) - (first[kind] ?? 0);
      // Still checked, but less often as the checks keep finding nothing new (at most once
      // in 1.2 s; before, about six times a second).
      assert.ok(more('audit') >= 1, `the changing page should still be checked; audits asked in 3 s: ${more('audit')}`);
      assert.ok(more('audit') <= 8, `checks that find nothing new should come less often; audits asked in 3 s: ${more('audit')}`);
      assert.equal(more('findings'), 0, `findings sent again with nothing new: ${JSON.stringify({ first, later })}`);
      assert.equal(more('letter-guidance'), 0, `letter guidance asked again with nothing new: ${JSON.stringify({ first, later })}`);
    });
  });
}
