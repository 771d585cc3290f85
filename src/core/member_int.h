/*
 * member_int: what member.c shares with member_desk.c and family.c, not
 * with front ends.
 */
#ifndef JIFEN_MEMBER_INT_H
#define JIFEN_MEMBER_INT_H

#include <stdint.h>

#include "ledger.h"
#include "status.h"

/* One row of member_event: what the desk did to member_id (action, detail:
 * see struct member_event), by actor, at the config's terminal, now. Inside
 * the caller's write transaction. */
enum jf_status member_record_event(struct ledger *lg, int64_t member_id, const char *action,
				   const char *detail, const char *actor, struct jf_error *err);

#endif
