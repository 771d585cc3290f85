#!/bin/sh
# Error lines stay whole when processes share stderr (issue 9, defect 9):
# each message is one write(2), so lines of many failing jifen runs written
# at once into one file never cut into each other ("jifen: jifen: ...").

. "$(dirname "$0")/lib.sh"

fresh
shared=$T/shared.err
: >"$shared"
# A long argument makes a long line: the more bytes, the likelier a cut.
long=$(printf '%0300d' 0 | tr 0 x)
runs_each=20
procs=16
i=0
while [ $i -lt $procs ]; do
	(
		n=0
		while [ $n -lt $runs_each ]; do
			"$JIFEN" "$long$i" </dev/null >/dev/null
			"$JIFEN" voucher show "JF1$long" </dev/null >/dev/null
			n=$((n + 1))
		done
	) 2>>"$shared" &
	i=$((i + 1))
done
wait

lines=$(wc -l <"$shared")
check "$lines" -eq $((procs * runs_each * 2))
bad=$(grep -cvE "^jifen: (unknown command '${long}[0-9]+' \(see: jifen --help\)|not a valid voucher)$" "$shared")
checks=$((checks + 1))
[ "$bad" -eq 0 ] || fail "$bad of $lines error lines were cut: $(grep -vE "^jifen: (unknown command '${long}|not a valid voucher$)" "$shared" | head -n 1 | cut -c1-120)"

finish
