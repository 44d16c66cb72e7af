# Chorus: `make run` sets up and starts the app; `make test` runs every check.
# Both install whatever is missing first (see .ci/install-tools), so they work on a fresh machine.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

# Builds are cached outside the clone so a fresh clone (CI) reuses them; correctness never
# depends on the cache. Override with CARGO_TARGET_DIR=... make test.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/chorus/target
# Incremental artifacts only pay off while editing, and they filled the disk here. One setting
# for every target keeps the cached builds shared (it is part of each build's fingerprint).
export CARGO_INCREMENTAL ?= 0
# npm's binaryen (wasm-opt) must come before any older wasm-opt on the system.
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

CHORUS_BIN := $(CARGO_TARGET_DIR)/release/chorus
# Marks a finished release build of this checkout. cargo-leptos redoes wasm-bindgen, wasm-opt
# and compression (~40 s) even when nothing changed, so `make run` skips it unless a source
# file is newer than the last build.
BUILT := target/site/.built
SOURCES := Cargo.toml Cargo.lock $(shell find app server style public -type f -not -name '*.md')
WASM_TARGET := --target wasm32-unknown-unknown --no-default-features --features hydrate
# Crates that must never reach the WebAssembly bundle.
SERVER_ONLY_CRATES := sqlx|sqlx-core|argon2|tokio|axum|leptos_axum|hyper|mio|csv|tracing-subscriber|resvg|svg2pdf|lettre|reqwest|rustls

.PHONY: run build test tools tools-test fmt-check clippy check-wasm-deps wasm-size deny unit unit-postgres crash postgres-restart e2e e2e-scale-out soak bench

run: tools $(BUILT)
	"$(CHORUS_BIN)" --demo

build: $(BUILT)

$(BUILT): $(SOURCES)
	cargo leptos build --release --precompress
	@test -x "$(CHORUS_BIN)" || { echo "missing $(CHORUS_BIN) after the build"; exit 1; }
	touch $@

tools:
	@.ci/install-tools build

tools-test:
	@.ci/install-tools test

test: tools-test fmt-check clippy check-wasm-deps deny unit unit-postgres crash postgres-restart e2e e2e-scale-out wasm-size
	@echo "make test: every check passed"

fmt-check:
	cargo fmt --all -- --check

clippy:
	cargo clippy -p server --all-targets -- -D warnings
	cargo clippy -p app --all-targets --features ssr,test-support -- -D warnings
	cargo clippy -p app $(WASM_TARGET) -- -D warnings
	cargo clippy -p clustering --all-targets -- -D warnings

# Proves the browser bundle links no server-only dependency.
check-wasm-deps:
	@found=$$(cargo tree -p app $(WASM_TARGET) -e normal --prefix none | awk '{print $$1}' \
	  | grep -xE '$(SERVER_ONLY_CRATES)' | sort -u || true); \
	if [ -n "$$found" ]; then echo "server-only crates in the wasm build: $$found"; exit 1; fi; \
	echo "wasm build links no server-only crate"

# Known advisories (offline snapshot), licenses, bans and sources of every dependency.
deny:
	.ci/deny

# The brotli size of the browser bundle against its budget (.ci/wasm-brotli-kb + 5 %).
wasm-size: $(BUILT)
	.ci/check-wasm-size

# Unit, database and HTTP tests on SQLite.
# The HTTP tests render pages; run side by side in one process they sometimes hang (seen about
# one run in ten, not yet explained), so they run one at a time.
unit:
	cargo test -p clustering
	cargo test -p app --features ssr,test-support
	cargo test -p server -- --test-threads=1

# The same database and HTTP tests on a throwaway PostgreSQL server.
unit-postgres:
	.ci/with-postgres cargo test -p app --features ssr,test-support server::
	.ci/with-postgres cargo test -p server -- --test-threads=1

# kill -9 of the server during a vote load, then a restart: every acknowledged vote is stored
# exactly once and no budget is exceeded (vote-bench --crash, about 10 s).
crash:
	cargo build --release -p server --bin vote-bench
	"$(CARGO_TARGET_DIR)/release/vote-bench" --crash --seconds 3

# PostgreSQL stopped for 6 s during a vote load and started again: votes are refused with 503
# meanwhile and accepted again within 5 s, with no restart of Chorus (about 20 s).
postgres-restart:
	cargo build --release -p server --bin vote-bench
	.ci/with-postgres sh -c 'exec "$$0" --postgres-server "$$CHORUS_TEST_POSTGRES_URL" \
	  --postgres-restart "$$CHORUS_TEST_PG_CTL" --clients 16' "$(CARGO_TARGET_DIR)/release/vote-bench"

e2e: $(BUILT)
	cd end2end && CHORUS_BIN="$(CHORUS_BIN)" LEPTOS_SITE_ROOT="$(CURDIR)/target/site" npx playwright test

# Two processes started at once on one throwaway PostgreSQL: sessions and live updates cross
# between them (end2end/scale-out.config.ts).
e2e-scale-out: $(BUILT)
	.ci/with-postgres env -C end2end CHORUS_BIN="$(CHORUS_BIN)" \
	  LEPTOS_SITE_ROOT="$(CURDIR)/target/site" npx playwright test --config scale-out.config.ts

# Longer than make test allows: each fuzz target (app/fuzz: the Markdown renderer; form fields,
# times and the people CSV) for SOAK_SECONDS, then PostgreSQL restarts under load three times.
SOAK_SECONDS ?= 300
soak:
	@.ci/install-tools soak
	.ci/fuzz markdown $(SOAK_SECONDS)
	.ci/fuzz input $(SOAK_SECONDS)
	for run in 1 2 3; do $(MAKE) --no-print-directory postgres-restart; done

bench: tools-test $(BUILT)
	cargo build --release -p server --bin vote-bench --bin synthesis-bench --bin analytics-bench
	cargo build --release -p clustering --bin cluster-eval
	.ci/bench
