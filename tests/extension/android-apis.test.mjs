// Every WebExtension API the extension's scripts use, and every key of the Firefox build's
// manifest, checked against MDN's browser-compat-data (BCD) for Firefox for Android at the
// version the manifest asks for (browser_specific_settings.gecko_android.strict_min_version).
// Something Android lacks, or has only in part, fails the test unless ALLOWED below says
// how the code copes with it there.
// The API uses are read from extension/**/*.js, not listed by hand, so a new call is checked
// the day it is written. The manifest is the Firefox build's (dist/firefox/manifest.json),
// which Android installs: build-extension.sh drops Chrome's "offscreen" permission from it.
// Run by `make test` (node --test tests/extension/), after `make extension`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import bcd from '@mdn/browser-compat-data' with { type: 'json' };

const ROOT = resolve(import.meta.dirname, '..', '..');
const EXTENSION = join(ROOT, 'extension');
const DIST = resolve(process.env.UNTICK_DIST ?? join(ROOT, 'dist'), 'firefox');
const BROWSER = 'firefox_android';

// ---- what may be used although Android lacks it ------------------------------------------
// "Degrades where unsupported": each entry names the file, the API (a member chain as the
// code writes it after the namespace, covering the chains under it too) or the manifest key
// ('manifest.json', e.g. 'permissions.offscreen'), the text in the file that makes it safe
// (`guard`, which must still be there) and what the code does on Firefox for Android.
// An entry that no longer matches anything fails the test too: remove it.
const ALLOWED = [
  {
    file: 'extension/content.js',
    api: 'dom.openOrClosedShadowRoot',
    guard: 'if (api.dom?.openOrClosedShadowRoot) return api.dom.openOrClosedShadowRoot(element);',
    copes:
      'shadowRootOf() calls it only where it exists (Firefox for Android has no dom namespace); ' +
      'otherwise element.openOrClosedShadowRoot (Firefox, also on Android), else element.shadowRoot, ' +
      'all in a try/catch that returns null.',
  },
  {
    // Chrome only: BCD has no offscreen namespace at all, and build-extension.sh drops the
    // "offscreen" permission from Firefox's manifest, so the namespace is missing there.
    file: 'extension/background.js',
    api: 'offscreen',
    guard: 'if (!api.offscreen) {',
    copes:
      'writeClipboardNow() tests api.offscreen first; without it (every Firefox) it writes with ' +
      "navigator.clipboard.writeText in the background document (clipboardWrite) and returns before " +
      'createDocument/closeDocument are reached.',
  },
  {
    // BCD: "May only return a subset of the matching tabs" (bug 1583281: tabs not loaded).
    file: 'extension/background.js',
    api: 'tabs.query',
    guard: 'const open = new Set((await api.tabs.query({})).map((tab) => tabKey(tab.id)));',
    copes:
      'Nothing throws. forgetClosedTabs() may forget the kept findings of an open tab that Android ' +
      'has unloaded (the popup shows none for it until its page, reloaded when selected, is checked ' +
      'again); permissions.onAdded and checkOpenKnownTabs() check only the loaded tabs now, the ' +
      'others by their content scripts when they load.',
  },
  {
    file: 'extension/popup/popup.js',
    api: 'tabs.query',
    guard: 'if (!current) return (await api.tabs.query({ active: true, currentWindow: true }))[0];',
    copes:
      "targetTab() wants the active tab or the one last accessed, both loaded and so returned; " +
      'if none comes back, tab is undefined and start()/render() show no site and no findings.',
  },
];

// ---- reading the scripts ----------------------------------------------------------------

function scriptsUnder(dir) {
  return readdirSync(dir, { recursive: true })
    .filter((name) => name.endsWith('.js'))
    .sort()
    .map((name) => join(dir, name));
}

// Comments, strings and regular expressions blanked out (newlines and offsets kept, so line
// numbers still hold): "api.menus" in a comment or a string is not a use, but code inside a
// template's ${...} is. A small lexer rather than a parser: no dependency beyond BCD.
function codeOnly(source) {
  const out = source.split('');
  const blank = (from, to) => {
    for (let i = from; i < to; i++) if (out[i] !== '\n') out[i] = ' ';
  };
  const substitutionDepths = []; // the brace depth at which each open ${ ... } closes
  let braces = 0;
  let i = 0;
  while (i < out.length) {
    const c = out[i];
    const next = out[i + 1];
    let stop = -1;
    if (c === '/' && next === '/') {
      stop = endOfText(source, '\n', i);
      blank(i, stop);
    } else if (c === '/' && next === '*') {
      stop = endOfText(source, '*/', i + 2) + 2;
      blank(i, stop);
    } else if (c === '"' || c === "'") {
      stop = endOfQuoted(out, i);
      blank(i + 1, stop - 1);
    } else if (c === '`' || (c === '}' && substitutionDepths.at(-1) === braces)) {
      if (c === '}') substitutionDepths.pop();
      const text = templateText(out, i + 1);
      blank(i + 1, text.end);
      stop = text.end + (text.opensSubstitution ? 2 : 1);
      if (text.opensSubstitution) substitutionDepths.push(braces);
    } else if (c === '/' && regexCanStartAt(out, i)) {
      stop = endOfRegex(out, i);
      if (stop > 0) blank(i + 1, stop - 1);
    }
    if (stop > i) {
      i = stop;
      continue;
    }
    if (c === '{') braces++;
    if (c === '}') braces--;
    i++;
  }
  return out.join('');
}

// Where `wanted` next occurs from `from`, or the end of the text.
function endOfText(text, wanted, from) {
  const at = text.indexOf(wanted, from);
  return at < 0 ? text.length : at;
}

// Just past the closing quote of the string that opens at `start`.
function endOfQuoted(chars, start) {
  for (let i = start + 1; i < chars.length; i++) {
    if (chars[i] === '\\') i++;
    else if (chars[i] === chars[start] || chars[i] === '\n') return i + 1;
  }
  return chars.length;
}

// A template's literal text from `from`: up to its closing backquote or its next "${".
function templateText(chars, from) {
  for (let i = from; i < chars.length; i++) {
    if (chars[i] === '\\') i++;
    else if (chars[i] === '`') return { end: i, opensSubstitution: false };
    else if (chars[i] === '$' && chars[i + 1] === '{') return { end: i, opensSubstitution: true };
  }
  return { end: chars.length, opensSubstitution: false };
}

// A "/" starts a regular expression where a value is expected, not after one (a division).
const KEYWORDS_BEFORE_A_VALUE = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new',
  'delete', 'void', 'throw', 'yield', 'await']);
function regexCanStartAt(chars, slash) {
  let i = slash - 1;
  while (i >= 0 && /\s/.test(chars[i])) i--;
  if (i < 0) return true;
  if (/[\w$]/.test(chars[i])) {
    let start = i;
    while (start > 0 && /[\w$]/.test(chars[start - 1])) start--;
    return KEYWORDS_BEFORE_A_VALUE.has(chars.slice(start, i + 1).join(''));
  }
  return !')]}'.includes(chars[i]);
}

// Just past the regular expression's closing "/", or -1 if none closes it on its line
// (then the "/" was a division after all).
function endOfRegex(chars, slash) {
  let inClass = false;
  for (let i = slash + 1; i < chars.length; i++) {
    const c = chars[i];
    if (c === '\n') return -1;
    if (c === '\\') i++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) return i + 1;
  }
  return -1;
}

// ---- finding the API uses ---------------------------------------------------------------
// The extension reaches the API through a name of its own: `const api = globalThis.browser
// ?? globalThis.chrome;` in each file. Such names are found, not assumed, as are names for
// a part of it (`const local = api.storage.local;` would make `local.get` storage.local.get).

const IDENTIFIER = '[A-Za-z_$][\\w$]*';
const NAMESPACE = /^(?:(?:globalThis|self|window)\.)?(?:browser|chrome)$/;
const MEMBERS = `(?:\\s*\\??\\.\\s*${IDENTIFIER})+`;
const DECLARATION = new RegExp(`\\b(?:const|let|var)\\s+(${IDENTIFIER})\\s*=\\s*([^;]+);`, 'g');

const escapeForRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const membersOf = (chain) => chain.replace(/\s|\?/g, '').split('.').filter(Boolean);

// name -> the chain of members it stands for ([] for the namespace itself), and the text
// ranges of those declarations (the namespace appears in them without being used).
function namespaceAliases(code) {
  const aliases = new Map([['browser', []], ['chrome', []]]);
  const declarations = [];
  let found = true;
  while (found) {
    found = false;
    for (const match of code.matchAll(DECLARATION)) {
      const [whole, name, initializer] = match;
      if (aliases.has(name)) continue;
      const members = aliasedMembers(initializer.trim(), aliases);
      if (!members) continue;
      aliases.set(name, members);
      declarations.push([match.index, match.index + whole.length]);
      found = true;
    }
  }
  return { aliases, declarations };
}

// `globalThis.browser ?? globalThis.chrome` is the namespace; `api.storage.local` (api an
// alias) is storage.local; anything else is not an alias.
function aliasedMembers(initializer, aliases) {
  if (initializer.split(/\?\?|\|\|/).every((part) => NAMESPACE.test(part.trim()))) return [];
  const chain = new RegExp(`^(${IDENTIFIER})(${MEMBERS})$`).exec(initializer);
  if (!chain || !aliases.has(chain[1])) return null;
  return [...aliases.get(chain[1]), ...membersOf(chain[2])];
}

// Every member chain off the namespace or an alias of it: [{ members, line }], members as
// ['storage', 'local', 'get']; the chain ends where a call, an index or anything else begins.
// `untraced` lists uses the scan cannot follow (`api[name]`, `const { tabs } = api`, passing
// `api` on), so that nothing escapes the check unseen.
function apiUses(source) {
  const code = codeOnly(source);
  const { aliases, declarations } = namespaceAliases(code);
  const names = [...aliases.keys()].map(escapeForRegExp).join('|');
  const root = new RegExp(`(?<![\\w$.])(?:(?:globalThis|self|window)\\.)?(${names})(?![\\w$])(${MEMBERS})?`, 'g');
  const lineAt = (index) => code.slice(0, index).split('\n').length;
  const uses = [];
  const untraced = [];
  for (const match of code.matchAll(root)) {
    if (declarations.some(([from, to]) => match.index >= from && match.index < to)) continue;
    const members = [...aliases.get(match[1]), ...membersOf(match[2] ?? '')];
    if (members.length === 0) untraced.push({ text: match[0], line: lineAt(match.index) });
    else uses.push({ members, line: lineAt(match.index) });
  }
  return { uses, untraced };
}

// ---- what BCD says ----------------------------------------------------------------------

// The deepest BCD entry (one with __compat) along `members`, and how many members it covers.
function deepestEntry(tree, members) {
  let node = tree;
  let found = { depth: 0, compat: null };
  for (const [index, member] of members.entries()) {
    node = Object.hasOwn(node, member) ? node[member] : null;
    if (!node) break;
    if (node.__compat) found = { depth: index + 1, compat: node.__compat };
  }
  return found;
}

// "142.0" against "142", "≤79" (BCD's "in this version or before") taken as 79.
function versionAtOrBefore(version, limit) {
  const numbers = (text) => String(text).replace(/^≤/, '').split('.').map(Number);
  const [a, b] = [numbers(version), numbers(limit)];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  }
  return true;
}

// One BCD support statement at `version`: supported, partial, unsupported or unknown.
function judgeStatement(statement, version) {
  const { version_added: added, version_removed: removed } = statement;
  // Under another name or behind a preference: not what the code calls, not on by default.
  if (statement.prefix || statement.alternative_name || statement.flags) return 'unsupported';
  if (added === null || added === undefined) return 'unknown';
  if (added === false || added === 'preview') return 'unsupported';
  // true: supported since a version BCD does not know; only a number can be too new.
  if (added !== true && !versionAtOrBefore(added, version)) return 'unsupported';
  if (removed === true || (typeof removed === 'string' && versionAtOrBefore(removed, version))) {
    return 'unsupported';
  }
  return statement.partial_implementation ? 'partial' : 'supported';
}

// The best of the statements (BCD may give several, e.g. an old removed implementation and
// a current partial one), with that statement's notes.
const RANK = ['supported', 'partial', 'unknown', 'unsupported'];
function supportAt(compat, version) {
  const statements = [compat?.support?.[BROWSER] ?? []].flat();
  if (statements.length === 0) return { status: 'unknown', notes: [`BCD has no ${BROWSER} data`] };
  const judged = statements.map((statement) => ({
    status: judgeStatement(statement, version),
    notes: [statement.notes ?? []].flat().map((note) => note.replace(/<[^>]+>/g, '')),
  }));
  return judged.reduce((best, next) => (RANK.indexOf(next.status) < RANK.indexOf(best.status) ? next : best));
}

// An API use judged by its deepest BCD entry under webextensions.api. The namespace and its
// member (storage.local, runtime.onMessage, tabs.query) must have entries of their own: only
// below that (onMessage.addListener, a BCD sub-feature) does a parent's entry stand in, so a
// member BCD has never heard of (a Chrome-only one) is not passed on its namespace's say-so.
function judgeApiUse(members, version) {
  const { depth, compat } = deepestEntry(bcd.webextensions.api, members);
  const name = members.join('.');
  if (depth < Math.min(members.length, 2)) {
    return { name, bcd: null, status: 'unknown', notes: ['no entry in BCD webextensions.api'] };
  }
  const bcdPath = `webextensions.api.${members.slice(0, depth).join('.')}`;
  return { name, bcd: bcdPath, ...supportAt(compat, version) };
}

// ---- the manifest -------------------------------------------------------------------------

// Every key path of the manifest BCD can speak for: top-level keys, the keys inside them that
// BCD knows (background.type, content_scripts.match_about_blank, ...; keys it does not know,
// like an icon's size, are covered by their parent's entry) and each permission, which must
// have an entry of its own under webextensions.manifest.permissions.
function manifestKeyPaths(value, tree = bcd.webextensions.manifest, path = []) {
  const paths = [];
  for (const item of [value].flat()) {
    if (!item || typeof item !== 'object' || Array.isArray(item)) continue;
    for (const [key, inner] of Object.entries(item)) {
      const entry = Object.hasOwn(tree, key) ? tree[key] : null;
      if (!entry && path.length > 0) continue;
      paths.push([...path, key]);
      if (path.length === 0 && key === 'permissions') paths.push(...inner.map((name) => ['permissions', name]));
      else if (entry) paths.push(...manifestKeyPaths(inner, entry, [...path, key]));
    }
  }
  return [...new Map(paths.map((keys) => [keys.join('.'), keys])).values()];
}

function judgeManifestKey(keys, version) {
  const { depth, compat } = deepestEntry(bcd.webextensions.manifest, keys);
  const name = keys.join('.');
  if (depth < keys.length) return { name, bcd: null, status: 'unknown', notes: ['no entry in BCD webextensions.manifest'] };
  return { name, bcd: `webextensions.manifest.${name}`, ...supportAt(compat, version) };
}

// ---- the check ----------------------------------------------------------------------------

// Findings for scripts given as { file, source }: one per distinct API per file, with the
// lines it is used on. `untraced` uses are findings too, with status 'untraced'.
function checkScripts(scripts, version) {
  const findings = [];
  for (const { file, source } of scripts) {
    const { uses, untraced } = apiUses(source);
    const byName = new Map();
    for (const { members, line } of uses) {
      const name = members.join('.');
      if (!byName.has(name)) byName.set(name, { file, lines: [], ...judgeApiUse(members, version) });
      const { lines } = byName.get(name);
      if (!lines.includes(line)) lines.push(line);
    }
    findings.push(...byName.values());
    for (const { text, line } of untraced) {
      findings.push({ file, lines: [line], name: text, bcd: null, status: 'untraced',
        notes: ['the API namespace used otherwise than as a.b.c: the scan cannot tell what is used'] });
    }
  }
  return findings;
}

function checkManifest(manifest, version) {
  return manifestKeyPaths(manifest).map((keys) => ({ file: 'manifest.json', lines: [], ...judgeManifestKey(keys, version) }));
}

const covers = (entry, finding) =>
  entry.file === finding.file && (finding.name === entry.api || finding.name.startsWith(`${entry.api}.`));

// Splits findings into those that pass, those ALLOWED excuses and those that fail; and says
// which entries of the allow-list have lost their guard or no longer match anything.
function verdict(findings, allowed, readFile) {
  const allowedFindings = [];
  const failures = [];
  for (const finding of findings) {
    if (finding.status === 'supported') continue;
    const entry = allowed.find((candidate) => covers(candidate, finding));
    if (entry && finding.status !== 'untraced') allowedFindings.push({ finding, entry });
    else failures.push(finding);
  }
  const staleEntries = allowed.filter((entry) => !allowedFindings.some((allowedOne) => allowedOne.entry === entry));
  const guardsGone = allowed.filter((entry) => !readFile(entry.file).includes(entry.guard));
  return { allowedFindings, failures, staleEntries, guardsGone };
}

const where = (finding) => `${finding.file}${finding.lines.length ? `:${finding.lines.join(',')}` : ''}`;
const describe = (finding) =>
  `${finding.name} (${finding.bcd ?? 'no BCD entry'}): ${finding.status} — ${where(finding)}` +
  (finding.notes.length ? ` — BCD: ${finding.notes.join(' ')}` : '');

// ---- the tests ------------------------------------------------------------------------------

const firefoxManifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8'));
const MIN_VERSION = firefoxManifest.browser_specific_settings?.gecko_android?.strict_min_version;
const readProjectFile = (file) => readFileSync(join(ROOT, file), 'utf8');

test(`every API and manifest key is in Firefox for Android at the manifest's minimum version`, (t) => {
  assert.ok(MIN_VERSION, 'the Firefox build declares browser_specific_settings.gecko_android.strict_min_version');
  const scripts = scriptsUnder(EXTENSION).map((path) => ({ file: relative(ROOT, path), source: readFileSync(path, 'utf8') }));
  const apiFindings = checkScripts(scripts, MIN_VERSION);
  const manifestFindings = checkManifest(firefoxManifest, MIN_VERSION);
  const { allowedFindings, failures, staleEntries, guardsGone } = verdict(
    [...apiFindings, ...manifestFindings], ALLOWED, readProjectFile);

  const apis = [...new Set(apiFindings.map((finding) => finding.name))].sort();
  const count = (findings, status) => findings.filter((finding) => finding.status === status).length;
  t.diagnostic(`Firefox for Android ${MIN_VERSION}+ against @mdn/browser-compat-data ${bcd.__meta.version}`);
  t.diagnostic(`${scripts.length} scripts under extension/: ${apis.length} distinct APIs, ` +
    `used on ${apiFindings.reduce((sum, finding) => sum + finding.lines.length, 0)} lines`);
  t.diagnostic(`  APIs: ${apis.join(', ')}`);
  t.diagnostic(`${manifestFindings.length} manifest keys of dist/firefox/manifest.json: ` +
    manifestFindings.map((finding) => finding.name).join(', '));
  for (const [label, findings] of [['API uses (per file)', apiFindings], ['manifest keys', manifestFindings]]) {
    t.diagnostic(`${label}: ${RANK.concat('untraced').map((status) => `${count(findings, status)} ${status}`).join(', ')}`);
  }
  for (const { finding, entry } of allowedFindings) {
    t.diagnostic(`degrades (allowed): ${describe(finding)}`);
    t.diagnostic(`    copes: ${entry.copes}`);
  }
  for (const finding of failures) t.diagnostic(`FAILS: ${describe(finding)}`);

  assert.deepEqual(failures.map(describe), [], 'used, but not (fully) in Firefox for Android, and not in ALLOWED');
  assert.deepEqual(guardsGone.map((entry) => `${entry.file}: ${entry.guard}`), [], 'ALLOWED entries whose guard is gone');
  assert.deepEqual(staleEntries.map((entry) => `${entry.file}: ${entry.api}`), [], 'ALLOWED entries that match nothing now');
});

// The check above must be able to fail: made-up code calling what BCD says Firefox for
// Android lacks (windows and menus: version_added false), through the alias and directly,
// next to a mention in a comment and a string that must not count.
test('the checker reports APIs Firefox for Android lacks', () => {
  const source = [
    'const api = globalThis.browser ?? globalThis.chrome;',
    '// api.bookmarks.create is only talked about here',
    'const hint = "api.history.search";',
    'api.storage.local.get("x");',
    'api.windows.create({ url: `${api.runtime.getURL("a.html")}` });',
    'chrome.menus?.create({ id: "x" });',
    'const { tabs } = api;',
  ].join('\n');
  const findings = checkScripts([{ file: 'made-up.js', source }], '142.0');
  const status = Object.fromEntries(findings.map((finding) => [finding.name, finding.status]));
  assert.deepEqual(status, {
    'storage.local.get': 'supported',
    'windows.create': 'unsupported',
    'runtime.getURL': 'supported',
    'menus.create': 'unsupported',
    api: 'untraced',
  });
  const { failures } = verdict(findings, [], () => '');
  assert.deepEqual(failures.map((finding) => `${finding.name}:${finding.lines}`), ['windows.create:5', 'menus.create:6', 'api:7']);

  // A manifest key and a permission Android lacks (BCD: version_added false).
  const manifestStatus = checkManifest({ commands: {}, permissions: ['storage', 'bookmarks'] }, '142.0')
    .map((finding) => `${finding.name}:${finding.status}`);
  assert.deepEqual(manifestStatus, ['commands:unsupported', 'permissions:supported', 'permissions.storage:supported',
    'permissions.bookmarks:unsupported']);
});
