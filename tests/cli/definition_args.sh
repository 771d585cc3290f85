#!/bin/sh
# The arguments the definition commands share (game, task, survey,
# campaign, counter): an id that cannot be one and a --lang that is not zh
# or en are refused before the ledger is read, each in the one sentence
# every command says it in (cli_check_code(), cli_check_lang()), exit 2,
# nothing written.

. "$(dirname "$0")/lib.sh"

fresh
add_member 10000001 Alice

id_rule='\(1 to 32 of A-Z a-z 0-9 \. _ -\)'
# bad_id WHAT ARGS...: ARGS hold the bad id no/such where a WHAT's id goes.
bad_id() {
	_what=$1
	shift
	expect_error 2 "^jifen: no/such is not a $_what's id $id_rule" "$@"
}

bad_id game game show no/such
bad_id game game play 10000001 no/such
bad_id game game commitments no/such
bad_id game game reveal no/such
bad_id task task show no/such
bad_id task task complete 10000001 no/such
bad_id SKU task review 10000001 no/such 5
bad_id survey survey results no/such
bad_id survey survey answer 10000001 no/such --answers q1=a
bad_id campaign campaign show no/such
bad_id campaign campaign end no/such
bad_id campaign campaign claim no/such 10000001

for cmd in 'game list' 'game show G1' 'task list' 'task progress 10000001' \
	'campaign list' 'campaign show C1'; do
	# shellcheck disable=SC2086 # the command's words
	expect_error 2 '^jifen: --lang must be zh or en' $cmd --lang fr
done

finish
