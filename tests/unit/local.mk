# tests/unit: rules for this group (see Makefile.am)
#
# cmocka drivers, one per core module (after OpenVPN's tests/unit_tests).
# Each links the core library, which is one static archive, so a driver
# pulls in only the objects it uses; fixture.c is the shared set-up: a
# fresh ledger in a temporary directory with the clock pinned.
if HAVE_CMOCKA
unit_tests = \
	tests/unit/test_parse \
	tests/unit/test_clock \
	tests/unit/test_random \
	tests/unit/test_settings \
	tests/unit/test_ledger \
	tests/unit/test_hold \
	tests/unit/test_transfer \
	tests/unit/test_expire \
	tests/unit/test_member \
	tests/unit/test_member_desk \
	tests/unit/test_member_rate \
	tests/unit/test_compensate_preview \
	tests/unit/test_staff \
	tests/unit/test_family \
	tests/unit/test_verify \
	tests/unit/test_export \
	tests/unit/test_schema \
	tests/unit/test_db \
	tests/unit/test_sql \
	tests/unit/test_script \
	tests/unit/test_text_field \
	tests/unit/test_reason \
	tests/unit/test_report_day \
	tests/unit/test_slip \
	tests/unit/test_queue \
	tests/unit/test_offset \
	tests/unit/test_refund \
	tests/unit/test_lines \
	tests/unit/test_counter_may \
	tests/unit/test_counter_form \
	tests/unit/test_game \
	tests/unit/test_task \
	tests/unit/test_birthday \
	tests/unit/test_rules \
	tests/unit/test_tier
unit_tests += tests/unit/test_campaign
unit_tests += tests/unit/test_spec_json
unit_tests += tests/unit/test_xalloc
unit_tests += tests/unit/test_retry
unit_tests += tests/unit/test_store
unit_tests += tests/unit/test_store_limits
check_PROGRAMS += $(unit_tests)
TESTS += $(unit_tests)
endif

unit_fixture = tests/unit/fixture.c tests/unit/fixture.h
unit_cflags = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
unit_ldadd = $(CORE_LIBS) $(CMOCKA_LIBS)

tests_unit_test_retry_SOURCES = tests/unit/test_retry.c $(unit_fixture)
tests_unit_test_retry_CFLAGS = $(unit_cflags)
tests_unit_test_retry_LDADD = $(unit_ldadd)
tests_unit_test_store_SOURCES = tests/unit/test_store.c $(unit_fixture)
tests_unit_test_store_CFLAGS = $(unit_cflags)
tests_unit_test_store_LDADD = $(unit_ldadd)
tests_unit_test_store_limits_SOURCES = tests/unit/test_store_limits.c $(unit_fixture)
tests_unit_test_store_limits_CFLAGS = $(unit_cflags)
tests_unit_test_store_limits_LDADD = $(unit_ldadd)

tests_unit_test_staff_SOURCES = tests/unit/test_staff.c $(unit_fixture)
tests_unit_test_staff_CFLAGS = $(unit_cflags)
tests_unit_test_staff_LDADD = $(unit_ldadd)

tests_unit_test_parse_SOURCES = tests/unit/test_parse.c $(unit_fixture)
tests_unit_test_parse_CFLAGS = $(unit_cflags)
tests_unit_test_parse_LDADD = $(unit_ldadd)

tests_unit_test_clock_SOURCES = tests/unit/test_clock.c $(unit_fixture)
tests_unit_test_clock_CFLAGS = $(unit_cflags)
tests_unit_test_clock_LDADD = $(unit_ldadd)

tests_unit_test_random_SOURCES = tests/unit/test_random.c $(unit_fixture)
tests_unit_test_random_CFLAGS = $(unit_cflags)
tests_unit_test_random_LDADD = $(unit_ldadd)

tests_unit_test_settings_SOURCES = tests/unit/test_settings.c $(unit_fixture)
tests_unit_test_settings_CPPFLAGS = $(AM_CPPFLAGS) -DUNIT_TOP_SRCDIR='"$(abs_top_srcdir)"'
tests_unit_test_settings_CFLAGS = $(unit_cflags)
tests_unit_test_settings_LDADD = $(unit_ldadd)

tests_unit_test_ledger_SOURCES = tests/unit/test_ledger.c $(unit_fixture)
tests_unit_test_ledger_CFLAGS = $(unit_cflags)
tests_unit_test_ledger_LDADD = $(unit_ldadd)

tests_unit_test_hold_SOURCES = tests/unit/test_hold.c $(unit_fixture)
tests_unit_test_hold_CFLAGS = $(unit_cflags)
tests_unit_test_hold_LDADD = $(unit_ldadd)

tests_unit_test_transfer_SOURCES = tests/unit/test_transfer.c $(unit_fixture)
tests_unit_test_transfer_CFLAGS = $(unit_cflags)
tests_unit_test_transfer_LDADD = $(unit_ldadd)

tests_unit_test_expire_SOURCES = tests/unit/test_expire.c $(unit_fixture)
tests_unit_test_expire_CFLAGS = $(unit_cflags)
tests_unit_test_expire_LDADD = $(unit_ldadd)

tests_unit_test_member_SOURCES = tests/unit/test_member.c $(unit_fixture)
tests_unit_test_member_CFLAGS = $(unit_cflags)
tests_unit_test_member_LDADD = $(unit_ldadd)

tests_unit_test_member_desk_SOURCES = tests/unit/test_member_desk.c $(unit_fixture)
tests_unit_test_member_desk_CFLAGS = $(unit_cflags)
tests_unit_test_member_desk_LDADD = $(unit_ldadd)

tests_unit_test_member_rate_SOURCES = tests/unit/test_member_rate.c $(unit_fixture)
tests_unit_test_member_rate_CFLAGS = $(unit_cflags)
tests_unit_test_member_rate_LDADD = $(unit_ldadd)

tests_unit_test_compensate_preview_SOURCES = tests/unit/test_compensate_preview.c $(unit_fixture)
tests_unit_test_compensate_preview_CFLAGS = $(unit_cflags)
tests_unit_test_compensate_preview_LDADD = $(unit_ldadd)

tests_unit_test_family_SOURCES = tests/unit/test_family.c $(unit_fixture)
tests_unit_test_family_CFLAGS = $(unit_cflags)
tests_unit_test_family_LDADD = $(unit_ldadd)

tests_unit_test_verify_SOURCES = tests/unit/test_verify.c $(unit_fixture)
tests_unit_test_verify_CFLAGS = $(unit_cflags)
tests_unit_test_verify_LDADD = $(unit_ldadd)

tests_unit_test_export_SOURCES = tests/unit/test_export.c $(unit_fixture)
tests_unit_test_export_CFLAGS = $(unit_cflags)
tests_unit_test_export_LDADD = $(unit_ldadd)

tests_unit_test_schema_SOURCES = tests/unit/test_schema.c $(unit_fixture)
tests_unit_test_schema_CFLAGS = $(unit_cflags)
tests_unit_test_schema_LDADD = $(unit_ldadd)

tests_unit_test_db_SOURCES = tests/unit/test_db.c $(unit_fixture)
tests_unit_test_db_CFLAGS = $(unit_cflags)
tests_unit_test_db_LDADD = $(unit_ldadd)

# Every object of core, not the archive: the statements of code that no
# test calls must be linked in too, for test_sql to prepare them.
tests_unit_test_sql_SOURCES = tests/unit/test_sql.c $(unit_fixture)
tests_unit_test_sql_CFLAGS = $(unit_cflags)
tests_unit_test_sql_LDADD = $(src_core_libjifencore_a_OBJECTS) $(unit_ldadd)

# The kiosk's script parser lives in src/tui but needs no terminal.
tests_unit_test_script_SOURCES = tests/unit/test_script.c
tests_unit_test_script_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/tui
tests_unit_test_script_CFLAGS = $(unit_cflags)
tests_unit_test_script_LDADD = src/tui/libjifentui.a $(unit_ldadd)

# The counter's typed text: names in UTF-8 (src/tui/counter.c).
tests_unit_test_text_field_SOURCES = tests/unit/test_text_field.c
tests_unit_test_text_field_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/tui
tests_unit_test_text_field_CFLAGS = $(unit_cflags) $(NCURSESW_CFLAGS)
tests_unit_test_text_field_LDADD = src/tui/libjifentui.a $(unit_ldadd) $(NCURSESW_LIBS)

# The reasons of core's refusals, and the kiosk's and the command line's
# words for them; the Chinese catalog is the one `make` compiles.
tests_unit_test_reason_SOURCES = tests/unit/test_reason.c $(unit_fixture) src/cli/reason.c
tests_unit_test_reason_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/tui -I$(top_srcdir)/src/cli \
	-DREASON_LOCALEDIR='"$(abs_top_builddir)/po/locale"'
tests_unit_test_reason_CFLAGS = $(unit_cflags) $(JANSSON_CFLAGS)
tests_unit_test_reason_LDADD = src/tui/libjifentui.a $(unit_ldadd) $(NCURSESW_LIBS)

# The counter's role check lives in src/tui but needs no terminal.
tests_unit_test_counter_may_SOURCES = tests/unit/test_counter_may.c $(unit_fixture)
tests_unit_test_counter_may_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/tui
tests_unit_test_counter_may_CFLAGS = $(unit_cflags)
tests_unit_test_counter_may_LDADD = src/tui/libjifentui.a $(unit_ldadd) $(NCURSESW_LIBS)

# The counter's one form: its keys, without a terminal (src/tui/counter_form.c).
tests_unit_test_counter_form_SOURCES = tests/unit/test_counter_form.c
tests_unit_test_counter_form_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/tui
tests_unit_test_counter_form_CFLAGS = $(unit_cflags) $(NCURSESW_CFLAGS)
tests_unit_test_counter_form_LDADD = src/tui/libjifentui.a $(unit_ldadd) $(NCURSESW_LIBS)

tests_unit_test_report_day_SOURCES = tests/unit/test_report_day.c $(unit_fixture)
tests_unit_test_report_day_CFLAGS = $(unit_cflags)
tests_unit_test_report_day_LDADD = $(unit_ldadd)
tests_unit_test_slip_SOURCES = tests/unit/test_slip.c $(unit_fixture)
tests_unit_test_slip_CFLAGS = $(unit_cflags)
tests_unit_test_slip_LDADD = $(unit_ldadd)
# The counter's purchase queue (src/core/queue.c): its own file, posted once.
tests_unit_test_queue_SOURCES = tests/unit/test_queue.c $(unit_fixture)
tests_unit_test_queue_CFLAGS = $(unit_cflags)
tests_unit_test_queue_LDADD = $(unit_ldadd)
tests_unit_test_offset_SOURCES = tests/unit/test_offset.c $(unit_fixture)
tests_unit_test_offset_CFLAGS = $(unit_cflags)
tests_unit_test_offset_LDADD = $(unit_ldadd)

tests_unit_test_refund_SOURCES = tests/unit/test_refund.c $(unit_fixture)
tests_unit_test_refund_CFLAGS = $(unit_cflags)
tests_unit_test_refund_LDADD = $(unit_ldadd)

tests_unit_test_lines_SOURCES = tests/unit/test_lines.c $(unit_fixture)
tests_unit_test_lines_CFLAGS = $(unit_cflags)
tests_unit_test_lines_LDADD = $(unit_ldadd)

tests_unit_test_game_SOURCES = tests/unit/test_game.c $(unit_fixture)
tests_unit_test_game_CFLAGS = $(unit_cflags)
tests_unit_test_game_LDADD = $(unit_ldadd)

tests_unit_test_spec_json_SOURCES = tests/unit/test_spec_json.c
tests_unit_test_spec_json_CFLAGS = $(unit_cflags)
tests_unit_test_spec_json_LDADD = $(unit_ldadd)

tests_unit_test_xalloc_SOURCES = tests/unit/test_xalloc.c
tests_unit_test_xalloc_CFLAGS = $(unit_cflags)
tests_unit_test_xalloc_LDADD = $(unit_ldadd)

tests_unit_test_task_SOURCES = tests/unit/test_task.c $(unit_fixture)
tests_unit_test_task_CFLAGS = $(unit_cflags)
tests_unit_test_task_LDADD = $(unit_ldadd)

# birthday gifts (birthday.h).
tests_unit_test_birthday_SOURCES = tests/unit/test_birthday.c $(unit_fixture)
tests_unit_test_birthday_CFLAGS = $(unit_cflags)
tests_unit_test_birthday_LDADD = $(unit_ldadd)
# the rules page's data (rules.h).
tests_unit_test_rules_SOURCES = tests/unit/test_rules.c $(unit_fixture)
tests_unit_test_rules_CFLAGS = $(unit_cflags)
tests_unit_test_rules_LDADD = $(unit_ldadd)
tests_unit_test_tier_SOURCES = tests/unit/test_tier.c $(unit_fixture)
tests_unit_test_tier_CFLAGS = $(unit_cflags)
tests_unit_test_tier_LDADD = $(unit_ldadd)
tests_unit_test_campaign_SOURCES = tests/unit/test_campaign.c $(unit_fixture)
tests_unit_test_campaign_CFLAGS = $(unit_cflags)
tests_unit_test_campaign_LDADD = $(unit_ldadd)
# One width rule for the command line and the kiosk (textwidth.h), and
# what a terminal can show (src/tui/caps.c, no terminal needed).
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_textwidth tests/unit/test_caps
TESTS += tests/unit/test_textwidth tests/unit/test_caps
endif
tests_unit_test_textwidth_SOURCES = tests/unit/test_textwidth.c
tests_unit_test_textwidth_CFLAGS = $(unit_cflags)
tests_unit_test_textwidth_LDADD = $(unit_ldadd)
tests_unit_test_caps_SOURCES = tests/unit/test_caps.c
tests_unit_test_caps_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/tui
tests_unit_test_caps_CFLAGS = $(unit_cflags) $(NCURSESW_CFLAGS)
tests_unit_test_caps_LDADD = src/tui/libjifentui.a $(unit_ldadd) $(NCURSESW_LIBS)
