#!/usr/bin/env bash
# Turns manifest.json + extension/ + build/wasm/ into the per-browser builds:
#   dist/chrome/, dist/firefox/                       unpacked, loadable as they are
#   dist/untick-VERSION-chrome.zip, -firefox.zip      for the stores
# Usage: scripts/build-extension.sh [VERSION]   (default: the version in Cargo.toml)
set -euo pipefail
cd "$(dirname "$0")/.."

version=${1:-$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)}
for file in build/wasm/untick.js build/wasm/untick_bg.wasm; do
  if [ ! -f "$file" ]; then
    echo "build-extension: $file is missing; run 'make wasm' first" >&2
    exit 1
  fi
done

rm -rf dist/chrome dist/firefox "dist/untick-$version-chrome.zip" "dist/untick-$version-firefox.zip"
mkdir -p dist

for browser in chrome firefox; do
  out=dist/$browser
  mkdir -p "$out/wasm"
  cp -R extension/. "$out/"
  cp build/wasm/untick.js build/wasm/untick_bg.wasm "$out/wasm/"
done

# One manifest in, one per browser out; and the known sites must match rules/rules.toml.
node - "$version" <<'JS'
const fs = require("fs");
const version = process.argv[2];
const source = JSON.parse(fs.readFileSync("manifest.json", "utf8"));

// The content script runs on exactly the known sites of rules/rules.toml (and their
// subdomains): a site added there must be added to the manifest too, and the reverse.
const rules = fs.readFileSync("rules/rules.toml", "utf8");
const domains = [];
for (const block of rules.split(/^\[\[/m)) {
  if (!block.startsWith("site]]")) continue;
  const list = /^domains\s*=\s*\[([^\]]*)\]/m.exec(block);
  if (list) for (const [, domain] of list[1].matchAll(/"([^"]+)"/g)) domains.push(domain);
}
const expected = domains.map((domain) => `*://*.${domain}/*`);
// host_permissions lists the same sites: the background's early wake-up watches for their
// pages being requested (webRequest needs host permission for what it observes).
const lists = source.content_scripts.map((script, i) => [`content_scripts[${i}].matches`, script.matches]);
lists.push(["host_permissions", source.host_permissions ?? []]);
let disagrees = false;
for (const [name, patterns] of lists) {
  const missing = expected.filter((pattern) => !patterns.includes(pattern));
  const extra = patterns.filter((pattern) => !expected.includes(pattern));
  if (missing.length || extra.length) {
    disagrees = true;
    console.error(`build-extension: manifest.json ${name} disagrees with rules/rules.toml [[site]] domains`);
    if (missing.length) console.error(`  add to manifest.json: ${missing.join(" ")}`);
    if (extra.length) console.error(`  not a known site in rules.toml: ${extra.join(" ")}`);
  }
}
if (disagrees) process.exit(1);

function build(browser) {
  const manifest = structuredClone(source);
  manifest.version = version;
  if (browser === "chrome") {
    // Chrome runs the background as a module service worker; it warns about these keys.
    delete manifest.background.scripts;
    delete manifest.browser_specific_settings;
  } else {
    // Firefox runs background.scripts (as a module) and warns about service_worker. Its
    // background is a document that can write to the clipboard: no offscreen document.
    delete manifest.background.service_worker;
    manifest.permissions = manifest.permissions.filter((permission) => permission !== "offscreen");
    delete manifest.minimum_chrome_version;
  }
  fs.writeFileSync(`dist/${browser}/manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
}
build("chrome");
build("firefox");
JS

# The same sources give the same zip on any machine (scripts/fixed-zip.sh).
for browser in chrome firefox; do
  find "dist/$browser" -type f -exec chmod 644 {} +
  scripts/fixed-zip.sh "dist/$browser" . "dist/untick-$version-$browser.zip"
done
printf 'untick: built dist/chrome, dist/firefox, dist/untick-%s-{chrome,firefox}.zip\n' "$version" >&2
