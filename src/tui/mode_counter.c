/*
 * mode_counter: the cashier's terminal, `jifen counter`, as a mode of the
 * screen loop (screen.h). Nobody in: the start screen
 * (screen_counter_start.c), where the staff member signs in; the session
 * is theirs (every write acts as them) and starts at the counter's home
 * (screen_counter.c), with the member panel on every screen; the title
 * names them and their role (counter_may() checks what the role may do). It ends
 * when they sign out, or after [counter] idle_timeout seconds without a
 * key, counted down on the screen: nothing of the member served stays.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "counter.h"
#include "counter_offline.h"
#include "screen.h"

static int
counter_idle_timeout_s(const struct kiosk *k)
{
	return (int)k->cfg->counter_idle_timeout_s;
}

/* The member served and the staff's session are forgotten; who is
 * preselected at the login (--staff) is kept. */
static void
counter_end_session(struct kiosk *k)
{
	counter_member_clear(k);
	explicit_bzero(&k->session, sizeof k->session);
	explicit_bzero(k->counter.staff, sizeof k->counter.staff);
	explicit_bzero(&k->counter.who, sizeof k->counter.who);
	k->counter.since = 0;
	ledger_act_as(k->lg, NULL); /* nobody acts until the next sign-in */
	counter_offline_end(k);     /* what waits stays in the queue's file */
}

static void
counter_title(const struct kiosk *k, char *out, size_t size)
{
	out[0] = '\0';
	if (!k->session.active)
		return;
	if (k->counter.who.id[0] == '\0') /* a ledger without staff: --staff's id */
		snprintf(out, size, _("Cashier %s"), k->counter.staff);
	else if (k->counter.who.role == STAFF_MANAGER)
		snprintf(out, size, _("Manager %s (%s)"), k->counter.who.name, k->counter.who.id);
	else
		snprintf(out, size, _("Cashier %s (%s)"), k->counter.who.name, k->counter.who.id);
}

const struct kiosk_mode mode_counter = {
	.name = "counter",
	.first = SCREEN_COUNTER_START,
	.home = SCREEN_COUNTER,
	.idle_timeout_s = counter_idle_timeout_s,
	.idle_goodbye = N_("The counter was signed out because it was idle."),
	.end_session = counter_end_session,
	.title = counter_title,
	.unreachable = counter_went_offline,
};
