#!/usr/bin/env bash
# Prints the size of the shipped WebAssembly module (after wasm-opt) against its budget.
# Run scripts/build-wasm.sh (or `make wasm`) first.
set -euo pipefail
cd "$(dirname "$0")/.."

budget_bytes=$((400 * 1024))
wasm=build/wasm/untick_bg.wasm
if [ ! -f "$wasm" ]; then
  echo "wasm-size: $wasm is missing; run 'make wasm' first" >&2
  exit 1
fi
bytes=$(wc -c < "$wasm" | tr -d ' ')
gzip_bytes=$(gzip -9 -c "$wasm" | wc -c | tr -d ' ')
awk -v b="$bytes" -v g="$gzip_bytes" -v budget=$((budget_bytes / 1024)) 'BEGIN {
  printf "wasm size: %d bytes (%.1f KB; %.1f KB gzipped); budget %d KB\n", b, b / 1024, g / 1024, budget
}'
if [ "$bytes" -gt "$budget_bytes" ]; then
  echo "wasm size: OVER BUDGET by $((bytes - budget_bytes)) bytes" >&2
  exit 1
fi
