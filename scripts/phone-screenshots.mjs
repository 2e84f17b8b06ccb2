// Untick at a phone's size (issue 21): 360 × 740 CSS px, touch input, in headless Chromium
// with the built extension, as Firefox for Android would show it (there the popup, the
// options and the Letters page open as tabs):
//   docs/phone/warning.png   the demo registration page with its warning, "Why?" open
//   docs/phone/popup.png, docs/phone/options.png, docs/phone/letters.png
// tests/e2e/small-screens.mjs checks the same sizes in both browsers; these are to look at.
// Usage: make extension && node scripts/phone-screenshots.mjs

import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { HOST, demoBrowser } from './demo-page.mjs';

const OUT = resolve(import.meta.dirname, '..', 'docs', 'phone');
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

mkdirSync(OUT, { recursive: true });
const { browser, session, cdp, close } = await demoBrowser();

async function asPhone() {
  await cdp('Emulation.setDeviceMetricsOverride', { width: 360, height: 740, deviceScaleFactor: 2, mobile: true });
  await cdp('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });
  await cdp('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: 'light' }] });
}

async function shoot(name) {
  await sleep(500);
  const { data } = await cdp('Page.captureScreenshot', { format: 'png' });
  writeFileSync(resolve(OUT, name), Buffer.from(data, 'base64'));
  console.log(`phone-screenshots: wrote docs/phone/${name}`);
}

try {
  await asPhone();
  await session.navigate(`http://${HOST}/register`);
  for (let i = 0; i < 50 && (await session.findAll('[data-untick-warning]')).length === 0; i += 1) await sleep(100);
  await session.execute(`document.querySelector('[data-untick-warning]').scrollIntoView()`);
  await shoot('warning.png');

  const pageTab = await session.windowHandle();
  for (const [page, name] of [['popup/popup.html', 'popup.png'], ['options/options.html', 'options.png'], ['letters/letters.html', 'letters.png']]) {
    const tab = await session.newTab();
    await session.switchToWindow(tab);
    await asPhone();
    await session.navigate(`${browser.extensionBase}${page}`);
    await shoot(name);
    await session.closeWindow();
    await session.switchToWindow(pageTab);
  }
} finally {
  await close();
}
