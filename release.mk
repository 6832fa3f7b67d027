# relkit — MIT licence, see LICENSE.
# The PyPI release checklist as stamp-file targets; see relkit(7).
# From the top directory of the repo to release:
#   make -f /path/to/relkit/release.mk release VERSION=0.9.0
#   make -f /path/to/relkit/release.mk status VERSION=0.9.0
#   make -f /path/to/relkit/release.mk abort VERSION=0.9.0
# Each step leaves a stamp in $(STAMPDIR)/$(VERSION)/ once its commands
# succeeded (the stamp is written last; .DELETE_ON_ERROR removes it if the
# step fails or is interrupted), so a rerun resumes at the failed step and
# never repeats one that is done.

RELKIT_DIR := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
SHELL = /bin/sh
.SUFFIXES:
.DELETE_ON_ERROR:
.NOTPARALLEL:

ifeq ($(DRY_RUN),1)
MAKEFLAGS += -n
endif

RELEASE_CONF ?= release.conf
ifeq ($(wildcard $(RELEASE_CONF)),)
$(error $(RELEASE_CONF): no such file: run release.mk from the top of the repo to release, or set RELEASE_CONF (see relkit(7)))
endif
include $(RELEASE_CONF)

# Defaults for what the config leaves out.
BUILD ?= python3 -m build
PYTHON ?= python3
DENY ?=
TEST_REPO ?= testpypi
REAL_REPO ?= pypi
TEST_INDEX ?=
REAL_INDEX ?=
PYPIRC ?=
CONST_NAME ?=
CONST_FILE ?=
GIT_REMOTE ?= origin
GIT_BRANCH ?= main
TAG ?= $(VERSION)
COMMIT_MSG ?= Release $(VERSION)
PUSH ?= 1
SERVER_DIR ?=
SERVER_VERSION_FILE ?= version.py
SERVER_REQUIREMENTS ?= requirements/common.in
SERVER_REQ_PACKAGES ?= $(PACKAGES)
SERVER_REQ_URL ?=
SERVER_LOCK ?= tools/update-locked-requirements
SERVER_BRANCH ?= release-$(VERSION)
SERVER_REMOTE ?= origin
SERVER_BASE ?= main
SERVER_COMMIT_MSG ?= requirements: Upgrade $(SERVER_REQ_PACKAGES) to $(VERSION).
PROVISION_BUMP ?= minor
STAMPDIR ?= .release
# The programs: those built beside this file if any, else from PATH.
RELKIT_BIN ?= $(if $(wildcard $(RELKIT_DIR)/bin/setver),$(RELKIT_DIR)/bin)
SETVER ?= $(call prog,setver)
SETCONST ?= $(call prog,setconst)
PKGLS ?= $(call prog,pkgls)
PYPIUP ?= $(call prog,pypiup)
PROVBUMP ?= $(call prog,provbump)
REQBUMP ?= $(call prog,reqbump)
PYPIUP_FLAGS ?=
# --isolated: no pip.conf or PIP_* variable can add an index behind our back.
PIP_FLAGS ?= -q --isolated --no-cache-dir --disable-pip-version-check --no-input

prog = $(if $(RELKIT_BIN),$(RELKIT_BIN)/)$(1)

ifeq ($(strip $(VERSION)),)
ifneq ($(filter-out help,$(or $(MAKECMDGOALS),release)),)
$(error VERSION is not set: make -f release.mk release VERSION=X.Y.Z)
endif
endif
ifeq ($(strip $(PACKAGES)),)
$(error PACKAGES is empty in $(RELEASE_CONF): name the packages to release (see relkit(7)))
endif

S := $(STAMPDIR)/$(VERSION)
# Is this a dry run (make -n, DRY_RUN=1)?
DRY = $(findstring n,$(firstword -$(MAKEFLAGS)))
define nl


endef

# Per package P: P_DIR, P_VERSION_FILES, P_VERSION_NAME, P_DENY, P_IMPORT.
pdir = $(or $($(1)_DIR),.)
vname = $(if $($(1)_VERSION_NAME),-n $($(1)_VERSION_NAME))
deny = $(foreach g,$(DENY) $($(1)_DENY),-x '$(g)')
imports = $(or $($(1)_IMPORT),$(subst -,_,$(1)))
VERSION_FILES := $(foreach p,$(PACKAGES),$($(p)_VERSION_FILES))
ARCHIVES = $(foreach p,$(PACKAGES),$(call pdir,$(p))/dist/*)

# pypiup arguments for a repository name or URL, and the simple index pip
# reads for it (TEST_INDEX / REAL_INDEX override).
repo_args = $(if $(findstring ://,$(1)),--repository-url $(1),-r $(1))$(if $(2), --index-url $(2))$(if $(PYPIRC), --config-file $(PYPIRC))
index_of = $(or $(2),$(if $(filter testpypi,$(1)),https://test.pypi.org/simple/,$(if $(filter pypi,$(1)),https://pypi.org/simple/,$(call index_of_url,$(if $(findstring ://,$(1)),$(1),$(call rc_repo,$(1)))))))
index_of_url = $(if $(filter file://%,$(1)),$(patsubst %/,%,$(1))/simple/,$(if $(filter %/legacy/ %/legacy,$(1)),$(patsubst %/legacy,%/simple/,$(patsubst %/legacy/,%/legacy,$(1)))))
# The repository URL of a .pypirc section (read only, also on a dry run).
PYPIRC_FILE = $(or $(PYPIRC),$(HOME)/.pypirc)
rc_repo = $(shell awk -v s='[$(1)]' '/^[ \t]*\[/ { g = $$0; gsub(/[ \t]/, "", g); on = (g == s); next } on { i = index($$0, "="); k = substr($$0, 1, i - 1); gsub(/[ \t]/, "", k); if (i && k == "repository") { v = substr($$0, i + 1); gsub(/^[ \t]+|[ \t\r]+$$/, "", v); print v; exit } }' '$(PYPIRC_FILE)' 2>/dev/null)
TEST_PIP_INDEX = $(call index_of,$(TEST_REPO),$(TEST_INDEX))
REAL_PIP_INDEX = $(call index_of,$(REAL_REPO),$(REAL_INDEX))

# The steps in checklist order; a step whose configuration is empty is
# skipped (single-package projects: no constant, no server repo).
ALL_STEPS = versions const build testupload testinstall upload unconst \
	commit tag push provision reqs lock srvcommit
on_versions = 1
on_const = $(and $(CONST_NAME),$(CONST_FILE))
on_build = 1
on_testupload = 1
on_testinstall = 1
on_upload = 1
on_unconst = $(on_const)
on_commit = 1
on_tag = 1
on_push = $(and $(filter 1,$(PUSH)),$(GIT_REMOTE))
on_provision = $(and $(SERVER_DIR),$(SERVER_VERSION_FILE))
on_reqs = $(and $(SERVER_DIR),$(SERVER_REQUIREMENTS),$(SERVER_REQ_PACKAGES))
on_lock = $(and $(SERVER_DIR),$(SERVER_LOCK))
on_srvcommit = $(SERVER_DIR)
STEPS := $(foreach s,$(ALL_STEPS),$(if $(on_$(s)),$(s)))

# The checklist's words for each step, as `status` prints them.
title_versions = 1. Increment the version in $(VERSION_FILES) to $(VERSION) (all set to the same version number)
title_const = 2. Set $(or $(CONST_NAME),the constant) to True$(if $(CONST_FILE), in $(CONST_FILE))
title_build = 3. Generate the archives for each package and inspect them (no logos, assets, documentation)
title_testupload = 4. Upload the archives of each package to TestPyPI ($(TEST_REPO))
title_testinstall = 5. Test installing all packages from TestPyPI ($(TEST_REPO))
title_upload = 6. Upload the packages to the actual Python Package Index ($(REAL_REPO))
title_unconst = 7. Set $(or $(CONST_NAME),the constant) to False$(if $(CONST_FILE), in $(CONST_FILE))
title_commit = 7. Commit your changes with the version increments
title_tag = 7. Create a release tag $(TAG)
title_push = 7. Push your commit and the tag to $(GIT_REMOTE)
title_provision = server 1. Increment PROVISION_VERSION in $(SERVER_VERSION_FILE) ($(PROVISION_BUMP) bump)
title_reqs = server 2. Update the release tags in the Git URLs for $(SERVER_REQ_PACKAGES) in $(SERVER_REQUIREMENTS)
title_lock = server 3. Run $(SERVER_LOCK) to update the rest of the requirements files
title_srvcommit = server 4. Commit your changes on branch $(SERVER_BRANCH) and submit a PR

.PHONY: release status abort guards help $(ALL_STEPS)

release: $(S)/$(lastword $(STEPS))
	@echo "release.mk: $(VERSION) released: $(PACKAGES) on $(REAL_REPO)$(if $(on_push),$(,) tag $(TAG) pushed to $(GIT_REMOTE),$(,) tag $(TAG) not pushed)"
	$(if $(SERVER_DIR),@echo "release.mk: server repo: branch $(SERVER_BRANCH) committed; to open the pull request: cd $(SERVER_DIR) && git push -u $(SERVER_REMOTE) $(SERVER_BRANCH) && gh pr create --fill")

help:
	@echo "usage: make -f release.mk release|status|abort|guards|STEP VERSION=X.Y.Z [VAR=VALUE...]"
	@echo "steps: $(STEPS)"

# `make -f release.mk build VERSION=...` runs the steps up to that one.
$(STEPS): %: $(S)/%
$(filter-out $(STEPS),$(ALL_STEPS)):
	@echo "release.mk: step $@ is skipped: its configuration is empty"

# Chain each enabled step to the one before it.
$(foreach p,$(join $(wordlist 2,$(words $(STEPS)),$(STEPS)),$(addprefix :,$(wordlist 1,$(words $(wordlist 2,$(words $(STEPS)),$(STEPS))),$(STEPS)))),$(eval $(S)/$(firstword $(subst :, ,$(p))): $(S)/$(lastword $(subst :, ,$(p)))))

status:
	@echo "release $(VERSION) of $(PACKAGES) (stamps in $(S)/):"
	@$(foreach s,$(ALL_STEPS),printf '%-8s %s\n' $(if $(on_$(s)),$(if $(wildcard $(S)/$(s)),done,pending),skipped) '$(title_$(s))';)

# --- guards: each failure one line on stderr, exit 2, nothing changed -------
fail = { echo "release.mk: $(1)" >&2; exit 2; }
# $1 repo, prints nothing; succeeds when a username and a password are
# known for it (environment, or its .pypirc section). Values never printed.
define GUARDS
rc='$(PYPIRC_FILE)'; \
haskey() { [ -r "$$rc" ] && awk -v s="[$$1]" -v k="$$2" '/^[ \t]*\[/ { g = $$0; gsub(/[ \t]/, "", g); on = (g == s); next } on { i = index($$0, "="); if (i == 0) next; key = substr($$0, 1, i - 1); v = substr($$0, i + 1); gsub(/[ \t\r]/, "", key); gsub(/^[ \t]+|[ \t\r]+$$/, "", v); if (key == k && v != "") f = 1 } END { exit !f }' "$$rc"; }; \
creds() { case $$1 in file://*) return 0;; *://*) [ -n "$${TWINE_USERNAME:-}" ] && [ -n "$${TWINE_PASSWORD:-}" ]; return;; esac; \
	{ [ -n "$${TWINE_USERNAME:-}" ] || haskey "$$1" username; } && { [ -n "$${TWINE_PASSWORD:-}" ] || haskey "$$1" password; }; }; \
n=$$(printf '__version__ = "0"\n' | $(SETVER) '$(VERSION)' 2>/dev/null) || $(call fail,VERSION=$(VERSION) is not a valid PEP 440 version); \
[ "$$n" = '__version__ = "$(VERSION)"' ] || $(call fail,VERSION=$(VERSION) is not in PEP 440 normal form: use $$(echo $${n#*= } | tr -d '"')); \
vs=$$( $(foreach p,$(PACKAGES),for f in $($(p)_VERSION_FILES); do v=$$($(SETVER) -g $(call vname,$(p)) "$$f" 2>&1) || { echo "?$$f: $$v"; continue; }; echo "$$f $$v"; done;) ); \
bad=$$(printf '%s\n' "$$vs" | grep '^?' | head -1); [ -z "$$bad" ] || $(call fail,cannot read the current version from $${bad#?}); \
[ $$(printf '%s\n' "$$vs" | awk '{print $$2}' | sort -u | wc -l) -eq 1 ] || $(call fail,the version files disagree on the current version: $$(echo $$vs)); \
cur=$$(printf '%s\n' "$$vs" | awk 'NR == 1 {print $$2}'); \
$(PYTHON) -c "$$VERCMP" '$(VERSION)' "$$cur"; case $$? in 0) ;; 1) $(call fail,VERSION=$(VERSION) is not greater than the current version $$cur);; *) $(call fail,cannot compare versions: $(PYTHON) has neither packaging nor pip);; esac; \
[ -z "$$(git status --porcelain | grep -v '^?? $(STAMPDIR)/$$')" ] || $(call fail,the git tree is not clean (git status): commit or stash first); \
br=$$(git symbolic-ref -q --short HEAD); [ "$$br" = '$(GIT_BRANCH)' ] || $(call fail,on branch $${br:-(detached)}$(,) not on the release branch $(GIT_BRANCH)); \
! git rev-parse -q --verify 'refs/tags/$(TAG)' >/dev/null || $(call fail,tag $(TAG) already exists locally); \
$(if $(GIT_REMOTE),rt=$$(git ls-remote --tags '$(GIT_REMOTE)' 'refs/tags/$(TAG)' 2>/dev/null) || $(call fail,cannot reach git remote $(GIT_REMOTE)); \
[ -z "$$rt" ] || $(call fail,tag $(TAG) already exists on $(GIT_REMOTE));) \
[ -n '$(TEST_PIP_INDEX)' ] || $(call fail,no simple index known for TEST_REPO=$(TEST_REPO): set TEST_INDEX); \
[ -n '$(REAL_PIP_INDEX)' ] || $(call fail,no simple index known for REAL_REPO=$(REAL_REPO): set REAL_INDEX); \
creds '$(TEST_REPO)' || $(call fail,no credentials for the test index $(TEST_REPO): set TWINE_USERNAME and TWINE_PASSWORD or its section in $$rc); \
creds '$(REAL_REPO)' || $(call fail,no credentials for the real index $(REAL_REPO): set TWINE_USERNAME and TWINE_PASSWORD or its section in $$rc); \
$(if $(SERVER_DIR),[ -d '$(SERVER_DIR)' ] || $(call fail,server repo $(SERVER_DIR): no such directory); \
[ -z "$$(git -C '$(SERVER_DIR)' status --porcelain 2>&1)" ] || $(call fail,the server repo $(SERVER_DIR) is not clean (git status)); \
sb=$$(git -C '$(SERVER_DIR)' symbolic-ref -q --short HEAD); [ "$$sb" = '$(SERVER_BASE)' ] || $(call fail,the server repo $(SERVER_DIR) is on $${sb:-(detached)}$(,) not on $(SERVER_BASE)); \
! git -C '$(SERVER_DIR)' rev-parse -q --verify 'refs/heads/$(SERVER_BRANCH)' >/dev/null || $(call fail,branch $(SERVER_BRANCH) already exists in the server repo $(SERVER_DIR));) \
echo "release.mk: guards passed: $$cur -> $(VERSION)"
endef
, := ,

# PEP 440 comparison: packaging, or the copy pip vendors.
define VERCMP
import sys
try:
    from packaging.version import Version
except ImportError:
    try:
        from pip._vendor.packaging.version import Version
    except ImportError:
        sys.exit(3)
sys.exit(0 if Version(sys.argv[1]) > Version(sys.argv[2]) else 1)
endef
export VERCMP

# Guards alone, changing nothing.
guards:
	@$(GUARDS)

# --- checklist step 1 -----------------------------------------------------
# The guards run before anything changes; once step 1 has started (its
# record of the old version exists) a rerun skips them and resumes.
$(S)/versions:
	@$(if $(DRY),: guards: VERSION=$(VERSION) valid and newer than the version files; git tree clean on $(GIT_BRANCH); tag $(TAG) absent; credentials for both indexes$(if $(SERVER_DIR),; server repo $(SERVER_DIR) clean on $(SERVER_BASE)),if [ ! -f $(S)/prev-version ]; then $(GUARDS); fi)
	@mkdir -p $(S)
	@[ -f $(S)/prev-version ] || { \
		$(strip $(SETVER) -g $(call vname,$(firstword $(PACKAGES)))) $(firstword $(VERSION_FILES)) >$(S)/prev.tmp && \
		$(if $(on_const),$(SETCONST) -g $(CONST_NAME) $(CONST_FILE) >$(S)/prev-const &&) \
		mv $(S)/prev.tmp $(S)/prev-version; }
	$(foreach p,$(PACKAGES),$(strip $(SETVER) -i $(call vname,$(p)) $(VERSION) $($(p)_VERSION_FILES))$(nl))
	@touch $@

# --- step 2 ---------------------------------------------------------------
$(S)/const:
	$(SETCONST) -i $(CONST_NAME) True $(CONST_FILE)
	@touch $@

# --- step 3: clean build, then inspection; a failed inspection rebuilds ----
$(S)/build:
	$(foreach p,$(PACKAGES),rm -rf $(call pdir,$(p))/dist $(call pdir,$(p))/build && find $(call pdir,$(p)) -maxdepth 2 -name '*.egg-info' -type d -prune -exec rm -rf {} +$(nl))
	$(foreach p,$(PACKAGES),cd $(call pdir,$(p)) && $(BUILD)$(nl))
	$(foreach p,$(PACKAGES),$(strip $(PKGLS) -c $(call deny,$(p))) $(call pdir,$(p))/dist/*$(nl))
	@touch $@

# --- step 4 ---------------------------------------------------------------
$(S)/testupload:
	@touch $(S)/started-testupload
	$(PYPIUP) $(call repo_args,$(TEST_REPO),$(TEST_INDEX)) --skip-existing --verify$(if $(PYPIUP_FLAGS), $(PYPIUP_FLAGS)) $(ARCHIVES)
	@touch $@

# --- step 5: our packages from the test index only, their dependencies from
# the real index only, in a fresh venv ---------------------------------------
$(S)/testinstall:
	rm -rf $(S)/venv $(S)/wheelhouse
	$(PYTHON) -m venv $(S)/venv
	$(S)/venv/bin/python -m pip download $(PIP_FLAGS) --no-deps --index-url $(TEST_PIP_INDEX) -d $(S)/wheelhouse $(foreach p,$(PACKAGES),'$(p)==$(VERSION)')
	$(S)/venv/bin/python -m pip install $(PIP_FLAGS) --index-url $(REAL_PIP_INDEX) $(S)/wheelhouse/*
	$(foreach p,$(PACKAGES),$(S)/venv/bin/python -c 'import sys, importlib.metadata as m; v = m.version(sys.argv[1]); sys.exit(0 if v == sys.argv[2] else sys.argv[1] + " " + v + " installed, not " + sys.argv[2])' '$(p)' '$(VERSION)'$(nl))
	$(foreach p,$(PACKAGES),$(foreach m,$(call imports,$(p)),$(S)/venv/bin/python -c 'import $(m)'$(nl)))
	@touch $@

# --- step 6 ---------------------------------------------------------------
$(S)/upload:
	@touch $(S)/started-upload
	$(PYPIUP) $(call repo_args,$(REAL_REPO),$(REAL_INDEX)) --skip-existing --verify$(if $(PYPIUP_FLAGS), $(PYPIUP_FLAGS)) $(ARCHIVES)
	@touch $@

# --- step 7 ---------------------------------------------------------------
$(S)/unconst:
	$(SETCONST) -i $(CONST_NAME) False $(CONST_FILE)
	@touch $@

# A commit or tag made by a run that was killed before its stamp is found
# again, never made twice.
$(S)/commit:
	if [ "$$(git log -1 --format=%s)" = '$(COMMIT_MSG)' ]; then echo "release.mk: already committed"; \
	else git commit -q -m '$(COMMIT_MSG)' -- $(sort $(VERSION_FILES) $(CONST_FILE)); fi
	@touch $@

$(S)/tag:
	if [ "$$(git rev-parse -q --verify 'refs/tags/$(TAG)^{commit}')" = "$$(git rev-parse HEAD)" ]; then echo "release.mk: already tagged"; \
	else git tag -a -m '$(COMMIT_MSG)' '$(TAG)'; fi
	@touch $@

$(S)/push:
	git push -q --atomic $(GIT_REMOTE) $(GIT_BRANCH) 'refs/tags/$(TAG)'
	@touch $@

# --- server repo ------------------------------------------------------------
$(S)/provision:
	cd $(SERVER_DIR) && if git diff --quiet HEAD -- $(SERVER_VERSION_FILE); then \
		$(strip $(PROVBUMP) -i $(if $(filter major,$(PROVISION_BUMP)),--major)) $(SERVER_VERSION_FILE); \
	else echo "release.mk: $(SERVER_VERSION_FILE) already bumped"; fi
	@touch $@

$(S)/reqs:
	cd $(SERVER_DIR) && $(strip $(REQBUMP) -i $(if $(SERVER_REQ_URL),-u $(SERVER_REQ_URL))) $(addprefix -p ,$(SERVER_REQ_PACKAGES)) $(VERSION) $(SERVER_REQUIREMENTS)
	@touch $@

$(S)/lock:
	cd $(SERVER_DIR) && $(SERVER_LOCK)
	@touch $@

$(S)/srvcommit:
	cd $(SERVER_DIR) && { [ "$$(git symbolic-ref -q --short HEAD)" = '$(SERVER_BRANCH)' ] || git checkout -q -b '$(SERVER_BRANCH)'; } && \
	if [ "$$(git log -1 --format=%s)" = '$(SERVER_COMMIT_MSG)' ]; then echo "release.mk: server repo already committed"; \
	else git add -A && git commit -q -m '$(SERVER_COMMIT_MSG)'; fi
	@touch $@

# --- abort ----------------------------------------------------------------
abort:
	@if [ -e $(S)/upload ] || [ -e $(S)/started-upload ]; then \
		echo "release.mk: abort: $(VERSION) has been uploaded (or its upload started) to the real index $(REAL_REPO); it cannot be aborted, finish it with: make -f release.mk release VERSION=$(VERSION)" >&2; exit 1; fi
	@if [ ! -d $(S) ]; then echo "release.mk: abort: no release $(VERSION) in progress (no $(S)/)"; exit 0; fi; \
	if [ -f $(S)/prev-version ]; then \
		old=$$(cat $(S)/prev-version) && \
		$(foreach p,$(PACKAGES),$(SETVER) -i $(call vname,$(p)) "$$old" $($(p)_VERSION_FILES) &&) \
		echo "release.mk: abort: version files back to $$old: $(VERSION_FILES)" || exit 2; fi; \
	$(if $(on_const),if [ -f $(S)/prev-const ]; then \
		$(SETCONST) -i $(CONST_NAME) "$$(cat $(S)/prev-const)" $(CONST_FILE) && \
		echo "release.mk: abort: $(CONST_NAME) back to $$(cat $(S)/prev-const) in $(CONST_FILE)" || exit 2; fi;) \
	if [ -e $(S)/started-testupload ]; then \
		echo "release.mk: abort: cannot undo: these archives stay on the test index $(TEST_REPO) (an index never takes the same file name twice; release a new version):"; \
		for f in $(ARCHIVES); do [ -f "$$f" ] && echo "  $${f##*/}"; done; fi; \
	rm -rf $(S) && { rmdir $(STAMPDIR) 2>/dev/null; true; } && echo "release.mk: abort: release $(VERSION) abandoned, stamps removed ($(S)/); the archives in dist/ are left"
