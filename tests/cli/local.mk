# tests/cli: rules for this group (see Makefile.am)
