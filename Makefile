# Every target sets itself up: a .venv with the package and, when run as root, the system
# libraries Qt and the PDF checks need. On a fresh Debian 12 / Ubuntu 24.04 with Python 3.11.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Qt offscreen, the PDF checks (poppler) and a PostgreSQL server the tests start on a private
# socket; the xcb ones are for a real window. appstream, libglib2.0-bin (gio) and
# shared-mime-info: the .deb's test validates its metainfo and asks the file's type.
SYSTEM_PACKAGES_TEST := libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 poppler-utils \
	postgresql appstream libglib2.0-bin shared-mime-info
SYSTEM_PACKAGES_RUN := $(SYSTEM_PACKAGES_TEST) libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 \
	libxcb-keysyms1 libxcb-shape0 libxcb-render-util0 libxcb-image0 libxcb-randr0 libxcb-xinerama0

PACKAGE_STAMP := $(VENV)/.installed-package
# Reused by tests/packaging/test_deb_package.py when newer than the sources.
DEB = dist/nassij_$(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml | head -n 1)_$(shell dpkg --print-architecture 2>/dev/null || echo amd64).deb

.PHONY: run test lint catalogs bench package system-run clean

run: system-run $(STAMP) catalogs
	$(BIN)/nassij-desktop

# --dist loadfile: each test module runs whole on one worker, so its module-scoped fixtures (a
# demo, a rendered PDF, a window) are made once, not once per worker; the files go out in the
# collection's order, the longest first (tests/conftest.py, LONGEST_FIRST), so that the two
# workers finish together. PYTHONDONTWRITEBYTECODE emptied: where the environment sets it (this
# CI machine does), each of the run's Python processes (two workers, and every process the
# crash, recovery and command tests start) compiled the package and the tests again; their
# bytecode goes to __pycache__ (ignored by git).
# What `make package` needs is installed first: the .deb's test runs it (test_deb_package.py),
# and it must not install anything into the venv while the other tests import the package.
test: system-run $(PACKAGE_STAMP) catalogs
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	PYTHONDONTWRITEBYTECODE= QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n 2 \
	  --dist loadfile --no-loadscope-reorder --durations=25

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP) catalogs
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/search_benchmark.py
	$(BIN)/python benchmarks/report_benchmark.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/books_benchmark.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/ui_benchmark.py
	$(BIN)/python benchmarks/startup_benchmark.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/pages_benchmark.py
	$(BIN)/python benchmarks/activities_benchmark.py
	$(BIN)/python benchmarks/import_benchmark.py

# The one-folder bundle dist/nassij (PyInstaller) and, on Debian/Ubuntu, the .deb made from it
# (offline: dpkg-deb). `du -sh dist/nassij` is the unpacked size.
package: system-run $(PACKAGE_STAMP) catalogs
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
	  --workpath build/pyinstaller packaging/nassij.spec
	packaging/linux/build-deb.sh dist/nassij dist
	@du -sh dist/nassij $(DEB)

$(PACKAGE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,package]'
	@touch $(PACKAGE_STAMP)

catalogs: $(STAMP)
	@$(BIN)/python hatch_build.py >/dev/null

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  ./.ci/system-packages python3-venv && rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

system-run:
	@./.ci/system-packages $(SYSTEM_PACKAGES_RUN)

clean:
	rm -rf $(VENV) nassij_desktop/locale build dist *.egg-info
