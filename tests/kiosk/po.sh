#!/bin/sh
# po/zh_CN.po translates every string the kiosk marks for translation in
# src/tui (a new English string without its Chinese fails here, not in
# front of a member), with no fuzzy or untranslated entry, and its printf
# formats match the English ones (msgfmt -c).
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jifen-kiosk-po.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
failures=0

for tool in xgettext msgcmp msgfmt; do
	command -v $tool >/dev/null 2>&1 || { echo "FAIL: $tool is not installed (gettext)"; exit 1; }
done
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=ngettext:1,2 \
	-o "$tmp/kiosk.pot" "$top"/src/tui/*.c || { echo "FAIL: xgettext"; exit 1; }
if [ "$(grep -c '^msgid ' "$tmp/kiosk.pot")" -lt 30 ]; then
	echo "FAIL: xgettext found almost no strings in src/tui"
	failures=$((failures + 1))
fi
if ! msgcmp "$top/po/zh_CN.po" "$tmp/kiosk.pot"; then
	echo "FAIL: po/zh_CN.po misses strings of src/tui (make update-po, then translate)"
	failures=$((failures + 1))
fi
if ! msgfmt -c --statistics -o "$tmp/zh_CN.mo" "$top/po/zh_CN.po" 2>"$tmp/stats"; then
	cat "$tmp/stats"
	echo "FAIL: msgfmt -c refuses po/zh_CN.po"
	failures=$((failures + 1))
elif grep -q -e fuzzy -e untranslated "$tmp/stats"; then
	cat "$tmp/stats"
	echo "FAIL: po/zh_CN.po has fuzzy or untranslated entries"
	failures=$((failures + 1))
fi
[ $failures = 0 ] && echo "po: all strings translated" || exit 1
