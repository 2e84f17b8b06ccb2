// Takes the README's screenshots in headless Chromium with the built extension:
//   docs/screenshot-warning.png   a warning beside a pre-ticked box on a registration page
//   docs/screenshot-popup.png     the toolbar popup for that page, as it first shows
//   docs/screenshot-case.png      My case: that page kept, and a letter sent six weeks ago
// Usage: make extension && node scripts/screenshots.mjs [light|dark] (dark adds -dark to
// the names)
// The page is served under a known site's hostname through a local proxy, so the shipped
// manifest applies unchanged; nothing else is reachable.

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { HOST, demoBrowser, showDemoCase } from './demo-page.mjs';

const SCHEME = process.argv[2] === 'dark' ? 'dark' : 'light';
const DOCS = resolve(import.meta.dirname, '..', 'docs');
const suffix = SCHEME === 'dark' ? '-dark' : '';
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

const { browser, session, cdp, close } = await demoBrowser();
const colours = () =>
  cdp('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: SCHEME }] });
const shoot = async (file) => {
  writeFileSync(file, Buffer.from(await session.cmd('GET', '/screenshot'), 'base64'));
  console.log(`screenshots: wrote ${file}`);
};

try {
  await session.navigate(`http://${HOST}/register`);
  await colours();
  await cdp('Emulation.setDeviceMetricsOverride', { width: 900, height: 800, deviceScaleFactor: 1, mobile: false });
  for (let i = 0; i < 50 && (await session.findAll('[data-untick-warning]')).length === 0; i += 1) await sleep(100);
  await sleep(300);
  await shoot(resolve(DOCS, `screenshot-warning${suffix}.png`));

  const pageTab = await session.windowHandle();
  const popupTab = await session.newTab();
  await session.switchToWindow(popupTab);
  await session.navigate(`${browser.extensionBase}popup/popup.html`);
  await colours();
  await cdp('Emulation.setDeviceMetricsOverride', { width: 400, height: 600, deviceScaleFactor: 1, mobile: false });
  await sleep(800);
  await shoot(resolve(DOCS, `screenshot-popup${suffix}.png`));

  // My case: this page kept from the popup, and a letter sent six weeks ago (overdue).
  await showDemoCase(session, browser.extensionBase);
  await colours();
  await cdp('Emulation.setDeviceMetricsOverride', { width: 900, height: 900, deviceScaleFactor: 1, mobile: false });
  await sleep(800);
  await shoot(resolve(DOCS, `screenshot-case${suffix}.png`));
  await session.switchToWindow(pageTab);
} finally {
  await close();
}
