# One entry point for every routine job; `make help` lists them.
PYTHON ?= python3.12
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# One web process by default: the embedded live streams (quiz live mode) meet their events in memory, inside
# that process (README, "The server"); its WSGI views run in WEB_THREADS threads.
WEB_CONCURRENCY ?= 1
WEB_THREADS ?= 32
export PORT
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install run dev test lint fmt bench messages clean prod-local prod-stop backup restore

help: ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP) ## Create .venv with python3.12 and install the project and its tools

# The task worker (transcoding) runs at nice 10: its FFmpeg shares the terminal's session with the web server, so
# the kernel weighs them by nice, and pages stay quick while a wave of uploads is transcoded.
run: $(STAMP) ## Migrate, load the demo, serve on PORT (default 8000) with gunicorn (Uvicorn worker), DEBUG off, and the task worker
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py seed_demo --quiet-logins
	@$(BIN)/python manage.py demo_banner --port $(PORT)
	@trap 'kill 0' INT TERM EXIT; \
	  DJANGO_DEBUG=0 nice -n 10 $(BIN)/python manage.py db_worker --queue-name '*' --no-reload & \
	  DJANGO_DEBUG=0 $(BIN)/python manage.py media_reaper --every 30 & \
	  DJANGO_DEBUG=0 $(BIN)/python manage.py clip_reaper --every 30 & \
	  DJANGO_DEBUG=0 $(BIN)/python manage.py recap_reaper --every 60 & \
	  DJANGO_DEBUG=0 $(BIN)/python manage.py purge_personal_data --every 3600 & \
	  DJANGO_DEBUG=0 $(BIN)/python manage.py helpline_escalate --every 60 & \
	  DJANGO_DEBUG=0 $(BIN)/python manage.py publication_clock --every 30 & \
	  DJANGO_DEBUG=0 $(BIN)/python manage.py helpline_purge --every 86400 & \
	  DJANGO_DEBUG=0 $(BIN)/python manage.py voting_clear_traces --every 86400 & \
	  DJANGO_DEBUG=0 WEB_THREADS=$(WEB_THREADS) $(BIN)/gunicorn cms.asgi:application -k uvicorn_worker.UvicornWorker \
	    --bind 0.0.0.0:$(PORT) --workers $(WEB_CONCURRENCY) --timeout 120 --keep-alive 75 --graceful-timeout 20 \
	    --access-logfile - --no-control-socket

dev: $(STAMP) ## Development server (runserver, DEBUG on, auto-reload) on 127.0.0.1:PORT with the task worker
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --quiet-logins
	@$(BIN)/python manage.py demo_banner --port $(PORT)
	@trap 'kill 0' INT TERM EXIT; \
	  DJANGO_DEBUG=1 $(BIN)/python manage.py db_worker --queue-name '*' --no-reload & \
	  DJANGO_DEBUG=1 $(BIN)/python manage.py media_reaper --every 30 & \
	  DJANGO_DEBUG=1 $(BIN)/python manage.py clip_reaper --every 30 & \
	  DJANGO_DEBUG=1 $(BIN)/python manage.py recap_reaper --every 60 & \
	  DJANGO_DEBUG=1 $(BIN)/python manage.py purge_personal_data --every 3600 & \
	  DJANGO_DEBUG=1 $(BIN)/python manage.py helpline_escalate --every 60 & \
	  DJANGO_DEBUG=1 $(BIN)/python manage.py publication_clock --every 30 & \
	  DJANGO_DEBUG=1 $(BIN)/python manage.py helpline_purge --every 86400 & \
	  DJANGO_DEBUG=1 $(BIN)/python manage.py voting_clear_traces --every 86400 & \
	  DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

prod-local: $(STAMP) ## The production topology on this machine (gunicorn, PostgreSQL, Redis, S3, Celery, beat)
	bash scripts/prod-local.sh start

prod-stop: ## Stop what prod-local started
	bash scripts/prod-local.sh stop

backup: $(STAMP) ## Back up the database and every file into var/backups/<date-time>
	$(BIN)/python manage.py backup

test: $(STAMP) ## Lint, migration and deploy checks, then the whole test suite on PostgreSQL and S3
	bash scripts/test.sh

lint: $(STAMP) ## ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(STAMP) ## Format and fix with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP) ## Run every benchmark under bench/
	@set -e; for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script; done

messages: $(STAMP) ## Refresh and compile the English catalogue (source strings are Vietnamese) and the admin's Vietnamese
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=var
	$(BIN)/python manage.py compilemessages -l en -l vi --ignore=.venv

clean: ## Remove the local database, uploads and media
	rm -rf var
