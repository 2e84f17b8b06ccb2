// The person's case file (issue 22): a dated record of the pages Untick warned about and
// of the letters they sent, kept on this computer only, in the browser's storage. On a
// shared computer it is kept only until the browser closes (storage.session). What a
// letter's dates and next step are comes from the engine ("case-steps"), not from here.

const api = globalThis.browser ?? globalThis.chrome;
const KEY = "caseFile";
const SHARED_COMPUTER = "sharedComputer";
// Bounds on what is kept and on what an imported file may hold.
const MAX_ENTRIES = 500;
const MAX_SETTINGS = 50;
const MAX_TEXT = 600;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export async function onSharedComputer() {
  const stored = await api.storage.local.get(SHARED_COMPUTER);
  return stored[SHARED_COMPUTER] === true;
}

async function area() {
  return (await onSharedComputer()) ? api.storage.session : api.storage.local;
}

const text = (value) => (typeof value === "string" ? value.slice(0, MAX_TEXT) : "");
const day = (value) => (typeof value === "string" && DAY.test(value) ? value : "");
const time = (value) => (typeof value === "string" && !Number.isNaN(Date.parse(value)) ? value : "");

// One entry as kept: known fields only, of the right kinds, within bounds; null if it is
// not an entry at all (an imported file is not trusted).
function cleanEntry(entry) {
  if (!entry || typeof entry !== "object") return null;
  const id = text(entry.id) || newId();
  if (entry.type === "letter") {
    if (!text(entry.letter) || !day(entry.sent)) return null;
    return {
      id,
      type: "letter",
      letter: text(entry.letter),
      title: text(entry.title),
      to: text(entry.to),
      sent: day(entry.sent),
      answered: day(entry.answered) || null,
    };
  }
  if (entry.type === "page") {
    if (!time(entry.at)) return null;
    const settings = Array.isArray(entry.settings) ? entry.settings.slice(0, MAX_SETTINGS) : [];
    return {
      id,
      type: "page",
      at: time(entry.at),
      site: text(entry.site),
      address: text(entry.address),
      settings: settings
        .filter((s) => s && typeof s === "object")
        .map((s) => ({
          words: text(s.words),
          headline: text(s.headline),
          how: ["locked", "hidden", "announced", "ticked"].includes(s.how) ? s.how : "ticked",
          onWhenKept: s.onWhenKept !== false,
          offAt: time(s.offAt) || null,
        })),
    };
  }
  return null;
}

function newId() {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

// The entries, oldest first (a page's time, or the day a letter was sent).
function sorted(entries) {
  const when = (e) => (e.type === "page" ? e.at : `${e.sent}T12:00:00`);
  return [...entries].sort((a, b) => (when(a) < when(b) ? -1 : when(a) > when(b) ? 1 : 0));
}

function cleanCase(value) {
  const entries = Array.isArray(value?.entries) ? value.entries : [];
  return { version: 1, entries: sorted(entries.map(cleanEntry).filter(Boolean)).slice(-MAX_ENTRIES) };
}

export async function readCase() {
  const stored = await (await area()).get(KEY);
  return cleanCase(stored[KEY]);
}

async function writeCase(caseFile) {
  await (await area()).set({ [KEY]: cleanCase(caseFile) });
}

export async function addEntry(entry) {
  const caseFile = await readCase();
  const clean = cleanEntry({ ...entry, id: newId() });
  if (!clean) throw new Error("not an entry");
  caseFile.entries.push(clean);
  await writeCase(caseFile);
  return clean;
}

export async function updateEntry(id, change) {
  const caseFile = await readCase();
  caseFile.entries = caseFile.entries.map((entry) => (entry.id === id ? { ...entry, ...change, id } : entry));
  await writeCase(caseFile);
}

// The settings of page record `id` named in `words` were switched off at `at`: noted on
// those that were on when the record was kept and are not noted yet.
export async function noteOff(id, words, at) {
  const caseFile = await readCase();
  const entry = caseFile.entries.find((e) => e.id === id && e.type === "page");
  if (!entry) return;
  let changed = false;
  for (const setting of entry.settings) {
    if (setting.onWhenKept && !setting.offAt && words.includes(setting.words)) {
      setting.offAt = at;
      changed = true;
    }
  }
  if (changed) await writeCase(caseFile);
}

export async function removeEntry(id) {
  const caseFile = await readCase();
  caseFile.entries = caseFile.entries.filter((entry) => entry.id !== id);
  await writeCase(caseFile);
}

// Moves the case file to where the setting says it lives, and says so.
export async function setSharedComputer(on) {
  const caseFile = await readCase();
  await (await area()).remove(KEY);
  await api.storage.local.set({ [SHARED_COMPUTER]: on === true });
  await writeCase(caseFile);
}

// A file to keep or give to an adviser, and to import on another computer.
export function exportJson(caseFile) {
  return `${JSON.stringify({ untickCaseFile: 1, ...cleanCase(caseFile) }, null, 2)}\n`;
}

// The entries of an exported file, added to this case file (an entry already here, by
// its id, is not added twice). Throws an error the person can read if it is not one.
export async function importJson(json, notACaseFile) {
  let value;
  try {
    value = JSON.parse(json);
  } catch (_) {
    throw new Error(notACaseFile);
  }
  if (!value || value.untickCaseFile !== 1 || !Array.isArray(value.entries)) throw new Error(notACaseFile);
  const incoming = cleanCase(value).entries;
  const caseFile = await readCase();
  const known = new Set(caseFile.entries.map((entry) => entry.id));
  const added = incoming.filter((entry) => !known.has(entry.id));
  caseFile.entries.push(...added);
  await writeCase(caseFile);
  return added.length;
}

// Today on this computer, as the engine reads a day ("2026-12-07").
export function today(now = new Date()) {
  const two = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
}
