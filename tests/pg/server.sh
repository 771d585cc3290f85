#!/bin/sh
# server.sh: a PostgreSQL server of a test's own, for as long as the test.
#
#   server.sh start DIR   make a cluster in DIR (created, or an empty
#                         directory), start it listening on a Unix socket in
#                         DIR and nowhere else (no TCP), create the database
#                         jifen, and print its libpq URL, also kept in
#                         DIR/url:  postgresql:///jifen?host=DIR&port=5432&user=ROLE
#   server.sh stop DIR    stop that server and remove DIR
#   server.sh crash DIR   stop it at once, as a power cut would, and start it
#                         again (its clients lose their connections)
#   server.sh down DIR    stop it, keeping its data; up DIR starts it again
#
# ROLE is the user running the script, who owns the database jifen and may
# create others and roles (CREATEDB CREATEROLE); it connects with no password, as "peer": the
# system says who is on the other end of the socket, and only the server's
# owner (and root) can reach the socket at all. As root, initdb and the
# server run as the user postgres (they refuse to run as root) in DIR,
# given to postgres; a role root is made for the tests.
#
# A test starts it and stops it on every way out:
#
#   dir=$(mktemp -d /tmp/jifen-pg.XXXXXX)
#   trap '"$server" stop "$dir"' EXIT
#   trap 'exit 1' HUP INT TERM
#   url=$("$server" start "$dir") || exit $?
#
# Exit status 77 (the tests' "skipped") when this machine has no PostgreSQL
# server (.ci/install-deps installs it), 1 when it could not be started
# (with the server's log), 2 for a wrong command line.
#
# The cluster is the tests' alone, so it is made to be quick rather than
# safe: initdb does not sync its files, and a commit does not wait for its
# log to reach the disk unless the client asks (jifen does); fsync stays
# on (the crash tests need it) unless JIFEN_PG_FAST=1 is given to start.
# Its locale is C, so text sorts by bytes as on SQLite, and text is UTF-8.
#
# Its data directory is in memory (/dev/shm, when there is one the server
# can write to), DIR/data a link to it: on a disk file system every
# table a test makes (a ledger is some 150 files) and drops costs the
# kernel more than the server's own work. What the crash tests need stays
# true: a server stopped at once, as a power cut would stop it, keeps only
# what it had written out of its own memory, and the files stay for its
# restart as they would on a disk (only a machine's power cut, which no
# test does, would lose them). JIFEN_PG_DISK=1 keeps the data under DIR.
#
# JIFEN_PG_CPU=FILE, given to stop: the CPU seconds the server used (its
# processes and those it has reaped) appended to FILE, with DIR: to see
# where the tests' time goes on a busy machine, where the seconds on the
# clock say little.

set -u
me=server.sh
port=5432

usage() {
	echo "usage: $me start|stop|crash|down|up DIR" >&2
	exit 2
}
[ $# -eq 2 ] || usage
cmd=$1
dir=$2
case $dir in
/*) ;;
*) dir=$(pwd)/$dir ;;
esac

# Whatever the caller's environment says, the server and psql here use
# only what this script gives them.
unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGDATA PGOPTIONS PGSERVICE \
	PGSERVICEFILE PGPASSFILE PGSSLMODE PGTZ

# The directory of the server's programs: pg_config's, else the newest
# Debian/Ubuntu installation, else the PATH's. Empty when there is none.
find_bindir() {
	for d in "$(pg_config --bindir 2>/dev/null)" $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -rn); do
		if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then
			echo "$d"
			return
		fi
	done
	d=$(command -v initdb 2>/dev/null) && d=$(dirname "$d") &&
		[ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ] && echo "$d"
}

# as_server CMD...: run CMD as the user the server runs as.
if [ "$(id -u)" -eq 0 ]; then
	as_server() { runuser -u postgres -- "$@"; }
else
	as_server() { "$@"; }
fi

# This script's mark in a directory it made a cluster in: stop removes no
# directory without it.
mark=.jifen-test-server

# cpu_seconds PID: the CPU seconds of the server whose postmaster is PID,
# its children's (living or reaped) included; nothing without /proc.
cpu_seconds() {
	[ -r "/proc/$1/stat" ] || return 0
	# Fields 14-17 of stat: utime stime cutime cstime, in clock ticks; the
	# command's name (2) may hold spaces, so count from its closing ')'.
	for _p in $1 $(ps -o pid= --ppid "$1" 2>/dev/null); do
		sed 's/.*) //' "/proc/$_p/stat" 2>/dev/null
	done | awk -v hz="$(getconf CLK_TCK)" '
		{ t += $12 + $13; if (NR == 1) t += $14 + $15 }
		END { printf "%.2f\n", t / hz }'
}

stop() {
	[ -e "$dir/$mark" ] || return 0
	if [ -n "${JIFEN_PG_CPU:-}" ] && [ -f "$dir/data/postmaster.pid" ]; then
		echo "$dir $(cpu_seconds "$(head -1 "$dir/data/postmaster.pid")")" >>"$JIFEN_PG_CPU"
	fi
	if [ -f "$dir/data/postmaster.pid" ]; then
		bindir=$(find_bindir)
		# Immediate: nothing in it is worth a checkpoint.
		if [ -z "$bindir" ] ||
			! (cd "$dir" && as_server "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 20 stop) \
				>/dev/null 2>&1; then
			pid=$(head -1 "$dir/data/postmaster.pid" 2>/dev/null)
			[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
		fi
	fi
	# The data in memory: the link's target, this script's alone.
	[ -L "$dir/data" ] && rm -rf "$(readlink "$dir/data")"
	rm -rf "$dir"
}

# fail MESSAGE: could not start; show why, leave nothing running.
fail() {
	echo "$me: $1" >&2
	for log in "$dir/initdb.log" "$dir/server.log"; do
		[ -f "$log" ] && tail -20 "$log" >&2
	done
	stop
	exit 1
}

# memory_data: DIR/data, a link to a new directory in /dev/shm that the
# server may write to, unless JIFEN_PG_DISK=1 or there is none.
memory_data() {
	[ "${JIFEN_PG_DISK:-}" != 1 ] && [ -d /dev/shm ] && [ -w /dev/shm ] || return 0
	_mem=$(mktemp -d /dev/shm/jifen-pgdata.XXXXXX 2>/dev/null) || return 0
	chmod 700 "$_mem" && { [ "$role" != root ] || chown postgres "$_mem"; } &&
		as_server test -w "$_mem" && ln -s "$_mem" "$dir/data" && return 0
	rm -rf "$_mem"
}

start() {
	bindir=$(find_bindir)
	if [ -z "$bindir" ]; then
		echo "$me: SKIP: no PostgreSQL server here (initdb, pg_ctl); apt-get install postgresql" >&2
		exit 77
	fi
	role=$(id -un)
	if [ "$role" = root ]; then
		if ! id postgres >/dev/null 2>&1 || ! command -v runuser >/dev/null 2>&1; then
			echo "$me: SKIP: as root, the server needs the user postgres and runuser" >&2
			exit 77
		fi
	fi
	case $dir in
	*[!A-Za-z0-9/._-]*) echo "$me: $dir: only letters, digits and / . _ - please" >&2; exit 2 ;;
	esac
	# A Unix socket's path has room for 107 bytes.
	[ ${#dir} -le 80 ] || { echo "$me: $dir: too long for a socket's path" >&2; exit 2; }
	mkdir -p "$dir" || exit 1
	[ -z "$(ls -A "$dir")" ] || { echo "$me: $dir is not empty" >&2; exit 2; }
	: >"$dir/$mark" || exit 1
	# Stopped half way (the test was), leave no server behind.
	trap 'fail "interrupted"' HUP INT TERM
	chmod 700 "$dir" || fail "cannot make $dir private"
	[ "$role" = root ] && { chown postgres "$dir" || fail "cannot give $dir to postgres"; }
	cd "$dir" || fail "cannot enter $dir"
	as_server test -w "$dir" || fail "postgres cannot reach $dir: use a directory under /tmp"
	memory_data

	as_server "$bindir/initdb" -D "$dir/data" -E UTF8 --locale=C --no-sync \
		--auth-local=peer --auth-host=reject >"$dir/initdb.log" 2>&1 ||
		fail "initdb failed"
	cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$dir'
unix_socket_permissions = 0700
port = $port
max_connections = 40
shared_buffers = 16MB
synchronous_commit = off
EOF
	# JIFEN_PG_FAST=1: a server that never syncs, for tests that crash
	# nothing and only make and drop many schemas (tests/pg/unit.sh).
	if [ "${JIFEN_PG_FAST:-}" = 1 ]; then
		printf 'fsync = off\nfull_page_writes = off\n' >>"$dir/data/postgresql.conf"
	fi
	# The server's log (its own file: root's files in dir are not the server's).
	as_server "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start >/dev/null 2>&1 ||
		fail "the server did not start"
	if [ "$role" = root ]; then
		as_server "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p $port -d postgres \
			-c 'CREATE ROLE root LOGIN CREATEDB CREATEROLE' -c 'CREATE DATABASE jifen OWNER root' ||
			fail "cannot create the role root and its database"
	else
		as_server "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p $port -d postgres \
			-c 'CREATE DATABASE jifen' || fail "cannot create the database"
	fi
	url="postgresql:///jifen?host=$dir&port=$port&user=$role"
	echo "$url" >"$dir/url" || fail "cannot write $dir/url"
	echo "$url"
}

# crash: the server stops as a power cut would stop it (no checkpoint, its
# clients cut off) and starts again, recovering from its log.
crash() {
	bindir=$(find_bindir)
	[ -f "$dir/$mark" ] || { echo "$me: $dir is not a server of server.sh" >&2; exit 2; }
	cd "$dir" || exit 1
	as_server "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 20 stop >/dev/null 2>&1
	as_server "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start >/dev/null 2>&1 ||
		{ echo "$me: the server did not start again" >&2; exit 1; }
}

# down: the server stops (its data stays); up: it starts again.
down() {
	bindir=$(find_bindir)
	[ -f "$dir/$mark" ] || { echo "$me: $dir is not a server of server.sh" >&2; exit 2; }
	cd "$dir" && as_server "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 20 stop >/dev/null 2>&1
}

up() {
	bindir=$(find_bindir)
	[ -f "$dir/$mark" ] || { echo "$me: $dir is not a server of server.sh" >&2; exit 2; }
	cd "$dir" && as_server "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start \
		>/dev/null 2>&1
}

case $cmd in
start) start ;;
stop) stop ;;
crash) crash ;;
down) down ;;
up) up ;;
*) usage ;;
esac
