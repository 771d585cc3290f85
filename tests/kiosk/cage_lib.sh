# cage_lib.sh: what the tests of the kiosk under cage share (cage.sh with
# foot, cage_xterm.sh with xterm). Sourced, never run, after the script has
# set test_name and cage_tools (the programs it needs besides those here).
#
# It skips (77) when a program, the fonts or tesseract's Chinese data are
# missing, copies jifen and jifen-session where the user who runs them can
# reach them ($T/bin: cage refuses root, so as root they run as nobody,
# as_user), makes the demo ledger ($DB, $CONF; jf runs jifen on it), and
# gives pass/fail and ocr. The script keeps its own start_session and
# stop_sessions, which the exit trap calls.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$here/../..}
top_builddir=${top_builddir:-$here/../..}
JIFEN=${JIFEN:-$top_builddir/src/jifen}
session=$top_builddir/assets/jifen-session
checks=0
failures=0

skip() {
	echo "$test_name: SKIP: $*"
	exit 77
}
for _tool in cage Xwayland zbarimg tesseract script fc-list jq $cage_tools; do
	command -v "$_tool" >/dev/null 2>&1 || skip "$_tool is not installed (.ci/install-deps)"
done
tesseract --list-langs 2>/dev/null | grep -qx chi_sim ||
	skip "tesseract has no Chinese data (tesseract-ocr-chi-sim)"
fc-list | grep -q 'Noto Sans Mono CJK SC' || skip "no Noto CJK font (fonts-noto-cjk)"
fc-list | grep -q 'DejaVu Sans Mono' || skip "no DejaVu Sans Mono (fonts-dejavu-core)"
for _file in "$JIFEN" "$session"; do
	if [ ! -x "$_file" ]; then
		echo "$test_name: FAIL: no $_file (build it first)"
		exit 1
	fi
done

pass() {
	checks=$((checks + 1))
}
fail() {
	checks=$((checks + 1))
	failures=$((failures + 1))
	echo "FAIL: $*"
}

T=$(mktemp -d "${TMPDIR:-/tmp}/jifen-$test_name.XXXXXX") || exit 1
chmod 755 "$T"
pids=
trap 'stop_sessions; [ -n "${KEEP_TMP:-}" ] || rm -rf "$T"' EXIT
trap 'exit 1' HUP INT TERM

# The programs are copied where the user who runs them can reach them (a
# build tree under /root is not).
mkdir -p "$T/bin" "$T/home" "$T/run"
cp "$JIFEN" "$session" "$T/bin/"
chmod 700 "$T/run"
DB=$T/ledger.db
CONF=$T/jifen.conf
cp "$top_srcdir/assets/demo.conf" "$CONF"
if [ "$(id -u)" -eq 0 ]; then
	as_user() { runuser -u nobody -- "$@"; }
	chown -R nobody "$T"
else
	as_user() { "$@"; }
fi
jf() {
	as_user env -i PATH=/usr/bin:/bin HOME="$T/home" TZ=Asia/Shanghai \
		JIFEN_NOW=2026-11-24T10:00:00 "$T/bin/jifen" --db "$DB" --config "$CONF" "$@"
}
jf init --demo >/dev/null || { echo "$test_name: FAIL: jifen init --demo"; exit 1; }

# The headless output is 1280x720, the size of the issue's screen.
W=1280
H=720

# ocr FILE LANGUAGES [PSM]: what tesseract reads in FILE.
ocr() {
	OMP_THREAD_LIMIT=1 tesseract "$1" - -l "$2" --psm "${3:-3}" 2>/dev/null
}

# dejavu_only_config: $T/dejavu-only.conf, a fontconfig that knows only
# DejaVu's directory (no Chinese glyphs), for the control run whose OCR
# must not read the store's Chinese name.
dejavu_only_config() {
	_dejavu=$(dirname "$(fc-list -f '%{file}\n' 'DejaVu Sans Mono' | head -1)")
	cat >"$T/dejavu-only.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>$_dejavu</dir>
  <cachedir>$T/home/fontconfig</cachedir>
</fontconfig>
EOF
}
