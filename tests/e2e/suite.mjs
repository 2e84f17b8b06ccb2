// The end-to-end checks, run once per browser (chromium.test.mjs, firefox.test.mjs) against
// the extension as built in dist/, on fixture pages served under the known site's hostname
// (defineSuite) and under a site Untick does not know (defineToolbarSuite).

import { describe, before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch } from './browsers.mjs';
import { startProxy, SITE, SITE_HOST, SITE_HTTP, FRAMED_SITE_HOST, OTHER_SITE, OTHER_HOST, NO_CONTENT_PATH } from './proxy.mjs';
import { Keys, waitFor } from './webdriver.mjs';
import { expectedLetter } from './letters.mjs';
import { pageChecks, warningBeside, assertNothingLeftTheExtension, sleep, SETTLE, PAINT_TIMEOUT } from './checks.mjs';
import { toolbarOf, PERMISSION_PROMPT_UNANSWERABLE } from './toolbar.mjs';

// Both browsers stop an extension's background after 30 seconds without events.
const BACKGROUND_IDLE_MS = 35_000;

export function defineSuite(browser) {
  describe(`Untick in ${browser === 'chrome' ? 'Chromium' : 'Firefox ESR'}`, { timeout: 240_000 }, () => {
    let proxy;
    let b;
    let s;
    let readWarnings, open, expectWarningsBeside, expectBadge, inExtensionTab, inFrame;

    before(async () => {
      proxy = await startProxy();
      b = await launch(browser, proxy.port);
      s = b.session;
      ({ readWarnings, open, expectWarningsBeside, expectBadge, inExtensionTab, inFrame } = pageChecks(b));
    });

    after(async () => {
      await b?.close();
      await proxy?.close();
    });

    const isOn = (id) =>
      s.execute(
        `const el = document.getElementById(arguments[0]);
         return el.getAttribute('role') === 'switch' ? el.getAttribute('aria-checked') === 'true' : el.checked;`,
        id,
      );

    // Issue 17: people expect a privacy extension to say, once, what it does and how to pin it.
    test('on first install Untick opens its welcome page, with the way to the details and the letters', async () => {
      assert.equal(b.welcomed, true, 'no welcome page opened when Untick was installed');
      await inExtensionTab('welcome/welcome.html', async () => {
        await waitFor(() => s.execute('return document.readyState === "complete"'));
        const links = await s.execute('return Array.from(document.querySelectorAll("a"), (a) => a.getAttribute("href"))');
        assert.deepEqual(links, ['../options/options.html', '../letters/letters.html']);
        assert.match(await s.text(await s.find('h1')), /Untick is ready/);
      });
    });

    test('warnings appear beside each default-on sharing control and nowhere else; the badge counts them', async () => {
      await open('register.html');
      const ws = await expectWarningsBeside(['provider-access', 'adviser-yes', 'public-cv']);
      // Each offers the letter, and a button that says what it will do.
      const switchButtons = { 'provider-access': 'Untick it', 'adviser-yes': 'Choose \u201cNo\u201d', 'public-cv': 'Untick it' };
      for (const w of ws) {
        assert.equal(w.role, 'note', `warning beside #${w.anchor} should be a note`);
        assert.ok(w.buttons['Copy the letter'], `warning beside #${w.anchor} has no "Copy the letter" button`);
        const wanted = switchButtons[w.anchor];
        assert.ok(w.buttons[wanted], `warning beside #${w.anchor} has no "${wanted}" button: ${Object.keys(w.buttons)}`);
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

    /** Pastes the clipboard (Ctrl+V, as a person would) into an emptied #notes. */
    async function paste() {
      await s.execute('document.getElementById("notes").value = ""');
      await s.click(await s.find('#notes'));
      await s.keyChord(Keys.control, 'v');
      return s.execute('return document.getElementById("notes").value');
    }

    /**
     * Clicks a warning's copy button, then pastes into #notes. Chromium's offscreen
     * document may say "Copied" a moment before the browser's clipboard holds it (two
     * message pipes, no order between them), so the paste is tried again for a little
     * while until the clipboard's content has changed; a person pastes seconds later.
     */
    async function copyAndPaste(w) {
      const before = await paste();
      await s.click(w.buttons['Copy the letter']);
      await waitFor(async () => (await s.text(w.buttons['Copy the letter'])).trim() === 'Copied', {
        timeout: 3000,
        message: `the copy button beside #${w.anchor} to say "Copied"`,
      });
      const end = Date.now() + 3000;
      let pasted = await paste();
      while ((!pasted || pasted === before) && Date.now() < end) {
        await new Promise((go) => setTimeout(go, 100));
        pasted = await paste();
      }
      assert.ok(pasted, 'the clipboard to paste into the text box');
      return pasted;
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

    // Issue 17: short first. "Why?" opens why it matters; "What is this?" says the card is
    // Untick's; "Report a mistake" copies a report with no personal details.
    test('a warning shows its headline, one sentence and the buttons; "Why?" and "What is this?" open the rest; "Report a mistake" copies a report', async () => {
      await saveDetails({ name: 'Alex Testperson' });
      await open('register.html?account=alex%40example.org');
      const ws = await expectWarningsBeside(['provider-access', 'adviser-yes', 'public-cv']);
      const w = warningBeside(ws, 'provider-access');
      assert.match(w.text, /This box was ticked for you\./);
      assert.doesNotMatch(w.text, /Recital 32/, 'the law is shown before "Why?" is opened');
      const [why, about] = await s.findAllInShadow(w.root, 'details > summary');
      await s.click(why);
      await waitFor(async () => /Recital 32/.test(await s.text((await s.findAllInShadow(w.root, '[role=note]'))[0])), {
        message: '"Why?" to show why it matters',
      });
      await s.click(about);
      const [card] = await s.findAllInShadow(w.root, '[role=note]');
      await waitFor(async () => /from Untick, an extension added to this browser/.test(await s.text(card)), {
        message: '"What is this?" to say whose the warning is',
      });
      const [reportIt] = await s.findAllInShadow(w.root, 'button.report');
      await s.execute('document.getElementById("notes").value = ""');
      await s.click(reportIt);
      await waitFor(async () => /A report of this warning is copied/.test(await s.text(card)), { message: 'the report to be copied' });
      await s.click(await s.find('#notes'));
      await s.keyChord(Keys.control, 'v');
      const pasted = await waitFor(() => s.execute('return document.getElementById("notes").value'), { message: 'the report to paste' });
      assert.match(pasted, /Untick: a warning that may be wrong/);
      assert.ok(pasted.includes('Allow my employment support provider to access my account'), pasted);
      assert.ok(pasted.includes('/register.html\n'), `the page's address, without its query: ${pasted}`);
      for (const personal of ['Alex Testperson', 'alex', 'account=']) assert.ok(!pasted.includes(personal), `"${personal}" in the report: ${pasted}`);
      await saveDetails({ name: '' });
    });

    const REGISTER_LETTERS = [
      ['provider-access', 'withdraw-provider', 'Allow my employment support provider to access my account and view my job search activity'],
      ['adviser-yes', 'withdraw-dwp', 'Can your Jobcentre work coach see your job search activity and account details?'],
      ['public-cv', 'make-private', 'Make my CV public so that employers can find and view it'],
    ];

    test('"Copy the letter" puts the matching letter, naming the setting, on the clipboard', async () => {
      await open('register.html');
      const ws = await expectWarningsBeside(['provider-access', 'adviser-yes', 'public-cv']);
      for (const [anchor, letter, label] of REGISTER_LETTERS) {
        assertLetter(await copyAndPaste(warningBeside(ws, anchor)), letter, label);
        // The warning then says, where it can be seen, who to send it to and what to do next.
        const { to, after } = expectedLetter(letter);
        const text = warningBeside(await readWarnings(), anchor).text;
        assert.ok(
          text.includes(`Paste it into an email or letter to ${to}`),
          `after copying, the warning beside #${anchor} should say to send it to ${to}`,
        );
        assert.ok(text.includes(after), `after copying, the warning beside #${anchor} should say what to do next: ${after}`);
      }
    });

    test('on a plain http page too, warnings appear and copying works', async () => {
      await open('register.html', SITE_HTTP);
      const ws = await expectWarningsBeside(['provider-access', 'adviser-yes', 'public-cv']);
      const [anchor, letter, label] = REGISTER_LETTERS[0];
      assertLetter(await copyAndPaste(warningBeside(ws, anchor)), letter, label);
      await expectBadge('3');
    });

    // Issue 16: where the page's clipboard was refused, the letter went through a textarea and
    // the copy command in the page, whose copy listener could read it and swap it.
    for (const [where, site] of [['https, clipboard writes refused to the page', SITE], ['plain http', SITE_HTTP]]) {
      test(`a page listening for copies sees none of the letter and cannot swap it (${where})`, async () => {
        await open('hostile-copy.html', site);
        const [w] = await expectWarningsBeside(['copy-share']);
        const pasted = await copyAndPaste(w);
        assert.ok(!pasted.includes('SWAPPED'), `the page swapped the copied letter: ${pasted}`);
        assertLetter(pasted, REGISTER_LETTERS[0][1], REGISTER_LETTERS[0][2]);
        // No copy event and no selection: the copy happened outside the page.
        assert.deepEqual(await s.execute('return window.seenByPage'), [], 'the page saw the copy');
      });
    }

    // Issue 16: a capture listener on the window that stopped every click disabled the card.
    test('a page that stops every click cannot disable the warning\'s buttons', async () => {
      await open('hostile-clicks.html');
      const [w] = await expectWarningsBeside(['stopped-share']);
      assertLetter(await copyAndPaste(w), REGISTER_LETTERS[0][1], REGISTER_LETTERS[0][2]);
      await s.click(w.buttons['Untick it']);
      await waitFor(async () => !(await isOn('stopped-share')), { timeout: 3000, message: '"Untick it" to untick the box' });
    });

    test('the warning\'s buttons are reachable and usable by keyboard', async () => {
      await open('register.html');
      const ws = await expectWarningsBeside(['provider-access', 'adviser-yes', 'public-cv']);
      // From the box itself, Tab moves into its warning; Enter on "Copy the letter" copies.
      await s.execute('document.getElementById("provider-access").focus()');
      await s.keyChord(Keys.tab);
      const focused = await s.execute(
        'const a = document.activeElement; return a && a.hasAttribute("data-untick-warning") && a.previousElementSibling.contains(document.getElementById("provider-access"));',
      );
      assert.equal(focused, true, 'Tab from the box should move focus into its warning');
      await s.keyChord(Keys.enter);
      const copy = warningBeside(ws, 'provider-access').buttons['Copy the letter'];
      await waitFor(async () => (await s.text(copy)).trim() === 'Copied', {
        timeout: 3000,
        message: 'Enter on the focused "Copy the letter" to copy',
      });
    });

    test('a control that is on and locked is warned about, with no "Untick it"', async () => {
      await open('locked.html');
      const [w] = await expectWarningsBeside(['locked-share']);
      assert.ok(w.buttons['Copy the letter'], 'a locked setting can still be refused in writing');
      assert.equal(w.buttons['Untick it'], undefined, '"Untick it" offered for a control that cannot be switched off');
      await expectBadge('1');
    });

    // Each warning then says it was changed; the next click waits for that, so
    // that it does not land while the warnings above are being redrawn.
    const switchOff = async (anchor, button, done, what) => {
      await s.click(warningBeside(await readWarnings(), anchor).buttons[button]);
      await waitFor(done, { message: what });
      await waitFor(async () => /^Switched off\. Save the form to keep the change\./m.test(warningBeside(await readWarnings(), anchor).text), {
        message: `the warning beside #${anchor} to fold to one line: switched off, and when that counts`,
      });
    };

    test('"Untick it" and "Choose" switch each control off', async () => {
      await open('register.html');
      await expectWarningsBeside(['provider-access', 'adviser-yes', 'public-cv']);
      await switchOff('provider-access', 'Untick it', async () => !(await isOn('provider-access')), 'the provider box to be unticked');
      await switchOff('adviser-yes', 'Choose \u201cNo\u201d', () => isOn('adviser-no'), '"No" to be chosen for the work coach');
      await switchOff('public-cv', 'Untick it', async () => !(await isOn('public-cv')), 'the public CV switch to be off');
      // Only what was asked for changed.
      assert.equal(await isOn('remember'), true);
      assert.equal(await isOn('partners'), false);
      // The badge counts what is still on (issue 17).
      await expectBadge('');
      // "Undo" puts a setting back as the page had it, and its warning returns in full.
      await s.click(warningBeside(await readWarnings(), 'provider-access').buttons.Undo);
      await waitFor(() => isOn('provider-access'), { message: '"Undo" to tick the provider box again' });
      await waitFor(async () => /employment support provider to access my account/.test(warningBeside(await readWarnings(), 'provider-access').text), {
        message: 'the full warning to return after "Undo"',
      });
      await expectBadge('1');
    });

    test('an opt-out box left empty offers "Tick it to opt out", never "Untick it"', async () => {
      await open('optout.html');
      const ws = await expectWarningsBeside(['no-partners', 'cv-visibility']);
      const optOut = warningBeside(ws, 'no-partners');
      assert.equal(optOut.buttons['Untick it'], undefined, '"Untick it" on a box where leaving it empty is what shares');
      assert.equal(warningBeside(ws, 'cv-visibility').buttons['Untick it'], undefined, '"Untick it" on a drop-down');
      await switchOff('no-partners', 'Tick it to opt out', () => isOn('no-partners'), 'the opt-out box to be ticked');
      await switchOff(
        'cv-visibility',
        'Choose \u201cOnly me\u201d',
        () => s.execute(`return document.getElementById('cv-visibility').value === 'private'`),
        '"Only me" to be chosen',
      );
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
      // change event and once silently. Each alert is awaited before the next click: the
      // alert's banner moves what is below it, and a click landing meanwhile could miss.
      let roles;
      const alertBeside = (id) =>
        waitFor(async () => {
          roles = Object.fromEntries((await readWarnings()).map((w) => [w.anchor, w.role]));
          return roles[id] === 'alert';
        }, { timeout: 3000, message: `a role=alert warning beside #${id}` }).catch((e) => {
          throw new Error(`${e.message}; roles now: ${JSON.stringify(roles)}`);
        });
      for (const id of anchors) {
        await s.click(await s.find(`#${id}`));
        await waitFor(async () => isOn(id), { message: `the page to tick #${id} again` });
        await alertBeside(id);
      }
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

    // Issue 16: a page that defined <untick-warning> first left Untick with no warning and no count.
    test('a page that defines Untick\'s old element name, or replaces attachShadow, still gets its warning', async () => {
      await open('hostile-define.html');
      const [w] = await expectWarningsBeside(['defined-share']);
      assert.ok(w.buttons['Copy the letter'], 'the warning has no "Copy the letter" button');
      await expectBadge('1');
    });

    // Issue 16: each of 20,000 parts a page added was compared with every other pending part.
    test('a page that adds 20,000 parts one by one still gets its warning', async (t) => {
      await open('hostile-append.html');
      await expectWarningsBeside(['append-share']);
      // For the log only (the VM is noisy): how long the page's own timer had to wait.
      t.diagnostic(`longest wait of the page's 5 ms timer: ${Math.round(await s.execute('return window.longestGap'))} ms`);
    });

    // Issue 17: on GOV.UK Frontend's checkboxes the card went between the box and its label,
    // and the tick was drawn empty; on its inline radios it split Yes from No.
    test('on GOV.UK Frontend checkboxes and radios the card follows the item or group, and the tick stays drawn', async () => {
      await open('layout-govuk.html');
      const ws = await expectWarningsBeside(['govuk-provider', 'govuk-coach']);
      const cards = Object.fromEntries(ws.map((w) => [w.anchor, w.host]));
      const layout = () =>
        s.execute(`
          const card = (id) => arguments[0][id];
          const box = document.getElementById('govuk-provider');
          const radio = document.getElementById('govuk-coach');
          return {
            boxThenLabel: box.nextElementSibling?.getAttribute('for'),
            tick: getComputedStyle(box.nextElementSibling, '::after').opacity,
            dot: getComputedStyle(radio.nextElementSibling, '::after').opacity,
            providerCardAfter: card('govuk-provider').previousElementSibling?.id,
            coachCardAfter: card('govuk-coach').previousElementSibling?.id,
            yesThenNo: document.getElementById('govuk-coach-yes-item').nextElementSibling?.id,
            widths: [card('govuk-provider'), card('govuk-coach')].map((c) => c.getBoundingClientRect().width),
          };`, cards);
      const before = await layout();
      assert.deepEqual(
        { ...before, widths: undefined },
        {
          boxThenLabel: 'govuk-provider',
          tick: '1',
          dot: '1',
          providerCardAfter: 'govuk-provider-item',
          coachCardAfter: 'govuk-coach-group',
          yesThenNo: 'govuk-coach-no-item',
          widths: undefined,
        },
      );
      assert.ok(before.widths.every((w) => w >= 280), `cards narrower than 280 px: ${before.widths}`);
      await expectBadge('2');
      // "Untick it" makes a change the person can see, and the badge counts what is still on.
      await s.click(warningBeside(ws, 'govuk-provider').buttons['Untick it']);
      await waitFor(async () => (await layout()).tick === '0', { timeout: 3000, message: 'the tick to go' });
      await expectBadge('1');
    });

    // Issue 17: a card squeezed beside a switch in a flex row, or into a 32 px table cell.
    test('beside a Bootstrap switch, in a flex row and in a table, the card is full width after the row', async () => {
      await open('layout-rows.html');
      const ws = await expectWarningsBeside(['bs-switch', 'flex-share', 'table-share']);
      const cards = Object.fromEntries(ws.map((w) => [w.anchor, w.host]));
      const layout = await s.execute(`
        const card = (id) => arguments[0][id];
        return Object.fromEntries(['bs-switch', 'flex-share', 'table-share'].map((id) => {
          const c = card(id);
          return [id, {
            after: c.previousElementSibling?.id,
            inTable: c.closest('table') !== null,
            parentDisplay: getComputedStyle(c.parentElement).display,
            width: c.getBoundingClientRect().width,
          }];
        }));`, cards);
      assert.deepEqual(
        Object.fromEntries(Object.entries(layout).map(([id, c]) => [id, { after: c.after, inTable: c.inTable, parentDisplay: c.parentDisplay }])),
        {
          'bs-switch': { after: 'bs-item', inTable: false, parentDisplay: 'block' },
          'flex-share': { after: 'flex-row', inTable: false, parentDisplay: 'block' },
          'table-share': { after: 'consent-table', inTable: false, parentDisplay: 'block' },
        },
      );
      for (const [id, c] of Object.entries(layout)) assert.ok(c.width >= 280, `the card for #${id} is ${c.width} px wide`);
      assert.equal(await s.execute('return document.getElementById("bs-switch").nextElementSibling.htmlFor'), 'bs-switch');
      // The person switches one off on the page itself: the badge follows.
      await expectBadge('3');
      await s.click(await s.find('#flex-share'));
      await expectBadge('2');
    });

    // Issue 16: a page could move a warning into a hidden element, or draw over it, and the
    // person was not told.
    test('a page that keeps hiding the warnings is caught: the badge and the popup say so', async () => {
      await open('hostile-hide.html');
      await expectBadge('2!');
      await inExtensionTab('popup/popup.html', async () => {
        const notice = await waitFor(async () => {
          const [p] = await s.findAll('#hid-warnings');
          return p && (await s.text(p)).trim();
        }, { message: 'the popup to say the page hid the warnings' });
        assert.match(notice, /This page hid Untick's warnings/);
        await waitFor(async () => (await s.findAll('#findings > li')).length === 2, { message: 'both settings listed in the popup' });
      });
    });

    // Issue 16: a frame written from srcdoc or filled in about:blank, and a closed shadow
    // root on a plain <div>, each hid a pre-ticked setting from Untick.
    test('settings in srcdoc and about:blank frames and in a div\'s shadow root are warned of', async () => {
      await open('hostile-frames.html');
      await inFrame('#srcdoc-frame', () => expectWarningsBeside(['srcdoc-share']));
      await inFrame('#blank-frame', () => expectWarningsBeside(['blank-share']));
      // The shadow root's warning is out of the test's reach (closed), but it is counted.
      await expectBadge('3');
    });

    // Issue 16: past 500,000 parts the engine refused the page, and nothing told the person.
    test('a page too big to check in full is checked in part, and the popup says so', async () => {
      await open('hostile-huge.html');
      await expectWarningsBeside(['huge-share'], { timeout: 60_000 });
      await expectBadge('1');
      await inExtensionTab('popup/popup.html', async () => {
        const notice = await waitFor(async () => {
          const [p] = await s.findAll('#in-part');
          return p && (await s.text(p)).trim();
        }, { message: 'the popup to say the page was checked in part' });
        assert.match(notice, /too big for Untick to check in full/);
      });
    });

    // Issue 16: label text drawn with CSS ::before and ::after was not read at all.
    test('a label whose words are drawn by CSS is read as the person reads it', async () => {
      await open('hostile-drawn.html');
      const ws = await expectWarningsBeside(['drawn-share', 'drawn-coach', 'drawn-attr', 'drawn-cv']);
      assert.match(warningBeside(ws, 'drawn-coach').text, /work coach to see my job search/);
      await expectBadge('4');
    });

    test('a page\'s own styles cannot hide or shrink the warnings', async () => {
      await open('hostile-styles.html');
      const [w] = await expectWarningsBeside(['styled-share']);
      const shown = await s.execute(
        `const host = arguments[0];
         const style = getComputedStyle(host);
         const box = host.getBoundingClientRect();
         return { display: style.display, visibility: style.visibility, opacity: style.opacity,
                  position: style.position, width: box.width, height: box.height, left: box.left };`,
        w.host,
      );
      assert.deepEqual(
        { display: shown.display, visibility: shown.visibility, opacity: shown.opacity, position: shown.position },
        { display: 'block', visibility: 'visible', opacity: '1', position: 'static' },
      );
      assert.ok(shown.width > 200 && shown.height > 100 && shown.left >= 0, `the warning is not laid out in view: ${JSON.stringify(shown)}`);
      // The text inside keeps its own size and colour (the page set 1px and transparent).
      const copy = w.buttons['Copy the letter'];
      const look = await s.execute(
        `const style = getComputedStyle(arguments[0]);
         return { size: parseFloat(style.fontSize), color: style.color, height: arguments[0].getBoundingClientRect().height };`,
        copy,
      );
      assert.ok(look.size >= 14 && look.height >= 30, `the button was shrunk: ${JSON.stringify(look)}`);
      assert.notEqual(look.color, 'rgba(0, 0, 0, 0)', 'the button text was made transparent');
    });

    test('a page cannot stand in for Untick\'s own objects with elements named after them', async () => {
      await open('clobber.html');
      const [w] = await expectWarningsBeside(['clobber-share']);
      assert.match(w.text, /employment support provider to access my account/);
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

    test('a form in a frame of the known site gets its warnings too, and the badge counts both', async () => {
      await open('framed.html');
      await expectWarningsBeside(['top-cv']);
      await inFrame('#settings-frame', async () => {
        const [w] = await expectWarningsBeside(['frame-provider']);
        assert.match(w.text, /employment support provider to access my account/);
      });
      await expectBadge('2');
      // A "pageshow" the page makes up is not the browser's: it changes nothing.
      await s.execute(`dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }))`);
      await sleep(SETTLE);
      await expectBadge('2');
      // The page removes the frame: its warning is no longer counted.
      await s.click(await s.find('#close-frame'));
      await expectBadge('1');
    });

    test('leaving a page with a frame leaves no count on the badge of the next page', async () => {
      await open('framed.html');
      await expectWarningsBeside(['top-cv']);
      await expectBadge('2');
      // A site Untick does not check: nothing there reports, so only a count left over
      // from the page before could show.
      await open('register.html', OTHER_SITE);
      await sleep(SETTLE);
      await expectBadge('');
    });

    test('coming back to a page counts its warnings again', async () => {
      const REGISTER = ['provider-access', 'adviser-yes', 'public-cv'];
      // Chromium keeps the page in its back/forward cache and shows it again as it was (a
      // mark left on the page's window survives); Firefox loads it again. Either way the
      // badge must count its warnings: after a site Untick does not check, and after
      // another checked page, whose document is newer than the one shown again.
      for (const [page, site, warnings] of [
        ['register.html', OTHER_SITE, []],
        ['locked.html', SITE, ['locked-share']],
      ]) {
        await open('register.html');
        await expectWarningsBeside(REGISTER);
        await expectBadge('3');
        await s.execute('window.untickTestMark = "left"');
        await open(page, site);
        await expectWarningsBeside(warnings);
        await expectBadge(warnings.length > 0 ? String(warnings.length) : '');
        await s.cmd('POST', '/back', {});
        await expectWarningsBeside(REGISTER);
        if (browser === 'chrome') {
          assert.equal(await s.execute('return window.untickTestMark'), 'left', 'the page was not kept in the cache');
        }
        await expectBadge('3');
      }
    });

    test('controls inside web components (open and closed shadow roots) get warnings, each read with its own label', async () => {
      await open('components.html');
      // Every consent-box has a checkbox with id "box" and a label for "box": each must be
      // read with the label in its own shadow root ("Remember me" shares nothing).
      const ws = await expectWarningsBeside(['provider-consent box', 'cv switch']);
      assert.match(warningBeside(ws, 'provider-consent box').text, /employment support provider to view my job search activity/);
      assert.match(warningBeside(ws, 'cv switch').text, /Make my CV public/);
      await expectBadge('2');

      // "Untick it" reaches into the closed shadow root.
      await s.click(warningBeside(ws, 'cv switch').buttons['Untick it']);
      await waitFor(
        () => s.execute(`return window.testShadowRoots[0].getElementById('switch').getAttribute('aria-checked') === 'false'`),
        { message: 'the switch in the closed shadow root to be switched off' },
      );

      // A setting the component adds to its shadow root later is checked too.
      const more = await s.execute(`return document.getElementById('more').shadowRoot.getElementById('add')`);
      await s.click(more);
      await waitFor(async () => (await readWarnings()).some((w) => w.anchor === 'more extra'), {
        timeout: PAINT_TIMEOUT,
        message: 'a warning beside the setting added inside the component',
      });
      assert.match(warningBeside(await readWarnings(), 'more extra').text, /work coach/);

      // A component whose code loads late gets its warning once it is drawn.
      await s.click(await s.find('#define-late'));
      await waitFor(async () => (await readWarnings()).some((w) => w.anchor === 'late-consent box'), {
        timeout: PAINT_TIMEOUT,
        message: 'a warning beside the setting of the component defined late',
      });
    });

    // A person may spend minutes on one page. Meanwhile the browser stops the idle
    // background (both do after 30 seconds, even with the page's port open), which closes
    // the page's port to it: the next change must still be checked. While it is stopped:
    // a page of a site Untick does not know must not start it (no work where Untick does
    // not run), and asking for a known site's page must, before any of the page arrives
    // (the engine then compiles during the page's own network time).
    test('the idle background stays stopped for other sites, starts when a known site is asked for, and a later step is still checked', async () => {
      await open('multistep.html');
      await sleep(BACKGROUND_IDLE_MS);
      assert.equal(await b.backgroundRunning(), false, 'the browser should have stopped the idle background');

      const pageTab = await s.windowHandle();
      const tab = await s.newTab();
      try {
        await s.switchToWindow(tab);
        await s.navigate(`${OTHER_SITE}/register.html`);
        await sleep(SETTLE);
        assert.equal(await b.backgroundRunning(), false, 'a page of a site Untick does not know started its background');
        // Answered 204: nothing of a page arrives, so no content script runs. Asked from the
        // page, as a link would: WebDriver's navigate waits for a load that never comes.
        await s.execute('location.href = arguments[0]', `${SITE}${NO_CONTENT_PATH}`);
        await waitFor(() => b.backgroundRunning(), {
          message: 'a request for a known site\'s page to start the background',
        });
      } finally {
        await s.closeWindow().catch(() => {});
        await s.switchToWindow(pageTab);
      }

      await s.click(await s.find('#next'));
      await expectWarningsBeside(['step2-provider']);
      await expectBadge('1');
    });

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
        // Each item shows its headline and its buttons first (issue 17); the page's words
        // are a click away.
        const provider = texts.findIndex((t) => t.includes('employment programme provider can see'));
        assert.ok(provider >= 0, `the popup should list the provider setting:\n${texts.join('\n---\n')}`);
        assert.ok(texts.some((t) => t.includes('work coach')) && texts.some((t) => t.includes('CV')));
        assert.ok(texts.every((t) => t.includes('Copy the letter')), 'every item shows its Copy button');
        const [more] = await s.findAllUnderByXPath(items[provider], './/details[contains(@class, "more")]/summary');
        await s.click(more);
        assert.match(await s.text(items[provider]), /employment support provider to access my account/);
        assert.ok(await s.find('#check-page'), 'no "Check this page" button');
        assert.match(await s.attribute(await s.find('#options-link'), 'href'), /options\/options\.html$/);
        const copy = (await s.findAll('#findings > li button')).length;
        assert.ok(copy >= 3, 'each warning in the popup should have its buttons');
        const [button] = await s.findAllUnderByXPath(items[provider], './/button[normalize-space()="Copy the letter"]');
        assert.ok(button, 'no "Copy the letter" in the popup for the provider setting');
        await s.click(button);
        await waitFor(async () => (await s.text(button)).trim() === 'Copied', { message: 'the popup copy to say "Copied"' });
        const { to } = expectedLetter(REGISTER_LETTERS[0][1]);
        const itemText = await s.text(items[provider]);
        assert.ok(itemText.includes(`Paste it into an email or letter to ${to}`), 'the popup should say who to send it to');
        assert.ok(itemText.includes('Keep a copy, and note the date'), 'the popup should say what to do once it is sent');
      });
      await s.execute('document.getElementById("notes").value = ""');
      await s.click(await s.find('#notes'));
      await s.keyChord(Keys.control, 'v');
      const pasted = await waitFor(() => s.execute('return document.getElementById("notes").value'), {
        message: 'the popup\'s letter to paste',
      });
      assertLetter(pasted, ...REGISTER_LETTERS[0].slice(1));
    });

    test('in the popup, a setting in a frame of another known site gets a letter to that site', async () => {
      // Both settings want the same letter; each site must get its own.
      const TOP = {
        anchor: 'top-provider',
        label: 'Let my employment support provider see my CV and the jobs I apply for',
        site: `MyWorkSearch (${SITE_HOST})`,
        host: SITE_HOST,
      };
      const FRAMED = {
        anchor: 'frame-provider',
        label: REGISTER_LETTERS[0][2],
        site: `avantajobs (${FRAMED_SITE_HOST})`,
        host: FRAMED_SITE_HOST,
      };
      await open('framed-avantajobs.html');
      await expectWarningsBeside([TOP.anchor]);
      await inFrame('#partner-frame', () => expectWarningsBeside([FRAMED.anchor]));
      await expectBadge('2');
      await inExtensionTab('popup/popup.html', async () => {
        const listed = await waitFor(async () => {
          const items = await s.execute(`
            return [...document.querySelectorAll('#findings > li')].map((li) => ({
              quoted: li.querySelector('.quote')?.textContent ?? '',
              letter: li.querySelector('pre.letter')?.textContent ?? '',
            }));`);
          return items.length === 2 && items.every((item) => item.letter) && items;
        }, { message: 'two warnings listed in the popup, each with its letter' });
        // "Save as .txt" makes a file named after the site; the test notes the name on the
        // page (the script's own globals may not last between calls) and stops the download.
        await s.execute(`
          document.addEventListener('click', (event) => {
            if (event.target.download) {
              document.body.dataset.savedAs = event.target.download;
              event.preventDefault();
            }
          }, true);`);
        const items = await s.findAll('#findings > li');
        for (const [mine, theirs] of [[TOP, FRAMED], [FRAMED, TOP]]) {
          const at = listed.findIndex((item) => item.quoted.includes(mine.label));
          assert.ok(at >= 0, `the popup should quote ${JSON.stringify(mine.label)}:\n${JSON.stringify(listed, null, 2)}`);
          const { letter } = listed[at];
          assertLetter(letter, 'withdraw-provider', mine.label);
          assert.ok(letter.includes(`Site: ${mine.site}`), `the letter for #${mine.anchor} should name ${mine.site}; it is:\n${letter}`);
          assert.ok(!letter.includes(theirs.host), `the letter for #${mine.anchor} names ${theirs.host}; it is:\n${letter}`);
          assert.ok(!letter.includes(theirs.label), `the letter for #${mine.anchor} names the other site's setting; it is:\n${letter}`);
          const [save] = await s.findAllUnderByXPath(items[at], './/button[normalize-space()="Save as .txt"]');
          assert.ok(save, `no "Save as .txt" in the popup for #${mine.anchor}`);
          await s.click(save);
          const saved = await waitFor(() => s.execute('return document.body.dataset.savedAs'), {
            message: `"Save as .txt" for #${mine.anchor} to make a file`,
          });
          assert.equal(saved, `untick-withdraw-provider-${mine.host}.txt`);
          await s.execute('delete document.body.dataset.savedAs');
        }
      });
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
        // The first click only asks; "No, keep them" must leave everything in place.
        await s.click(await s.find('#forget'));
        assert.equal(await s.execute('return document.getElementById("forget-confirm").hidden'), false);
        assert.equal(await s.execute('return document.activeElement.id'), 'forget-no', 'the safe answer should have the focus');
        await s.click(await s.find('#forget-no'));
        assert.equal(await s.execute('return document.getElementById("forget-confirm").hidden'), true);
        const kept = await s.executeAsync(
          'const { details } = await (globalThis.browser ?? globalThis.chrome).storage.local.get("details");' +
            'return details?.name ?? null;',
        );
        assert.equal(kept, 'Alex Testperson', '"No, keep them" should keep the details');
        await s.click(await s.find('#forget'));
        await s.click(await s.find('#forget-yes'));
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

    // Issue 18: three letters that other letters' after-texts send people to existed only in
    // the command line. Every letter is on the extension's Letters page, with the details.
    test('the Letters page offers every letter, filled in with the saved details', async () => {
      const ids = readFileSync(new URL('../../letters/order.txt', import.meta.url), 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'));
      await saveDetails({ name: 'Alex Testperson', address: '1 Test Street, Leeds' });
      await inExtensionTab('letters/letters.html', async () => {
        const listed = await waitFor(async () => {
          const found = await s.execute('return Array.from(document.querySelectorAll("#letters > li"), (li) => li.id)');
          return found.length > 0 && found;
        }, { message: 'the Letters page to list the letters' });
        assert.deepEqual(listed, ids);
        const subjectAccess = await s.execute('return document.querySelector("#subject-access pre").textContent');
        for (const line of ['Subject access request', 'Under Article 15', 'Name: Alex Testperson', 'Address: 1 Test Street, Leeds']) {
          assert.ok(subjectAccess.includes(line), `the subject access request lacks ${JSON.stringify(line)}:\n${subjectAccess}`);
        }
        // Only the name and address were saved: the rest a subject access request needs is named.
        const missing = await s.text(await s.find('#subject-access .notice'));
        assert.match(missing, /needs your date of birth and your National Insurance number/);
        assert.equal((await s.findAll('#complain-ico .notice')).length, 0, 'the name is all an ICO complaint needs');
        await s.click(await s.find('#complain-ico button.primary'));
        await waitFor(async () => (await s.text(await s.find('#complain-ico [role=status]'))).startsWith('Copied'), {
          message: 'Copy on the Letters page to say it copied',
        });
      });
      await saveDetails({ name: '', address: '' });
    });

    // Issue 17: a way to turn Untick off on one site, and back on, from the toolbar button.
    test('"Turn off on this site" removes the warnings and the count there, and "Turn back on here" restores them', async () => {
      await open('register.html');
      await expectWarningsBeside(['provider-access', 'adviser-yes', 'public-cv']);
      await expectBadge('3');
      const toggle = (expected) =>
        inExtensionTab('popup/popup.html', async () => {
          const button = await waitFor(async () => {
            const [found] = await s.findAll('#site-off');
            return found && (await s.text(found)).trim() === expected && found;
          }, { message: `the popup to offer "${expected}"` });
          await s.click(button);
        });
      await toggle('Turn off on this site');
      await waitFor(async () => (await readWarnings()).length === 0, { message: 'the warnings to go' });
      await expectBadge('');
      await inExtensionTab('popup/popup.html', async () => {
        await waitFor(async () => (await s.text(await s.find('#summary'))).includes('turned off on this site'), {
          message: 'the popup to say Untick is off here',
        });
      });
      await toggle('Turn back on here');
      await expectWarningsBeside(['provider-access', 'adviser-yes', 'public-cv']);
      await expectBadge('3');
    });

    test('"Not a data-sharing setting" leaves one line with Undo, drops it from the count, is remembered, and the popup can warn again', async () => {
      await open('register.html');
      let ws = await expectWarningsBeside(['provider-access', 'adviser-yes', 'public-cv']);
      await expectBadge('3');
      const setAside = async () => {
        const w = warningBeside(ws, 'public-cv');
        const [why] = await s.findAllInShadow(w.root, 'details > summary');
        const [button] = await s.findAllInShadow(w.root, 'button.not-setting');
        // "Why?" stays open after "Undo": open it only when closed.
        if ((await s.text(button)).trim() === '') await s.click(why);
        await waitFor(async () => (await s.text(button)).trim() === 'Not a data-sharing setting', {
          message: 'the button under "Why?"',
        });
        await s.click(button);
        await waitFor(async () => /will not warn about this setting on this site again/.test(warningBeside(await readWarnings(), 'public-cv').text), {
          message: 'the card to become one line',
        });
      };
      await setAside();
      await expectBadge('2');
      assert.ok(await isOn('public-cv'), 'the setting itself is left as it was');
      // "Undo" brings the warning back in full, and the count.
      await s.click(warningBeside(await readWarnings(), 'public-cv').buttons.Undo);
      await waitFor(async () => /Copy the letter/.test(warningBeside(await readWarnings(), 'public-cv').text), {
        message: 'the full warning to return after "Undo"',
      });
      await expectBadge('3');
      // Set aside again, it is remembered: after a reload it is neither drawn nor counted.
      ws = await readWarnings();
      await setAside();
      await open('register.html');
      await expectWarningsBeside(['provider-access', 'adviser-yes']);
      await expectBadge('2');
      await inExtensionTab('popup/popup.html', async () => {
        const text = await waitFor(async () => {
          const [notice] = await s.findAll('#set-aside:not([hidden])');
          return notice && (await s.text(notice));
        }, { message: 'the popup to say one setting here is set aside' });
        assert.match(text, /1 setting on this site is not a data-sharing setting/);
        await s.click(await s.find('#warn-again'));
      });
      await expectWarningsBeside(['provider-access', 'adviser-yes', 'public-cv']);
      await expectBadge('3');
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
        assert.equal((await s.findAll('[data-untick-warning]')).length, 0, 'warnings were added to the page');
      } finally {
        await choose('page');
      }
    });

    // Last: it closes the browser to read the whole session's record.
    test('no request leaves the extension', async (t) => {
      // One more round of everything the extension does on a page, with the copy too.
      await open('register.html');
      const ws = await expectWarningsBeside(['provider-access', 'adviser-yes', 'public-cv']);
      await s.click(ws[0].buttons['Copy the letter']);
      await sleep(1500);
      await assertNothingLeftTheExtension(t, b, proxy);
    });
  });
}

// The features behind the toolbar button, on a site Untick does not know (so none of the
// manifest's content scripts run there): "Check this page", and "Always check this site"
// where the browser's permission prompt can be answered. Its own browser session, launched
// so the tests can press the button (see toolbar.mjs).
export function defineToolbarSuite(browser) {
  describe(`Untick's toolbar button in ${browser === 'chrome' ? 'Chromium' : 'Firefox ESR'}`, { timeout: 110_000 }, () => {
    let proxy;
    let b;
    let toolbar;
    let readWarnings, open, expectWarningsBeside, expectBadge, inExtensionTab, inFrame;
    const REGISTER_WARNINGS = ['provider-access', 'adviser-yes', 'public-cv'];

    before(async () => {
      proxy = await startProxy();
      b = await launch(browser, proxy.port, { toolbar: true });
      toolbar = toolbarOf(b);
      ({ readWarnings, open, expectWarningsBeside, expectBadge, inExtensionTab, inFrame } = pageChecks(b));
    });

    after(async () => {
      await b?.close();
      await proxy?.close();
    });

    /** Opens `page` on the unknown site and checks Untick has left it alone. */
    async function openUnknownSitePage(page) {
      await open(page, OTHER_SITE);
      await sleep(1500); // time enough for a content script to have painted, had one run
      assert.deepEqual(await readWarnings(), [], `warnings on ${OTHER_HOST}/${page} before anyone asked for them`);
    }

    test('"Check this page" checks the page\'s frames of the same site too', async () => {
      await openUnknownSitePage('framed.html');
      await toolbar.clickToolbarButton();
      await toolbar.clickInPopup('#check-page');
      await expectWarningsBeside(['top-cv']);
      await inFrame('#settings-frame', () => expectWarningsBeside(['frame-provider']));
      await expectBadge('2');
    });

    test('"Check this page" still checks the page when a frame comes from a site it may not read', async () => {
      await openUnknownSitePage('framed-elsewhere.html');
      await toolbar.clickToolbarButton();
      await toolbar.clickInPopup('#check-page');
      await expectWarningsBeside(['top-cv']);
      await inFrame('#settings-frame', async () => {
        await sleep(SETTLE);
        assert.deepEqual(await readWarnings(), [], 'warnings in a frame of a site the person did not ask to check');
      });
      await expectBadge('1');
    });

    test('"Check this page" in the popup checks a site Untick does not know', async (t) => {
      await openUnknownSitePage('register.html');
      await expectBadge('');
      const opened = await toolbar.clickToolbarButton();
      assert.match(opened.summary, /has not checked this page/);
      assert.equal(opened.checkPageEnabled, true, '"Check this page" is disabled');
      await toolbar.clickInPopup('#check-page');
      const ws = await expectWarningsBeside(REGISTER_WARNINGS);
      assert.match(warningBeside(ws, 'provider-access').text, /employment support provider to access my account/);
      // The open popup hears of the findings and lists them.
      const listed = await waitFor(async () => {
        const state = await toolbar.readPopup();
        return state.findings.length === 3 && state;
      }, { message: 'the popup to list the three findings' }).catch(async (e) => {
        throw new Error(`${e.message}\n  popup: ${JSON.stringify(await toolbar.readPopup().catch((x) => x.message))}`);
      });
      assert.match(listed.summary, /3 settings on this page share your data/);
      assert.equal(listed.status, '', `the popup reports a problem: ${listed.status}`);
      await expectBadge('3');
      for (const note of toolbar.notes) t.diagnostic(note);
    });

    const unanswerable = PERMISSION_PROMPT_UNANSWERABLE[browser];
    const needsPrompt = { skip: unanswerable && `cannot be tested here: ${unanswerable}` };

    /** On a fresh load of the unknown site: "Always check this site", and the prompt's answer. */
    async function askToAlwaysCheck(allow) {
      await openUnknownSitePage('register.html');
      const opened = await toolbar.clickToolbarButton();
      assert.equal(opened.alwaysCheckEnabled, true, '"Always check this site" is disabled');
      const prompt = await toolbar.clickAndAnswerPermissionPrompt('#always-check', allow);
      assert.ok(prompt.includes(OTHER_HOST), `the prompt should name ${OTHER_HOST}: ${prompt}`);
    }

    test('refusing the browser\'s prompt after "Always check this site" changes nothing', needsPrompt, async () => {
      // The page checked by the last test is loaded afresh: activeTab ended with it.
      await askToAlwaysCheck(false);
      const refused = await waitFor(async () => {
        const state = await toolbar.readPopup();
        return state.status !== '' && state;
      }, { message: 'the popup to report the refusal' });
      assert.match(refused.status, /did not give permission/);
      assert.equal(refused.alwaysCheckEnabled, true, 'the person can still ask again');
      await openUnknownSitePage('register.html');
      await expectBadge('');
    });

    test('"Always check this site" asks the browser, then the site is checked at every load', needsPrompt, async () => {
      await askToAlwaysCheck(true);
      const granted = await waitFor(async () => {
        const state = await toolbar.readPopup();
        return !state.alwaysCheckEnabled && state;
      }, { message: 'the popup to take the permission' });
      assert.match(granted.status, /will check this site every time/);
      // The page already open is checked at once...
      await expectWarningsBeside(REGISTER_WARNINGS);
      // ...and every later load of the site, with no click at all.
      await open('locked.html', OTHER_SITE);
      await expectWarningsBeside(['locked-share']);
      await open('register.html', OTHER_SITE);
      await expectWarningsBeside(REGISTER_WARNINGS);
      await expectBadge('3');
    });

    test('"Stop checking" in the options ends the checks of a site the person added', needsPrompt, async () => {
      await inExtensionTab('options/options.html', async () => {
        const item = await waitFor(async () => {
          const items = await b.session.findAll('#sites > li');
          return items.length === 1 && items[0];
        }, { message: 'the options to list the one site added' });
        assert.match(await b.session.text(item), new RegExp(OTHER_HOST.replace(/\./g, '\\.')));
        const [stop] = await b.session.findAllUnderByXPath(item, './/button');
        await b.session.click(stop);
        await waitFor(async () => (await b.session.findAll('#sites > li')).length === 0, {
          message: 'the site to leave the options list',
        });
      });
      await openUnknownSitePage('register.html');
      await expectBadge('');
    });

    // Last: it closes the browser to read the whole session's record.
    test('no request leaves the extension', async (t) => {
      await assertNothingLeftTheExtension(t, b, proxy);
    });
  });
}
