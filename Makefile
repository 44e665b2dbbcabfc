# Two commands: `make run` (serve the app) and `make test` (the whole suite). Both work offline.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-js test-app test-contract app lint bench-tools clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py ensure_admin
	$(BIN)/python manage.py ensure_demo_login
	@echo ""
	@echo "Sergas Account Copilot on http://$(HOST):$(PORT)/"
	@echo "  app:        http://$(HOST):$(PORT)/app/     (account managers: log in as the demo manager above)"
	@echo "  admin:      http://$(HOST):$(PORT)/admin/   (log in with the admin user above)"
	@echo "  API docs:   http://$(HOST):$(PORT)/api/docs/"
	@echo "  API token:  $(BIN)/python manage.py drf_create_token admin"
	@echo ""
	$(BIN)/uvicorn sergas.asgi:application --host $(HOST) --port $(PORT)

test: install
	$(BIN)/pytest

# The official AG-UI and CopilotKit clients against the runtime (Node 20, packages from npm).
test-js: install
	cd tests/js && npm ci --no-audit --no-fund && PYTHON=$(abspath $(BIN))/python npm test

# The managers' app: rebuild it (the build is committed, so `make run` needs no Node) and drive it
# in Debian's Chromium with Playwright and axe-core.
app:
	cd frontend && npm ci --no-audit --no-fund && npm run build

test-app: install
	cd frontend && npm ci --no-audit --no-fund && PYTHON=$(abspath $(BIN))/python npm test

# Contract fuzzing: schemathesis against /api/schema/ on the live stack; no 5xx, every answer in the schema.
test-contract: install
	$(BIN)/python -m tests.contract.fuzz

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# LiteLLM's proxy, for the benchmarks' comparison rows: a virtualenv of its own, its pins are not ours.
.venv-bench/.installed: bench/requirements-litellm.txt
	$(PYTHON) -m venv .venv-bench
	.venv-bench/bin/pip install --quiet -r bench/requirements-litellm.txt
	touch $@

bench-tools: .venv-bench/.installed

clean:
	rm -rf $(VENV) .venv-bench .pytest_cache staticfiles
