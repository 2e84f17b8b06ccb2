// The registration page the screenshots show (scripts/screenshots.mjs for the README,
// scripts/store-screenshots.mjs for the stores), served under a known site's hostname
// through a local proxy, so the shipped manifest applies unchanged; nothing else is
// reachable.

import http from 'node:http';
import { launch } from '../tests/e2e/browsers.mjs';

export const HOST = 'www.myworksearch.co.uk';

// A plain registration page of the kind people are sent to (an illustration, not a copy).
export const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1">
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
export function startProxy() {
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

/**
 * The demo page's proxy and Chromium with the built extension, as the screenshot scripts
 * use them, with the person's name and provider saved for the letters. `cdp` sends a
 * DevTools command; `close` ends both.
 */
export async function demoBrowser() {
  const proxy = await startProxy();
  const browser = await launch('chrome', proxy.address().port);
  const session = browser.session;
  const cdp = (cmd, params = {}) => session.cmd('POST', '/goog/cdp/execute', { cmd, params });
  await session.navigate(`${browser.extensionBase}options/options.html`);
  await session.executeAsync(`
    const api = globalThis.browser ?? globalThis.chrome;
    await api.storage.local.set({ details: { name: 'Sam Taylor', provider: 'Example Employment Services' } });`);
  const close = async () => {
    await browser.close();
    proxy.close();
  };
  return { browser, session, cdp, close };
}

/**
 * A case file to show, from the popup tab open on the demo page: the page kept, and a
 * letter sent six weeks ago (so its reply is overdue). Leaves the tab on My case.
 */
export async function showDemoCase(session, extensionBase) {
  await session.execute(`document.getElementById('keep-record').click()`);
  await new Promise((done) => setTimeout(done, 500));
  await session.navigate(`${extensionBase}case/case.html`);
  await session.executeAsync(`
    const { addEntry } = await import(new URL('../shared/case-file.js', location.href).href);
    const sent = new Date(Date.now() - 42 * 86400000).toISOString().slice(0, 10);
    await addEntry({ type: 'letter', letter: 'withdraw-provider',
      title: "Withdraw consent: your provider's access to your account", to: 'Example Employment Services', sent });`);
  await session.navigate(`${extensionBase}case/case.html`);
}
