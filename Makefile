# cpdesk - build, test, run and install.
#
#   make run      build, make a demo store, open the console on it
#   make check    build and run every test (unit, end-to-end, sanitizers)
#   make install  PREFIX=/usr/local DESTDIR=
#
# Missing Debian -dev packages are installed with apt-get when run as root;
# otherwise the exact apt-get line is printed and the build stops.

VERSION   := 0.1.0
PREFIX    ?= /usr/local
DESTDIR   ?=
BINDIR    := $(PREFIX)/bin
SHAREDIR  := $(PREFIX)/share/cpdesk
MANDIR    := $(PREFIX)/share/man
LIBDIR    := $(PREFIX)/lib/cpdesk
# README.md, and the guides as doc/NAME.md beside it (the names --help and
# the man pages give, and README.md's links, stay true there)
DOCDIR    := $(PREFIX)/share/doc/cpdesk
# The shared stores, one directory each, and the group that owns them and
# that cpdesk is installed setgid to (doc/deployment.md).  STATEDIR and
# the install places are built into the program (a privileged run looks
# nowhere else): src/base/paths.c is rebuilt when they change.
STATEDIR  ?= /var/lib/cpdesk
GROUP     ?= cpdesk

CC        ?= cc
PKGS      := ncursesw lmdb yaml-0.1 libcjson libical cairo freetype2 gmime-3.0
TEST_PKGS := cmocka
# pkg-config name -> Debian package that provides it
DEB_ncursesw := libncurses-dev
DEB_lmdb     := liblmdb-dev
DEB_yaml-0.1 := libyaml-dev
DEB_libcjson := libcjson-dev
DEB_libical  := libical-dev
DEB_cairo    := libcairo2-dev
DEB_freetype2 := libfreetype-dev
DEB_gmime-3.0 := libgmime-3.0-dev
# files the program reads that no pkg-config names: the charts' fonts
# (src/work/chart_render.h)
FONT_DIR     := /usr/share/fonts/truetype/dejavu
DATA_FILES   := $(FONT_DIR)/DejaVuSans.ttf:fonts-dejavu-core \
                $(FONT_DIR)/DejaVuSans-Bold.ttf:fonts-dejavu-core
DEB_cmocka   := libcmocka-dev
# tools the tests need
TEST_TOOLS   := tmux clang valgrind mdb_dump soffice pdfinfo hardening-check \
                systemd-analyze cron neomutt python3 mandoc mmdebstrap \
                $(DEB_TOOLS)
# tools make deb needs (tests/e2e/deb.sh builds the package, and installs
# it with mmdebstrap; cli_help.sh runs mandoc -T lint)
DEB_TOOLS    := dh dpkg-buildpackage lintian
DEB_dh       := debhelper
DEB_dpkg-buildpackage := dpkg-dev
DEB_lintian  := lintian
DEB_mandoc   := mandoc
DEB_mmdebstrap := mmdebstrap
DEB_hardening-check := devscripts
DEB_systemd-analyze := systemd
DEB_cron     := cron
DEB_pdfinfo  := poppler-utils
DEB_mdb_dump := lmdb-utils
DEB_tmux     := tmux
DEB_clang    := clang
DEB_valgrind := valgrind
DEB_soffice  := libreoffice-calc-nogui
DEB_neomutt  := neomutt
DEB_python3  := python3

BUILD     ?= build
WARN      := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
             -Wmissing-prototypes -Wformat=2 -Wvla
CFLAGS    ?= -O2 -g

# The layers, lowest first, and what each may use: src/layers.txt
# (doc/hacking.md).  Each folder of src/ is built as its own static
# library and linked one way; `make layers` checks the rules on every
# include and every call.  Headers sit beside their sources.
LAYERS    := $(shell awk '!/^[[:space:]]*(\#|$$)/ && $$1 != "lib" { print $$1 }' src/layers.txt)
LAYER_INC := $(addprefix -Isrc/,$(LAYERS))
# Every compile and link takes CPPFLAGS, CFLAGS and LDFLAGS from the
# environment or the command line (Debian's dpkg-buildflags: fortify,
# stack protector, RELRO, BIND_NOW; doc/deployment.md), and adds the
# project's own after them, so a -Wformat there cannot lower -Wformat=2.
# Per-file defines go in FILE_DEFS, not CPPFLAGS: `make CPPFLAGS=...`
# would override a target's own CPPFLAGS.
ALL_CFLAGS = $(CPPFLAGS) $(CFLAGS) -std=c11 -D_DEFAULT_SOURCE $(WARN) \
             $(LAYER_INC) -DCPDESK_VERSION=\"$(VERSION)\" \
             $(PATHS_DEFS) $(FILE_DEFS) \
             $(shell pkg-config --cflags $(filter-out $(MAIL_PKGS),$(PKGS)) 2>/dev/null)
# libical is linked into the module cpdesk-ics.so only (src/work/ics_render.h):
# in cpdesk itself it would cost every command ~6 ms of start-up (ICU).
# ncursesw, LMDB and libyaml are linked from Debian's static archives
# (their -dev packages ship them): loading and relocating them was ~1 ms
# of every command's ~5 ms (doc/performance.md).  LINK=shared links them
# as shared libraries; either way, rebuild after a security update of
# those packages when static.  libcjson is not linked: calendar.c loads
# it (dlopen) the first time a bank-holiday file is parsed, which most
# commands never do (the store keeps the holidays compiled).
LINK      ?= static
STATIC_PKGS := ncursesw lmdb yaml-0.1
ifeq ($(LINK),static)
LIBS       = -Wl,-Bstatic $(shell pkg-config --static --libs $(STATIC_PKGS) 2>/dev/null) \
             -Wl,-Bdynamic
else
LIBS       = $(shell pkg-config --libs $(filter-out libical libcjson cairo freetype2 $(MAIL_PKGS),$(PKGS)) 2>/dev/null)
endif
ICS_LIBS   = $(shell pkg-config --libs libical 2>/dev/null)
# cairo and FreeType are linked into the module cpdesk-chart.so only
# (src/work/chart_render.h), for the same reason as libical.
CHART_LIBS = $(shell pkg-config --libs cairo freetype2 2>/dev/null)
# GMime (and GLib under it) is linked into the module cpdesk-mail.so only
# (src/work/mail_render.h), and only that file sees its headers (as
# system headers: GLib's are not written for our warnings).
MAIL_PKGS  := gmime-3.0
MAIL_CFLAGS = $(shell pkg-config --cflags $(MAIL_PKGS) 2>/dev/null | sed 's/-I/-isystem /g')
MAIL_LIBS  = $(shell pkg-config --libs $(MAIL_PKGS) 2>/dev/null)
TEST_LIBS  = $(shell pkg-config --libs $(TEST_PKGS) 2>/dev/null)

# Not in any layer's library: the program's entry point, the iCalendar
# writer (a module of its own, loaded by `export ics`) and the chart
# writer (loaded by `report timeliness --pdf`) and the MIME writer (loaded
# by `mail`).
NOT_IN_LIB := src/cli/main.c src/work/ics_render.c src/work/chart_render.c \
              src/work/mail_render.c
layer_src  = $(filter-out $(NOT_IN_LIB),$(wildcard src/$(1)/*.c))
layer_obj  = $(patsubst src/%.c,$(BUILD)/obj/%.o,$(call layer_src,$(1)))
LAYER_LIBS := $(foreach l,$(LAYERS),$(BUILD)/lib$(l).a)
# Linked highest layer first, each once: a call down resolves, a call up
# does not.
LINK_LIBS  := $(foreach l,$(shell printf '%s\n' $(LAYERS) | tac),$(BUILD)/lib$(l).a)
LIB_OBJ   := $(foreach l,$(LAYERS),$(call layer_obj,$(l)))
MAIN_OBJ  := $(BUILD)/obj/cli/main.o
ICS_MOD   := $(BUILD)/cpdesk-ics.so
CHART_MOD := $(BUILD)/cpdesk-chart.so
MAIL_MOD  := $(BUILD)/cpdesk-mail.so
TEST_SRC  := $(wildcard tests/unit/test_*.c)
TEST_BIN  := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps test-deps run check unit e2e sanitize fuzz fuzz-ci bench \
        torture install uninstall deb deb-deps clean layers man FORCE

all: deps
	@$(MAKE) --no-print-directory cpdesk

# ---- dependencies ---------------------------------------------------------
deps:
	@sh tests/tools/ensure-deps.sh "$(foreach p,$(PKGS),$(p):$(DEB_$(p)))" "" \
	   "$(DATA_FILES)"

test-deps:
	@sh tests/tools/ensure-deps.sh "$(foreach p,$(PKGS) $(TEST_PKGS),$(p):$(DEB_$(p)))" \
	   "$(foreach t,$(TEST_TOOLS),$(t):$(DEB_$(t)))" "$(DATA_FILES)"

# ---- build -----------------------------------------------------------------
cpdesk: $(BUILD)/cpdesk $(ICS_MOD) $(CHART_MOD) $(MAIL_MOD) $(BUILD)/cpdesk.bash
	@ln -sf $(BUILD)/cpdesk cpdesk

$(BUILD)/cpdesk: $(MAIN_OBJ) $(LAYER_LIBS)
	@echo "  LINK  $@"
	@$(CC) $(ALL_CFLAGS) -o $@ $(MAIN_OBJ) $(LINK_LIBS) $(LIBS) $(LDFLAGS)

# The iCalendar writer: a module `export ics` loads (src/work/ics_module.c).
$(ICS_MOD): $(BUILD)/obj/work/ics_render.pic.o
	@echo "  LINK  $@"
	@$(CC) $(ALL_CFLAGS) -shared -o $@ $^ $(ICS_LIBS) $(LDFLAGS)

# The chart writer: a module `report timeliness --pdf` loads
# (src/work/chart_module.c); its fonts' folder built in.
$(CHART_MOD): $(BUILD)/obj/work/chart_render.pic.o
	@echo "  LINK  $@"
	@$(CC) $(ALL_CFLAGS) -shared -o $@ $^ $(CHART_LIBS) $(LDFLAGS)
$(BUILD)/obj/work/chart_render.pic.o: FILE_DEFS = -DCPDESK_FONT_DIR=\"$(FONT_DIR)\"

# The MIME writer: a module `mail` loads (src/work/mail.c).
$(MAIL_MOD): $(BUILD)/obj/work/mail_render.pic.o
	@echo "  LINK  $@"
	@$(CC) $(ALL_CFLAGS) -shared -o $@ $^ $(MAIL_LIBS) $(LDFLAGS)
$(BUILD)/obj/work/mail_render.pic.o: FILE_DEFS = $(MAIL_CFLAGS)

$(BUILD)/obj/%.pic.o: src/%.c
	@mkdir -p $(@D)
	@echo "  CC    $< (module)"
	@$(CC) $(ALL_CFLAGS) -fPIC -MMD -MP -c -o $@ $<

define layer_lib
$(BUILD)/lib$(1).a: $(call layer_obj,$(1))
	@rm -f $$@
	@ar rcs $$@ $$^
endef
$(foreach l,$(LAYERS),$(eval $(call layer_lib,$(l))))

PATHS_DEFS = -DCPDESK_STATEDIR=\"$(STATEDIR)\" -DCPDESK_SHAREDIR=\"$(SHAREDIR)\" \
             -DCPDESK_LIBDIR=\"$(LIBDIR)\" -DCPDESK_DOCDIR=\"$(DOCDIR)\"
$(BUILD)/paths.stamp: FORCE
	@mkdir -p $(@D)
	@echo '$(PATHS_DEFS)' | cmp -s - $@ 2>/dev/null || echo '$(PATHS_DEFS)' > $@
$(BUILD)/obj/base/paths.o $(BUILD)/obj/cli/cli_help.o: $(BUILD)/paths.stamp
FORCE:

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	@echo "  CC    $<"
	@$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LAYER_LIBS) | $(BUILD)/tests
	@echo "  CC    $<"
	@$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -o $@ $< $(LINK_LIBS) \
	    $(TEST_LIBS) $(LIBS) $(LDFLAGS)

# test_ics links the writer itself, with libical, rather than the module.
$(BUILD)/tests/test_ics: tests/unit/test_ics.c $(BUILD)/obj/work/ics_render.pic.o $(LAYER_LIBS) | $(BUILD)/tests
	@echo "  CC    $<"
	@$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -o $@ $< \
	    $(BUILD)/obj/work/ics_render.pic.o $(LINK_LIBS) \
	    $(TEST_LIBS) $(LIBS) $(ICS_LIBS) $(LDFLAGS)

# test_mail links the MIME writer itself, with GMime, rather than the module.
$(BUILD)/tests/test_mail: tests/unit/test_mail.c $(BUILD)/obj/work/mail_render.pic.o $(LAYER_LIBS) | $(BUILD)/tests
	@echo "  CC    $<"
	@$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -o $@ $< \
	    $(BUILD)/obj/work/mail_render.pic.o $(LINK_LIBS) \
	    $(TEST_LIBS) $(LIBS) $(MAIL_LIBS) $(LDFLAGS)

# Test helpers (tests/tools/*.c) linked with the library, e.g. the
# reader-latency probe of tests/e2e/reliability_concurrency.sh.
$(BUILD)/tests/reader_probe: tests/tools/reader_probe.c $(LAYER_LIBS) | $(BUILD)/tests
	@echo "  CC    $<"
	@$(CC) $(ALL_CFLAGS) -o $@ $< $(LINK_LIBS) $(LIBS) $(LDFLAGS)

$(BUILD)/tests:
	@mkdir -p $@

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(BUILD)/obj/work/ics_render.pic.d \
    $(BUILD)/obj/work/chart_render.pic.d $(BUILD)/obj/work/mail_render.pic.d

# ---- the layers ------------------------------------------------------------
# Every include and every call goes down the list of LAYERS (or stays in
# its folder); LMDB only in store/, curses only in ui/; no cycle of
# includes or calls between files.  Reads the objects' symbols (nm).
layers: $(LIB_OBJ) $(MAIN_OBJ)
	@sh tests/tools/layers.sh $(BUILD)/obj

# ---- run ------------------------------------------------------------------
DEMO_DB ?= $(BUILD)/demo-store

run: all
	@sh tests/tools/run-demo.sh "$(BUILD)/cpdesk" "$(DEMO_DB)"

# ---- tests ----------------------------------------------------------------
check: test-deps
	@$(MAKE) --no-print-directory layers unit e2e
	@echo "== clang: the same sources, warnings as errors"
	@$(MAKE) --no-print-directory BUILD=build-clang CC=clang build-clang/cpdesk \
	    build-clang/cpdesk-ics.so build-clang/cpdesk-chart.so build-clang/cpdesk-mail.so
	@$(MAKE) --no-print-directory sanitize
	@$(MAKE) --no-print-directory fuzz-ci

unit: cpdesk $(TEST_BIN)
	@sh tests/tools/run-unit.sh $(TEST_BIN)

e2e: cpdesk $(BUILD)/tests/reader_probe
	@sh tests/tools/run-e2e.sh "$(CURDIR)/$(BUILD)/cpdesk" tests/e2e/*.sh

# The whole suite again under AddressSanitizer and UBSan, in its own tree.
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
             -fno-sanitize-recover=all
sanitize:
	@echo "== sanitizers: ASan + UBSan build in $(BUILD)-san"
	@CPDESK_SANITIZED=1 ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	 $(MAKE) --no-print-directory BUILD=$(BUILD)-san CFLAGS="$(SAN_FLAGS)" \
	    LDFLAGS="-fsanitize=address,undefined" unit e2e

# The reliability tests (tests/e2e/reliability_*.sh) with large counts;
# doc/reliability.md.  Small counts run in check.
torture: test-deps
	@$(MAKE) --no-print-directory cpdesk $(BUILD)/tests/reader_probe
	@echo "== torture: crash, concurrency, resources, hostile input, large counts"
	@CRASH_RUNS=$${CRASH_RUNS:-500} CONC_OPS=$${CONC_OPS:-20000} \
	 sh tests/tools/run-e2e.sh "$(CURDIR)/$(BUILD)/cpdesk" \
	    tests/e2e/reliability_*.sh tests/e2e/crash_kill.sh \
	    tests/e2e/concurrency.sh

# libFuzzer harnesses (tests/fuzz/): a bounded run in check, longer by hand.
FUZZ_SECONDS ?= 600
fuzz: test-deps
	@sh tests/tools/fuzz.sh $(FUZZ_SECONDS)

fuzz-ci:
	@echo "== fuzzing: 30 s a harness"
	@sh tests/tools/fuzz.sh 30

# ---- benchmark (issue 7; doc/performance.md) --------------------------------
# make bench: borough and county; BENCH_SCALES="borough county national"
# adds the national store (~2M tasks).  Reports; never fails on timing.
BENCH_BIN := $(addprefix $(BUILD)/bench-,gen queue minscreen reps tmuxtime)

$(BUILD)/bench-%: bench/%.c $(LAYER_LIBS)
	@echo "  CC    $<"
	@$(CC) $(ALL_CFLAGS) -o $@ $< $(LINK_LIBS) $(LIBS) $(LDFLAGS)

bench: deps
	@$(MAKE) --no-print-directory cpdesk $(BENCH_BIN)
	@sh bench/run.sh $(BUILD) || true

# ---- the man page and the completion, from the command table --------------
# doc/cpdesk.1's COMMANDS section is `cpdesk help --man`, between its
# BEGIN COMMANDS and END COMMANDS lines; the rest is written by hand.
# tests/e2e/cli_help.sh fails when the two differ: run make man.
man: $(BUILD)/cpdesk
	@$(BUILD)/cpdesk help --man >$(BUILD)/commands.roff
	@awk -v gen=$(BUILD)/commands.roff \
	    '/^\.\\" END COMMANDS/ { while ((getline l < gen) > 0) print l; skip = 0 } \
	     !skip { print } /^\.\\" \(make man\)/ { skip = 1 }' \
	    doc/cpdesk.1 >$(BUILD)/cpdesk.1 && mv $(BUILD)/cpdesk.1 doc/cpdesk.1
	@echo "  MAN   doc/cpdesk.1"

BASHCOMPDIR := $(PREFIX)/share/bash-completion/completions
$(BUILD)/cpdesk.bash: $(BUILD)/cpdesk
	@echo "  GEN   $@"
	@$(BUILD)/cpdesk help --bash-completion >$@

# ---- scheduled work: systemd units and timers (doc/deployment.md) ----------
UNITDIR   := $(PREFIX)/lib/systemd/system
UNIT_SRC  := $(wildcard contrib/systemd/*@.service contrib/systemd/*@.timer)
UNITS     := $(UNIT_SRC:contrib/systemd/%=$(BUILD)/systemd/%)
$(BUILD)/systemd/%: contrib/systemd/% $(BUILD)/paths.stamp
	@mkdir -p $(@D)
	@sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
	    -e 's|@STATEDIR@|$(STATEDIR)|g' $< >$@

# ---- install --------------------------------------------------------------
# The same files go into the Debian package (debian/rules: make install
# with DESTDIR, PREFIX=/usr); build-aux/install-setgid.sh makes cpdesk
# setgid as root without DESTDIR, and only says how with it.
GUIDES    := $(wildcard doc/*.md) doc/timeliness-example.png
install: $(BUILD)/cpdesk $(ICS_MOD) $(CHART_MOD) $(MAIL_MOD) $(BUILD)/cpdesk.bash $(UNITS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(SHAREDIR)/policies \
	    $(DESTDIR)$(SHAREDIR)/import-maps/examples \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(BASHCOMPDIR) \
	    $(DESTDIR)$(UNITDIR) $(DESTDIR)$(DOCDIR)/doc
	install -m 0755 contrib/cpdesk-mail-list $(DESTDIR)$(BINDIR)/
	install -m 0755 contrib/systemd/cpdesk-first-working-day $(DESTDIR)$(LIBDIR)/
	install -m 0755 build-aux/stores-group.sh $(DESTDIR)$(LIBDIR)/cpdesk-stores-group
	install -m 0644 $(UNITS) $(DESTDIR)$(UNITDIR)/
	install -m 0755 $(BUILD)/cpdesk $(DESTDIR)$(BINDIR)/cpdesk
	install -m 0644 $(ICS_MOD) $(CHART_MOD) $(MAIL_MOD) $(DESTDIR)$(LIBDIR)/
	install -m 0644 data/bank-holidays.json $(DESTDIR)$(SHAREDIR)/
	install -m 0644 policies/*.yaml $(DESTDIR)$(SHAREDIR)/policies/
	install -m 0644 contrib/import-maps/*.yaml $(DESTDIR)$(SHAREDIR)/import-maps/
	install -m 0644 contrib/import-maps/examples/*.csv \
	    $(DESTDIR)$(SHAREDIR)/import-maps/examples/
	install -m 0644 doc/cpdesk.1 doc/cpdesk-mail-list.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 doc/cpdesk-policy.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 0644 $(BUILD)/cpdesk.bash $(DESTDIR)$(BASHCOMPDIR)/cpdesk
	install -m 0644 README.md $(DESTDIR)$(DOCDIR)/
	install -m 0644 $(GUIDES) $(DESTDIR)$(DOCDIR)/doc/
	@sh build-aux/install-setgid.sh "$(DESTDIR)" $(DESTDIR)$(BINDIR)/cpdesk \
	    "$(STATEDIR)" "$(GROUP)"

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/cpdesk $(DESTDIR)$(MANDIR)/man1/cpdesk.1 \
	    $(DESTDIR)$(MANDIR)/man1/cpdesk-mail-list.1 \
	    $(DESTDIR)$(MANDIR)/man5/cpdesk-policy.5 $(DESTDIR)$(BASHCOMPDIR)/cpdesk
	rm -rf $(DESTDIR)$(SHAREDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(DOCDIR)
	rm -f $(DESTDIR)$(BINDIR)/cpdesk-mail-list \
	    $(UNIT_SRC:contrib/systemd/%=$(DESTDIR)$(UNITDIR)/%)

# ---- the Debian package (debian/; doc/deployment.md) -----------------------
# Built by dpkg-buildpackage in a copy of the tree's files (git ls-files:
# tracked and new, not ignored), so the package's clean and build touch
# nothing here; then lintian must pass it without an error or warning.
# The packages: $(BUILD)/deb/*.deb.
DEB_DIR   := $(BUILD)/deb
# make exports its command line's variables: none of this make's may reach
# the package's (BUILD=... would make its clean delete this build).
DEB_UNSET := BUILD PREFIX DESTDIR STATEDIR GROUP LINK CC CFLAGS CPPFLAGS LDFLAGS
deb: deb-deps
	@git rev-parse --git-dir >/dev/null 2>&1 || { echo "make deb: the package" \
	    "is built from the files git knows: run it in a git checkout" >&2; exit 2; }
	@v=$$(dpkg-parsechangelog -S Version -l debian/changelog) && \
	    [ "$$v" = "$(VERSION)" ] || { echo "make deb: debian/changelog is at" \
	    "$$v but VERSION is $(VERSION): add an entry (dch -v $(VERSION))" >&2; exit 2; }
	@rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)/cpdesk-$(VERSION)
	@git ls-files -z --cached --others --exclude-standard | \
	    tar --null --ignore-failed-read -T - -cf - | tar -xf - -C $(DEB_DIR)/cpdesk-$(VERSION)
	@echo "  DEB   $(DEB_DIR) (log: $(DEB_DIR)/build.log)"
	@cd $(DEB_DIR)/cpdesk-$(VERSION) && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	    $(foreach v,$(DEB_UNSET),-u $(v)) dpkg-buildpackage -b -us -uc -Jauto >../build.log 2>&1 || \
	    { tail -n 40 ../build.log; exit 1; }
	@echo "  LINT  $(DEB_DIR)/cpdesk_$(VERSION)_*.changes"
	@lintian --fail-on error,warning \
	    $(DEB_DIR)/cpdesk_$(VERSION)_*.changes

deb-deps:
	@sh tests/tools/ensure-deps.sh "$(foreach p,$(PKGS),$(p):$(DEB_$(p)))" \
	   "$(foreach t,$(DEB_TOOLS),$(t):$(DEB_$(t)))"

clean:
	rm -rf $(BUILD) $(BUILD)-san build-clang build-fuzz cpdesk
