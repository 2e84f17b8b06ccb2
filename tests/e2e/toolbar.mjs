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
// Firefox: the WebDriver session's chrome context clicks the Extensions button in the
// toolbar, then Untick's entry in that panel. The popup is a remote <browser> in a panel;
// a frame script in it reads it and clicks with nsIDOMWindowUtils.sendMouseEvent (real input
// events, as Firefox's own tests click in popups). The permission prompt is a doorhanger
// whose "Allow" button is clicked in the chrome context.

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

    async answerPermissionPrompt() {
      throw new Error(PERMISSION_PROMPT_UNANSWERABLE.chrome);
    },
  };
}

function firefoxToolbar(b) {
  const s = b.session;
  // Firefox names the action's toolbar widget after the add-on id (ExtensionCommon's makeWidgetId).
  const widgetId = `${b.addonId.toLowerCase().replace(/[^a-z0-9_-]/g, '_')}-browser-action`;

  /** Runs `fn` with the WebDriver session in Firefox's own window, then returns to the page. */
  async function inChrome(fn) {
    await s.cmd('POST', '/moz/context', { context: 'chrome' });
    try {
      return await fn();
    } finally {
      await s.cmd('POST', '/moz/context', { context: 'content' });
    }
  }

  // Privileged script in the browser window: the popup Firefox shows for Untick, if any.
  const FIND_POPUP = `
    const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
    const { ViewPopup } = ChromeUtils.importESModule('resource:///modules/ExtensionPopups.sys.mjs');
    const extension = ExtensionParent.GlobalManager.getExtension(${JSON.stringify(b.addonId)});
    const popup = ViewPopup.for(extension, window);`;

  /**
   * Runs `fn(window, ...args)` (a function or its source) in the popup's own window, as a
   * frame script with the browser's privileges, and returns its result.
   */
  let replies = 0;
  const inPopup = (fn, ...args) => {
    const reply = `untick-e2e:popup-reply-${++replies}`; // one name per call: answers cannot cross
    const frameScript = `(async () => {
      const answer = (value) => sendAsyncMessage(${JSON.stringify(reply)}, value);
      try {
        answer({ ok: await (${fn})(content, ...${JSON.stringify(args)}) });
      } catch (e) {
        answer({ error: String(e) });
      }
    })();`;
    return inChrome(() =>
      s.executeAsync(
        `${FIND_POPUP}
        if (!popup?.shown) throw new Error('the popup is not open');
        const [reply, frameScript] = args;
        const mm = popup.browser.messageManager;
        const answered = new Promise((resolve) => {
          const listener = (message) => {
            mm.removeMessageListener(reply, listener);
            resolve(message.data);
          };
          mm.addMessageListener(reply, listener);
        });
        mm.loadFrameScript('data:,' + encodeURIComponent(frameScript), false);
        const answer = await answered;
        if ('error' in answer) throw new Error('in the popup: ' + answer.error);
        return answer.ok;`,
        reply,
        frameScript,
      ),
    );
  };

  async function popupShown() {
    return s.executeAsync(`${FIND_POPUP} return Boolean(popup?.shown);`);
  }

  return {
    notes: [],

    /** Clicks Untick's button in the toolbar's Extensions panel; the popup opens. */
    async clickToolbarButton() {
      await inChrome(async () => {
        // A popup left open by an earlier step is closed first, as a click elsewhere would.
        await s.executeAsync(`${FIND_POPUP} if (popup) popup.closePopup();`);
        await waitFor(async () => !(await popupShown()), { message: 'an earlier popup to close' });
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
        await waitFor(popupShown, { timeout: 10000, message: 'the popup to open' });
      });
      return waitForPopupReady(() => inPopup(readPopup));
    },

    readPopup: () => inPopup(readPopup),

    /** A left click, as real mouse events, at the centre of the popup's element `selector`. */
    async clickInPopup(selector) {
      const click = `(win, selector) => {
        const [x, y] = (${centreOf})(win, selector);
        const utils = win.windowUtils;
        utils.sendMouseEvent('mousemove', x, y, 0, 0, 0);
        utils.sendMouseEvent('mousedown', x, y, 0, 1, 0);
        utils.sendMouseEvent('mouseup', x, y, 0, 1, 0);
      }`;
      await inPopup(click, selector);
    },

    /**
     * Answers Firefox's prompt for more permissions: "Allow" when `allow`, else its
     * refusal ("Don't allow"). Returns the prompt's text.
     */
    async answerPermissionPrompt(allow) {
      return inChrome(async () => {
        const text = await waitFor(
          () =>
            s.execute(`
              const prompt = document.getElementById('addon-webext-permissions-notification');
              const open = document.getElementById('notification-popup')?.state === 'open' && prompt && !prompt.hidden;
              return open && prompt.textContent.replace(/\\s+/g, ' ');`),
          { timeout: 5000, message: "Firefox's permission prompt" },
        );
        const button = allow ? 'primary' : 'secondary';
        await s.click(await s.find(`#addon-webext-permissions-notification .popup-notification-${button}-button`));
        await waitFor(
          () => s.execute(`return document.getElementById('addon-webext-permissions-notification')?.hidden !== false`),
          { message: 'the permission prompt to close' },
        );
        return text;
      });
    },
  };
}
