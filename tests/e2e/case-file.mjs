// Issue 22: the case file. On a fixture page: keep a record from a warning, then switch
// the setting off (the record notes when); on the card,
// copy a letter and say it was sent today; on the Letters page, copy one and say it was
// sent two months ago; My case then shows the page, and the letter overdue
// with its next step, and the popup says a reply is overdue. The case file exported and
// imported into a fresh profile is the same; "Forget everything" empties it; on a shared
// computer it is kept in the browser's session storage only. Nothing leaves the extension
// meanwhile (the proxy's record, as in suite.mjs).

import { describe, before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch } from './browsers.mjs';
import { startProxy, SITE_HOST } from './proxy.mjs';
import { waitFor } from './webdriver.mjs';
import { pageChecks, warningBeside, assertNothingLeftTheExtension, sleep } from './checks.mjs';

// In an extension page: the case file as stored, through the extension's own module.
const READ_CASE = `
  const { readCase } = await import(new URL('../shared/case-file.js', location.href).href);
  return await readCase();`;
const EXPORT_CASE = `
  const { exportJson, readCase } = await import(new URL('../shared/case-file.js', location.href).href);
  return exportJson(await readCase());`;
const WHERE_KEPT = `
  const api = globalThis.browser ?? globalThis.chrome;
  const local = (await api.storage.local.get('caseFile')).caseFile;
  const session = (await api.storage.session.get('caseFile')).caseFile;
  return { local: local?.entries?.length ?? 0, session: session?.entries?.length ?? 0 };`;

// A day `months` calendar months before today, as a date input takes it.
function monthsAgo(months) {
  const day = new Date();
  day.setMonth(day.getMonth() - months);
  const two = (n) => String(n).padStart(2, '0');
  return `${day.getFullYear()}-${two(day.getMonth() + 1)}-${two(day.getDate())}`;
}

export function defineCaseFile(browser) {
  describe(`the case file, in ${browser === 'chrome' ? 'Chromium' : 'Firefox ESR'}`, { timeout: 240_000 }, () => {
    let proxy;
    let b;
    let s;
    let checks;
    const work = mkdtempSync(join(tmpdir(), 'untick-case-'));

    before(async () => {
      proxy = await startProxy();
      b = await launch(browser, proxy.port);
      s = b.session;
      checks = pageChecks(b);
    });

    after(async () => {
      await b?.close();
      await proxy?.close();
      rmSync(work, { recursive: true, force: true });
    });

    const caseEntries = () =>
      checks.inExtensionTab('case/case.html', async () => {
        await waitFor(async () => (await s.findAll('#entries > li')).length > 0, { message: 'My case to list its entries' });
        return s.execute(`return Array.from(document.querySelectorAll('#entries > li'),
          (li) => ({ type: li.dataset.type ?? '', overdue: li.classList.contains('overdue'), text: li.innerText }))`);
      });

    test('a record kept, a letter marked sent two months ago: My case shows both, the letter overdue with its next step', async () => {
      const { open, expectWarningsBeside, readWarnings, inExtensionTab } = checks;
      await open('register.html?name=Sam');
      const ws = await expectWarningsBeside(['provider-access', 'adviser-yes', 'public-cv']);
      // "Keep a record of this page", under a warning's "Why?".
      const w = warningBeside(ws, 'provider-access');
      const [why] = await s.findAllInShadow(w.root, 'details > summary');
      const [keep] = await s.findAllInShadow(w.root, 'button.keep');
      await s.click(why);
      await waitFor(async () => (await s.text(keep)).trim() === 'Keep a record of this page', { message: 'the button under "Why?"' });
      await s.click(keep);
      await waitFor(async () => /Kept in your case file/.test(warningBeside(await readWarnings(), 'provider-access').text), {
        message: 'the card to say the record was kept',
      });
      // Then the person switches it off: the record notes when.
      await s.click(warningBeside(await readWarnings(), 'provider-access').buttons['Untick it']);
      await waitFor(async () => !(await s.execute('return document.getElementById("provider-access").checked')), {
        message: '"Untick it" to untick the box',
      });
      // On the card, after "Copy the letter": "I have sent it today" (the public CV's letter).
      const cv = warningBeside(await readWarnings(), 'public-cv');
      await s.click(cv.buttons['Copy the letter']);
      const [sentToday] = await s.findAllInShadow(cv.root, 'button.sent');
      await waitFor(async () => /I have sent it today/.test(await s.text(sentToday)), { message: 'the card to offer "I have sent it today"' });
      await s.click(sentToday);
      await waitFor(async () => /Added to your case file/.test(warningBeside(await readWarnings(), 'public-cv').text), {
        message: 'the card to say the letter was added',
      });

      // A letter copied on the Letters page, then said to be sent two months ago.
      const sentOn = monthsAgo(2);
      await inExtensionTab('letters/letters.html', async () => {
        const copyButton = await waitFor(async () => (await s.findAll('#withdraw-provider button.primary'))[0], {
          message: 'the Letters page to list the letters',
        });
        await s.click(copyButton);
        const form = await waitFor(async () => (await s.findAll('#withdraw-provider form.sent-form'))[0], {
          message: 'the question "Did you send it?" after copying',
        });
        assert.match(await s.text(form), /Did you send it\? When, and to whom\?/);
        await s.execute(`document.querySelector('#withdraw-provider input[type=date]').value = arguments[0];`, sentOn);
        const to = await s.find('#withdraw-provider input[name=to]');
        await s.clear(to);
        await s.type(to, 'Example Employment Ltd');
        await s.click(await s.find('#withdraw-provider form.sent-form button[type=submit]'));
        await waitFor(async () => /Added to your case file/.test(await s.text(await s.find('#withdraw-provider .sent'))), {
          message: 'the letter to be added to the case file',
        });
      });

      const entries = await waitFor(async () => {
        const listed = await caseEntries();
        return listed.some((e) => /then switched off on/.test(e.text)) && listed;
      }, { message: 'My case to note when the setting was switched off', timeout: 10_000 });
      assert.equal(entries.length, 3);
      assert.equal(entries[0].type, 'letter', 'oldest first: the letter sent two months ago');
      const [letter] = entries;
      const page = entries.find((e) => e.type === 'page');
      const today = entries.find((e, i) => i > 0 && e.type === 'letter');
      assert.match(today.text, /Make your profile private and your CV unsearchable/);
      assert.match(today.text, /A reply is due by \d+ \w+ \d{4} \(\d+ days left\)\./);
      assert.equal(today.overdue, false);
      assert.match(letter.text, /Withdraw consent: your provider's access to your account/);
      assert.match(letter.text, /Sent to Example Employment Ltd\./);
      assert.match(letter.text, /Overdue: a reply was due by \d+ \w+ \d{4}, \d+ days ago\./);
      assert.match(letter.text, /If you have no full answer, send “Make a data protection complaint to the organisation”\./);
      assert.equal(letter.overdue, true, 'the overdue letter is marked so');
      assert.match(page.text, new RegExp(`Page kept on .*\\n[\\s\\S]*MyWorkSearch \\(${SITE_HOST.replace(/\./g, '\\.')}\\): https?://${SITE_HOST.replace(/\./g, '\\.')}/register\\.html`));
      assert.doesNotMatch(page.text, /name=Sam/, 'the address is kept without its query string');
      assert.match(page.text, /“Allow my employment support provider to access my account and view my job search activity”: Switched on for you, still on when kept, then switched off on \d+ \w+ \d{4}, \d\d:\d\d\./);
      assert.match(page.text, /“Make my CV public so that employers can find and view it”: Switched on for you, still on when kept\./);
      assert.equal((page.text.match(/still on when kept|switched off before/g) ?? []).length, 3, 'each of the three settings');

      await inExtensionTab('popup/popup.html', async () => {
        const notice = await waitFor(async () => (await s.findAll('#overdue:not([hidden])'))[0], {
          message: 'the popup to say a reply is overdue',
        });
        assert.match(await s.text(notice), /A reply to a letter you sent is overdue/);
      });
    });

    test('exported, then imported into a fresh profile, the case file is the same', async () => {
      const exported = await checks.inExtensionTab('case/case.html', () => s.executeAsync(EXPORT_CASE));
      const file = join(work, 'untick-case.json');
      writeFileSync(file, exported);
      const original = await checks.inExtensionTab('case/case.html', () => s.executeAsync(READ_CASE));
      assert.equal(original.entries.length, 3);

      // Its own proxy: the main one's record is judged at the end against this browser's.
      const freshProxy = await startProxy();
      const fresh = await launch(browser, freshProxy.port);
      try {
        const other = pageChecks(fresh);
        const imported = await other.inExtensionTab('case/case.html', async () => {
          const f = fresh.session;
          assert.equal((await f.executeAsync(READ_CASE)).entries.length, 0, 'a fresh profile has an empty case file');
          await f.type(await f.find('#import'), file);
          await waitFor(async () => /Added 3 entries/.test(await f.text(await f.find('#case-status'))), {
            message: 'the import to say what it added',
          });
          // Imported twice, nothing is added twice.
          await f.type(await f.find('#import'), file);
          await waitFor(async () => /Added 0 entries/.test(await f.text(await f.find('#case-status'))), {
            message: 'a second import to add nothing',
          });
          return f.executeAsync(READ_CASE);
        });
        assert.deepEqual(imported, original);
      } finally {
        await fresh.close();
        await freshProxy.close();
      }
    });

    test('a file that is not a case file is refused in plain words, and nothing is added', async () => {
      const file = join(work, 'not-a-case.json');
      writeFileSync(file, '{"entries": [{"type": "letter", "letter": "<img src=x onerror=alert(1)>", "sent": "2026-01-01"}]}');
      await checks.inExtensionTab('case/case.html', async () => {
        await s.type(await s.find('#import'), file);
        await waitFor(async () => /not a case file saved by Untick/.test(await s.text(await s.find('#case-status'))), {
          message: 'the import to refuse the file',
        });
        assert.equal((await s.executeAsync(READ_CASE)).entries.length, 3);
      });
    });

    test('"Forget everything" empties the case file', async () => {
      const { inExtensionTab } = checks;
      await inExtensionTab('options/options.html', async () => {
        await s.click(await s.find('#forget'));
        await s.click(await s.find('#forget-yes'));
        await waitFor(async () => /forgotten/.test(await s.text(await s.find('#forget-status'))), { message: 'Forget everything' });
      });
      const after = await inExtensionTab('case/case.html', async () => {
        await waitFor(async () => (await s.findAll('#entries > li')).length > 0, { message: 'My case to draw' });
        return { text: await s.text(await s.find('#entries')), stored: await s.executeAsync(READ_CASE) };
      });
      assert.match(after.text, /Nothing kept yet/);
      assert.equal(after.stored.entries.length, 0);
    });

    test('on a shared computer the case file is kept only in session storage, which goes when Untick is started afresh', async () => {
      const { inExtensionTab } = checks;
      const setShared = (on) =>
        inExtensionTab('options/options.html', async () => {
          const box = await waitFor(async () => (await s.findAll('#shared-computer'))[0], { message: 'the setting' });
          if ((await s.execute('return document.getElementById("shared-computer").checked')) !== on) await s.click(box);
          await waitFor(async () => (await s.text(await s.find('#shared-status'))).length > 0, { message: 'the setting to be saved' });
        });
      // One entry to keep, then the setting on and off: it moves each time.
      await inExtensionTab('case/case.html', () =>
        s.executeAsync(`
          const { addEntry } = await import(new URL('../shared/case-file.js', location.href).href);
          await addEntry({ type: 'letter', letter: 'subject-access', title: 'Ask for a copy', to: 'DWP', sent: '2026-11-02' });`),
      );
      const whereKept = () => inExtensionTab('case/case.html', () => s.executeAsync(WHERE_KEPT));
      await setShared(true);
      assert.deepEqual(await whereKept(), { local: 0, session: 1 }, 'moved to session storage');
      await setShared(false);
      assert.deepEqual(await whereKept(), { local: 1, session: 0 }, 'moved back');
      await setShared(true);
      const notice = await inExtensionTab('case/case.html', async () => {
        await waitFor(async () => (await s.findAll('#shared:not([hidden])')).length === 1, { message: 'the shared-computer notice' });
        return s.text(await s.find('#shared'));
      });
      assert.match(notice, /kept only until the browser closes/);
      // The browser empties session storage when it closes, and when it starts the
      // extension afresh: a reload stands in for closing the browser (the harness starts
      // each browser with a new profile). Firefox only: Chromium, started with the
      // extension on its command line, does not load it again after runtime.reload()
      // (seen here: no service worker, its pages blocked), so there the check above, that
      // the file lives in session storage only, is what can be shown.
      if (browser !== 'firefox') {
        await setShared(false);
        return;
      }
      const testTab = await s.windowHandle();
      const reloadTab = await s.newTab();
      await s.switchToWindow(reloadTab);
      await s.navigate(`${b.extensionBase}options/options.html`);
      await s.execute('setTimeout(() => (globalThis.browser ?? globalThis.chrome).runtime.reload(), 100); return true;');
      await sleep(1500);
      for (const handle of await s.windowHandles()) {
        if (handle !== testTab) {
          await s.switchToWindow(handle);
          await s.closeWindow().catch(() => {});
        }
      }
      await s.switchToWindow(testTab);
      const after = await waitFor(
        () => inExtensionTab('case/case.html', async () => {
          await waitFor(async () => (await s.findAll('#entries > li')).length > 0, { message: 'My case to draw' });
          return { text: await s.text(await s.find('#entries')), kept: await s.executeAsync(WHERE_KEPT) };
        }).catch(() => false),
        { message: 'Untick to start again after the reload', timeout: 15_000 },
      );
      assert.deepEqual(after.kept, { local: 0, session: 0 }, 'the case file went with the session');
      assert.match(after.text, /Nothing kept yet/);
      await setShared(false);
    });

    // Last: it closes the browser to read the whole session's record.
    test('no request leaves the extension', async (t) => {
      // One more round on the page, with a record kept from the popup's list.
      await checks.open('register.html');
      await checks.expectWarningsBeside(['provider-access', 'adviser-yes', 'public-cv']);
      await checks.inExtensionTab('popup/popup.html', async () => {
        const keep = await waitFor(async () => (await s.findAll('#keep:not([hidden]) #keep-record'))[0], {
          message: 'the popup\'s "Keep a record of this page"',
        });
        await s.click(keep);
        await waitFor(async () => /Kept in your case file/.test(await s.text(await s.find('#keep-status'))), {
          message: 'the popup to say the record was kept',
        });
      });
      // As in suite.mjs: let the browser's own requests of the moment finish and be
      // recorded before it quits (one cut short is in the proxy's record but not the browser's).
      await sleep(1500);
      await assertNothingLeftTheExtension(t, b, proxy);
    });
  });
}
