// The README's install steps, as the person sees them (issue 21), with the thing to click
// outlined in red:
//   docs/install/firefox.png   about:debugging, "Load Temporary Add-on…"
//   docs/install/chrome.png    chrome://extensions, "Developer mode" and "Load unpacked"
// Each browser is started with the built extension already loaded, as the tests start
// it, so Untick shows in the list as it will once installed.
// Usage: make extension && node scripts/install-screenshots.mjs

import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { launch } from '../tests/e2e/browsers.mjs';
import { startProxy } from './demo-page.mjs';

const OUT = resolve(import.meta.dirname, '..', 'docs', 'install');
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

// In the browser's own page: the elements whose text (or id) is one of `wanted`, looked for
// through shadow roots too; each gets a red outline, `offset` outside it (inside, where
// the page would cut it off). Returns the texts found.
const OUTLINE = `
  const [wanted, offset] = arguments;
  const found = [];
  const visit = (root) => {
    for (const el of root.querySelectorAll('*')) {
      const text = (el.textContent || '').trim();
      if ((el.localName === 'button' || el.localName === 'cr-button' || el.localName === 'cr-toggle')
          && (wanted.includes(text) || wanted.includes('#' + el.id))) {
        el.style.outline = '4px solid #d00';
        el.style.outlineOffset = offset;
        found.push(text || '#' + el.id);
      }
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  visit(document);
  return found;`;

// Chromium's "Developer mode" switch, switched on (it shows "Load unpacked").
const DEVELOPER_MODE_ON = `
  const visit = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.id === 'devMode') return el;
      const inner = el.shadowRoot && visit(el.shadowRoot);
      if (inner) return inner;
    }
    return null;
  };
  const toggle = visit(document);
  if (toggle && !toggle.checked) toggle.click();
  return Boolean(toggle);`;

mkdirSync(OUT, { recursive: true });
const proxy = await startProxy();
for (const name of ['firefox', 'chrome']) {
  const browser = await launch(name, proxy.address().port);
  const s = browser.session;
  try {
    if (name === 'firefox') {
      await s.cmd('POST', '/window/rect', { width: 1000, height: 640 });
      await s.navigate('about:debugging#/runtime/this-firefox');
      await sleep(1500);
      console.log('install-screenshots: outlined', await s.execute(OUTLINE, ['Load Temporary Add-on…'], '-4px'));
      writeFileSync(resolve(OUT, 'firefox.png'), Buffer.from(await s.cmd('GET', '/screenshot'), 'base64'));
    } else {
      const cdp = (cmd, params = {}) => s.cmd('POST', '/goog/cdp/execute', { cmd, params });
      await cdp('Emulation.setDeviceMetricsOverride', { width: 1000, height: 420, deviceScaleFactor: 1, mobile: false });
      await s.navigate('chrome://extensions');
      await sleep(800);
      if (!(await s.execute(DEVELOPER_MODE_ON))) console.log('install-screenshots: no Developer mode switch found');
      await sleep(800);
      console.log('install-screenshots: outlined', await s.execute(OUTLINE, ['#devMode', 'Load unpacked'], '4px'));
      const { data } = await cdp('Page.captureScreenshot', { format: 'png' });
      writeFileSync(resolve(OUT, 'chrome.png'), Buffer.from(data, 'base64'));
    }
    console.log(`install-screenshots: wrote docs/install/${name}.png`);
  } finally {
    await browser.close();
  }
}
proxy.close();
