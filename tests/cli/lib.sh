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

T=$(mktemp -d "${TMPDIR:-/tmp}/jifen-cli-$test_name.XXXXXX") || exit 1
# on_exit: commands a script adds for its own cleanup (processes it started).
on_exit=:
trap 'eval "$on_exit"; [ -n "${KEEP_TMP:-}" ] || rm -rf "$T"' EXIT
trap 'exit 1' HUP INT TERM

# Nothing from the caller's environment may reach the ledger under test, nor
# may a test ever find the user's own ledger through the default path.
HOME=$T/home
mkdir -p "$HOME"
unset XDG_DATA_HOME JIFEN_CONFIG JIFEN_SEED
JIFEN_DB=$T/ledger.db
JIFEN_NOW=2026-03-01T10:00:00
TZ=Asia/Shanghai
LC_ALL=C.UTF-8
export HOME JIFEN_DB JIFEN_NOW TZ LC_ALL

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
}

# fresh: a new, empty ledger at $JIFEN_DB.
fresh() {
	rm -f "$JIFEN_DB" "$JIFEN_DB-wal" "$JIFEN_DB-shm" "$JIFEN_DB-journal"
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
