# Every developer action is a target here; CI runs the same ones (.ci/run calls `make ci`).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Local development and tests run with a throwaway key; production sets SECRET_KEY.
DEV_ENV := DEBUG=1
TEST_ENV := ATTUNE_ALLOW_INSECURE_KEY=1 SECURE_COOKIES=0

.PHONY: audit faults load production install fonts run serve migrate demo test test-sqlite test-postgres lint format migrations-check check-content ci browser clean \
	train-skills bench-skills bench-rehearsal bench-consultation bench

install: $(VENV)/.installed node_modules/.installed static-build/attune.css fonts

$(VENV)/.installed: requirements.txt requirements-dev.txt requirements-nodeps.txt
	@command -v $(PYTHON) >/dev/null || { echo "Attune needs $(PYTHON)"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-nodeps.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# NHS.UK frontend's Sass, compiled without its externally hosted web fonts.
static-build/attune.css: node_modules/.installed attune/core/scss/attune.scss
	npm run build --silent

migrate: install
	$(DEV_ENV) $(PY) manage.py migrate --noinput

demo: migrate
	$(DEV_ENV) $(PY) manage.py seed_demo

run: demo
	@echo "Attune is at http://$(HOST):$(PORT)/ (stop with Ctrl+C)"
	$(DEV_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

# Known vulnerabilities in the runtime packages, from PyPI's advisory data. --strict fails when a package
# cannot be checked, so an unreachable advisory service is never mistaken for a clean result.
audit: install
	$(VENV)/bin/pip-audit --strict --progress-spinner off -r requirements.txt

# The main journeys under load (Locust, loopback) against the production profile with a large trust's data.
load: install
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-load.txt
	bash scripts/load-test.sh

# Faults against the production profile: a web worker killed mid-turn, PostgreSQL restarted, Redis stopped.
faults: install
	bash scripts/fault-tests.sh

# The production profile on this machine: PostgreSQL, Redis, gunicorn (WEB_WORKERS, default 2) and the worker.
production: install
	bash scripts/production-stack.sh

# DejaVu Sans for certificates and CPD records (PDF), from Debian's packages.
fonts:
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null; }

# Debian's Chromium for the browser tests (Playwright's own browser download is not used).
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Every test on SQLite, then again on PostgreSQL when DATABASE_URL names one.
test: install browser
	$(MAKE) test-sqlite
	@if [ -n "$$DATABASE_URL" ]; then $(MAKE) test-postgres; else echo "DATABASE_URL is not set: PostgreSQL run skipped."; fi

test-sqlite:
	env -u DATABASE_URL $(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

test-postgres:
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations-check: install
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run

check-content: install
	$(TEST_ENV) $(PY) manage.py check_content

ci: lint migrations-check check-content test

# The skill coder's classifier, trained from attune/skills/corpus/ (the artefact is committed).
# Fine-tunes the skill coder (about fifty-five minutes on two cores) in its own virtualenv, so that PyTorch
# never enters the default install. Writes attune/skills/model/coder.zip and coder.json.
TRAIN_VENV := .venv-train

$(TRAIN_VENV)/.installed: requirements-train.txt requirements-nodeps.txt
	test -d $(TRAIN_VENV) || $(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-train.txt
	$(TRAIN_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-nodeps.txt
	touch $@

train-skills: $(TRAIN_VENV)/.installed
	PYTHONPATH=. $(TRAIN_VENV)/bin/python -m attune.skills.train

bench-skills: install
	$(PY) -m attune.skills.bench

# Turn round trip through gunicorn on loopback: one learner, then 20 at once (scripted counterpart).
bench-rehearsal: install
	$(TEST_ENV) $(PY) -m attune.rehearsal.bench

# A survey of 100,000 responses across 500 teams: analysis, and one team's report page.
bench-consultation: install
	$(TEST_ENV) $(PY) -m attune.consultation.bench

bench: bench-skills bench-rehearsal bench-consultation

clean:
	rm -rf $(VENV) $(TRAIN_VENV) node_modules static-build staticfiles .pytest_cache .ruff_cache
