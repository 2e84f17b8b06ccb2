#!/usr/bin/env bash
# Builds the engine as WebAssembly for the extension's background:
#   build/wasm/untick.js        the wasm-bindgen glue (ES module, --target web)
#   build/wasm/untick_bg.wasm   the module, shrunk with wasm-opt -Oz
set -euo pipefail
cd "$(dirname "$0")/.."

target_dir=${CARGO_TARGET_DIR:-target}
out=build/wasm

# The same sources give the same module on any machine and in any folder (issue 21): the
# paths of this checkout and of cargo's registry, which panic messages carry, are written
# as /untick and /cargo. (The standard library's are already /rustc/<commit>.)
cargo_home=${CARGO_HOME:-$HOME/.cargo}
# (Encoded: a folder's name may hold spaces. With --target, build scripts do not get them.)
CARGO_ENCODED_RUSTFLAGS=$(printf '%s\x1f%s' "--remap-path-prefix=$PWD=/untick" "--remap-path-prefix=$cargo_home=/cargo")
export CARGO_ENCODED_RUSTFLAGS

# Size over speed for the module people download (the CLI keeps the profile's opt-level).
CARGO_PROFILE_RELEASE_OPT_LEVEL=z cargo build --lib --target wasm32-unknown-unknown --release --locked
rm -rf "$out"
mkdir -p "$out"
# --experimental-reset-state-function: the background can replace an instance that trapped.
wasm-bindgen --target web --no-typescript --experimental-reset-state-function --out-dir "$out" --out-name untick \
  "$target_dir/wasm32-unknown-unknown/release/untick.wasm"
# npm's binaryen: Debian's wasm-opt is too old for what current rustc emits.
# The feature flags match what rustc enables by default for wasm32-unknown-unknown.
node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$out/untick_bg.wasm" -o "$out/untick_bg.wasm"
printf 'untick: built %s (%s bytes after wasm-opt)\n' "$out/untick_bg.wasm" \
  "$(wc -c < "$out/untick_bg.wasm" | tr -d ' ')" >&2
