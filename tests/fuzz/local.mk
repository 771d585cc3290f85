# tests/fuzz: rules for this group (see Makefile.am)
