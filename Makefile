# newsdesk: build, check and test the bilingual knowledge base.
# Every target sets up .venv from the pinned requirements when it is missing or stale.

PYTHON   ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV     := .venv
BIN      := $(VENV)/bin
CONTENT  ?= source
LOCALES  ?= en ja
LOCALE   ?= en
PORT     ?= 8000
BUILD    ?= _build
JOBS     ?= auto
STRICT   ?=
SPHINXOPTS ?=

# The content root is given to conf.py as an absolute path (it may be outside the repo).
CONTENT_ABS := $(abspath $(CONTENT))
SPHINX_ENV  := NEWSDESK_CONTENT="$(CONTENT_ABS)"
STRICT_OPTS := $(if $(STRICT),-W --keep-going,)

.DEFAULT_GOAL := help
.PHONY: help venv html serve check new test lint format pdf bench screenshots clean $(addprefix html-,$(LOCALES))

help: ## Show this help
	@echo "Usage: make <target> [CONTENT=<dir>] [STRICT=1] [LOCALE=en|ja]"
	@echo
	@grep -E '^[a-zA-Z_%-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | awk -F'\t' '{printf "  %-14s %s\n", $$1, $$2}'
	@echo "  html-en, html-ja  Build one locale"
	@echo "  pdf-en, pdf-ja    Build one locale's PDF book"
	@echo
	@echo "Variables: CONTENT (folder holding articles/, default source), STRICT=1 (warnings fail),"
	@echo "           LOCALE (serve: the locale built first), MONTH=YYYY-MM (for pdf), JOBS (sphinx -j, default auto)"
	@echo "           KIND=timeline (for new: a timeline entry, timeline/<YYYYMM>-<slug>/)"
	@echo "           NS (bench sizes, default \"250 1000 3000\"), BENCH_RUNS (bench runs per build, default 3)"

$(BIN)/.installed: requirements.txt
	@test -x $(BIN)/python || { echo "Creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

$(BIN)/.installed-dev: $(BIN)/.installed requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@

venv: $(BIN)/.installed-dev ## Create or update .venv with every pinned dependency

# JOBS processes in all: the locales build side by side first (two sphinx-builds share nothing, while
# Sphinx's own -j pickles and merges its environment once per chunk), each with the rest of JOBS as -j.
JOBS_N        := $(if $(filter auto,$(JOBS)),$(shell nproc 2>/dev/null || echo 1),$(JOBS))
LOCALES_AT_ONCE := $(shell j=$(JOBS_N); l=$(words $(LOCALES)); [ "$$j" -ge 1 ] 2>/dev/null || j=1; echo $$(( j < l ? j : l )))
SPHINX_JOBS   ?= $(JOBS)

html: $(BIN)/.installed ## Build the site, every locale, into _build/html/
	@$(MAKE) --no-print-directory -j$(LOCALES_AT_ONCE) -O $(addprefix html-,$(LOCALES)) \
		SPHINX_JOBS=$(shell echo $$(( $(JOBS_N) / $(LOCALES_AT_ONCE) > 1 ? $(JOBS_N) / $(LOCALES_AT_ONCE) : 1 )))
	@$(BIN)/python -m newsdesk landing $(BUILD)/html --locales $(LOCALES)
	@echo "Site built: $(BUILD)/html/index.html"
	@echo "Serve it (search needs http, not file://): python3 -m http.server -d $(BUILD)/html 8000, then open http://127.0.0.1:8000/"

# Build one locale (make html-en, make html-ja). Skipped, without starting Sphinx, when nothing it is
# built from changed since its last successful build (same options and NEWSDESK_*/READTHEDOCS*
# variables, no newer file or folder among HTML_INPUTS; the stamp's time is the build's start).
# The stamp is written under a name of this make's own and renamed into place (atomic) only when
# sphinx-build succeeded; Sphinx itself takes a lock on the doctree folder (newsdesk/locking.py), so
# a second make at once waits for the first and then finds the site up to date.
HTML_INPUTS := "$(CONTENT_ABS)/articles" $(if $(wildcard $(CONTENT_ABS)/timeline),"$(CONTENT_ABS)/timeline",) source locale newsdesk conf.py _templates _static Makefile $(BIN)/.installed
$(addprefix html-,$(LOCALES)): html-%: $(BIN)/.installed
	@mkdir -p $(BUILD)/src/$* $(BUILD)/html/$*
	@stamp=$(BUILD)/html/$*/.newsdesk-built; \
	key="$(CONTENT_ABS) $(STRICT_OPTS) $(SPHINXOPTS) $$(env | grep -E '^(NEWSDESK_|READTHEDOCS)' | sort | tr '\n' ' ')"; \
	if [ -f $$stamp ] && [ "$$(cat $$stamp)" = "$$key" ] && [ -z "$$(find $(HTML_INPUTS) -newer $$stamp ! -path '*/__pycache__*' -print -quit)" ]; \
	then echo "$*: up to date, nothing changed since its last build"; exit 0; fi; \
	rm -f $$stamp; new=$$stamp.$$$$; printf '%s\n' "$$key" > $$new; \
	echo "$(SPHINX_ENV) NEWSDESK_LOCALE=$* $(BIN)/sphinx-build -b html -j $(SPHINX_JOBS) $(STRICT_OPTS) $(SPHINXOPTS) ..."; \
	$(SPHINX_ENV) NEWSDESK_LOCALE=$* $(BIN)/sphinx-build -b html -j $(SPHINX_JOBS) $(STRICT_OPTS) $(SPHINXOPTS) \
		-c . -d $(BUILD)/doctrees/$* $(BUILD)/src/$* $(BUILD)/html/$* && mv -f $$new $$stamp || { rm -f $$new; exit 1; }

# PDF books (newsdesk/pdf.py): Sphinx's LaTeX builder, then latexmk with LuaLaTeX. The staging folder
# $(BUILD)/src-latex/<locale> is apart from HTML's; LaTeX output and doctrees are per book, so that
# a month's book and the whole one never share a folder (the LaTeX Makefile builds every .tex it finds).
MONTH        ?=
MONTH_SUFFIX := $(if $(MONTH),-$(MONTH),)
PDF_OPTS     := $(if $(MONTH),-D newsdesk_book_month=$(MONTH),)

# $(call latex_book,<locale>,<sphinx command>,<folder receiving the PDF>)
define latex_book
	@mkdir -p $(BUILD)/src-latex/$(1) $(3)
	$(SPHINX_ENV) NEWSDESK_LOCALE=$(1) $(2) -b latex -j $(JOBS) $(STRICT_OPTS) $(SPHINXOPTS) $(PDF_OPTS) -c . \
		-d $(BUILD)/doctrees-latex/$(1)$(MONTH_SUFFIX) $(BUILD)/src-latex/$(1) $(BUILD)/latex/$(1)$(MONTH_SUFFIX)
	@echo "latexmk (LuaLaTeX): $(BUILD)/latex/$(1)$(MONTH_SUFFIX)"
	@$(MAKE) --no-print-directory -C $(BUILD)/latex/$(1)$(MONTH_SUFFIX) all-pdf LATEXMKOPTS=-silent \
		LATEXOPTS=-halt-on-error || { echo "LaTeX failed: see $(BUILD)/latex/$(1)$(MONTH_SUFFIX)/*.log"; exit 1; }
	cp $(BUILD)/latex/$(1)$(MONTH_SUFFIX)/*.pdf $(3)/
endef

.PHONY: tex-check rtd-html rtd-pdf $(addprefix pdf-,$(LOCALES))

pdf: $(addprefix pdf-,$(LOCALES)) ## PDF books, every locale, into _build/pdf/ (MONTH=2025-11: that month)
	@ls -1 $(foreach locale,$(LOCALES),$(BUILD)/pdf/*-$(locale)$(MONTH_SUFFIX).pdf)

tex-check: $(BIN)/.installed ## Check for TeX (make pdf needs it); name the Debian packages to install
	@$(BIN)/python -m newsdesk.pdf check-tex

# Build one locale's book (make pdf-en, make pdf-ja).
$(addprefix pdf-,$(LOCALES)): pdf-%: $(BIN)/.installed tex-check
	$(call latex_book,$*,$(BIN)/sphinx-build,$(BUILD)/pdf)

# Read the Docs (.readthedocs.yaml, build.jobs.build): one project per locale (READTHEDOCS_LANGUAGE),
# Python packages already installed by RTD; the outputs go where RTD looks for them.
RTD_LOCALE := $(or $(READTHEDOCS_LANGUAGE),en)
RTD_OUTPUT := $(or $(READTHEDOCS_OUTPUT),$(BUILD)/rtd)
RTD_SPHINX ?= python -m sphinx

rtd-html: ## Read the Docs: this project's locale into $READTHEDOCS_OUTPUT/html/
	@mkdir -p $(BUILD)/src/$(RTD_LOCALE)
	$(SPHINX_ENV) NEWSDESK_LOCALE=$(RTD_LOCALE) $(RTD_SPHINX) -b html -j $(JOBS) $(STRICT_OPTS) $(SPHINXOPTS) \
		-c . -d $(BUILD)/doctrees/$(RTD_LOCALE) $(BUILD)/src/$(RTD_LOCALE) $(RTD_OUTPUT)/html

rtd-pdf: ## Read the Docs: this project's book, the one PDF in $READTHEDOCS_OUTPUT/pdf/
	@rm -rf $(RTD_OUTPUT)/pdf
	$(call latex_book,$(RTD_LOCALE),$(RTD_SPHINX),$(RTD_OUTPUT)/pdf)

# Every locale under one server (newsdesk/preview.py, built on sphinx-autobuild's watcher and live
# reload): $(BUILD)/serve/ holds the chooser and a folder per locale, as $(BUILD)/html/ does, so the
# language links work. Each change rebuilds every locale (incremental), then the chooser, then the
# open pages refresh once. Everything under $(BUILD) is ignored (a directory prefix), and so are
# bytecode and editor scratch files, so that only an edit by a person triggers a rebuild.
serve: $(BIN)/.installed ## Live preview of every locale on http://127.0.0.1:8000 (LOCALE=ja: built first; PORT=8000)
	$(SPHINX_ENV) $(BIN)/python -m newsdesk.preview --build $(BUILD) --locales $(LOCALES) --first $(LOCALE) \
		--host 127.0.0.1 --port $(PORT) --sphinx-options "$(SPHINXOPTS)" \
		--watch "$(CONTENT_ABS)" --watch source --watch newsdesk --watch _templates --watch _static --watch locale \
		--ignore "$(abspath $(BUILD))" --re-ignore '/__pycache__/' --re-ignore '(\.sw[a-px]|~|/\.\#[^/]*|/4913)$$'

check: $(BIN)/.installed ## Validate every article and timeline entry (front matter, body), no Sphinx build (STRICT=1: warnings fail)
	$(BIN)/python -m newsdesk check --content "$(CONTENT)" $(if $(STRICT),--strict,)

new: $(BIN)/.installed ## Create a new article: make new SLUG=my-news [DATE=2026-01-05] [KIND=timeline]
	@test -n "$(SLUG)" || { echo "usage: make new SLUG=my-news [DATE=YYYY-MM-DD] [KIND=article|timeline]"; exit 2; }
	$(BIN)/python -m newsdesk new "$(SLUG)" $(if $(DATE),--date $(DATE),) $(if $(KIND),--kind $(KIND),) --content "$(CONTENT)"

test: $(BIN)/.installed-dev ## Run the test suite (and ruff)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(BIN)/.installed-dev ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.installed-dev ## Apply ruff's formatting and fixes
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

screenshots: $(BIN)/.installed-dev html ## Refresh docs/images/ (landing, article, chooser, mobile-*: light and dark)
	$(BIN)/python scripts/screenshots.py $(BUILD)/html docs/images

# Benchmark only (issue 7): ablog and matplotlib live in their own venv, never in .venv.
BENCH_VENV := .venv-bench
NS         ?= 250 1000 3000
BENCH_RUNS ?= 3

$(BENCH_VENV)/.installed: requirements-bench.txt requirements.txt
	@test -x $(BENCH_VENV)/bin/python || { echo "Creating $(BENCH_VENV) with $(PYTHON)"; $(PYTHON) -m venv $(BENCH_VENV); }
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet -r requirements-bench.txt
	@touch $@

# MkDocs Material, a peer in the benchmark, has a venv of its own (its Markdown and Babel pins differ).
# Hugo is Debian's (apt-get install hugo); its row is skipped where it is not installed.
MKDOCS_VENV := .venv-mkdocs

$(MKDOCS_VENV)/.installed: requirements-bench-mkdocs.txt
	@test -x $(MKDOCS_VENV)/bin/python || { echo "Creating $(MKDOCS_VENV) with $(PYTHON)"; $(PYTHON) -m venv $(MKDOCS_VENV); }
	$(MKDOCS_VENV)/bin/python -m pip install --quiet -r requirements-bench-mkdocs.txt
	@touch $@

bench: $(BIN)/.installed $(BENCH_VENV)/.installed $(MKDOCS_VENV)/.installed ## Time clean/incremental builds vs MkDocs Material, Hugo, ablog, plain Sphinx (NS="250 1000")
	$(BENCH_VENV)/bin/python bench/run.py --ns $(NS) --runs $(BENCH_RUNS) --jobs $(JOBS)
	$(BIN)/python bench/social.py

clean: ## Remove _build/ (keeps .venv)
	rm -rf $(BUILD)
