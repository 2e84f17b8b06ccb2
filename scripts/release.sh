#!/usr/bin/env bash
# Everything a store submission needs, after `make extension` (issue 21):
#   dist/untick-VERSION-chrome.zip     Chrome Web Store and Microsoft Edge Add-ons
#   dist/untick-VERSION-firefox.zip    addons.mozilla.org
#   dist/untick-VERSION-source.zip     AMO's source package: the files the two zips are
#                                      built from, with docs/store/building.md saying how
#   dist/untick-VERSION-listing/       the listing texts, privacy policy and screenshots,
#                                      checked against the stores' limits
#   dist/untick-VERSION-SHA256SUMS     the packages' checksums
#   dist/untick-VERSION-tools.txt      the tools' versions (AMO's reviewers build with them)
# The same sources give the same packages in any folder on any machine with the same tools
# (scripts/reproducible.sh tests it).
# Usage: scripts/release.sh [VERSION]   (default: the version in Cargo.toml)
set -euo pipefail
cd "$(dirname "$0")/.."

version=${1:-$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)}
say() { printf 'untick release: %s\n' "$*" >&2; }

for browser in chrome firefox; do
  if [ ! -f "dist/untick-$version-$browser.zip" ]; then
    say "dist/untick-$version-$browser.zip is missing; run 'make extension' first"
    exit 1
  fi
done

# ---- the source package -----------------------------------------------------------------

# In a git checkout, the files git tracks (as they are now: a change not yet committed is
# both built and packed); in an unpacked source package, every file but what builds make.
source_files() {
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -z | while IFS= read -r -d '' file; do [ -f "$file" ] && printf '%s\n' "$file"; done
  else
    find . -type f \
      -not -path './target/*' -not -path './build/*' -not -path './dist/*' \
      -not -path './node_modules/*' -not -path './fuzz/target/*' -not -path './fuzz/corpus/*' \
      -not -path './fuzz/artifacts/*' -not -path './fuzz/coverage/*' | sed 's|^\./||'
  fi
}

if git rev-parse --is-inside-work-tree >/dev/null 2>&1 && [ -n "$(git status --porcelain)" ]; then
  say "note: the working tree has changes not committed; they are built and packed as they are"
fi

stage=dist/untick-$version-source
rm -rf "$stage" "$stage.zip"
mkdir -p "$stage"
source_files | LC_ALL=C sort > dist/source-files.txt
# Zipped as the extension's zips are (scripts/fixed-zip.sh): a file is 755 if it is
# executable here (as git checked it out, or as unzip made it).
while IFS= read -r file; do
  mkdir -p "$stage/$(dirname "$file")"
  cp "$file" "$stage/$file"
  if [ -x "$file" ]; then chmod 755 "$stage/$file"; else chmod 644 "$stage/$file"; fi
done < dist/source-files.txt
rm dist/source-files.txt
scripts/fixed-zip.sh dist "untick-$version-source" "dist/untick-$version-source.zip"
rm -rf "$stage"

# ---- the listing ------------------------------------------------------------------------

listing=dist/untick-$version-listing
rm -rf "$listing"
node scripts/check-listing.mjs
mkdir -p "$listing"
cp -R docs/store/. "$listing/"
cp PRIVACY.md "$listing/"

# ---- the tools it was built with ---------------------------------------------------------

version_of() { "$@" 2>/dev/null | head -n 1 || echo "not found"; }
{
  echo "rustc: $(version_of rustc --version)"
  echo "cargo: $(version_of cargo --version)"
  echo "wasm-bindgen: $(version_of wasm-bindgen --version)"
  echo "wasm-opt: $(version_of node_modules/.bin/wasm-opt --version)"
  echo "node: $(version_of node --version)"
  echo "zip: $(zip -v 2>/dev/null | sed -n 2p)"
  echo "system: $(uname -sm)"
} > "dist/untick-$version-tools.txt"

# ---- checksums --------------------------------------------------------------------------

(cd dist && sha256sum "untick-$version-chrome.zip" "untick-$version-firefox.zip" \
  "untick-$version-source.zip" > "untick-$version-SHA256SUMS")
say "built in dist/:"
sed 's/^/  /' "dist/untick-$version-SHA256SUMS" >&2
say "  untick-$version-listing/ (texts, privacy policy, screenshots)"
say "  untick-$version-tools.txt (the tools' versions, for AMO's reviewers)"
