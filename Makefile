# cfecs: Cloudflare Logpush -> Elastic Common Schema.
# GNU make.  Honours CC, CFLAGS, CPPFLAGS, LDFLAGS, LDLIBS, PREFIX, DESTDIR.

PREFIX		?= /usr/local
BINDIR		?= $(PREFIX)/bin
MANDIR		?= $(PREFIX)/share/man
BASHCOMPDIR	?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR	?= $(PREFIX)/share/zsh/site-functions
RULESDIR	?= $(PREFIX)/share/cfecs/rules
INSTALL		?= install
PKG_CONFIG	?= pkg-config
CFLAGS		?= -O2 -g
CLANG		?= clang
RSS_SLACK	?= 40960
SANITIZED	?=

PKGS		 = libarchive libcjson zlib yaml-0.1 libpcre2-8 libpsl libmaxminddb \
		   nettle
WARN		 = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes
DEFS		 = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -pthread
PKG_CFLAGS	 = $(shell $(PKG_CONFIG) --cflags $(PKGS))
PKG_LIBS	 = $(shell $(PKG_CONFIG) --libs $(PKGS))
ALL_CFLAGS	 = $(WARN) $(DEFS) $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS) -MMD -MP

OBJS		 = cfecs.o options.o walk.o work.o commit.o json.o batch.o input.o \
		   mapper.o convert.o datasets.o writer.o timefmt.o codes.o \
		   ecscheck.o ecs_fields.o progress.o state.o detect.o rules.o \
		   rulefile.o ruleset.o enrich.o geoip.o ioc.o iocload.o stix.o \
		   seen.o hold.o template.o cloudflare_fields.o correlate.o \
		   summary.o fieldcheck.o
LIB_OBJS	 = input.o json.o mapper.o convert.o datasets.o writer.o timefmt.o codes.o
DEBIAN_PKGS	 = build-essential pkg-config libcjson-dev zlib1g-dev \
		   libarchive-dev libyaml-dev libpcre2-dev libpsl-dev \
		   libmaxminddb-dev nettle-dev publicsuffix uap-core mmdb-bin \
		   libmaxmind-db-writer-perl jq zip gzip bzip2 xz-utils zstd \
		   mandoc time clang libclang-rt-dev parallel valgrind pigz \
		   strace chromium python3-distributed rclone nodejs

all: cfecs

cfecs: $(OBJS)
	$(CC) $(LDFLAGS) -o $@ $(OBJS) $(PKG_LIBS) -pthread $(LDLIBS)

.c.o:
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

rulefile.o: ALL_CFLAGS += -DCFECS_RULES_DIR='"$(RULESDIR)"'

UNIT_TESTS	 = tests/timefmt_test tests/ecscheck_test tests/state_test \
		   tests/enrich_test tests/json_test tests/convert_test

tests/timefmt_test: tests/timefmt_test.c timefmt.o
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -I. -o $@ tests/timefmt_test.c timefmt.o

tests/ecscheck_test: tests/ecscheck_test.c ecscheck.o ecs_fields.o
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -I. -o $@ tests/ecscheck_test.c ecscheck.o ecs_fields.o

tests/json_test: tests/json_test.c json.o writer.o
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -I. -o $@ tests/json_test.c json.o \
	    writer.o $(PKG_LIBS) -pthread

tests/convert_test: tests/convert_test.c $(LIB_OBJS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -I. -o $@ tests/convert_test.c \
	    $(LIB_OBJS) $(PKG_LIBS) -pthread

tests/state_test: tests/state_test.c state.o
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -I. -o $@ tests/state_test.c state.o

tests/enrich_test: tests/enrich_test.c enrich.o $(LIB_OBJS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -I. -o $@ tests/enrich_test.c enrich.o \
	    $(LIB_OBJS) $(PKG_LIBS) -pthread

# Header dependencies, written by the compiler (-MMD -MP) as it builds.
-include $(OBJS:.o=.d) $(UNIT_TESTS:=.d)

# deps: install the Debian packages that are missing (needs root).
deps:
	@missing=""; for p in $(DEBIAN_PKGS); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | \
	    grep -q 'ok installed' || missing="$$missing $$p"; done; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ] && [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	elif [ -n "$$missing" ]; then \
	    echo "missing Debian packages:$$missing"; \
	    echo "run: sudo apt-get install$$missing"; exit 1; \
	fi
	$(MAKE) tests/scale/node_modules/.bin/s3rver

# The S3 server of make check-scale, pinned by tests/scale/package-lock.json.
tests/scale/node_modules/.bin/s3rver: tests/scale/package.json \
    tests/scale/package-lock.json
	cd tests/scale && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# run: what a first-time user wants: deps, build, convert the samples.
run: deps
	$(MAKE) all
	./cfecs samples/*.ndjson > samples.ecs.ndjson
	@echo "wrote samples.ecs.ndjson ($$(wc -l < samples.ecs.ndjson) events)"

bench/gen: bench/gen.c
	$(CC) $(WARN) $(DEFS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ bench/gen.c

# RSS_SLACK: how much more memory a 50 MB line may take than a small file
# (sanitizers keep freed memory in quarantine, so asan raises it).
check: cfecs $(UNIT_TESTS) bench/gen
	RSS_SLACK=$(RSS_SLACK) SANITIZED=$(SANITIZED) sh tests/run.sh

# check-scale: contrib/cfecs-dask on a Dask scheduler and two workers over
# an S3 bucket (s3rver), all on 127.0.0.1.  Not in check: it starts servers.
check-scale: cfecs bench/gen
	sh tests/scale/run.sh

# bench: the throughput table (cfecs against zcat, jq and Python).
bench: cfecs bench/gen
	sh bench/run.sh

test: check

asan:
	$(MAKE) clean
	$(MAKE) check CC=$(CLANG) RSS_SLACK=131072 SANITIZED=1 \
	    CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all" \
	    LDFLAGS="-fsanitize=address,undefined"
	$(MAKE) clean

lint:
	mandoc -Tlint -W warning man/cfecs.1 man/cfecs-dask.1

install: cfecs
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	$(INSTALL) -m 755 cfecs $(DESTDIR)$(BINDIR)/cfecs
	$(INSTALL) -m 755 contrib/cfecs-dask $(DESTDIR)$(BINDIR)/cfecs-dask
	$(INSTALL) -m 644 man/cfecs.1 $(DESTDIR)$(MANDIR)/man1/cfecs.1
	$(INSTALL) -m 644 man/cfecs-dask.1 $(DESTDIR)$(MANDIR)/man1/cfecs-dask.1
	$(INSTALL) -m 644 completions/cfecs.bash $(DESTDIR)$(BASHCOMPDIR)/cfecs
	$(INSTALL) -m 644 completions/_cfecs $(DESTDIR)$(ZSHCOMPDIR)/_cfecs
	$(INSTALL) -d $(DESTDIR)$(RULESDIR)
	$(INSTALL) -m 644 rules/*.yml $(DESTDIR)$(RULESDIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/cfecs $(DESTDIR)$(MANDIR)/man1/cfecs.1 \
	    $(DESTDIR)$(BINDIR)/cfecs-dask $(DESTDIR)$(MANDIR)/man1/cfecs-dask.1 \
	    $(DESTDIR)$(BASHCOMPDIR)/cfecs $(DESTDIR)$(ZSHCOMPDIR)/_cfecs
	rm -rf $(DESTDIR)$(RULESDIR)

clean:
	rm -f cfecs *.o *.d tests/*.d $(UNIT_TESTS) bench/gen samples.ecs.ndjson

.PHONY: all deps run check check-scale test bench asan lint install uninstall clean

# ---- fuzzing (libFuzzer; clang with compiler-rt) ----
# make fuzz        build tests/fuzz_record, tests/fuzz_input, tests/fuzz_timefmt,
#                  tests/fuzz_geoip (input: a --geoip database file)
#                  tests/fuzz_ioc (input: an --ioc file)
#                  tests/fuzz_rules (input: a --rules file)
#                  tests/fuzz_uap (input: a --ua-regexes file)
# make fuzz-smoke  run each for FUZZ_TIME seconds on a copy of its seed
#                  corpus (tests/fuzz/NAME/); fails if any target fails.
# Longer runs: tests/fuzz_NAME -max_total_time=300 CORPUS_COPY tests/fuzz/NAME
# Crash reproducers go to tests/fuzz/regress/ (a target replays a file
# given as its argument: tests/fuzz_record tests/fuzz/regress/FILE).
FUZZ_TARGETS	 = tests/fuzz_record tests/fuzz_input tests/fuzz_timefmt \
		   tests/fuzz_geoip tests/fuzz_ioc tests/fuzz_rules tests/fuzz_uap
FUZZ_SRCS	 = input.c json.c mapper.c convert.c datasets.c writer.c timefmt.c codes.c ioc.c \
		   iocload.c stix.c detect.c rules.c rulefile.c ruleset.c fieldcheck.c \
		   enrich.c correlate.c summary.c
FUZZ_HDRS	 = codes.h correlate.h detect.h detect_int.h enrich.h fieldcheck.h \
		   summary.h input.h json.h mapper.h timefmt.h util.h \
		   writer.h ioc.h ioc_int.h stix.h tests/fuzz_common.h geoip.c geoip.h
FUZZ_CFLAGS	 = -g -O1 -fsanitize=fuzzer,address,undefined \
		   -fno-sanitize-recover=all
FUZZ_TIME	 = 20
FUZZ_ARGS	 = -max_total_time=$(FUZZ_TIME) -timeout=10 -rss_limit_mb=2048

fuzz: $(FUZZ_TARGETS)

$(FUZZ_TARGETS): tests/%: tests/%.c $(FUZZ_SRCS) $(FUZZ_HDRS)
	$(CLANG) $(FUZZ_CFLAGS) $(WARN) $(DEFS) $(PKG_CFLAGS) -I. \
	    -o $@ $@.c $(FUZZ_SRCS) $(PKG_LIBS)

fuzz-smoke: fuzz
	@fail=0; \
	for t in $(FUZZ_TARGETS); do \
	    name=$${t#tests/fuzz_}; \
	    dir=$$(mktemp -d "$${TMPDIR:-/tmp}/cfecs-fuzz-$$name.XXXXXX"); \
	    cp tests/fuzz/$$name/* "$$dir"/; \
	    log="$$dir.log"; \
	    if ./$$t $(FUZZ_ARGS) -artifact_prefix="$$dir.crash-" \
		"$$dir" > "$$log" 2>&1; then res=ok; else res=FAILED; fail=1; fi; \
	    runs=$$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$$log" | tail -1); \
	    [ -n "$$runs" ] || runs=$$(sed -n 's/^stat::number_of_executed_units: *//p' "$$log" | tail -1); \
	    echo "fuzz_$$name: $$res, $${runs:-?} runs in $(FUZZ_TIME) s"; \
	    if [ $$res = ok ]; then rm -rf "$$dir" "$$log"; \
	    else tail -40 "$$log"; echo "log: $$log; crash: $$dir.crash-*"; fi; \
	done; \
	exit $$fail

.PHONY: fuzz fuzz-smoke
