#!/bin/sh
# decode.sh: the QR codes jifen shows must scan back to exactly their text.
#
# For each text, tests/qr/qr_tool writes the PNG (qr_write_png, 4 pixels a
# module) and paints the on-screen renderings (half blocks and the ASCII
# fallback) as a terminal shows them, light-on-dark and dark-on-light; then
# zbarimg (zbar-tools) must read the text from every picture. The PNG's size
# is read from its IHDR: 4 pixels a module, quiet zone of 4 modules included.
# A missing zbarimg is a failure, never a skip: .ci/install-deps installs it.

set -u

test_name=decode
top_builddir=${top_builddir:-$(cd "$(dirname "$0")/../.." && pwd)}
tool=$top_builddir/tests/qr/qr_tool
checks=0
failures=0

fail() {
	echo "$test_name: FAIL: $*"
	failures=$((failures + 1))
}

if ! command -v zbarimg >/dev/null 2>&1; then
	echo "$test_name: FAIL: zbarimg is not installed (Debian zbar-tools)"
	exit 1
fi
if [ ! -x "$tool" ]; then
	echo "$test_name: FAIL: no $tool (make check builds it)"
	exit 1
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/jifen-qr.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT

# scans TEXT HOW FILE: zbarimg reads exactly TEXT from FILE.
scans() {
	checks=$((checks + 1))
	# stderr apart: zbarimg may chatter there (D-Bus) without failing.
	_got=$(zbarimg --raw -q "$3" 2>"$dir/zbarimg.err")
	_rc=$?
	if [ "$_rc" -ne 0 ] || [ "$_got" != "$1" ]; then
		fail "$2 of '$1': zbarimg status $_rc, read '$_got'"
		cat "$dir/zbarimg.err"
	fi
}

# png_size FILE: "WIDTH HEIGHT" from the IHDR, after checking the signature.
png_size() {
	_sig=$(od -An -tx1 -N8 "$1" | tr -d ' \n')
	if [ "$_sig" != 89504e470d0a1a0a ]; then
		echo "not-a-png"
		return
	fi
	od -An -tu1 -j16 -N8 "$1" | awk '{
		print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4, \
		      $5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }'
}

# Voucher-like codes ("JF1" and 37 characters of A-Z2-7), then texts that
# take other modes: digits only, and mixed case in byte mode.
set -- \
	JF1ABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCDE \
	JF1Q7ZK3MX2W5VBN4RT6YHGFDSPLAEUIOC2J3K4M \
	JF1222222222222222222222222222222222222Z \
	JF1ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ \
	JF17N3QAXW4KD5RTE6B2LYGCUIMPHOVFSZJ7N3QA \
	0123456789 \
	'jf1-Mixed Case: byte mode 42'

n=0
for text; do
	n=$((n + 1))
	info=$("$tool" info "$text") || { fail "qr_tool info '$text'"; continue; }
	# "version V width W cols C rows R"
	read -r _ version _ width _ cols _ rows <<INFO
$info
INFO

	if [ ${#text} -eq 40 ]; then
		checks=$((checks + 1))
		if [ "$version" -gt 4 ] || [ "$cols" -gt 80 ] || [ "$rows" -gt 23 ]; then
			fail "'$text' is version $version, $cols x $rows: does not fit 80x24 with a line of text"
		fi
	fi

	"$tool" png "$text" "$dir/$n.png" || fail "qr_tool png '$text'"
	checks=$((checks + 1))
	size=$(png_size "$dir/$n.png")
	want=$(( (width + 8) * 4 ))
	if [ "$size" != "$want $want" ]; then
		fail "PNG of '$text' is '$size', want $want x $want (4 px a module, quiet zone of 4)"
	fi
	scans "$text" "PNG" "$dir/$n.png"

	for how in halfblock ascii; do
		"$tool" $how-png "$text" "$dir/$n-$how.png" ||
			fail "qr_tool $how-png '$text'"
		scans "$text" "$how rendering on a light-on-dark terminal" "$dir/$n-$how.png"
		"$tool" $how-png "$text" "$dir/$n-$how-inv.png" inverse ||
			fail "qr_tool $how-png '$text' inverse"
		scans "$text" "inverse $how rendering on a dark-on-light terminal" \
			"$dir/$n-$how-inv.png"
	done
done

echo "$test_name: $checks checks, $failures failed"
[ "$failures" -eq 0 ]
