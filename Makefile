# SPDX-License-Identifier: GPL-2.0-or-later
# pciback-early: one code base, built twice.
#   build/pciback-early        static klibc binary for the initramfs
#   build/host/pciback-early   host build (system cc)
#   build/test/                unit tests, ASan + UBSan

VERSION   ?= 0.1
PREFIX    ?= /usr/local
SBINDIR   ?= $(PREFIX)/sbin
LIBDIR    ?= $(PREFIX)/lib
PKGLIBDIR ?= $(LIBDIR)/pciback-early
MANDIR    ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc
# dracut reads its modules and its dracut.conf.d only from /usr/lib/dracut,
# and initramfs-tools its hooks only from /usr/share/initramfs-tools (and
# /etc): these do not follow PREFIX, so that `make install` with the default
# PREFIX=/usr/local gives images that have pciback-early in them.  The hooks
# are installed with the real paths of the binaries (SBINDIR, PKGLIBDIR).
DRACUTDIR ?= /usr/lib/dracut/modules.d/90pciback-early
DRACUTCONFDIR ?= /usr/lib/dracut/dracut.conf.d
ITOOLSDIR ?= /usr/share/initramfs-tools
# bash-completion loads completions from where its pkg-config file says
# (also outside PREFIX, as above); without it, its usual place
BASHCOMPDIR ?= $(or $(shell pkg-config --variable=completionsdir bash-completion 2>/dev/null),\
	/usr/share/bash-completion/completions)
# udev reads its rules from where its pkg-config file says (outside
# PREFIX, as above); without it, where udev keeps its own
UDEVRULESDIR ?= $(or $(shell pkg-config --variable=udevdir udev 2>/dev/null),/usr/lib/udev)/rules.d
DESTDIR   ?=

CC        ?= cc
KLCC      ?= klcc
CFLAGS    ?= -O2 -g
# The early binary is small by default: no build-id, .comment stripped.  A
# distribution that keeps debuginfo and build-ids sets
# STATIC_LDFLAGS=-Wl,--build-id (musl-gcc adds none by itself) and
# STRIP=:, and strips it its own way (-g in STATIC_CFLAGS gives DWARF too,
# but klcc -g also keeps the frame pointer: 3.7 KiB more code).
STATIC_CFLAGS  ?= -Oz
# gcc's -Oz still copies epilogues into tail calls, builds jump tables for
# small switches, and keeps values in call-clobbered registers that it then
# saves around each call: each of these costs more bytes than it wins in
# speed here (the run is system calls; a dry run over 4096 devices takes
# the same time within noise).  Together -528 bytes on gcc 12.  It also
# hoists loop invariants into registers it must then save (loop-im,
# move-loop-invariants), turns branches into conditional moves that take
# more bytes (if-conversion) and inlines small functions at each of their
# calls: -320 bytes more.
STATIC_SIZE_CFLAGS ?= -fno-optimize-sibling-calls -fno-jump-tables \
	-fno-expensive-optimizations -fno-caller-saves -fno-tree-loop-im \
	-fno-move-loop-invariants -fno-if-conversion -fno-inline-small-functions
STATIC_LDFLAGS ?= -Wl,--build-id=none
# x86 compilers give every array of 32 bytes or more a 32-byte alignment,
# for vector loads (-malign-data=compat); in the early binary that is only
# padding between its tables and strings.  The psABI's alignment is enough.
STATIC_ARCH_CFLAGS = $(if $(filter x86_64-% i386-% i486-% i586-% i686-%,$(shell \
	$(KLCC) -dumpmachine 2>/dev/null)),-malign-data=abi)
# The early binary is built with link-time optimisation (-flto): gcc sees
# the whole program, so code only the host build reaches, arguments that
# are always the same and functions with one caller cost nothing.  klcc
# links with ld, which cannot optimise at link time, so with klcc the rule
# runs klcc's own compiler with klcc's configuration (its flags, include
# directories, crt0.o and libc.a, as klcc would pass them); any other KLCC
# (musl-gcc) is run as it is.
klibc = $(shell $(KLCC) -print-klibc-$(1) 2>/dev/null)
comma := ,
KLIBC_DIR = $(call klibc,prefix)/$(call klibc,kcross)
EARLY_CC = $(if $(call klibc,version),$(call klibc,cc) $(call klibc,reqflags) \
	-I$(KLIBC_DIR)include/arch/$(call klibc,archdir) -I$(KLIBC_DIR)include/bits$(call klibc,bitsize) \
	-I$(KLIBC_DIR)include $(call klibc,optflags) -no-pie -nostdlib \
	$(addprefix -Wl$(comma),$(call klibc,ldflags)) $(KLIBC_DIR)lib/crt0.o,$(KLCC))
EARLY_LIBS = $(if $(call klibc,version),-Wl$(comma)--start-group $(KLIBC_DIR)lib/libc.a -lgcc \
	-Wl$(comma)--end-group)
STRIP     ?= strip
WARN      := -Wall -Wextra -Werror -Wno-unused-parameter -Wno-format-truncation
CPPFLAGS  += -DVERSION='"$(VERSION)"'
SAN       := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# src/core: the library both programs share; src/early: the initramfs
# binary's main; src/host: the host tool (libkmod), its main apart so the
# unit tests link the rest.
CORE_SRC := $(sort $(wildcard src/core/*.c))
EARLY_SRC := $(sort $(wildcard src/early/*.c))
HOST_SRC := $(filter-out src/host/main.c,$(sort $(wildcard src/host/*.c)))
KMOD_LIBS := $(shell pkg-config --libs libkmod 2>/dev/null || echo -lkmod)
INC := -Isrc/core -Isrc/host
HDRS := $(wildcard src/*/*.h)

# what every unit test binary links besides its own file
TEST_LIB := tests/unit/harness.c tests/unit/fakekernel.c tests/unit/fakeprobe.c tests/unit/fakenet.c
UNIT_TESTS := $(patsubst tests/unit/%.c,%,$(filter-out tests/unit/harness.c tests/unit/fakekernel.c,$(wildcard tests/unit/test_*.c)))

.PHONY: all check check-unit unit-tests demo install uninstall clean deps size fuzz lint bench mutate

all: build/pciback-early build/host/pciback-early

build/pciback-early: $(CORE_SRC) $(EARLY_SRC) $(HDRS)
	@mkdir -p $(@D)
	$(EARLY_CC) -static -flto $(STATIC_CFLAGS) $(STATIC_SIZE_CFLAGS) $(STATIC_ARCH_CFLAGS) -Wall -Wextra -Werror -Wno-unused-parameter \
		$(CPPFLAGS) -DPCIBACK_EARLY -Isrc/core -ffunction-sections -fdata-sections -Wl,--gc-sections \
		-Wl,-z,noseparate-code -Wl,-z,common-page-size=64 $(STATIC_LDFLAGS) -o $@ $(CORE_SRC) $(EARLY_SRC) \
		$(EARLY_LIBS)
	$(STRIP) -R .comment $@

build/host/pciback-early: $(CORE_SRC) $(HOST_SRC) src/host/main.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARN) $(CPPFLAGS) $(INC) -o $@ $(CORE_SRC) $(HOST_SRC) \
		src/host/main.c $(LDFLAGS) $(KMOD_LIBS)

# the library and harness compiled once for every unit test binary (a
# binary per test file, each linking the same objects)
TEST_CFLAGS := -O1 -g $(WARN) $(SAN) $(CPPFLAGS) $(INC)
TEST_OBJS := $(patsubst %.c,build/test/obj/%.o,$(CORE_SRC) $(HOST_SRC) $(TEST_LIB))
# kept: make deleted them as intermediates of the pattern rule below, and
# every run compiled them again
.SECONDARY: $(TEST_OBJS)

build/test/obj/%.o: %.c $(HDRS) $(wildcard tests/unit/*.h)
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -c -o $@ $<

build/test/%: tests/unit/%.c $(TEST_OBJS) $(wildcard tests/unit/*.h) $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -o $@ $< $(TEST_OBJS) $(KMOD_LIBS)

size: build/pciback-early
	@file $< | grep -q 'statically linked' || { echo "not static"; exit 1; }
	@stat -c '%s bytes: $<' $<

TEST_BINS := $(UNIT_TESTS:%=build/test/%)

# The test command of README.md: dependencies, unit tests, boot tests.
check: deps
	@$(MAKE) --no-print-directory all $(TEST_BINS)
	@tests/run-all.sh $(TEST_BINS)

check-unit: all $(TEST_BINS)
	@QEMU_TESTS=0 tests/run-all.sh $(TEST_BINS)

# The unit test binaries alone: no lint, fuzzing, packages, network or
# QEMU.  What a package build's check step runs (the RPM spec's %check).
unit-tests: $(TEST_BINS)
	@status=0; for t in $(TEST_BINS); do \
		$$t || { rc=$$?; echo "FAIL: $$t: exited with status $$rc"; status=1; }; \
	done; exit $$status

deps:
	@tests/deps.sh

# longer fuzzing runs (make check runs a short one)
fuzz: deps
	tests/fuzz/run.sh --long

lint:
	tests/lint.sh

# mutation testing of the unit tests: long, so not part of check
mutate:
	nice -n 10 tests/mutate.sh

bench: deps
	@$(MAKE) --no-print-directory all
	BENCH_WRITE=1 tests/bench/run.sh

demo: deps
	@$(MAKE) --no-print-directory all
	tests/qemu/demo.sh

DRACUT_FILES := $(notdir $(wildcard dracut-module/90pciback-early/*))
# The hooks' default binary paths (/usr/lib/pciback-early/pciback-early,
# /usr/sbin/pciback-early in the tree, or @PKGLIBDIR@ / @SBINDIR@) become
# the installed ones; install fails if a hook names neither.
HOOK_PATHS := sed -i -e 's|:-/usr/lib/pciback-early/pciback-early}|:-$(PKGLIBDIR)/pciback-early}|' \
	-e 's|:-/usr/sbin/pciback-early}|:-$(SBINDIR)/pciback-early}|' \
	-e 's|@PKGLIBDIR@|$(PKGLIBDIR)|g' -e 's|@SBINDIR@|$(SBINDIR)|g'
# The sample configuration (selects nothing) is installed only where there
# is none yet.
CONF := $(DESTDIR)$(SYSCONFDIR)/pciback-early.conf

install: all
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(PKGLIBDIR) $(DESTDIR)$(DRACUTDIR) \
		$(DESTDIR)$(DRACUTCONFDIR) \
		$(DESTDIR)$(ITOOLSDIR)/hooks $(DESTDIR)$(ITOOLSDIR)/scripts/init-top \
		$(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(SYSCONFDIR) \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(UDEVRULESDIR)
	install -m 0755 build/host/pciback-early $(DESTDIR)$(SBINDIR)/pciback-early
	install -m 0755 build/pciback-early $(DESTDIR)$(PKGLIBDIR)/pciback-early
	install -m 0644 hook-lib/hook-lib.sh $(DESTDIR)$(PKGLIBDIR)/hook-lib.sh
	install -m 0755 dracut-module/90pciback-early/* $(DESTDIR)$(DRACUTDIR)/
	install -m 0644 dracut-module/dracut.conf.d/90-pciback-early.conf $(DESTDIR)$(DRACUTCONFDIR)/
	install -m 0755 initramfs-tools-hook/hooks/pciback-early $(DESTDIR)$(ITOOLSDIR)/hooks/
	install -m 0755 initramfs-tools-hook/scripts/init-top/pciback-early \
		$(DESTDIR)$(ITOOLSDIR)/scripts/init-top/
	install -m 0644 udev/79-pciback-early.rules $(DESTDIR)$(UDEVRULESDIR)/
	$(HOOK_PATHS) $(DESTDIR)$(DRACUTDIR)/module-setup.sh $(DESTDIR)$(ITOOLSDIR)/hooks/pciback-early \
		$(DESTDIR)$(UDEVRULESDIR)/79-pciback-early.rules
	@grep -qF '"$(SBINDIR)/pciback-early apply --device' $(DESTDIR)$(UDEVRULESDIR)/79-pciback-early.rules || \
		{ echo "79-pciback-early.rules: it does not run $(SBINDIR)/pciback-early" >&2; exit 1; }
	@for f in $(DESTDIR)$(DRACUTDIR)/module-setup.sh $(DESTDIR)$(ITOOLSDIR)/hooks/pciback-early; do \
		for p in $(PKGLIBDIR)/pciback-early $(SBINDIR)/pciback-early; do \
			grep -qF ":-$$p}" $$f || \
				{ echo "$$f: its default binary path is not $$p" >&2; exit 1; }; \
		done; \
	done
	install -m 0644 man/pciback-early.8 $(DESTDIR)$(MANDIR)/man8/
	install -m 0644 man/pciback-early.conf.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 0644 completion/pciback-early $(DESTDIR)$(BASHCOMPDIR)/pciback-early
	@if [ -e $(CONF) ]; then echo "$(CONF) exists, left as it is"; \
	else echo "install -m 0644 pciback-early.conf $(CONF)"; \
		install -m 0644 pciback-early.conf $(CONF); fi

# Removes what install installed; the configuration only if it is still
# the sample (an edited one is the user's).
uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/pciback-early $(DESTDIR)$(PKGLIBDIR)/pciback-early \
		$(DESTDIR)$(PKGLIBDIR)/hook-lib.sh \
		$(DRACUT_FILES:%=$(DESTDIR)$(DRACUTDIR)/%) \
		$(DESTDIR)$(ITOOLSDIR)/hooks/pciback-early \
		$(DESTDIR)$(ITOOLSDIR)/scripts/init-top/pciback-early \
		$(DESTDIR)$(MANDIR)/man8/pciback-early.8 $(DESTDIR)$(MANDIR)/man5/pciback-early.conf.5 \
		$(DESTDIR)$(DRACUTCONFDIR)/90-pciback-early.conf \
		$(DESTDIR)$(BASHCOMPDIR)/pciback-early $(DESTDIR)$(UDEVRULESDIR)/79-pciback-early.rules
	@rmdir $(DESTDIR)$(DRACUTDIR) $(DESTDIR)$(PKGLIBDIR) 2>/dev/null || true
	@if cmp -s pciback-early.conf $(CONF); then echo "rm -f $(CONF)"; rm -f $(CONF); \
	elif [ -e $(CONF) ]; then echo "$(CONF) differs from the sample, kept"; fi

clean:
	rm -rf build
