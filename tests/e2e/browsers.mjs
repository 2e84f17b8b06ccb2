// Starts Chromium (chromedriver) or Firefox ESR (geckodriver) headless with a fresh profile,
// the built extension loaded unchanged, and all traffic sent through the test proxy.
// With { toolbar: true } the tests may also press the extension's toolbar button: Chromium is
// then started here with a DevTools pipe (chromedriver attaches to it), and geckodriver lets
// the tests script Firefox's own window (the toolbar, the popup's panel, prompts).

import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, rmSync, readFileSync, readdirSync, existsSync, openSync, closeSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { Session, waitFor } from './webdriver.mjs';
import { CdpPipe } from './cdp.mjs';
import { chromiumRequestStarters, firefoxRequestStarters, FIREFOX_START_RECORD, FIREFOX_READ_RECORD } from './netlog.mjs';

const REPO = resolve(import.meta.dirname, '..', '..');
export const DIST = resolve(process.env.UNTICK_DIST ?? join(REPO, 'dist'));

const CHROMIUM = process.env.UNTICK_CHROMIUM ?? '/usr/lib/chromium/chromium';

function freePort() {
  return new Promise((ok, fail) => {
    const srv = net.createServer();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

/** The unpacked build for `browser`, or a clear failure saying how to make it. */
export function extensionDir(browser) {
  const dir = join(DIST, browser);
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new Error(`no built extension at ${dir}: run \`make extension\` first`);
  }
  return dir;
}

// Every driver (and the browser it starts) runs in its own process group; the browser's
// helpers may leave it, so the whole tree of descendants is ended too.
const live = new Set();

function descendants(root) {
  const parentOf = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command name (which may hold spaces) start with state, then ppid.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      /* process ended meanwhile */
    }
  }
  const found = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parentOf) {
      if (found.has(ppid) && !found.has(pid)) {
        found.add(pid);
        grew = true;
      }
    }
  }
  return [...found];
}

function killTree(child) {
  const pids = descendants(child.pid);
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    /* group already gone */
  }
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  return pids;
}

async function endTree(child) {
  const reaped = new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', r)));
  const pids = killTree(child);
  live.delete(child);
  // Reap the driver, so no zombie outlives the test process.
  await Promise.race([reaped, new Promise((r) => setTimeout(r, 3000))]);
  const alive = (pid) => {
    try {
      // A zombie waiting for its parent counts as gone.
      return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  };
  await waitFor(() => !pids.some(alive), { timeout: 5000, message: 'browser processes to end' }).catch(() => {});
}

// Temporary directories still in use, removed on exit or interruption whatever happened.
const temps = new Set();
function cleanUpNow() {
  for (const c of live) killTree(c);
  for (const dir of temps) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}
process.on('exit', cleanUpNow);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    cleanUpNow();
    process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
  });
}

async function startDriver(command, args, logFile, env = {}) {
  const port = await freePort();
  const log = openSync(logFile, 'a');
  const child = spawn(command, [...args(port)], {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, ...env },
  });
  closeSync(log);
  live.add(child);
  child.on('exit', () => live.delete(child));
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`${command} exited with ${child.exitCode}; see ${logFile}`);
        const res = await fetch(`${base}/status`).catch(() => null);
        return res && (await res.json()).value?.ready;
      },
      { timeout: 15000, message: `${command} to be ready` },
    );
  } catch (e) {
    await endTree(child);
    throw e;
  }
  return { child, base };
}

// The Chromium flags both ways of starting it share.
function chromiumArgs({ temp, extDir, proxyPort, netLogFile }) {
  return [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
    // Keep the browser's own traffic quiet, so the proxy's record shows the extension's.
    '--disable-default-apps',
    '--disable-client-side-phishing-detection',
    '--disable-domain-reliability',
    '--disable-breakpad',
    '--metrics-recording-only',
    '--no-pings',
    '--password-store=basic',
    '--disable-search-engine-choice-screen',
    // Who started each request, to tell the browser's own traffic from the extension's.
    `--log-net-log=${netLogFile}`,
    '--window-size=1280,1024',
    `--user-data-dir=${join(temp, 'profile')}`,
    // Chromium 137+ ignores --load-extension unless DisableLoadExtensionCommandLineSwitch
    // is off; the rest stop the browser's own background requests and HTTPS upgrades.
    '--disable-features=' +
      [
        'DisableLoadExtensionCommandLineSwitch',
        'HttpsUpgrades',
        'HttpsFirstBalancedModeAutoEnable',
        'AutofillServerCommunication',
        'OptimizationHints',
        'Translate',
        'MediaRouter',
        'NetworkTimeServiceQuerying',
        'InterestFeedContentSuggestions',
        'CertificateTransparencyComponentUpdater',
      ].join(','),
    `--load-extension=${extDir}`,
    `--disable-extensions-except=${extDir}`,
    `--proxy-server=http://127.0.0.1:${proxyPort}`,
    // Loopback too goes through the proxy, so nothing escapes its record.
    '--proxy-bypass-list=<-loopback>',
  ];
}

// What chromedriver would write into a fresh profile: no sign-in.
const CHROMIUM_PREFS = { signin: { allowed: false }, browser: { signin: { allowed_on_next_startup: false } } };

/**
 * Starts Chromium itself with a DevTools pipe (for the Extensions domain, which presses the
 * toolbar button) and a DevTools port that chromedriver attaches to, so the same WebDriver
 * checks work on its pages.
 */
async function startChromiumWithPipe(args, temp) {
  const profile = join(temp, 'profile');
  mkdirSync(join(profile, 'Default'), { recursive: true });
  writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify(CHROMIUM_PREFS));
  const log = openSync(join(temp, 'browser.log'), 'a');
  const child = spawn(
    CHROMIUM,
    [
      ...args,
      '--remote-debugging-pipe',
      '--remote-debugging-port=0',
      '--enable-unsafe-extension-debugging',
      // What acceptInsecureCerts does when chromedriver starts the browser: the proxy's
      // throwaway certificate. Every request goes to that proxy.
      '--ignore-certificate-errors',
      'about:blank',
    ],
    { detached: true, stdio: ['ignore', log, log, 'pipe', 'pipe'] },
  );
  closeSync(log);
  live.add(child);
  child.on('exit', () => live.delete(child));
  const cdp = new CdpPipe(child);
  const portFile = join(profile, 'DevToolsActivePort');
  try {
    const port = await waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`Chromium exited with ${child.exitCode}`);
        return existsSync(portFile) && readFileSync(portFile, 'utf8').split('\n')[0];
      },
      { timeout: 15000, message: 'Chromium to open its DevTools port' },
    );
    return { child, cdp, port };
  } catch (e) {
    await endTree(child);
    throw e;
  }
}

/**
 * Launches `browser` ('chrome' or 'firefox') with the extension and the proxy.
 * Returns { session, extensionBase, browser, netLogFile (Chromium), backgroundRunning,
 * quitAndReadRequests, quit, close, welcomed (the welcome page opened on install) }, and with `toolbar`, also cdp (Chromium's DevTools
 * pipe); addonId in Firefox. close() always cleans up, whatever state the browser is in.
 * `from` loads another build of the extension (a directory holding manifest.json);
 * `firefoxPrefs` adds preferences to Firefox's.
 */
export async function launch(browser, proxyPort, options = {}) {
  // Now and then, when another Chromium has run in the same session, the new one's first
  // tab never answers chromedriver (seen in CI, and here in about one start in five after a
  // browser that loaded pages; never in twelve starts alone): every command then waits out
  // the page-load time, asked again or not, while a new browser is fine. So a renderer
  // time-out at start-up starts the browser again, twice at most. An extension that fails
  // to load fails otherwise, and at once.
  for (let attempt = 1; ; attempt++) {
    try {
      const launched = await launchOnce(browser, proxyPort, options);
      try {
        launched.welcomed = await closeWelcomePage(launched);
      } catch (e) {
        await launched.close();
        throw e;
      }
      return launched;
    } catch (e) {
      if (!/Timed out receiving message from renderer/.test(e.message) || attempt === 3) throw e;
      console.error(`# ${browser}'s first tab did not answer at start-up; starting it again (${attempt})`);
    }
  }
}

/**
 * On first install Untick opens its welcome page in a tab of its own: waits for it (10 s
 * at most), closes it so that the tests start with one tab, and says whether it came.
 * chromedriver lists no window for a tab an extension opened, so in Chromium the tab is
 * found and closed through DevTools; in Firefox it is a window like any other.
 */
async function closeWelcomePage({ browser, session, extensionBase }) {
  const welcome = `${extensionBase}welcome/welcome.html`;
  const deadline = Date.now() + 10_000;
  const start = await session.windowHandle();
  try {
    while (Date.now() < deadline) {
      if (browser === 'chrome') {
        const cdp = (cmd, params = {}) => session.cmd('POST', '/goog/cdp/execute', { cmd, params });
        const { targetInfos } = await cdp('Target.getTargets');
        const tab = targetInfos.find((t) => t.type === 'page' && t.url === welcome);
        if (tab) {
          await cdp('Target.closeTarget', { targetId: tab.targetId });
          return true;
        }
      } else {
        for (const handle of await session.windowHandles()) {
          if (handle === start) continue;
          await session.switchToWindow(handle);
          if ((await session.url()) === welcome) {
            await session.closeWindow();
            return true;
          }
        }
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    return false;
  } finally {
    await session.switchToWindow(start);
  }
}

async function launchOnce(browser, proxyPort, { toolbar = false, from = null, firefoxPrefs = {}, firefoxArgs = [] } = {}) {
  const temp = mkdtempSync(join(tmpdir(), `untick-e2e-${browser}-`));
  temps.add(temp);
  // A byte-for-byte copy of the build, so a rebuild of dist/ meanwhile cannot change it mid-run.
  const extDir = join(temp, 'extension');
  try {
    cpSync(from ?? extensionDir(browser), extDir, { recursive: true });
    if (!existsSync(join(extDir, 'manifest.json'))) {
      throw new Error(`${join(DIST, browser)} changed while being copied: is a build running?`);
    }
  } catch (e) {
    rmSync(temp, { recursive: true, force: true });
    temps.delete(temp);
    throw e;
  }
  let driver;
  let session;
  let piped; // Chromium started here rather than by chromedriver
  // quit() ends the browser and its driver; close() also removes the temporary files.
  const quit = async () => {
    if (session) await session.delete().catch(() => {});
    session = null;
    if (piped) {
      // chromedriver leaves a browser it attached to running: close it, so its NetLog is whole.
      const exited = new Promise((r) => (piped.child.exitCode !== null ? r() : piped.child.once('exit', r)));
      // Whether or not the browser answers, give it at most 5 seconds.
      const asked = piped.cdp.send('Browser.close').catch(() => {});
      await Promise.race([Promise.all([asked, exited]), new Promise((r) => setTimeout(r, 5000))]);
      await endTree(piped.child);
    }
    piped = null;
    if (driver) {
      // Give the driver a moment to stop its browser, then end whatever is left.
      await new Promise((r) => setTimeout(r, 200));
      await endTree(driver.child);
    }
    driver = null;
  };
  const close = async () => {
    await quit();
    // A dying browser may still write into its profile; remove until it stays removed.
    for (let i = 0; i < 5 && existsSync(temp); i++) {
      rmSync(temp, { recursive: true, force: true, maxRetries: 3 });
      await new Promise((r) => setTimeout(r, 100));
    }
    temps.delete(temp);
  };
  const netLogFile = join(temp, 'netlog.json');
  try {
    if (browser === 'chrome') {
      const args = chromiumArgs({ temp, extDir, proxyPort, netLogFile });
      if (toolbar) {
        piped = await startChromiumWithPipe(args, temp);
        driver = await startDriver('chromedriver', (port) => [`--port=${port}`], join(temp, 'driver.log'));
        session = await Session.create(driver.base, {
          alwaysMatch: {
            browserName: 'chrome',
            timeouts: CHROMEDRIVER_TIMEOUTS,
            'goog:chromeOptions': { debuggerAddress: `127.0.0.1:${piped.port}` },
          },
        });
      } else {
        driver = await startDriver('chromedriver', (port) => [`--port=${port}`], join(temp, 'driver.log'));
        session = await Session.create(driver.base, {
          alwaysMatch: {
            browserName: 'chrome',
            timeouts: CHROMEDRIVER_TIMEOUTS,
            // The test proxy serves the site's https pages with a throwaway certificate.
            acceptInsecureCerts: true,
            'goog:chromeOptions': {
              binary: CHROMIUM,
              prefs: { 'signin.allowed': false, 'browser.signin.allowed_on_next_startup': false },
              args,
            },
          },
        });
      }
      const extensionBase = await chromeExtensionBase(session);
      // A running service worker is a DevTools target; a stopped one is not.
      const backgroundRunning = async () => {
        const { targetInfos } = await session.cmd('POST', '/goog/cdp/execute', { cmd: 'Target.getTargets', params: {} });
        return targetInfos.some((t) => t.type === 'service_worker' && t.url.startsWith(extensionBase));
      };
      // Who started each request: Chromium's NetLog, complete once the browser has exited.
      // The extension is loaded from the start, so nothing is known to precede it.
      const quitAndReadRequests = async () => {
        await quit();
        return { starters: chromiumRequestStarters(netLogFile), extensionSince: 0 };
      };
      return { browser, session, extensionBase, netLogFile, cdp: piped?.cdp, backgroundRunning, quitAndReadRequests, quit, close };
    }
    if (browser === 'firefox') {
      const manifest = JSON.parse(readFileSync(join(extDir, 'manifest.json'), 'utf8'));
      const addonId = manifest.browser_specific_settings?.gecko?.id;
      if (!addonId) throw new Error(`${extDir}/manifest.json has no browser_specific_settings.gecko.id`);
      // Fixing the extension's internal UUID in advance lets the tests open its pages.
      const uuid = randomUUID();
      driver = await startDriver(
        'geckodriver',
        // --allow-system-access lets the tests script Firefox's own window and read its
        // state (chrome context).
        (port) => ['--port', String(port), '--allow-system-access', '--profile-root', temp],
        join(temp, 'driver.log'),
        // Release builds honour services.settings.server only with this set.
        // No crash reporter: its helper would outlive the browser.
        { MOZ_REMOTE_SETTINGS_DEVTOOLS: '1', MOZ_CRASHREPORTER_DISABLE: '1' },
      );
      session = await Session.create(driver.base, {
        alwaysMatch: {
          browserName: 'firefox',
          acceptInsecureCerts: true,
          'moz:firefoxOptions': {
            binary: process.env.UNTICK_FIREFOX ?? '/usr/bin/firefox-esr',
            args: ['-headless', ...firefoxArgs],
            prefs: {
              'extensions.webextensions.uuids': JSON.stringify({ [addonId]: uuid }),
              'network.proxy.type': 1,
              'network.proxy.http': '127.0.0.1',
              'network.proxy.http_port': proxyPort,
              'network.proxy.ssl': '127.0.0.1',
              'network.proxy.ssl_port': proxyPort,
              'network.proxy.no_proxies_on': '',
              'network.proxy.allow_hijacking_localhost': true,
              'network.proxy.share_proxy_settings': true,
              // Keep the browser's own traffic quiet, so the proxy's record shows the extension's.
              'network.captive-portal-service.enabled': false,
              'network.connectivity-service.enabled': false,
              'services.settings.server': 'data:,#remote-settings-dummy/v1',
              'extensions.blocklist.enabled': false,
              'browser.safebrowsing.update.enabled': false,
              'browser.safebrowsing.provider.mozilla.updateURL': '',
              'network.dns.native_https_query': false,
              'dom.security.https_first': false,
              'dom.security.https_first_schemeless': false,
              ...firefoxPrefs,
            },
          },
        },
      });
      // Who started each request, recorded by the browser from before the extension arrives.
      await session.cmd('POST', '/moz/context', { context: 'chrome' });
      await session.execute(FIREFOX_START_RECORD);
      await session.cmd('POST', '/moz/context', { context: 'content' });
      const extensionSince = Date.now();
      const installed = await session.cmd('POST', '/moz/addon/install', { path: extDir, temporary: true });
      if (installed !== addonId) throw new Error(`installed add-on id ${installed}, manifest says ${addonId}`);
      const backgroundRunning = async () => {
        await session.cmd('POST', '/moz/context', { context: 'chrome' });
        try {
          const state = await session.execute(
            `const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
             return ExtensionParent.GlobalManager.getExtension(arguments[0])?.backgroundState ?? 'unknown';`,
            addonId,
          );
          // "starting" counts: the background is on its way up.
          if (!['running', 'starting', 'stopped', 'suspending'].includes(state)) {
            throw new Error(`Firefox reports the background as ${state}: has ExtensionParent changed?`);
          }
          return state === 'running' || state === 'starting';
        } finally {
          await session.cmd('POST', '/moz/context', { context: 'content' });
        }
      };
      const quitAndReadRequests = async () => {
        await session.cmd('POST', '/moz/context', { context: 'chrome' });
        const records = await session.execute(FIREFOX_READ_RECORD);
        await quit();
        if (!Array.isArray(records)) throw new Error("Firefox's request record was lost: was the window replaced?");
        return { starters: firefoxRequestStarters(records), extensionSince };
      };
      return {
        browser,
        session,
        extensionBase: `moz-extension://${uuid}/`,
        addonId,
        backgroundRunning,
        quitAndReadRequests,
        quit,
        close,
      };
    }
    throw new Error(`unknown browser ${browser}`);
  } catch (e) {
    let log = '';
    for (const name of ['driver.log', 'browser.log']) {
      try {
        log += readFileSync(join(temp, name), 'utf8').split('\n').slice(-30).join('\n');
      } catch {
        /* no log */
      }
    }
    await close();
    throw new Error(`could not start ${browser} with the extension: ${e.message}\n${log}`);
  }
}

// chromedriver waits up to the page-load timeout (300 s by default) for a renderer before
// each command: 20 s is ample for the test pages (the largest loads in a few seconds), and
// keeps a hung start-up well within a suite's own time limit, so that launch() can start
// again.
const CHROMEDRIVER_TIMEOUTS = { pageLoad: 20_000 };

/** chrome-extension://ID/ of the loaded extension, from its service worker's DevTools target. */
async function chromeExtensionBase(session) {
  const url = await waitFor(
    async () => {
      const { targetInfos } = await session.cmd('POST', '/goog/cdp/execute', { cmd: 'Target.getTargets', params: {} });
      const ext = targetInfos.find((t) => t.url.startsWith('chrome-extension://'));
      return ext?.url;
    },
    { timeout: 10000, message: 'the extension to load in Chromium (no chrome-extension:// target appeared)' },
  );
  return url.match(/^chrome-extension:\/\/[a-p]{32}\//)[0];
}
