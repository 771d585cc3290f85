/*
 * mode_member: the member kiosk, `jifen kiosk`, as one mode of the screen
 * loop (screen.h). Nobody in: the attract screen, whose first character
 * or scan opens the login; a right PIN starts the session at home. The
 * session is the member's (struct kiosk's session) and ends after
 * [kiosk] idle_timeout seconds without a key.
 */
#include "config.h"

#include <string.h>

#include "screen.h"

static int
member_idle_timeout_s(const struct kiosk *k)
{
	return (int)k->cfg->idle_timeout_s;
}

/* Nothing of the visit outlives it: the member, their notices. */
static void
member_end_session(struct kiosk *k)
{
	explicit_bzero(&k->session, sizeof k->session);
	ledger_act_as(k->lg, NULL); /* nobody acts until the next member logs in */
}

const struct kiosk_mode mode_member = {
	.name = "member",
	.first = SCREEN_ATTRACT,
	.home = SCREEN_HOME,
	.idle_timeout_s = member_idle_timeout_s,
	.idle_goodbye = N_("You were logged out because the kiosk was idle."),
	.end_session = member_end_session,
};
