# po: the kiosk's translations (gettext). po/zh_CN.po holds every string a
# member can see; msgfmt compiles it where gettext looks for it, under
# po/locale/ in the build tree (an uninstalled src/jifen finds it there, see
# src/tui/i18n.c) and under $(localedir) once installed.
#
# After changing a string in src/tui: `make update-po`, translate the new
# entries of po/zh_CN.po (msgfmt -c checks it at build time).
# The day report's row labels (ROW_LABEL) are shown by the counter too.
POT_INPUTS = $(srcdir)/src/tui/*.c $(srcdir)/src/core/report_day.c

zhcnmsgdir = $(localedir)/zh_CN/LC_MESSAGES
nodist_zhcnmsg_DATA = po/locale/zh_CN/LC_MESSAGES/jifen.mo

po/locale/zh_CN/LC_MESSAGES/jifen.mo: $(srcdir)/po/zh_CN.po
	$(AM_V_GEN)$(MKDIR_P) $(@D) && \
	$(MSGFMT) -c -o $@.tmp $(srcdir)/po/zh_CN.po && mv $@.tmp $@

update-po:
	$(XGETTEXT) --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=ROW_LABEL \
	  --keyword=ngettext:1,2 --add-comments=TRANSLATORS: --package-name=$(PACKAGE) \
	  --package-version=$(VERSION) --no-location --sort-output \
	  -o $(srcdir)/po/jifen.pot $(POT_INPUTS)
	$(MSGMERGE) --update --backup=none --no-location --sort-output \
	  $(srcdir)/po/zh_CN.po $(srcdir)/po/jifen.pot
.PHONY: update-po

EXTRA_DIST += po/zh_CN.po po/jifen.pot
CLEANFILES += po/locale/zh_CN/LC_MESSAGES/jifen.mo
