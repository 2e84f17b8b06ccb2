# Untick: `make` builds everything, `make test` runs every test (real browsers included).
# Both install what this machine lacks first, and say so (scripts/ensure-tools.sh).

CARGO ?= cargo
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)

.PHONY: all tools browsers cli wasm extension release store-screenshots test test-rust test-letters lint test-extension test-release test-windows-cli test-e2e bench bench-paint bench-pages letters clean

all: cli extension

tools:
	@scripts/ensure-tools.sh build

# Chromium, Firefox ESR and their drivers (installed when missing); prints their versions.
browsers:
	@scripts/ensure-tools.sh browsers

cli:
	$(CARGO) build --release --locked

# The engine as WebAssembly with its JavaScript glue, in build/wasm/.
wasm: tools
	@scripts/build-wasm.sh

# dist/chrome/, dist/firefox/ (unpacked) and dist/untick-$(VERSION)-{chrome,firefox}.zip.
extension: wasm
	@scripts/build-extension.sh $(VERSION)

# What the stores need: the two zips, AMO's source package, the checked listing and the
# checksums, in dist/ (scripts/release.sh; docs/store/maintainers.md says what then).
release: extension
	@scripts/release.sh $(VERSION)

# The stores' screenshots in docs/store/screenshots/ (Chromium with the built extension).
store-screenshots: extension browsers
	node scripts/store-screenshots.mjs

# The browsers come first, so the run's first lines say which versions it tests against.
test: browsers all test-rust test-letters lint test-extension test-release test-windows-cli test-e2e

test-rust:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --locked --all-targets -- -D warnings
	$(CARGO) test --locked --release

# The rendered samples in docs/letters/ must match what the code renders now.
test-letters: cli
	@scripts/letters.sh --check

lint: extension
	node_modules/.bin/web-ext lint --source-dir dist/firefox --warnings-as-errors --self-hosted=false

# The background's JavaScript around the engine, with the module as built (Node, no browser).
test-extension: extension
	node --test tests/extension/

# A release built twice, from a clean clone and from its own source package in another
# folder, must give the same packages byte for byte (scripts/reproducible.sh).
test-release: release
	@scripts/reproducible.sh

# The CLI cross-built for Windows and run under Wine on every fixture page, with Windows
# paths and encodings: what it prints must be the Linux CLI's, byte for byte. Installs
# mingw-w64, Wine and the Rust target when missing, and says so.
test-windows-cli: cli
	@UNTICK_BIN=target/release/untick UNTICK_WIN_TARGET_DIR=target scripts/windows-cli.sh --install

test-e2e: extension browsers
	node --test --test-concurrency=1 tests/e2e/

bench: wasm
	$(CARGO) bench --locked --bench audit
	@scripts/wasm-size.sh

# Time to first warnings in real Chromium and Firefox ESR (about ten minutes: each cold
# figure waits for the browser to stop the idle background).
bench-paint: extension browsers
	node scripts/paint-time.mjs

# Big and busy pages in real Chromium and Firefox ESR, with and without Untick in one run:
# long tasks, main-thread gaps, first warning, CPU under change (issue 20; about 15 minutes).
bench-pages: extension browsers
	node scripts/bench-pages.mjs

# Regenerate docs/letters/ after changing a letter.
letters: cli
	@scripts/letters.sh

clean:
	rm -rf build dist target
