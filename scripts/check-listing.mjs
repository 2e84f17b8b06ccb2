// Checks the store listing (docs/store/listing.md) before a release (issue 21):
//   - each text within its store's limit, and the extension's name and short description;
//   - every permission either built manifest asks for explained, and none explained that
//     neither asks for (run after `make extension`: it reads dist/*/manifest.json);
//   - the "Known sites" section the same as rules/rules.toml's [[site]] list;
//   - the screenshots at the stores' sizes, and PRIVACY.md present.
// Usage: node scripts/check-listing.mjs [--write]   (--write rewrites "Known sites" from
// the rules instead of failing on it)

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const LISTING = resolve(ROOT, 'docs/store/listing.md');
const read = (path) => readFileSync(resolve(ROOT, path), 'utf8');
const problems = [];

// The stores' limits, in characters (AMO's developer hub, the Chrome Web Store's item
// form, Edge Partner Center), as of December 2026.
const LIMITS = {
  Summary: { max: 250 },
  Description: { min: 250, max: 10_000 }, // Edge's range; Chrome allows 16,000
  'Single purpose': { max: 1_000 },
};
const PERMISSION_REASON_MAX = 1_000; // Chrome, per permission
const NAME_MAX = 45; // Chrome truncates longer names in its lists; AMO allows 50
const SHORT_DESCRIPTION_MAX = 132; // Chrome's limit for the manifest's description

// "## Heading" -> the text under it (comments taken out), and "### Sub" within it.
function sections(markdown, level) {
  const marker = `${'#'.repeat(level)} `;
  const out = new Map();
  let name = null;
  for (const line of markdown.split('\n')) {
    if (line.startsWith(marker)) {
      name = line.slice(marker.length).trim();
      out.set(name, []);
    } else if (line.startsWith('#'.repeat(level - 1) + ' ') && level > 2) {
      name = null;
    } else if (name) {
      out.get(name).push(line);
    }
  }
  return new Map([...out].map(([key, lines]) => [key, lines.join('\n')]));
}

const plain = (text) => text.replace(/<!--[\s\S]*?-->/g, '').trim();

function checkTexts(top) {
  for (const [name, { min = 0, max }] of Object.entries(LIMITS)) {
    if (!top.has(name)) {
      problems.push(`listing.md has no "## ${name}" section`);
      continue;
    }
    const length = plain(top.get(name)).length;
    if (length < min || length > max) problems.push(`"${name}" is ${length} characters; the stores take ${min} to ${max}`);
  }
  const messages = JSON.parse(read('extension/_locales/en/messages.json'));
  const name = messages.extensionName.message;
  const description = messages.extensionDescription.message;
  if (name.length > NAME_MAX) problems.push(`the name is ${name.length} characters (at most ${NAME_MAX})`);
  if (description.length > SHORT_DESCRIPTION_MAX) {
    problems.push(`the short description is ${description.length} characters (at most ${SHORT_DESCRIPTION_MAX})`);
  }
}

function checkPermissions(top) {
  const explained = sections(top.get('Permissions') ?? '', 3);
  const asked = new Set();
  for (const browser of ['chrome', 'firefox']) {
    const path = `dist/${browser}/manifest.json`;
    if (!existsSync(resolve(ROOT, path))) {
      problems.push(`${path} is missing: run 'make extension' first`);
      continue;
    }
    const manifest = JSON.parse(read(path));
    for (const permission of manifest.permissions ?? []) asked.add(permission);
    if ((manifest.host_permissions ?? []).length > 0) asked.add('Host permissions: the known sites');
    if ((manifest.optional_host_permissions ?? []).length > 0) {
      asked.add('Optional host permissions: any site the person chooses');
    }
  }
  for (const permission of asked) {
    const reason = plain(explained.get(permission) ?? '');
    if (!reason) problems.push(`the manifest asks for "${permission}" but listing.md does not say why (### ${permission})`);
    else if (reason.length > PERMISSION_REASON_MAX) problems.push(`the reason for "${permission}" is over ${PERMISSION_REASON_MAX} characters`);
  }
  for (const permission of explained.keys()) {
    if (!asked.has(permission)) problems.push(`listing.md explains "${permission}", which neither manifest asks for`);
  }
}

// rules/rules.toml's known sites, read as scripts/build-extension.sh reads them.
function knownSites() {
  const sites = [];
  for (const block of read('rules/rules.toml').split(/^\[\[/m)) {
    if (!block.startsWith('site]]')) continue;
    const field = (key) => new RegExp(`^${key}\\s*=\\s*"((?:[^"\\\\]|\\\\.)*)"`, 'm').exec(block)?.[1] ?? '';
    const domains = /^domains\s*=\s*\[([^\]]*)\]/m.exec(block)?.[1].match(/"[^"]+"/g) ?? [];
    sites.push({ name: field('name'), domains: domains.map((d) => d.slice(1, -1)), source: field('source') });
  }
  return sites;
}

function knownSitesText() {
  const lines = knownSites().map((site) => `- **${site.name}** (${site.domains.join(', ')}): ${site.source}`);
  return `\n${lines.join('\n')}\n\n`;
}

function checkKnownSites(markdown, write) {
  const heading = '## Known sites\n';
  const start = markdown.indexOf(heading);
  const end = markdown.indexOf('\n## ', start + heading.length);
  if (start < 0 || end < 0) {
    problems.push('listing.md has no "## Known sites" section followed by another');
    return;
  }
  const body = markdown.slice(start + heading.length, end + 1);
  const comment = /^\s*<!--[\s\S]*?-->\n/.exec(body)?.[0] ?? '';
  const wanted = `${comment}${knownSitesText()}`;
  if (body === wanted) return;
  if (write) {
    writeFileSync(LISTING, markdown.slice(0, start + heading.length) + wanted + markdown.slice(end + 1));
    console.log('check-listing: rewrote "Known sites" from rules/rules.toml');
  } else {
    problems.push('"Known sites" differs from rules/rules.toml: run node scripts/check-listing.mjs --write');
  }
}

// A PNG's width and height, from its IHDR chunk.
function pngSize(path) {
  const bytes = readFileSync(path);
  if (bytes.toString('latin1', 1, 4) !== 'PNG') return null;
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

function checkScreenshots(top) {
  const listed = [...plain(top.get('Screenshots') ?? '').matchAll(/`([^`]+\.png)` \((\d+)×(\d+)\)/g)];
  if (listed.length === 0) problems.push('"Screenshots" lists none');
  let full = 0;
  for (const [, file, width, height] of listed) {
    const path = resolve(ROOT, 'docs/store', file);
    if (!existsSync(path)) {
      problems.push(`docs/store/${file} is missing: run node scripts/store-screenshots.mjs`);
      continue;
    }
    const size = pngSize(path);
    if (!size || size[0] !== Number(width) || size[1] !== Number(height)) {
      problems.push(`docs/store/${file} is ${size ? size.join('×') : 'not a PNG'}, not ${width}×${height}`);
    }
    if (width === '1280' && height === '800') full += 1;
  }
  if (full === 0) problems.push('no 1280×800 screenshot (every store asks for at least one)');
}

const write = process.argv.includes('--write');
checkKnownSites(readFileSync(LISTING, 'utf8'), write);
const markdown = readFileSync(LISTING, 'utf8');
const top = sections(markdown, 2);
checkTexts(top);
checkPermissions(top);
checkScreenshots(top);
if (!existsSync(resolve(ROOT, 'PRIVACY.md'))) problems.push('PRIVACY.md is missing');

if (problems.length > 0) {
  for (const problem of problems) console.error(`check-listing: ${problem}`);
  process.exit(1);
}
console.log(`check-listing: the listing is within the stores' limits; ${knownSites().length} known sites, every permission explained`);
