# make demo  - fresh machine (Python 3.11 + make) -> venv, collection, emulator, playbooks twice.
# make test  - everything CI checks.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DEV_COLLECTIONS := build/dev-collections
INSTALLED := build/collections
export ANSIBLE_COLLECTIONS_PATH := $(CURDIR)/$(DEV_COLLECTIONS)
export PYTHONPATH := $(CURDIR)/$(DEV_COLLECTIONS):$(CURDIR)
export ANSIBLE_LOCAL_TEMP := $(CURDIR)/build/ansible-tmp
export ANSIBLE_HOME := $(CURDIR)/build/ansible-home
export PYTEST_ADDOPTS := -p no:cacheprovider

.PHONY: demo test venv dev-collection install units integration sanity lint docs changelog docs-site ee release-check molecule bench clean

$(BIN)/.installed: requirements-dev.txt constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "needs $(PYTHON)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	touch $@

venv: $(BIN)/.installed

# A symlink farm so ansible and pytest see the working tree as testops.testmgmt.
dev-collection:
	@mkdir -p $(DEV_COLLECTIONS)/ansible_collections/testops build/ansible-tmp build/ansible-home
	@# replace only when wrong: ln -sfn unlinks first, which breaks runs already using it
	@[ "$$(readlink $(DEV_COLLECTIONS)/ansible_collections/testops/testmgmt)" = "$(CURDIR)" ] || \
		ln -sfn $(CURDIR) $(DEV_COLLECTIONS)/ansible_collections/testops/testmgmt

# The built tarball installed into a clean path: what users get.
install: venv
	rm -rf build/dist $(INSTALLED)
	$(BIN)/ansible-galaxy collection build --output-path build/dist --force . >/dev/null
	ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/$(INSTALLED) $(BIN)/ansible-galaxy collection install -p $(INSTALLED) --force build/dist/testops-testmgmt-*.tar.gz >/dev/null
	@echo "installed $$(ls build/dist) into $(INSTALLED)"

demo: install dev-collection
	VENV=$(VENV) ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/$(INSTALLED) tools/demo.sh

units: venv dev-collection
	$(BIN)/python -m pytest -q tests/unit

integration: venv dev-collection
	$(BIN)/python -m pytest -q -n 2 tests/integration

sanity: venv
	VENV=$(VENV) tools/sanity.sh

lint: venv dev-collection
	$(BIN)/ansible-lint --offline --profile production

docs: venv dev-collection
	tools/ansible_doc_all.sh $(BIN)

changelog: venv
	$(BIN)/antsibull-changelog lint

# antsibull-docs lint + the docs site (Sphinx, offline, warnings fatal) -> build/docs/html
docs-site: venv dev-collection
	tools/docs_build.sh $(BIN)

# execution-environment build context (ansible-builder create) -> build/ee, requirements checked
ee: venv
	tools/ee_context.sh $(BIN)

# the roles' molecule scenarios (extensions/molecule): converge, idempotence, verify against an emulator
molecule: venv dev-collection
	tools/molecule.sh $(BIN)

# build the tarball, install it into a clean path, run the demo from it against a fresh emulator
release-check: venv
	RELEASE_CHECK_EXTRA_PLAYBOOKS=playbooks/publish_results.yml tools/release_check.sh $(BIN)

test: venv dev-collection
	$(MAKE) --no-print-directory units
	$(MAKE) --no-print-directory docs
	$(MAKE) --no-print-directory changelog
	$(MAKE) --no-print-directory ee
	$(MAKE) --no-print-directory docs-site
	$(MAKE) --no-print-directory integration
	$(MAKE) --no-print-directory release-check
	$(MAKE) --no-print-directory molecule
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory sanity

# Side-by-side ratios against the emulator; prints the table and writes docs/benchmarks.md.
# Not part of `make test` (timings are a report, not a pass/fail check). BENCH_ARGS=--quick for a short run.
bench: venv dev-collection
	$(BIN)/python tools/bench.py $(BENCH_ARGS)

clean:
	rm -rf build .venv tests/output
