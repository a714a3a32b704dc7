# samstyr — the two set-up commands are `make run` and `make test` (README.md).
GO      ?= go
BIN     := bin/samstyr
DATA    ?= ./data
ADDR    ?= 127.0.0.1:8080
PKGS    := ./...
# Test flags: -count=1 so results are never cached. The SQLite run has the
# race detector; the PostgreSQL run checks the same code against the other
# database without it (it made that run several times slower, and races are
# in Go code, which the SQLite run covers).
TESTFLAGS ?= -race -count=1 -timeout 40m
PGTESTFLAGS ?= -count=1 -timeout 40m
# staticcheck, pinned (run through the module proxy; CI and make test run it).
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: run build test test-sqlite test-postgres test-long fuzz bench-load vet fmt assets web-deps clean help

help:
	@echo "make run     start samstyr on SQLite with demo data at http://$(ADDR)"
	@echo "make test    run every test (SQLite; again on PostgreSQL when SAMSTYR_TEST_DATABASE_URL is set)"
	@echo "make assets  rebuild the Designsystemet assets from web/package-lock.json"
	@echo "make fuzz    run every fuzz target briefly (a set number of inputs; FUZZTIME=30s for longer)"
	@echo "make test-long  the long modes: 200 kill cycles per database"
	@echo "make bench-load  the load benchmark on the scale-10 dataset (docs/BENCHMARKS.md)"

build:
	$(GO) build -o $(BIN) ./cmd/samstyr

## run: build, load the demo data (idempotent) and serve on SQLite.
run: build
	./$(BIN) seed demo --data $(DATA)
	./$(BIN) serve --data $(DATA) --addr $(ADDR)

## test: vet and staticcheck, then the whole suite with the race detector on SQLite, and on
## PostgreSQL too (without it) when SAMSTYR_TEST_DATABASE_URL is set.
test: web-deps vet test-sqlite
	@if [ -n "$$SAMSTYR_TEST_DATABASE_URL" ]; then $(MAKE) --no-print-directory test-postgres; \
	else echo "SAMSTYR_TEST_DATABASE_URL is not set: PostgreSQL run skipped (CI sets it)"; fi

test-sqlite:
	env -u SAMSTYR_TEST_DATABASE_URL $(GO) test $(TESTFLAGS) $(PKGS)

test-postgres:
	$(GO) test $(PGTESTFLAGS) $(PKGS)

vet:
	$(GO) vet $(PKGS)
	$(GO) run $(STATICCHECK) $(PKGS)
	@out=$$(gofmt -l cmd internal bench); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

## web-deps: the npm packages the browser tests and asset build use.
web-deps: web/node_modules/.package-lock.json

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund

## assets: rebuild internal/web/static/vendor from the pinned npm packages.
assets: web-deps
	cd web && node build.mjs

## test-long: the long modes of the harness (200 kill cycles on SQLite, and
## on PostgreSQL when SAMSTYR_TEST_DATABASE_URL is set).
test-long: web-deps
	env -u SAMSTYR_TEST_DATABASE_URL $(GO) test $(TESTFLAGS) -run 'Crash|Backup' ./internal/e2e -long
	@if [ -n "$$SAMSTYR_TEST_DATABASE_URL" ]; then $(GO) test $(TESTFLAGS) -run 'Crash|Backup' ./internal/e2e -long; fi

## fuzz: every fuzz target for a fixed number of inputs each (CI runs this
## after make test). A count, not a time: Go's fuzzer can fail a time-limited
## run with "context deadline exceeded" when a busy machine starves its
## workers at the deadline (go.dev/issue/75804, fixed in Go 1.27). The
## counts take some seconds each here; FUZZTIME=30s (or 100000x) overrides
## them for every target. The seed corpora are in each package's
## testdata/fuzz.
FUZZTIME ?=
FUZZ_TARGETS := \
	internal/listing:FuzzDecodeCursor:200000x internal/listing:FuzzLimit:200000x \
	internal/api:FuzzDecode:40000x internal/web:FuzzOrgFromForm:30000x \
	internal/seed:FuzzParseMunicipalities:20000x internal/optimize:FuzzParseInstance:60000x \
	internal/needs:FuzzCheckAttachment:15000x internal/meetings:FuzzMarkdown:10000x \
	internal/server:FuzzQueryParams:1000x internal/server:FuzzPageForms:1000x internal/server:FuzzAPIBodies:1000x
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do pkg=$${t%%:*}; rest=$${t#*:}; name=$${rest%%:*}; n=$${rest#*:}; \
	  n=$${FUZZTIME:-$$n}; echo "== fuzz $$name ($$pkg, $$n)"; \
	  env -u SAMSTYR_TEST_DATABASE_URL $(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $$n ./$$pkg; \
	done

## bench-load: build samstyr, load the scale-10 benchmark dataset and run the
## load benchmark (see docs/BENCHMARKS.md).
bench-load:
	$(GO) run ./bench/load

clean:
	rm -rf bin
