#!/bin/sh
# The source tree itself: no file carries the markers a merge leaves when
# its conflict was committed unresolved (they once sat in the man page and
# DESIGN.md, where no other test reads).
. "$(dirname "$0")/lib.sh"

src=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
marked=$(grep -rlE '^(<<<<<<<|>>>>>>>) ' "$src/src" "$src/tests" "$src/doc" "$src/po" \
	"$src/assets" "$src/jifen.1" "$src/README.md" "$src/Makefile.am" "$src/configure.ac" \
	2>/dev/null | grep -v '/tests/cli/sources\.sh$')
checks=$((checks + 1))
[ -z "$marked" ] || fail "conflict markers in: $(echo $marked)"

finish
