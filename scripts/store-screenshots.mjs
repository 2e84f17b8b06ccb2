// The stores' screenshots (issue 21), in headless Chromium with the built extension:
//   docs/store/screenshots/1-warning.png     1280×800  a warning beside a box ticked for you
//   docs/store/screenshots/2-popup.png       1280×800  the toolbar list over the same page
//   docs/store/screenshots/3-letters.png     1280×800  every letter, with what each is for
//   docs/store/screenshots/4-case.png        1280×800  My case: a page kept, a reply overdue
//   docs/store/screenshots/tile-440x280.png  440×280   Chrome's small promotional tile
// A browser's screenshot cannot include its toolbar popup, so 2-popup.png is the popup
// (drawn at its own size, 400×600) laid over the page where the browser would show it.
// Usage: make extension && node scripts/store-screenshots.mjs

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { HOST, demoBrowser, showDemoCase } from './demo-page.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = resolve(ROOT, 'docs/store/screenshots');
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

mkdirSync(OUT, { recursive: true });
const { browser, session, cdp, close } = await demoBrowser();

async function size(width, height) {
  await cdp('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
  await cdp('Emulation.setScrollbarsHidden', { hidden: true });
  await cdp('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: 'light' }] });
}

async function capture() {
  await sleep(400);
  return (await cdp('Page.captureScreenshot', { format: 'png' })).data;
}

function save(name, base64) {
  writeFileSync(resolve(OUT, name), Buffer.from(base64, 'base64'));
  console.log(`store-screenshots: wrote docs/store/screenshots/${name}`);
}

// Shows `html` in the current tab (our own markup only: no page text).
async function compose(html) {
  await session.navigate('about:blank');
  const { frameTree } = await cdp('Page.getFrameTree');
  await cdp('Page.setDocumentContent', { frameId: frameTree.frame.id, html });
}

const png = (base64) => `data:image/png;base64,${base64}`;

try {

  await size(1280, 800);
  await session.navigate(`http://${HOST}/register`);
  for (let i = 0; i < 50 && (await session.findAll('[data-untick-warning]')).length === 0; i += 1) await sleep(100);
  const page = await capture();
  save('1-warning.png', page);

  // The same page with its form at the left, out from under the popup.
  await session.execute(`document.querySelector('main').style.margin = '24px 60px'`);
  const atLeft = await capture();

  const pageTab = await session.windowHandle();
  const popupTab = await session.newTab();
  await session.switchToWindow(popupTab);
  await size(400, 600);
  await session.navigate(`${browser.extensionBase}popup/popup.html`);
  await sleep(500);
  const popup = await capture();
  await size(1280, 800);
  await compose(`<!doctype html><style>
      body { margin: 0; position: relative; width: 1280px; height: 800px; overflow: hidden; }
      img { display: block; position: absolute; }
      .popup { top: 8px; right: 16px; border: 1px solid #999; border-radius: 8px;
        box-shadow: 0 6px 24px rgba(0,0,0,.35); }
    </style><img src="${png(atLeft)}" alt=""><img class="popup" src="${png(popup)}" alt="">`);
  save('2-popup.png', await capture());
  await session.navigate(`${browser.extensionBase}popup/popup.html`);
  await sleep(500);
  await showDemoCase(session, browser.extensionBase);
  save('4-case.png', await capture());
  await session.switchToWindow(pageTab);

  await size(1280, 800);
  await session.navigate(`${browser.extensionBase}letters/letters.html`);
  save('3-letters.png', await capture());

  const icon = readFileSync(resolve(ROOT, 'extension/icons/untick-128.png')).toString('base64');
  await size(440, 280);
  await compose(`<!doctype html><style>
      body { margin: 0; width: 440px; height: 280px; box-sizing: border-box; padding: 28px 30px;
        background: #1f3a5f; color: #fff; font-family: Arial, sans-serif; }
      .name { display: flex; align-items: center; gap: 16px; font-size: 40px; font-weight: bold; }
      .name img { width: 72px; height: 72px; background: #fff; border-radius: 14px; padding: 6px; }
      p { font-size: 21px; line-height: 1.35; margin: 22px 0 0; }
    </style><div class="name"><img src="${png(icon)}" alt="">Untick</div>
    <p>Warns you when a job-search site shares your data with your provider or DWP before
    you choose, and helps you say no.</p>`);
  save('tile-440x280.png', await capture());
} finally {
  await close();
}
