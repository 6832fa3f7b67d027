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
# The config and what it includes: never part of the release's changes.
CONF_FILES := $(filter-out /% ../%,$(wordlist 2,$(words $(MAKEFILE_LIST)),$(MAKEFILE_LIST)))

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
# The two server layouts: uv (pyproject.toml's [tool.uv.sources] and
# uv.lock beside it) when uv.lock is there, else requirements/common.in
# and tools/update-locked-requirements.
SERVER_UV = $(and $(SERVER_DIR),$(wildcard $(SERVER_DIR)/uv.lock))
SERVER_REQUIREMENTS ?= $(if $(SERVER_UV),pyproject.toml,requirements/common.in)
SERVER_REQ_PACKAGES ?= $(PACKAGES)
SERVER_REQ_URL ?=
SERVER_LOCK ?= $(if $(SERVER_UV),uv lock,tools/update-locked-requirements)
# What the server commit may hold besides the version and requirement
# files: the lock files (tracked files only; paths or directories).
SERVER_LOCK_FILES ?= $(if $(SERVER_UV),uv.lock,$(patsubst %/,%,$(sort $(dir $(SERVER_REQUIREMENTS)))))
SERVER_BRANCH ?= release-$(VERSION)
SERVER_REMOTE ?= origin
SERVER_BASE ?= main
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
PYPIUP_FLAGS ?=
# --isolated: no pip.conf or PIP_* variable can add an index behind our back.
PIP_FLAGS ?= -q --isolated --no-cache-dir --disable-pip-version-check --no-input
# Options of the test venv (--system-site-packages: an offline rehearsal
# takes the dependencies the system has).
VENV_FLAGS ?=
# The pip that fills the test venv: its own; or, quicker, with VENV_FLAGS=
# --without-pip, another pip (22.3 or later) given --python $(S)/venv/bin/python.
VENV_PIP ?= $(S)/venv/bin/python -m pip

prog = $(if $(RELKIT_BIN),$(RELKIT_BIN)/)$(1)
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
ARCHIVES = $(foreach p,$(PACKAGES),$(call pdir,$(p))/dist/*)

# pypiup arguments for a repository name or URL (TEST_INDEX / REAL_INDEX:
# the simple index, if not pypiup's rule).
repo_args = $(if $(findstring ://,$(1)),--repository-url $(1),-r $(1))$(if $(2), --index-url $(2))$(if $(PYPIRC), --config-file $(PYPIRC))
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

# The server steps' commands (run in $(SERVER_DIR)), as status shows them.
PROVBUMP_CMD = $(strip $(PROVBUMP) -i $(if $(filter major,$(PROVISION_BUMP)),--major) $(if $(strip $(PROVISION_REASON)),-m '$(strip $(PROVISION_REASON))')) $(SERVER_VERSION_FILE)
REQBUMP_ARGS = $(strip $(if $(SERVER_REQ_URL),-u $(SERVER_REQ_URL)) $(addprefix -p ,$(SERVER_REQ_PACKAGES)) $(VERSION) $(SERVER_REQUIREMENTS))
REQBUMP_CMD = $(REQBUMP) -i $(REQBUMP_ARGS)
# The packages whose archives the constant changes: those whose directory
# holds CONST_FILE.
CONST_PKGS = $(strip $(foreach p,$(PACKAGES),$(if $(or $(filter .,$(call pdir,$(p))),$(filter $(call pdir,$(p))/%,$(CONST_FILE))),$(p))))
space := $(subst ,, )

# The checklist's words for each step, as `status` prints them.
title_versions = 1. Increment the version in $(VERSION_FILES) to $(VERSION) (all set to the same version number)
title_const = 2. Set $(or $(CONST_NAME),the constant) to True$(if $(CONST_FILE), in $(CONST_FILE))
title_build = 3. Generate the archives for each package and inspect them (no logos, assets, documentation)
title_testupload = 4. Upload the archives of each package to TestPyPI ($(TEST_REPO): $(or $(TEST_UPLOAD_URL),cannot resolve: see make guards))
title_testinstall = 5. Test installing all packages from TestPyPI ($(TEST_REPO): pip reads $(or $(TEST_PIP_INDEX),?))
title_upload = 6. Upload the packages to the actual Python Package Index ($(REAL_REPO): $(or $(REAL_UPLOAD_URL),cannot resolve: see make guards); dependencies from $(or $(REAL_PIP_INDEX),?))
title_unconst = 7. Set $(or $(CONST_NAME),the constant) to False$(if $(CONST_FILE), in $(CONST_FILE))
title_commit = 7. Commit your changes with the version increments
title_tag = 7. Create a release tag $(TAG)
title_push = 7. Push your commit and the tag to $(GIT_REMOTE)
title_provision = server 1. Increment PROVISION_VERSION in $(SERVER_VERSION_FILE) ($(PROVISION_BUMP) bump): cd $(SERVER_DIR) && $(PROVBUMP_CMD)
title_reqs = server 2. Update the release tags in the Git URLs for $(SERVER_REQ_PACKAGES) in $(SERVER_REQUIREMENTS): cd $(SERVER_DIR) && $(REQBUMP_CMD)
title_lock = server 3. Run $(or $(SERVER_LOCK),(no lock command)) to update the rest of the requirements files: cd $(SERVER_DIR) && $(SERVER_LOCK)
title_srvcommit = server 4. Commit $(SERVER_VERSION_FILE) $(SERVER_REQUIREMENTS) $(SERVER_LOCK_FILES) on branch $(SERVER_BRANCH) (made before server step 1) and submit a PR

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
	@$(foreach s,$(ALL_STEPS),printf '%-8s %s\n' $(if $(on_$(s)),$(if $(wildcard $(S)/$(s)),done,pending),skipped) '$(call sq,$(title_$(s)))';)

# --- guards: each failure one line on stderr, exit 2, nothing changed -------
fail = { echo "release.mk: $(1)" >&2; exit 2; }
# creds ARGS NAME: succeeds when pypiup finds the credentials of the
# repository of pypiup ARGS without asking (pypiup --show-urls says so, by
# twine's rules: .pypirc, TWINE_*, __token__ for PyPI, Trusted Publishing),
# or when it can still ask (a keyring command, a terminal). Values never
# printed.
define GUARDS
rc='$(PYPIRC_FILE)'; \
creds() { c=$$($(PYPIUP) --show-urls $$1 2>/dev/null | sed -n 's/^credentials //p'); [ "$$c" = yes ] && return 0; \
	if command -v $(KEYRING) >/dev/null 2>&1; then echo "release.mk: warning: $$2: no credentials configured; pypiup will ask the keyring" >&2; return 0; fi; \
	case "$${TWINE_NON_INTERACTIVE:-}" in ""|0|false|False|FALSE|no|No|NO|off|Off|OFF) [ -t 0 ] && { echo "release.mk: warning: $$2: no credentials configured; pypiup will ask for them" >&2; return 0; };; esac; return 1; }; \
n=$$(printf '__version__ = "0"\n' | $(SETVER) '$(VERSION)' 2>/dev/null) || $(call fail,VERSION=$(VERSION) is not a valid PEP 440 version); \
[ "$$n" = '__version__ = "$(VERSION)"' ] || $(call fail,VERSION=$(VERSION) is not in PEP 440 normal form: use $$(echo $${n#*= } | tr -d '"')); \
vs=$$( $(foreach p,$(PACKAGES),$(foreach f,$($(p)_VERSION_FILES),v=$$($(SETVER) -g $(call vname_of,$(f),$(p)) '$(call vpath_of,$(f))' 2>&1) && echo '$(call vpath_of,$(f))' "$$v" || echo "?$(call vpath_of,$(f)): $$v";)) ); \
bad=$$(printf '%s\n' "$$vs" | grep '^?' | head -1); [ -z "$$bad" ] || $(call fail,cannot read the current version from $${bad#?}); \
[ $$(printf '%s\n' "$$vs" | awk '{print $$2}' | sort -u | wc -l) -eq 1 ] || $(call fail,the version files disagree on the current version: $$(echo $$vs)); \
cur=$$(printf '%s\n' "$$vs" | awk 'NR == 1 {print $$2}'); \
same=; $(PYTHON) -c "$$VERCMP" '$(VERSION)' "$$cur"; case $$? in 0) ;; 4) same=1;; 1) $(call fail,VERSION=$(VERSION) is not greater than the current version $$cur);; *) $(call fail,cannot compare versions: $(PYTHON) has neither packaging nor pip);; esac; \
dirty=$$(git status --porcelain --untracked-files=all | awk -v c=' $(CONF_FILES) ' -v s='$(STAMPDIR)/' '{ p = substr($$0, 4); sub(/^"/, "", p) } !index(c, " " p " ") && index(p, s) != 1 { print p }'); \
[ -z "$$dirty" ] || $(call fail,the git tree is not clean: $$(echo $$dirty) (commit or stash them; $(CONF_FILES) and $(STAMPDIR)/ never count)); \
br=$$(git symbolic-ref -q --short HEAD); [ "$$br" = '$(GIT_BRANCH)' ] || $(call fail,on branch $${br:-(detached)}$(,) not on the release branch $(GIT_BRANCH)); \
! git rev-parse -q --verify 'refs/tags/$(TAG)' >/dev/null || $(call fail,tag $(TAG) already exists locally); \
$(if $(GIT_REMOTE),rt=$$(git ls-remote --tags '$(GIT_REMOTE)' 'refs/tags/$(TAG)' 2>/dev/null) || $(call fail,cannot reach git remote $(GIT_REMOTE)); \
[ -z "$$rt" ] || $(call fail,tag $(TAG) already exists on $(GIT_REMOTE));) \
for r in 'TEST_REPO=$(TEST_REPO)|$(call repo_args,$(TEST_REPO),$(TEST_INDEX))' 'REAL_REPO=$(REAL_REPO)|$(call repo_args,$(REAL_REPO),$(REAL_INDEX))'; do \
	m=$$($(PYPIUP) --show-urls $${r#*|} 2>&1 >/dev/null) || $(call fail,$${r%%|*}: pypiup cannot resolve it: $$(printf '%s\n' "$$m" | tail -1)); done; \
[ -n '$(TEST_PIP_INDEX)' ] || $(call fail,no simple index known for TEST_REPO=$(TEST_REPO): set TEST_INDEX); \
[ -n '$(REAL_PIP_INDEX)' ] || $(call fail,no simple index known for REAL_REPO=$(REAL_REPO): set REAL_INDEX); \
[ -z "$${same:-}" ] || { on=$$($(PYTHON) -c "$$PYIDX" has '$(REAL_PIP_INDEX)' '$(VERSION)' $(PACKAGES) 2>&1); case $$? in 0) ;; 1) $(call fail,$(VERSION) is already on the real index $(REAL_PIP_INDEX): $$(echo $$on) (an index never takes a file name twice: release a new version));; *) $(call fail,cannot read the real index: $$(echo $$on));; esac; \
	echo "release.mk: the version files already hold $(VERSION)$(,) not on $(REAL_PIP_INDEX) yet: step 1 has nothing to change"; }; \
creds '$(call repo_args,$(TEST_REPO),$(TEST_INDEX))' 'TEST_REPO=$(TEST_REPO)' || $(call fail,no credentials for the test index $(TEST_REPO): set TWINE_USERNAME and TWINE_PASSWORD or its section in $$rc); \
creds '$(call repo_args,$(REAL_REPO),$(REAL_INDEX))' 'REAL_REPO=$(REAL_REPO)' || $(call fail,no credentials for the real index $(REAL_REPO): set TWINE_USERNAME and TWINE_PASSWORD or its section in $$rc); \
$(if $(SERVER_DIR),[ -d '$(SERVER_DIR)' ] || $(call fail,server repo $(SERVER_DIR): no such directory); \
[ -z "$$(git -C '$(SERVER_DIR)' status --porcelain 2>&1)" ] || $(call fail,the server repo $(SERVER_DIR) is not clean (git status)); \
sb=$$(git -C '$(SERVER_DIR)' symbolic-ref -q --short HEAD); [ "$$sb" = '$(SERVER_BASE)' ] || $(call fail,the server repo $(SERVER_DIR) is on $${sb:-(detached)}$(,) not on $(SERVER_BASE)); \
! git -C '$(SERVER_DIR)' rev-parse -q --verify 'refs/heads/$(SERVER_BRANCH)' >/dev/null || $(call fail,branch $(SERVER_BRANCH) already exists in the server repo $(SERVER_DIR)); \
$(if $(on_provision),m=$$(cd '$(SERVER_DIR)' && $(subst $(PROVBUMP) -i,$(PROVBUMP),$(PROVBUMP_CMD)) 2>&1 >/dev/null) || $(call fail,server step 1 would fail: $$(echo $$m) (set SERVER_VERSION_FILE));) \
$(if $(on_reqs),m=$$(cd '$(SERVER_DIR)' && $(REQBUMP) $(REQBUMP_ARGS) 2>&1 >/dev/null) || $(call fail,server step 2 would fail: $$(echo $$m) (set SERVER_REQ_PACKAGES to the packages $(SERVER_REQUIREMENTS) pins$(,) or SERVER_REQUIREMENTS));) \
$(if $(on_lock),set -- $(SERVER_LOCK); case $$1 in (/*) [ -x "$$1" ];; (*/*) [ -x '$(SERVER_DIR)'/"$$1" ];; (*) command -v "$$1" >/dev/null;; esac || \
	$(call fail,server step 3 would fail: $$1: not found$(if $(SERVER_UV), (the server repo has uv.lock: install uv or set SERVER_LOCK), in $(SERVER_DIR) or on PATH (set SERVER_LOCK)));)) \
$(if $(on_const),$(if $(strip $(DENY)$(foreach p,$(CONST_PKGS),$($(p)_DENY))),,echo "release.mk: warning: $(CONST_NAME) is flipped in $(CONST_FILE) but $(or $(CONST_PKGS),no package) has no deny list ($(or $(firstword $(CONST_PKGS)),P)_DENY or DENY): nothing checks what the constant keeps out of the archives" >&2;)) \
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
a, b = Version(sys.argv[1]), Version(sys.argv[2])
sys.exit(0 if a > b else 4 if a == b else 1)
endef
export VERCMP

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
	@$(if $(DRY),: guards: VERSION=$(VERSION) valid and newer than the version files; git tree clean on $(GIT_BRANCH); tag $(TAG) absent; credentials for both indexes; $(VERSION) not on $(REAL_PIP_INDEX)$(if $(SERVER_DIR),; server repo $(SERVER_DIR) clean on $(SERVER_BASE)$(,) server steps dry-run$(,) $(firstword $(SERVER_LOCK)) found),if [ ! -f $(S)/prev-version ]; then $(GUARDS); fi)
	@mkdir -p $(S)
	@[ -f $(S)/prev-version ] || { \
		$(strip $(SETVER) -g $(call vname_of,$(firstword $($(firstword $(PACKAGES))_VERSION_FILES)),$(firstword $(PACKAGES)))) $(firstword $(VERSION_FILES)) >$(S)/prev.tmp && \
		$(if $(on_const),$(SETCONST) -g $(CONST_NAME) $(CONST_FILE) >$(S)/prev-const &&) \
		mv $(S)/prev.tmp $(S)/prev-version; }
	@[ "$$(cat $(S)/prev-version)" != '$(VERSION)' ] || echo "release.mk: step 1 already done: $(VERSION_FILES) hold $(VERSION)"
	$(foreach p,$(PACKAGES),$(call set_versions,$(p),$(VERSION))$(nl))
	@touch $@

# --- step 2 ---------------------------------------------------------------
$(S)/const:
	$(SETCONST) -i $(CONST_NAME) True $(CONST_FILE)
	@touch $@

# --- step 3: clean build, then inspection; a failed inspection rebuilds ----
$(S)/build:
	$(foreach p,$(PACKAGES),rm -rf $(call pdir,$(p))/dist $(call pdir,$(p))/build && find $(call pdir,$(p)) -maxdepth 2 -name '*.egg-info' -type d -prune -exec rm -rf {} +$(nl))
	$(foreach p,$(PACKAGES),cd $(call pdir,$(p)) && $(BUILD)$(nl))
# what PyPI would refuse first: pkgls -c makes the same checks, but
# only this names the usual fix
	@$(PYPIUP) -n $(call repo_args,$(TEST_REPO),$(TEST_INDEX)) $(ARCHIVES) >/dev/null || { \
		echo "release.mk: step 3: PyPI would refuse the archives above: fix the project and rerun (an sdist name that is not PEP 625's, as setuptools < 69 writes NAME-VERSION.tar.gz: spell the name in the setup metadata with '_' in place of '-' and '.', or build with a newer setuptools)" >&2; exit 2; }
	$(foreach p,$(PACKAGES),$(strip $(PKGLS) -c $(call deny,$(p))) $(call pdir,$(p))/dist/*$(nl))
	@rm -rf $(S)/previous
	@$(foreach p,$(PACKAGES),{ $(call showdiff,$(p)); } &&) :
	@touch $@

# The inspection: members added and removed since the archives of the
# previous release on the real index (pkgls -d), for a person to read.
define showdiff
if ! pv=$$($(PYTHON) -c "$$PYIDX" prev '$(REAL_PIP_INDEX)' '$(VERSION)' '$(1)' '$(S)/previous/$(1)' 2>&1); then echo "release.mk: step 3: $(1): cannot read the previous release, nothing to compare with: $$(echo $$pv)" >&2; \
elif [ -z "$$pv" ]; then echo "release.mk: step 3: $(1): no earlier release on $(REAL_PIP_INDEX): the archives are new"; else \
for new in $(call pdir,$(1))/dist/*; do case $$new in *.whl) k=wheel; set -- $(S)/previous/$(1)/*.whl;; *) k=sdist; set -- $(S)/previous/$(1)/*.tar.gz $(S)/previous/$(1)/*.zip;; esac; \
	old=; for o; do [ -f "$$o" ] && { old=$$o; break; }; done; \
	if [ -z "$$old" ]; then echo "release.mk: step 3: $(1): no $$k of $$pv to compare $${new##*/} with"; continue; fi; \
	d=$$($(PKGLS) -d "$$old" "$$new"); case $$? in 0) echo "release.mk: step 3: $${new##*/}: the same members as $${old##*/}";; 1) echo "release.mk: step 3: $${new##*/}: members added (+) and removed (-) since $${old##*/}:"; printf '%s\n' "$$d" | sed 's/^/  /';; *) exit 2;; esac; done; fi
endef

# --- step 4 ---------------------------------------------------------------
$(S)/testupload:
	@touch $(S)/started-testupload
	$(PYPIUP) $(call repo_args,$(TEST_REPO),$(TEST_INDEX)) --skip-existing --verify$(if $(PYPIUP_FLAGS), $(PYPIUP_FLAGS)) $(ARCHIVES)
	@touch $@

# --- step 5: our packages from the test index only, their dependencies from
# the real index only, in a fresh venv ---------------------------------------
$(S)/testinstall:
	rm -rf $(S)/venv $(S)/wheelhouse
	$(strip $(PYTHON) -m venv $(VENV_FLAGS)) $(S)/venv
	$(VENV_PIP) download $(PIP_FLAGS) --no-deps --index-url $(TEST_PIP_INDEX) -d $(S)/wheelhouse $(foreach p,$(PACKAGES),'$(p)==$(VERSION)')
	$(VENV_PIP) install $(PIP_FLAGS) --index-url $(REAL_PIP_INDEX) $(S)/wheelhouse/*
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
	elif git diff --quiet HEAD -- $(sort $(VERSION_FILES) $(CONST_FILE)); then echo "release.mk: nothing to commit: $(VERSION_FILES) held $(VERSION) already; the tag goes on HEAD"; \
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
# Every server step runs on the release branch, made before the first edit.
srvbranch = cd $(SERVER_DIR) && { [ "$$(git symbolic-ref -q --short HEAD)" = '$(SERVER_BRANCH)' ] || git checkout -q -b '$(SERVER_BRANCH)'; }

$(S)/provision:
	$(srvbranch) && if git diff --quiet HEAD -- $(SERVER_VERSION_FILE); then \
		$(PROVBUMP_CMD); \
	else echo "release.mk: $(SERVER_VERSION_FILE) already bumped"; fi
	@touch $@

$(S)/reqs:
	$(srvbranch) && $(REQBUMP_CMD)
	@touch $@

$(S)/lock:
	$(srvbranch) && $(SERVER_LOCK)
	@touch $@

# Only the files the release changes; anything else is named and left out.
$(S)/srvcommit:
	$(srvbranch) && \
	if [ "$$(git log -1 --format=%s)" = '$(SERVER_COMMIT_MSG)' ]; then echo "release.mk: server repo already committed"; \
	else git add -u -- $(sort $(SERVER_VERSION_FILE) $(SERVER_REQUIREMENTS) $(SERVER_LOCK_FILES)) && git commit -q -m '$(SERVER_COMMIT_MSG)'; fi && \
	left=$$(git status --porcelain --untracked-files=all | cut -c4-) && \
	{ [ -z "$$left" ] || echo "release.mk: server repo: left out of the commit (not a version, requirement or lock file): $$(echo $$left)"; }
	@touch $@

# --- abort ----------------------------------------------------------------
abort:
	@if [ -e $(S)/upload ] || [ -e $(S)/started-upload ]; then \
		echo "release.mk: abort: $(VERSION) has been uploaded (or its upload started) to the real index $(REAL_REPO); it cannot be aborted, finish it with: make -f release.mk release VERSION=$(VERSION)" >&2; exit 1; fi
	@if [ ! -d $(S) ]; then echo "release.mk: abort: no release $(VERSION) in progress (no $(S)/)"; exit 0; fi; \
	if [ -f $(S)/prev-version ]; then \
		old=$$(cat $(S)/prev-version) && \
		$(foreach p,$(PACKAGES),$(call set_versions,$(p),"$$old") &&) \
		echo "release.mk: abort: version files back to $$old: $(VERSION_FILES)" || exit 2; fi; \
	$(if $(on_const),if [ -f $(S)/prev-const ]; then \
		$(SETCONST) -i $(CONST_NAME) "$$(cat $(S)/prev-const)" $(CONST_FILE) && \
		echo "release.mk: abort: $(CONST_NAME) back to $$(cat $(S)/prev-const) in $(CONST_FILE)" || exit 2; fi;) \
	if [ -e $(S)/started-testupload ]; then \
		echo "release.mk: abort: cannot undo: these archives stay on the test index $(TEST_REPO) (an index never takes the same file name twice; release a new version):"; \
		for f in $(ARCHIVES); do [ -f "$$f" ] && echo "  $${f##*/}"; done; fi; \
	rm -rf $(S) && { rmdir $(STAMPDIR) 2>/dev/null; true; } && echo "release.mk: abort: release $(VERSION) abandoned, stamps removed ($(S)/); the archives in dist/ are left"
