# The portal's commands. `make run` starts it with demo data; `make test` runs every test.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app portal
DEV_ENV := PORTAL_ENV=development

.PHONY: install assets catalogues run test translations bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

static/vendor/.installed: package.json package-lock.json scripts/vendor-assets.sh
	bash scripts/vendor-assets.sh
	touch $@

install: $(VENV)/.installed assets catalogues

assets: static/vendor/.installed

catalogues: $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -d translations

run: install
	$(DEV_ENV) $(FLASK) db upgrade
	$(DEV_ENV) $(FLASK) portal load-reference-data
	$(DEV_ENV) $(FLASK) portal seed-demo
	@echo "Serving on http://127.0.0.1:5000 (Ctrl-C stops it)"
	$(DEV_ENV) $(FLASK) run --host 127.0.0.1 --port 5000

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

translations: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_pgettext:1c,2 --no-location --sort-output \
		--project "ISESCO cooperation portal" --version 1 --copyright-holder ISESCO -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --ignore-obsolete --no-fuzzy-matching --no-wrap

# A production-like run: gunicorn, PORTAL_ENV=production, a database of its own.
# Redis as in production: the rate limits and the page cache of visitors' board pages live there.
BENCH_ENV := PORTAL_ENV=production SECRET_KEY=bench-only-secret DATABASE_URL=$(or $(BENCH_DATABASE_URL),sqlite:///$(CURDIR)/instance/bench.sqlite) REDIS_URL=$(or $(BENCH_REDIS_URL),redis://127.0.0.1:6379/7)

# BENCH_SIZE=large grows the database to 2,000 organizations and 50,000 needs first.
BENCH_PAGES := /ar/,/en/,/ar/organizations/,/ar/needs/?country=SO&urgency=critical,/ar/needs/?q=%D9%85%D8%AF%D8%B1%D8%B3%D9%87,/ar/needs/1

bench: install
	$(BENCH_ENV) $(FLASK) db upgrade
	$(BENCH_ENV) $(FLASK) portal load-reference-data
	$(BENCH_ENV) $(FLASK) portal seed-demo >/dev/null
	$(if $(filter large,$(BENCH_SIZE)),$(BENCH_ENV) $(FLASK) portal seed-bench)
	$(BENCH_ENV) $(BIN)/python bench/run.py --pages '$(BENCH_PAGES)' $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules static/vendor instance/bench.sqlite
