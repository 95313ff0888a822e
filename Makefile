# CCHC developer commands. The two that matter:
#   make run    installs into .venv, migrates, loads the demo, serves http://127.0.0.1:8000
#               as of the demo date (make demo is the same; make serve uses the real date)
#   make test   lint, then the suite on SQLite, on PostgreSQL and in Chromium (what CI runs via .ci/run)
PYTHON ?= $(shell command -v python3.11 >/dev/null 2>&1 && echo python3.11 || echo python3)
VENV := .venv
BIN := $(VENV)/bin
# Touched after a successful install, so `make install` is a no-op until pyproject.toml changes.
STAMP := $(VENV)/.installed
# npm writes node_modules/.package-lock.json on every install: newer than package.json = up to date.
NPM_STAMP := node_modules/.package-lock.json
# Translations: .po files are in git, .mo files are compiled here (gettext's msgfmt), not committed.
PO_FILES := $(wildcard cchc/locale/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_TODAY ?= 15/09/2023

.PHONY: install run demo serve test lint format bench bench-load bench-reminders messages compilemessages

install: $(STAMP) $(NPM_STAMP) compilemessages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# htmx and chart.js from the npm registry (served from node_modules through STATICFILES_DIRS).
$(NPM_STAMP): package.json
	@command -v npm >/dev/null 2>&1 || { \
	    echo "Thiếu npm / npm is missing: sudo apt-get install nodejs npm (Debian 12)"; exit 1; }
	npm install --no-audit --no-fund --loglevel=error
	@touch $@

compilemessages: $(MO_FILES)

%.mo: %.po
	@command -v msgfmt >/dev/null 2>&1 || { \
	    echo "Thiếu msgfmt / gettext is missing: sudo apt-get install gettext"; exit 1; }
	msgfmt --check-format -o $@ $<

# Refresh the Vietnamese catalogue from the code and templates, then compile it.
messages: $(STAMP)
	cd cchc && ../$(BIN)/django-admin makemessages -l vi --settings=cchc.settings --pythonpath=.. \
	    --ignore 'docparse/*' --no-obsolete
	$(MAKE) compilemessages

# The demo's progress stands at DEMO_TODAY: load it, then serve the app as of that day
# (CCHC_TODAY fixes cchc.clock.today()). `make serve` uses the real date.
run demo: install
	CCHC_TODAY=$(DEMO_TODAY) $(BIN)/cchc demo
	CCHC_TODAY=$(DEMO_TODAY) $(BIN)/cchc serve --host $(HOST) --port $(PORT)

serve: install
	$(BIN)/cchc serve --host $(HOST) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint install
	bash tests/run_all.sh

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/cchc bench parse

# National-size load benchmark on PostgreSQL (creates and drops a scratch database).
bench-load: $(STAMP)
	$(BIN)/cchc bench load --database-url $${TEST_DATABASE_URL:-postgres://cchc:cchc@127.0.0.1:5432/cchc}

# The daily reminder job on 500,000 obligations (PostgreSQL scratch database, dropped afterwards).
bench-reminders: $(STAMP)
	$(BIN)/cchc bench reminders --database-url $${TEST_DATABASE_URL:-postgres://cchc:cchc@127.0.0.1:5432/cchc}
