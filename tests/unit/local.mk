# tests/unit: rules for this group (see Makefile.am)
