/*
 * spec_json: reading a definition file (a game's table, a campaign, the
 * task book, a survey) with jansson, every problem named by where it is
 * ("tasks[2].reward: ..."). The same rules throughout: codes of 1..32 of
 * A-Z a-z 0-9 . _ -, names {"zh", "en"} of 1..64 characters, whole
 * numbers in a stated range, no unknown keys. No ledger.
 */
#ifndef JIFEN_SPEC_JSON_H
#define JIFEN_SPEC_JSON_H

#include <jansson.h>
#include <stdint.h>

#include "game.h"

/* Add a problem (struct game_problems: at most GAME_PROBLEMS_MAX lines). */
void spec_problem(struct game_problems *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Each key of obj not in allowed (ended by NULL) is a problem. */
void spec_check_keys(json_t *obj, const char *where, const char *const *allowed,
		     struct game_problems *p);
/* v as an object of the keys allowed (spec_check_keys()): 1, else 0 and
 * the problem "WHERE: must be an object". */
int spec_object(json_t *v, const char *where, const char *const *allowed,
		struct game_problems *p);
/* Which of names[0..n-1] v is (a JSON string): its index, else -1 (also
 * for NULL, a key that is missing). */
int spec_name_of(json_t *v, const char *const *names, int n);
/* A code (game_code_ok) at obj[key] into out; a problem if missing or bad. */
void spec_get_code(json_t *obj, const char *key, const char *where, char out[GAME_CODE_SIZE],
		   struct game_problems *p);
/* An integer in [min, max] at obj[key]: 1 and *out, else 0 (a problem if
 * it is there but bad, or missing and required). */
int spec_get_int(json_t *obj, const char *key, const char *where, int64_t min, int64_t max,
		 int required, int64_t *out, struct game_problems *p);
/* {"zh": ..., "en": ...} at obj[key], each 1..64 characters of text, into
 * zh and en (GAME_LABEL_SIZE each). */
void spec_get_names(json_t *obj, const char *key, const char *where, char *zh, char *en,
		    struct game_problems *p);
/* The text parsed as one JSON object: NULL and a problem if it is not. */
json_t *spec_load(const char *text, size_t len, struct game_problems *p);

/* Fills a definition (out, the parser's own struct) from the file's JSON
 * object, every problem into p. */
typedef void (*spec_fill_fn)(json_t *root, void *out, struct game_problems *p);
/* The frame of every definition parser (game_spec_parse() and its likes):
 * out (size bytes) and p cleared, a text of more than max bytes refused,
 * the text loaded (spec_load()) and given to fill. JF_OK, or JF_USAGE
 * with the problems in p and out cleared again: a refused file gives
 * nothing half-read. */
enum jf_status spec_parse(const char *text, size_t len, size_t max, spec_fill_fn fill, void *out,
			  size_t size, struct game_problems *p);

/* Read a definition file of at most max bytes into *buf (NUL-ended,
 * caller frees) and *len: JF_NOTFOUND, JF_ERR or JF_USAGE (too large)
 * with err filled otherwise. */
enum jf_status spec_read_file(const char *path, size_t max, char **buf, size_t *len,
			      struct jf_error *err);

/* A versioned import from a file (a game's table, the task book, a
 * survey): the file read as spec_read_file() does, then given to import
 * (game_import_text() and its likes, which own the ledger's side). */
struct ledger;
typedef enum jf_status (*spec_import_text_fn)(struct ledger *lg, const char *text, size_t len,
					       int64_t *version, int *changed,
					       struct game_problems *p, struct jf_error *err);
enum jf_status spec_import_file(struct ledger *lg, const char *path, size_t max,
				spec_import_text_fn import, int64_t *version, int *changed,
				struct game_problems *p, struct jf_error *err);

#endif
