# Article Annotator — build, serve, test.
#   make serve   install what is missing, build, serve dist/ on http://127.0.0.1:$(PORT)
#   make test    install what the tests need, run every test
#   make build   build the hostable www/ (the core into www/pkg) and its minified copy dist/
#                (upload either folder to any static host)

PORT ?= 8000
WASM_TARGET := wasm32-unknown-unknown
CRATE := article_annotator
WASM_RAW := target/$(WASM_TARGET)/wasm/$(CRATE).wasm
PKG := www/pkg
# The hostable site: www/ minified file by file (scripts/build-site.mjs), with the core.
SITE := dist
# The wasm-bindgen CLI must match the library version in Cargo.lock exactly.
WASM_BINDGEN_VERSION = $(shell awk '/^name = "wasm-bindgen"$$/ {getline; gsub(/"/, "", $$3); print $$3}' Cargo.lock)
WASM_OPT := node_modules/.bin/wasm-opt
CHROMIUM := /usr/bin/chromium

.PHONY: all serve build site test tools tools-test wasm check-rust test-rust test-js bench eval size clean

all: build

# --- tools ------------------------------------------------------------------------------

tools: node_modules/.installed
	@rustup target list --installed | grep -qx $(WASM_TARGET) || rustup target add $(WASM_TARGET)
	@if [ "$$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" != "$(WASM_BINDGEN_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (about 2 minutes, once)"; \
	  cargo install wasm-bindgen-cli --version "=$(WASM_BINDGEN_VERSION)"; \
	fi

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# Debian's Chromium for the browser tests (Playwright cannot download its own here).
tools-test: tools
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "installing Debian chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium chromium-driver; \
	fi

# --- build ------------------------------------------------------------------------------

# wasm-opt: -Oz repeated until it stops shrinking (--converge); the features rustc already
# emits and every current browser runs (never --all-features); the null page unused
# (--low-memory-unused: Rust's data and stack start at 1 MiB); no producers, target-features
# or debug sections (tooling metadata browsers ignore). Against plain -Oz: 1.3 KB smaller
# gzipped, same speed. Then the functions in order of their Rust names (before
# --strip-debug drops the names; passes run in the order given): a module's functions sit
# together, so gzip's 32 KB window finds more of their repeated code: 1.6 KB smaller
# gzipped, the code itself unchanged. A function of over 100 instructions called from one
# place stays a function (--one-caller-inline-max-function-size; wasm-opt inlines every
# such function by default): V8 compiles a very large function's loops worse, and the
# entity detector's stages (`#[inline(never)]` for rustc, see src/entities/mod.rs) would
# otherwise end up in one. Against inlining them: -5 % instructions in Node, gzip -9 +104 B.
WASM_OPT_FLAGS := --one-caller-inline-max-function-size=100 -Oz --converge --reorder-functions-by-name --low-memory-unused --strip-debug --strip-producers \
  --strip-target-features --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals

# `cargo rustc --crate-type cdylib` so that LTO applies (it is ignored for cdylib+rlib).
wasm: tools
	cargo rustc --lib --profile wasm --target $(WASM_TARGET) --crate-type cdylib
	rm -rf $(PKG)
	wasm-bindgen --target web --out-dir $(PKG) --out-name annotator $(WASM_RAW)
	$(WASM_OPT) $(WASM_OPT_FLAGS) $(PKG)/annotator_bg.wasm -o $(PKG)/annotator_bg.wasm

build: wasm
	@$(MAKE) --no-print-directory site

# Only the page's files, from www/ and the core already in www/pkg (no wasm rebuild).
site: node_modules/.installed
	node scripts/build-site.mjs $(SITE)
	@echo "$(SITE)/ is ready to host: $$(du -sh $(SITE) | cut -f1)"

serve: build
	@echo "serving $(SITE)/ on http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	python3 -m http.server $(PORT) --bind 127.0.0.1 --directory $(SITE)

# --- test -------------------------------------------------------------------------------

test: tools-test check-rust test-rust build size test-js

check-rust:
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --lib --target $(WASM_TARGET) -- -D warnings

# Then the adversarial shapes again in release, at 1 MB each (the test profile runs 32 KB
# ones, where one-time tables dominate the heap and per-token growth does not show).
test-rust:
	cargo test
	cargo test --release --test adversarial

# The JS module API (www/pkg) in Node, then the built page (dist/) in Debian Chromium (Playwright).
test-js:
	node --test tests/js/ tests/e2e/

# --- measure ----------------------------------------------------------------------------

eval:
	cargo build --release --bin annotate
	python3 tests/eval/eval.py

# Native (criterion) and wasm-in-Node benchmarks; the Node one installs wink-nlp and
# compromise into bench/ only. Figures: bench/RESULTS.md.
bench: build
	cargo bench --bench annotate
	cd bench && npm ci --no-audit --no-fund && node bench.mjs

# The payload budget: the whole page as served (dist/), each file gzip -9, at most 176 KiB
# (compromise + compromise-dates alone weigh that much). `make test` holds it too.
PAGE_BUDGET := 180224
size: build
	bash scripts/size-check.sh $(SITE) $(PAGE_BUDGET)

clean:
	cargo clean
	rm -rf $(PKG) $(SITE) node_modules
