// Measures how soon the warnings are painted, in real Chromium and Firefox ESR with the
// built extension (dist/), on the registration fixture page served under a known site.
// The content script records "untick-first-paint": from its first check (once the page's
// DOMContentLoaded work is done) to the first warnings drawn, the background's work included.
//   cold: the first page after the background has gone idle (stopped by the browser)
//   warm: later loads, background running
// Each is measured with the page served at once (0 ms round trip: the worst case for the
// cold start, which the page's own loading otherwise partly hides) and over a link with a
// typical home-broadband round trip, added by a relay between the browser and the proxy.
// Usage: make extension && node scripts/paint-time.mjs [--rtt=0,40] [--cold=2] [chrome|firefox ...]

import net from 'node:net';
import { benchArgs } from './bench-args.mjs';
import { launch } from '../tests/e2e/browsers.mjs';
import { startProxy, SITE } from '../tests/e2e/proxy.mjs';

const WARM_RUNS = 10;
// Both browsers stop an idle extension background after 30 seconds.
const IDLE_MS = 35_000;
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

const { options, browsers } = benchArgs();
const roundTrips = (options.rtt ?? '0,40').split(',').map(Number);
const coldRuns = Number(options.cold ?? 2);

/** A TCP relay in front of the proxy that delays everything it sends back by `rttMs`. */
function startRelay(targetPort, rttMs) {
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    client.on('data', (chunk) => upstream.write(chunk));
    // Timers of equal delay fire in order, so the stream stays in order.
    upstream.on('data', (chunk) => setTimeout(() => client.destroyed || client.write(chunk), rttMs));
    const end = () => setTimeout(() => client.destroy(), rttMs);
    upstream.on('end', end);
    upstream.on('error', end);
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
  });
  return new Promise((ready) => {
    server.listen(0, '127.0.0.1', () =>
      ready({ port: server.address().port, close: () => new Promise((done) => server.close(done)) }),
    );
  });
}

async function paintTime(session) {
  await session.navigate(`${SITE}/register.html`);
  for (let i = 0; i < 100; i += 1) {
    const ms = await session.execute(
      `const e = performance.getEntriesByName('untick-first-paint')[0]; return e ? e.duration : null;`,
    );
    if (ms !== null) return ms;
    await sleep(50);
  }
  throw new Error('no warnings painted within 5 s');
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (xs) => xs.map((x) => x.toFixed(1)).join(', ');

const proxy = await startProxy();
try {
  for (const rtt of roundTrips) {
    const relay = rtt > 0 ? await startRelay(proxy.port, rtt) : null;
    try {
      for (const name of browsers) {
        const browser = await launch(name, relay ? relay.port : proxy.port);
        try {
          await paintTime(browser.session); // the browser's own first-load costs, not counted
          const cold = [];
          for (let i = 0; i < coldRuns; i += 1) {
            // Leave the site, as a person would between visits, so nothing of the site's
            // page is running when the background is stopped.
            await browser.session.navigate('about:blank');
            await sleep(IDLE_MS);
            cold.push(await paintTime(browser.session));
          }
          const warm = [];
          for (let i = 0; i < WARM_RUNS; i += 1) warm.push(await paintTime(browser.session));
          console.log(
            `paint time, ${name}, ${rtt} ms round trip: cold ${ms(cold)} ms (budget 50); ` +
              `warm median ${median(warm).toFixed(1)} ms, max ${Math.max(...warm).toFixed(1)} ms ` +
              `over ${WARM_RUNS} loads (budget 10)`,
          );
        } finally {
          await browser.close();
        }
      }
    } finally {
      await relay?.close();
    }
  }
} finally {
  await proxy.close();
}
