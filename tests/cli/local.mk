# tests/cli: shell tests of every `jifen` subcommand (see Makefile.am)
#
# Each script drives the built src/jifen (found through $JIFEN) against a
# ledger of its own in a temporary directory, with JIFEN_NOW pinned, and
# checks exit statuses, the one-line errors, balances read back with --json,
# and that a refused command writes nothing. lib.sh holds what they share.
# They need jq, sqlite3 and hledger (.ci/install-deps). One script alone:
#
#   make check TESTS=tests/cli/earn.sh      (or: sh tests/cli/earn.sh)
#
# KEEP_TMP=1 keeps a script's temporary directory for a look afterwards.
# JIFEN_TEST_PG=URL runs a script on that PostgreSQL server instead, its
# ledger a schema of its own (tests/pg/cli.sh does, for most of them).

cli_tests = \
	tests/cli/init.sh \
	tests/cli/member.sh \
	tests/cli/earn.sh \
	tests/cli/offset.sh \
	tests/cli/game.sh \
	tests/cli/task.sh \
	tests/cli/survey.sh \
	tests/cli/campaign.sh \
	tests/cli/definition_args.sh \
	tests/cli/refund.sh \
	tests/cli/lines.sh \
	tests/cli/grant.sh \
	tests/cli/balance.sh \
	tests/cli/history.sh \
	tests/cli/family_transfer.sh \
	tests/cli/expire.sh \
	tests/cli/daily.sh \
	tests/cli/verify.sh \
	tests/cli/member_card.sh \
	tests/cli/member_desk.sh \
	tests/cli/member_rate.sh \
	tests/cli/report_offset.sh \
	tests/cli/family_desk.sh \
	tests/cli/actor.sh \
	tests/cli/stores.sh \
	tests/cli/export.sh \
	tests/cli/options.sh \
	tests/cli/sources.sh \
	tests/cli/seed.sh \
	tests/cli/busy.sh \
	tests/cli/bad_input.sh \
	tests/cli/files.sh \
	tests/cli/stderr.sh \
	tests/cli/overdue.sh \
	tests/cli/clock.sh \
	tests/cli/tamper.sh \
	tests/cli/hledger.sh \
	tests/cli/report.sh \
	tests/cli/slip.sh \
	tests/cli/queue.sh \
	tests/cli/staff.sh \
	tests/cli/install.sh \
	tests/cli/config.sh \
	tests/cli/permissions.sh \
	tests/cli/backup.sh \
	tests/cli/log.sh \
	tests/cli/session.sh \
	tests/cli/members.sh \
	tests/cli/earn_rule.sh \
	tests/cli/tiers.sh \
	tests/cli/plan.sh

TESTS += $(cli_tests)
EXTRA_DIST += $(cli_tests) tests/cli/lib.sh

# What protects the ledger besides its rows (triggers, indexes), checked by verify.
TESTS += tests/cli/guards.sh
EXTRA_DIST += tests/cli/guards.sh
# restore goes through the clock rule ([database] clock_tolerance).
TESTS += tests/cli/restore_clock.sh
EXTRA_DIST += tests/cli/restore_clock.sh
