# tests/fuzz: libFuzzer targets, one per parser (DESIGN.md "Tests": every
# parser has a fuzz target). They are built only when configured so:
#
#   ./autogen.sh && ./configure CC=clang --enable-fuzzing && make fuzz-smoke
#   make fuzz-long     (10^7 executions per target; see below)
#
# fuzz-smoke builds every target and runs each one FUZZ_RUNS times
# (default 100000; `make fuzz-smoke FUZZ_RUNS=1000000` for a longer hunt)
# starting from its seed corpus in tests/fuzz/corpus/<target>/. The seeds
# are only read: new inputs go to a scratch directory that is removed, and a
# crash is saved as tests/fuzz/<target>-crash-<sha1> in the build tree. To
# replay one: ./tests/fuzz/fuzz_date tests/fuzz/fuzz_date-crash-<sha1>
#
# Each target compiles the core sources it exercises itself, with
# -fsanitize=fuzzer,address,undefined in its own _CFLAGS: libFuzzer's
# coverage and AddressSanitizer's checks must cover the parsers, and a
# prebuilt libjifencore.a carries neither. The core library and the other
# programs are built with the ordinary flags; no fuzzer flag reaches them.

FUZZ_TARGETS = \
	tests/fuzz/fuzz_amount tests/fuzz/fuzz_points tests/fuzz/fuzz_date \
	tests/fuzz/fuzz_card tests/fuzz/fuzz_name tests/fuzz/fuzz_config \
	tests/fuzz/fuzz_script tests/fuzz/fuzz_lines tests/fuzz/fuzz_game \
	tests/fuzz/fuzz_task
FUZZ_TARGETS += tests/fuzz/fuzz_campaign
FUZZ_RUNS = 100000
FUZZ_SAN = -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer
FUZZ_COMPILE = $(AM_CFLAGS) $(FUZZ_SAN) -g
FUZZ_LINK = $(FUZZ_SAN)
# What the parsers need: parse.c calls clock.c for dates, both report through status.c.
FUZZ_PARSE_SOURCES = tests/fuzz/fuzz.h src/core/parse.c src/core/clock.c src/core/status.c
# What the definition parsers need (spec_parse(); game_spec.c has game_code_ok()).
FUZZ_SPEC_SOURCES = tests/fuzz/fuzz_spec.h src/core/spec_json.c src/core/spec_json.h \
	src/core/game_spec.c src/core/game.h src/core/xalloc.c $(FUZZ_PARSE_SOURCES)

EXTRA_PROGRAMS += $(FUZZ_TARGETS)
CLEANFILES += $(FUZZ_TARGETS)
EXTRA_DIST += tests/fuzz/corpus

tests_fuzz_fuzz_amount_SOURCES = tests/fuzz/fuzz_amount.c $(FUZZ_PARSE_SOURCES)
tests_fuzz_fuzz_amount_CFLAGS = $(FUZZ_COMPILE)
tests_fuzz_fuzz_amount_LDFLAGS = $(FUZZ_LINK)

tests_fuzz_fuzz_points_SOURCES = tests/fuzz/fuzz_points.c $(FUZZ_PARSE_SOURCES)
tests_fuzz_fuzz_points_CFLAGS = $(FUZZ_COMPILE)
tests_fuzz_fuzz_points_LDFLAGS = $(FUZZ_LINK)

tests_fuzz_fuzz_date_SOURCES = tests/fuzz/fuzz_date.c $(FUZZ_PARSE_SOURCES)
tests_fuzz_fuzz_date_CFLAGS = $(FUZZ_COMPILE)
tests_fuzz_fuzz_date_LDFLAGS = $(FUZZ_LINK)

tests_fuzz_fuzz_card_SOURCES = tests/fuzz/fuzz_card.c $(FUZZ_PARSE_SOURCES)
tests_fuzz_fuzz_card_CFLAGS = $(FUZZ_COMPILE)
tests_fuzz_fuzz_card_LDFLAGS = $(FUZZ_LINK)

tests_fuzz_fuzz_name_SOURCES = tests/fuzz/fuzz_name.c $(FUZZ_PARSE_SOURCES)
tests_fuzz_fuzz_name_CFLAGS = $(FUZZ_COMPILE)
tests_fuzz_fuzz_name_LDFLAGS = $(FUZZ_LINK)

tests_fuzz_fuzz_config_SOURCES = tests/fuzz/fuzz_config.c src/core/settings.c src/core/actor.c src/core/xalloc.c \
	src/core/db_location.c \
	$(FUZZ_PARSE_SOURCES)
tests_fuzz_fuzz_config_CFLAGS = $(FUZZ_COMPILE)
tests_fuzz_fuzz_config_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_config_LDADD = $(INIH_LIBS)

# The kiosk's script parser lives in src/tui but includes no curses.
tests_fuzz_fuzz_script_SOURCES = tests/fuzz/fuzz_script.c src/tui/script.c src/tui/script.h \
	src/core/xalloc.c $(FUZZ_PARSE_SOURCES)
tests_fuzz_fuzz_script_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/tui
tests_fuzz_fuzz_script_CFLAGS = $(FUZZ_COMPILE)
tests_fuzz_fuzz_script_LDFLAGS = $(FUZZ_LINK)

# A receipt of lines (libcsv) under a config (inih).
tests_fuzz_fuzz_lines_SOURCES = tests/fuzz/fuzz_lines.c src/core/lines.c src/core/lines.h \
	src/core/settings.c src/core/db_location.c src/core/actor.c src/core/xalloc.c \
	$(FUZZ_PARSE_SOURCES)
tests_fuzz_fuzz_lines_CFLAGS = $(FUZZ_COMPILE)
tests_fuzz_fuzz_lines_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_lines_LDADD = $(INIH_LIBS) $(CSV_LIBS)

# A game's table (jansson), no ledger.
tests_fuzz_fuzz_game_SOURCES = tests/fuzz/fuzz_game.c $(FUZZ_SPEC_SOURCES)
tests_fuzz_fuzz_game_CFLAGS = $(FUZZ_COMPILE)
tests_fuzz_fuzz_game_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_game_LDADD = $(JANSSON_LIBS)

# The survey's demo text (survey_demo) comes from the core's generated demo_tasks.c.
tests_fuzz_fuzz_task_SOURCES = tests/fuzz/fuzz_task.c src/core/task_spec.c src/core/task.h \
	src/core/survey_spec.c src/core/survey.h $(FUZZ_SPEC_SOURCES)
nodist_tests_fuzz_fuzz_task_SOURCES = src/core/demo_tasks.c
tests_fuzz_fuzz_task_CFLAGS = $(FUZZ_COMPILE)
tests_fuzz_fuzz_task_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_task_LDADD = $(JANSSON_LIBS)

# A campaign (jansson), no ledger.
tests_fuzz_fuzz_campaign_SOURCES = tests/fuzz/fuzz_campaign.c src/core/campaign_spec.c \
	src/core/campaign.h $(FUZZ_SPEC_SOURCES)
tests_fuzz_fuzz_campaign_CFLAGS = $(FUZZ_COMPILE)
tests_fuzz_fuzz_campaign_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_campaign_LDADD = $(JANSSON_LIBS)

if ENABLE_FUZZING
fuzz-smoke: $(FUZZ_TARGETS)
	@fail=0; \
	for t in $(FUZZ_TARGETS); do \
	  name=$${t##*/}; \
	  scratch=$$(mktemp -d "$${TMPDIR:-/tmp}/jifen-fuzz.XXXXXX") || exit 1; \
	  echo "fuzz-smoke: $$name, $(FUZZ_RUNS) runs"; \
	  if ./$$t -runs=$(FUZZ_RUNS) -print_final_stats=1 \
	      -artifact_prefix=tests/fuzz/$$name- \
	      "$$scratch" $(srcdir)/tests/fuzz/corpus/$$name \
	      > tests/fuzz/$$name.log 2>&1; then \
	    grep -E '^(stat::number_of_executed_units|Done)' tests/fuzz/$$name.log; \
	  else \
	    fail=1; echo "fuzz-smoke: $$name FAILED; see tests/fuzz/$$name.log"; \
	    tail -n 30 tests/fuzz/$$name.log; \
	  fi; \
	  rm -rf "$$scratch"; \
	done; \
	exit $$fail
else
fuzz-smoke:
	@echo "fuzz-smoke: configure with CC=clang --enable-fuzzing first" >&2; exit 1
endif
.PHONY: fuzz-smoke
CLEANFILES += tests/fuzz/*.log

# fuzz-long: every target (these and fuzz_catalog, fuzz_vcode) for
# FUZZ_LONG_RUNS executions each from its committed corpus, as fuzz-smoke
# does: not part of make check (hours). Each target prints its executions
# (stat::number_of_executed_units); a crash stops the run and is saved as
# <target>-crash-<sha1>. A shorter proof: make fuzz-long FUZZ_LONG_RUNS=100000
FUZZ_LONG_RUNS = 10000000
fuzz-long:
	$(MAKE) $(AM_MAKEFLAGS) fuzz-smoke FUZZ_RUNS=$(FUZZ_LONG_RUNS)
.PHONY: fuzz-long
