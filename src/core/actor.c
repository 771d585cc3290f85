/* actor: who acts, as the ledger records it (see actor.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "actor.h"
#include "parse.h"

static int
id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-';
}

enum jf_status
actor_check_id(const char *what, const char *id, struct jf_error *err)
{
	char q[48];
	size_t len = id ? strlen(id) : 0;

	parse_quote(id ? id : "", q, sizeof q);
	if (len == 0 || len > ACTOR_ID_MAX)
		return jf_fail(err, JF_USAGE, "%s '%s' must be 1 to %d characters", what, q,
			       ACTOR_ID_MAX);
	for (size_t i = 0; i < len; i++)
		if (!id_char(id[i]))
			return jf_fail(err, JF_USAGE,
				       "%s '%s' may hold only letters, digits, '.', '_' and '-'",
				       what, q);
	return JF_OK;
}

enum jf_status
actor_check_terminal(const char *name, struct jf_error *err)
{
	return actor_check_id("terminal", name, err);
}

enum jf_status
actor_staff(struct actor *a, const char *staff_id, struct jf_error *err)
{
	enum jf_status st = actor_check_id("staff id", staff_id, err);

	if (st != JF_OK)
		return st;
	a->kind = ACTOR_STAFF;
	snprintf(a->id, sizeof a->id, "%s", staff_id);
	return JF_OK;
}

void
actor_shell(struct actor *a, const char *user)
{
	size_t i = 0;

	a->kind = ACTOR_SHELL;
	for (; user && user[i] && i < ACTOR_ID_MAX; i++)
		a->id[i] = id_char(user[i]) ? user[i] : '_';
	a->id[i] = '\0';
	/* No name at all (no passwd entry, no $USER) is still somebody. */
	if (i == 0)
		snprintf(a->id, sizeof a->id, "%s", "unknown");
}

void
actor_member(struct actor *a, int64_t member_id)
{
	a->kind = ACTOR_MEMBER;
	snprintf(a->id, sizeof a->id, "%lld", (long long)member_id);
}

void
actor_system(struct actor *a, const char *job)
{
	a->kind = ACTOR_SYSTEM;
	snprintf(a->id, sizeof a->id, "%s", job);
}

const char *
actor_kind_name(enum actor_kind kind)
{
	switch (kind) {
	case ACTOR_MEMBER: return "member";
	case ACTOR_STAFF: return "staff";
	case ACTOR_SHELL: return "shell";
	case ACTOR_SYSTEM: return "system";
	case ACTOR_NONE: break;
	}
	return "";
}

void
actor_format(const struct actor *a, char out[ACTOR_TEXT_SIZE])
{
	if (a->kind == ACTOR_NONE)
		out[0] = '\0';
	else
		snprintf(out, ACTOR_TEXT_SIZE, "%s:%s", actor_kind_name(a->kind), a->id);
}

/* The kind named by the text before the first ':', or ACTOR_NONE. */
static enum actor_kind
stored_kind(const char *stored, const char **id)
{
	static const enum actor_kind kinds[] = { ACTOR_MEMBER, ACTOR_STAFF, ACTOR_SHELL,
						 ACTOR_SYSTEM };
	const char *colon = strchr(stored, ':');

	for (size_t i = 0; colon && i < sizeof kinds / sizeof kinds[0]; i++) {
		const char *name = actor_kind_name(kinds[i]);

		if ((size_t)(colon - stored) == strlen(name) &&
		    !strncmp(stored, name, strlen(name))) {
			*id = colon + 1;
			return kinds[i];
		}
	}
	*id = stored;
	return ACTOR_NONE;
}

/* stored as "KIND<sep>ID"; a bare legacy id is a staff id. */
static void
render(const char *stored, const char *sep, char *out, size_t size)
{
	const char *id;
	enum actor_kind kind = stored_kind(stored, &id);

	if (*stored == '\0')
		snprintf(out, size, "%s", "");
	else
		snprintf(out, size, "%s%s%s",
			 actor_kind_name(kind == ACTOR_NONE ? ACTOR_STAFF : kind), sep, id);
}

void
actor_normalize(const char *stored, char *out, size_t size)
{
	render(stored, ":", out, size);
}

void
actor_describe(const char *stored, char *out, size_t size)
{
	render(stored, " ", out, size);
}
