/*
 * export: CSV (through libcsv, so quoting is done by a kept library) and a
 * plain-text journal for hledger / ledger-cli. Points are commodities "PTS"
 * and "GREEN" so the two kinds never add up together.
 */
#include "config.h"

#include <csv.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "export.h"
#include "parse.h"

static int
csv_field(FILE *out, const char *text, int last)
{
	if (csv_fwrite(out, text, strlen(text)) != 0)
		return -1;
	return fputc(last ? '\n' : ',', out) == EOF ? -1 : 0;
}

static int
csv_row(FILE *out, struct db_stmt *s)
{
	char id[24], ts[CLOCK_ISO_LEN], points[24];
	const char *kind = (db_col_int(s, 6) & 1) ? "green" : "points";

	snprintf(id, sizeof id, "%lld", (long long)db_col_int(s, 0));
	clock_format_iso(db_col_int(s, 1), ts);
	snprintf(points, sizeof points, "%lld", (long long)db_col_int(s, 7));
	if (csv_field(out, id, 0) || csv_field(out, ts, 0) || csv_field(out, db_col_text(s, 2), 0) ||
	    csv_field(out, db_col_text(s, 3), 0) || csv_field(out, db_col_text(s, 5), 0) ||
	    csv_field(out, kind, 0) || csv_field(out, points, 0) ||
	    csv_field(out, db_col_text(s, 8), 0) || csv_field(out, db_col_text(s, 9), 0))
		return -1;
	/* The memo stays last: free text, the one field that may hold commas. */
	return csv_field(out, db_col_text(s, 4), 1);
}

static int
journal_row(FILE *out, struct db_stmt *s, int64_t *current)
{
	char date[CLOCK_DATE_LEN];
	int64_t id = db_col_int(s, 0);
	const char *commodity = (db_col_int(s, 6) & 1) ? "GREEN" : "PTS";

	if (id != *current) {
		int first = *current == 0;

		*current = id;
		clock_date_of(db_col_int(s, 1), date);
		/* Memos are free text; keep them in a comment where ';' cannot cut a field.
		 * Actor and terminal are tags (hledger's "; name: value"). */
		if (fprintf(out, "%s%s (%lld) %s %s\n    ; %s\n", first ? "" : "\n", date,
			    (long long)id, db_col_text(s, 2), db_col_text(s, 3),
			    db_col_text(s, 4)) < 0)
			return -1;
		if (*db_col_text(s, 8) && fprintf(out, "    ; actor: %s\n    ; terminal: %s\n",
						  db_col_text(s, 8), db_col_text(s, 9)) < 0)
			return -1;
	}
	return fprintf(out, "    %-40s %12lld %s\n", db_col_text(s, 5),
		       (long long)db_col_int(s, 7), commodity) < 0 ? -1 : 0;
}

/*
 * What a journal declares before its transactions, so that `hledger check
 * --strict` accepts it: the two commodities (by symbol alone, which
 * hledger and ledger-cli both read) and every account of the ledger,
 * members' and the system's. A typo in an account name then
 * shows as an error, not as a new account.
 */
static enum jf_status
journal_declarations(struct db *db, FILE *out, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT name FROM account ORDER BY id");
	enum db_step_result rc;
	int bad;

	bad = fputs("; jifen ledger export: PTS = points, GREEN = green points\n"
		    "commodity PTS\ncommodity GREEN\n\n", out) == EOF;
	while (!bad && (rc = db_step(s, err)) == DB_ROW)
		bad = fprintf(out, "account %s\n", db_col_text(s, 0)) < 0;
	db_reset(s);
	if (bad || fputc('\n', out) == EOF)
		return jf_fail(err, JF_ERR, "cannot write the export");
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

static enum jf_status
export_rows(struct db *db, enum export_format format, const char *store, FILE *out,
	    struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db,
		"SELECT e.id, e.ts, e.type, e.ref, e.memo, a.name, a.kind, l.amount, e.actor, "
		"e.terminal FROM entry e JOIN line l ON l.entry_id = e.id "
		"JOIN account a ON a.id = l.account_id "
		"WHERE :store = '' OR e.store = :store ORDER BY e.id, l.seq");
	int64_t current = 0;
	enum db_step_result rc = DB_DONE;
	int bad = 0;

	enum jf_status st;

	db_bind_text(s, ":store", store ? store : "");
	/* The CSV begins with UTF-8's byte-order mark: without it a spreadsheet
	 * (Excel, WPS) takes the file for the local code page and garbles
	 * members' Chinese names and memos. */
	if (format == EXPORT_CSV)
		bad = fputs("\xEF\xBB\xBF" "entry,time,type,ref,account,kind,points,actor,terminal,memo\n",
			    out) == EOF;
	else if ((st = journal_declarations(db, out, err)) != JF_OK)
		return st;
	while (!bad && (rc = db_step(s, err)) == DB_ROW)
		bad = format == EXPORT_CSV ? csv_row(out, s) : journal_row(out, s, &current);
	db_reset(s);
	if (bad || fflush(out) != 0 || ferror(out))
		return jf_fail(err, JF_ERR, "cannot write the export");
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

enum jf_status
export_ledger(struct ledger *lg, enum export_format format, const char *store, FILE *out,
	      struct jf_error *err)
{
	enum jf_status st;

	if (store && *store && (st = parse_store(store, err)) != JF_OK)
		return st;
	if ((st = db_begin_read(lg->db, err)) != JF_OK)
		return st;
	st = export_rows(lg->db, format, store, out, err);
	db_rollback(lg->db);
	return st;
}
