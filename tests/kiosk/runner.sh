# tests/kiosk/runner.sh: what the script tests of the kiosk and the
# counter (script.sh, counter.sh, counter_manager.sh) share, sourced after
# they define pass, fail, jf, $T, $dumps and run_script.

# run_scripts: every $dumps/NAME.keys through the caller's run_script NAME
# (a fresh ledger $T/run-NAME.db, saves in $T/run-NAME/, stderr in
# $T/run-NAME.err); each saved screen compared with the expected dump
# (KIOSK_REGEN=1 writes them instead), every dump saved by exactly one
# script, and whatever a script wrote, its ledger still verifies.
run_scripts() {
	names=
	for keys in "$dumps"/*.keys; do
		name=$(basename "$keys" .keys)
		out=$T/run-$name
		if run_script "$name"; then
			pass
		else
			fail "$name.keys ended with status $?: $(cat "$out.err")"
			continue
		fi
		[ -s "$out.err" ] && fail "$name.keys wrote to stderr: $(cat "$out.err")"
		for file in $(sed -n 's/^save[ 	]*//p' "$keys"); do
			case " $names " in
			*" $file "*) fail "$file is saved by two scripts" ;;
			esac
			names="$names $file"
			if [ ! -f "$out/$file" ]; then
				fail "$name.keys did not save $file"
				continue
			fi
			if [ -n "${KIOSK_REGEN:-}" ]; then
				cp "$out/$file" "$dumps/$file"
				echo "regenerated $dumps/$file"
			fi
			if cmp -s "$dumps/$file" "$out/$file"; then
				pass
			elif [ ! -f "$dumps/$file" ]; then
				fail "no expected dump $dumps/$file"
			else
				fail "$name.keys: the screen is not $file (- expected, + shown):"
				diff -u "$dumps/$file" "$out/$file" | tail -n +3
			fi
		done
		if jf "$out.db" verify >"$out.verify" 2>&1; then
			pass
		else
			fail "jifen verify after $name.keys: $(cat "$out.verify")"
		fi
	done
	
	for file in "$dumps"/*.txt; do
		case " $names " in
		*" $(basename "$file") "*) pass ;;
		*) fail "$file is saved by no script" ;;
		esac
	done
}

# check WHAT COMMAND...: the command succeeds and prints a line matching WHAT.
check() {
	_what=$1
	shift
	if "$@" 2>&1 | grep -q -E -- "$_what"; then
		pass
	else
		fail "'$*' does not say /$_what/: $("$@" 2>&1 | head -5)"
	fi
}
