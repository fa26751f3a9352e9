# Two commands: `make run` starts the hub with demo data; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DEBUG ?= true

.PHONY: run test install install-test frontend migrate demo lint clean

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

run: install frontend migrate demo
	@# The task worker runs beside the web server and stops with it.
	$(BIN)/python manage.py db_worker --reload & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install-test frontend
	$(BIN)/python manage.py makemigrations --check --dry-run > /dev/null
	$(BIN)/ruff check engaging tests
	@# pytest exits 5 when it ran no test: say so, and fail.
	TESTING=true $(BIN)/pytest -n 2 $(PYTEST_ARGS); code=$$?; \
	  if [ $$code -eq 5 ]; then echo "pytest ran no tests: that is a failure"; exit 1; fi; exit $$code

lint: install-test
	$(BIN)/ruff check engaging tests
	$(BIN)/ruff format --check engaging tests

clean:
	rm -rf $(VENV) node_modules engaging/core/static/build staticfiles
