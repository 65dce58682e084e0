# Pedagogsajten: `make run` serves the site with demo content, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Runs a command with the project's own PostgreSQL up (unless DATABASE_URL points elsewhere) and
# stops that server afterwards if this command was the one that started it.
WITH_DB := $(PY) -m pedagogsajten.embedded_db run --
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint format db-start db-stop migrations messages search-engine identity-provider cache-server-package bench bench-search bench-relevance bench-http bench-cache bench-vitals bench-import bench-subscriptions browser screenshots clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml setup.py constraints.txt package.json
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 saknas: installera python3.11 eller kör 'make PYTHON=/sökväg/till/python3.11'." >&2; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]"
	npm ci --silent --no-audit --no-fund
	touch $@

# Debian's Chromium for the browser tests (Playwright's own browser download cannot work here).
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; } \
		|| echo "Chromium kunde inte installeras: webbläsartesterna hoppas över (eller fallerar med REQUIRE_BROWSER=1)." >&2

# Debian's Redis for the test of two machines sharing one cache (scripts/cache-server).
cache-server-package:
	@command -v redis-server >/dev/null || { apt-get update -qq && apt-get install -y -qq redis-server; } \
		|| echo "redis-server kunde inte installeras: testet med två maskiner hoppas över (eller fallerar med REQUIRE_CACHE_SERVER=1)." >&2

# BASE_URL makes the Wagtail Site (canonical links, feeds, sitemap, e-mails) name this address.
# The background worker (subscription e-mails, printed on this console) runs beside runserver and
# is stopped with it, before the database server stops.
run: install
	BASE_URL=http://$(HOST):$(PORT) $(WITH_DB) sh -c '$(MANAGE) migrate --noinput && $(MANAGE) seed_demo && $(MANAGE) apply_file_visibility && { $(MANAGE) db_worker --backend background --no-reload & worker=$$!; trap "kill $$worker 2>/dev/null; wait $$worker 2>/dev/null" EXIT INT TERM; $(MANAGE) runserver $(HOST):$(PORT); }'

# The suite needs PostgreSQL, OpenSearch (the engine half of the search tests), a real OpenID
# provider (the single sign-on tests) and Redis (two machines sharing one cache).
test: install browser cache-server-package
	scripts/identity-provider run -- scripts/search-engine run -- scripts/cache-server run -- $(WITH_DB) $(PY) -m pytest $(PYTEST_ARGS)

# docs/screenshots/: the reader pages at 390 and 1280 px, photographed from the Swedish demo.
screenshots: install browser
	$(WITH_DB) sh -c '$(MANAGE) migrate --noinput && $(MANAGE) seed_demo && $(PY) scripts/screenshots.py'

search-engine:
	scripts/search-engine start

identity-provider: install
	scripts/identity-provider start

# Benchmarks write docs/benchmarks.md; they use their own databases (pedagogsajten_bench for
# 10,000 articles, pedagogsajten_bench_100k, pedagogsajten_relevance), written on first use.
bench: bench-search bench-relevance bench-http bench-cache bench-vitals bench-import bench-subscriptions

bench-search: install
	cd bench && ../scripts/search-engine run -- ../$(PY) -m pedagogsajten.embedded_db run -- ../$(PY) search_bench.py

bench-relevance: install
	cd bench && ../scripts/search-engine run -- ../$(PY) -m pedagogsajten.embedded_db run -- ../$(PY) relevance_bench.py

bench-http: install
	cd bench && ../$(PY) -m pedagogsajten.embedded_db run -- ../$(PY) http_bench.py

bench-vitals: install browser
	cd bench && ../$(PY) -m pedagogsajten.embedded_db run -- ../$(PY) vitals_bench.py

bench-cache: install
	cd bench && ../$(PY) cache_bench.py

# A generated WordPress export of 5,000 posts and 2,000 attachments through import_wordpress.
bench-import: install
	cd bench && ../$(PY) -m pedagogsajten.embedded_db run -- ../$(PY) import_bench.py

bench-subscriptions: install
	cd bench && ../$(PY) -m pedagogsajten.embedded_db run -- ../$(PY) subscriptions_bench.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	npm run --silent lint

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	npm run --silent format

db-start: install
	$(PY) -m pedagogsajten.embedded_db start

db-stop: install
	$(PY) -m pedagogsajten.embedded_db stop

migrations: install
	$(WITH_DB) $(MANAGE) makemigrations

clean: db-stop
	rm -rf $(VENV) var

messages:
	msgfmt --check -o locale/sv/LC_MESSAGES/django.mo locale/sv/LC_MESSAGES/django.po
	msgfmt --check -o locale/sv/LC_MESSAGES/djangojs.mo locale/sv/LC_MESSAGES/djangojs.po
