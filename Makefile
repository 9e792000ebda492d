# The two commands: `make demo` and `make test`. Each builds its virtual environment when needed:
# the demo's holds the package and its run-time dependencies only (~110 MB, 48 of them phonenumbers
# and its compiled data), the test one the whole development toolchain (~550 MB).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEMO_VENV ?= .venv-demo
DEMO_STAMP := $(DEMO_VENV)/.installed
MATRIX ?= 3.10 3.11 3.12 3.13
PYTEST_ARGS ?= -n auto

.PHONY: demo test lint typecheck pytest test-all test-py generate check-generated docs docs-serve bench wheel clean

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

# The same pins as the dev environment (constraints.txt), without the dev extra.
$(DEMO_STAMP): pyproject.toml constraints.txt
	@test -x $(DEMO_VENV)/bin/python || $(PYTHON) -m venv $(DEMO_VENV)
	$(DEMO_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(DEMO_VENV)/bin/python -m pip install --quiet -c constraints.txt -e .
	@touch $(DEMO_STAMP)

demo: $(DEMO_STAMP)
	$(DEMO_VENV)/bin/python examples/quickstart.py

test: lint typecheck pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy --strict pinpoint_sdk tests/typing examples codegen
	$(VENV)/bin/pyright

pytest: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

# The suite on every supported Python; each gets its own environment (.venv-3.X).
test-all:
	@for v in $(MATRIX); do $(MAKE) --no-print-directory test-py V=$$v || exit 1; done

test-py:
	@py=$$(ls -d $$(pyenv root 2>/dev/null)/versions/$(V).*/bin/python$(V) 2>/dev/null | sort -V | tail -1); \
	test -n "$$py" || py=$$(command -v python$(V)); \
	test -n "$$py" || { echo "no python$(V) found (pyenv or PATH)"; exit 1; }; \
	$(MAKE) --no-print-directory pytest PYTHON=$$py VENV=.venv-$(V)

# The suite at the lowest versions pyproject.toml allows for the runtime dependencies (uv's
# lowest-direct resolution, uv itself installed into the environment by pip), on the oldest
# supported Python: the declared floors are true. The test tools keep their constraints.txt pins.
LOWEST_VENV := .venv-3.10-lowest
.PHONY: test-lowest
# Tests of the development toolchain (type checkers on users' code, the docs reference through
# griffe) run in .venv with make test; this run is about the runtime dependencies' floors.
LOWEST_SKIP := --ignore=tests/test_users_code_typechecks.py --ignore=tests/test_docs_reference.py \
	--ignore=tests/codegen/test_reference_writer.py
test-lowest:
	@py=$$(ls -d $$(pyenv root 2>/dev/null)/versions/3.10.*/bin/python3.10 2>/dev/null | sort -V | tail -1); \
	test -n "$$py" || py=$$(command -v python3.10); \
	test -n "$$py" || { echo "no python3.10 found (pyenv or PATH)"; exit 1; }; \
	test -x $(LOWEST_VENV)/bin/python || $$py -m venv $(LOWEST_VENV)
	$(LOWEST_VENV)/bin/python -m pip install --quiet -c constraints.txt uv pytest pytest-xdist hypothesis typing_extensions ruff awscli
	$(LOWEST_VENV)/bin/uv pip install --quiet --python $(LOWEST_VENV)/bin/python \
		--resolution lowest-direct -e '.[progress]'
	$(LOWEST_VENV)/bin/uv pip list --python $(LOWEST_VENV)/bin/python 2>/dev/null \
		| grep -iE '^(boto3|botocore|attrs|cattrs|tenacity|werkzeug|phonenumbers|tqdm) '
	$(LOWEST_VENV)/bin/python -m pytest $(PYTEST_ARGS) $(LOWEST_SKIP)

# The async client's tests in their own environment: aiobotocore pins botocore below the dev pin
# (constraints.txt), so pip installs the extra first and picks the botocore aiobotocore allows; the
# test tools then keep their constraints.txt pins (none of them depends on botocore).
# tests/parity runs each client test on both clients: its async half needs aiobotocore, so it runs
# here (make test runs the sync half). The retry loop and paginator tests of tests/client run on
# both kinds without aiobotocore, in make test.
ASYNC_VENV ?= .venv-async
ASYNC_STAMP := $(ASYNC_VENV)/.installed
.PHONY: test-async
$(ASYNC_STAMP): pyproject.toml constraints.txt
	@test -x $(ASYNC_VENV)/bin/python || $(PYTHON) -m venv $(ASYNC_VENV)
	$(ASYNC_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(ASYNC_VENV)/bin/python -m pip install --quiet -e '.[async]'
	$(ASYNC_VENV)/bin/python -m pip install --quiet -c constraints.txt pytest pytest-xdist hypothesis typing_extensions
	@touch $(ASYNC_STAMP)

test-async: $(ASYNC_STAMP)
	$(ASYNC_VENV)/bin/python -m pip list 2>/dev/null | grep -iE '^(aiobotocore|botocore|boto3) '
	$(ASYNC_VENV)/bin/python -m pytest $(PYTEST_ARGS) tests/async tests/parity

generate: $(STAMP)
	$(PY) -m codegen

check-generated: $(STAMP)
	$(PY) -m codegen --check

# The site in site/: open site/index.html from disk (links and search work without a server).
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --quiet

# The site at http://127.0.0.1:8000, rebuilt on every change.
docs-serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs serve --strict

bench: $(STAMP)
	$(PY) -m benchmarks

# A wheel in dist/, to install where there is no checkout (no release is published yet).
wheel: $(STAMP)
	rm -rf dist
	$(PY) -m pip wheel --quiet --no-deps --wheel-dir dist .

clean:
	rm -rf $(VENV) $(DEMO_VENV) $(ASYNC_VENV) .venv-3.* .mypy_cache .pytest_cache .ruff_cache .hypothesis site dist
