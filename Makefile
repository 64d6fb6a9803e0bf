# The two commands of the quick start: `make run` and `make test`.
# Every install step lives here, so that both work on a fresh Debian machine.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# Debian packages: gettext compiles the catalogues; chromium drives the
# browser tests; postgresql runs the suite a second time on PostgreSQL;
# default-jre-headless runs the Nu HTML Checker (npm vnu-jar) in tests/test_validators.py;
# libvoikko1 and voikko-fi (Voikko and its Finnish dictionary) give the base forms
# of Finnish words to the search (search/finnish.py), when indexing and searching;
# redis-server runs the shared-cache tests (scripts/with-redis.sh) in both passes.
RUN_PACKAGES := gettext libvoikko1 voikko-fi
TEST_PACKAGES := gettext chromium postgresql redis-server wrk default-jre-headless libvoikko1 voikko-fi
# wrk drives the load test of the benchmark.
BENCH_PACKAGES := gettext wrk libvoikko1 voikko-fi
# Options of `python -m bench` (see `make bench BENCH_ARGS=--help`).
BENCH_ARGS ?=
# Options of `python -m bench.soak` (see `make soak SOAK_ARGS=--help`).
SOAK_ARGS ?=
# Node and npm install package.json: axe-core for the accessibility checks of
# the browser tests, vnu-jar, and TypeScript with @elastic/elasticsearch's API
# types for the offline Elasticsearch contract checks (tests/elasticsearch_contract.py).
# Installed only when no `npm` is on the PATH: a NodeSource nodejs already ships
# npm and conflicts with Debian's npm package.
NODE_PACKAGES := nodejs npm
NODE_STAMP := node_modules/.installed
ADMIN_PASSWORD ?= changeme
# Where `make run` serves the site, and the public address every absolute URL
# of the site starts with (citations, og:url, sitemap, feeds, API, e-mails).
RUN_ADDRESS ?= 127.0.0.1:8000
SITE_BASE_URL ?= http://$(RUN_ADDRESS)
# pytest-xdist workers: one per core of the 2-core machines the suite targets.
TEST_WORKERS ?= 2

.PHONY: run test install install-test system-packages system-test-packages messages \
        demo lint test-sqlite test-postgres test-elasticsearch node-modules clean bench bench-smoke soak lock audit validate

## make run: install, migrate, load the demo, index it, serve on 127.0.0.1:8000
run: install messages demo
	@echo ""
	@echo "  Site:  $(SITE_BASE_URL)/  (English: /en/, French: /fr/, Italian: /it/)"
	@echo "  Admin: $(SITE_BASE_URL)/admin/  login: admin  password: $(ADMIN_PASSWORD)"
	@echo ""
	$(MANAGE) runserver $(RUN_ADDRESS)

## make test: install what the tests need, lint, run the suite on SQLite then PostgreSQL,
## then a small run of the benchmark (strict query budgets, no time asserted)
test: install-test system-test-packages node-modules messages lint test-sqlite test-postgres bench-smoke

## make bench: corpora of 1 000, 10 000 and 50 000 practices on SQLite, then on a throwaway
## PostgreSQL cluster (scripts/with-postgres.sh): the search service
## against plain Wagtail and a Tantivy peer (PyPI tantivy, from the test lock), pages, indexing, load
## (docs/benchmarks.md). Results in bench/results/.
## make validate: Lighthouse on the demo site served locally (SEO, accessibility
## and best practices must be 100), one page of each kind in three languages.
## Slow (a few minutes); not part of make test, whose validators are offline
## (tests/test_validators.py). Lighthouse 12.2.3 is the last to run on Node 20.
VALIDATE_ADDRESS ?= 127.0.0.1:8010
validate: install messages demo system-test-packages
	@command -v npm >/dev/null || scripts/apt-install.sh $(NODE_PACKAGES)
	npm install --prefix .validate-tools --no-save --no-audit --no-fund lighthouse@12.2.3
	VALIDATE_ADDRESS=$(VALIDATE_ADDRESS) scripts/validate.sh

bench: install-test messages
	@scripts/apt-install.sh $(BENCH_PACKAGES) postgresql
	$(BIN)/python -m bench $(BENCH_ARGS)
	PGTEST_PORT=55433 scripts/with-postgres.sh $(BIN)/python -m bench --database postgresql $(BENCH_ARGS)

bench-smoke: install-test messages
	@scripts/apt-install.sh $(BENCH_PACKAGES)
	$(BIN)/python -m bench --smoke --out test-artifacts/bench

## make soak: the search page held at a steady rate (8 requests/s for 10 minutes by
## default) on 127.0.0.1 by a paced client of the standard library (no wrk):
## fails on any error, a missed rate or memory growth (docs/benchmarks.md, "Soak").
soak: install messages
	$(BIN)/python -m bench.soak $(SOAK_ARGS)

install: $(VENV)/.installed system-packages
install-test: $(VENV)/.installed-test

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# requirements.txt and requirements-test.txt are lock files: every package,
# direct or not, pinned exactly with its hashes, compiled from the .in files
# by `make lock`. pip refuses any file whose hash differs.
$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements-test.txt $(VENV)/.installed
	$(BIN)/pip install --quiet --require-hashes -r requirements-test.txt
	touch $@

## make lock: compile the lock files again from requirements.in and
## requirements-test.in (after changing a version there); make audit: check
## the locked packages for known vulnerabilities (docs/security.md). Both use
## tools in a venv of their own, outside the application's.
TOOLS_VENV := .venv-tools
PIP_COMPILE := $(TOOLS_VENV)/bin/pip-compile --quiet --allow-unsafe --generate-hashes \
	--no-emit-index-url --no-emit-find-links --strip-extras

$(TOOLS_VENV)/.installed:
	$(PYTHON) -m venv $(TOOLS_VENV)
	$(TOOLS_VENV)/bin/pip install --quiet pip-tools==7.6.2 pip-audit==2.10.1
	touch $@

lock: $(TOOLS_VENV)/.installed
	$(PIP_COMPILE) --output-file requirements.txt requirements.in
	$(PIP_COMPILE) --output-file requirements-test.txt requirements-test.in

audit: $(TOOLS_VENV)/.installed
	$(TOOLS_VENV)/bin/pip-audit --strict --require-hashes --disable-pip -r requirements-test.txt

system-packages:
	@scripts/apt-install.sh $(RUN_PACKAGES)

system-test-packages:
	@scripts/apt-install.sh $(TEST_PACKAGES)

## node_modules/ from package-lock.json, again whenever the lock file changes.
node-modules: $(NODE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || scripts/apt-install.sh $(NODE_PACKAGES)
	npm ci --no-audit --no-fund
	touch $@

## Compile the gettext catalogues of locale/ (not those of installed packages).
messages: install
	$(MANAGE) compilemessages --ignore=$(VENV) --ignore=node_modules --verbosity 0

# migrate and load_demo give the Wagtail Site the address of SITE_BASE_URL;
# setup_site says so (and is what a deployment runs after changing it).
demo run: export SITE_BASE_URL := $(SITE_BASE_URL)
demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo --admin-password "$(ADMIN_PASSWORD)"
	$(MANAGE) setup_site
	$(MANAGE) setup_roles
	$(MANAGE) update_index
	$(MANAGE) rebuild_search_index

lint: install-test
	$(BIN)/ruff check .
	PYTHONPATH=site $(BIN)/lint-imports

# Each pass runs beside a throwaway Redis server (TEST_REDIS_URL) for
# tests/test_shared_cache.py; the rest of the suite keeps its in-memory cache.
test-sqlite: install-test node-modules
	DJANGO_ALLOW_ASYNC_UNSAFE=true scripts/with-redis.sh $(BIN)/pytest -n $(TEST_WORKERS)

test-postgres: install-test node-modules
	DJANGO_ALLOW_ASYNC_UNSAFE=true scripts/with-redis.sh scripts/with-postgres.sh \
		$(BIN)/pytest -n $(TEST_WORKERS) -m "not browser"

## make test-elasticsearch ELASTICSEARCH_URL=http://host:9200: the search
## conformance suite, the relevance table and the live checks against that
## Elasticsearch 9 server (indexes of their own: test-practices, test-live-*).
test-elasticsearch: install-test system-test-packages node-modules messages
	@test -n "$(ELASTICSEARCH_URL)" || { echo "Set ELASTICSEARCH_URL, e.g. make test-elasticsearch ELASTICSEARCH_URL=http://host:9200"; exit 2; }
	DJANGO_ALLOW_ASYNC_UNSAFE=true ELASTICSEARCH_URL="$(ELASTICSEARCH_URL)" $(BIN)/pytest -p no:xdist \
		tests/test_elasticsearch_live.py tests/test_search_conformance.py tests/test_search_relevance.py \
		tests/test_elasticsearch_requests.py

clean:
	rm -rf $(VENV) $(TOOLS_VENV) .validate-tools .pytest_cache .ruff_cache test-artifacts node_modules
