# Lapse — `make demo` runs the feature suite against the embedded reference app and writes the audit
# report; `make test` runs every test. Both set up a fresh Debian/Ubuntu machine first.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.lapse-installed
APT_PACKAGES := chromium chromium-driver faketime
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BEHAVE_ARGS ?=
VARIANT ?= correct

.PHONY: setup system-packages demo test lint typecheck unit features features-processes mutants bench examples clean

setup: system-packages $(STAMP)

system-packages:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	[ -x /usr/bin/chromedriver ] || missing="$$missing chromium-driver"; \
	command -v faketime >/dev/null || missing="$$missing faketime"; \
	$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

demo: setup
	$(BIN)/behave -D variant=$(VARIANT) $(BEHAVE_ARGS)

lint: setup
	$(BIN)/ruff check .

typecheck: setup
	$(BIN)/mypy

unit: setup
	$(BIN)/pytest

features: setup
	$(BIN)/behave --format progress

# The same feature library against the reference app in a process of its own (gunicorn under libfaketime)
# and with its sessions in Redis (also under libfaketime): API scenarios only, as the browser adds a minute
# per target (run `behave -D target=reference-redis` for everything). Reports go beside the default run's.
features-processes: setup
	$(BIN)/behave --format progress --tags=~@browser -D target=reference-process -D reports=reports/reference-process
	$(BIN)/behave --format progress --tags=~@browser -D target=reference-redis -D reports=reports/reference-redis

# The feature library against the correct reference app and every broken variant, a few behave processes at
# a time: fails if the correct app fails anything or a variant is not caught by the scenario meant for it.
mutants: setup
	$(BIN)/python -m support.mutants

test: lint typecheck unit features features-processes mutants

bench: setup
	$(BIN)/python -m bench

# Lapse against real third-party apps (targets/examples/: Django's admin from PyPI, Redmine from Debian), each
# configured for a 15-minute idle timeout (must pass) and misconfigured (must be caught); installs and sets them
# up first (examples/setup.sh: apt, PyPI, root or sudo). About ten minutes, so not part of `make test`.
# EXAMPLES=django-admin,redmine runs some; evidence goes to $(EXAMPLES_REPORTS)/TARGET/.
EXAMPLES ?=
EXAMPLES_REPORTS ?= reports/examples
examples: setup
	$(BIN)/python examples/run.py --reports $(EXAMPLES_REPORTS) $(if $(EXAMPLES),--only $(EXAMPLES))

clean:
	rm -rf reports .mypy_cache .pytest_cache .ruff_cache
