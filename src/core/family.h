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

/*
 * The family desk; both are one write transaction stamped with the
 * ledger's actor and terminal, recorded as a member event (member.h) of
 * the member concerned, with the family's name as its detail.
 *
 * family_remove: the member of card leaves their family, keeping every
 * point (green points belong to the member, not the family). JF_CONFLICT
 * with JF_R_NOT_IN_FAMILY if they are in none, with JF_R_OWNER_LEAVES for
 * the owner while others remain (family_set_owner first). The owner alone
 * may leave: the family is then dissolved and its name free again. Event
 * "family_leave". *family (if not NULL, FAMILY_NAME_SIZE bytes) gets the
 * family's name, *dissolved whether it was dissolved.
 */
#define FAMILY_NAME_SIZE 257 /* 64 characters of up to 4 bytes */
enum jf_status family_remove(struct ledger *lg, const char *card, char *family,
			     int *dissolved, struct jf_error *err);
/* Make the member of card the owner of the family name. JF_NOTFOUND
 * (JF_R_UNKNOWN_FAMILY) for no such family, JF_CONFLICT with
 * JF_R_NOT_IN_FAMILY if the member is not in it. The owner already: JF_OK,
 * nothing written (*changed 0). Event "family_owner" on the new owner. */
enum jf_status family_set_owner(struct ledger *lg, const char *name, const char *card,
				int *changed, struct jf_error *err);

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
