# make run: the therapist page and the API with demo data on http://127.0.0.1:8080 · make test: the whole suite
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
export PYTHONPATH := $(CURDIR)/functions:$(CURDIR)
# uv (from PyPI, pinned) installs the pinned requirements in parallel: about a fifth of pip's time on a fresh clone.
UV := uv==0.13.10
STAMP := $(VENV)/.installed-$(shell cat requirements.txt functions/requirements.txt | cksum | cut -d' ' -f1)

.PHONY: install lint test test-unit test-browser run token role schemas bench clean web chromium

$(STAMP): requirements.txt functions/requirements.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed, found " + sys.version.split()[0]'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Installing dependencies into $(VENV) ..."
	@$(PY) -m pip install --quiet --disable-pip-version-check $(UV)
	@$(VENV)/bin/uv pip install --quiet --python $(PY) -r requirements.txt
	@rm -f $(VENV)/.installed-*; touch $@

install: $(STAMP)

# The pages' npm packages (pinned by package-lock.json) and their bundles, web/dist and web/app/dist (built, not committed).
# The stamp is named by the files' contents, not their times: a fresh checkout beside a node_modules that is
# already as locked (tools/npm_install.py installed) only writes the stamp. Install scripts run for every package
# that has one except re2, an optional native module that only firebase-tools' Hosting emulator would use
# (superstatic falls back to JavaScript's RegExp): compiling it took minutes of `make test`.
# A node_modules installed once is kept per lock file in NODE_MODULES_CACHE (hard links) for the next checkout.
NODE_HASH := $(shell cat package.json package-lock.json | cksum | cut -d' ' -f1)
NODE_STAMP := node_modules/.installed-$(NODE_HASH)
NODE_MODULES_CACHE ?= $(HOME)/.cache/stepping-stones/node_modules-$(NODE_HASH)
NPM_SKIPPED_SCRIPTS := re2
$(NODE_STAMP): package.json package-lock.json
	@$(PYTHON) tools/npm_install.py installed || $(PYTHON) tools/npm_install.py restore "$(NODE_MODULES_CACHE)" || { \
	  echo "Installing npm packages (npm ci) ..." && \
	  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && \
	  scripts="$$($(PYTHON) tools/npm_install.py scripts $(NPM_SKIPPED_SCRIPTS))" && \
	  { test -z "$$scripts" || npm rebuild --loglevel=error $$scripts; } && \
	  $(PYTHON) tools/npm_install.py keep "$(NODE_MODULES_CACHE)"; }
	@rm -f node_modules/.installed-*; touch $@

# Sources: web/therapist/ (the therapist page), web/app/ (the companion: its src/ and static shell), web/shared/.
WEB_SOURCES := $(shell find web/therapist web/app web/shared web/index.html -type f -not -path "web/app/dist/*" \
  -not -path web/app/sw.js -not -name contract.d.ts 2>/dev/null)
web/dist/app.js: $(NODE_STAMP) web/build.mjs schemas/openapi.json $(WEB_SOURCES)
	@node web/build.mjs

web: web/dist/app.js

# Debian's Chromium for the browser tests (Playwright cannot download its own browsers here).
chromium:
	@test -x /usr/lib/chromium/chromium || command -v chromium >/dev/null || \
	  { echo "Installing chromium with apt-get ..."; apt-get update -q && apt-get install -y -q chromium; }

lint: install
	$(VENV)/bin/ruff check functions tests tools bench
	$(VENV)/bin/mypy

# The whole suite in PYTEST_WORKERS processes (pytest-xdist), each with its own Firestore emulator (one Auth emulator
# serves them all); one test file is one unit of work. PYTEST_WORKERS=0 runs it in this one process. Files are handed
# out in the order tests/conftest.py gives them (the longest first): xdist's own reordering, by the number of tests
# in a file, sent the two longest files (a few tests each) last, and one worker ran them alone for minutes.
PYTEST_WORKERS ?= 2
test: install lint web chromium
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder

test-browser: install web chromium
	$(PY) -m pytest tests/browser

test-unit: install
	$(PY) -m pytest tests/unit

run: install web
	$(PY) -m tools.run_local

# make token UID=my-test-user ROLE=client|therapist: an unsigned ID token `make run` accepts (a day)
token: install
	@$(PY) -m tools.dev_tokens "$(UID)" "$(or $(ROLE),client)"

# make role EMAIL=someone@example.org ROLE=therapist|client [PROJECT=your-project]: set a person's role
# (the real project with application-default credentials; the Auth emulator when FIREBASE_AUTH_EMULATOR_HOST is set)
role: install
	@$(PY) -m tools.roles --email "$(EMAIL)" --role "$(ROLE)" --project "$(PROJECT)"

schemas: install
	$(PY) -m tools.generate_schemas

bench: install web chromium
	$(PY) -m bench.run_all

clean:
	rm -rf $(VENV) node_modules web/dist
