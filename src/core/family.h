/*
 * family: families of members who share green points.
 *
 * A member belongs to at most one family; transfers of green points are
 * allowed only between members of the same family.
 */
#ifndef JIFEN_FAMILY_H
#define JIFEN_FAMILY_H

#include <stdint.h>

#include "ledger.h"
#include "status.h"

/* Both are stamped with the ledger's actor and terminal; JF_ERR if nobody
 * acts (ledger_actor_text). */
enum jf_status family_create(struct ledger *lg, const char *name, const char *owner_card,
			     struct jf_error *err);
enum jf_status family_add(struct ledger *lg, const char *name, const char *card,
			  struct jf_error *err);

struct family_row {
	const char *family;
	const char *card;
	const char *name;
	int owner;
	int64_t points;
	int64_t green;
	/* Who put the member into the family (its creation, for the owner),
	 * when and where: actor.h text; 0 and "" before this was kept. */
	int64_t added_at;
	const char *added_by;
	const char *added_terminal;
};
/* Every member of one family (name) or of all families (NULL), by family then card.
 * JF_NOTFOUND if a named family does not exist. */
enum jf_status family_list(struct ledger *lg, const char *name,
			   int (*fn)(const struct family_row *row, void *ctx), void *ctx,
			   struct jf_error *err);

#endif
