#!/bin/sh
# jifen queue list|post|retry: the purchases a counter queued while the
# ledger could not be reached (src/core/queue.c). Listed without the
# ledger; posted once each (a second post finds nothing, a replayed one is
# counted as already in the ledger); one the ledger refuses is kept with
# why and goes again after `queue retry`; no queue, a bad id and a file
# that is no queue are one line each and change nothing.
#
# The queue is written here as the counter writes it (the counter's own
# path is tests/pg/offline.sh): its tables are those of queue.c, format 1.

. "$(dirname "$0")/lib.sh"
need sqlite3

fresh
add_member 10000001 Alice
add_member 10000002 Bob
QUEUE=$T/counter.queue
config queue "[counter]
queue = $QUEUE"
JIFEN_CONFIG=$T/queue.conf
export JIFEN_CONFIG

# Nothing queued on this terminal yet.
expect_exit 3 queue list
expect_exit 3 queue post
expect_exit 2 queue retry first
expect_exit 2 queue retry 0

sqlite3 "$QUEUE" <<'EOF'
CREATE TABLE queue_format(version INTEGER NOT NULL);
INSERT INTO queue_format(version) VALUES (1);
CREATE TABLE queued_purchase( id INTEGER PRIMARY KEY, receipt TEXT NOT NULL UNIQUE,
 card TEXT NOT NULL, fen INTEGER NOT NULL CHECK (fen > 0),
 green INTEGER NOT NULL CHECK (green IN (0, 1)), category TEXT NOT NULL,
 actor TEXT NOT NULL, terminal TEXT NOT NULL, sold_at INTEGER NOT NULL, slip TEXT NOT NULL,
 tries INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0 CHECK (failed IN (0, 1)),
 failed_at INTEGER NOT NULL DEFAULT 0, failed_reason TEXT NOT NULL DEFAULT '',
 failed_message TEXT NOT NULL DEFAULT '');
INSERT INTO queued_purchase(receipt, card, fen, green, category, actor, terminal, sold_at, slip)
VALUES ('Q1', '10000001', 12000, 0, '', 'staff:S01', 'C07', 1795140000,
        'STORE' || char(10) || 'POINTS RECEIPT' || char(10) || 'Points will be added' || char(10)),
       ('Q2', '19999999', 5000, 0, '', 'staff:S01', 'C07', 1795140060, ''),
       ('Q3', '10000002', 3000, 1, '', 'staff:S02', 'C07', 1795140120, '');
EOF

expect_ok queue list
expect_out '^ +1 .* Q1 +10000001 +120\.00 +- +staff S01 +waiting$'
expect_out '^ +3 .* Q3 +10000002 +30\.00 +green +staff S02 +waiting$'
expect_ok queue list --slips
expect_out '^ +\| Points will be added$'
expect_ok queue list --json
check "$(json_get length)" -eq 3
expect_json '.[0].receipt' Q1
expect_json '.[0].by' staff:S01

# Posted: two earn, the unknown card is refused and kept.
expect_ok queue post
expect_out '^posted 2, already in the ledger 0, refused 1 \(1 refused in the queue\)$'
expect_balance 10000001 points 120
expect_balance 10000002 green 30
check "$(sql "SELECT count(*) FROM entry WHERE ref = 'earn:Q1' AND actor = 'staff:S01' AND terminal = 'C07'")" -eq 1
expect_ok queue list --json
check "$(json_get length)" -eq 1
expect_json '.[0].receipt' Q2
expect_json '.[0].failed' true
expect_json '.[0].reason' unknown_card
expect_ok queue list
expect_out 'REFUSED$'
expect_out '^ +refused: .*19999999'

# Again: nothing more is earned.
expect_ok queue post --json
expect_json '.posted' 0
expect_json '.refused' 0
expect_balance 10000001 points 120

# Put right, and retried.
expect_exit 3 queue retry 1
add_member 19999999 Carol
expect_ok queue retry 2
expect_out 'waits again'
expect_ok queue post
expect_out '^posted 1, already in the ledger 0, refused 0 \(0 refused in the queue\)$'
expect_balance 19999999 points 50
expect_ok queue list --json
check "$(json_get length)" -eq 0
expect_ok verify

# A file that is no queue: one line, and it is left as it was.
printf 'not a queue at all, only text long enough to be read as a header\n' >"$QUEUE"
cp "$QUEUE" "$T/garbage"
expect_exit 8 queue list
expect_stdout_empty
cmp -s "$QUEUE" "$T/garbage" && check 1 -eq 1 || fail "the file that is no queue was changed"
expect_exit 8 queue post

finish
