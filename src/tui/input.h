/*
 * input: what the terminal sends, as requests. Keys curses knows come as
 * KEY_* codes; characters are decoded here from UTF-8, and escape
 * sequences curses does not know are read whole, so that neither a byte
 * that is no UTF-8 nor a garbage sequence can pass for something else.
 */
#ifndef JIFEN_TUI_INPUT_H
#define JIFEN_TUI_INPUT_H

#include "request.h"

/* What the member did, as a request (REQ_NONE for what means nothing);
 * 0 if nothing came before curses' timeout. q and Ctrl-C quit only when
 * unlocked. A touch is the request of what is drawn there (draw.h); a
 * scanner's line is one REQ_SCAN (scan.h), its text valid until the next
 * call. */
int input_read(struct req *r, int unlocked);
/* The text of the REQ_SCAN input_read() made last (scan.h). */
const char *input_scan_text(void);

#endif
