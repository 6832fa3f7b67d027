# relkit — MIT licence, see LICENSE.
# make            build every program of cmd/ into bin/
# make check      install missing Debian packages, build, run every test
# make check SAN=1  the same under AddressSanitizer + UBSan (build/san/)
# make check-slow the same with the longer fault runs (40 kill rounds a tool)
# JOBS=N          tests run at once (default twice the cores)
# make install    PREFIX=/usr/local DESTDIR= BINDIR MANDIR

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
CFLAGS ?= -O2 -g
PYTHON ?= /usr/bin/python3
PKG_CONFIG ?= pkg-config
SAN ?=

PKGS = libarchive libcurl zlib libcrypto jansson libb2 liblzma
# Recursively expanded, so that pkg-config runs after "make deps".
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS))
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS))

override CFLAGS += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Icommon \
	-MMD -MP $(PKG_CFLAGS)
override LDFLAGS += -Wl,--as-needed
LDLIBS += $(PKG_LIBS) -lbz2 -lpthread

ifeq ($(SAN),1)
O := build/san
B := build/san/bin
override CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
override LDFLAGS += -fsanitize=address,undefined
else
O := build/obj
B := bin
endif

PROGS := $(patsubst cmd/%.c,%,$(wildcard cmd/*.c))
LIBSRC := $(wildcard common/*.c)
LIBOBJ := $(patsubst common/%.c,$(O)/common/%.o,$(LIBSRC))
UNITSRC := $(wildcard tests/unit/test_*.c)
UNITS := $(patsubst tests/unit/%.c,$(O)/unit/%,$(UNITSRC))
LIB := $(O)/librelkit.a

# Debian 12 packages the build, the tests and the demo need.
DEPS = gcc make pkg-config libc6-dev libarchive-dev libcurl4-openssl-dev \
	zlib1g-dev libbz2-dev liblzma-dev libssl-dev libcmocka-dev \
	libjansson-dev libb2-dev python3 python3-venv python3-pip python3-build \
	python3-setuptools python3-wheel python3-packaging git twine mandoc libarchive-tools unzip \
	python3-setuptools-scm python3-hatch-vcs \
	valgrind python3-readme-renderer python3-trove-classifiers \
	node-spdx-license-ids node-spdx-exceptions

.SECONDARY:
.PHONY: all deps check check-slow check-run unit install uninstall clean

all: $(addprefix $(B)/,$(PROGS))

# Before the first compile: on a machine without the -dev packages, say
# what to run instead of failing on a missing header.
.PHONY: buildneeds
buildneeds:
	@miss=; command -v $(CC) >/dev/null 2>&1 || miss="$$miss $(CC)"; \
	if command -v $(PKG_CONFIG) >/dev/null 2>&1; then \
		for p in $(PKGS); do $(PKG_CONFIG) --exists $$p || miss="$$miss $$p"; done; \
	else miss="$$miss $(PKG_CONFIG)"; fi; \
	printf '#include <bzlib.h>\n' | $(CC) -E -o /dev/null - 2>/dev/null || miss="$$miss bzlib.h"; \
	if [ -n "$$miss" ]; then echo "make: missing for the build:$$miss;" \
		"run 'make deps' as root (make check and make demo run it first)" >&2; exit 2; fi

$(O)/common/%.o: common/%.c | buildneeds
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

$(O)/cmd/%.o: cmd/%.c | buildneeds
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

$(LIB): $(LIBOBJ)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $(LIBOBJ)

$(B)/%: $(O)/cmd/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

$(O)/unit/%: tests/unit/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS) -lcmocka

unit: $(UNITS)

deps:
	@if ! command -v dpkg-query >/dev/null 2>&1; then \
		echo "make deps: not a Debian system; install by hand: $(DEPS)" >&2; \
		exit 0; fi; \
	have=$$(dpkg-query -W -f='$${Package} $${Status}\n' $(DEPS) 2>/dev/null | \
		awk '/ ok installed$$/ {print $$1}'); \
	missing=; for p in $(DEPS); do \
		case " $$(echo $$have) " in *" $$p "*) ;; *) missing="$$missing $$p";; esac; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" != 0 ]; then \
			echo "make deps: run as root to install:$$missing" >&2; exit 2; fi; \
		echo "make deps: installing$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends $$missing; \
	fi

check: deps
	@$(MAKE) --no-print-directory all unit
	@$(MAKE) --no-print-directory check-run

check-slow:
	@$(MAKE) --no-print-directory check RELKIT_FAULT_ROUNDS=40

# $(O)/test-times: the last run's wall times, so that the slowest start first.
check-run:
	@RELKIT_BIN=$(CURDIR)/$(B) RELKIT_UNIT=$(CURDIR)/$(O)/unit \
		RELKIT_TIMES=$(CURDIR)/$(O)/test-times \
		PYTHON=$(PYTHON) SAN=$(SAN) sh tests/run

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7
	install -m 755 $(addprefix $(B)/,$(PROGS)) $(DESTDIR)$(BINDIR)
	for m in man/*.1; do install -m 644 $$m $(DESTDIR)$(MANDIR)/man1; done
	for m in man/*.7; do [ -f "$$m" ] && install -m 644 $$m $(DESTDIR)$(MANDIR)/man7; done; true

uninstall:
	for p in $(PROGS); do rm -f $(DESTDIR)$(BINDIR)/$$p; done
	for m in man/*.1; do rm -f $(DESTDIR)$(MANDIR)/man1/$${m#man/}; done
	for m in man/*.7; do rm -f $(DESTDIR)$(MANDIR)/man7/$${m#man/}; done

clean:
	rm -rf build bin

-include $(LIBOBJ:.o=.d) $(patsubst %,$(O)/cmd/%.d,$(PROGS))

# --- harden: fuzzing (tests/fuzz/) ---
# make fuzz       build the libFuzzer harnesses with clang (ASan + UBSan)
#                 and run each for FUZZ_SECONDS on seeds made by
#                 tests/fuzz/seeds.sh; a summary of runs in build/fuzz/.
# make check also replays every seed and regression input through each
# harness, built with $(CC) (and the sanitizers under SAN=1).
FUZZ_DEPS = clang libclang-rt-14-dev
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_ARGS ?= -timeout=10 -rss_limit_mb=2048 -max_len=65536
FUZZ_CFLAGS = -g -O1 -std=c11 -D_GNU_SOURCE -Icommon -Itests/fuzz \
	-fno-omit-frame-pointer -fno-sanitize-recover=all $(PKG_CFLAGS)
FUZZ := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FO := build/fuzz

.PHONY: fuzz fuzz-deps fuzz-build

fuzz-deps:
	@$(MAKE) --no-print-directory deps DEPS="$(FUZZ_DEPS)"

$(FO)/common/%.o: common/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined -c -o $@ $<

$(FO)/librelkit.a: $(patsubst common/%.c,$(FO)/common/%.o,$(LIBSRC))
	rm -f $@
	$(AR) rcs $@ $^

$(FO)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FO)/librelkit.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer,address,undefined -o $@ $< \
		$(FO)/librelkit.a $(PKG_LIBS) -lbz2 -lpthread

fuzz-build: $(addprefix $(FO)/,$(FUZZ))

fuzz: fuzz-deps
	@$(MAKE) --no-print-directory fuzz-build
	@rm -rf $(FO)/seeds && sh tests/fuzz/seeds.sh $(FO)/seeds
	@: > $(FO)/summary; for f in $(FUZZ); do \
		mkdir -p $(FO)/corpus/$$f $(FO)/seeds/$$f; \
		echo "fuzz: $$f for $(FUZZ_SECONDS)s"; \
		$(FO)/$$f $(FUZZ_ARGS) -max_total_time=$(FUZZ_SECONDS) \
			-artifact_prefix=$(FO)/$$f- -print_final_stats=1 \
			$(FO)/corpus/$$f $(FO)/seeds/$$f >$(FO)/$$f.log 2>&1; \
		rc=$$?; \
		runs=$$(sed -n 's/^stat::number_of_executed_units: *//p' $(FO)/$$f.log); \
		echo "$$f	$${runs:-?} runs	exit $$rc" | tee -a $(FO)/summary; \
		if [ $$rc -ne 0 ]; then tail -40 $(FO)/$$f.log; exit 1; fi; \
	done

# The harnesses as replayers, run by tests/fuzz.t.
$(O)/fuzzreplay/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Itests/fuzz $(LDFLAGS) -o $@ $< tests/fuzz/replay.c $(LIB) $(LDLIBS)

unit: $(addprefix $(O)/fuzzreplay/,$(FUZZ))

# --- harden: valgrind ---
# make check-valgrind   every test with each relkit binary (programs, unit
# tests, fuzz replayers) wrapped by valgrind; a test fails on a non-zero
# exit, and the run fails if valgrind logged anything, even where a test
# expected the program to fail.
# by its full path: a test may run a program with a PATH of its own.
# A program run costs valgrind 0.5 to 1 s of CPU before main() (more than
# the run itself): not reading the inlined frames from the debug info
# takes about a twentieth off it (a report names the function inlined
# into, with its line).
VALGRIND = $(or $(shell command -v valgrind 2>/dev/null),valgrind) --leak-check=full --error-exitcode=1 -q \
	--read-inline-info=no
VGO := build/vg
.PHONY: check-valgrind

check-valgrind: deps
	@if [ "$(SAN)" = 1 ]; then echo "check-valgrind: not with SAN=1" >&2; exit 2; fi
	@$(MAKE) --no-print-directory all unit
	@rm -rf $(VGO) && mkdir -p $(VGO)/log && chmod 1777 $(VGO)/log
	@for d in bin:$(B) unit:$(O)/unit fuzzreplay:$(O)/fuzzreplay; do \
		w=$(VGO)/$${d%%:*}; mkdir -p $$w; \
		for p in $${d#*:}/*; do \
			case $$p in *.d) continue;; esac; \
			[ -f $$p ] && [ -x $$p ] || continue; \
			printf '#!/bin/sh\nexec %s --log-file=%s/%%p.log %s "$$@"\n' \
				"$(VALGRIND)" "$(CURDIR)/$(VGO)/log" "$(CURDIR)/$$p" \
				> $$w/$${p##*/}; \
			chmod +x $$w/$${p##*/}; \
		done; \
	done
	@RELKIT_BIN=$(CURDIR)/$(VGO)/bin RELKIT_UNIT=$(CURDIR)/$(VGO)/unit \
		RELKIT_TIMES=$(CURDIR)/build/vg-test-times \
		PYTHON=$(PYTHON) VALGRIND=1 sh tests/run; rc=$$?; \
	logs=$$(find $(VGO)/log -type f -size +0c); \
	if [ -n "$$logs" ]; then cat $$logs; \
		echo "check-valgrind: valgrind reported errors (above)" >&2; exit 1; fi; \
	exit $$rc

# make demo: release a sample workspace into two local file:// indexes and
# install it from them (tests/demo/demo.sh; DEMO_DIR is emptied first).
DEMO_DIR ?= build/demo
.PHONY: demo
demo: deps
	@$(MAKE) --no-print-directory all
	@PYTHON=$(PYTHON) RELKIT_BIN=$(CURDIR)/$(B) sh tests/demo/demo.sh $(DEMO_DIR)

# make bench: relkit against twine, bumpversion, unzip, bsdtar, tar, curl,
# openssl and b2sum, side by side (tests/bench/bench.sh; not part of check).
# Optimised programs in build/bench/bin; the peers come from Debian.
# BENCH_SCALE=0.05 shrinks the 300 MB inputs; BENCH_OUT=FILE keeps the report.
BENCH_DEPS = twine bumpversion libarchive-tools unzip curl time openssl strace
BENCH_CFLAGS = -O2 -g
.PHONY: bench
bench:
	@$(MAKE) --no-print-directory deps DEPS="$(DEPS) $(BENCH_DEPS)"
	@$(MAKE) --no-print-directory O=build/bench B=build/bench/bin \
		CFLAGS="$(BENCH_CFLAGS)" SAN= all
	@RELKIT_BIN=$(CURDIR)/build/bench/bin PYTHON=$(PYTHON) \
		BENCH_BUILD="$(CC) $(BENCH_CFLAGS), $$($(CC) --version | head -1)" \
		sh tests/bench/bench.sh
