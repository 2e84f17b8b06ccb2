// Screenshots of the layout test pages (issue 17) before and after Untick draws its
// warnings, in light and dark, at 1280 and 400 px wide, in headless Chromium with the
// built extension:
//   docs/layouts/<page>-<width>-<light|dark>-<before|after>.png
// "Before" is the same browser with Untick turned off on the site (nothing is drawn).
// Usage: make extension && node scripts/layout-screenshots.mjs
// The pages are served by the e2e proxy (tests/e2e/proxy.mjs) under a known site's name,
// with GOV.UK Frontend's and Bootstrap's own CSS; nothing else is reachable.

import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { launch } from '../tests/e2e/browsers.mjs';
import { startProxy, SITE, SITE_HOST } from '../tests/e2e/proxy.mjs';

const OUT = resolve(import.meta.dirname, '..', 'docs', 'layouts');
const PAGES = ['layout-govuk', 'layout-rows'];
const WIDTHS = [1280, 400];
const SCHEMES = ['light', 'dark'];
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

mkdirSync(OUT, { recursive: true });
const proxy = await startProxy();
const browser = await launch('chrome', proxy.port);
const session = browser.session;
const cdp = (cmd, params = {}) => session.cmd('POST', '/goog/cdp/execute', { cmd, params });

async function setOff(off) {
  await session.navigate(`${browser.extensionBase}options/options.html`);
  await session.executeAsync(`
    const api = globalThis.browser ?? globalThis.chrome;
    await api.storage.local.set({ offSites: ${off ? JSON.stringify([SITE_HOST]) : '[]'} });
    return true;`);
}

// The whole page, as tall as its content (at most 2,400 px).
async function shoot(file, width) {
  const height = await session.execute('return Math.min(2400, document.documentElement.scrollHeight)');
  await cdp('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
  await sleep(300);
  const { data } = await cdp('Page.captureScreenshot', { format: 'png' });
  writeFileSync(file, Buffer.from(data, 'base64'));
  console.log(`layout-screenshots: wrote ${file}`);
}

try {
  for (const state of ['before', 'after']) {
    await setOff(state === 'before');
    for (const page of PAGES) {
      for (const width of WIDTHS) {
        for (const scheme of SCHEMES) {
          await cdp('Emulation.setDeviceMetricsOverride', { width, height: 900, deviceScaleFactor: 1, mobile: false });
          await cdp('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: scheme }] });
          await session.navigate(`${SITE}/${page}.html`);
          if (state === 'after') {
            for (let i = 0; i < 50 && (await session.findAll('[data-untick-warning]')).length === 0; i += 1) await sleep(100);
          }
          await sleep(500);
          await shoot(resolve(OUT, `${page}-${width}-${scheme}-${state}.png`), width);
        }
      }
    }
  }
} finally {
  await browser.close();
  await proxy.close();
}
