# assets: what `make install` puts in place besides the program, the man
# page and the translations: the store's config, the LICENSE, the systemd
# units, the sysusers.d and tmpfiles.d files (README "Install").
#
# The config is the store's own once installed: it is copied from the sample
# only when there is none (a reinstall never overwrites an edited one), and
# `make uninstall` removes it only while it is still the sample.

confdir = $(sysconfdir)/jifen
dist_doc_DATA += LICENSE

jifen_units_in = assets/systemd/jifen-kiosk.service.in assets/systemd/jifen-counter.service.in \
	assets/systemd/jifen-daily.service.in
jifen_units = $(jifen_units_in:.in=)
EXTRA_DIST += $(jifen_units_in) assets/systemd/jifen-daily.timer \
	assets/systemd/jifen.sysusers assets/systemd/jifen.tmpfiles
CLEANFILES += $(jifen_units) assets/systemd/sysusers/jifen.conf \
	assets/systemd/tmpfiles/jifen.conf

# The paths are those of this configure (bindir, localstatedir), filled in
# at make time, where autoconf's ${prefix} is expanded.
jifen_subst = $(MKDIR_P) $(@D) && sed -e 's|@bindir[@]|$(bindir)|g' \
	-e 's|@localstatedir[@]|$(localstatedir)|g'
assets/systemd/jifen-kiosk.service: $(srcdir)/assets/systemd/jifen-kiosk.service.in Makefile
	$(AM_V_GEN)$(jifen_subst) $(srcdir)/assets/systemd/jifen-kiosk.service.in > $@.tmp && mv $@.tmp $@
assets/systemd/jifen-counter.service: $(srcdir)/assets/systemd/jifen-counter.service.in Makefile
	$(AM_V_GEN)$(jifen_subst) $(srcdir)/assets/systemd/jifen-counter.service.in > $@.tmp && mv $@.tmp $@
assets/systemd/jifen-daily.service: $(srcdir)/assets/systemd/jifen-daily.service.in Makefile
	$(AM_V_GEN)$(jifen_subst) $(srcdir)/assets/systemd/jifen-daily.service.in > $@.tmp && mv $@.tmp $@
# Both are installed as jifen.conf, each in its own directory.
assets/systemd/sysusers/jifen.conf: $(srcdir)/assets/systemd/jifen.sysusers Makefile
	$(AM_V_GEN)$(jifen_subst) $(srcdir)/assets/systemd/jifen.sysusers > $@.tmp && mv $@.tmp $@
assets/systemd/tmpfiles/jifen.conf: $(srcdir)/assets/systemd/jifen.tmpfiles Makefile
	$(AM_V_GEN)$(jifen_subst) $(srcdir)/assets/systemd/jifen.tmpfiles > $@.tmp && mv $@.tmp $@

# The kiosk's and the counter's session (cage, foot, jifen), which their
# units start: beside the program, with its path filled in.
bin_SCRIPTS = assets/jifen-session
EXTRA_DIST += assets/jifen-session.in doc/attract.png
CLEANFILES += assets/jifen-session
assets/jifen-session: $(srcdir)/assets/jifen-session.in Makefile
	$(AM_V_GEN)$(jifen_subst) $(srcdir)/assets/jifen-session.in > $@.tmp && chmod +x $@.tmp && mv $@.tmp $@

if HAVE_SYSTEMDSYSTEMUNITDIR
nodist_systemdsystemunit_DATA = $(jifen_units)
dist_systemdsystemunit_DATA = assets/systemd/jifen-daily.timer
endif
if HAVE_SYSUSERSDIR
nodist_sysusers_DATA = assets/systemd/sysusers/jifen.conf
endif
if HAVE_TMPFILESDIR
nodist_tmpfiles_DATA = assets/systemd/tmpfiles/jifen.conf
endif

install-data-hook: install-jifen-config
install-jifen-config:
	$(MKDIR_P) '$(DESTDIR)$(confdir)'
	@if test -f '$(DESTDIR)$(confdir)/jifen.conf'; then \
	  echo "keeping the config $(DESTDIR)$(confdir)/jifen.conf"; \
	else \
	  echo " $(INSTALL_DATA) jifen.conf.sample '$(DESTDIR)$(confdir)/jifen.conf'"; \
	  $(INSTALL_DATA) $(srcdir)/assets/jifen.conf.sample '$(DESTDIR)$(confdir)/jifen.conf'; \
	fi

uninstall-hook: uninstall-jifen-config
uninstall-jifen-config:
	@if test -f '$(DESTDIR)$(confdir)/jifen.conf' && \
	    cmp -s $(srcdir)/assets/jifen.conf.sample '$(DESTDIR)$(confdir)/jifen.conf'; then \
	  echo " rm -f '$(DESTDIR)$(confdir)/jifen.conf'"; \
	  rm -f '$(DESTDIR)$(confdir)/jifen.conf'; \
	  rmdir '$(DESTDIR)$(confdir)' 2>/dev/null || :; \
	elif test -f '$(DESTDIR)$(confdir)/jifen.conf'; then \
	  echo "keeping the edited config $(DESTDIR)$(confdir)/jifen.conf"; \
	fi
.PHONY: install-jifen-config uninstall-jifen-config
