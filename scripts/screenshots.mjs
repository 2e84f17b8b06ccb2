// Takes the README's screenshots in headless Chromium with the built extension:
//   docs/screenshot-warning.png   a warning beside a pre-ticked box on a registration page
//   docs/screenshot-popup.png     the toolbar popup for that page, as it first shows
// Usage: make extension && node scripts/screenshots.mjs [light|dark] (dark adds -dark to
// the names)
// The page is served under a known site's hostname through a local proxy, so the shipped
// manifest applies unchanged; nothing else is reachable.

import http from 'node:http';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { launch } from '../tests/e2e/browsers.mjs';

const SCHEME = process.argv[2] === 'dark' ? 'dark' : 'light';
const HOST = 'www.myworksearch.co.uk';
const DOCS = resolve(import.meta.dirname, '..', 'docs');
const suffix = SCHEME === 'dark' ? '-dark' : '';
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

// A plain registration page of the kind people are sent to (an illustration, not a copy).
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>Create your account</title>
<style>
  body { margin: 0; font: 16px/1.5 Arial, sans-serif; color: #222; background: #f3f4f6; }
  header { background: #1f3a5f; color: #fff; padding: 14px 32px; font-size: 20px; font-weight: bold; }
  main { max-width: 640px; margin: 24px auto; background: #fff; padding: 24px 32px; border-radius: 6px;
    box-shadow: 0 1px 4px rgba(0,0,0,.1); }
  h1 { margin-top: 0; font-size: 26px; }
  label.field { display: block; font-weight: bold; margin: 14px 0 4px; }
  input[type=text], input[type=email] { width: 100%; box-sizing: border-box; padding: 8px; border: 1px solid #888; border-radius: 4px; font: inherit; }
  .check { display: block; margin: 16px 0 6px; }
  .check input { margin-right: 8px; transform: scale(1.2); }
  button.go { margin-top: 18px; padding: 10px 20px; font: inherit; font-weight: bold; color: #fff; background: #2563eb; border: 0; border-radius: 4px; }
</style></head>
<body><header>Job search account</header>
<main>
  <h1>Create your account</h1>
  <form>
    <label class="field" for="full-name">Full name</label><input id="full-name" type="text" value="Sam Taylor">
    <label class="field" for="email">Email address</label><input id="email" type="email" value="sam@example.org">
    <label class="check"><input type="checkbox" id="provider-access" checked>Allow my employment support provider to access my account and view my job search activity</label>
    <label class="check"><input type="checkbox" id="newsletter">Send me tips on finding work</label>
    <button type="button" class="go">Create account</button>
  </form>
</main></body></html>`;

// Answers only the known site's page; refuses everything else.
function startProxy() {
  const server = http.createServer((req, res) => {
    let url;
    try {
      url = new URL(req.url);
    } catch {
      url = new URL(req.url, `http://${req.headers.host ?? 'unknown'}`);
    }
    if (url.host === HOST && url.pathname === '/register') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    } else {
      res.writeHead(403).end();
    }
  });
  server.on('connect', (_req, socket) => socket.end('HTTP/1.1 403 Forbidden\r\n\r\n'));
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

const proxy = await startProxy();
const browser = await launch('chrome', proxy.address().port);
const session = browser.session;
const cdp = (cmd, params = {}) => session.cmd('POST', '/goog/cdp/execute', { cmd, params });
const colours = () =>
  cdp('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: SCHEME }] });
const shoot = async (file) => {
  writeFileSync(file, Buffer.from(await session.cmd('GET', '/screenshot'), 'base64'));
  console.log(`screenshots: wrote ${file}`);
};

try {
  await session.navigate(`${browser.extensionBase}options/options.html`);
  await session.executeAsync(`
    const api = globalThis.browser ?? globalThis.chrome;
    await api.storage.local.set({ details: { name: 'Sam Taylor', provider: 'Example Employment Services' } });`);

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
  await session.switchToWindow(pageTab);
} finally {
  await browser.close();
  proxy.close();
}
