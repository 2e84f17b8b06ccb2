#!/usr/bin/env bash
# Installs what the build or the tests need and this machine lacks, saying what it installs.
#   scripts/ensure-tools.sh build     wasm32 target, wasm-bindgen CLI (pinned), npm tools
#   scripts/ensure-tools.sh browsers  Chromium + ChromeDriver, Firefox ESR, geckodriver, openssl;
#                                     then prints their versions
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'untick setup: %s\n' "$*" >&2; }

wasm_bindgen_version() {
  sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml
}

cargo_install() { # crate version
  # --locked first (reproducible); some mirrors lack a locked transitive version, so retry without.
  cargo install --quiet "$1" --version "$2" --locked 2>/dev/null \
    || cargo install --quiet "$1" --version "$2"
}

ensure_build() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "installing the Rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  local want; want=$(wasm_bindgen_version)
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $want\$"; then
    say "installing wasm-bindgen-cli $want (matches the wasm-bindgen crate in Cargo.toml; takes a few minutes)"
    cargo_install wasm-bindgen-cli "$want"
  fi
  if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/web-ext ] \
     || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing wasm-opt (npm binaryen) and web-ext into node_modules/ from package-lock.json"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

ensure_browsers() {
  # Debian's packages; the tests also make a throwaway TLS certificate with openssl.
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  command -v firefox-esr >/dev/null || missing+=(firefox-esr)
  command -v openssl >/dev/null || missing+=(openssl)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} with apt"
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if ! command -v geckodriver >/dev/null; then
    say "installing geckodriver from crates.io (takes a few minutes)"
    cargo install --quiet geckodriver --locked 2>/dev/null || cargo install --quiet geckodriver
  fi
}

# What the end-to-end tests will run against, so a failure report says which versions.
print_browser_versions() {
  local v
  for v in "chromium --version" "chromedriver --version" "firefox-esr --version" "geckodriver --version"; do
    printf 'untick test: %s\n' "$($v 2>/dev/null | grep -v '^$' | head -n 1 || echo "${v%% *}: not found")"
  done
}

case "${1:-build}" in
  build) ensure_build ;;
  browsers) ensure_browsers; print_browser_versions ;;
  *) say "unknown part '$1' (build or browsers)"; exit 2 ;;
esac
