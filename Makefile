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
DRACUTDIR ?= $(LIBDIR)/dracut/modules.d/90pciback-early
ITOOLSDIR ?= $(PREFIX)/share/initramfs-tools
DESTDIR   ?=

CC        ?= cc
KLCC      ?= klcc
CFLAGS    ?= -O2 -g
WARN      := -Wall -Wextra -Werror -Wno-unused-parameter -Wno-format-truncation
CPPFLAGS  += -DVERSION='"$(VERSION)"'
SAN       := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# src/core: the library both programs share; src/early: the initramfs
# binary's main; src/host: the host tool (libkmod), its main apart so the
# unit tests link the rest.
CORE_SRC := $(sort $(wildcard src/core/*.c))
EARLY_SRC := src/early/main.c
HOST_SRC := $(filter-out src/host/main.c,$(sort $(wildcard src/host/*.c)))
KMOD_LIBS := $(shell pkg-config --libs libkmod 2>/dev/null || echo -lkmod)
INC := -Isrc/core -Isrc/host
HDRS := $(wildcard src/*/*.h)

UNIT_TESTS := $(patsubst tests/unit/%.c,%,$(filter-out tests/unit/harness.c tests/unit/fakekernel.c,$(wildcard tests/unit/test_*.c)))

.PHONY: all check check-unit demo install uninstall clean deps size fuzz lint bench mutate

all: build/pciback-early build/host/pciback-early

build/pciback-early: $(CORE_SRC) $(EARLY_SRC) $(HDRS)
	@mkdir -p $(@D)
	$(KLCC) -static -Os -Wall -Wextra -Werror -Wno-unused-parameter $(CPPFLAGS) -Isrc/core \
		-ffunction-sections -fdata-sections -Wl,--gc-sections \
		-Wl,-z,noseparate-code -Wl,--build-id=none -o $@ $(CORE_SRC) $(EARLY_SRC)
	strip -R .comment $@

build/host/pciback-early: $(CORE_SRC) $(HOST_SRC) src/host/main.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARN) $(CPPFLAGS) $(INC) -o $@ $(CORE_SRC) $(HOST_SRC) \
		src/host/main.c $(LDFLAGS) $(KMOD_LIBS)

build/test/%: tests/unit/%.c tests/unit/harness.c tests/unit/fakekernel.c $(wildcard tests/unit/*.h) $(CORE_SRC) $(HOST_SRC) $(HDRS)
	@mkdir -p $(@D)
	$(CC) -O1 -g $(WARN) -Wno-format-truncation $(SAN) $(CPPFLAGS) $(INC) -o $@ $< \
		tests/unit/harness.c tests/unit/fakekernel.c $(CORE_SRC) $(HOST_SRC) $(KMOD_LIBS)

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

install: all
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(PKGLIBDIR) $(DESTDIR)$(DRACUTDIR) \
		$(DESTDIR)$(ITOOLSDIR)/hooks $(DESTDIR)$(ITOOLSDIR)/scripts/init-top \
		$(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(MANDIR)/man5
	install -m 0755 build/host/pciback-early $(DESTDIR)$(SBINDIR)/pciback-early
	install -m 0755 build/pciback-early $(DESTDIR)$(PKGLIBDIR)/pciback-early
	install -m 0644 hook-lib/hook-lib.sh $(DESTDIR)$(PKGLIBDIR)/hook-lib.sh
	install -m 0755 dracut-module/90pciback-early/* $(DESTDIR)$(DRACUTDIR)/
	install -m 0755 initramfs-tools-hook/hooks/pciback-early $(DESTDIR)$(ITOOLSDIR)/hooks/
	install -m 0755 initramfs-tools-hook/scripts/init-top/pciback-early \
		$(DESTDIR)$(ITOOLSDIR)/scripts/init-top/
	install -m 0644 man/pciback-early.8 $(DESTDIR)$(MANDIR)/man8/
	install -m 0644 man/pciback-early.conf.5 $(DESTDIR)$(MANDIR)/man5/

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/pciback-early $(DESTDIR)$(PKGLIBDIR)/pciback-early \
		$(DESTDIR)$(PKGLIBDIR)/hook-lib.sh \
		$(DESTDIR)$(ITOOLSDIR)/hooks/pciback-early \
		$(DESTDIR)$(ITOOLSDIR)/scripts/init-top/pciback-early \
		$(DESTDIR)$(MANDIR)/man8/pciback-early.8 $(DESTDIR)$(MANDIR)/man5/pciback-early.conf.5
	rm -rf $(DESTDIR)$(DRACUTDIR)
	-rmdir $(DESTDIR)$(PKGLIBDIR)

clean:
	rm -rf build
