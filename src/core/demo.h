/*
 * demo: the demo store (红米好物) that `jifen init --demo` fills in, so a
 * newcomer can try everything at once: members with cards and PINs (listed
 * in the README), history, lots about to expire, and a family sharing green
 * points. Dates are relative to clock_now().
 */
#ifndef JIFEN_DEMO_H
#define JIFEN_DEMO_H

#include "ledger.h"
#include "status.h"

enum jf_status demo_populate(struct ledger *lg, struct jf_error *err);

#endif
