#!/bin/sh
# soak_short: make soak's kills, briefly, so that they keep working between
# soaks: the simulation with a kill -9 inside every 100th step (see
# sim_test.c, JIFEN_SIM_KILL_EVERY), checked against the model throughout.
exec env JIFEN_SIM_SEED=7 JIFEN_SIM_OPS=3000 JIFEN_SIM_KILL_EVERY=100 \
	"$top_builddir/tests/stress/sim_test"
