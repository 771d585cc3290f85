# lib.sh: what every tests/cli/*.sh script shares. Sourced, never run.
#
# In the manner of tmux's regress/*.sh and tig's test/tools/libtest.sh: each
# script drives the real `jifen` against a ledger of its own, in a temporary
# directory removed on exit, with the clock pinned through JIFEN_NOW. Checks
# are about what a user sees: exit statuses, the one-line error on stderr,
# balances read back through --json (parsed with jq), and, after every
# refused command, a ledger exactly as it was before.
#
# A failed check prints the command line, its status and output, and the
# script carries on so that one run shows every failure; it exits 1 at the
# end (finish). Missing tools are a failure, never a skip: jq, sqlite3 and
# hledger are installed by .ci/install-deps.
#
# The same scripts run on PostgreSQL (tests/pg/cli.sh) when JIFEN_TEST_PG
# holds a server's libpq URL: each script's ledger is then a schema of its
# own in that database (JIFEN_DB selects it; JIFEN_CONFIG names the voucher
# key, which a ledger that is not a file cannot keep beside it), dropped at
# exit. A script reads the ledger with `sql` on either store; what only a
# file can show (backups, modes, WAL, old SQLite ledgers) is kept to SQLite
# with `on_sqlite` (a part of a script) or `sqlite_only` (all of it).

set -u

test_name=$(basename "$0" .sh)
checks=0
failures=0

if [ -z "${JIFEN:-}" ]; then
	# Run by hand from a built tree: tests/cli/x.sh finds ../../src/jifen.
	JIFEN=$(cd "$(dirname "$0")/../.." && pwd)/src/jifen
fi
if [ ! -x "$JIFEN" ]; then
	echo "$test_name: no jifen program at $JIFEN (build it first)"
	exit 1
fi

# need TOOL...: a tool the tests cannot do without.
need() {
	for _tool; do
		if ! command -v "$_tool" >/dev/null 2>&1; then
			echo "$test_name: FAIL: $_tool is not installed (see .ci/install-deps)"
			exit 1
		fi
	done
}
need jq sqlite3

# pg: the server's URL when the ledgers are on PostgreSQL, else empty.
pg=${JIFEN_TEST_PG:-}
# psql: the program itself, not Debian's wrapper that chooses it (a Perl
# script that would triple the time of every look at the ledger).
psql=psql
pg_dump=pg_dump
if [ -n "$pg" ]; then
	need psql pg_dump
	for _p in $(ls -d /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -t/ -k5 -rn); do
		[ -x "$_p" ] && [ -x "${_p%/psql}/pg_dump" ] && psql=$_p && pg_dump=${_p%/psql}/pg_dump && break
	done
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/jifen-cli-$test_name.XXXXXX") || exit 1
# on_exit: commands a script adds for its own cleanup (processes it started).
on_exit=:
trap 'eval "$on_exit"; pg_drop_all; [ -n "${KEEP_TMP:-}" ] || rm -rf "$T"' EXIT
trap 'exit 1' HUP INT TERM

# Nothing from the caller's environment may reach the ledger under test, nor
# may a test ever find the user's own ledger through the default path.
HOME=$T/home
mkdir -p "$HOME"
unset XDG_DATA_HOME JIFEN_CONFIG JIFEN_SEED
JIFEN_NOW=2026-03-01T10:00:00
TZ=Asia/Shanghai
LC_ALL=C.UTF-8
export HOME JIFEN_NOW TZ LC_ALL

# --- The store: a file, or a schema on a PostgreSQL server. ---

# pg_schema: the name of this run's schema, and the prefix of any other it
# makes (lower-case letters, digits and _ only: it goes into SQL as it is).
pg_schema=$(printf 't_%s_%s' "$test_name" "$$" | LC_ALL=C tr 'A-Z' 'a-z' | LC_ALL=C tr -c 'a-z0-9_' _)

# on_sqlite / on_pg: are this script's ledgers files, or on PostgreSQL?
on_sqlite() { [ -z "$pg" ]; }
on_pg() { [ -n "$pg" ]; }

# is_pg LOCATION: is LOCATION a ledger on PostgreSQL?
is_pg() {
	case $1 in
	postgres://* | postgresql://*) return 0 ;;
	esac
	return 1
}

# pg_psql ARGS...: psql on the test server: quiet, unaligned, stopping at
# the first error.
pg_psql() {
	"$psql" "$pg" -X -q -A -t -v ON_ERROR_STOP=1 -v VERBOSITY=terse "$@"
}

# pg_drop_all: drop every schema this script made (at exit).
pg_drop_all() {
	on_pg || return 0
	pg_psql >/dev/null 2>&1 <<END_SQL
SELECT format('DROP SCHEMA %I CASCADE', nspname) FROM pg_namespace
	WHERE nspname = '$pg_schema' OR nspname LIKE '${pg_schema}\_%'
\gexec
END_SQL
}

# pg_location SCHEMA: the URL of the ledger in SCHEMA.
pg_location() {
	case $pg in
	*\?*) printf '%s&options=-csearch_path%%3D%s\n' "$pg" "$1" ;;
	*) printf '%s?options=-csearch_path%%3D%s\n' "$pg" "$1" ;;
	esac
}

# pg_schema_of LOCATION: the schema that a location of pg_location selects.
pg_schema_of() {
	printf '%s\n' "${1##*search_path%3D}"
}

# pg_new_schema SCHEMA: SCHEMA, empty (dropped first if it was there).
pg_new_schema() {
	pg_psql -c "DROP SCHEMA IF EXISTS $1 CASCADE" -c "CREATE SCHEMA $1" >/dev/null 2>"$T/.schema.err" ||
		{ echo "$test_name: FAIL: cannot create the schema $1: $(cat "$T/.schema.err")"; exit 1; }
}

# sqlite_only WHY: the whole script is about files: skipped (77) on
# PostgreSQL, saying WHY.
sqlite_only() {
	if on_pg; then
		echo "$test_name: SKIP on PostgreSQL: $1"
		exit 77
	fi
}

# new_ledger NAME: the location of another store NAME, empty (`init` makes
# the ledger): the file $T/NAME.db, or the schema <this run's>_NAME.
new_ledger() {
	if on_sqlite; then
		echo "$T/$1.db"
		return
	fi
	pg_new_schema "${pg_schema}_$1" >&2 || exit 1
	pg_location "${pg_schema}_$1"
}

if on_sqlite; then
	JIFEN_DB=$T/ledger.db
else
	pg_new_schema "$pg_schema"
	JIFEN_DB=$(pg_location "$pg_schema")
	# A ledger that is not a file keeps its voucher key where the config
	# says; every config that config() writes says it too.
	printf '[voucher]\nkey_file = %s\n' "$T/ledger.key" >"$T/pg.conf"
	JIFEN_CONFIG=$T/pg.conf
	export JIFEN_CONFIG
fi
export JIFEN_DB
# base_config: the config of a script that names none ('' on SQLite, the
# key's on PostgreSQL).
base_config=${JIFEN_CONFIG:-}

# plain_config: back to that config, after a script set JIFEN_CONFIG.
plain_config() {
	if on_pg; then
		JIFEN_CONFIG=$base_config
		export JIFEN_CONFIG
	else
		unset JIFEN_CONFIG
	fi
}

# unguarded TRIGGERS SQL: change the ledger at $JIFEN_DB as someone past
# jifen would, by SQL (both stores' words) that its triggers would refuse.
# All or nothing. On SQLite the TRIGGERS named (space-separated) are
# dropped first and stay dropped; on PostgreSQL every trigger of the ledger is switched off for
# SQL alone, and on again in the same transaction, so that verify sees the
# rows changed and the guards as jifen installs them.
unguarded() {
	if is_pg "$JIFEN_DB"; then
		printf '%s\n' "BEGIN;" \
			"SELECT format('ALTER TABLE %I DISABLE TRIGGER USER', tablename) FROM pg_tables
				WHERE schemaname = current_schema()" '\gexec' \
			"$2;" "SET CONSTRAINTS ALL IMMEDIATE;" \
			"SELECT format('ALTER TABLE %I ENABLE TRIGGER USER', tablename) FROM pg_tables
				WHERE schemaname = current_schema()" '\gexec' \
			"COMMIT;" |
			"$psql" "$JIFEN_DB" -X -q -A -t -v ON_ERROR_STOP=1 -v VERBOSITY=terse -f - >/dev/null
	else
		_drops=
		for _t in $1; do
			_drops="$_drops DROP TRIGGER $_t;"
		done
		sqlite3 -bail "$JIFEN_DB" "BEGIN; $_drops $2; COMMIT;"
	fi
}

# copy_ledger FROM TO: the ledger at location FROM, copied as it is to
# location TO (a file and its key; a schema, the same server), replacing
# whatever TO held: a copy to tamper with, or one kept to put back.
copy_ledger() {
	if is_pg "$1"; then
		_from=$(pg_schema_of "$1")
		_to=$(pg_schema_of "$2")
		pg_psql -c "DROP SCHEMA IF EXISTS $_to CASCADE" >/dev/null &&
			"$pg_dump" --no-owner --no-privileges -n "$_from" "$pg" |
			sed "s/\\<$_from\\>/$_to/g" | pg_psql >/dev/null
	else
		rm -f "$2" "$2-wal" "$2-shm" "$2-journal"
		sqlite3 "$1" ".backup '$2'" && { [ ! -e "$1.key" ] || cp "$1.key" "$2.key"; }
	fi
}

# tampered_copy FROM TO SQL: TO (a location) becomes a copy of the ledger
# at FROM with SQL done past every guard (on SQLite, every trigger of the
# copy dropped).
tampered_copy() {
	copy_ledger "$1" "$2" || return 1
	_triggers=
	is_pg "$2" || _triggers=$(sqlite3 "$2" "SELECT name FROM sqlite_master WHERE type = 'trigger'")
	with JIFEN_DB="$2" unguarded "$_triggers" "$3"
}

# sql QUERY: what QUERY (SQL that both stores accept) reads from the
# ledger at $JIFEN_DB, printed as sqlite3 prints it: a row a line, columns
# joined by |, NULL as nothing.
sql() {
	if is_pg "$JIFEN_DB"; then
		printf '%s\n' "$1" | "$psql" "$JIFEN_DB" -X -q -A -t -v ON_ERROR_STOP=1 -v VERBOSITY=terse -f -
	else
		sqlite3 "$JIFEN_DB" "$1"
	fi
}

# The harness's own files live apart from the ledgers, in $S.
S=$T/.test
mkdir "$S"
out=$S/out
err=$S/err
rc=0
runs=0      # jifen runs so far
known_db=   # the ledger whose state $S/known holds, after run number known_run
known_run=
: >"$S/args"

# now TIME: pretend it is TIME for the commands that follow.
now() {
	JIFEN_NOW=$1
	export JIFEN_NOW
}

# with VAR=VALUE HELPER...: run one helper with one variable changed for it
# alone (a plain assignment before a shell function may stick in some
# shells). Calls nest: each level keeps what it saved under its own depth.
with_depth=0
with() {
	with_depth=$((with_depth + 1))
	eval "_with_name_$with_depth=\${1%%=*}"
	eval "_with_var=\$_with_name_$with_depth"
	# shellcheck disable=SC2154 # _with_var is set by the eval above
	eval "_with_saved_$with_depth=\${$_with_var-}; _with_set_$with_depth=\${$_with_var+x}"
	# shellcheck disable=SC2163 # "$1" is VAR=VALUE
	export "$1"
	shift
	"$@"
	_with_rc=$?
	eval "_with_var=\$_with_name_$with_depth"
	if eval "[ -n \"\$_with_set_$with_depth\" ]"; then
		eval "$_with_var=\$_with_saved_$with_depth"
	else
		unset "$_with_var"
	fi
	with_depth=$((with_depth - 1))
	return $_with_rc
}

# quote_arg ARG: ARG as a reader can paste it back, shortened if long, with
# control characters shown as '?' so a failure report cannot drive the terminal.
quote_arg() {
	_q=$1
	if [ ${#_q} -gt 60 ]; then
		_q="$(printf '%s' "$_q" | cut -c1-30)...($(printf '%s' "$1" | wc -c) bytes)"
	fi
	case $_q in
	'' | *[!A-Za-z0-9_./:=+@,%-]*)
		_q="'$(printf '%s' "$_q" | sed "s/'/'\\\\''/g")'" ;;
	esac
	printf '%s' "$_q" | LC_ALL=C tr '\001-\037\177' '?'
}

# The stdin of the next run (default: empty, as from a script).
stdin_text=
feed() {
	stdin_text=$1
}

# run ARGS...: run jifen ARGS; stdout in $out, stderr in $err, status in $rc.
# The arguments are kept (NUL-separated) for a failure report; quoting them
# only then keeps the thousands of runs cheap.
run() {
	printf '%s\0' "$@" >"$S/args"
	printf '%s' "$stdin_text" >"$S/in"
	stdin_text=
	"$JIFEN" "$@" <"$S/in" >"$out" 2>"$err"
	rc=$?
	runs=$((runs + 1))
}

# last_cmd: the last run's arguments, quoted.
last_cmd() {
	[ -s "$S/args" ] || return 0
	tr '\0' '\n' <"$S/args" | while IFS= read -r _a; do
		printf ' %s' "$(quote_arg "$_a")"
	done
}

# jf ARGS...: jifen itself, for setting things up inside a command substitution.
jf() {
	"$JIFEN" "$@" </dev/null
}

fail() {
	failures=$((failures + 1))
	echo "$test_name: FAIL: $*"
	echo "  command: JIFEN_NOW=$JIFEN_NOW jifen$(last_cmd)"
	echo "  exit status: $rc"
	head -n 20 "$out" | LC_ALL=C tr '\001-\011\013-\037\177' '?' | sed 's/^/  stdout: /'
	head -n 5 "$err" | LC_ALL=C tr '\001-\011\013-\037\177' '?' | sed 's/^/  stderr: /'
}

# expect_status N: the last run exited with N.
expect_status() {
	checks=$((checks + 1))
	[ "$rc" -eq "$1" ] || fail "expected exit status $1, got $rc"
}

# The last run's stderr is one line "jifen: ...", short and free of control
# characters (so that no echoed input can drive the terminal).
expect_stderr_one_line() {
	checks=$((checks + 1))
	_problem=$(LC_ALL=C awk '
		NR == 1 && !/^jifen: ./ { bad = "the error line does not start with \"jifen: \"" }
		/[\001-\037\177]/ { bad = "the error line contains control characters" }
		{ bytes += length($0) + 1 }
		END {
			if (NR != 1)
				print "expected exactly one line on stderr, got " NR " lines"
			else if (bad)
				print bad
			else if (bytes > 400)
				print "the error line is " bytes " bytes long"
		}' "$err")
	if [ -z "$_problem" ] && [ -n "$(tail -c 1 "$err")" ]; then
		_problem="the error line does not end with a newline"
	fi
	[ -z "$_problem" ] || fail "$_problem"
}

expect_stdout_empty() {
	checks=$((checks + 1))
	[ ! -s "$out" ] || fail "expected nothing on stdout"
}

expect_stderr_empty() {
	checks=$((checks + 1))
	[ ! -s "$err" ] || fail "expected nothing on stderr"
}

# expect_ok ARGS...: jifen ARGS succeeds quietly on stderr; with --json its
# output must be JSON.
expect_ok() {
	run "$@"
	expect_status 0
	expect_stderr_empty
	for _a; do
		if [ "$_a" = --json ]; then
			checks=$((checks + 1))
			is_json || fail "stdout is not JSON"
			break
		fi
	done
}

# expect_exit N ARGS...: jifen ARGS exits with N; a failure says so in one line.
expect_exit() {
	_want=$1
	shift
	run "$@"
	expect_status "$_want"
	if [ "$_want" -ne 0 ]; then
		expect_stderr_one_line
	fi
}

# snapshot FILE: everything the ledger at $JIFEN_DB holds, through SQLite and
# through jifen's own eyes; the directory listing when there is no file, and
# the bytes themselves when the file is not an SQLite database. (The dump
# holds every table; the export is the ledger as jifen reads it.)
snapshot() {
	if is_pg "$JIFEN_DB"; then
		pg_snapshot "$1"
		return
	fi
	if [ ! -e "$JIFEN_DB" ]; then
		echo "no ledger" >"$1"
		ls "$(dirname "$JIFEN_DB")" >>"$1"
		return
	fi
	if [ "$(head -c 15 "$JIFEN_DB")" != "SQLite format 3" ]; then
		cat "$JIFEN_DB" >"$1"
		return
	fi
	if ! sqlite3 "$JIFEN_DB" .dump >"$1" 2>"$S/snapshot.err"; then
		echo "snapshot: sqlite3 failed: $(cat "$S/snapshot.err")" >"$1"
		return 1
	fi
	# A fixed, valid environment: the command under test may have broken it.
	env JIFEN_NOW=2026-03-01 JIFEN_CONFIG= JIFEN_SEED= "$JIFEN" --db "$JIFEN_DB" export --format csv \
		</dev/null >>"$1" 2>&1
	return 0
}

# pg_snapshot FILE: snapshot on PostgreSQL: every row of every table in
# the ledger's schema, in a fixed order (of their JSON text after the
# table's name), its triggers (and whether each is on) and its indexes;
# then the export. Not pg_dump: an INSERT taken back still uses up numbers
# of an identity's sequence, which a refused command may do and which is
# no part of the ledger. The rows are read by one query (a UNION ALL of
# every table), not one a table: a script takes hundreds of snapshots.
pg_snapshot() {
	if ! "$psql" "$JIFEN_DB" -X -q -A -t -v ON_ERROR_STOP=1 -v VERBOSITY=terse \
		>"$1" 2>"$S/snapshot.err" <<'END_SQL'
SELECT 'SELECT x FROM (' || string_agg(format('SELECT %L || '' '' || row_to_json(r.*)::text AS x '
	'FROM %I r', c.relname, c.relname), ' UNION ALL ' ORDER BY c.relname) || ') t ORDER BY 1'
	FROM pg_class c
	WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
\gexec
SELECT 'trigger ' || c.relname || ' ' || g.tgname || ' ' || g.tgenabled::text
	FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
	WHERE NOT g.tgisinternal AND c.relnamespace = current_schema()::regnamespace ORDER BY 1;
SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes
	WHERE schemaname = current_schema() ORDER BY 1;
END_SQL
	then
		echo "snapshot: psql failed: $(cat "$S/snapshot.err")" >"$1"
		return 1
	fi
	[ -s "$1" ] || echo "no ledger" >"$1"
	# As snapshot(), in a fixed, valid environment.
	env JIFEN_NOW=2026-03-01 JIFEN_CONFIG="$base_config" JIFEN_SEED= "$JIFEN" --db "$JIFEN_DB" \
		export --format csv </dev/null >>"$1" 2>&1
	return 0
}

# tamper_base [NAME]: the ledger as it is now (copied to a new ledger NAME,
# default good, in $good) is the one each `tamper` changes from then on.
tamper_base() {
	good=$(new_ledger "${1:-good}")
	copy_ledger "$JIFEN_DB" "$good"
	n=0
}

# tamper SQL: a fresh copy of the tamper_base ledger, changed by SQL past
# every guard, fails verify (exit 8).
tamper() {
	n=$((n + 1))
	_db=$(new_ledger "t$n")
	tampered_copy "$good" "$_db" "$1" || fail "the tampering SQL failed: $1"
	expect_exit 8 verify --db "$_db"
}

# expect_error N PATTERN ARGS...: jifen ARGS is refused with exit status N and
# one error line matching PATTERN (grep -E, any case; '' for any), prints
# nothing on stdout, and writes nothing at all.
expect_error() {
	_want=$1
	_pattern=$2
	shift 2
	# Refusals often come in a row: the state left by the last one, if
	# nothing ran since, is the state before this one. (A stale copy could
	# only make a check fail, never pass: the state after is always fresh.)
	_before=$S/known
	if [ "$known_db" != "$JIFEN_DB" ] || [ "$known_run" != "$runs" ]; then
		_before=$S/before
		snapshot "$_before" || fail "cannot read the ledger before the command"
	fi
	expect_exit "$_want" "$@"
	expect_stdout_empty
	if [ -n "$_pattern" ]; then
		checks=$((checks + 1))
		grep -qiE -e "$_pattern" "$err" || fail "the error does not match /$_pattern/"
	fi
	snapshot "$S/after" || fail "cannot read the ledger after the command"
	checks=$((checks + 1))
	if ! cmp -s "$_before" "$S/after"; then
		fail "the refused command changed the ledger"
		diff "$_before" "$S/after" | head -n 10 | sed 's/^/  /'
	fi
	mv "$S/after" "$S/known"
	known_db=$JIFEN_DB
	known_run=$runs
}

# is_json: the last run printed one JSON document.
is_json() {
	[ -s "$out" ] && [ "$(jq -s length "$out" 2>/dev/null)" = 1 ]
}

# json_get FILTER: jq -r FILTER of the last run's stdout.
json_get() {
	jq -r "$1" "$out" 2>/dev/null
}

# expect_json FILTER VALUE: FILTER of the last run's JSON output is VALUE
# (as jq -r prints it: 12, true, null, text).
expect_json() {
	checks=$((checks + 1))
	if ! is_json; then
		fail "stdout is not JSON (wanted $1 = $2)"
		return
	fi
	_got=$(json_get "$1")
	[ "$_got" = "$2" ] || fail "$1 is '$_got', expected '$2'"
}

# expect_out PATTERN / expect_no_out PATTERN: grep -E on the last stdout.
expect_out() {
	checks=$((checks + 1))
	grep -qE -e "$1" "$out" || fail "stdout does not match /$1/"
}
expect_no_out() {
	checks=$((checks + 1))
	! grep -qE -e "$1" "$out" || fail "stdout matches /$1/"
}

# expect_err PATTERN: grep -E (any case) on the last stderr.
expect_err() {
	checks=$((checks + 1))
	grep -qiE -e "$1" "$err" || fail "stderr does not match /$1/"
}

# check TEST-ARGS... : a check of a condition, phrased for test(1).
check() {
	checks=$((checks + 1))
	test "$@" || fail "not true: test $*"
}

# balance_of CARD [FIELD]: a field of `jifen balance CARD --json` (points).
balance_of() {
	jf balance "$1" --json | jq -r ".${2:-points}"
}

# expect_balance CARD FIELD VALUE: the member's balance says so.
expect_balance() {
	run balance "$1" --json
	if [ "$rc" -ne 0 ]; then
		checks=$((checks + 1))
		fail "cannot read the balance of $1"
		return
	fi
	expect_json ".$2" "$3"
}

# entries: how many entries the ledger holds.
entries() {
	jf summary --json | jq -r .entries
}

# config NAME TEXT: write a config file $T/NAME.conf.
config() {
	printf '%s\n' "$2" >"$T/$1.conf"
	if on_pg; then
		pg_config_key "$T/$1.conf"
	fi
}

# pg_config_key FILE: on PostgreSQL, a config names the voucher key too: in
# its [voucher] section if it has one (a section is given once), else in one
# added at the end. One that names a key_file already keeps its own.
pg_config_key() {
	grep -q '^ *key_file *=' "$1" && return 0
	if grep -q '^ *\[voucher\] *$' "$1"; then
		sed -i "/^ *\[voucher\] *\$/a key_file = $T/ledger.key" "$1"
	else
		printf '[voucher]\nkey_file = %s\n' "$T/ledger.key" >>"$1"
	fi
}

# fresh: a new, empty ledger at $JIFEN_DB.
fresh() {
	if is_pg "$JIFEN_DB"; then
		pg_new_schema "$(pg_schema_of "$JIFEN_DB")"
	else
		rm -f "$JIFEN_DB" "$JIFEN_DB-wal" "$JIFEN_DB-shm" "$JIFEN_DB-journal"
	fi
	run init
	if [ "$rc" -ne 0 ]; then
		echo "$test_name: cannot create a ledger; stopping"
		cat "$err"
		exit 1
	fi
}

# add_member CARD NAME: a member the test needs, or stop.
add_member() {
	run member add "$1" --name "$2"
	if [ "$rc" -ne 0 ]; then
		fail "cannot add member $1"
		exit 1
	fi
}

# finish: the script's verdict.
finish() {
	if [ "$failures" -gt 0 ]; then
		echo "$test_name: $failures of $checks checks failed"
		exit 1
	fi
	if [ "$checks" -eq 0 ]; then
		echo "$test_name: no checks ran"
		exit 1
	fi
	echo "$test_name: all $checks checks passed"
	exit 0
}
