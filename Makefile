# Two entry points: `make run` (the app on http://localhost:8501) and `make test` (the whole suite).
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PORT ?= 8501

.PHONY: run test test-dates install chromium nginx libreoffice lint format migrate bench

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) -m model.cli migrate

run: install
	MERKITYS_LOAD_DEMO=$${MERKITYS_LOAD_DEMO:-1} $(PY) -m model.cli setup
	$(VENV)/bin/streamlit run serve.py --server.port $(PORT)

# Debian's Chromium drives the end-to-end tests (browsers cannot be downloaded here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

# Debian's nginx for the replica test (tests/e2e/test_replicas.py, deploy/): the test runs it with
# its own configuration, pid and log files in a temporary folder on free ports, never the system's
# nginx (which Debian may start on port 80 on install; the test does not use it).
nginx:
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nginx; }

# LibreOffice Impress opens the decks in tests/test_deck.py: it must read them without repair.
libreoffice:
	@command -v soffice >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
			--no-install-recommends libreoffice-impress; }

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# pytest exits 5 when it collects nothing; an empty suite must never pass as green.
test: install chromium nginx libreoffice
	$(VENV)/bin/ruff check .
	$(PY) -m pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing on purpose"; exit 1; fi; \
	exit $$rc

# The unit and page tests as if it were each of these moments (Helsinki time): month ends, New
# Year's Eve late in the evening and just after midnight, both nights the clocks change, a leap day.
TEST_MOMENTS ?= 2026-11-30T23:50+02:00 2026-12-31T23:30+02:00 2027-01-01T00:20+02:00 \
	2027-02-28T23:55+02:00 2027-03-28T02:30+02:00 2027-03-28T04:10+03:00 \
	2026-10-25T03:30+03:00 2026-10-25T03:30+02:00 2028-02-29T12:00+02:00
test-dates: install
	@rc=0; for moment in $(TEST_MOMENTS); do \
		echo "== as if it were $$moment"; \
		MERKITYS_TEST_NOW=$$moment $(PY) -m pytest -q -m "not e2e" -p no:cacheprovider || rc=1; \
	done; exit $$rc

# Budgets at scale (not part of make test), on SQLite and PostgreSQL: releases of 24 rounds of
# 11,000 people against a plain GROUP BY, a unit's view in Chromium, ten workbooks at once, and
# the view at 22,000 people. Databases are built once and reused (tests/bench/run_bench.py).
# Then 10 and 50 people signing in at the same moment in Chromium (tests/bench/bench_signin.py),
# and a live workshop: a screen and 30 phones in Chromium (tests/bench/bench_workshop.py).
BENCH_PG ?= postgresql+psycopg://postgres@127.0.0.1:5432/merkitys_bench
bench: install chromium
	$(PY) -m tests.bench.run_bench; rc=$$?; \
	$(PY) -m tests.bench.run_bench --database-url $(BENCH_PG) || rc=1; \
	$(PY) -m tests.bench.bench_signin --database both --people 10 50 --repeat 3 || rc=1; \
	$(PY) -m tests.bench.bench_workshop --database both --participants 30 || rc=1; \
	exit $$rc
