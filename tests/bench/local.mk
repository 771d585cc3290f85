# tests/bench: rules for this group (see Makefile.am)
