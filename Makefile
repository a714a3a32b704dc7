# samstyr — the two set-up commands are `make run` and `make test` (README.md).
GO      ?= go
BIN     := bin/samstyr
DATA    ?= ./data
ADDR    ?= 127.0.0.1:8080
PKGS    := ./...
# Test flags: the race detector always; -count=1 so results are never cached.
TESTFLAGS ?= -race -count=1 -timeout 30m

.PHONY: run build test test-sqlite test-postgres vet fmt assets web-deps clean help

help:
	@echo "make run     start samstyr on SQLite with demo data at http://$(ADDR)"
	@echo "make test    run every test (SQLite; again on PostgreSQL when SAMSTYR_TEST_DATABASE_URL is set)"
	@echo "make assets  rebuild the Designsystemet assets from web/package-lock.json"

build:
	$(GO) build -o $(BIN) ./cmd/samstyr

## run: build, load the demo data (idempotent) and serve on SQLite.
run: build
	./$(BIN) seed demo --data $(DATA)
	./$(BIN) serve --data $(DATA) --addr $(ADDR)

## test: vet, then the whole suite with the race detector on SQLite, and on
## PostgreSQL too when SAMSTYR_TEST_DATABASE_URL is set.
test: web-deps vet test-sqlite
	@if [ -n "$$SAMSTYR_TEST_DATABASE_URL" ]; then $(MAKE) --no-print-directory test-postgres; \
	else echo "SAMSTYR_TEST_DATABASE_URL is not set: PostgreSQL run skipped (CI sets it)"; fi

test-sqlite:
	env -u SAMSTYR_TEST_DATABASE_URL $(GO) test $(TESTFLAGS) $(PKGS)

test-postgres:
	$(GO) test $(TESTFLAGS) $(PKGS)

vet:
	$(GO) vet $(PKGS)
	@out=$$(gofmt -l cmd internal bench); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

## web-deps: the npm packages the browser tests and asset build use.
web-deps: web/node_modules/.package-lock.json

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund

## assets: rebuild internal/web/static/vendor from the pinned npm packages.
assets: web-deps
	cd web && node build.mjs

clean:
	rm -rf bin
