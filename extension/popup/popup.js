// The toolbar popup: the warnings on this tab, each with its letter to copy or save.
// Everything shown from the page goes through textContent.
import { localize, t } from "../shared/i18n.js";
import { ask, button, copy, el, saveAsText } from "../shared/ui.js";
import { askIfSent } from "../shared/sent-letter.js";
import { readCase, today } from "../shared/case-file.js";

const api = globalThis.browser ?? globalThis.chrome;

const where = document.getElementById("where");
const summary = document.getElementById("summary");
const inPart = document.getElementById("in-part");
const hidWarnings = document.getElementById("hid-warnings");
const list = document.getElementById("findings");
const checkButton = document.getElementById("check-page");
const alwaysButton = document.getElementById("always-check");
const siteOffButton = document.getElementById("site-off");
const footerStatus = document.getElementById("footer-status");
const setAside = document.getElementById("set-aside");
const setAsideText = document.getElementById("set-aside-text");
const warnAgainButton = document.getElementById("warn-again");
const keep = document.getElementById("keep");
const keepButton = document.getElementById("keep-record");
const keepStatus = document.getElementById("keep-status");
const overdue = document.getElementById("overdue");

let tab = null;
let letterInfo = new Map();

// Groups labels by letter, as the content script does, so each letter names every setting.
function wantedLetters(findings) {
  const wanted = new Map();
  for (const finding of findings) {
    if (!wanted.has(finding.letter)) wanted.set(finding.letter, []);
    const labels = wanted.get(finding.letter);
    if (finding.label && !labels.includes(finding.label)) labels.push(finding.label);
  }
  return Array.from(wanted, ([id, settings]) => ({ id, settings }));
}

// A finding's letter is addressed to the site of the frame it was found in (a page may
// frame a form from another known site). Findings stored without one are the tab's.
function siteOf(finding, tabSite) {
  return finding.site ?? tabSite;
}

function siteKey(site) {
  return JSON.stringify([site.host, site.known]);
}

// Each letter the findings need, rendered once per site and naming only that site's
// settings: site key -> {letter id: text}.
async function lettersBySite(findings, tabSite) {
  const bySite = new Map();
  for (const finding of findings) {
    const site = siteOf(finding, tabSite);
    const key = siteKey(site);
    if (!bySite.has(key)) bySite.set(key, { site, findings: [] });
    bySite.get(key).findings.push(finding);
  }
  const letters = new Map();
  for (const [key, group] of bySite) {
    try {
      const wanted = wantedLetters(group.findings);
      const reply = await ask({ kind: "letters", site: group.site, wanted });
      letters.set(key, { texts: reply.letters, missing: reply.missing ?? {} });
    } catch (_) {
      letters.set(key, { texts: {}, missing: {} });
    }
  }
  return letters;
}

// "Report a mistake": the background makes the report (no personal details) and copies it.
function reportButton(finding) {
  const done = el("p", "status small");
  done.setAttribute("role", "status");
  const reportIt = button(t("reportMistake"), "secondary", async () => {
    let copied = false;
    try {
      ({ copied } = await ask({ kind: "copy-report", finding, page: tab?.url ?? "" }));
    } catch (_) {
      copied = false;
    }
    done.textContent = copied ? t("reportCopied") : t("copyFailed");
  });
  const row = el("div", "report-row");
  row.append(reportIt, done);
  return row;
}

// Renders can overlap (the tab's findings change while one waits for its letters): only
// the latest may fill the list, or the findings would be listed twice.
let renders = 0;

async function render() {
  const thisRender = ++renders;
  const isLatest = () => thisRender === renders;
  list.replaceChildren();
  keep.hidden = true;
  inPart.hidden = true;
  hidWarnings.hidden = true;
  let state = null;
  try {
    state = (await ask({ kind: "tab-state", tabId: tab.id })).state;
  } catch (_) {
    state = null;
  }
  if (!isLatest()) return;
  if (state && !samePage(state.url, tab.url)) state = null;
  if (await siteIsOff()) {
    summary.textContent = t("siteIsOff");
    setAside.hidden = true;
    return;
  }
  await showSetAside();
  if (!isLatest()) return;
  if (!state) {
    summary.textContent = t("popupNotChecked");
    return;
  }
  const findings = state.findings;
  const site = state.site ?? { host: "", known: null };
  if (site.known) where.textContent = `${site.known} (${site.host})`;
  if (state.warningsHidden) {
    hidWarnings.textContent = t("popupWarningsHidden");
    hidWarnings.hidden = false;
  }
  if (state.checkedInPart) {
    inPart.textContent = t("popupCheckedInPart");
    inPart.hidden = false;
  }
  if (findings.length === 0) {
    summary.textContent = t("popupNoneFound");
    return;
  }
  keep.hidden = false;
  // As the badge: the settings still on. Those switched off stay listed, marked so.
  const on = findings.filter((finding) => finding.on_now !== false).length;
  summary.textContent =
    on === 0 ? t("popupAllOff") : on === 1 ? t("popupFoundOne") : t("popupFoundMany", String(on));

  const letters = await lettersBySite(findings, site);
  if (!isLatest()) return;

  const items = [];
  for (const finding of findings) {
    const foundOn = siteOf(finding, site);
    const item = el("li", finding.reticked ? "finding alert" : "finding");
    // First what it is and the button (issue 17: the first screen showed no button);
    // the page's words, why it matters and the letter itself a click away.
    item.append(el("h2", "", finding.headline));
    if (finding.summary && finding.on_now !== false) item.append(el("p", "summary", finding.summary));
    if (finding.reticked) {
      item.append(el("p", "state", t("popupReticked")));
    } else if (!finding.on_now) {
      item.append(el("p", "state", t("popupNowOff")));
    }
    const more = el("details", "more");
    more.append(el("summary", "", t("popupMore")));
    if (finding.label) {
      const said = el("p", "", t(finding.control === "hidden" ? "warningSettingHidden" : "pageSays"));
      said.append(el("span", "quote", `\u201c${finding.label}\u201d`));
      more.append(said);
    }
    more.append(el("p", "", finding.why));
    const forSite = letters.get(siteKey(foundOn));
    const text = forSite?.texts[finding.letter];
    const missing = forSite?.missing[finding.letter];
    if (typeof text === "string") {
      const info = letterInfo.get(finding.letter);
      const named = finding.label || finding.headline;
      // What happened, and where to send it: shown, and read out.
      const status = el("p", "status small");
      status.setAttribute("role", "status");
      const sent = el("div", "sent");
      const copyButton = button(t("copyLetter"), "primary", async () => {
        const ok = await copy(text);
        copyButton.textContent = ok ? t("copied") : t("couldNotCopy");
        if (ok) {
          const sendTo = info?.to ? t("copiedSendTo", info.to) : t("copiedAnnounce");
          status.textContent = info?.after ? `${sendTo} ${info.after}` : sendTo;
          if (info) askIfSent(sent, info);
        }
      });
      copyButton.setAttribute("aria-label", t("copyLetterLabel", named));
      const saveButton = button(t("saveAsText"), "secondary", () => {
        saveAsText(text, finding.letter, foundOn.host);
        if (info) askIfSent(sent, info);
      });
      saveButton.setAttribute("aria-label", t("saveAsTextLabel", named));
      const row = el("div", "row");
      row.append(copyButton, saveButton);
      if (missing) item.append(el("p", "notice small", missing));
      item.append(row, status, sent);
      if (info?.to) more.append(el("p", "send-to small", t("sendItTo", info.to)));
      if (info?.after) more.append(el("p", "muted small", info.after));
      more.append(reportButton(finding));
      const details = el("details");
      const title = info ? t("readLetterTitled", info.title) : t("readLetter");
      details.append(el("summary", "", title));
      details.append(el("pre", "letter", text));
      item.append(more, details);
    } else {
      item.append(more);
    }
    items.push(item);
  }
  list.replaceChildren(...items);
}

// Findings belong to the page they were found on; the tab may have moved on since.
function samePage(foundOn, now) {
  if (!now) return true; // the browser does not tell us the tab's address: trust the record
  try {
    const a = new URL(foundOn);
    const b = new URL(now);
    return a.origin === b.origin && a.pathname === b.pathname;
  } catch (_) {
    return false;
  }
}

function patternFor(url) {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
    return `*://${parsed.hostname}/*`;
  } catch (_) {
    return null;
  }
}

checkButton.addEventListener("click", async () => {
  footerStatus.textContent = t("checking");
  try {
    await ask({ kind: "check-tab", tabId: tab.id });
    footerStatus.textContent = "";
  } catch (_) {
    footerStatus.textContent = t("cannotCheck");
  }
});

alwaysButton.addEventListener("click", async () => {
  const pattern = patternFor(tab.url);
  if (!pattern) return;
  // The request must come first in the click handler: browsers allow it only on a user action.
  let granted = false;
  try {
    granted = await api.permissions.request({ origins: [pattern] });
  } catch (_) {
    granted = false;
  }
  if (granted) {
    // The background registers the site's content script when the permission arrives.
    await ask({ kind: "sync-sites" }).catch(() => {});
    footerStatus.textContent = t("alwaysGranted");
    alwaysButton.disabled = true;
  } else {
    footerStatus.textContent = t("alwaysRefused");
  }
});

api.runtime.onMessage.addListener((message) => {
  if (message?.kind === "tab-updated" && tab && message.tabId === tab.id) render();
  return false;
});

// The tab the popup is about: the active one; or, when the popup was opened as a page of
// its own, the tab the person was on just before.
async function targetTab() {
  const current = await api.tabs.getCurrent();
  // A page of its own (Firefox for Android opens the popup as a tab): as wide as the screen.
  document.documentElement.classList.toggle("as-page", Boolean(current));
  if (!current) return (await api.tabs.query({ active: true, currentWindow: true }))[0];
  const others = (await api.tabs.query({ currentWindow: true })).filter((t) => t.id !== current.id);
  others.sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0));
  return others[0];
}

// "Turn off on this site": remembered on this computer by host name; the content script
// then draws and counts nothing there until it is turned back on.
function tabHost() {
  try {
    return new URL(tab?.url ?? "").hostname;
  } catch (_) {
    return "";
  }
}

async function siteIsOff() {
  const { offSites = [] } = await api.storage.local.get("offSites");
  return Array.isArray(offSites) && offSites.includes(tabHost());
}

// Settings the person told Untick are not data-sharing settings (on a warning's "Why?"):
// kept in storage.local by content.js, not counted or drawn on this site.
async function setAsideHere() {
  const { notSettings = [] } = await api.storage.local.get("notSettings");
  return Array.isArray(notSettings) ? notSettings : [];
}

async function showSetAside() {
  const host = tabHost();
  const here = (await setAsideHere()).filter((item) => item?.site === host).length;
  setAside.hidden = here === 0;
  setAsideText.textContent = here === 1 ? t("setAsideOne") : t("setAsideMany", String(here));
}

warnAgainButton.addEventListener("click", async () => {
  const host = tabHost();
  const kept = (await setAsideHere()).filter((item) => item?.site !== host);
  await api.storage.local.set({ notSettings: kept });
  setAside.hidden = true;
  // The page's content script hears the change and reports again; give it a moment.
  setTimeout(() => render(), 300);
});

async function showSiteOff() {
  const off = await siteIsOff();
  siteOffButton.textContent = t(off ? "siteOn" : "siteOff");
}

siteOffButton.addEventListener("click", async () => {
  const host = tabHost();
  if (!host) return;
  const { offSites = [] } = await api.storage.local.get("offSites");
  const before = Array.isArray(offSites) ? offSites : [];
  const list = before.filter((h) => h !== host);
  if (!before.includes(host)) list.push(host);
  await api.storage.local.set({ offSites: list });
  await showSiteOff();
  // The page's content script hears the change and reports again; give it a moment.
  setTimeout(() => render(), 300);
});

// "Keep a record of this page": the background keeps the tab's warnings in the case file.
keepButton.addEventListener("click", async () => {
  try {
    await ask({ kind: "keep-record", tabId: tab.id });
    keepStatus.textContent = t("keptRecord");
  } catch (_) {
    keepStatus.textContent = t("keepRecordFailed");
  }
});

// A reply to a letter in the case file is overdue: say so first, with the way to My case.
async function showOverdue() {
  const sent = (await readCase()).entries.filter((entry) => entry.type === "letter" && !entry.answered);
  if (sent.length === 0) return;
  const { steps } = await ask({ kind: "case-steps", sent, today: today() });
  overdue.hidden = !steps.some((step) => step.days_left !== null && step.days_left < 0);
}

async function start() {
  localize();
  showOverdue().catch(() => {});
  tab = await targetTab();
  siteOffButton.disabled = !tabHost();
  showSiteOff().catch(() => {}); // its words only: the list need not wait for it
  const pattern = tab ? patternFor(tab.url ?? "") : null;
  where.textContent = tab?.url ? new URL(tab.url).hostname || tab.url : "";
  if (!pattern) {
    alwaysButton.disabled = true;
    checkButton.disabled = !tab;
  } else if (await api.permissions.contains({ origins: [pattern] })) {
    alwaysButton.disabled = true;
    alwaysButton.textContent = t("alwaysChecking");
  }
  try {
    const { letters } = await ask({ kind: "letter-list" });
    letterInfo = new Map(letters.map((info) => [info.id, info]));
  } catch (_) {
    letterInfo = new Map();
  }
  await render();
}

start();
