# Operator Desk — the two commands a newcomer needs:
#   make run    start the desk on a demo SQLite database (creates .venv on first use)
#   make test   run the whole test suite
# Both create the virtual environment in .venv on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB := $(CURDIR)/demo-data/demo.sqlite3

.PHONY: run test lint screenshots translations bench stress clean-demo venv bundle bundle-smoke

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# OpenCV's wheels share one cv2 folder: the plain one must go before the contrib one
	$(BIN)/python -m pip uninstall --quiet --yes opencv-python-headless opencv-python 2>/dev/null || true
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	@mkdir -p demo-data
	$(BIN)/operator-app --db sqlite:///$(DEMO_DB) gui --demo

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check operator_app printing resources tests bench docs
	$(BIN)/mypy

screenshots: $(STAMP)
	$(BIN)/python docs/make_screenshots.py
	$(BIN)/python docs/make_screenshots_en.py
	$(BIN)/python docs/make_screenshots_contrast.py
	$(BIN)/python docs/render_documents.py

# The English translation of the views: resources/i18n/operator_desk_en.ts refreshed from the
# sources (translations already made are kept; new texts come in unfinished), then compiled
# into the .qm the desk loads. Both files are committed, so a fresh clone runs without this.
I18N := resources/i18n
translations: $(STAMP)
	$(BIN)/pyside6-lupdate operator_app/views/*.py -ts $(I18N)/operator_desk_en.ts \
	  -source-language ru -target-language en -no-obsolete
	$(BIN)/pyside6-lrelease $(I18N)/operator_desk_en.ts -qm $(I18N)/operator_desk_en.qm

# The full forms of the concurrency and fault tests, with figures (docs/reliability.md),
# then the property tests at ten times the suite's cases (thousands each):
# SQLite always, PostgreSQL too when OPERATOR_APP_STRESS_PG names a server (or an empty
# database). STRESS_ARGS passes options, e.g. STRESS_ARGS="--seconds 10 --kills 10".
bench: $(STAMP)
	$(BIN)/python bench/run_all.py $(BENCH_ARGS)

stress: $(STAMP)
	$(BIN)/python bench/stress.py $(if $(OPERATOR_APP_STRESS_PG),--pg '$(OPERATOR_APP_STRESS_PG)') $(STRESS_ARGS)
	OPERATOR_APP_PROPERTY_SCALE=10 $(BIN)/python -m pytest -q -p no:cacheprovider \
	  tests/unit/test_properties.py tests/unit/test_qr_payload.py tests/unit/test_post.py \
	  tests/unit/test_validators.py tests/unit/test_cli.py

clean-demo:
	rm -rf demo-data

# The installable one-folder bundle dist/operator-desk/ (docs/install.md): PyInstaller as
# pinned in pyproject's "bundle" extra, from packaging/operator-desk.spec; file times from
# the last commit (SOURCE_DATE_EPOCH) and a fixed hash seed, so a commit builds the same.
# bundle-smoke builds it if needed, starts it offscreen to the login window, says its size.
BUNDLE_STAMP := $(VENV)/.bundle-installed

$(BUNDLE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bundle]'
	@touch $@

bundle: $(BUNDLE_STAMP)
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct 2>/dev/null || echo 315532800) PYTHONHASHSEED=0 \
	  $(BIN)/python -m PyInstaller --noconfirm --clean --log-level WARN \
	  --distpath dist --workpath build/pyinstaller packaging/operator-desk.spec

bundle-smoke:
	bash packaging/smoke.sh

# PassportEye for the comparison in bench/bench_mrz_real.py, in a virtualenv of its own
# (.venv-passporteye; it is not a dependency of the desk). It calls the tesseract binary
# (Debian: tesseract-ocr). scikit-image 0.27 drops what passporteye 2.2.2 uses.
.PHONY: passporteye-venv
passporteye-venv: .venv-passporteye/.installed

.venv-passporteye/.installed:
	@command -v tesseract >/dev/null || echo "passporteye-venv: no tesseract on PATH (apt-get install tesseract-ocr)"
	$(PYTHON) -m venv .venv-passporteye
	.venv-passporteye/bin/python -m pip install --quiet --upgrade pip
	.venv-passporteye/bin/python -m pip install --quiet 'passporteye==2.2.2' \
	  'scikit-image==0.26.0' 'numpy==2.4.6' 'pytesseract==0.3.13'
	@touch $@
