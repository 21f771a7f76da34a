# Cocreate — `make demo` serves the demo, `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint serve migrate seed worker lock bench chromium clean

$(PY):
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11)' 2>/dev/null \
		|| { echo "Python 3.11 is needed (found: $(PYTHON))."; exit 1; }
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); bash .ci/ensure-venv-support && $(PYTHON) -m venv $(VENV); }

$(STAMP): requirements.lock pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -r requirements.lock
	touch $(STAMP)

migrate: $(STAMP)
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

demo: seed
	@echo "Serving http://127.0.0.1:8000 (Ctrl+C to stop)"
	$(PY) manage.py runserver 127.0.0.1:8000

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

chromium:
	@bash .ci/ensure-chromium

test: $(STAMP) chromium lint
	$(PY) manage.py makemigrations --check --dry-run >/dev/null || { echo "Models and migrations disagree: run manage.py makemigrations."; exit 1; }
	$(VENV)/bin/pytest $(PYTEST_ARGS)

worker: $(STAMP)
	$(VENV)/bin/celery -A cocreate worker -B --loglevel=info

bench: $(STAMP)
	$(PY) bench/run.py $(BENCH_ARGS)

lock: $(PY)
	$(PY) -m pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --extra dev --strip-extras -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
