/*
 * fuzz_spec: what the targets of the definition parsers share (a game's
 * table, a campaign, the task book, a survey: spec_parse()).
 */
#ifndef JIFEN_FUZZ_SPEC_H
#define JIFEN_FUZZ_SPEC_H

#include "fuzz.h"
#include "game.h"

/* A parser ends in JF_OK with no problem, or in JF_USAGE with 1 to
 * GAME_PROBLEMS_MAX problems, each one printable line, and nothing else
 * returned (empty: whether its output is). */
static inline void
fuzz_spec_ended(enum jf_status st, const struct game_problems *p, int empty, const char *text)
{
	if (st == JF_OK) {
		if (p->count)
			fuzz_fail("accepted with problems", text);
		return;
	}
	if (st != JF_USAGE || p->count < 1 || p->count > GAME_PROBLEMS_MAX || !empty)
		fuzz_fail("refused without a problem, or with what it refused", text);
	for (size_t i = 0; i < p->count; i++)
		if (!fuzz_printable(p->lines[i]))
			fuzz_fail("a problem that is not one printable line", text);
}

#endif
