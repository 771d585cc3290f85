#!/bin/sh
# jifen slip list|show|print, earn --slip and voucher redeem --slip: every
# slip is kept with its action; a printer that is missing, full or has
# nobody reading never fails the action, and the kept slip prints later.
# The printer here is a file: its bytes are ESC/POS with GB18030 text.

. "$(dirname "$0")/lib.sh"
need iconv od

fresh
add_member 10000001 Alice

# paper FILE: the text a printer would print from FILE (GB18030 to UTF-8).
paper() {
	iconv -f GB18030 -t UTF-8 "$1"
}
# cut_last FILE: does FILE start with ESC @ and end with the cut GS V 66 0?
starts_and_cuts() {
	[ "$(head -c 2 "$1" | od -An -tx1 | tr -d ' \n')" = 1b40 ] &&
		[ "$(tail -c 4 "$1" | od -An -tx1 | tr -d ' \n')" = 1d564200 ]
}

# No printer configured: the points are recorded, the slip is kept unprinted.
expect_ok earn 10000001 120 --ref R1 --slip --staff S01
expect_out 'earned 120 points'
expect_out 'slip 1 kept, not printed \(printer: no printer configured\): jifen slip print 1'
expect_balance 10000001 points 120
expect_ok slip list --json
check "$(json_get length)" -eq 1
expect_json '.[0].kind' purchase
expect_json '.[0].ref' R1
expect_json '.[0].by' staff:S01
expect_json '.[0].printed' false
expect_ok slip list
expect_out 'purchase +R1 .*NOT PRINTED'
expect_ok slip show 1
expect_out '^积分小票$'
expect_out '^小票号 +R1$'
expect_out '^本次积分 +120$'
expect_out '^积分余额 +120$'
expect_out '^收银员 +S01$'
expect_out '^会员 +\*\*\*\*0001$'
# A replayed earn keeps no second slip.
expect_ok earn 10000001 120 --ref R1 --slip --staff S01 --json
expect_json .replay true
expect_json .slip.id 1
expect_json .slip.printed false
expect_ok slip list --json
check "$(json_get length)" -eq 1

# A printer that is a file: the slip is appended to it.
: >"$T/paper"
config file "[store]
name = 好又多
terminal = C01
[printer]
device = $T/paper"
expect_ok --config "$T/file.conf" earn 10000001 30 --ref R2 --slip --staff S02
expect_out 'slip 2 printed'
check -s "$T/paper"
checks=$((checks + 1)); starts_and_cuts "$T/paper" || fail "not ESC @ ... GS V 66 0"
paper "$T/paper" >"$S/paper.txt"
checks=$((checks + 1)); grep -q '好又多' "$S/paper.txt" || fail "no store name on paper"
checks=$((checks + 1)); grep -qE '本次积分 +30' "$S/paper.txt" || fail "no points on paper"
checks=$((checks + 1)); grep -qE '积分余额 +150' "$S/paper.txt" || fail "no balance on paper"
checks=$((checks + 1)); ! grep -q '好又多' "$T/paper" || fail "UTF-8 on paper, not GB18030"
expect_ok slip show 2 --json
expect_json .printed true
expect_json .prints 1
expect_json .printed_by staff:S02
expect_json .terminal C01
expect_json .qr null

# A FIFO that nobody reads: the sale goes through, the slip waits.
mkfifo "$T/fifo"
config fifo "[printer]
device = $T/fifo"
expect_ok --config "$T/fifo.conf" earn 10000001 10 --ref R3 --slip
expect_out 'slip 3 kept, not printed \(.*nobody is reading it\)'
expect_balance 10000001 points 160
# A full disk: the same.
config full "[printer]
device = /dev/full"
expect_ok --config "$T/full.conf" earn --reverse R3 --slip
expect_out 'took back 10 points'
expect_out 'slip 4 kept, not printed \(/dev/full: No space left on device\)'
expect_ok slip show 4
expect_out '^退货扣回积分$'
expect_out '^扣回积分 +10$'
# A device that is not there: a reprint says so and changes nothing.
config gone "[printer]
device = $T/usb/lp0"
expect_error 1 'slip 3 not printed: .*/usb/lp0: No such file' --config "$T/gone.conf" slip print 3
expect_ok slip list --unprinted --json
check "$(json_get length)" -eq 3
expect_ok slip list --unprinted --staff S01 --json
check "$(json_get length)" -eq 1
expect_json '.[0].id' 1
# The printer is back: the kept slips print.
expect_ok --config "$T/file.conf" slip print 3 --staff S02
expect_out 'slip 3 printed'
expect_ok --config "$T/file.conf" slip print 3 --json
expect_json .printed true
expect_ok slip show 3 --json
expect_json .prints 2
case $(json_get .printed_by) in shell:*) ;; *) fail "printed_by is not the shell user" ;; esac
check "$(paper "$T/paper" | grep -cE '^小票号 +R3$')" -eq 2

# A voucher handed over, in English: the QR code carries the voucher.
printf '%s\n' 'sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green,active_from,active_until,new_until' \
	'MUG,杯子,Mug,home,goods,100,,,,10,0,,,' >"$T/items.csv"
expect_ok catalog import "$T/items.csv"
expect_ok redeem 10000001 MUG --json
code=$(json_get .voucher)
short=$(json_get .short)
: >"$T/paper_en"
config en "[printer]
device = $T/paper_en
language = en
width = 48"
expect_ok --config "$T/en.conf" voucher redeem "$code" --staff S01 --slip --json
expect_json .state redeemed
expect_json .slip.printed true
slip_id=$(json_get .slip.id)
checks=$((checks + 1)); grep -qa "$code" "$T/paper_en" || fail "no QR payload on paper"
paper "$T/paper_en" >"$S/paper_en.txt"
checks=$((checks + 1)); grep -q '^VOUCHER REDEEMED' "$S/paper_en.txt" || fail "no title"
checks=$((checks + 1)); grep -qE "^Item +Mug" "$S/paper_en.txt" || fail "no item"
checks=$((checks + 1)); grep -qE "^Code +$short" "$S/paper_en.txt" || fail "no short code"
expect_ok slip show "$slip_id" --json
expect_json .kind voucher
expect_json .language en
expect_json .qr "$code"
expect_json .ref "$short"
# A second scan is refused as before, and keeps no slip.
expect_error 5 'already redeemed' --config "$T/en.conf" voucher redeem "$code" --staff S01 --slip

# Bad input: one line, a distinct status, nothing changed.
expect_error 3 'no slip 99' slip show 99
expect_error 3 'no slip 99' slip print 99
expect_error 2 'slip id' slip show abc
expect_error 2 'slip id' slip print 0
expect_error 2 'slip id' slip show -- -1
config rel "[printer]
device = lp0"
expect_error 2 'device must be an absolute path' --config "$T/rel.conf" slip list
config lang "[printer]
language = fr"
expect_error 2 'language must be zh or en' --config "$T/lang.conf" earn 10000001 1 --ref R9 --slip
config width "[printer]
width = 40"
expect_error 2 'width must be 32 or 48' --config "$T/width.conf" slip list

expect_ok verify
# Schema 17 rebuilt the slip table for the kind "prize": a ledger of
# schema 16 (made by taking back steps 17 to 19) keeps its slips, their
# prints and their guards, through every step since.
old=$T/v16.db
cp "$JIFEN_DB" "$old"
sqlite3 "$old" "ALTER TABLE survey_answer DROP COLUMN tier; DROP TABLE purchase_item;
	DROP TABLE chain_gate; DROP INDEX entry_store; DROP INDEX hold_store;
	DROP TRIGGER hold_store_fixed; ALTER TABLE entry DROP COLUMN store;
	ALTER TABLE hold DROP COLUMN store;
	UPDATE meta SET value = '16' WHERE key = 'schema_version'"
n16=$(sqlite3 "$old" "SELECT count(*) || ' ' || sum(prints) FROM slip")
expect_ok slip list --db "$old"
check "$(sqlite3 "$old" "SELECT value FROM meta WHERE key = 'schema_version'")" -eq 19
check "$(sqlite3 "$old" "SELECT count(*) || ' ' || sum(prints) FROM slip")" = "$n16"
check "$(sqlite3 "$old" "SELECT count(*) FROM sqlite_master WHERE tbl_name = 'slip'
	AND type IN ('trigger', 'index') AND sql IS NOT NULL")" -eq 3
expect_ok verify --db "$old"
sqlite3 "$old" "INSERT INTO slip(ts, kind, ref, actor, terminal, language, text)
	VALUES (1, 'prize', 'game:1', 'staff:S01', 'T', 'zh', 'x')" ||
	fail "the rebuilt slip table refuses the kind prize"

finish
