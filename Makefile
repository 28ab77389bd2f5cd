# Governance Calendar: `make run` serves the app on embedded defaults, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

# Under CI=true the suite runs on the real services (never SQLite, never skipped).
ifeq ($(CI),true)
export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/governance_calendar
export REDIS_URL ?= redis://127.0.0.1:6379/0
endif

.PHONY: install run serve test lint migrate seed bench bench-feeds bench-reminders bench-load bench-search bench-registrations clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --no-input

seed: migrate
	$(BIN)/python manage.py load_seeds

# The seeds end in 2012: create_demo_year plans, publishes and marks the coming year from each body's
# rhythm (idempotent; `manage.py create_demo_year --remove` takes it out). `make serve` never runs it.
run: seed
	$(BIN)/python manage.py ensure_admin
	$(BIN)/python manage.py create_demo_year
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production mode on this machine against PostgreSQL and Redis (DATABASE_URL, REDIS_URL; defaults
# to both on loopback): config/serve.py prepares, then `honcho start -f Procfile` runs gunicorn +
# WhiteNoise, the send worker, the scan worker and one beat.
serve: install
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python -m config.serve

lint: install
	$(BIN)/ruff check .

# Two pytest-xdist workers for the machine's 2 cores (tests/conftest.py gives each its own Redis
# database, pytest-django its own test database; tests that start processes share one worker).
# `make test TEST_WORKERS=` runs in one process.
TEST_WORKERS ?= -n 2 --dist loadgroup

# Mozilla's ical.js, the suite's third reader of feeds (tests/js/; node and npm from the machine:
# without them those tests are skipped, and under CI=true they fail).
JS_STAMP := tests/js/node_modules/.installed-stamp
$(JS_STAMP): tests/js/package-lock.json
	if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/js --no-audit --no-fund --silent && touch $(JS_STAMP); fi

test: install $(JS_STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(TEST_WORKERS) $(PYTEST_ARGS)

# Benchmarks need PostgreSQL and Redis on loopback and Debian's wrk (apt-get install wrk).
bench: bench-feeds bench-reminders bench-load bench-search bench-registrations

bench-feeds: install
	$(BIN)/python benchmarks/feeds_bench.py

bench-reminders: install
	$(BIN)/python benchmarks/reminders_bench.py

bench-load: install
	$(BIN)/python benchmarks/load_bench.py

# Generates its data once (minutes) and keeps it in gc_bench_search: ARGS=--fresh generates it again.
bench-search: install
	$(BIN)/python benchmarks/search_bench.py $(ARGS)

bench-registrations: install
	$(BIN)/python benchmarks/registrations_bench.py

clean:
	rm -rf $(VENV) var staticfiles

# Interface strings for delegates, in French and Spanish: the .po catalogues in locale/ are the source of
# the translations (edit them, or Poedit/Weblate); `make messages` extracts the strings the code marks
# into them and compiles the .mo that Django reads (committed, so `make run` needs no gettext).
# The admin stays in English: ignored are the tools' folders and the files whose marked strings only the
# secretariat reads (models' verbose names, admin classes and templates, the secretariat's services and
# forms). Any other file is extracted, so a string a delegate reads cannot be left out of the catalogues.
MESSAGE_IGNORES := .venv/* tests/* benchmarks/* seeds/* staticfiles/* var/* locale/* */migrations/* \
	*/admin/* templates/admin/* config/urls.py governance/models/* \
	meetings/models/sessions.py meetings/models/venues.py meetings/models/proceedings.py meetings/models/reminders.py \
	meetings/models/secretariat.py meetings/models/feeds.py meetings/models/tombstones.py meetings/models/registrations.py \
	meetings/services/sessions.py meetings/domain/deadlines.py meetings/services/agenda.py \
	meetings/services/planning.py meetings/services/publishing.py meetings/services/meetings.py
messages: install
	$(BIN)/python manage.py makemessages -l fr -l es --no-obsolete --add-location=file \
		$(foreach p,$(MESSAGE_IGNORES),--ignore='$(p)')
	$(BIN)/python manage.py compilemessages -l fr -l es --ignore='.venv/*'
