# The one place that knows how to do things. `make run` and `make test` need only Python 3.11.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PORT ?= 5000
export FLASK_APP := wsgi
# Links in the demo's sign-in hint and in mails point at the port the server really listens on.
export PUBLIC_BASE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test browser pdf lint bench bench-calendar bench-intake bench-intake-phases bench-queue bench-sweep bench-recompute bench-reception \
	bench-publish bench-statistics bench-open311 bench-national-export bench-reports bench-backup bench-retention \
	bench-faults migrate demo translations clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

# A fuzzy catalogue would be skipped silently and an old .mo used: start clean, fail loudly.
translations: $(VENV)/.runtime
	find petition_app/translations -name '*.mo' -delete
	@if grep -q -A1 '^#, fuzzy' petition_app/translations/*/LC_MESSAGES/messages.po; then \
		echo "a translation catalogue has fuzzy entries: review them first"; exit 1; fi
	$(BIN)/pybabel compile -d petition_app/translations

migrate: $(VENV)/.runtime
	mkdir -p instance
	$(FLASK) db upgrade

demo: migrate
	$(FLASK) demo load

run: translations pdf demo
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# Debian's Chromium for the end-to-end tests; installed when missing and we are root.
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	else echo "chromium missing and not root: browser tests will be skipped"; fi

# WeasyPrint (the receipt as PDF) needs pango and a font with Vietnamese glyphs; installed when missing and root.
pdf:
	@if ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "installing pango and DejaVu fonts for the PDF receipts"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; \
	else echo "pango missing and not root: the PDF receipt will fail (the HTML receipt still prints)"; fi

test: $(VENV)/.dev translations browser pdf
	$(BIN)/python -m pytest -q tests
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== again against $$TEST_DATABASE_URL"; \
		PETITION_TEST_BACKEND=postgresql $(BIN)/python -m pytest -q tests -m "not sqlite_only"; \
	fi

lint: $(VENV)/.dev
	$(BIN)/ruff check petition_app tests bench config.py wsgi.py

bench: bench-calendar bench-intake bench-queue bench-sweep bench-recompute bench-reception bench-publish bench-statistics \
	bench-open311 bench-national-export bench-reports

bench-backup: $(VENV)/.dev
	$(BIN)/python bench/backup.py

bench-retention: $(VENV)/.dev
	$(BIN)/python bench/retention.py

bench-calendar: $(VENV)/.dev
	$(BIN)/python bench/calendar.py

bench-intake: $(VENV)/.dev translations
	$(BIN)/python bench/intake.py

bench-intake-phases: $(VENV)/.dev translations
	$(BIN)/python bench/intake_phases.py

clean:
	rm -rf $(VENV) .pytest_cache

bench-queue: $(VENV)/.dev
	$(BIN)/python bench/queue.py

bench-sweep: $(VENV)/.dev
	$(BIN)/python bench/sweep.py

bench-recompute: $(VENV)/.dev
	$(BIN)/python bench/recompute.py

bench-reception: $(VENV)/.dev translations
	$(BIN)/python bench/reception.py

bench-publish: $(VENV)/.dev translations
	$(BIN)/python bench/publish.py

bench-statistics: $(VENV)/.dev translations
	$(BIN)/python bench/statistics.py

bench-national-export: $(VENV)/.dev
	$(BIN)/python bench/national_export.py

# A sector year's report of every form at 1,000,000 cases and 200,000 visits (CASES=… VISITS=… to change).
bench-reports: $(VENV)/.dev translations
	$(BIN)/python bench/reports.py --cases $(or $(CASES),1000000) --visits $(or $(VISITS),200000)

# Faults and floods (issue 14): each script starts its own PostgreSQL cluster (never the shared
# server), gunicorn and an SMTP server, and prints sent / stored / lost and PASS or FAIL.
# FLOOD_SECONDS sets the flood's measured duration (default 3 minutes).
FLOOD_SECONDS ?= 180
bench-faults: $(VENV)/.dev translations
	@status=0; \
	for script in smtp_outage pg_restart scheduler concurrent_staff; do \
		echo "== bench/faults/$$script.py"; $(BIN)/python bench/faults/$$script.py || status=1; \
	done; \
	echo "== bench/faults/flood.py --duration $(FLOOD_SECONDS)"; \
	$(BIN)/python bench/faults/flood.py --duration $(FLOOD_SECONDS) || status=1; \
	exit $$status

# Reads the queue benchmark's database (bench-queue builds it).
bench-open311: bench-queue
	$(BIN)/python bench/open311.py
