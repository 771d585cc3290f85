/*
 * fuzz_lines: receipt_lines_parse on arbitrary text.
 *
 * A receipt of lines comes from a till's export or a person's editor:
 * whatever it holds, parsing never crashes and ends either in JF_OK with
 * 1..LINES_MAX good lines whose sums match, or in JF_USAGE with every
 * problem on a line of the text and nothing else returned as good.
 */
#include "config.h"

#include "fuzz.h"
#include "lines.h"

static struct settings cfg;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct jf_error err;

	(void)argc;
	(void)argv;
	if (settings_load_string(&cfg, "[earn]\npoints_per_yuan = 2\n[category food]\n"
				       "points_per_yuan = 3\n", &err) != JF_OK)
		abort();
	return 0;
}

static void
check_good(const struct receipt_lines *l, const char *text)
{
	int64_t fen = 0, points[KIND_COUNT] = { 0, 0 };

	if (l->count < 1 || l->count > LINES_MAX || l->problem_count != 0)
		fuzz_fail("accepted a receipt with no lines, too many or problems", text);
	for (size_t i = 0; i < l->count; i++) {
		const struct receipt_line *it = &l->items[i];

		if (it->fen < 0 || it->fen > PARSE_FEN_MAX || (it->green != 0 && it->green != 1) ||
		    it->points < 0 || it->points > it->fen / 100 * 3)
			fuzz_fail("accepted a line out of range", text);
		if (it->category[0] && strcmp(it->category, "food") != 0)
			fuzz_fail("accepted a category the config does not have", text);
		fen += it->fen;
		points[it->green] += it->points;
	}
	if (fen != l->fen || points[0] != l->points[0] || points[1] != l->points[1])
		fuzz_fail("the sums differ from the lines", text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);
	struct receipt_lines l;
	struct jf_error err;
	enum jf_status st = receipt_lines_parse(text, size, &cfg, &l, &err);
	int lines = 1;

	for (size_t i = 0; i < size; i++)
		lines += text[i] == '\n' || (text[i] == '\r' && (i + 1 == size || text[i + 1] != '\n'));
	if (st == JF_OK)
		check_good(&l, text);
	else if (st != JF_USAGE || l.problem_count == 0)
		fuzz_fail("refused without saying which line", text);
	for (size_t i = 0; i < l.problem_count; i++)
		if (l.problems[i].line < 1 || l.problems[i].line > lines)
			fuzz_fail("a problem on a line the text does not have", text);
	receipt_lines_done(&l);
	free(text);
	return 0;
}
