#!/usr/bin/env bash
# Tests that the release is reproducible (issue 21): AMO asks for a source package from
# which its reviewers rebuild the WebAssembly and the extension byte for byte.
# After `make release` here, it unpacks dist/untick-VERSION-source.zip into another folder
# (a deeper path, with a space in it), builds the release there as a stranger would (no
# git, a fresh target/ and node_modules/, another CARGO_HOME path, time zone and umask),
# and compares the two zips and the source package with this checkout's.
# What it cannot vary here: the machine and the tools' versions (docs/store/building.md
# lists the ones to use).
# Usage: make release && scripts/reproducible.sh [VERSION]
set -euo pipefail
cd "$(dirname "$0")/.."

version=${1:-$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)}
packages=("untick-$version-chrome.zip" "untick-$version-firefox.zip" "untick-$version-source.zip")
say() { printf 'untick reproducible: %s\n' "$*" >&2; }

for package in "${packages[@]}"; do
  [ -f "dist/$package" ] || { say "dist/$package is missing; run 'make release' first"; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/untick-reproducible.XXXXXX")
trap 'rm -rf "$work"' EXIT
elsewhere="$work/another machine/sources"
mkdir -p "$elsewhere"
(cd "$elsewhere" && unzip -q "$OLDPWD/dist/untick-$version-source.zip")
source_dir="$elsewhere/untick-$version-source"

# Cargo's registry reached by another path, as on a machine with another home folder:
# the build must not carry the path (scripts/build-wasm.sh remaps it).
cargo_home=${CARGO_HOME:-$HOME/.cargo}
other_home="$work/home elsewhere/.cargo"
mkdir -p "$other_home"
ln -s "$cargo_home/registry" "$other_home/registry"
[ -d "$cargo_home/git" ] && ln -s "$cargo_home/git" "$other_home/git"

say "building again in $source_dir"
(
  cd "$source_dir"
  umask 0002
  export CARGO_HOME="$other_home" TZ=Pacific/Auckland CARGO_TARGET_DIR="$source_dir/target"
  make release >"$work/build.log" 2>&1
) || { tail -n 30 "$work/build.log" >&2; say "the build from the source package failed"; exit 1; }

differ=0
for package in "${packages[@]}"; do
  here=$(sha256sum < "dist/$package" | cut -d ' ' -f 1)
  there=$(sha256sum < "$source_dir/dist/$package" | cut -d ' ' -f 1)
  if [ "$here" = "$there" ]; then
    say "same: $package ($here)"
  else
    differ=1
    say "DIFFERENT: $package (here $here, rebuilt $there); the files that differ:"
    mkdir -p "$work/a" "$work/b"
    rm -rf "$work/a/"* "$work/b/"*
    (cd "$work/a" && unzip -q "$OLDPWD/dist/$package")
    (cd "$work/b" && unzip -q "$source_dir/dist/$package")
    diff -rq "$work/a" "$work/b" >&2 || true
  fi
done
[ "$differ" -eq 0 ] || exit 1
say "the source package rebuilds the release byte for byte"
