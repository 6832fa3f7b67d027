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

RELKIT_MK := $(abspath $(lastword $(MAKEFILE_LIST)))
RELKIT_DIR := $(patsubst %/,%,$(dir $(RELKIT_MK)))
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
# The config and what it includes: never part of the release's changes.
# Every config file release.mk could read: release.conf too when
# RELEASE_CONF names another.
CONF_FILES := $(sort $(filter-out /% ../%,$(wordlist 2,$(words $(MAKEFILE_LIST)),$(MAKEFILE_LIST)) release.conf))

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
# After the tag, the next development version written and committed
# (NEXT_VERSION, or NEXT = major, minor or patch: the rule applied to
# VERSION, or to P_VERSION; P_NEXT_VERSION for one package).
NEXT_VERSION ?=
NEXT ?=
NEXT_MSG ?= Back to development: $(subst $(space),$(,) ,$(strip $(call uniq,$(foreach p,$(NEXT_PKGS),$(call next_of,$(p))))))
SERVER_DIR ?=
SERVER_VERSION_FILE ?= version.py
# The two server layouts: uv (pyproject.toml's [tool.uv.sources] and
# uv.lock beside it) when uv.lock is there, else requirements/common.in
# and tools/update-locked-requirements.
SERVER_UV = $(and $(SERVER_DIR),$(wildcard $(SERVER_DIR)/uv.lock))
SERVER_REQUIREMENTS ?= $(if $(SERVER_UV),pyproject.toml,requirements/common.in)
SERVER_REQ_PACKAGES ?= $(PACKAGES)
SERVER_REQ_URL ?=
SERVER_LOCK ?= $(if $(SERVER_UV),uv lock,tools/update-locked-requirements)
# What the server commit may hold besides the version and requirement
# files: the lock files (tracked files only; paths or directories), none
# when there is no lock command.
SERVER_LOCK_FILES ?= $(if $(SERVER_LOCK),$(if $(SERVER_UV),uv.lock,$(patsubst %/,%,$(sort $(dir $(SERVER_REQUIREMENTS))))))
SERVER_BRANCH ?= release-$(VERSION)
SERVER_REMOTE ?= origin
SERVER_BASE ?= main
# The forge (relkit(7), PULL REQUESTS AND RELEASE PAGES): github, gitlab,
# or empty (nothing done on the forge). *_REPO empty: from the remote's URL.
SERVER_PR ?=
SERVER_PR_REPO ?=
FORGE_RELEASE ?=
FORGE_REPO ?=
FORGE_ASSETS ?= 0
SERVER_COMMIT_MSG ?= requirements: Upgrade $(SERVER_REQ_PACKAGES) to $(VERSION).
PROVISION_BUMP ?= minor
# The reason written into a trailing "# bumped YYYY-MM-DD ..." comment of
# PROVISION_VERSION (provbump -m); empty: the comment is left alone.
PROVISION_REASON ?= to upgrade $(subst $(space),$(,) ,$(strip $(SERVER_REQ_PACKAGES))) to $(VERSION)
STAMPDIR ?= .release
# The programs: those built beside this file if any, else from PATH.
RELKIT_BIN ?= $(if $(wildcard $(RELKIT_DIR)/bin/setver),$(RELKIT_DIR)/bin)
SETVER ?= $(call prog,setver)
SETCONST ?= $(call prog,setconst)
PKGLS ?= $(call prog,pkgls)
PYPIUP ?= $(call prog,pypiup)
# the command pypiup asks for a password nothing else gave (python3-keyring)
KEYRING ?= keyring
PROVBUMP ?= $(call prog,provbump)
REQBUMP ?= $(call prog,reqbump)
FORGEPR ?= $(call prog,forgepr)
PYPIUP_FLAGS ?=
# Trusted Publishing for each upload: automatic (empty: pypiup's default,
# PyPI and TestPyPI only), always (another index too), never.
TRUSTED_PUBLISHING ?=
TEST_TRUSTED_PUBLISHING ?= $(TRUSTED_PUBLISHING)
REAL_TRUSTED_PUBLISHING ?= $(TRUSTED_PUBLISHING)
# forgepr's CA bundle (a forge behind a private CA): forgepr --cacert.
FORGE_CACERT ?=
# --isolated: no pip.conf or PIP_* variable can add an index behind our back.
PIP_FLAGS ?= -q --isolated --no-cache-dir --disable-pip-version-check --no-input
# Options of the test venvs (--system-site-packages: an offline rehearsal
# takes the dependencies the system has). The venvs are made without
# ensurepip; PIP, run with --python, installs into them.
VENV_FLAGS ?=
PIP ?= $(PYTHON) -m pip
# Step 3 builds the packages at once (0: one after the other).
BUILD_PARALLEL ?= 1
# The server branch pushed to SERVER_REMOTE by server step 4 (1), or left
# for you to push (0). SERVER_PR pushes it whatever this says.
SERVER_PUSH ?= 0

prog = $(if $(RELKIT_BIN),$(RELKIT_BIN)/)$(1)

# --- CI (relkit(7), RELEASING FROM CI) --------------------------------------
# In GitHub Actions (GITHUB_ACTIONS=true), GitLab CI (GITLAB_CI=true) or
# any CI (CI=true) no prompt may wait: git's credential prompt is off.
# A git identity the job leaves unset (user.name, user.email, nor
# GIT_AUTHOR_*/GIT_COMMITTER_*) is the CI's bot's: GitHub's
# github-actions[bot], GitLab's GITLAB_USER_NAME/GITLAB_USER_EMAIL;
# another CI with none gets a guard that says what to set.
# In CI, what the credential guard adds: Trusted Publishing.
CI_TP_HINT = $(if $(CI_KIND),$(,) or use Trusted Publishing (relkit(7)$(,) RELEASING FROM CI))
CI_KIND := $(if $(filter true,$(GITHUB_ACTIONS)),github,$(if $(filter true,$(GITLAB_CI)),gitlab,$(if $(filter true 1,$(CI)),ci)))
ifneq ($(CI_KIND),)
export GIT_TERMINAL_PROMPT := 0
CI_BOT_NAME := $(if $(filter github,$(CI_KIND)),github-actions[bot],$(if $(filter gitlab,$(CI_KIND)),$(GITLAB_USER_NAME)))
CI_BOT_EMAIL := $(if $(filter github,$(CI_KIND)),41898282+github-actions[bot]@users.noreply.github.com,$(if $(filter gitlab,$(CI_KIND)),$(GITLAB_USER_EMAIL)))
ifeq ($(GIT_AUTHOR_NAME)$(GIT_COMMITTER_NAME),)
ifeq ($(shell git config user.name 2>/dev/null),)
ifeq ($(CI_BOT_NAME),)
CI_NO_IDENT += user.name
else
export GIT_AUTHOR_NAME := $(CI_BOT_NAME)
export GIT_COMMITTER_NAME := $(CI_BOT_NAME)
endif
endif
endif
ifeq ($(GIT_AUTHOR_EMAIL)$(GIT_COMMITTER_EMAIL),)
ifeq ($(shell git config user.email 2>/dev/null),)
ifeq ($(CI_BOT_EMAIL),)
CI_NO_IDENT += user.email
else
export GIT_AUTHOR_EMAIL := $(CI_BOT_EMAIL)
export GIT_COMMITTER_EMAIL := $(CI_BOT_EMAIL)
endif
endif
endif
endif
# $(1) made safe inside '...' in the shell.
sq = $(subst ','\'',$(1))

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

# --- one run at a time ------------------------------------------------------
# Every goal that may change something runs as a second make under flock(1)
# on $(LOCK_FILE), which names its holder; a second run says who holds it
# and exits 2. The lock ends with its holder's process: a killed run leaves
# nothing to clear. Dry runs, status and guards change nothing: no lock.
LOCK_FILE = $(STAMPDIR)/lock
# What this run has warned of (each distinct warning once per run).
WARNED = $(STAMPDIR)/warned
LOCK_GOALS := $(filter-out status help guards,$(or $(MAKECMDGOALS),release))
ifeq ($(RELKIT_LOCKED)$(DRY),)
ifneq ($(LOCK_GOALS),)
LOCKING := 1
endif
endif

# After a failed release, on stdout as after a complete one (stderr keeps
# the one line that says what failed): the wall time of each step this run
# did (its stamp, the files of $(S) named a-z, against the one before) and
# of the step that failed, until now.
FAILED_TIMES = { echo $$t0; for f in $$(ls -tr '$(S)' 2>/dev/null); do case $$f in (*[!a-z]*) continue;; esac; \
	[ -f '$(S)'/$$f ] && echo "$$f $$(date -r '$(S)'/$$f +%s.%N)"; done; echo "the step that failed $$(date +%s.%N)"; } | \
	awk 'NR == 1 { t0 = p = $$1; next } $$NF > t0 { n = $$1; for (i = 2; i < NF; i++) n = n " " $$i; l = l sprintf("%s%s %.1fs", l ? ", " : "", n, $$NF - p); p = $$NF } \
	END { printf "release.mk: wall time per step: %s (%.1fs in all)\n", l, p - t0 }'

ifeq ($(LOCKING),1)
.PHONY: $(or $(MAKECMDGOALS),release)
$(firstword $(or $(MAKECMDGOALS),release)):
	@command -v flock >/dev/null || { echo "release.mk: flock not found: install util-linux (one release at a time needs its lock)" >&2; exit 2; }; \
	mkdir -p '$(STAMPDIR)' && exec 9>>'$(LOCK_FILE)' || exit 2; \
	if ! flock -n 9; then o=$$(head -1 '$(LOCK_FILE)' | cat -v); \
		echo "release.mk: $(LOCK_FILE): another run holds the release lock: $${o:-(it has not said who it is yet)}; let it finish (the lock ends with its process)" >&2; exit 2; fi; \
	printf 'pid %s, make %s VERSION=%s, started %s by %s\n' $$$$ '$(call sq,$(or $(MAKECMDGOALS),release))' '$(call sq,$(VERSION))' "$$(date '+%F %T')" "$$(id -un)@$$(uname -n)" >'$(LOCK_FILE)'; \
	: >'$(WARNED)'; \
	t0=$$(date +%s.%N); \
	$(MAKE) --no-print-directory -f '$(call sq,$(RELKIT_MK))' RELKIT_LOCKED=1 $(or $(MAKECMDGOALS),release) 9>&-; rc=$$?; \
	$(if $(filter release,$(or $(MAKECMDGOALS),release)),[ $$rc -eq 0 ] || $(FAILED_TIMES);) \
	rm -f '$(WARNED)'; : >'$(LOCK_FILE)'; \
	if [ "$$(ls -A '$(STAMPDIR)')" = lock ]; then rm -f '$(LOCK_FILE)'; rmdir '$(STAMPDIR)'; fi; exit $$rc
$(wordlist 2,$(words $(MAKECMDGOALS)),$(MAKECMDGOALS)):
	@:
else

# Per package P: P_DIR, P_VERSION_FILES, P_VERSION_NAME, P_DENY, P_IMPORT.
# A version file written FILE:NAME sets the assignment NAME in that file
# (setver -n), whatever P_VERSION_NAME says.
pdir = $(or $($(1)_DIR),.)
vname = $(if $($(1)_VERSION_NAME),-n $($(1)_VERSION_NAME))
deny = $(foreach g,$(DENY) $($(1)_DENY),-x '$(g)')
imports = $(or $($(1)_IMPORT),$(subst -,_,$(1)))
vpath_of = $(firstword $(subst :, ,$(1)))
vname_of = $(if $(word 2,$(subst :, ,$(1))),-n $(word 2,$(subst :, ,$(1))),$(call vname,$(2)))
vplain = $(foreach f,$($(1)_VERSION_FILES),$(if $(findstring :,$(f)),,$(f)))
vnamed = $(foreach f,$($(1)_VERSION_FILES),$(if $(findstring :,$(f)),$(f)))
# setver -i VERSION ($(2), a shell word) on package $(1)'s files; when that
# takes several setver runs, every file is checked first (all or nothing).
set_versions = $(strip $(if $(call vnamed,$(1)),for f in $(foreach f,$($(1)_VERSION_FILES),$(call vpath_of,$(f))); do [ -w "$$f" ] && [ -n "$$(find "$$f" -prune -perm /222)" ] || { echo "setver: $$f: file is not writable" >&2; exit 2; }; done && 	$(foreach f,$(call vnamed,$(1)),$(SETVER) $(call vname_of,$(f),$(1)) $(2) $(call vpath_of,$(f)) >/dev/null &&) 	$(if $(call vplain,$(1)),$(SETVER) $(call vname,$(1)) $(2) $(call vplain,$(1)) >/dev/null &&)) 	$(if $(call vplain,$(1)),$(SETVER) -i $(call vname,$(1)) $(2) $(call vplain,$(1)) &&) 	$(foreach f,$(call vnamed,$(1)),$(SETVER) -i $(call vname_of,$(f),$(1)) $(2) $(call vpath_of,$(f)) &&) :)
VERSION_FILES := $(foreach p,$(PACKAGES),$(foreach f,$($(p)_VERSION_FILES),$(call vpath_of,$(f))))
# Two version streams: package P released at P_VERSION, else at VERSION;
# tagged P_TAG as well as TAG where P_TAG is set.
pver = $(or $($(1)_VERSION),$(VERSION))
STREAMS = $(call uniq,$(filter $(VERSION),$(foreach p,$(PACKAGES),$(call pver,$(p)))) $(foreach p,$(PACKAGES),$(call pver,$(p))))
stream_pkgs = $(strip $(foreach p,$(PACKAGES),$(if $(filter $(1),$(call pver,$(p))),$(p))))
P_TAGS = $(strip $(foreach p,$(PACKAGES),$($(p)_TAG)))
ALL_TAGS = $(strip $(TAG) $(filter-out $(TAG),$(P_TAGS)))
# The next development version of package $(1) (empty: none), and the
# packages that get one (those with version files).
next_of = $(or $($(1)_NEXT_VERSION),$(if $($(1)_VERSION),,$(NEXT_VERSION)),$(if $(NEXT),$(call next_rule,$(call pver,$(1)))))
next_rule = $(if $(filter undefined,$(origin NEXT_$(1))),$(eval NEXT_$(1) := $$(shell $$(SETVER) -X '$$(call sq,$$(NEXT))' '$(1)' 2>/dev/null)))$(NEXT_$(1))
NEXT_PKGS = $(strip $(foreach p,$(FILE_PKGS),$(if $(call next_of,$(p)),$(p))))
# Packages whose version comes from git tags (setuptools-scm, hatch-vcs):
# no version file; the build is given the version, the guards compare it
# with the last tag.
SCM_PKGS = $(strip $(foreach p,$(PACKAGES),$(if $($(p)_VERSION_FILES),,$(p))))
FILE_PKGS = $(filter-out $(SCM_PKGS),$(PACKAGES))
# The tag of package $(1) and what comes before and after its version.
ptag = $(or $($(1)_TAG),$(TAG))
tag_parts = $(subst $(call pver,$(1)),$(space),x$(call ptag,$(1))x)
tag_pre = $(patsubst x%,%,$(firstword $(call tag_parts,$(1))))
tag_suf = $(patsubst %x,%,$(lastword $(call tag_parts,$(1))))
# setuptools-scm's name for the version of package $(1): upper case,
# each run of '-', '_' and '.' one '_'.
upper = $(if $(2),$(call upper,$(subst $(firstword $(2)),$(word 2,$(2)),$(1)),$(wordlist 3,$(words $(2)),$(2))),$(1))
LOWUP = a A b B c C d D e E f F g G h H i I j J k K l L m M n N o O p P q Q r R s S t T u U v V w W x X y Y z Z - _ . _ __ _ __ _ __ _
scm_var = SETUPTOOLS_SCM_PRETEND_VERSION_FOR_$(call upper,$(1),$(LOWUP))
# The variables of a build in directory $(1) for its scm packages.
scm_env = $(foreach p,$(SCM_PKGS),$(if $(filter $(1),$(call pdir,$(p))),$(call scm_var,$(p))='$(call pver,$(p))' SETUPTOOLS_SCM_PRETEND_VERSION='$(call pver,$(p))'))
# Step 1 also moves the exact pins the packages hold of each other
# (reqbump -s -c: and a "~= V" of as many numbers as VERSION that VERSION
# is outside) in these files: by default each package's pyproject.toml,
# setup.py and setup.cfg that exist, when there are several packages.
SIBLING_FILES ?= $(if $(word 2,$(PACKAGES)),$(patsubst ./%,%,$(wildcard $(sort $(foreach p,$(PACKAGES),$(addprefix $(call pdir,$(p))/,pyproject.toml setup.py setup.cfg))))))
SIB_ARGS = $(addprefix -p ,$(PACKAGES)) $(VERSION) $(SIBLING_FILES)
ARCHIVES = $(foreach p,$(PACKAGES),$(call pdir,$(p))/dist/*)

# pypiup arguments for a repository name or URL (TEST_INDEX / REAL_INDEX:
# the simple index, if not pypiup's rule).
repo_args = $(if $(findstring ://,$(1)),--repository-url $(1),-r $(1))$(if $(2), --index-url $(2))$(if $(PYPIRC), --config-file $(PYPIRC))$(if $(call tp_of,$(1)), --trusted-publishing $(call tp_of,$(1)))
# Trusted Publishing (pypiup --trusted-publishing) for the repository $(1):
# each index mints its own token for its own audience.
tp_of = $(strip $(if $(filter $(1),$(REAL_REPO)),$(REAL_TRUSTED_PUBLISHING),$(TEST_TRUSTED_PUBLISHING)))
PYPIRC_FILE = $(or $(PYPIRC),$(HOME)/.pypirc)
# The upload URL and the simple index of a repository, as pypiup itself
# resolves them (pypiup --show-urls: one rule for the upload and for pip),
# asked once per run and only when needed (also on a dry run).
show_urls = $(shell $(PYPIUP) --show-urls $(call repo_args,$(1),$(2)) 2>/dev/null)
TEST_URLS = $(eval TEST_URLS := $$(call show_urls,$$(TEST_REPO),$$(TEST_INDEX)))$(TEST_URLS)
REAL_URLS = $(eval REAL_URLS := $$(call show_urls,$$(REAL_REPO),$$(REAL_INDEX)))$(REAL_URLS)
TEST_UPLOAD_URL = $(word 2,$(TEST_URLS))
TEST_PIP_INDEX = $(word 4,$(TEST_URLS))
REAL_UPLOAD_URL = $(word 2,$(REAL_URLS))
REAL_PIP_INDEX = $(word 4,$(REAL_URLS))

# The steps in checklist order; a step whose configuration is empty is
# skipped (single-package projects: no constant, no server repo).
ALL_STEPS = versions const build testupload testinstall upload unconst \
	commit tag next push forgerel provision reqs lock srvcommit srvpr
on_versions = 1
on_const = $(and $(CONST_NAME),$(CONST_FILE))
on_build = 1
on_testupload = 1
on_testinstall = 1
on_upload = 1
on_unconst = $(on_const)
on_commit = 1
on_tag = 1
on_next = $(NEXT_PKGS)
on_push = $(and $(filter 1,$(PUSH)),$(GIT_REMOTE))
on_provision = $(and $(SERVER_DIR),$(SERVER_VERSION_FILE))
on_reqs = $(and $(SERVER_DIR),$(SERVER_REQUIREMENTS),$(SERVER_REQ_PACKAGES))
on_lock = $(and $(SERVER_DIR),$(SERVER_LOCK))
on_srvcommit = $(SERVER_DIR)
on_forgerel = $(and $(FORGE_RELEASE),$(on_push))
on_srvpr = $(and $(SERVER_DIR),$(SERVER_PR))
# Server step 4 pushes the branch (SERVER_PUSH = 1, or for the pull request).
srv_push = $(and $(SERVER_DIR),$(or $(filter 1,$(SERVER_PUSH)),$(SERVER_PR)))
STEPS := $(foreach s,$(ALL_STEPS),$(if $(on_$(s)),$(s)))
# status leaves out the forge's steps when no forge is named.
STATUS_STEPS = $(filter-out $(if $(FORGE_RELEASE),,forgerel) $(if $(SERVER_PR),,srvpr) $(if $(on_next)$(NEXT)$(NEXT_VERSION),,next),$(ALL_STEPS))

# The server steps' commands (run in $(SERVER_DIR)), as status shows them.
PROVBUMP_CMD = $(strip $(PROVBUMP) -i $(if $(filter major,$(PROVISION_BUMP)),--major) $(if $(strip $(PROVISION_REASON)),-m '$(strip $(PROVISION_REASON))')) $(SERVER_VERSION_FILE)
# Git refs and /archive/ names get TAG; == pins and #egg= get VERSION.
# With two streams or per-package tags, each package's own (P_VERSION,
# P_TAG), one reqbump for each (every file checked first: all or nothing).
reqbump_args = $(strip $(if $(filter-out $(call pver,$(firstword $(1))),$(call ptag,$(firstword $(1)))),-t '$(call ptag,$(firstword $(1)))') $(if $(SERVER_REQ_URL),-u $(SERVER_REQ_URL)) $(addprefix -p ,$(1)) $(call pver,$(firstword $(1))) $(SERVER_REQUIREMENTS))
srv_key = $(call pver,$(1))@$(call ptag,$(1))
SRV_KEYS = $(call uniq,$(foreach p,$(SERVER_REQ_PACKAGES),$(call srv_key,$(p))))
srv_group = $(strip $(foreach p,$(SERVER_REQ_PACKAGES),$(if $(filter $(1),$(call srv_key,$(p))),$(p))))
REQBUMP_ARGS = $(call reqbump_args,$(SERVER_REQ_PACKAGES))
REQBUMP_CMD = $(if $(word 2,$(SRV_KEYS)),$(REQBUMP_CHECK) && $(foreach k,$(SRV_KEYS),$(REQBUMP) -i $(call reqbump_args,$(call srv_group,$(k))) &&) :,$(REQBUMP) -i $(REQBUMP_ARGS))
REQBUMP_CHECK = $(if $(word 2,$(SRV_KEYS)),$(foreach k,$(SRV_KEYS),$(REQBUMP) $(call reqbump_args,$(call srv_group,$(k))) >/dev/null &&) :,$(REQBUMP) $(REQBUMP_ARGS))
# forgepr on the server repo and on this one: -R when the repository is
# named, else the remote's URL on stdin (a clone URL may hold a token,
# which must never be in an argument list).
FORGEPR_CMD = $(FORGEPR)$(if $(FORGE_CACERT), --cacert '$(call sq,$(FORGE_CACERT))')
SRV_FORGE = $(if $(SERVER_PR_REPO),$(FORGEPR_CMD) -k $(SERVER_PR) -R '$(SERVER_PR_REPO)',git -C '$(SERVER_DIR)' remote get-url '$(SERVER_REMOTE)' | $(FORGEPR_CMD) -k $(SERVER_PR) -u -)
REL_FORGE = $(if $(FORGE_REPO),$(FORGEPR_CMD) -k $(FORGE_RELEASE) -R '$(FORGE_REPO)',git remote get-url '$(GIT_REMOTE)' | $(FORGEPR_CMD) -k $(FORGE_RELEASE) -u -)
# A package's page on the real index, for the pull request's body.
index_page = $(if $(filter https://pypi.org/simple/,$(REAL_PIP_INDEX)),https://pypi.org/project/$(1)/$(call pver,$(1))/,$(if $(filter https://test.pypi.org/simple/,$(REAL_PIP_INDEX)),https://test.pypi.org/project/$(1)/$(call pver,$(1))/,$(REAL_PIP_INDEX)$(1)/))
# The packages whose archives the constant changes: those whose directory
# holds CONST_FILE.
CONST_PKGS = $(strip $(foreach p,$(PACKAGES),$(if $(or $(filter .,$(call pdir,$(p))),$(filter $(call pdir,$(p))/%,$(CONST_FILE))),$(p))))
space := $(subst ,, )

# The checklist's words for each step, as `status` prints them.
title_versions = 1. $(if $(VERSION_FILES),Increment the version in $(VERSION_FILES) to $(VERSION) (all set to the same version number)$(subst $(space)$(,),$(,),$(strip $(foreach p,$(FILE_PKGS),$(if $($(p)_VERSION),$(,) $(p) to $($(p)_VERSION)))))$(if $(strip $(SIBLING_FILES)), and the exact pins of the packages on each other in $(SIBLING_FILES)),No version file to write)$(if $(SCM_PKGS),; versions from git tags: $(foreach p,$(SCM_PKGS),$(p) $(call pver,$(p)) given to its build$(if $(filter-out $(lastword $(SCM_PKGS)),$(p)),$(,))))
title_const = 2. Set $(or $(CONST_NAME),the constant) to True$(if $(CONST_FILE), in $(CONST_FILE))
title_build = 3. Generate the archives for each package and inspect them (no logos, assets, documentation)
title_testupload = 4. Upload the archives of each package to TestPyPI ($(TEST_REPO): $(or $(TEST_UPLOAD_URL),cannot resolve: see make guards))
title_testinstall = 5. Test installing all packages from TestPyPI ($(TEST_REPO): pip reads $(or $(TEST_PIP_INDEX),?))
title_upload = 6. Upload the packages to the actual Python Package Index ($(REAL_REPO): $(or $(REAL_UPLOAD_URL),cannot resolve: see make guards); dependencies from $(or $(REAL_PIP_INDEX),?))
title_unconst = 7. Set $(or $(CONST_NAME),the constant) to False$(if $(CONST_FILE), in $(CONST_FILE))
title_commit = 7. Commit your changes with the version increments
title_tag = 7. Create a release tag $(ALL_TAGS)
title_next = 7. Set the next development version $(or $(strip $(call uniq,$(foreach p,$(NEXT_PKGS),$(call next_of,$(p))))),(NEXT_VERSION or NEXT)) in $(foreach p,$(NEXT_PKGS),$(foreach f,$($(p)_VERSION_FILES),$(call vpath_of,$(f))))$(if $(and $(NEXT_PKGS),$(strip $(SIBLING_FILES))), and the sibling pins) and commit it ($(NEXT_MSG))
title_push = 7. Push your commit$(if $(on_next),s) and the tag$(if $(P_TAGS),s) to $(GIT_REMOTE) (at once: git push --atomic)
title_provision = server 1. Increment PROVISION_VERSION in $(or $(SERVER_VERSION_FILE),the server's version file (SERVER_VERSION_FILE is empty)) ($(PROVISION_BUMP) bump)$(if $(on_provision),: cd $(SERVER_DIR) && $(PROVBUMP_CMD))
title_reqs = server 2. Update the release tags in the Git URLs for $(SERVER_REQ_PACKAGES) in $(SERVER_REQUIREMENTS)$(if $(on_reqs),: cd $(SERVER_DIR) && $(REQBUMP_CMD))
title_lock = server 3. Run $(or $(SERVER_LOCK),(no lock command)) to update the rest of the requirements files$(if $(on_lock),: cd $(SERVER_DIR) && $(SERVER_LOCK))
title_srvcommit = server 4. Commit $(strip $(SERVER_VERSION_FILE) $(SERVER_REQUIREMENTS) $(SERVER_LOCK_FILES)) on branch $(SERVER_BRANCH) (made before server step 1)$(if $(srv_push), and push it to $(SERVER_REMOTE)) and submit a PR
title_forgerel = 7. Make the release page of $(TAG) on $(or $(FORGE_RELEASE),the forge) (notes: the changelog's section for $(VERSION), else the commit subjects since the previous tag$(if $(filter 1,$(FORGE_ASSETS)),; the archives attached))
title_srvpr = server 4. Open the pull request of $(SERVER_BRANCH) against $(SERVER_BASE) on $(or $(SERVER_PR),the forge)

.PHONY: release status abort guards help $(ALL_STEPS)

release: $(S)/$(lastword $(STEPS))
	@{ echo $(RUN_START); for s in $(STEPS); do echo "$$s $$(date -r $(S)/$$s +%s.%N)"; done; } | \
	awk 'NR == 1 { t0 = p = $$1; next } $$2 > t0 { l = l sprintf("%s%s %.1fs", l ? ", " : "", $$1, $$2 - p); p = $$2 } END { if (l) printf "release.mk: wall time per step: %s (%.1fs in all)\n", l, p - t0 }'
	@echo "release.mk: $(VERSION) released: $(foreach p,$(PACKAGES),$(p)$(if $($(p)_VERSION), $($(p)_VERSION))) on $(REAL_REPO)$(if $(on_next),$(,) $(NEXT_MSG))$(if $(on_push),$(,) tag $(ALL_TAGS) pushed to $(GIT_REMOTE),$(,) tag $(ALL_TAGS) not pushed)"
	$(if $(and $(SERVER_DIR),$(if $(SERVER_PR),,1)),@echo "release.mk: server repo: branch $(SERVER_BRANCH) committed$(if $(srv_push), and pushed to $(SERVER_REMOTE); to open the pull request: cd $(SERVER_DIR) && gh pr create --fill,; to open the pull request: cd $(SERVER_DIR) && git push -u $(SERVER_REMOTE) $(SERVER_BRANCH) && gh pr create --fill)")

help:
	@echo "usage: make -f release.mk release|status|abort|guards|STEP VERSION=X.Y.Z [VAR=VALUE...]"
	@echo "steps: $(STEPS)"

# `make -f release.mk build VERSION=...` runs the steps up to that one.
$(STEPS): %: $(S)/%
$(filter-out $(STEPS),$(ALL_STEPS)):
	@echo "release.mk: step $@ is skipped: its configuration is empty"

# When this run started (the steps' wall times at the end of release).
RUN_START := $(if $(filter release,$(or $(MAKECMDGOALS),release)),$(shell date +%s.%N))

# Chain each enabled step to the one before it.
$(foreach p,$(join $(wordlist 2,$(words $(STEPS)),$(STEPS)),$(addprefix :,$(wordlist 1,$(words $(wordlist 2,$(words $(STEPS)),$(STEPS))),$(STEPS)))),$(eval $(S)/$(firstword $(subst :, ,$(p))): $(S)/$(lastword $(subst :, ,$(p)))))

status:
	@echo "release $(VERSION) of $(PACKAGES) (stamps in $(S)/):"
	@$(foreach s,$(STATUS_STEPS),$(if $(filter versions,$(s)),$(STATUS_VERSIONS),printf '%-8s %s\n' $(if $(on_$(s)),$(if $(wildcard $(S)/$(s)),done,pending),skipped) '$(call sq,$(title_$(s)))';))

# Step 1 is done, before the release runs, when the files hold VERSION.
STATUS_VERSIONS = st=$(if $(wildcard $(S)/versions),done,pending); x=; \
	if [ $$st = pending ] && [ -n '$(VERSION_FILES)' ] && $(foreach p,$(PACKAGES),$(foreach f,$($(p)_VERSION_FILES),[ "$$($(SETVER) -g $(call vname_of,$(f),$(p)) '$(call vpath_of,$(f))' 2>/dev/null)" = '$(call pver,$(p))' ] &&)) :; \
	then st=done; x=' (already in the files)'; fi; printf '%-8s %s%s\n' $$st '$(call sq,$(title_versions))' "$$x"; \
	$(if $(strip $(SIBLING_FILES)),[ $$st = done ] || { $(foreach v,$(STREAMS),$(REQBUMP) -s -c -v $(call sib_args,$(v)) 2>&1 >/dev/null;) } | sed 's/^reqbump: //; s/  */ /g; s/^/         pin: /' | cat -v;)

# --- guards: each failure one line on stderr, exit 2, nothing changed -------
fail = { echo "release.mk: $(1)" >&2; exit 2; }
# creds ARGS NAME: succeeds when pypiup finds the credentials of the
# repository of pypiup ARGS without asking (pypiup --show-urls says so, by
# twine's rules: .pypirc, TWINE_*, __token__ for PyPI, Trusted Publishing),
# or when it can still ask (a keyring command, a terminal). Values never
# printed.
define GUARDS
n=$$($(SETVER) -N '$(VERSION)' 2>/dev/null) || $(call fail,VERSION=$(VERSION) is not a valid PEP 440 version); \
[ "$$n" = '$(VERSION)' ] || $(call fail,VERSION=$(VERSION) is not in PEP 440 normal form: use $$n); \
$(foreach p,$(PACKAGES),$(if $($(p)_VERSION),n=$$($(SETVER) -N '$($(p)_VERSION)' 2>/dev/null) && [ "$$n" = '$($(p)_VERSION)' ] || $(call fail,$(p)_VERSION=$($(p)_VERSION) is not a PEP 440 version in normal form);)) \
vs=$$( $(foreach p,$(PACKAGES),$(if $($(p)_VERSION_FILES),$(foreach f,$($(p)_VERSION_FILES),v=$$($(SETVER) -g $(call vname_of,$(f),$(p)) '$(call vpath_of,$(f))' 2>&1) && echo '$(call pver,$(p))' '$(call vpath_of,$(f))' "$$v" || echo "?cannot read the current version from $(call vpath_of,$(f)): $$v";),$(call lasttag,$(p)) && echo '$(call pver,$(p))' "$$t" || echo "?$(p) has no version file ($(p)_VERSION_FILES is empty): its current version cannot be read or compared with $(call vlabel,$(call pver,$(p)))$(,) and $(if $(findstring $(call pver,$(p)),$(call ptag,$(p))),no git tag on this branch matches '$(call tag_glob,$(p))' to take it from,no tag holds it ($(if $($(p)_TAG),$(p)_TAG,TAG)=$(call ptag,$(p)) does not hold $(call pver,$(p)): set $(p)_TAG)): name the files that hold it$(,) or for a version from git tags (setuptools-scm$(,) hatch-vcs) tag the last release";)) ); \
bad=$$(printf '%s\n' "$$vs" | grep '^?' | head -1); [ -z "$$bad" ] || $(call fail,$${bad#?}); \
same=; was=; $(foreach v,$(STREAMS),sv=$$(printf '%s\n' "$$vs" | awk -v v='$(v)' '$$1 == v { print $$2, $$3 }'); \
[ $$(printf '%s\n' "$$sv" | awk '{print $$2}' | sort -u | wc -l) -eq 1 ] || $(call fail,the version files disagree on the current version: $$(echo $$sv)); \
cur=$$(printf '%s\n' "$$sv" | awk 'NR == 1 {print $$2}'); src=$$(printf '%s\n' "$$sv" | awk 'NR == 1 {print $$1}'); was="$${was:+$$was$(,) }$$cur -> $(v)"; \
r=$$($(SETVER) -C '$(v)' "$$cur" 2>/dev/null) || r=none; case $$r in greater$(rp) ;; equal$(rp) case $$src in tag:*$(rp) $(call fail,$(call vlabel,$(v)) is not greater than the current version $$cur ($${src#tag:}));; esac; same=1;; less$(rp) $(call fail,$(call vlabel,$(v)) is not greater than the current version $$cur);; *$(rp) $(call fail,cannot compare $(call vlabel,$(v)) with the current version '$$cur' of $$src: not a PEP 440 version (set the version files to one));; esac; ) \
$(NEXTCHECK) \
dirty=$$(git status --porcelain --untracked-files=all | awk -v c=' $(CONF_FILES) ' -v s='$(STAMPDIR)/' '{ p = substr($$0, 4); sub(/^"/, "", p) } !index(c, " " p " ") && index(p, s) != 1 { print p }'); \
[ -z "$$dirty" ] || $(call fail,the git tree is not clean: $$(echo $$dirty) (commit or stash them; $(CONF_FILES) and $(STAMPDIR)/ never count)); \
$(if $(strip $(SIBLING_FILES)),$(foreach v,$(STREAMS),m=$$($(REQBUMP) -s -c $(call sib_args,$(v)) 2>&1 >/dev/null) || $(call fail,step 1 would fail: $$(printf '%s\n' "$$m" | head -1 | sed 's/^reqbump: //' | cat -v) (set SIBLING_FILES to leave a file out));)) \
br=$$(git symbolic-ref -q --short HEAD); [ "$$br" = '$(GIT_BRANCH)' ] || { $(if $(CI_KIND),[ -n "$$br" ] || br='(detached: a CI checkout; git checkout -B $(GIT_BRANCH) first)';) $(call fail,on branch $${br:-(detached)}$(,) not on the release branch $(GIT_BRANCH)); }; \
for r in 'TEST_REPO=$(TEST_REPO)|$(call repo_args,$(TEST_REPO),$(TEST_INDEX))' 'REAL_REPO=$(REAL_REPO)|$(call repo_args,$(REAL_REPO),$(REAL_INDEX))'; do \
	m=$$($(PYPIUP) --show-urls $${r#*|} 2>&1 >/dev/null) || $(call fail,$${r%%|*}: pypiup cannot resolve it: $$(printf '%s\n' "$$m" | tail -1)); done; \
[ -n '$(TEST_PIP_INDEX)' ] || $(call fail,no simple index known for TEST_REPO=$(TEST_REPO): set TEST_INDEX); \
[ -n '$(REAL_PIP_INDEX)' ] || $(call fail,no simple index known for REAL_REPO=$(REAL_REPO): set REAL_INDEX); \
[ -z "$${same:-}" ] || { on=$$( { $(foreach v,$(STREAMS),$(PYTHON) -c "$$PYIDX" has '$(REAL_PIP_INDEX)' '$(v)' $(call stream_pkgs,$(v)) || exit $$?;) } 2>&1 ); case $$? in 0) ;; 1) $(call fail,$(VERSION) is already on the real index $(REAL_PIP_INDEX): $$(echo $$on) (an index never takes a file name twice: release a new version));; *) $(call fail,cannot read the real index: $$(echo $$on));; esac; \
	echo "release.mk: the version files already hold $(VERSION)$(,) not on $(REAL_PIP_INDEX) yet: step 1 has nothing to change"; }; \
$(LATE_CHECKS) \
$(if $(CI_BOT_NAME),[ "$${GIT_AUTHOR_NAME:-}" != '$(call sq,$(CI_BOT_NAME))' ] || echo "release.mk: git identity: $$(printf '%s <%s>' "$$GIT_AUTHOR_NAME" "$${GIT_AUTHOR_EMAIL:-}" | cat -v)$(,) the CI's bot (the job sets no user.name or user.email)";) \
$(if $(on_const),$(if $(strip $(DENY)$(foreach p,$(CONST_PKGS),$($(p)_DENY))),,echo "release.mk: warning: $(CONST_NAME) is flipped in $(CONST_FILE) but $(or $(CONST_PKGS),no package) has no deny list ($(or $(firstword $(CONST_PKGS)),P)_DENY or DENY): nothing checks what the constant keeps out of the archives" >&2;)) \
echo "release.mk: guards passed: $$was"
endef

# The next development version: a rule relkit knows, each version in
# normal form and greater than the one released.
define NEXTCHECK
$(if $(filter-out major minor patch,$(NEXT)),$(call fail,NEXT=$(NEXT): major$(,) minor$(,) patch or empty);) \
$(if $(and $(or $(NEXT),$(NEXT_VERSION)),$(if $(FILE_PKGS),,1)),$(call warn,NEXT$(if $(NEXT_VERSION),_VERSION): every package takes its version from git tags: no next development version to write);) \
$(foreach p,$(NEXT_PKGS),n=$$($(SETVER) -N '$(call next_of,$(p))' 2>/dev/null) && [ "$$n" = '$(call next_of,$(p))' ] || $(call fail,the next development version of $(p)$(,) '$(call next_of,$(p))'$(,) is not a PEP 440 version in normal form (NEXT_VERSION$(,) $(p)_NEXT_VERSION)); \
[ "$$($(SETVER) -C '$(call next_of,$(p))' '$(call pver,$(p))' 2>/dev/null)" = greater ] || $(call fail,the next development version of $(p)$(,) $(call next_of,$(p))$(,) is not greater than $(call pver,$(p)));) \
$(if $(and $(NEXT),$(FILE_PKGS),$(if $(NEXT_PKGS),,1)),$(call fail,NEXT=$(NEXT): cannot compute the next version of $(STREAMS));) \
$(if $(strip $(SIBLING_FILES)),$(foreach v,$(STREAMS),$(if $(call next_pkgs_of,$(v)),m=$$($(REQBUMP) -s -c $(call next_pins_args,$(v)) 2>&1 >/dev/null) || $(call fail,the next development version would fail: $$(printf '%s\n' "$$m" | head -1 | sed 's/^reqbump: //' | cat -v) (set SIBLING_FILES to leave a file out));)))
endef

# Who a stream's version is: VERSION, or the P_VERSION of its packages.
vlabel = $(if $(filter $(1),$(VERSION)),VERSION=$(1),$(firstword $(foreach p,$(call stream_pkgs,$(1)),$(if $($(p)_VERSION),$(p)_VERSION=$(1)))))
# The last release of scm package $(1): t="TAG VERSION" of the greatest
# version among the tags on this branch that match its tag's shape
# (fails when there is none).
tag_glob = $(call tag_pre,$(1))*$(call tag_suf,$(1))
lasttag = $(if $(findstring $(call pver,$(1)),$(call ptag,$(1))),,false &&) t=$$(git tag --merged HEAD --list '$(call tag_glob,$(1))' | $(PYTHON) -c "$$LASTTAG" '$(call tag_pre,$(1))' '$(call tag_suf,$(1))') && [ -n "$$t" ]
define LASTTAG
import sys
try:
    from packaging.version import Version
except ImportError:
    from pip._vendor.packaging.version import Version
pre, suf, best = sys.argv[1], sys.argv[2], None
for t in sys.stdin.read().split():
    if not t.startswith(pre) or not t.endswith(suf) or len(t) <= len(pre) + len(suf):
        continue
    try:
        v = Version(t[len(pre):len(t) - len(suf)])
    except Exception:
        continue
    if best is None or v > best[0]:
        best = (v, t)
if best:
    print("tag:%s %s" % (best[1], best[0]))
endef
export LASTTAG

# git can do step 7: an identity for the commit and the tag, a signature
# where the config asks for one (a dangling signed commit object, made and
# left for git gc), the tag free, a dry-run push of the branch and the tag.
gitmsg = awk '/\[rejected\]/ && !r { r = $$0 } /error:|fatal:/ && !m { m = $$0 } NF { l = $$0 } END { print r ? r : m ? m : l }' | sed 's/^ *//' | cat -v
define GITCHECK
$(if $(CI_NO_IDENT),$(call fail,this CI job ($(CI_KIND)) sets no git $(strip $(CI_NO_IDENT)) for the commit and tag of step 7$(,) and the CI names no bot to commit as: set git config user.name and user.email in the job (or GIT_AUTHOR_NAME$(,) GIT_AUTHOR_EMAIL$(,) GIT_COMMITTER_NAME and GIT_COMMITTER_EMAIL));) \
for w in AUTHOR COMMITTER; do git var GIT_$${w}_IDENT >/dev/null 2>&1 || \
	$(call fail,git has no $$(echo $$w | tr A-Z a-z) identity for the commit and tag of step 7: set git config user.name and user.email (or GIT_$${w}_NAME and GIT_$${w}_EMAIL)); done; \
sg=; for k in commit.gpgSign tag.gpgSign tag.forceSignAnnotated; do [ "$$(git config --type=bool $$k 2>/dev/null)" != true ] || sg="$$sg $$k"; done; \
[ -z "$$sg" ] || m=$$(git commit-tree -S 'HEAD^{tree}' -m 'relkit: can git sign?' </dev/null 2>&1 >/dev/null) || \
	$(call fail,git cannot sign the commit and tag of step 7 (asked by$$sg): $$(printf '%s\n' "$$m" | $(gitmsg)) (set user.signingkey to a key $$(git config gpg.program || echo gpg) has$(,) or set$$sg to false)); \
$(if $(on_push),m=$$(git push --dry-run --atomic -q '$(GIT_REMOTE)' 'HEAD:refs/heads/$(GIT_BRANCH)' $(foreach t,$(ALL_TAGS),'HEAD:refs/tags/$(t)') 2>&1 </dev/null) || \
	$(call fail,git push --dry-run --atomic $(GIT_REMOTE) $(GIT_BRANCH) $(ALL_TAGS) fails: $$(printf '%s\n' "$$m" | $(gitmsg)) (step 7 would fail: fix the remote$(,) or set PUSH = 0));) \
$(if $(srv_push),m=$$(git -C '$(SERVER_DIR)' push --dry-run -q '$(SERVER_REMOTE)' 'HEAD:refs/heads/$(SERVER_BRANCH)' 2>&1 </dev/null) || \
	$(call fail,git push --dry-run $(SERVER_REMOTE) $(SERVER_BRANCH) in the server repo $(SERVER_DIR) fails: $$(printf '%s\n' "$$m" | $(gitmsg)) (server step 4 would fail: fix the remote$(,) or $(if $(SERVER_PR),empty SERVER_PR,set SERVER_PUSH = 0)));) \
true;
endef

# What a later step needs, checked by the guards and again (the rehearsal)
# before the first upload: git can commit, sign, tag and push; the
# credentials resolve; the server steps dry-run.
define LATE_CHECKS
rc='$(PYPIRC_FILE)'; \
creds() { c=$$($(PYPIUP) --show-urls $$1 2>/dev/null | sed -n 's/^credentials //p'); [ "$$c" = yes ] && return 0; \
	if command -v $(KEYRING) >/dev/null 2>&1; then echo "release.mk: warning: $$2: no credentials configured; pypiup will ask the keyring" >&2; return 0; fi; \
	case "$${TWINE_NON_INTERACTIVE:-}" in ""|0|false|False|FALSE|no|No|NO|off|Off|OFF) [ -t 0 ] && { echo "release.mk: warning: $$2: no credentials configured; pypiup will ask for them" >&2; return 0; };; esac; return 1; }; \
$(GITCHECK) \
$(foreach t,$(ALL_TAGS),! git rev-parse -q --verify 'refs/tags/$(t)' >/dev/null || $(call fail,tag $(t) already exists locally); \
$(if $(GIT_REMOTE),rt=$$(git ls-remote --tags '$(GIT_REMOTE)' 'refs/tags/$(t)' 2>/dev/null) || $(call fail,cannot reach git remote $(GIT_REMOTE)); \
[ -z "$$rt" ] || $(call fail,tag $(t) already exists on $(GIT_REMOTE));)) \
creds '$(call repo_args,$(TEST_REPO),$(TEST_INDEX))' 'TEST_REPO=$(TEST_REPO)' || $(call fail,no credentials for the test index $(TEST_REPO): set TWINE_USERNAME and TWINE_PASSWORD or its section in $$rc$(CI_TP_HINT)); \
creds '$(call repo_args,$(REAL_REPO),$(REAL_INDEX))' 'REAL_REPO=$(REAL_REPO)' || $(call fail,no credentials for the real index $(REAL_REPO): set TWINE_USERNAME and TWINE_PASSWORD or its section in $$rc$(CI_TP_HINT)); \
$(if $(SERVER_DIR),[ -d '$(SERVER_DIR)' ] || $(call fail,server repo $(SERVER_DIR): no such directory); \
[ -z "$$(git -C '$(SERVER_DIR)' status --porcelain 2>&1)" ] || $(call fail,the server repo $(SERVER_DIR) is not clean (git status)); \
sb=$$(git -C '$(SERVER_DIR)' symbolic-ref -q --short HEAD); [ "$$sb" = '$(SERVER_BASE)' ] || $(call fail,the server repo $(SERVER_DIR) is on $${sb:-(detached)}$(,) not on $(SERVER_BASE)); \
! git -C '$(SERVER_DIR)' rev-parse -q --verify 'refs/heads/$(SERVER_BRANCH)' >/dev/null || $(call fail,branch $(SERVER_BRANCH) already exists in the server repo $(SERVER_DIR)); \
$(if $(on_provision),m=$$(cd '$(SERVER_DIR)' && $(subst $(PROVBUMP) -i,$(PROVBUMP),$(PROVBUMP_CMD)) 2>&1 >/dev/null) || $(call fail,server step 1 would fail: $$(echo $$m) (set SERVER_VERSION_FILE));) \
$(if $(on_reqs),m=$$(cd '$(SERVER_DIR)' && { $(REQBUMP_CHECK); } 2>&1 >/dev/null) || $(call fail,server step 2 would fail: $$(echo $$m) (set SERVER_REQ_PACKAGES to the packages $(SERVER_REQUIREMENTS) pins$(,) or SERVER_REQUIREMENTS));) \
$(if $(on_lock),set -- $(SERVER_LOCK); case $$1 in (/*) [ -x "$$1" ];; (*/*) [ -x '$(SERVER_DIR)'/"$$1" ];; (*) command -v "$$1" >/dev/null;; esac || \
	$(call fail,server step 3 would fail: $$1: not found$(if $(SERVER_UV), (the server repo has uv.lock: install uv or set SERVER_LOCK), in $(SERVER_DIR) or on PATH (set SERVER_LOCK)));)) \
$(FORGECHECK) \
true;
endef
, := ,

# The forges: the kinds known, the token present and able to see each
# repository (forgepr -P, one read request), before the first upload.
define FORGECHECK
$(foreach v,SERVER_PR FORGE_RELEASE,$(if $(filter-out github gitlab,$($(v))),$(call fail,$(v)=$($(v)): github$(,) gitlab or empty);)) \
$(if $(on_srvpr),m=$$($(SRV_FORGE) -P 2>&1 >/dev/null) || $(call fail,SERVER_PR=$(SERVER_PR): $$(printf '%s\n' "$$m" | tail -1 | sed 's/^forgepr: //' | cat -v));) \
$(if $(on_forgerel),m=$$($(REL_FORGE) -P 2>&1 >/dev/null) || $(call fail,FORGE_RELEASE=$(FORGE_RELEASE): $$(printf '%s\n' "$$m" | tail -1 | sed 's/^forgepr: //' | cat -v));)
endef

# What a simple index holds of our projects (PEP 503 pages, over HTTP or
# in a file:// index):
#   has INDEX VERSION NAME...  exit 1 naming each NAME with a file of VERSION
#   prev INDEX VERSION NAME DIR  fetch the archives of NAME's greatest
#                              version below VERSION into DIR, print it
# Exit 3 when a page cannot be read (a missing page is an empty project).
define PYIDX
import hashlib, html.parser, os, re, sys, urllib.error, urllib.parse, urllib.request
try:
    from packaging.version import Version, InvalidVersion
except ImportError:
    from pip._vendor.packaging.version import Version, InvalidVersion
def norm(n):
    return re.sub(r"[-_.]+", "-", n).lower()
class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []
    def handle_starttag(self, tag, attrs):
        h = dict(attrs).get("href")
        if tag == "a" and h:
            self.links.append(h)
class Here(urllib.request.HTTPRedirectHandler):
    # A redirect to another host (pypiserver's fallback to PyPI for a
    # project it lacks) says the project is not on this index.
    def redirect_request(self, req, fp, code, msg, hdrs, newurl):
        a, b = urllib.parse.urlsplit(req.full_url), urllib.parse.urlsplit(newurl)
        if (a.scheme, a.netloc) != (b.scheme, b.netloc):
            raise urllib.error.HTTPError(req.full_url, 404, "redirected off the index", hdrs, fp)
        return super().redirect_request(req, fp, code, msg, hdrs, newurl)
def get(url):
    if url.startswith("file:"):
        path = urllib.request.url2pathname(urllib.parse.urlparse(url).path)
        if os.path.isdir(path):
            url = urllib.parse.urljoin(url, "index.html")
    req = urllib.request.Request(url, headers={"Accept": "text/html", "Cache-Control": "no-cache"})
    with urllib.request.build_opener(Here).open(req, timeout=60) as r:
        return r.read()
def files(index, name):
    url = index.rstrip("/") + "/" + norm(name) + "/"
    try:
        page = get(url).decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        if e.code == 404:
            return []
        sys.exit("%s: %s" % (url, e))
    except (OSError, ValueError) as e:
        if url.startswith("file:") and isinstance(e, (FileNotFoundError, urllib.error.URLError)):
            return []
        sys.exit("%s: %s" % (url, e))
    p = Links()
    p.feed(page)
    out = []
    for h in p.links:
        full = urllib.parse.urljoin(url, h)
        fn = urllib.parse.unquote(urllib.parse.urlparse(full).path.rsplit("/", 1)[-1])
        if fn.endswith(".whl"):
            parts = fn[:-4].split("-")
            n, v = parts[0], parts[1] if len(parts) > 1 else ""
        elif fn.endswith((".tar.gz", ".zip")):
            n, _, v = fn[:-7 if fn.endswith(".tar.gz") else -4].rpartition("-")
        else:
            continue
        if norm(n) != norm(name):
            continue
        try:
            out.append((Version(v), fn, full))
        except InvalidVersion:
            pass
    return out
def main(a):
    try:
        if a[0] == "has":
            want, found = Version(a[2]), []
            for n in a[3:]:
                found += sorted(set(fn for v, fn, u in files(a[1], n) if v == want))
            print(" ".join(found))
            return 1 if found else 0
        index, want, name, d = a[1], Version(a[2]), a[3], a[4]
        older = [f for f in files(index, name) if f[0] < want]
        if not older:
            return 0
        top = max(v for v, fn, u in older)
        os.makedirs(d, exist_ok=True)
        for v, fn, url in older:
            if v != top:
                continue
            data = get(url.split("#")[0])
            m = re.search(r"#sha256=([0-9a-f]{64})", url)
            if m and hashlib.sha256(data).hexdigest() != m.group(1):
                sys.exit("%s: sha256 differs from the index's" % fn)
            with open(os.path.join(d, fn), "wb") as f:
                f.write(data)
        print(top)
        return 0
    except SystemExit as e:
        if isinstance(e.code, str):
            print(e.code, file=sys.stderr)
            return 3
        raise
sys.exit(main(sys.argv[1:]))
endef
export PYIDX

# Guards alone, changing nothing.
guards:
	@$(GUARDS)

# --- checklist step 1 -----------------------------------------------------
# The guards run before anything changes; once step 1 has started (its
# record of the old version exists) a rerun skips them and resumes.
$(S)/versions:
	@$(if $(DRY),: guards: VERSION=$(VERSION) valid and newer than the version files$(if $(SCM_PKGS), (git tags for $(SCM_PKGS))); git tree clean on $(GIT_BRANCH); tag $(ALL_TAGS) absent; credentials for both indexes; $(VERSION) not on $(REAL_PIP_INDEX)$(if $(SERVER_DIR),; server repo $(SERVER_DIR) clean on $(SERVER_BASE)$(,) server steps dry-run$(,) $(firstword $(SERVER_LOCK)) found),if [ ! -f $(S)/prev-version ]; then $(call quiet_once,$(GUARDS),guards); fi)
	@mkdir -p $(S)
	@[ -f $(S)/prev-version ] || { \
		$(if $(MAIN_FILE_PKG),$(call prev_of,$(MAIN_FILE_PKG)),echo -) >$(S)/prev.tmp && \
		$(foreach p,$(FILE_PKGS),$(if $($(p)_VERSION),$(call prev_of,$(p)) >$(S)/prev-version-$(p) &&)) \
		rm -rf $(S)/prev-files && mkdir -p $(S)/prev-files && $(foreach f,$(sort $(VERSION_FILES) $(SIBLING_FILES)),mkdir -p '$(S)/prev-files/$(dir $(f))' && cp -p '$(f)' '$(S)/prev-files/$(f)' &&) \
		$(if $(on_const),$(SETCONST) -g $(CONST_NAME) $(CONST_FILE) >$(S)/prev-const &&) \
		mv $(S)/prev.tmp $(S)/prev-version; }
	@[ "$$(cat $(S)/prev-version)" != '$(VERSION)' ] || echo "release.mk: step 1 already done: $(VERSION_FILES) hold $(VERSION)"
	$(foreach p,$(FILE_PKGS),$(call set_versions,$(p),$(call pver,$(p)))$(nl))
	$(if $(strip $(SIBLING_FILES)),$(MOVE_PINS))
	@$(foreach f,$(SIBLING_FILES),mkdir -p '$(S)/prev-pins-moved/$(dir $(f))' && cp -p '$(f)' '$(S)/prev-pins-moved/$(f)' &&) :
	@touch $@

# The current version of package $(1), from its first version file.
prev_of = $(strip $(SETVER) -g $(call vname_of,$(firstword $($(1)_VERSION_FILES)),$(1))) $(call vpath_of,$(firstword $($(1)_VERSION_FILES)))
MAIN_FILE_PKG = $(firstword $(foreach p,$(FILE_PKGS),$(if $($(p)_VERSION),,$(p))))
# reqbump -s arguments for the packages of version stream $(1).
sib_args = $(addprefix -p ,$(call stream_pkgs,$(1))) $(1) $(SIBLING_FILES)
# The siblings' exact pins moved, each stream's to its version; with two
# streams every file is checked first (all or nothing).
MOVE_PINS = $(if $(word 2,$(STREAMS)),$(foreach v,$(STREAMS),$(REQBUMP) -s -c $(call sib_args,$(v)) >/dev/null &&)) $(foreach v,$(STREAMS),$(REQBUMP) -s -c -i -v $(call sib_args,$(v)) &&) :

# --- step 2 ---------------------------------------------------------------
$(S)/const:
	$(SETCONST) -i $(CONST_NAME) True $(CONST_FILE)
	@touch $@

# --- step 3: clean build, then inspection; a failed inspection rebuilds ----
# Then the rehearsal of what the archives must be: each one's file name
# and metadata say VERSION; the siblings' pins hold VERSION; the wheels
# install together into a fresh venv and pass step 5's checks.
$(S)/build:
	$(foreach p,$(PACKAGES),rm -rf $(call pdir,$(p))/dist $(call pdir,$(p))/build && find $(call pdir,$(p)) -maxdepth 2 -name '*.egg-info' -type d -prune -exec rm -rf {} +$(nl))
	@$(if $(DRY),:,$(PIPCHECK))
	@$(if $(DRY),echo '$(call sq,$(foreach d,$(BUILD_DIRS),(cd $(d) && $(if $(call scm_env,$(d)),env $(call scm_env,$(d)) )$(BUILD)) &))',$(BUILD_ALL))
# what PyPI would refuse first: pkgls -c makes the same checks, but
# only this names the usual fix
	@$(if $(DRY),echo '$(call sq,$(PYPIUP) -n $(call repo_args,$(TEST_REPO),$(TEST_INDEX)) $(ARCHIVES))',mkdir -p $(LOGS) && \
	$(PYPIUP) -n $(call repo_args,$(TEST_REPO),$(TEST_INDEX)) $(ARCHIVES) >/dev/null 2>$(LOGS)/check.err; rc=$$?; \
	$(ONCE) <$(LOGS)/check.err >&2; [ $$rc -eq 0 ] || { $(REFUSALS); exit 2; })
	@$(foreach p,$(PACKAGES),echo '$(call sq,$(strip $(PKGLS) -c $(call deny,$(p))) $(call pdir,$(p))/dist/*)' && $(if $(DRY),,{ e=$$(mktemp) || exit 2; $(strip $(PKGLS) -c $(call deny,$(p))) $(call pdir,$(p))/dist/* 2>$$e; rc=$$?; $(ONCE) <$$e >&2; d=0; grep -q ': denied by ' $$e && d=1; rm -f $$e; [ $$rc -eq 0 ] || { [ $$d = 0 ] || $(call finders,$(p)); exit 2; }; } &&)) :
	@$(if $(DRY),: rehearsal: archive versions$(,) sibling pins$(,) the wheels installed together,$(REHEARSE))
	@rm -rf $(S)/previous
	@$(foreach p,$(PACKAGES),{ $(call showdiff,$(p)); } &&) :
	@touch $@

uniq = $(if $(1),$(firstword $(1)) $(call uniq,$(filter-out $(firstword $(1)),$(1))))
BUILD_DIRS = $(strip $(call uniq,$(foreach p,$(PACKAGES),$(call pdir,$(p)))))
# Work files of a release (build logs, the rehearsal's venv).
LOGS = $(S)/venv-logs
RVENV = $(S)/venv-rehearsal
blog = $(LOGS)/build-$$(printf %s "$$d" | tr -c 'A-Za-z0-9._-' _)

# The venvs are made without ensurepip: pip installs into them from outside.
# (PIP 'PY -m pip': pip's version from PY itself, without starting pip.)
PIPCHECK = p='$(call sq,$(PIP))'; case $$p in (*' -m pip') pv=$$($${p% -m pip} -c 'import pip; print(pip.__version__)' 2>/dev/null);; \
	(*) pv=$$($(PIP) --version 2>/dev/null | awk '{ print $$2 }');; esac; \
	[ -n "$$pv" ] && [ "$$(printf '22.3\n%s\n' "$$pv" | sort -V | head -1)" = 22.3 ] || { \
	echo "release.mk: step 3: $(PIP): $${pv:+pip $$pv$(,) }not pip 22.3 or later: the venvs made without ensurepip need its --python; install python3-pip (Debian 12 has pip 23)$(,) or set PIP" >&2; exit 2; }

# The version of each scm package fixed for its build (setuptools-scm's
# variables, which hatch-vcs honours too), in the shell where $$d is the
# build directory.
rp := )
BUILD_ENV = case "$$d" in $(foreach d,$(BUILD_DIRS),$(if $(call scm_env,$(d)),'$(d)'$(rp) export $(call scm_env,$(d));;)) esac;
# Each package directory built at once, its output kept in $(LOGS) and
# shown when its build fails.
define BUILD_ALL
mkdir -p $(LOGS) && for d in $(BUILD_DIRS); do rm -f $(blog).rc; \
	{ (cd "$$d" && $(BUILD_ENV) $(BUILD)) </dev/null >$(blog).log 2>&1; echo $$? >$(blog).rc; } & $(if $(filter 0,$(BUILD_PARALLEL)),wait;) done; wait; \
bad=0; for d in $(BUILD_DIRS); do rc=$$(cat $(blog).rc 2>/dev/null || echo '?'); \
	if [ "$$rc" = 0 ]; then echo "release.mk: step 3: built in $$d: $$(cd "$$d/dist" 2>/dev/null && echo *)"; \
	else bad=1; echo "release.mk: step 3: the build in $$d failed (exit $$rc: $(call sq,$(BUILD))); its output, kept in $(blog).log:" >&2; sed 's/^/  /' $(blog).log | cat -v >&2; fi; done; \
[ $$bad -eq 0 ] || exit 2
endef

# What PyPI would refuse, in $(LOGS)/check.err: the usual fix of each kind.
# (Only refusals count: a warning that names a classifier PyPI may still
# know, beside a refusal of another kind, is no classifier refusal.)
define REFUSALS
e=$(LOGS)/check.refused; grep -v 'warning: ' $(LOGS)/check.err >$$e; r='release.mk: step 3: PyPI would refuse the archives above:'; n=0; \
if grep -q 'PEP 625' $$e; then n=1; echo "$$r an sdist name that is not PEP 625's$(,) as setuptools < 69 writes NAME-VERSION.tar.gz: spell the name in the setup metadata with '_' in place of '-' and '.'$(,) or build with a newer setuptools" >&2; fi; \
if grep -q 'local versions' $$e; then n=1; echo "$$r a local version (after '+'): no public index takes one; $(if $(findstring +,$(VERSION)),release a VERSION without it$(,) and if the backend takes the version from git (setuptools-scm)$(,) build from a clean tree at the tag,VERSION=$(VERSION) has none: the build backend made the version itself (setuptools-scm and hatch-vcs read it from git$(,) and give '+g<hash>' or '.d<date>' off a tag or in a changed tree)$(,) not from $(or $(strip $(foreach p,$(PACKAGES),$($(p)_VERSION_FILES))),the version files (none named)): name the file it reads in $(subst $(space), or ,$(strip $(foreach p,$(PACKAGES),$(p)_VERSION_FILES))))" >&2; fi; \
if grep -q 'introduced in metadata version' $$e; then n=1; echo "$$r a metadata field newer than the Metadata-Version the archive declares: the build backend is older than the project's pyproject.toml needs (an old hatchling writes License-Expression under Metadata-Version 2.1); build with a newer backend" >&2; fi; \
if grep -qi 'classifier' $$e; then n=1; echo "$$r a classifier PyPI does not know or has deprecated: fix the classifiers in the package's metadata" >&2; fi; \
[ $$n -eq 1 ] || echo "$$r fix what pypiup names in the package's metadata and rerun" >&2
endef

# The setuptools file finders installed for $(PYTHON) (setuptools-scm's
# puts every file git tracks into an sdist).
define FINDERS
import importlib.metadata as m
try:
    eps = m.entry_points(group="setuptools.file_finders")
except TypeError:
    eps = m.entry_points().get("setuptools.file_finders", [])
print(", ".join(sorted({(e.dist.name if getattr(e, "dist", None) else e.value) for e in eps})))
endef
export FINDERS
finders = ff=$$($(PYTHON) -c "$$FINDERS" 2>/dev/null); [ -z "$$ff" ] || echo "release.mk: step 3: $(1): if the project's own files (MANIFEST.in$(,) package data) leave the denied files out$(,) the likely cause is a setuptools file finder installed for $(PYTHON): $$ff$(,) which puts every file git tracks into the sdist; exclude them in MANIFEST.in (prune$(,) exclude) or build where it is not installed" | cat -v >&2

# The rehearsal of the archives (see $(S)/build).
define REHEARSE
bad=0; $(foreach p,$(PACKAGES),for f in $(call pdir,$(p))/dist/*; do [ -f "$$f" ] || continue; b=$${f##*/}; \
	case $$b in (*.whl) fv=$$(echo "$$b" | cut -d- -f2);; (*.tar.gz) fv=$${b%.tar.gz}; fv=$${fv##*-};; (*.zip) fv=$${b%.zip}; fv=$${fv##*-};; (*) continue;; esac; \
	mv=$$($(PKGLS) -m "$$f" 2>/dev/null | sed -n 's/^Version\t//p' | head -1); \
	nv=$$($(SETVER) -N "$$mv" 2>/dev/null); \
	[ "$$fv" = '$(call pver,$(p))' ] && [ "$$nv" = '$(call pver,$(p))' ] || { bad=1; \
	echo "release.mk: rehearsal: $$f is version $$(printf %s "$$fv" | cat -v) (file name) and $$(printf %s "$${mv:-?}" | cat -v) (metadata)$(,) not $(if $($(p)_VERSION),$(p)_VERSION,VERSION)=$(call pver,$(p)): $(if $($(p)_VERSION_FILES),the build backend reads its version from elsewhere than $($(p)_VERSION_FILES) (another file$(,) or git tags): name the file it reads in $(p)_VERSION_FILES,its build did not take the version release.mk gave it in $(call scm_var,$(p)) and SETUPTOOLS_SCM_PRETEND_VERSION (a backend other than setuptools-scm or hatch-vcs?): name the file that holds the version in $(p)_VERSION_FILES)$(,) then abort and release again" >&2; }; done;) \
[ $$bad -eq 0 ] || exit 2; \
set -- $(foreach p,$(PACKAGES),$$(ls -d $(call pdir,$(p))/dist/*.whl 2>/dev/null || ls -d $(call pdir,$(p))/dist/*.tar.gz)); \
pins=$$(for f; do $(PKGLS) -m "$$f" | awk -v f="$$f" -F '\t' '$$1 == "Requires-Dist" { print f "\t" $$2 }'; done | $(PYTHON) -c "$$SIBPINS" $(foreach p,$(PACKAGES),'$(p)=$(call pver,$(p))')); \
case $$? in 0) ;; 1) printf '%s\n' "$$pins" | while IFS='	' read -r f q; do d=$${f%/dist/*}; n=$${q%%[!A-Za-z0-9._-]*}; \
	src=$$(cd "$$d" && grep -lis -e "$$(printf %s "$$n" | sed 's/[-_.]/[-_.]/g')" pyproject.toml setup.cfg setup.py requirements*.txt 2>/dev/null | head -1); \
	v=$$(printf '%s\n' $(foreach p,$(PACKAGES),'$(p)=$(call pver,$(p))') | $(PYTHON) -c 'import re, sys; n = lambda s: re.sub(r"[-_.]+", "-", s).lower(); w = n(sys.argv[1]); print(next((l.strip().split("=", 1)[1] for l in sys.stdin if n(l.split("=", 1)[0]) == w), "?"))' "$$n"); \
	echo "release.mk: rehearsal: $$f requires $$(printf %s "$$q" | cat -v)$(,) which this release's $$n $$v does not satisfy$${src:+ (the pin is in $$d/$$src)}: pin the sibling to $$v$(,) then rerun" >&2; done; exit 2;; \
	*) echo "release.mk: rehearsal: cannot read the requirements of the archives: $$(printf '%s\n' "$$pins" | tail -1 | cat -v)" >&2; exit 2;; esac; \
rm -rf $(RVENV) && mkdir -p $(LOGS) && $(strip $(PYTHON) -m venv --without-pip $(VENV_FLAGS)) $(RVENV) && \
{ $(PIP) --python $(RVENV)/bin/python install $(PIP_FLAGS) --index-url '$(REAL_PIP_INDEX)' "$$@" >$(LOGS)/rehearsal-pip.log 2>&1 || { \
	l=$$(grep . $(LOGS)/rehearsal-pip.log | grep -v '^ *\(Note\|hint\|[│╰]\)' | tail -1); $(WHO_REQUIRES); \
	echo "release.mk: rehearsal: the archives do not install together into a fresh venv (dependencies from $(REAL_PIP_INDEX)$(,) as in step 5): $$(printf %s "$$l$$who" | cat -v) (pip's output: $(LOGS)/rehearsal-pip.log)" >&2; exit 2; }; }; \
m=$$($(call installed,$(RVENV)) 2>&1) || { echo "release.mk: rehearsal: step 5 would fail: $$(printf '%s\n' "$$m" | tail -1 | cat -v)" >&2; exit 2; }; \
echo "release.mk: rehearsal: every archive holds $(if $(word 2,$(STREAMS)),its version ($(foreach p,$(PACKAGES),$(p)=$(call pver,$(p)))),$(VERSION)); the wheels install together and import"
endef

# What pip found no distribution for ($$l), named with the archives
# ("$$@") that require it and the package file that holds the requirement
# (a sibling of the repo left out of PACKAGES, pinned at its .dev version).
define WHO_REQUIRES
who=; n=$$(printf %s "$$l" | sed -n 's/.*No matching distribution found for \([A-Za-z0-9._-]*\).*/\1/p'); \
if [ -n "$$n" ]; then for f; do $(PKGLS) -m "$$f" 2>/dev/null | awk -F '\t' -v n="$$n" 'function norm(x) { x = tolower(x); gsub(/[-_.]+/, "-", x); return x } \
	$$1 == "Requires-Dist" { q = $$2; sub(/[^A-Za-z0-9._-].*/, "", q); if (norm(q) == norm(n)) { found = 1; exit } } END { exit !found }' || continue; \
	d=$${f%/dist/*}; src=$$(cd "$$d" && grep -lis -e "$$(printf %s "$$n" | sed 's/[-_.]/[-_.]/g')" pyproject.toml setup.cfg setup.py requirements*.txt 2>/dev/null | head -1); \
	who="$$who$${who:+,} $${f##*/}$${src:+ ($$d/$$src)}"; done; \
	[ -z "$$who" ] || who="; $$n is required by$$who: if it is a package of this repo$(,) release it first or with these (PACKAGES)$(,) else make it available on $(REAL_PIP_INDEX)"; fi
endef

# The install checks of step 5 in venv $(1), one Python for all packages:
# each package is its version and its modules import.
installed = $(1)/bin/python -c "$$INSTALLED" $(foreach p,$(PACKAGES),'$(p)' '$(call pver,$(p))' $(call imports,$(p)) --)
define INSTALLED
import importlib, importlib.metadata as md, sys
args = sys.argv[1:]
while args:
    n = args.index("--")
    p, v, mods, args = args[0], args[1], args[2:n], args[n + 1:]
    try:
        got = md.version(p)
    except md.PackageNotFoundError:
        sys.exit("%s is not installed" % p)
    if got != v:
        sys.exit("%s %s installed, not %s" % (p, got, v))
    for m in mods:
        try:
            importlib.import_module(m)
        except Exception as e:
            sys.exit("import %s: %s: %s" % (m, type(e).__name__, e))
endef
export INSTALLED

# Requirements ARCHIVE<TAB>REQ on stdin naming a sibling (argv[1:], each
# NAME=VERSION) whose specifier does not hold the sibling's version:
# printed, exit 1.
define SIBPINS
import re, sys
try:
    from packaging.requirements import Requirement
except ImportError:
    from pip._vendor.packaging.requirements import Requirement
norm = lambda n: re.sub(r"[-_.]+", "-", n).lower()
sibs, bad = dict((norm(a.split("=", 1)[0]), a.split("=", 1)[1]) for a in sys.argv[1:]), 0
for line in sys.stdin:
    f, _, r = line.rstrip("\n").partition("\t")
    try:
        q = Requirement(r)
    except Exception:
        continue
    if norm(q.name) in sibs and not q.specifier.contains(sibs[norm(q.name)], prereleases=True):
        print("%s\t%s" % (f, r))
        bad = 1
sys.exit(bad)
endef
export SIBPINS

# Each distinct warning or note once per run ($(WARNED), kept by the
# locked run): pkgls and pypiup say the same of each archive.
ONCE = awk -v f='$(WARNED)' 'BEGIN { while ((r = (getline l < f)) > 0) seen[l] = 1; keep = r == 0 } \
	{ k = $$0; if (k ~ /(warning|note): /) { sub(/^.*(warning|note): /, "", k); sub(/^line [0-9]+: /, "", k); if (k in seen) next; seen[k] = 1; if (keep) print k >>f } print; fflush() }'
warn = echo "release.mk: warning: $(1)" | $(ONCE) >&2

# The inspection: members added and removed since the archives of the
# previous release on the real index (pkgls -d), for a person to read.
define showdiff
if ! pv=$$($(PYTHON) -c "$$PYIDX" prev '$(REAL_PIP_INDEX)' '$(call pver,$(1))' '$(1)' '$(S)/previous/$(1)' 2>&1); then echo "release.mk: step 3: $(1): cannot read the previous release, nothing to compare with: $$(echo $$pv)" >&2; \
elif [ -z "$$pv" ]; then echo "release.mk: step 3: $(1): no earlier release on $(REAL_PIP_INDEX): the archives are new"; else \
for new in $(call pdir,$(1))/dist/*; do case $$new in *.whl) k=wheel; set -- $(S)/previous/$(1)/*.whl;; *) k=sdist; set -- $(S)/previous/$(1)/*.tar.gz $(S)/previous/$(1)/*.zip;; esac; \
	old=; for o; do [ -f "$$o" ] && { old=$$o; break; }; done; \
	if [ -z "$$old" ]; then echo "release.mk: step 3: $(1): no $$k of $$pv to compare $${new##*/} with"; continue; fi; \
	d=$$($(PKGLS) -d "$$old" "$$new"); case $$? in 0) echo "release.mk: step 3: $${new##*/}: the same members as $${old##*/}";; 1) echo "release.mk: step 3: $${new##*/}: members added (+) and removed (-) since $${old##*/}:"; printf '%s\n' "$$d" | sed 's/^/  /';; *) exit 2;; esac; done; fi
endef

# --- step 4 ---------------------------------------------------------------
# Before the first upload the rest of the rehearsal: git can do step 7,
# the credentials resolve, the server steps dry-run. The sha256 of each
# archive is recorded: step 6 uploads only these bytes.
$(S)/testupload:
	@$(if $(DRY),: rehearsal: git identity$(,) signing$(,) tag free$(,) push --dry-run; credentials; server steps dry-run$(if $(or $(on_srvpr),$(on_forgerel)),; forge tokens (forgepr -P)),$(call quiet_once,$(LATE_CHECKS),late) && echo "release.mk: rehearsal: git can commit$(,) tag and push; credentials and server steps ready")
	@$(if $(DRY),:,sha256sum $(ARCHIVES) >$(S)/started-testupload.tmp && mv $(S)/started-testupload.tmp $(S)/started-testupload)
	$(call upload_once,$(PYPIUP) $(call repo_args,$(TEST_REPO),$(TEST_INDEX)) --skip-existing --verify$(if $(PYPIUP_FLAGS), $(PYPIUP_FLAGS)) $(ARCHIVES),testupload)
	@touch $@

# Shell commands $(1) with their stderr kept in a temporary file, then
# shown with each warning once per run; their status kept.
quiet_once = e=$$(mktemp) || exit 2; ( $(1) ) 2>$$e; rc=$$?; $(ONCE) <$$e >&2; rm -f $$e; [ $$rc -eq 0 ] || exit $$rc
upload_once = $(if $(DRY),$(1),@echo '$(call sq,$(1))'; $(call quiet_once,$(1),$(2)))

# --- step 5: our packages from the test index only, their dependencies from
# the real index only, in a fresh venv ---------------------------------------
$(S)/testinstall:
	rm -rf $(S)/venv $(S)/wheelhouse
	$(strip $(PYTHON) -m venv --without-pip $(VENV_FLAGS)) $(S)/venv
	$(PIP) --python $(S)/venv/bin/python download $(PIP_FLAGS) --no-deps --index-url $(TEST_PIP_INDEX) -d $(S)/wheelhouse $(foreach p,$(PACKAGES),'$(p)==$(call pver,$(p))')
	@$(if $(DRY),:,if $(TESTED_HERE); then rm -rf $(S)/venv && ln -s $(notdir $(RVENV)) $(S)/venv && \
		echo "release.mk: step 5: the test index serves the very archives the rehearsal installed together (the sha256 of the test upload): its venv stands for this one"; \
	else echo '$(call sq,$(STEP5_INSTALL))'; $(STEP5_INSTALL); fi)
	$(call installed,$(S)/venv)
	@touch $@

STEP5_INSTALL = $(PIP) --python $(S)/venv/bin/python install $(PIP_FLAGS) --index-url $(REAL_PIP_INDEX) $(S)/wheelhouse/*
# Reuse the rehearsal's venv: what pip took from the test index is, byte for
# byte, what the rehearsal installed (from the same real index).
TESTED_HERE = ( [ -x $(RVENV)/bin/python ] && [ -s $(S)/started-testupload ] && \
	for f in $(S)/wheelhouse/*; do h=$$(sha256sum <"$$f" | cut -d' ' -f1) && grep -q "^$$h " $(S)/started-testupload || exit 1; done )

# --- step 6 ---------------------------------------------------------------
# Only the bytes uploaded to the test index and tested reach the real one.
$(S)/upload:
	@$(if $(DRY),: the archives are those of the test upload,$(TESTED))
	@touch $(S)/started-upload
	$(call upload_once,$(PYPIUP) $(call repo_args,$(REAL_REPO),$(REAL_INDEX)) --skip-existing --verify$(if $(PYPIUP_FLAGS), $(PYPIUP_FLAGS)) $(ARCHIVES),upload)
	@touch $@

define TESTED
now=$$(sha256sum $(ARCHIVES)) && was=$$(cat $(S)/started-testupload) || exit 2; \
if [ -z "$$was" ]; then $(call warn,step 6: no sha256 recorded at the test upload (started by an older release.mk): the archives are not compared with those tested); \
elif [ "$$now" != "$$was" ]; then { ch=$$( { printf '%s\n' "$$now" | grep -vxF -e "$$was"; printf '%s\n' "$$was" | grep -vxF -e "$$now"; } | awk '{ print $$2 }' | sort -u | tr '\n' ' '); \
	echo "release.mk: step 6: $${ch}differ from the archives uploaded to the test index and tested in step 5 (sha256 in $(S)/started-testupload): the real index gets only tested bytes; put those archives back in dist/ (the test index has them)$(,) or abort and release a new version" >&2; exit 2; }; fi
endef

# --- step 7 ---------------------------------------------------------------
$(S)/unconst:
	$(SETCONST) -i $(CONST_NAME) False $(CONST_FILE)
	@touch $@

# A git command killed in this repo ($(1)) leaves its index.lock, and git
# refuses to run; say what it is and how to clear it.
gitlock = l=$$(git rev-parse --git-path index.lock) && { [ ! -e "$$l" ] || { echo "release.mk: $(patsubst ./%,%,$(1)/)$$l: left by a git command that was killed (or one still running in $(if $(filter .,$(1)),this repo,$(1))): if no git process runs there (ps -C git)$(,) remove it (rm $(patsubst ./%,%,$(1)/)$$l) and rerun" >&2; exit 2; }; }

# A commit or tag made by a run that was killed before its stamp is found
# again, never made twice.
$(S)/commit:
	@$(call gitlock,.)
	if [ "$$(git log -1 --format=%s)" = '$(COMMIT_MSG)' ]; then echo "release.mk: already committed"; \
	elif git diff --quiet HEAD -- $(sort $(VERSION_FILES) $(CONST_FILE) $(SIBLING_FILES)); then echo "release.mk: nothing to commit: $(if $(VERSION_FILES),$(VERSION_FILES) held $(VERSION) already,the version comes from git tags); the tag goes on HEAD"; \
	else git commit -q -m '$(COMMIT_MSG)' -- $(sort $(VERSION_FILES) $(CONST_FILE) $(SIBLING_FILES)); fi
	@touch $@

$(S)/tag:
	$(foreach t,$(ALL_TAGS),if [ "$$(git rev-parse -q --verify 'refs/tags/$(t)^{commit}')" = "$$(git rev-parse HEAD)" ]; then echo "release.mk: already tagged $(t)"; \
	else git tag -a -m '$(COMMIT_MSG)' '$(t)'; fi$(nl))
	@touch $@

# The next development version in the version files and the siblings'
# pins, committed (found again on a rerun, never committed twice); a
# sibling's "~= X.Y.Z.dev" that the next version falls outside follows it
# (reqbump -c), as a release series moves on.
$(S)/next:
	@$(call gitlock,.)
	if [ "$$(git log -1 --format=%s)" = '$(call sq,$(NEXT_MSG))' ]; then echo "release.mk: already back to development"; \
	else $(foreach p,$(NEXT_PKGS),$(call set_versions,$(p),'$(call next_of,$(p))') && ) \
	$(if $(strip $(SIBLING_FILES)),$(foreach v,$(STREAMS),$(if $(call next_pkgs_of,$(v)),$(REQBUMP) -s -c -i -v $(call next_pins_args,$(v)) && ))) \
	git commit -q -m '$(call sq,$(NEXT_MSG))' -- $(sort $(VERSION_FILES) $(SIBLING_FILES)); fi
	@touch $@
next_pkgs_of = $(filter $(NEXT_PKGS),$(call stream_pkgs,$(1)))
next_pins_args = $(addprefix -p ,$(call next_pkgs_of,$(1))) '$(call next_of,$(firstword $(call next_pkgs_of,$(1))))' $(SIBLING_FILES)

$(S)/push:
	git push -q --atomic $(GIT_REMOTE) $(GIT_BRANCH) $(foreach t,$(ALL_TAGS),'refs/tags/$(t)')
	@touch $@

# The release page: notes from the changelog's section for VERSION
# (forgepr -n), else the subjects of the commits since the previous tag.
$(S)/forgerel:
	prev=$$(git describe --tags --abbrev=0 '$(TAG)^' 2>/dev/null); \
	git log --no-merges --format='- %s' $${prev:+"$$prev.."}'$(TAG)' >$(S)/forge-notes
	$(REL_FORGE) -r '$(TAG)' -n '$(VERSION)' -b $(S)/forge-notes$(if $(filter 1,$(FORGE_ASSETS)), $(ARCHIVES))
	@touch $@

# --- server repo ------------------------------------------------------------
# Every server step runs on the release branch, made before the first edit.
srvlock = @cd $(SERVER_DIR) && $(call gitlock,$(SERVER_DIR))
srvbranch = cd $(SERVER_DIR) && { [ "$$(git symbolic-ref -q --short HEAD)" = '$(SERVER_BRANCH)' ] || git checkout -q -b '$(SERVER_BRANCH)'; }

$(S)/provision:
	$(srvlock)
	$(srvbranch) && if git diff --quiet HEAD -- $(SERVER_VERSION_FILE); then \
		$(PROVBUMP_CMD); \
	else echo "release.mk: $(SERVER_VERSION_FILE) already bumped"; fi
	@touch $@

$(S)/reqs:
	$(srvlock)
	$(srvbranch) && $(REQBUMP_CMD)
	@touch $@

$(S)/lock:
	$(srvlock)
	$(srvbranch) && $(SERVER_LOCK)
	@touch $@

# Only the files the release changes; anything else is named and left out.
$(S)/srvcommit:
	$(srvlock)
	$(srvbranch) && \
	if [ "$$(git log -1 --format=%s)" = '$(SERVER_COMMIT_MSG)' ]; then echo "release.mk: server repo already committed"; \
	else git add -u -- $(sort $(SERVER_VERSION_FILE) $(SERVER_REQUIREMENTS) $(SERVER_LOCK_FILES)) && git commit -q -m '$(SERVER_COMMIT_MSG)'; fi && \
	left=$$(git status --porcelain --untracked-files=all | cut -c4-) && \
	{ [ -z "$$left" ] || echo "release.mk: server repo: left out of the commit (not a version, requirement or lock file): $$(echo $$left)"; }
	$(if $(srv_push),cd $(SERVER_DIR) && git push -q -u '$(SERVER_REMOTE)' '$(SERVER_BRANCH)')
	@touch $@

# The pull request (the branch pushed by server step 4): found again on a
# rerun, never opened twice.
$(S)/srvpr:
	@{ echo 'Released $(PACKAGES) $(VERSION):'; echo; \
	$(foreach p,$(PACKAGES),echo '- $(p) $(call pver,$(p)): $(call index_page,$(p))';) \
	echo; echo 'Done by relkit'"'"'s release.mk:'; \
	$(foreach s,$(filter-out srvpr,$(STEPS)),printf -- '- %s\n' '$(call sq,$(title_$(s)))';) } >$(S)/pr-body
	$(SRV_FORGE) -p -H '$(SERVER_BRANCH)' -B '$(SERVER_BASE)' -t "$$(git -C '$(SERVER_DIR)' log -1 --format=%s)" -b $(S)/pr-body
	@touch $@

# setver writes a version in normal form (1.0.dev0 for 1.0.dev): a file
# $(1) (setver options $(2)) whose only change since step 1 is its version
# gets its copy from step 1 back, as it was written.
verbatim = { c='$(S)/prev-files/$(1)'; [ ! -f "$$c" ] || ! $(SETVER) $(2) "$$old" "$$c" 2>/dev/null | cmp -s - '$(1)' || \
	{ cp -p "$$c" '$(1).relkit-abort' && mv '$(1).relkit-abort' '$(1)'; }; }

# The version files of packages $(1) back to the version in file $(2).
# setver's note that it writes the old version in normal form is shown
# only if a file did not get its very bytes back.
unset_versions = { old=$$(cat $(2)) && \
	{ $(foreach p,$(1),$(call set_versions,$(p),"$$old") &&) :; } 2>$(S)/abort.err || { cat $(S)/abort.err >&2; exit 2; }; \
	$(foreach p,$(1),$(foreach f,$($(p)_VERSION_FILES),$(call verbatim,$(call vpath_of,$(f)),$(call vname_of,$(f),$(p))) &&)) \
	{ grep -v ' is written in PEP 440 normal form as ' $(S)/abort.err >&2; \
	ov=$$(printf %s "$$old" | sed 's/[.+]/\\&/g'); for f in $(call vfiles_of,$(1)); do grep -q "$$ov\([^0-9A-Za-z.+]\|$$\)" "$$f" || { grep ' is written in PEP 440 normal form as ' $(S)/abort.err | head -1 >&2; break; }; done; } && \
	echo "release.mk: abort: version files back to $$old: $(call vfiles_of,$(1))"; }
vfiles_of = $(foreach p,$(1),$(foreach f,$($(p)_VERSION_FILES),$(call vpath_of,$(f))))

# --- abort ----------------------------------------------------------------
abort:
	@if [ -e $(S)/upload ] || [ -e $(S)/started-upload ]; then \
		echo "release.mk: abort: $(VERSION) has been uploaded (or its upload started) to the real index $(REAL_REPO); it cannot be aborted, finish it with: make -f release.mk release VERSION=$(VERSION)" >&2; exit 1; fi
	@if [ ! -d $(S) ]; then echo "release.mk: abort: no release $(VERSION) in progress (no $(S)/)"; exit 0; fi; \
	$(if $(on_const),if [ -f $(S)/prev-const ]; then \
		$(SETCONST) -i $(CONST_NAME) "$$(cat $(S)/prev-const)" $(CONST_FILE) && \
		echo "release.mk: abort: $(CONST_NAME) back to $$(cat $(S)/prev-const) in $(CONST_FILE)" || exit 2; fi;) \
	$(foreach f,$(SIBLING_FILES),if [ -f '$(S)/prev-pins-moved/$(f)' ]; then if cmp -s '$(S)/prev-pins-moved/$(f)' '$(f)'; then cp -p '$(S)/prev-files/$(f)' '$(f)' || exit 2; \
		else echo "release.mk: abort: $(f) changed since step 1 moved its sibling pins: left as it is" >&2; fi; fi;) \
	if [ -f $(S)/prev-version ]; then \
		$(foreach g,$(if $(MAIN_FILE_PKG),main) $(foreach p,$(FILE_PKGS),$(if $($(p)_VERSION),$(p))),$(call unset_versions,$(if $(filter main,$(g)),$(foreach p,$(FILE_PKGS),$(if $($(p)_VERSION),,$(p))),$(g)),$(S)/prev-version$(if $(filter-out main,$(g)),-$(g))) &&) : || exit 2; fi; \
	if [ -e $(S)/started-testupload ]; then \
		echo "release.mk: abort: cannot undo: these archives stay on the test index $(TEST_REPO) (an index never takes the same file name twice; release a new version):"; \
		for f in $(ARCHIVES); do [ -f "$$f" ] && echo "  $${f##*/}"; done; fi; \
	rm -rf $(S) && { rmdir $(STAMPDIR) 2>/dev/null; true; } && echo "release.mk: abort: release $(VERSION) abandoned, stamps removed ($(S)/); the archives in dist/ are left"

endif
