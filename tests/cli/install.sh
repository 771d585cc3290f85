#!/bin/sh
# make install into a DESTDIR: what goes where and with which mode, an
# edited config that survives a reinstall (and an uninstall), and an
# uninstall that leaves nothing else of its own behind.

. "$(dirname "$0")/lib.sh"

if [ -z "${top_builddir:-}" ] || [ ! -f "$top_builddir/Makefile" ]; then
	echo "$test_name: FAIL: needs the build tree (run through make check)"
	exit 1
fi
root=$T/root
# A make of its own, not a job of the make running the tests.
unset MAKEFLAGS MFLAGS MAKELEVEL
inst() {
	make -s -C "$top_builddir" "$@" DESTDIR="$root" >"$S/make.out" 2>&1 ||
		{ fail "make $* failed"; cat "$S/make.out"; }
}
# find_one NAME: the installed file of that name (exactly one).
find_one() {
	_found=$(find "$root" -name "$1" -type f)
	[ -n "$_found" ] && [ "$(printf '%s\n' "$_found" | wc -l)" -eq 1 ] || {
		fail "not one installed $1: '$_found'"
		return 1
	}
	printf '%s\n' "$_found"
}
# expect_mode FILE MODE
expect_mode() {
	check "$(stat -c %a "$1")" = "$2" || echo "  $1: mode $(stat -c %a "$1"), want $2"
}

inst install
bin=$(find_one jifen) && expect_mode "$bin" 755
session=$(find_one jifen-session) && expect_mode "$session" 755
# The session runs the installed program, from beside it.
check "$(dirname "$session")" = "$(dirname "$bin")"
check "$(grep -c '@[a-z]*@' "$session")" -eq 0
check "$(grep -c "^program=\${JIFEN_PROGRAM:-/.*/bin/jifen}$" "$session")" -eq 1
man=$(find_one jifen.1) && expect_mode "$man" 644
mo=$(find_one jifen.mo) && expect_mode "$mo" 644
lic=$(find_one LICENSE) && check "$(dirname "$lic")" != "$root"
conf=$(find_one jifen.conf.sample)
check -n "$conf"
# The config: $(sysconfdir)/jifen/jifen.conf, the sample's copy.
etc=$(find "$root" -path '*/jifen/jifen.conf' -type f)
check -n "$etc" && expect_mode "$etc" 644 && check "$(cat "$etc")" = "$(cat "$conf")"
# The installed program reads it without --config and says so.
case "$etc" in
*/etc/jifen/jifen.conf) ;;
*) fail "config not under etc/jifen: $etc" ;;
esac

kiosk=$(find_one jifen-kiosk.service)
counter=$(find_one jifen-counter.service)
daily=$(find_one jifen-daily.service)
timer=$(find_one jifen-daily.timer)
for unit in "$kiosk" "$counter" "$daily" "$timer"; do
	expect_mode "$unit" 644
	check "$(grep -c '@[a-z]*@' "$unit")" -eq 0
done
for unit in "$kiosk" "$counter"; do
	check "$(grep -c '^User=jifen$' "$unit")" -eq 1
	check "$(grep -c '^Restart=always$' "$unit")" -eq 1
	# A logind session of its own on its console, for cage.
	check "$(grep -c '^PAMName=' "$unit")" -eq 1
	check "$(grep -c '^TTYPath=/dev/tty[12]$' "$unit")" -eq 1
done
check "$(grep -c '^ExecStart=/.*/bin/jifen-session kiosk$' "$kiosk")" -eq 1
check "$(grep -c '^ExecStart=/.*/bin/jifen-session counter$' "$counter")" -eq 1
check "$(grep -c '^ExecStart=/.*/jifen daily$' "$daily")" -eq 1
check "$(grep -c '^User=jifen$' "$daily")" -eq 1
check "$(grep -c '^Persistent=true$' "$timer")" -eq 1
sysusers=$(find "$root" -path '*sysusers.d/jifen.conf' -type f)
tmpfiles=$(find "$root" -path '*tmpfiles.d/jifen.conf' -type f)
check -n "$sysusers" && check "$(grep -c '^u jifen ' "$sysusers")" -eq 1 &&
	check "$(grep -c '^g jifen ' "$sysusers")" -eq 1
check -n "$tmpfiles" &&
	check "$(grep -c '^d /.*/lib/jifen 0750 jifen jifen' "$tmpfiles")" -eq 1

# An edited config survives a reinstall, and an uninstall.
printf '\n[store]\n; edited\n' >>"$etc"
edited=$(cat "$etc")
inst install
check "$(cat "$etc")" = "$edited"
inst uninstall
check "$(find "$root" ! -type d | wc -l)" -eq 1
check -f "$etc" && check "$(cat "$etc")" = "$edited"
# The sample as it was is removed: nothing of jifen's is left.
inst install
check "$(cat "$etc")" = "$edited"
cp "$conf" "$etc"
inst uninstall
left=$(find "$root" ! -type d)
check -z "$left" || echo "  left behind: $left"

finish
