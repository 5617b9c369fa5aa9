# Two commands on a fresh machine:  `make demo`  and  `make test`  (both set up what they need).
.PHONY: setup demo demo-cli test soak bench build smoke lint

setup:
	@bash tools/bootstrap.sh

demo: setup            ## the app on the built-in demo store (desktop window)
	.venv/bin/python -m recon_app gui --demo

demo-cli: setup        ## the same job headless: sync, import, reconcile, write the reports
	.venv/bin/recon-app demo --out out/demo

test: setup            ## the whole test suite, as CI runs it
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -q

soak: setup            ## long fault/kill soak runs
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -q --soak -m soak

bench: setup           ## benchmarks; results go to bench/RESULTS.md
	.venv/bin/python bench/run.py

build: setup           ## one-folder desktop build in dist/recon-app
	.venv/bin/pyinstaller --noconfirm build.spec

smoke: setup           ## build wheel + pipx + PyInstaller app and run the same checks on each
	.venv/bin/python tools/build_and_check.py

lint: setup            ## ruff (lint + format check), mypy (strict on domain and services), layer contracts
	.venv/bin/ruff check recon_app tests bench tools
	.venv/bin/ruff format --check recon_app tests bench tools
	.venv/bin/mypy recon_app/domain recon_app/services
	.venv/bin/lint-imports
