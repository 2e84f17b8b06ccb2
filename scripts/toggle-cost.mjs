// How much of a page's main-thread time Untick takes while the page keeps changing a
// setting itself (tests/e2e/pages/hostile-toggle.html: 20,000 boxes, one `checked`
// attribute flipped every millisecond). Chromium's own counters (CDP Performance:
// TaskDuration, ScriptDuration) over 10 seconds, after 3 seconds to settle:
//   without: the page on a site Untick does not run on
//   with:    the page on a known site, with the build in dist/chrome
//   before:  the same, with another content.js (e.g. the last commit's), if given
// Usage: make extension && node scripts/toggle-cost.mjs [path/to/old/content.js] [--runs=3]

import { cpSync, copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, extensionDir } from '../tests/e2e/browsers.mjs';
import { startProxy, SITE, OTHER_SITE } from '../tests/e2e/proxy.mjs';

const args = process.argv.slice(2);
const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 3);
const oldContent = args.find((a) => !a.startsWith('--'));
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

const builds = { with: extensionDir('chrome') };
if (oldContent) {
  builds.before = mkdtempSync(join(tmpdir(), 'untick-before-'));
  cpSync(extensionDir('chrome'), builds.before, { recursive: true });
  copyFileSync(oldContent, join(builds.before, 'content.js'));
}

async function measure(build, site) {
  const proxy = await startProxy();
  const b = await launch('chrome', proxy.port, { from: build });
  try {
    const cdp = (cmd, params = {}) => b.session.cmd('POST', '/goog/cdp/execute', { cmd, params });
    await b.session.navigate(`${site}/hostile-toggle.html`);
    await cdp('Performance.enable');
    await sleep(3000);
    const read = async () => Object.fromEntries((await cdp('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const start = await read();
    await sleep(10_000);
    const end = await read();
    return { task: end.TaskDuration - start.TaskDuration, script: end.ScriptDuration - start.ScriptDuration };
  } finally {
    await b.close();
    await proxy.close();
  }
}

const results = {};
for (let i = 0; i < runs; i++) {
  // Interleaved, so that the VM's noise falls on every case alike.
  for (const [name, build, site] of [
    ['without', builds.with, OTHER_SITE],
    ['with', builds.with, SITE],
    ...(builds.before ? [['before', builds.before, SITE]] : []),
  ]) {
    (results[name] ??= []).push(await measure(build, site));
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [name, rs] of Object.entries(results)) {
  const task = rs.map((r) => r.task);
  const script = rs.map((r) => r.script);
  const fmt = (xs) => `median ${median(xs).toFixed(2)} s (${xs.map((x) => x.toFixed(2)).join(', ')})`;
  console.log(`${name.padEnd(8)} main-thread task time per 10 s: ${fmt(task)}; script: ${fmt(script)}`);
}
process.exit(0);
