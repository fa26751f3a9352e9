# Two commands: `make run` starts the hub with demo data; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DEBUG ?= true

.PHONY: run test install install-test system-packages frontend migrate demo lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-test.txt

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

frontend: node_modules/.package-lock.json
	npm run --silent build

migrate:
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable

demo:
	$(BIN)/python manage.py load_demo

# A developer's machine: DEBUG on and a secret key of its own, read by every manage.py command (never committed).
.env: | $(BIN)/python
	@# Two-step sign-in stays on for the demo: the demo coordinator sets up an authenticator app at first sign-in.
	@printf '# Written by make run for this machine only.\nDEBUG=true\nTWO_FACTOR_FOR_COORDINATORS=true\nSECRET_KEY=%s\n' \
	  "$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env

run: install .env frontend migrate demo
	@# The task worker runs beside the web server and stops with it.
	$(BIN)/python manage.py db_worker --reload & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The browser tests drive Chromium and the PDF tests read PDFs back with poppler: install them when missing.
system-packages:
	@if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ] || ! command -v pdftotext >/dev/null 2>&1; then \
	  if ! command -v apt-get >/dev/null 2>&1; then \
	    echo "Install Chromium and poppler-utils with your system's package manager, then run make test again."; exit 1; \
	  fi; \
	  if [ "$$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  $$sudo apt-get update -qq && $$sudo apt-get install -y -qq chromium poppler-utils >/dev/null; \
	fi

test: system-packages install-test frontend
	$(BIN)/python manage.py makemigrations --check --dry-run > /dev/null
	$(BIN)/ruff check engaging tests
	@# The shape of the code: apps import only the apps below them, and nothing imports in a circle.
	$(BIN)/lint-imports
	@# pytest exits 5 when it ran no test: say so, and fail.
	TESTING=true $(BIN)/pytest -n 2 $(PYTEST_ARGS); code=$$?; \
	  if [ $$code -eq 5 ]; then echo "pytest ran no tests: that is a failure"; exit 1; fi; exit $$code

lint: install-test
	$(BIN)/ruff check engaging tests
	$(BIN)/ruff format --check engaging tests

clean:
	rm -rf $(VENV) node_modules engaging/core/static/build staticfiles
