// An HTTP proxy both browsers are pointed at. It answers requests for the known site's
// host, over http and over https (a throwaway self-signed certificate; the browsers are told
// to accept it), with the fixture pages in pages/, so the shipped manifest's match patterns
// apply unchanged. It serves the same pages under a second known site's host, for a page of
// one known site that frames another's, and under a made-up host that no match pattern
// names, where only the toolbar button can bring Untick in. It refuses everything else and
// records every request it sees.

import http from 'node:http';
import https from 'node:https';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { readFile } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SITE_HOST = 'www.myworksearch.co.uk';
export const SITE = `https://${SITE_HOST}`;
export const SITE_HTTP = `http://${SITE_HOST}`;
// Another known site (rules/rules.toml, manifest.json), framed by a page of the first.
export const FRAMED_SITE_HOST = 'www.avantajobs.com';
// Not a known site: the manifest's content scripts do not run here. (.test is reserved.)
export const OTHER_HOST = 'www.example-jobs.test';
export const OTHER_SITE = `https://${OTHER_HOST}`;
// Neither a known site nor the page's own: a frame from here is one that "Check this page"
// has no permission to read.
export const ELSEWHERE_HOST = 'www.other-portal.test';
export const SERVED_HOSTS = [SITE_HOST, FRAMED_SITE_HOST, OTHER_HOST, ELSEWHERE_HOST];
// Answered "204 No Content": the browser asks for a page and stays where it is, so no
// content script runs and only the request itself can show.
export const NO_CONTENT_PATH = '/no-content';
const PAGES = join(dirname(fileURLToPath(import.meta.url)), 'pages');

// Real component libraries' own CSS (locked dev dependencies), for pages that must look as
// the sites built with them do: the warnings are measured on their layouts (issue 17).
const MODULES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'node_modules');
export const VENDOR = {
  '/vendor/govuk-frontend.min.css': join(MODULES, 'govuk-frontend/dist/govuk/govuk-frontend.min.css'),
  '/vendor/bootstrap.min.css': join(MODULES, 'bootstrap/dist/css/bootstrap.min.css'),
};
// GOV.UK Frontend's CSS asks for its fonts and images at /assets/.
const GOVUK_ASSETS = join(MODULES, 'govuk-frontend/dist/govuk/assets');

/** The file a path names: a fixture page, or a component library's own file; else null. */
function fileFor(path) {
  if (VENDOR[path]) return VENDOR[path];
  const [base, rest] = path.startsWith('/assets/') ? [GOVUK_ASSETS, path.slice('/assets'.length)] : [PAGES, path];
  const file = normalize(join(base, rest));
  return file.startsWith(base + '/') ? file : null;
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css' };

// Response headers for particular pages; the strict policy is what provider sites send.
const HEADERS = {
  '/csp.html': { 'content-security-policy': "default-src 'self'; script-src 'self'" },
  '/hostile-copy.html': { 'permissions-policy': 'clipboard-write=()' },
};

/** A self-signed certificate for the hosts, made fresh for each run. */
function certificate() {
  const dir = mkdtempSync(join(tmpdir(), 'untick-e2e-cert-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${SITE_HOST}`,
        '-addext', `subjectAltName=${SERVED_HOSTS.map((h) => `DNS:${h}`).join(',')}`, '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `generated`: path -> HTML made by the caller (benchmarks' generated pages), served as
 * fixture pages are.
 */
export async function startProxy({ generated = {} } = {}) {
  const requests = [];
  const handle = (scheme) => async (req, res) => {
    let url;
    try {
      url = new URL(req.url);
    } catch {
      url = new URL(req.url, `${scheme}://${req.headers.host ?? 'unknown'}`);
    }
    const record = { method: req.method, url: url.href, host: url.host, path: url.pathname, at: Date.now() };
    requests.push(record);
    if (!SERVED_HOSTS.includes(url.host) || req.method !== 'GET') {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('refused by the test proxy');
      return;
    }
    if (url.pathname === NO_CONTENT_PATH) {
      res.writeHead(204).end();
      return;
    }
    const path = url.pathname === '/' ? '/index.html' : url.pathname;
    if (Object.hasOwn(generated, path)) {
      res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' }).end(generated[path]);
      record.served = true;
      return;
    }
    const file = fileFor(path);
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      const ext = file.slice(file.lastIndexOf('.'));
      res.writeHead(200, {
        'content-type': TYPES[ext] ?? 'application/octet-stream',
        'cache-control': 'no-store',
        ...(HEADERS[path] ?? {}),
      });
      res.end(body);
      // A file of the site's own: what a page loads (the network check sets these aside).
      record.served = true;
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  };
  const server = http.createServer(handle('http'));
  // The hosts' https pages: TLS ends here, never leaving the machine.
  const site = https.createServer(certificate(), handle('https'));
  site.on('tlsClientError', () => {});
  server.on('clientError', (err, socket) => socket.destroy());
  // Any other tunnel is refused; record who asked.
  server.on('connect', (req, socket, head) => {
    socket.on('error', () => {}); // browsers drop tunnels as they please
    requests.push({ method: 'CONNECT', url: req.url, host: req.url, path: '', at: Date.now() });
    if (!SERVED_HOSTS.some((h) => req.url === `${h}:443`)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head?.length) socket.unshift(head);
    site.emit('connection', socket);
  });
  server.on('upgrade', (req, socket) => {
    socket.on('error', () => {});
    requests.push({ method: 'UPGRADE', url: req.url, host: req.headers.host ?? '', path: '', at: Date.now() });
    socket.destroy();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    port,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        site.closeAllConnections?.();
        site.close();
        server.close(() => resolve());
      }),
  };
}
