# Kết Nạp — the two commands of the quick start:
#   make demo   install everything, create the SQLite database, load the demo data, serve
#   make test   install everything and run the whole test suite (SQLite by default)
# Python comes from pyenv's 3.13 (pinned by .python-version) or any python3.13 on PATH.

PYTHON_CMD := $(shell command -v python3.13 2>/dev/null || command -v python3 2>/dev/null)
# The real interpreter behind pyenv's shim, so uv's environment check is stable.
PYTHON ?= $(shell $(PYTHON_CMD) -c 'import sys; print(sys.executable)')
PORT ?= 8000
UV := .tools/bin/uv
UV_VERSION := 0.13.8
export UV_PYTHON := $(PYTHON)
export UV_PYTHON_DOWNLOADS := never
RUN := $(UV) run --frozen --no-sync

# The web server and the background-job worker (PDFs, large exports) start together and
# stop together (Ctrl+C): one command, no broker. On a server they are two systemd units.
# gthread workers keep idle keep-alive connections in a poller (no thread held), so they
# stay open 75 s: longer than a user's think time and than a proxy's upstream idle
# timeout (nginx: 60 s), so the client, not the server, closes an idle connection and a
# request never meets a connection the server has just closed (benchmarks/load.py).
define SERVE
.venv/bin/python manage.py db_worker --no-reload --no-startup-delay & worker=$$!; \
trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
$(RUN) gunicorn ketnap.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --worker-class gthread --threads 4 \
  --keep-alive 75 --access-logfile -
endef

.PHONY: install demo serve test test-only screenshots lint typecheck clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

install: $(UV)
	$(UV) sync --frozen --quiet
	@# The Vietnamese strings Django and its apps lack (ketnap/web/locale/vi); the .mo is not committed.
	$(RUN) python manage.py compilemessages --locale vi --ignore '.venv' --ignore '.tools' --verbosity 0

demo: install
	$(RUN) python manage.py migrate --noinput
	$(RUN) python manage.py collectstatic --noinput --verbosity 0
	DEBUG=true $(RUN) python manage.py load_demo
	@echo ""
	@echo "Kết Nạp đang chạy tại http://127.0.0.1:$(PORT)/  (Ctrl+C để dừng)"
	@# Demo logins use their password alone (REQUIRE_2FA=false); a server keeps the default.
	@# Digests are written to var/mail/ (one file per run), never sent.
	export REQUIRE_2FA=false EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend; $(SERVE)

serve: install
	$(SERVE)

test: install test-only

# Two test processes (pytest-xdist): the browser tests on one, the rest dealt out to both.
TEST_WORKERS ?= 2

test-only:
	$(RUN) python manage.py makemigrations --check --dry-run --verbosity 0
	@# Coverage measures the charter only, through Python's low-cost monitoring API.
	COVERAGE_CORE=sysmon DJANGO_ALLOW_ASYNC_UNSAFE=true $(RUN) pytest -n $(TEST_WORKERS) --dist loadgroup --cov=ketnap.charter --cov-report= $(PYTEST_ARGS)
	@# The charter (the party's rules) must stay fully covered by tests.
	$(RUN) coverage report --include='ketnap/charter/*' --fail-under=100 --skip-covered --show-missing

# The README's pictures (docs/screenshots/) from a fresh demo as seen today, with the
# same Chromium as the browser tests (tests/e2e/screenshots.py; its database in var/).
screenshots: install
	$(RUN) python -m tests.e2e.screenshots

lint: install
	$(RUN) ruff check .
	$(RUN) mypy ketnap

# var/ holds the database and the uploads: removed only when asked, never by default.
clean:
	rm -rf .venv .tools
	@if [ -d var ]; then \
	  printf 'Xóa cả var/ (CSDL, tệp tải lên)? Gõ "xoa" để xóa: '; \
	  if read answer && [ "$$answer" = "xoa" ]; then rm -rf var && echo "Đã xóa var/."; else echo "Giữ nguyên var/."; fi; \
	fi
