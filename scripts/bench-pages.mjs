// Big and busy pages (issue 20): how much Untick's content script blocks the page, how soon
// its first warning comes, and what a page that keeps changing costs, in real Chromium and
// Firefox ESR with the built extension (dist/, or UNTICK_DIST).
//
// Each page is loaded alternately under a known site (the extension runs) and under a host
// Untick does not know (it does not): "with" and "without", in the same browser and run.
//   results pages of 50,000 and 100,000 nodes (job cards, with one pre-ticked adviser
//   setting in a sidebar): per load, the longest task after DOMContentLoaded (Chromium's
//   Long Tasks API), the longest main-thread gap (a 5 ms heartbeat, both browsers), and the
//   first warning's time after DOMContentLoaded;
//   busy pages (a live count changing every 100 ms; a 500-item list re-rendered every
//   second; a class toggled on 5,000 nodes every second): the CPU time of every process
//   this script started (the browser's and its driver's, from /proc) over 20 s, as a share
//   of one core.
// A benchmark, not a test: it prints medians and ranges, and fails only if a page does not
// load or a warning never comes.
// Usage: make extension && node scripts/bench-pages.mjs [--loads=7] [--sizes=50000,100000]
//   [--busy=count,list,attributes] [--busy-seconds=20] [--busy-rounds=3] [--memory=50]
//   [chrome|firefox ...]
// Memory: the resident size of the process the extension's background runs in (Chromium's
// renderer with --extension-process, Firefox's "WebExtensions" process), after the first
// of --memory pages of 100,000 nodes and after the last, and its peak; it holds the
// background's JavaScript and the engine's WebAssembly memory (which never shrinks).

import { readFileSync, readdirSync } from 'node:fs';
import { benchArgs } from './bench-args.mjs';
import { launch } from '../tests/e2e/browsers.mjs';
import { startProxy, SITE, OTHER_SITE } from '../tests/e2e/proxy.mjs';

const { options, browsers } = benchArgs();
const LOADS = Number(options.loads ?? 7);
const SIZES = (options.sizes ?? '50000,100000').split(',').filter(Boolean).map(Number);
const BUSY = (options.busy ?? 'count,list,attributes').split(',').filter(Boolean);
const BUSY_SECONDS = Number(options['busy-seconds'] ?? 20);
const BUSY_ROUNDS = Number(options['busy-rounds'] ?? 3);
// Pages of 100,000 nodes loaded one after another, for the extension process's memory.
const MEMORY_PAGES = Number(options.memory ?? 50);
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

// ---- pages ------------------------------------------------------------------------------

// Runs first in every page: records long tasks, heartbeat gaps and the first warning.
const PROBE = `<script>
(() => {
  const bench = (window.bench = { dcl: 0, longestTask: 0, longestGap: 0, firstWarning: null, gapsOver50: 0 });
  // The page's own first task after DOMContentLoaded: it waits for the browser's work there
  // (laying out the whole page), which a warning cannot come before either.
  document.addEventListener('DOMContentLoaded', () => {
    bench.dcl = performance.now();
    const ping = new MessageChannel();
    ping.port1.onmessage = () => { bench.firstTask = performance.now() - bench.dcl; };
    ping.port2.postMessage(null);
  });
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    if (bench.dcl > 0 && last >= bench.dcl) {
      const gap = now - last;
      if (gap > bench.longestGap) bench.longestGap = gap;
      if (gap > 50) bench.gapsOver50 += 1;
    }
    last = now;
  }, 5);
  if (!(PerformanceObserver.supportedEntryTypes || []).includes('longtask')) bench.longestTask = null;
  else try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (bench.dcl > 0 && e.startTime >= bench.dcl && e.duration > bench.longestTask) bench.longestTask = e.duration;
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch (_) { bench.longestTask = null; }
  // Chromium: the longest animation frame after DOMContentLoaded, and how much of it was
  // style and layout (a change to a big page makes the browser lay it all out again).
  bench.longestFrame = null;
  if ((PerformanceObserver.supportedEntryTypes || []).includes('long-animation-frame')) {
    bench.longestFrame = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (bench.dcl > 0 && e.startTime >= bench.dcl && e.duration > bench.longestFrame) {
          bench.longestFrame = e.duration;
          bench.frameLayout = e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : null;
          bench.frameScripts = e.scripts.map((x) => x.invoker + ' ' + Math.round(x.duration)).join('; ');
        }
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  }
  new MutationObserver((records) => {
    if (bench.firstWarning !== null) return;
    for (const r of records) for (const n of r.addedNodes) {
      if (n.nodeType === 1 && n.hasAttribute('data-untick-warning')) { bench.firstWarning = performance.now(); return; }
    }
  }).observe(document, { childList: true, subtree: true });
})();
</script>`;

const SIDEBAR = `<aside><form><h2>Your account</h2>
<label><input type="checkbox" id="coach" checked> Let my work coach see the jobs I apply for</label>
<button type="button">Save</button></form></aside>`;

// A job card: 13 nodes.
const card = (i) =>
  `<article class="job"><h3><a href="/job/${i}">Warehouse operative ${i}</a></h3><p class="employer">Example Logistics Ltd</p>` +
  `<ul class="meta"><li>Leeds</li><li>£23,000 a year</li></ul><p class="desc">Picking and packing orders in a busy team, days or nights.</p></article>`;

function resultsPage(nodes) {
  const cards = Math.round(nodes / 13);
  const parts = [];
  for (let i = 0; i < cards; i += 1) parts.push(card(i));
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Jobs</title>${PROBE}</head>
<body><h1>${cards} jobs found</h1>${SIDEBAR}<main>${parts.join('')}</main></body></html>`;
}

// Pages that keep changing, with the same sidebar.
const BUSY_SCRIPTS = {
  // Two text nodes every 100 ms.
  count: `let n = 0; setInterval(() => { n += 1; document.getElementById('live').textContent = n + ' people are looking at jobs now'; document.getElementById('clock').textContent = new Date().toISOString(); }, 100);`,
  // A 500-item list rendered again every second, as a framework does.
  list: `const list = document.getElementById('list'); let round = 0;
    const render = () => { round += 1; const items = []; for (let i = 0; i < 500; i += 1) { const li = document.createElement('li'); li.textContent = 'Job ' + i + ' (' + round + ')'; items.push(li); } list.replaceChildren(...items); };
    render(); setInterval(render, 1000);`,
  // A class toggled on 5,000 nodes every second.
  attributes: `const cells = document.querySelectorAll('.cell'); let on = false;
    setInterval(() => { on = !on; for (const c of cells) c.classList.toggle('lit', on); }, 1000);`,
};

function busyPage(kind) {
  const cells = kind === 'attributes' ? Array.from({ length: 5000 }, (_, i) => `<span class="cell">${i}</span>`).join('') : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Jobs</title>${PROBE}</head>
<body><h1>Jobs</h1>${SIDEBAR}<p id="live"></p><p id="clock"></p><ul id="list"></ul><div>${cells}</div>
<script>${BUSY_SCRIPTS[kind]}</script></body></html>`;
}

// ---- measures ---------------------------------------------------------------------------

const TICKS = 100; // clock ticks per second in /proc (USER_HZ)

/** CPU seconds used so far by every live process descended from this one. */
function descendantsCpu() {
  const parent = new Map();
  const cpu = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(entry), Number(fields[1]));
      cpu.set(Number(entry), (Number(fields[11]) + Number(fields[12])) / TICKS);
    } catch (_) {
      // gone meanwhile
    }
  }
  let total = 0;
  for (const [pid, seconds] of cpu) {
    for (let p = parent.get(pid); p; p = parent.get(p)) {
      if (p === process.pid) {
        total += seconds;
        break;
      }
    }
  }
  return total;
}

/** Resident and peak size (MB) of the extension's process among this one's descendants. */
function extensionProcessMemory() {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (comm !== 'WebExtensions' && !cmdline.includes('--extension-process')) continue;
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
      return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
    } catch (_) {
      // gone meanwhile
    }
  }
  return null;
}

async function load(session, url, withUntick) {
  await session.navigate(url);
  // Until the first warning (with), then a further 2 s for the rest of the work; without,
  // as long as a with-load of the page typically takes.
  const deadline = Date.now() + 15_000;
  for (;;) {
    const b = await session.execute('return window.bench && window.bench.dcl > 0 ? window.bench : null');
    if (b && (!withUntick || b.firstWarning !== null)) break;
    if (Date.now() > deadline) throw new Error(`${url}: ${withUntick ? 'no warning' : 'no DOMContentLoaded'} within 15 s`);
    await sleep(50);
  }
  await sleep(2000);
  const b = await session.execute(`
    const took = (name) => performance.getEntriesByName(name)[0] ?? null;
    const snapshot = took('untick-snapshot');
    return { ...window.bench, snapshot: snapshot?.duration ?? null, answer: took('untick-answer')?.duration ?? null,
      waited: took('untick-waited')?.duration ?? null, audit: took('untick-audit')?.duration ?? null,
      checkAt: snapshot ? snapshot.startTime - window.bench.dcl : null };`);
  return {
    task: b.longestTask,
    gap: b.longestGap,
    first: b.firstWarning === null ? null : b.firstWarning - b.dcl,
    firstTask: b.firstTask ?? null,
    checkAt: b.checkAt,
    frame: b.longestFrame,
    frameLayout: b.frameLayout ?? null,
    frameScripts: b.frameScripts ?? '',
    snapshot: b.snapshot,
    answer: b.answer,
    waited: b.waited,
    audit: b.audit,
  };
}

const median = (xs) => {
  const s = xs.filter((x) => x !== null).sort((a, b) => a - b);
  if (s.length === 0) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const range = (xs) => {
  const s = xs.filter((x) => x !== null);
  return s.length === 0 ? 'n/a' : `${Math.min(...s).toFixed(0)}-${Math.max(...s).toFixed(0)}`;
};
const fmt = (xs) => (median(xs) === null ? 'n/a' : `${median(xs).toFixed(0)} (${range(xs)})`);

// ---- run --------------------------------------------------------------------------------

const generated = {};
for (const size of new Set([...SIZES, ...(MEMORY_PAGES > 0 ? [1000, 100000] : [])])) {
  generated[`/bench-${size}.html`] = resultsPage(size);
}
for (const kind of BUSY) generated[`/bench-busy-${kind}.html`] = busyPage(kind);
const proxy = await startProxy({ generated });

try {
  for (const name of browsers) {
    const browser = await launch(name, proxy.port);
    const { session } = browser;
    try {
      console.log(`\n## ${name}: ${await session.execute('return navigator.userAgent')}`);
      if (SIZES.length > 0) console.log(
        '| page | longest task after DCL, without / with (ms) | longest gap, without / with (ms) | the page\'s first task after DCL, without / with (ms) | first warning after DCL (ms) | whole-page check began after DCL | snapshot (page thread) | engine\'s answer (ms) | of which: queue, audit |',
      );
      if (SIZES.length > 0) console.log('|---|---|---|---|---|---|---|---|---|');
      for (const size of SIZES) {
        const path = `/bench-${size}.html`;
        await load(session, `${SITE}${path}`, true); // the browser's own first-load costs, not counted
        const runs = { without: [], with: [] };
        for (let i = 0; i < LOADS; i += 1) {
          runs.without.push(await load(session, `${OTHER_SITE}${path}`, false));
          runs.with.push(await load(session, `${SITE}${path}`, true));
        }
        const col = (key) => `${fmt(runs.without.map((r) => r[key]))} / ${fmt(runs.with.map((r) => r[key]))}`;
        const withUntick = (key) => fmt(runs.with.map((r) => r[key]));
        if (runs.with[0].frame !== null) {
          console.log(
            `  longest animation frame, without / with: ${col('frame')} ms; its style and layout, with: ${withUntick('frameLayout')} ms; scripts in it: ${runs.with.map((r) => r.frameScripts).join(' | ')}`,
          );
        }
        console.log(
          `| ${size.toLocaleString('en-GB')} nodes | ${col('task')} | ${col('gap')} | ${col('firstTask')} | ${withUntick('first')} | ${withUntick('checkAt')} | ${withUntick('snapshot')} | ${withUntick('answer')} | ${withUntick('waited')}, ${withUntick('audit')} |`,
        );
      }
      if (BUSY.length > 0) {
        console.log(`\n| busy page (${BUSY_ROUNDS} × ${BUSY_SECONDS} s each) | CPU, without / with (% of one core): median (each) | with minus without, medians |`);
        console.log('|---|---|---|');
      }
      for (const kind of BUSY) {
        const path = `/bench-busy-${kind}.html`;
        const share = { without: [], with: [] };
        // Alternately, BUSY_ROUNDS times each: the machine's own noise lands on both.
        for (let round = 0; round < BUSY_ROUNDS; round += 1) {
          for (const [label, site] of [['without', OTHER_SITE], ['with', SITE]]) {
            await session.navigate(`${site}${path}`);
            await sleep(3000); // past the page's load and the first check
            const before = descendantsCpu();
            await sleep(BUSY_SECONDS * 1000);
            share[label].push(((descendantsCpu() - before) / BUSY_SECONDS) * 100);
          }
        }
        const pct = (xs) => `${median(xs).toFixed(1)} (${xs.map((x) => x.toFixed(1)).join(', ')})`;
        const diff = median(share.with) - median(share.without);
        console.log(`| ${kind} | ${pct(share.without)} / ${pct(share.with)} | ${diff.toFixed(1)} |`);
      }
      if (MEMORY_PAGES > 0) {
        const mb = (m) => (m ? `${m.rss.toFixed(0)} MB (peak ${m.peak.toFixed(0)} MB)` : 'not found');
        // First a small page (1,000 nodes), for what the process holds anyway.
        await load(session, `${SITE}/bench-1000.html`, true);
        const seen = [`after a page of 1,000 nodes: ${mb(extensionProcessMemory())}`];
        for (let i = 1; i <= MEMORY_PAGES; i += 1) {
          await load(session, `${SITE}/bench-100000.html`, true);
          if (i === 1 || i % 10 === 0 || i === MEMORY_PAGES) seen.push(`after ${i}: ${mb(extensionProcessMemory())}`);
        }
        console.log(`\nThe extension's process, pages of 100,000 nodes one after another: ${seen.join('; ')}`);
      }
    } finally {
      await browser.close();
    }
  }
} finally {
  await proxy.close();
}
