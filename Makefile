# The two commands: `make run` and `make test`. Needs only Python 3.11+ (and, for the
# browser tests, Debian's chromium, and for the two-server test, Debian's nginx, which this
# Makefile installs when it can).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app consult
INSTALLED := $(VENV)/.installed
CATALOGS := $(wildcard consult/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)

.PHONY: run test test-fast lint bench translations extract-messages browser clients servers clean

# `make run HOST=0.0.0.0 PORT=8080` serves elsewhere. Without BASE_URL in the environment,
# links in mail, calendar files and QR codes follow the address a page is asked at.
HOST ?= 127.0.0.1
PORT ?= 5000
run: $(INSTALLED) $(COMPILED)
	@echo "==> Building the database (flask db upgrade)"
	$(FLASK) db upgrade
	@echo "==> Loading the demo data (flask seed-demo)"
	$(FLASK) seed-demo
	@echo "==> Serving on http://$(HOST):$(PORT) (Ctrl+C to stop)"
	BASE_URL_FROM_REQUEST=$(if $(BASE_URL),0,1) $(FLASK) run --host $(HOST) --port $(PORT)

# The suite runs in parallel (pytest-xdist): one worker per logical CPU, at most 8 (each has
# its own database, Redis database and ports; see tests/conftest.py). `make test XDIST=`
# runs it in one process, as plain `.venv/bin/pytest` does. loadgroup keeps the tests of an
# `xdist_group` in one worker (the two-server test starts its servers once).
XDIST ?= -n logical --maxprocesses 8 --dist loadgroup

test: $(INSTALLED) $(COMPILED) browser clients servers
	$(BIN)/pytest $(XDIST)

# Leaves out the browser tests and the two-server test (tests/scale), and the route walks
# request one route in WALK_SAMPLE, a different share each day (tests/walks.py); `make test`
# runs everything and walks every route.
WALK_SAMPLE ?= 5
test-fast: $(INSTALLED) $(COMPILED) clients
	$(BIN)/pytest $(XDIST) -m "not browser and not servers" --walk-sample $(WALK_SAMPLE)

lint: $(INSTALLED)
	$(BIN)/ruff check .

# The load benchmark (docs/performance.md): SQLite, and PostgreSQL when TEST_DATABASE_URL
# or BENCH_DATABASE_URL names a server. Options: make bench BENCH_ARGS="--workers 4 --seconds 30"
BENCH_INSTALLED := $(VENV)/.bench-installed
bench: $(INSTALLED) $(COMPILED) $(BENCH_INSTALLED)
	$(BIN)/python -m bench $(BENCH_ARGS)

$(BENCH_INSTALLED): pyproject.toml $(INSTALLED)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@

$(INSTALLED): pyproject.toml
	@echo "==> Creating $(VENV) and installing the dependencies (a few minutes the first time)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install -e '.[dev]'
	touch $@

translations: $(COMPILED)

%.mo: %.po $(INSTALLED)
	$(BIN)/pybabel compile --statistics -i $< -o $@

# After changing user-visible strings: update the catalogs, then translate the new entries.
extract-messages: $(INSTALLED)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_pgettext:1c,2 -o consult/translations/messages.pot .
	$(BIN)/pybabel update -i consult/translations/messages.pot -d consult/translations --no-fuzzy-matching

# The browser tests drive Chromium: Debian's package when present or installable (root),
# otherwise Playwright's own download.
browser: $(INSTALLED)
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null); \
	else \
	  $(BIN)/playwright install chromium; \
	fi

# The two-server test (tests/scale) puts Debian's nginx in front of two gunicorn servers;
# installed when missing and we are root. It also needs PostgreSQL (TEST_DATABASE_URL) and
# Redis, as .ci/run's second run has; otherwise it is skipped, saying why.
servers:
	@if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's nginx for the two-server test"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null); \
	fi

# The independent clients the tests read our output with (tests/clients/): ical.js, the
# parser of Thunderbird, run with node; the Nu HTML checker (vnu-jar), run with Java;
# LibreOffice, which renders the DOCX and XLSX files, and poppler, which reads PDFs (Debian's).
# Installed from the npm registry at the versions package-lock.json pins; the install
# scripts are skipped (vnu-jar's would download a Java runtime; Debian's is used).
CLIENTS := tests/clients/node_modules/.installed
clients: $(CLIENTS)

$(CLIENTS): tests/clients/package.json tests/clients/package-lock.json
	@command -v npm >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  echo "Installing Debian's nodejs and npm for the test clients" && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }
	@command -v java >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  echo "Installing Debian's Java runtime for the Nu HTML checker" && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; }
	@{ command -v soffice && command -v pdftotext; } >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
	  command -v apt-get >/dev/null 2>&1 && \
	  echo "Installing Debian's LibreOffice (Writer, Calc) and poppler for the office files" && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    libreoffice-writer-nogui libreoffice-calc-nogui fonts-crosextra-carlito poppler-utils \
	    >/dev/null; }
	npm ci --prefix tests/clients --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache tests/clients/node_modules
	find consult/translations -name '*.mo' -delete
