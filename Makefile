# Trực Ban — set-up, demo and tests on Debian. Two commands matter:
#   make demo   installs what is missing and starts the workstation on simulated cameras
#   make test   installs what is missing (plus test tools) and runs the whole test suite
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMPS := .make
CAMERAS ?= 4
MODELS ?=
PYTEST_ARGS ?=

.PHONY: demo test deps test-deps venv translations models sim lint bench clean

demo: deps translations models
	$(PY) main.py demo --cameras $(CAMERAS)

test: deps test-deps translations models
	MODELS="$(MODELS)" TRUCBAN_REQUIRE_POSTGRES=1 $(PY) -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

deps: $(STAMPS)/apt $(STAMPS)/venv

test-deps: $(STAMPS)/apt-test $(STAMPS)/venv-test

$(STAMPS)/apt: installer/debian-packages.txt installer/install-debian-packages.sh
	@mkdir -p $(STAMPS)
	./installer/install-debian-packages.sh installer/debian-packages.txt
	@touch $@

$(STAMPS)/apt-test: installer/debian-packages-test.txt installer/install-debian-packages.sh
	@mkdir -p $(STAMPS)
	./installer/install-debian-packages.sh installer/debian-packages-test.txt
	@touch $@

$(STAMPS)/venv: pyproject.toml | $(STAMPS)/apt
	@mkdir -p $(STAMPS)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e .
	@touch $@

$(STAMPS)/venv-test: pyproject.toml $(STAMPS)/venv
	$(PIP) install -q -e '.[test]'
	@touch $@

# Qt Linguist sources (.ts, committed) → compiled translations (.qm, built here).
translations: $(STAMPS)/venv
	@for ts in resources/translations/*.ts; do \
	    [ -e "$$ts" ] || continue; \
	    $(VENV)/bin/pyside6-lrelease -silent "$$ts" -qm "$${ts%.ts}.qm" || exit 1; \
	done

# Refresh the .ts sources from the code (keeps existing translations).
update-translations: $(STAMPS)/venv
	$(VENV)/bin/pyside6-lupdate $$(find ui -name '*.py') -ts resources/translations/trucban_vi.ts resources/translations/trucban_en.ts

# Model bundles: from a folder (MODELS=DIR, air-gapped sites and CI) when given, then the
# PP-OCR models shipped inside the rapidocr package, then the official URLs of the defaults
# still missing (offline: analytics stays disabled for those, and the UI says so).
models: $(STAMPS)/venv
	MODELS="$(MODELS)" $(PY) main.py models install

sim: deps
	$(PY) main.py sim --cameras $(CAMERAS)

lint: test-deps
	$(VENV)/bin/ruff check app ui main.py tests bench
	$(VENV)/bin/mypy app

BENCHES = cameras wall latency detect playback db evaluate

bench: deps
	@for b in $(BENCHES); do echo "== bench/$$b.py"; $(PY) "bench/$$b.py" || exit 1; done

clean:
	rm -rf $(STAMPS) build dist *.egg-info resources/translations/*.qm
