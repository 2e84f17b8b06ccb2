// Untick's background: runs the engine (Rust compiled to WebAssembly) for the content
// script and the popup, renders letters, and keeps the toolbar badge. One file serves
// as Chrome's module service worker and Firefox's background script.
import { createEngine } from "./engine.js";
import { addEntry, noteOff, today as todayDay } from "./shared/case-file.js";

const api = globalThis.browser ?? globalThis.chrome;
const engine = createEngine(api.runtime.getURL("wasm/untick_bg.wasm"));

// Chrome starts this service worker when it is needed: nearly always for a known site's
// page (the listener below, or the page's content script), otherwise for the popup, which
// needs the engine for letters. The browser then takes a further 10 to 20 ms to hand over
// the event that started it, so load the engine at once. (Firefox also starts its
// background with the browser, for no page, so there loading waits for a page to ask.)
if (typeof ServiceWorkerGlobalScope === "function" && globalThis instanceof ServiceWorkerGlobalScope) {
  engine.ready().catch(() => {});
}

// Start the background and the engine as soon as a known site's page is asked for, rather
// than when it starts to arrive (wake.js): the page's own network time then hides the
// browser's start-up of the background and the engine's compiling. The listener reads
// nothing of the request, and the browser applies the filter, so no other site wakes
// Untick. Registered at the top level, so that the event can start a stopped background.
api.webRequest.onBeforeRequest.addListener(
  () => {
    engine.warmUp().catch(() => {});
  },
  { urls: api.runtime.getManifest().host_permissions ?? [], types: ["main_frame"] },
);

// The content script, as the manifest declares it; also injected on request.
const CONTENT_FILES = ["shared/channel.js", "shared/clicks.js", "shared/warning.js", "content.js"];
const SITE_SCRIPT_PREFIX = "untick-site-";

async function today() {
  const now = new Date();
  return engine.call("uk_date", now.getFullYear(), now.getMonth() + 1, now.getDate());
}

// ---- per-tab findings -----------------------------------------------------------------
// Kept in storage.session too: Chrome stops idle service workers, and the popup may ask later.

const tabStates = new Map();

function tabKey(tabId) {
  return `tab:${tabId}`;
}

async function getTabState(tabId) {
  if (tabStates.has(tabId)) return tabStates.get(tabId);
  const key = tabKey(tabId);
  const stored = await api.storage.session.get(key);
  const state = stored[key] ?? null;
  if (state) tabStates.set(tabId, state);
  return state;
}

async function setTabState(tabId, state) {
  tabStates.set(tabId, state);
  await api.storage.session.set({ [tabKey(tabId)]: state });
  await forgetClosedTabs();
  // Settings still on (issue 17): one the person switched off no longer counts; one the
  // page switched back on counts again.
  const count = state.findings.filter((finding) => finding.on_now !== false).length;
  // "!" after the count: the page hid the warnings drawn in it; the popup lists them.
  const text = count > 0 ? `${count}${state.warningsHidden ? "!" : ""}` : "";
  await api.action.setBadgeText({ tabId, text });
  api.runtime.sendMessage({ kind: "tab-updated", tabId }).catch(() => {});
}

// A tab's findings are those of every frame of its page that Untick runs in (a form may
// sit in a frame of a known site). Each frame reports its own; they are kept by frame
// (recordFindings), and a frame that goes away (its port closes) takes its findings with
// it. One update at a time: two frames reporting at once must not lose each other's.
// Each finding carries the site of its frame, which may be another known site than the
// tab's: its letter is addressed to that site.
let findingsUpdate = Promise.resolve();
function updateFindings(tabId, change) {
  const update = async () => {
    const before = await getTabState(tabId);
    const next = change(before ?? { url: "", top: null, topShown: null, frames: {} });
    if (!next) return;
    const reports = Object.entries(next.frames).sort(([a], [b]) => Number(a) - Number(b));
    await setTabState(tabId, {
      ...next,
      site: (next.frames[0] ?? reports[0]?.[1])?.site ?? null,
      checkedInPart: reports.some(([, frame]) => frame.checkedInPart),
      warningsHidden: reports.some(([, frame]) => frame.warningsHidden),
      findings: reports.flatMap(([, frame]) => frame.findings.map((finding) => ({ ...finding, site: frame.site }))),
    });
  };
  findingsUpdate = findingsUpdate.then(update, update);
  return findingsUpdate;
}

function originOf(url) {
  try {
    return new URL(url).origin;
  } catch (_) {
    return "";
  }
}

// Which page a frame's report belongs to: every document reports its time origin
// (`page`), and a frame's document starts after the top document holding it. So when the
// top frame reports a new document, reports from documents older than it are of an
// earlier page and go; and a frame's report older than the top document now held is
// stale. Top documents are ordered by when they were last shown (`shown`: the time
// origin, or when the page came back from the back/forward cache), so that a page shown
// again counts although its document is older than the one left.
function recordFindings(tabId, sender, message) {
  const frameId = sender.frameId ?? 0;
  const report = {
    page: Number(message.page) || 0,
    site: message.site ?? null,
    findings: Array.isArray(message.findings) ? message.findings : [],
    checkedInPart: message.checkedInPart === true,
    warningsHidden: message.warningsHidden === true,
  };
  const shown = Number(message.shown) || report.page;
  return updateFindings(tabId, (before) => {
    let { url, top, frames } = before;
    let topShown = before.topShown ?? null;
    if (frameId === 0) {
      if (topShown !== null && shown < topShown) return null;
      frames = Object.fromEntries(Object.entries(frames).filter(([, frame]) => frame.page >= report.page));
      top = report.page;
      topShown = shown;
      // Read as the page reports: a single-page app changes its address as it goes.
      url = String(message.url ?? "");
    } else {
      if (top !== null && report.page < top) return null;
      // The tab's address (known on the sites Untick may read, as of when the frame
      // connected) tells another site's page apart when its top frame does not report;
      // no address at all means a page Untick cannot read.
      const tabUrl = String(sender.tab?.url ?? "");
      if (originOf(tabUrl) !== originOf(url)) {
        frames = {};
        top = null;
        topShown = null;
        url = tabUrl;
      }
    }
    // A record kept of this page (the case file) follows it while the same page is shown.
    const keptRecord = top !== null && top === before.top ? before.keptRecord : undefined;
    return { url, top, topShown, frames: { ...frames, [frameId]: report }, keptRecord };
  });
}

// Once a record of the page is kept, a setting the person then switches off is noted in
// it, with the time (issue 22: "what the person then did").
async function noteSwitchedOff(tabId) {
  const state = await getTabState(tabId);
  const kept = state?.keptRecord;
  if (!kept || kept.top !== state.top) return;
  const off = state.findings.filter((finding) => finding.on_now === false).map((finding) => finding.label || finding.headline);
  if (off.length > 0) await noteOff(kept.id, off, new Date().toISOString());
}

// A frame's port closes when its document goes (a frame removed, or loading another
// page): its findings go too, unless a newer document of that frame has reported since.
// When the top document goes, so does everything found in it and its frames (otherwise a
// frame closing with it would put the old page's count back on the badge of the next),
// and the next page's reports are taken as they come: it may be an older page shown again.
function forgetFrame(tabId, frameId, page) {
  return updateFindings(tabId, (before) => {
    if (frameId === 0) {
      return before.top === page ? { url: before.url, top: null, topShown: null, frames: {} } : null;
    }
    if (before.frames[frameId]?.page !== page) return null;
    const frames = { ...before.frames };
    delete frames[frameId];
    return { ...before, frames };
  });
}

// Drops what is kept for tabs that are gone. Done here rather than in tabs.onRemoved,
// which would wake the background for every tab closed anywhere.
async function forgetClosedTabs() {
  const open = new Set((await api.tabs.query({})).map((tab) => tabKey(tab.id)));
  const kept = Object.keys(await api.storage.session.get(null)).filter((key) => key.startsWith("tab:"));
  const gone = kept.filter((key) => !open.has(key));
  for (const key of gone) tabStates.delete(Number(key.slice(4)));
  if (gone.length > 0) await api.storage.session.remove(gone);
}

// ---- letters --------------------------------------------------------------------------

// Who each letter is for ("the company that runs the site") and what to do once it is
// sent, for what the warning says after copying.
let letterList = null;
async function letterGuidance(wanted) {
  letterList ??= await engine.call("letters");
  const to = {};
  const after = {};
  for (const { id } of wanted) {
    const letter = letterList.find((known) => known.id === id);
    if (!letter) continue;
    to[id] = letter.to;
    after[id] = letter.after;
  }
  return { to, after };
}

// ---- copying a letter from a warning ------------------------------------------------
// The page's content script never holds a letter: it asks, on the person's click, and the
// letter is rendered and copied here, in the extension's own context, where the page's
// document, selection and copy events cannot see it. Firefox's background is a document
// (clipboardWrite lets it write without a click of its own); Chrome's service worker has no
// DOM, so an offscreen document copies for it.
const OFFSCREEN_CLIPBOARD = "offscreen/clipboard.html";

// One copy at a time: Chrome allows one offscreen document, which each copy opens and closes.
let copying = Promise.resolve();
function writeClipboard(text) {
  const done = copying.then(() => writeClipboardNow(text));
  copying = done.catch(() => {});
  return done;
}

async function writeClipboardNow(text) {
  if (!api.offscreen) {
    await navigator.clipboard.writeText(text);
    return true;
  }
  try {
    await api.offscreen.createDocument({
      url: OFFSCREEN_CLIPBOARD,
      reasons: ["CLIPBOARD"],
      justification: "Copy the letter the person asked for, away from the page.",
    });
  } catch (_) {
    // One is open already (Chrome allows one at a time).
  }
  try {
    const reply = await api.runtime.sendMessage({ kind: "offscreen-copy", text });
    return reply?.copied === true;
  } finally {
    await api.offscreen.closeDocument().catch(() => {});
  }
}

async function copyLetter(message) {
  const id = String(message.id ?? "");
  const settings = Array.isArray(message.settings) ? message.settings : [];
  const text = (await renderLetters([{ id, settings }], message.site)).letters[id];
  if (typeof text !== "string") return false;
  return writeClipboard(text);
}

async function renderLetters(wanted, site) {
  const { details = {} } = await api.storage.local.get("details");
  const date = await today();
  const letters = {};
  const missing = {};
  for (const { id, settings } of wanted) {
    try {
      missing[id] = await engine.call("missing_details_note", id, details);
      letters[id] = await engine.call("render_letter", id, details, {
        site_name: site?.known ?? null,
        host: site?.host || null,
        date,
        settings: Array.isArray(settings) ? settings.map(String) : [],
      });
    } catch (_) {
      // One letter that cannot be rendered must not cost the others.
    }
  }
  return { letters, missing };
}

// ---- sites the person asked Untick to always check -------------------------------------

function siteScriptId(pattern) {
  return SITE_SCRIPT_PREFIX + pattern.replace(/[^a-z0-9.-]/gi, "_");
}

async function manifestPatterns() {
  const declared = api.runtime.getManifest().content_scripts ?? [];
  return new Set(declared.flatMap((script) => script.matches ?? []));
}

// Registers a content script for each optional host permission granted, and drops those
// whose permission is gone. Idempotent, so it runs at every start. Runs one at a time: the
// popup and the permission listener both ask after "Always check this site", and two runs
// at once would register the same script twice.
let siteSync = Promise.resolve();
function syncSiteScripts() {
  siteSync = siteSync.then(syncSiteScriptsNow, syncSiteScriptsNow);
  return siteSync;
}

async function syncSiteScriptsNow() {
  const builtIn = await manifestPatterns();
  const granted = (await api.permissions.getAll()).origins ?? [];
  const wanted = granted.filter((pattern) => !builtIn.has(pattern) && pattern !== "*://*/*");
  const registered = await api.scripting.getRegisteredContentScripts();
  const registeredIds = new Set(registered.map((script) => script.id));
  const wantedIds = new Set(wanted.map(siteScriptId));
  const stale = [...registeredIds].filter((id) => id.startsWith(SITE_SCRIPT_PREFIX) && !wantedIds.has(id));
  if (stale.length > 0) await api.scripting.unregisterContentScripts({ ids: stale });
  const missing = wanted.filter((pattern) => !registeredIds.has(siteScriptId(pattern)));
  if (missing.length > 0) {
    await api.scripting.registerContentScripts(
      missing.map((pattern) => ({
        id: siteScriptId(pattern),
        matches: [pattern],
        js: CONTENT_FILES,
        runAt: "document_end",
        allFrames: true,
        // Frames the page writes itself (about:srcdoc, about:blank), as the built-in sites.
        matchOriginAsFallback: true,
      })),
    );
  }
}

// "Check this page": the page and its frames (a form may sit in a frame of the same site).
// The person's click grants the page's own origin only. Both browsers then skip a frame of
// another origin (tests/e2e, framed-elsewhere.html); should one refuse the whole call
// instead, the page itself is still checked.
async function checkTab(tabId) {
  try {
    await api.scripting.executeScript({ target: { tabId, allFrames: true }, files: CONTENT_FILES });
  } catch (_) {
    await api.scripting.executeScript({ target: { tabId }, files: CONTENT_FILES });
  }
}

// ---- messages -------------------------------------------------------------------------

async function handle(message, sender) {
  switch (message?.kind) {
    case "audit": {
      const snapshot = String(message.snapshot ?? "");
      const url = String(message.url ?? "");
      return engine.audit(snapshot, url, Boolean(message.fragment));
    }
    case "findings": {
      const tabId = sender.tab?.id;
      if (tabId === undefined) return {};
      await recordFindings(tabId, sender, message);
      if (message.findings?.some?.((finding) => finding?.on_now === false)) await noteSwitchedOff(tabId).catch(() => {});
      return {};
    }
    case "letters": {
      const wanted = Array.isArray(message.wanted) ? message.wanted : [];
      return { ...(await renderLetters(wanted, message.site)), ...(await letterGuidance(wanted)) };
    }
    case "letter-guidance": {
      const wanted = Array.isArray(message.wanted) ? message.wanted : [];
      return letterGuidance(wanted);
    }
    case "copy-letter":
      return { copied: await copyLetter(message).catch(() => false) };
    case "copy-report": {
      // A warning the person thinks is wrong: what the page showed and what Untick said,
      // no personal details (src/mistake.rs).
      const version = api.runtime.getManifest().version;
      const finding = message.finding ?? {};
      const words = ["label", "headline", "category", "control"].map((key) => String(finding[key] ?? ""));
      const report = await engine.call("mistake_report", ...words, String(message.page ?? ""), version);
      return { copied: await writeClipboard(report).catch(() => false) };
    }
    case "warm":
      await engine.warmUp();
      return {};
    case "tab-state":
      return { state: await getTabState(message.tabId) };
    case "letter-list":
      return { letters: await engine.call("letters") };
    case "case-steps": {
      // The case file's letters: when each reply is due and what follows (src/letters/case.rs).
      // One letter id and one day a line (the module takes two texts: cheaper than arrays).
      const sent = Array.isArray(message.sent) ? message.sent : [];
      const line = (value) => String(value ?? "").replace(/\s+/g, " ");
      const ids = sent.map((entry) => line(entry?.letter)).join("\n");
      const days = sent.map((entry) => line(entry?.sent)).join("\n");
      return { steps: await engine.call("case_steps", ids, days, String(message.today ?? "")) };
    }
    case "letter-sent": {
      // The card's "I have sent it" after a copy: that letter, to whom it says, today.
      const letters = await engine.call("letters");
      const info = letters.find((letter) => letter.id === String(message.id ?? ""));
      if (!info) throw new Error("no such letter");
      return { entry: await addEntry({ type: "letter", letter: info.id, title: info.title, to: info.to, sent: todayDay() }) };
    }
    case "keep-record": {
      // On the person's click (the card's button, or the popup's): the page's warnings as
      // Untick holds them for the tab, never what the page or the content script claims.
      // An extension page names the tab (the popup may be a tab of its own: Firefox for
      // Android); a content script's is its own.
      const tabId = isExtensionPage(sender) ? message.tabId : sender.tab?.id;
      const state = await getTabState(tabId);
      if (!state) throw new Error("nothing found on this page to keep");
      const entry = await addEntry(pageRecord(state));
      await updateFindings(tabId, (before) => ({ ...before, keptRecord: { id: entry.id, top: before.top } }));
      return { entry };
    }
    case "check-tab":
      await checkTab(message.tabId);
      return {};
    case "sync-sites":
      await syncSiteScripts();
      return {};
    default:
      throw new Error(`unknown request ${message?.kind}`);
  }
}

// A record of the page for the case file: when, where (no query string: it can hold the
// person's details), and each warning's words, how it was on and whether it still is.
function pageRecord(state) {
  let address = "";
  try {
    const url = new URL(state.url);
    address = `${url.origin}${url.pathname}`;
  } catch (_) {
    address = "";
  }
  const site = state.site ?? {};
  const how = (finding) =>
    finding.control === "statement" ? "announced" : finding.control === "hidden" ? "hidden" : finding.locked ? "locked" : "ticked";
  return {
    type: "page",
    at: new Date().toISOString(),
    site: site.known ? `${site.known} (${site.host})` : String(site.host ?? ""),
    address,
    settings: state.findings.map((finding) => ({
      words: finding.label || finding.headline,
      headline: finding.headline,
      how: how(finding),
      onWhenKept: finding.on_now !== false,
    })),
  };
}

// What each kind of sender may ask. Content scripts live in pages Untick does not trust:
// they may ask only for what a page's own check needs, never for another tab's state, a
// check of another tab, a change to the sites Untick runs on, or a letter's text (which
// holds the person's details: "copy-letter" copies it without handing it over).
const CONTENT_SCRIPT_REQUESTS = new Set(["warm", "audit", "findings", "letter-guidance", "copy-letter", "copy-report", "keep-record", "letter-sent"]);
const EXTENSION_PAGE_REQUESTS = new Set(["tab-state", "letter-list", "letters", "check-tab", "sync-sites", "copy-report", "case-steps", "keep-record"]);

function isExtensionPage(sender) {
  return sender?.id === api.runtime.id && typeof sender.url === "string" && sender.url.startsWith(api.runtime.getURL(""));
}

function answer(message, sender, allowed) {
  if (!allowed.has(message?.kind)) {
    return Promise.resolve({ ok: false, error: `request ${message?.kind} not accepted from this sender` });
  }
  return handle(message, sender).then(
    (reply) => ({ ok: true, ...reply }),
    (error) => ({ ok: false, error: String(error?.message ?? error) }),
  );
}

// The popup and options pages send one-off messages. Answer through sendResponse: both
// browsers support it, unlike returned promises.
api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (sender.id !== api.runtime.id) return false;
  const allowed = isExtensionPage(sender) ? EXTENSION_PAGE_REQUESTS : CONTENT_SCRIPT_REQUESTS;
  answer(message, sender, allowed).then(sendResponse);
  return true;
});

// Content scripts keep a port open for the page's life (shared/channel.js).
api.runtime.onConnect.addListener((port) => {
  if (port.sender?.id !== api.runtime.id || port.name !== "untick") return;
  let reported = null; // the last findings report sent on this port
  port.onDisconnect.addListener(() => {
    if (reported) forgetFrame(reported.tabId, reported.frameId, reported.page).catch(() => {});
  });
  port.onMessage.addListener((request) => {
    const message = request?.message;
    const tabId = port.sender.tab?.id;
    if (message?.kind === "findings" && tabId !== undefined) {
      reported = { tabId, frameId: port.sender.frameId ?? 0, page: Number(message.page) || 0 };
    }
    answer(request?.message, port.sender, CONTENT_SCRIPT_REQUESTS).then((reply) => {
      try {
        port.postMessage({ id: request?.id, reply });
      } catch (_) {
        // The page went away before the answer.
      }
    });
  });
});

// No tabs.onUpdated or onRemoved listeners: they would wake the background for every page
// loaded anywhere. The browser resets a tab's badge when it loads a new page, and the popup
// ignores findings kept for a different page than the one now in the tab.

api.permissions.onAdded.addListener(async (added) => {
  await syncSiteScripts().catch(() => {});
  // Check the site's open tabs now rather than at their next load. Found by address, not
  // as the active tab: where the popup is a tab of its own (Firefox for Android), the
  // active tab is the popup.
  const origins = added.origins ?? [];
  if (origins.length === 0) return;
  const tabs = await api.tabs.query({ url: origins }).catch(() => []);
  for (const tab of tabs) checkTab(tab.id).catch(() => {});
});
api.permissions.onRemoved.addListener(() => {
  syncSiteScripts().catch(() => {});
});
// Chrome does not run content scripts in pages already open when Untick is installed or
// updated: check those on the known sites now, rather than at their next load.
async function checkOpenKnownTabs() {
  const tabs = await api.tabs.query({ url: [...(await manifestPatterns())] });
  for (const tab of tabs) checkTab(tab.id).catch(() => {});
}

api.runtime.onInstalled.addListener((details) => {
  syncSiteScripts().catch(() => {});
  checkOpenKnownTabs().catch(() => {});
  // Once, on first install: what Untick does, how to pin it, where the details go.
  if (details?.reason === "install") api.tabs.create({ url: api.runtime.getURL("welcome/welcome.html") }).catch(() => {});
});
api.runtime.onStartup.addListener(() => {
  syncSiteScripts().catch(() => {});
});

api.action.setBadgeBackgroundColor({ color: "#b91c1c" }).catch(() => {});
if (api.action.setBadgeTextColor) api.action.setBadgeTextColor({ color: "#ffffff" }).catch(() => {});

