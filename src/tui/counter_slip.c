/*
 * counter_slip: receipts of counter actions (counter_slip.h), and the
 * screen that shows a kept slip's words (SCREEN_COUNTER_SLIP).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "counter.h"
#include "counter_slip.h"

enum jf_status
counter_slip_begin(struct kiosk *k)
{
	return slip_begin(k->lg, &k->err);
}

void
counter_slip_abandon(struct kiosk *k)
{
	slip_rollback(k->lg);
}

enum jf_status
counter_slip_keep(struct kiosk *k, const struct slip_data *d, struct counter_slip *out)
{
	enum jf_status st;
	int replay = 0;

	memset(out, 0, sizeof *out);
	st = slip_record(k->lg, d, &out->id, &replay, &k->err);
	if (st != JF_OK) {
		slip_rollback(k->lg);
		return st;
	}
	out->replay = replay;
	return slip_commit(k->lg, &k->err);
}

void
counter_slip_print(struct kiosk *k, struct counter_slip *out)
{
	struct printer_outcome po;
	struct jf_error err;

	memset(&po, 0, sizeof po);
	jf_error_clear(&err);
	if (out->id <= 0)
		return;
	/* The same action again keeps no second slip, and the first one was
	 * printed then or waits for a reprint from the shift report: a
	 * replay prints no copy the cashier did not ask for. */
	if (out->replay)
		return;
	if (slip_reprint(k->lg, out->id, &po, &err) != JF_OK) {
		snprintf(out->why, sizeof out->why, "%.*s", (int)sizeof out->why - 1, err.message);
		return;
	}
	out->printed = po.printed;
	out->no_printer = !po.printed && k->cfg->printer_device[0] == '\0';
	snprintf(out->why, sizeof out->why, "%s", po.why);
}

int
counter_slip_draw(struct kiosk *k, int y, const struct counter_slip *s)
{
	char line[KIOSK_MESSAGE_SIZE];

	if (s->id <= 0)
		return 0;
	if (s->replay) {
		snprintf(line, sizeof line, _("Slip %lld was made the first time: not printed again."),
			 (long long)s->id);
		draw_text(y, 3, k->cols - 6, STYLE_DIM, line);
		return 1;
	}
	if (s->printed) {
		snprintf(line, sizeof line, _("Slip %lld printed."), (long long)s->id);
		draw_text(y, 3, k->cols - 6, STYLE_DIM, line);
		return 1;
	}
	if (s->no_printer) {
		/* A store without a printer is told once, quietly, not warned. */
		snprintf(line, sizeof line, _("No printer: slip %lld kept. → shows it."),
			 (long long)s->id);
		draw_text(y, 3, k->cols - 6, STYLE_DIM, line);
		return 1;
	}
	snprintf(line, sizeof line,
		 _("Slip %lld not printed (%s): reprint from the shift report. → shows it."),
		 (long long)s->id, s->why);
	return draw_wrap(y, 3, k->cols - 6, 2, STYLE_WARN, line);
}

const struct bar_item counter_slip_done_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Done") },
	{ REQ_RIGHT, REQ_NONE, N_("Slip") },
	{ REQ_NONE, REQ_NONE, NULL },
};

int
counter_slip_view(struct kiosk *k, const struct counter_slip *s)
{
	struct counter_slip_arg a = { s->id };

	if (s->id <= 0)
		return R_HANDLED;
	return kiosk_push(k, SCREEN_COUNTER_SLIP, &a);
}

/* ---- the viewer ---- */

struct slip_view {
	struct slip s;
	int have;
	int top; /* the first line shown */
};

static const struct bar_item view_bar[] = {
	{ REQ_UP, REQ_DOWN, N_("Scroll") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static void
view_enter(struct kiosk *k, void *state, const void *arg)
{
	struct slip_view *v = state;
	const struct counter_slip_arg *a = arg;

	v->have = slip_get(k->lg, a->id, &v->s, &k->err) == JF_OK;
	if (!v->have)
		kiosk_say(k, STYLE_ERROR, "%s", _("That slip cannot be read."));
}

static void
view_leave(struct kiosk *k, void *state)
{
	struct slip_view *v = state;

	(void)k;
	if (v->have)
		slip_done(&v->s);
}

static void
view_draw(struct kiosk *k, void *state)
{
	struct slip_view *v = state;
	const char *p;
	char line[256];
	int y = counter_panel_draw(k), x, n = 0;

	if (!v->have)
		return;
	snprintf(line, sizeof line, _("Slip %lld (%s)"), (long long)v->s.id,
		 v->s.printed ? _("printed") : _("not printed"));
	draw_text(y++, 3, k->cols - 6, STYLE_HEADING, line);
	x = k->cols >= 60 ? (k->cols - 50) / 2 : 3;
	for (p = v->s.text; *p && y <= k->bottom; n++) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len >= sizeof line)
			len = sizeof line - 1;
		if (n >= v->top) {
			memcpy(line, p, len);
			line[len] = '\0';
			draw_text(y++, x, k->cols - x - 1, STYLE_NORMAL, line);
		}
		p = end ? end + 1 : p + strlen(p);
	}
}

static int
line_count(const char *text)
{
	int n = 0;

	for (; *text; text++)
		n += *text == '\n';
	return n;
}

static int
view_handle(struct kiosk *k, void *state, struct req r)
{
	struct slip_view *v = state;

	(void)k;
	switch (r.id) {
	case REQ_UP:
		if (v->top > 0)
			v->top--;
		return R_HANDLED | R_REDRAW;
	case REQ_DOWN:
		if (v->have && v->top + 1 < line_count(v->s.text))
			v->top++;
		return R_HANDLED | R_REDRAW;
	case REQ_ENTER:
	case REQ_BACK:
		return kiosk_pop(k, 0);
	default:
		return R_HANDLED;
	}
}

_Static_assert(sizeof(struct counter_slip_arg) <= SCREEN_ARG_MAX, "fits the stack's argument");

const struct screen_ops screen_counter_slip = {
	.name = "counter-slip",
	.state_size = sizeof(struct slip_view),
	.arg_size = sizeof(struct counter_slip_arg),
	.enter = view_enter,
	.draw = view_draw,
	.handle = view_handle,
	.leave = view_leave,
	.bar = view_bar,
	.idle_logout = 1,
};
