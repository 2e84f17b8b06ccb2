// Issue 16: the background answers each kind of sender only what that sender may ask. A
// test-only copy of the build whose content script asks for what only Untick's own pages
// may (another tab's state, a check of a tab, a change to the sites Untick runs on, the
// letter list, a letter's text with the person's details), by its port and by a one-off message, must be refused every time; what a
// page's own check needs (an audit) must still be answered.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useAlteredBuild } from './altered-build.mjs';
import { SITE } from './proxy.mjs';
import { pageChecks } from './checks.mjs';
import { waitFor } from './webdriver.mjs';

const PAGE_ONLY = ['tab-state', 'check-tab', 'sync-sites', 'letter-list', 'letters', 'case-steps'];

// Appended to content.js: asks, then writes the answers where the test can read them.
const ASK = `(async () => {
  const api = globalThis.browser ?? globalThis.chrome;
  const answers = {};
  for (const kind of ${JSON.stringify(PAGE_ONLY)}) {
    const byPort = await globalThis.untickChannel.send({ kind, tabId: 1 }).catch((e) => ({ ok: false, error: String(e) }));
    answers['port ' + kind] = byPort && byPort.ok ? { answered: byPort } : { refused: byPort && byPort.error };
    const reply = await api.runtime.sendMessage({ kind, tabId: 1 }).catch((e) => ({ ok: false, error: String(e) }));
    answers['message ' + kind] = reply && reply.ok ? { answered: reply } : { refused: reply && reply.error };
  }
  const audit = await globalThis.untickChannel.send({ kind: 'audit', snapshot: '[]', url: location.href })
    .catch((e) => ({ ok: false, error: String(e) }));
  answers['port audit'] = audit && audit.ok ? { answered: typeof audit.report } : { refused: audit && audit.error };
  document.documentElement.dataset.testAnswers = JSON.stringify(answers);
})();`;

export function defineSenderRules(browser) {
  describe(`what a content script may ask, in ${browser === 'chrome' ? 'Chromium' : 'Firefox ESR'}`, { timeout: 180_000 }, () => {
    const it = useAlteredBuild(browser, { 'content.js': ASK });

    test('requests only extension pages may make are refused from a content script', async () => {
      const { b } = it;
      await pageChecks(b).open('register.html', SITE);
      const answers = JSON.parse(
        await waitFor(() => b.session.execute('return document.documentElement.dataset.testAnswers ?? false'), {
          timeout: 10000,
          message: 'the altered content script to write its answers',
        }),
      );
      for (const kind of PAGE_ONLY) {
        for (const how of ['port', 'message']) {
          const got = answers[`${how} ${kind}`];
          assert.ok(got && 'refused' in got, `"${kind}" by ${how} was answered: ${JSON.stringify(got)}`);
          assert.match(String(got.refused), /not accepted/, `"${kind}" by ${how} failed otherwise: ${got.refused}`);
        }
      }
      assert.deepEqual(answers['port audit'], { answered: 'object' }, 'an audit was not answered');
    });
  });
}
