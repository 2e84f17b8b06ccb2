// Test-only copies of the build, for tests that must show a check fails, or a rule holds,
// against code the shipped build does not contain (leak-canary.mjs, sender-rules.mjs).

import { before, after } from 'node:test';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, extensionDir } from './browsers.mjs';
import { startProxy } from './proxy.mjs';

/**
 * A copy of the build for `browser` with `additions` ({ file: code }) appended to its files;
 * where the addition is a function, the file's text is replaced by what it returns.
 */
function alteredBuild(browser, additions) {
  const dir = mkdtempSync(join(tmpdir(), `untick-altered-${browser}-`));
  cpSync(extensionDir(browser), dir, { recursive: true });
  for (const [file, code] of Object.entries(additions)) {
    const path = join(dir, file);
    if (typeof code === 'function') writeFileSync(path, code(readFileSync(path, 'utf8')));
    else appendFileSync(path, `\n;${code}\n`);
  }
  return dir;
}

/**
 * In the enclosing describe(): before its tests, launches `browser` with an altered copy of
 * the build and the test proxy; after them, closes both and removes the copy. Returns an
 * object whose `b` and `proxy` are set once launched. `launchOptions` go to launch().
 */
export function useAlteredBuild(browser, additions, launchOptions = {}) {
  const it = { b: null, proxy: null, dir: null };
  before(async () => {
    it.dir = alteredBuild(browser, additions);
    it.proxy = await startProxy();
    it.b = await launch(browser, it.proxy.port, { ...launchOptions, from: it.dir });
  });
  after(async () => {
    await it.b?.close();
    await it.proxy?.close();
    if (it.dir) rmSync(it.dir, { recursive: true, force: true });
  });
  return it;
}

/**
 * The change for a build whose warnings a test must look inside: they live in closed
 * shadow roots, which no scanner or script of the page can enter; this opens them, and
 * changes nothing else.
 */
export const OPEN_WARNINGS = {
  'shared/warning.js': (text) => {
    const closed = 'host.attachShadow({ mode: "closed" })';
    if (!text.includes(closed)) throw new Error('warning.js no longer attaches a closed shadow root as expected');
    return text.replace(closed, 'host.attachShadow({ mode: "open" })');
  },
};
