// What a person does at the toolbar, in each browser: press Untick's button (which grants
// activeTab and opens the real popup), click a button inside that popup, read it, and answer
// the browser's own permission prompt. WebDriver cannot reach any of these, so each browser
// is driven through its own door; the extension runs exactly as built, nothing is mocked.
//
// Chromium (launched with { toolbar: true }): the DevTools pipe's Extensions.triggerAction
// runs the action as a click on the button does; the popup is a DevTools target, clicked with
// Input.dispatchMouseEvent (trusted input, a user gesture). Its permission prompt is a native
// dialog that nothing outside the browser can answer in headless mode.
//
// Firefox: only supported interfaces. WebDriver's chrome context (geckodriver's
// --allow-system-access, meant for testing the browser's own UI) clicks the Extensions button
// in the toolbar, then Untick's entry in that panel: activeTab is granted and the real popup
// opens. WebDriver cannot enter the popup's panel, so the popup page is then opened in a tab
// of its own, which acts on the tab the person was on, and is read and clicked with plain
// WebDriver. The permission prompt is a doorhanger whose buttons are clicked in the chrome
// context.

import { waitFor } from './webdriver.mjs';
import { sleep } from './checks.mjs';

// Browsers whose permission prompt the tests cannot answer, and why.
export const PERMISSION_PROMPT_UNANSWERABLE = {
  chrome:
    'Chromium asks with a native dialog, which headless Chromium gives no way to answer ' +
    '(no DevTools command or switch accepts it)',
};

/** The toolbar and popup of browser `b` (from launch(browser, port, { toolbar: true })). */
export function toolbarOf(b) {
  return b.browser === 'chrome' ? chromiumToolbar(b) : firefoxToolbar(b);
}

/** What the popup shows, read in the popup itself. Runs in the popup's window. */
function readPopup(win) {
  const doc = win.document;
  const byId = (id) => doc.getElementById(id);
  return {
    ready: doc.readyState === 'complete' && byId('summary').textContent !== '',
    summary: byId('summary').textContent,
    status: byId('footer-status').textContent,
    findings: [...doc.querySelectorAll('#findings > li')].map((li) => li.textContent),
    checkPageEnabled: !byId('check-page').disabled,
    alwaysCheckEnabled: !byId('always-check').disabled,
  };
}

/** Where to click on the popup's element `selector`, in its viewport. Runs in the popup. */
function centreOf(win, selector) {
  const el = win.document.querySelector(selector);
  if (!el) throw new Error(`no ${selector} in the popup`);
  el.scrollIntoView({ block: 'center' });
  const r = el.getBoundingClientRect();
  return [r.left + r.width / 2, r.top + r.height / 2];
}

async function waitForPopupReady(readState) {
  return waitFor(async () => {
    const state = await readState();
    return state.ready && state;
  }, { timeout: 10000, message: 'the popup to show what it knows about the tab' });
}

function chromiumToolbar(b) {
  const { cdp, session: s } = b;
  if (!cdp) throw new Error('Chromium was not launched with { toolbar: true }');
  const extensionId = new URL(b.extensionBase).host;
  const popupUrl = `${b.extensionBase}popup/popup.html`;
  let popupSession = null;
  const notes = [];

  async function evaluate(sessionId, expression) {
    const { result, exceptionDetails } = await cdp.send(
      'Runtime.evaluate',
      { expression, returnByValue: true, awaitPromise: true },
      sessionId,
    );
    if (exceptionDetails) throw new Error(`in the popup: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value;
  }

  const inPopup = (fn, ...args) => {
    if (!popupSession) throw new Error('the popup is not open');
    return evaluate(popupSession, `(${fn})(window, ...${JSON.stringify(args)})`);
  };

  const pages = async () => (await cdp.send('Target.getTargets')).targetInfos.filter((t) => t.type === 'page');

  async function closePopup() {
    for (const t of await pages()) {
      if (t.url === popupUrl) await cdp.send('Target.closeTarget', { targetId: t.targetId }).catch(() => {});
    }
    popupSession = null;
  }

  // Chromium opens DevTools on a popup if a debugger is attached to it when it is shown
  // (its "Inspect popup"): attach only once it has been shown, which gives it focus, and let
  // go at once when it has not.
  async function attachWhenShown(targetId) {
    await sleep(300);
    return waitFor(
      async () => {
        const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: true });
        const shown = await evaluate(sessionId, 'document.readyState === "complete" && document.hasFocus()').catch(() => false);
        if (shown) return sessionId;
        await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
        return false;
      },
      { timeout: 10000, interval: 250, message: 'the popup to be shown' },
    );
  }

  return {
    notes,

    /** Presses Untick's toolbar button for the tab WebDriver is on; the popup opens. */
    async clickToolbarButton() {
      await closePopup();
      const url = await s.url();
      const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] });
      const tabs = targetInfos.filter((t) => t.url === url);
      if (tabs.length !== 1) throw new Error(`expected one tab at ${url}, found ${tabs.length}`);
      await cdp.send('Extensions.triggerAction', { id: extensionId, targetId: tabs[0].targetId });
      const popup = await waitFor(async () => (await pages()).find((t) => t.url === popupUrl), {
        timeout: 10000,
        message: 'the popup to open',
      });
      popupSession = await attachWhenShown(popup.targetId);
      // Should the timing still have lost, say so and close DevTools: the popup works the same.
      for (const t of await pages()) {
        if (t.url.startsWith('devtools://')) {
          notes.push('Chromium opened DevTools on the popup; closed it');
          await cdp.send('Target.closeTarget', { targetId: t.targetId }).catch(() => {});
        }
      }
      return waitForPopupReady(() => inPopup(readPopup));
    },

    readPopup: () => inPopup(readPopup),

    /** A left click, as trusted input, at the centre of the popup's element `selector`. */
    async clickInPopup(selector) {
      const [x, y] = await inPopup(centreOf, selector);
      await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y }, popupSession);
      for (const type of ['mousePressed', 'mouseReleased']) {
        await cdp.send('Input.dispatchMouseEvent', { type, x, y, button: 'left', clickCount: 1 }, popupSession);
      }
    },

    async clickAndAnswerPermissionPrompt() {
      throw new Error(PERMISSION_PROMPT_UNANSWERABLE.chrome);
    },
  };
}

function firefoxToolbar(b) {
  const s = b.session;
  // Firefox names the action's toolbar widget after the add-on id (ExtensionCommon's makeWidgetId).
  const widgetId = `${b.addonId.toLowerCase().replace(/[^a-z0-9_-]/g, '_')}-browser-action`;
  const popupUrl = `${b.extensionBase}popup/popup.html`;
  let pageTab = null; // the tab the person is checking
  let popupTab = null; // the popup, opened as a page of its own

  /** Runs `fn` with the WebDriver session in Firefox's own window, then returns to the page. */
  async function inChrome(fn) {
    await s.cmd('POST', '/moz/context', { context: 'chrome' });
    try {
      return await fn();
    } finally {
      await s.cmd('POST', '/moz/context', { context: 'content' });
    }
  }

  /** Runs `fn(window, ...args)` in the popup's tab, then returns to the page's tab. */
  async function inPopup(fn, ...args) {
    if (!popupTab) throw new Error('the popup is not open');
    await s.switchToWindow(popupTab);
    try {
      return await s.executeAsync(`return (${fn})(window, ...args);`, ...args);
    } finally {
      await s.switchToWindow(pageTab);
    }
  }

  async function closePopupTab() {
    if (!popupTab) return;
    await s.switchToWindow(popupTab);
    await s.closeWindow().catch(() => {});
    await s.switchToWindow(pageTab);
    popupTab = null;
  }

  return {
    notes: [],

    /**
     * Presses Untick's button in the toolbar, then opens the popup as a page of its own in a
     * second tab, where WebDriver can read and click it.
     *
     * The toolbar click is needed: only the person invoking the action grants activeTab, and
     * no WebDriver command does. It is made through WebDriver's chrome context (geckodriver's
     * --allow-system-access, for testing the browser's own UI) on the toolbar's elements. The
     * panel's popup is a remote browser WebDriver cannot enter, so it is closed again, and
     * the popup page opened in a tab instead: as a page of its own it acts on the tab the
     * person was on just before (as it does on Firefox for Android, which shows popups as
     * tabs). The activeTab grant stays with the page's tab until that tab navigates.
     */
    async clickToolbarButton() {
      await closePopupTab();
      pageTab = await s.windowHandle();
      await inChrome(async () => {
        // Firefox does not pin a new extension's button to the toolbar: it is in the panel
        // the Extensions (puzzle piece) button opens.
        await s.click(await s.find('#unified-extensions-button'));
        const entry = await waitFor(
          async () => {
            const open = await s.execute(`return document.getElementById('unified-extensions-panel')?.state === 'open'`);
            return open && s.find(`#${widgetId} .unified-extensions-item-action-button`);
          },
          { message: 'the Extensions panel to list Untick' },
        );
        await s.click(entry);
        // The popup shows in a panel: a <browser> showing the popup page. Once it has, close it.
        await waitFor(
          () =>
            s.execute(
              `const showing = [...document.querySelectorAll('panel')].filter((p) => p.state === 'open' &&
                 [...p.querySelectorAll('browser')].some((b) => b.currentURI?.spec === arguments[0]));
               for (const p of showing) p.hidePopup();
               return showing.length > 0;`,
              popupUrl,
            ),
          { timeout: 10000, message: "Untick's popup to open from the toolbar" },
        );
      });
      popupTab = await s.newTab();
      await s.switchToWindow(popupTab);
      await s.navigate(popupUrl);
      await s.switchToWindow(pageTab);
      return waitForPopupReady(() => inPopup(readPopup));
    },

    readPopup: () => inPopup(readPopup),

    /** A WebDriver click (trusted input, a user action) on the popup's element `selector`. */
    async clickInPopup(selector) {
      await s.switchToWindow(popupTab);
      try {
        await s.click(await s.find(selector));
      } finally {
        await s.switchToWindow(pageTab);
      }
    },

    /**
     * Clicks the popup's element `selector`, which asks for more permissions, and answers
     * Firefox's prompt: "Allow" when `allow`, else its refusal ("Don't allow"). Returns the
     * prompt's text. The prompt is a doorhanger of the popup's tab, and leaving that tab
     * withdraws it, so the popup's tab stays in front until it is answered.
     */
    async clickAndAnswerPermissionPrompt(selector, allow) {
      await s.switchToWindow(popupTab);
      try {
        await s.click(await s.find(selector));
        return await inChrome(async () => {
          const text = await waitFor(
            () =>
              s.execute(`
                const prompt = document.getElementById('addon-webext-permissions-notification');
                const open = document.getElementById('notification-popup')?.state === 'open' && prompt && !prompt.hidden;
                return open && prompt.textContent.replace(/\\s+/g, ' ');`),
            { timeout: 5000, message: "Firefox's permission prompt" },
          );
          const button = allow ? 'primary' : 'secondary';
          await s.pointerClick(await s.find(`#addon-webext-permissions-notification .popup-notification-${button}-button`));
          await waitFor(
            () => s.execute(`return document.getElementById('addon-webext-permissions-notification')?.hidden !== false`),
            { message: 'the permission prompt to close' },
          );
          return text;
        });
      } finally {
        await s.switchToWindow(pageTab);
      }
    },
  };
}
