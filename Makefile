# make run: the API with demo data on http://127.0.0.1:8080 · make test: the whole suite
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
export PYTHONPATH := $(CURDIR)/functions:$(CURDIR)
STAMP := $(VENV)/.installed-$(shell cat requirements.txt functions/requirements.txt | cksum | cut -d' ' -f1)

.PHONY: install lint test test-unit run token schemas bench clean

$(STAMP): requirements.txt functions/requirements.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed, found " + sys.version.split()[0]'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Installing dependencies into $(VENV) ..."
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@rm -f $(VENV)/.installed-*; touch $@

install: $(STAMP)

lint: install
	$(VENV)/bin/ruff check --select F,E9 functions tests tools bench

test: install lint
	$(PY) -m pytest

test-unit: install
	$(PY) -m pytest tests/unit

run: install
	$(PY) -m tools.run_local

# make token UID=my-test-user ROLE=client|therapist: an unsigned ID token `make run` accepts (a day)
token: install
	@$(PY) -m tools.dev_tokens "$(UID)" "$(or $(ROLE),client)"

schemas: install
	$(PY) -m tools.generate_schemas

bench: install
	$(PY) -m bench.run_all

clean:
	rm -rf $(VENV)
