/*
 * screen_counter_games: tasks and games at the counter, for the member on
 * the panel (letter a on the counter's home). Two lists under each other:
 * the tasks staff confirm (task kind counter_confirmed: a green habit
 * shared, a class attended), each marked if done in its current period,
 * and the games, each with its price, the plays left today and the
 * member's free plays.
 *
 * Enter on a task asks "did the member do this?", then task_complete();
 * on a game, game_can_play() first (the daily limit, too few points, no
 * free play: core's reason said before anything is asked), then "play
 * for the member?", then game_play() with the key drawn when the question
 * opened, so Enter twice plays once. The outcome is shown in the member's
 * view: the prize drawn, where it went, the fallback paid when the drawn
 * prize's budget was spent, and a prize voucher's code, also on a slip
 * (slip.h kind "prize", for any prize but "thanks": the game, the prize
 * paid, the voucher's short code and its code as a QR; Right shows it). A scratch card played here is
 * marked scratched whole, as it was seen whole. Every rule is
 * core's (task.h, game.h); the screen only asks and says.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counter.h"
#include "counter_slip.h"
#include "game_words.h"
#include "i18n.h"
#include "reason.h"
#include "screen.h"
#include "task.h"
#include "voucher.h"
#include "widget.h"

#define CG_GAMES_MAX 16  /* games shown; a store runs a few */
#define CG_ROWS_MAX (TASKS_MAX + CG_GAMES_MAX)
#define CG_LINES 4       /* the outcome's lines */

enum cg_step { CG_LIST, CG_CONFIRM, CG_DONE };

struct cg_game {
	struct game_info info;
	int64_t tickets, played;
};

struct cg_row {
	int game;  /* a game (index of games[]), else a task */
	int index; /* of the book's tasks, or of games[] */
};

struct counter_games {
	char card[MEMBER_CARD_SIZE]; /* whose lists these are */
	struct task_progress prog;   /* owns the book */
	struct cg_game *games;       /* CG_GAMES_MAX */
	int game_count;
	struct cg_row rows[CG_ROWS_MAX];
	int count, tasks, selected;
	enum cg_step step;
	char key[LEDGER_NEW_KEY_SIZE]; /* the open question's play */
	char outcome[CG_LINES][320];
	enum style outcome_style[CG_LINES];
	struct counter_slip slip;      /* the last play's slip; id 0: none */
};

static const struct bar_item list_bar[] = {
	{ REQ_UP, REQ_DOWN, N_("Choose") },
	{ REQ_ENTER, REQ_NONE, N_("Confirm or play") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item slip_bar[] = {
	{ REQ_UP, REQ_DOWN, N_("Choose") },
	{ REQ_ENTER, REQ_NONE, N_("Confirm or play") },
	{ REQ_RIGHT, REQ_NONE, N_("Slip") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item confirm_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Yes") },
	{ REQ_BACK, REQ_NONE, N_("No") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item *
cg_bar_now(struct kiosk *k, void *state)
{
	const struct counter_games *s = state;

	(void)k;
	if (s->step == CG_CONFIRM)
		return confirm_bar;
	return s->slip.id > 0 ? slip_bar : list_bar;
}

static int
keep_game(const struct game_info *g, void *ctx)
{
	struct counter_games *s = ctx;

	if (s->game_count < CG_GAMES_MAX)
		s->games[s->game_count++].info = *g;
	return 0;
}

static void
forget(struct counter_games *s)
{
	task_progress_done(&s->prog);
	s->game_count = s->count = s->tasks = 0;
	s->card[0] = '\0';
}

/* The lists for the member on the panel, read again (after every write,
 * and when another member is scanned). 0 after kiosk_fail(). */
static int
load(struct kiosk *k, struct counter_games *s)
{
	const char *card = k->counter.m.card;

	forget(s);
	if (!k->counter.present)
		return 1;
	if (task_progress(k->lg, card, &s->prog, &k->err) != JF_OK)
		return kiosk_fail(k, "task_progress"), 0;
	if (game_list(k->lg, keep_game, s, &k->err) != JF_OK)
		return kiosk_fail(k, "game_list"), 0;
	for (int i = 0; i < s->game_count; i++) {
		struct cg_game *g = &s->games[i];

		if (game_tickets(k->lg, card, g->info.spec.code, &g->tickets, &k->err) != JF_OK ||
		    game_plays_today(k->lg, card, g->info.spec.code, &g->played, &k->err) != JF_OK)
			return kiosk_fail(k, "game_tickets"), 0;
	}
	for (size_t i = 0; i < s->prog.book->task_count; i++)
		if (s->prog.book->tasks[i].kind == TASK_COUNTER)
			s->rows[s->count++] = (struct cg_row){ 0, (int)i };
	s->tasks = s->count;
	for (int i = 0; i < s->game_count; i++)
		s->rows[s->count++] = (struct cg_row){ 1, i };
	if (s->selected >= s->count)
		s->selected = s->count ? s->count - 1 : 0;
	snprintf(s->card, sizeof s->card, "%s", card);
	return 1;
}

static void
cg_enter(struct kiosk *k, void *state, const void *arg)
{
	struct counter_games *s = state;

	(void)arg;
	s->games = calloc(CG_GAMES_MAX, sizeof *s->games);
	if (s->games == NULL) {
		jf_fail(&k->err, JF_ERR, "out of memory");
		kiosk_fail(k, "counter games");
		return;
	}
	load(k, s);
}

static void
cg_leave(struct kiosk *k, void *state)
{
	struct counter_games *s = state;

	(void)k;
	forget(s);
	free(s->games);
	s->games = NULL;
	explicit_bzero(s->key, sizeof s->key);
}

static const struct task_def *
row_task(const struct counter_games *s, int i)
{
	return &s->prog.book->tasks[s->rows[i].index];
}

/* "50 points a play, 0 of 1 played today, 1 free play". */
static void
game_info_text(const struct cg_game *g, char *out, size_t size)
{
	char price[64], tickets[64] = "";

	if (g->info.spec.price > 0)
		i18n_points(g->info.spec.price, KIND_POINTS, price, sizeof price);
	else
		snprintf(price, sizeof price, "%s", _("free plays only"));
	if (g->tickets > 0)
		snprintf(tickets, sizeof tickets,
			 ngettext("; %lld free play", "; %lld free plays", (unsigned long)g->tickets),
			 (long long)g->tickets);
	snprintf(out, size, _("%s a play; %lld of %lld played today%s"), price,
		 (long long)g->played, (long long)g->info.spec.plays_per_day, tickets);
}

static void
draw_row(struct kiosk *k, struct counter_games *s, int i, int y, int x, int width)
{
	int on = i == s->selected && s->step != CG_CONFIRM, name_w = width >= 100 ? 40 : 24;
	enum style st = on ? STYLE_SELECTED : STYLE_NORMAL;
	char info[200];
	const char *name, *mark;

	if (s->rows[i].game) {
		const struct cg_game *g = &s->games[s->rows[i].index];

		name = game_name(&g->info.spec);
		mark = "";
		game_info_text(g, info, sizeof info);
	} else {
		const struct task_def *t = row_task(s, i);

		name = i18n_name(t->name_zh, t->name_en);
		mark = s->prog.done[s->rows[i].index] ? "[x]" : "[ ]";
		task_reward_text(k, s->prog.book, &t->reward, info, sizeof info);
	}
	if (on)
		draw_fill(y, x, width, STYLE_SELECTED);
	draw_text(y, x, 2, st, on ? ">" : " ");
	draw_text(y, x + 2, 4, st, mark);
	draw_text(y, x + 6, name_w, st, name);
	draw_text(y, x + 8 + name_w, width - 8 - name_w, on ? st : STYLE_DIM, info);
	draw_hit(y, x, width, (struct req){ REQ_PICK, i });
}

/* The question, or the outcome of the last action, from row y. */
static void
draw_bottom(struct kiosk *k, struct counter_games *s, int y, int x, int width)
{
	char line[400], price[64];

	if (s->step == CG_CONFIRM && s->rows[s->selected].game) {
		const struct cg_game *g = &s->games[s->rows[s->selected].index];

		if (g->tickets > 0)
			snprintf(price, sizeof price, "%s", _("a free play"));
		else
			i18n_points(g->info.spec.price, KIND_POINTS, price, sizeof price);
		snprintf(line, sizeof line, _("Play %s for %s (%s)? Enter: yes. Esc: no."),
			 game_name(&g->info.spec), k->counter.m.name, price);
		draw_wrap(y, x, width, 2, STYLE_WARN, line);
		return;
	}
	if (s->step == CG_CONFIRM) {
		const struct task_def *t = row_task(s, s->selected);

		snprintf(line, sizeof line, _("Did %s do this: %s? Enter: yes, confirm it. Esc: no."),
			 k->counter.m.name, i18n_name(t->name_zh, t->name_en));
		draw_wrap(y, x, width, 2, STYLE_WARN, line);
		return;
	}
	for (int i = 0; i < CG_LINES && y < k->bottom; i++)
		if (s->outcome[i][0])
			y += draw_wrap(y, x, width, 2, s->outcome_style[i], s->outcome[i]);
	if (y < k->bottom)
		counter_slip_draw(k, y, &s->slip);
}

static void
cg_draw(struct kiosk *k, void *state)
{
	struct counter_games *s = state;
	int y = counter_panel_draw(k), x = 3, width = k->cols - 6, gap = k->rows >= 40 ? 2 : 1;
	int room, first = 0, shown = 0;

	/* Another member scanned here: their lists, not the last one's. */
	if (strcmp(s->card, k->counter.present ? k->counter.m.card : "") != 0 && !load(k, s))
		return;
	draw_text(y, x, width, STYLE_HEADING, _("Tasks and games at the counter"));
	y += 2;
	if (!k->counter.present) {
		draw_wrap(y, x, width, 2, STYLE_WARN,
			  _("First bring the member to the counter: scan their card."));
		return;
	}
	if (s->count == 0) {
		draw_wrap(y, x, width, 3, STYLE_DIM,
			  _("The store has no tasks confirmed at the counter and no games."));
		return;
	}
	/* The lists take what the outcome's lines leave, the selection in view. */
	room = (k->bottom - y - 9) / gap;
	if (room < 3)
		room = 3;
	if (s->selected >= room)
		first = s->selected - room + 1;
	for (int i = first; i < s->count && shown < room; i++, shown++) {
		if (i == 0 && s->tasks > 0) {
			draw_text(y, x, width, STYLE_HEADING,
				  _("Tasks staff confirm ([x]: done in this period)"));
			y += gap;
		}
		if (i == s->tasks) {
			y += i > first; /* a blank row after the tasks */
			draw_text(y, x, width, STYLE_HEADING, _("Games played for the member"));
			y += gap;
		}
		draw_row(k, s, i, y, x, width);
		y += gap;
	}
	draw_bottom(k, s, y + 1, x, width);
}

static void
say(struct counter_games *s, int line, enum style st, const char *text)
{
	snprintf(s->outcome[line], sizeof s->outcome[line], "%s", text);
	s->outcome_style[line] = st;
}

static void
clear_outcome(struct counter_games *s)
{
	for (int i = 0; i < CG_LINES; i++)
		s->outcome[i][0] = '\0';
	memset(&s->slip, 0, sizeof s->slip);
}

static int
complete_task(struct kiosk *k, struct counter_games *s)
{
	const struct task_def *t = row_task(s, s->selected);
	struct task_done *d = calloc(1, sizeof *d);
	char line[320], reward[200];
	enum jf_status st;

	if (d == NULL) {
		jf_fail(&k->err, JF_ERR, "out of memory");
		return kiosk_fail(k, "task_complete");
	}
	s->step = CG_LIST;
	st = task_complete(k->lg, k->counter.m.card, t->code, d, &k->err);
	if (st != JF_OK) {
		free(d);
		return counter_refused(k, "task_complete");
	}
	clear_outcome(s);
	task_reward_text(k, s->prog.book, &t->reward, reward, sizeof reward);
	if (d->replay) {
		snprintf(line, sizeof line,
			 _("%s was already done in this period (%s): nothing more is given."),
			 i18n_name(t->name_zh, t->name_en), d->period);
		say(s, 0, STYLE_WARN, line);
	} else {
		snprintf(line, sizeof line, _("Confirmed: %s. %s gets %s."),
			 i18n_name(t->name_zh, t->name_en), k->counter.m.name, reward);
		say(s, 0, STYLE_OK, line);
	}
	if (d->set_completed[0] && !d->replay)
		say(s, 1, STYLE_OK,
		    d->prize_in_points
			    ? _("That completes a badge set: its grand prize is out of stock, so its worth was paid in points.")
			    : _("That completes a badge set: its grand prize is paid."));
	free(d);
	if (counter_member_refresh(k) != JF_OK)
		return kiosk_fail(k, "counter_member_refresh");
	return load(k, s) ? R_HANDLED | R_REDRAW : R_HANDLED;
}

struct find_voucher {
	int64_t id;
	struct voucher v;
	int found;
};

static int
keep_voucher(const struct voucher *v, void *ctx)
{
	struct find_voucher *f = ctx;

	if (v->id == f->id) {
		f->v = *v;
		f->found = 1;
	}
	return 0;
}

/* The play's slip, in the store's printer language: kept in its own
 * transaction after the play's, then printed. A slip that cannot be kept
 * does not undo the play: the screen says why instead. */
static void
prize_slip(struct kiosk *k, struct counter_games *s, const struct game_play *p,
	   const struct game_info *g, const struct find_voucher *f)
{
	int en = k->cfg->printer_language == PRINT_EN;
	char ref[32];
	struct slip_data d;

	snprintf(ref, sizeof ref, "game:%lld", (long long)p->id);
	memset(&d, 0, sizeof d);
	d.kind = SLIP_PRIZE;
	d.ref = ref;
	d.card = k->counter.m.card;
	d.balance = -1;
	d.source = en ? g->spec.name_en : g->spec.name_zh;
	d.prize = en ? p->paid_prize.label_en : p->paid_prize.label_zh;
	if (f->found) {
		d.short_code = f->v.short_code;
		d.qr = f->v.code;
	}
	if (counter_slip_begin(k) != JF_OK || counter_slip_keep(k, &d, &s->slip) != JF_OK) {
		memset(&s->slip, 0, sizeof s->slip);
		say(s, 3, STYLE_WARN, k->err.message);
		return;
	}
	counter_slip_print(k, &s->slip);
}

/* The outcome of a play, in the member's view. */
static void
say_play(struct kiosk *k, struct counter_games *s, const struct game_play *p,
	 const struct game_info *g)
{
	char line[320];
	struct find_voucher f = { .id = p->voucher_id };

	clear_outcome(s);
	snprintf(line, sizeof line, _("Drawn: %s."),
		 game_prize_label(&g->spec.prizes[p->prize]));
	say(s, 0, p->paid_prize.kind == PRIZE_THANKS ? STYLE_NORMAL : STYLE_OK, line);
	game_outcome(p, line, sizeof line);
	say(s, 1, STYLE_NORMAL, line);
	game_fallback_notice(p, &g->spec, line, sizeof line);
	say(s, 2, STYLE_WARN, line);
	if (p->voucher_id &&
	    voucher_list(k->lg, k->counter.m.card, 1, keep_voucher, &f, &k->err) == JF_OK &&
	    f.found) {
		snprintf(line, sizeof line, _("Voucher code: %s (short code %s)."), f.v.code,
			 f.v.short_code);
		say(s, 3, STYLE_HEADING, line);
	}
	/* A slip for what was won; "thanks" gives nothing to hand over. */
	if (!p->replay && p->paid_prize.kind != PRIZE_THANKS)
		prize_slip(k, s, p, g, &f);
}

static int
play(struct kiosk *k, struct counter_games *s)
{
	const struct cg_game *cg = &s->games[s->rows[s->selected].index];
	struct game_play_request req = { k->counter.m.card, cg->info.spec.code, s->key };
	struct game_play *p = calloc(1, sizeof *p);
	struct game_info *g = malloc(sizeof *g);
	enum jf_status st;

	s->step = CG_LIST;
	if (p == NULL || g == NULL) {
		free(p);
		free(g);
		jf_fail(&k->err, JF_ERR, "out of memory");
		return kiosk_fail(k, "game_play");
	}
	*g = cg->info;
	st = game_play(k->lg, &req, p, &k->err);
	explicit_bzero(s->key, sizeof s->key);
	if (st != JF_OK) {
		free(p);
		free(g);
		return counter_refused(k, "game_play");
	}
	/* A scratch card played here was seen whole: the kiosk does not offer
	 * to finish it. */
	if (!p->replay && g->spec.kind == GAME_SCRATCH &&
	    game_scratch(k->lg, p->id, (1 << GAME_CELLS) - 1, &p->scratched, &k->err) != JF_OK) {
		free(p);
		free(g);
		return kiosk_fail(k, "game_scratch");
	}
	/* The play's own version: a table imported since is not the one drawn. */
	if (p->version == g->version || game_find(k->lg, p->game, g, &k->err) == JF_OK)
		say_play(k, s, p, g);
	free(p);
	free(g);
	if (counter_member_refresh(k) != JF_OK)
		return kiosk_fail(k, "counter_member_refresh");
	return load(k, s) ? R_HANDLED | R_REDRAW : R_HANDLED;
}

/* Enter on row i: the question, or core's refusal instead. */
static int
ask(struct kiosk *k, struct counter_games *s, int i)
{
	if (i < 0 || i >= s->count)
		return R_HANDLED;
	s->selected = i;
	clear_outcome(s);
	if (!s->rows[i].game) {
		const struct task_def *t = row_task(s, i);
		char line[320];

		if (s->prog.done[s->rows[i].index]) {
			snprintf(line, sizeof line,
				 _("%s was already done in this period (%s): nothing more is given."),
				 i18n_name(t->name_zh, t->name_en), s->prog.period[s->rows[i].index]);
			say(s, 0, STYLE_WARN, line);
			return R_HANDLED | R_REDRAW;
		}
		s->step = CG_CONFIRM;
		return R_HANDLED | R_REDRAW;
	}
	if (game_can_play(k->lg, k->counter.m.card, s->games[s->rows[i].index].info.spec.code,
			  &k->err) != JF_OK)
		return counter_refused(k, "game_can_play");
	ledger_new_key("counter-", s->key);
	s->step = CG_CONFIRM;
	return R_HANDLED | R_REDRAW;
}

static int
cg_handle(struct kiosk *k, void *state, struct req r)
{
	struct counter_games *s = state;
	int open;

	if (s->step == CG_CONFIRM) {
		switch (r.id) {
		case REQ_ENTER:
			return s->rows[s->selected].game ? play(k, s) : complete_task(k, s);
		case REQ_BACK:
			s->step = CG_LIST;
			explicit_bzero(s->key, sizeof s->key);
			return R_HANDLED | R_REDRAW;
		case REQ_SCAN: /* another member: the question is theirs no more */
			s->step = CG_LIST;
			explicit_bzero(s->key, sizeof s->key);
			return counter_scan(k);
		default:
			return R_HANDLED;
		}
	}
	if (r.id == REQ_RIGHT && s->slip.id > 0)
		return counter_slip_view(k, &s->slip);
	if (list_key(r, &s->selected, s->count, &open))
		return open < 0 ? R_HANDLED | R_REDRAW : ask(k, s, open);
	switch (r.id) {
	case REQ_BACK:
		return kiosk_pop(k, 0);
	case REQ_SCAN:
		clear_outcome(s);
		return counter_scan(k);
	default:
		return R_HANDLED;
	}
}

const struct screen_ops screen_counter_games = {
	.name = "counter-games",
	.state_size = sizeof(struct counter_games),
	.enter = cg_enter,
	.draw = cg_draw,
	.handle = cg_handle,
	.leave = cg_leave,
	.bar = list_bar,
	.bar_now = cg_bar_now,
	.idle_logout = 1,
};
