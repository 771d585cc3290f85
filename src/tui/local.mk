# src/tui: the kiosk's screens (see src/tui/screen.h), the only code that
# includes curses. A library of its own so that only these files get the
# curses flags and the catalogs' directory; src/jifen links it.
noinst_LIBRARIES += src/tui/libjifentui.a
src_tui_libjifentui_a_SOURCES = \
	src/tui/kiosk.c src/tui/kiosk.h \
	src/tui/fault.c src/tui/fault.h \
	src/tui/curses.h \
	src/tui/screen.h \
	src/tui/request.c src/tui/request.h \
	src/tui/input.c src/tui/input.h \
	src/tui/scan.c src/tui/scan.h \
	src/tui/timer.c src/tui/timer.h \
	src/tui/draw.c src/tui/draw.h \
	src/tui/widget.c src/tui/widget.h \
	src/tui/pin.c src/tui/pin.h \
	src/tui/confirm.c src/tui/confirm.h \
	src/tui/reason.c src/tui/reason.h \
	src/tui/i18n.c src/tui/i18n.h \
	src/tui/script.c src/tui/script.h \
	src/tui/dump.c src/tui/dump.h \
	src/tui/screen_attract.c \
	src/tui/screen_login.c \
	src/tui/screen_home.c \
	src/tui/screen_balance.c \
	src/tui/screen_catalog.c \
	src/tui/screen_item.c \
	src/tui/screen_voucher.c \
	src/tui/screen_vouchers.c \
	src/tui/screen_family.c \
	src/tui/mode_member.c \
	src/tui/counter.c src/tui/counter.h \
	src/tui/counter_form.c src/tui/counter_form.h \
	src/tui/mode_counter.c \
	src/tui/screen_counter_start.c \
	src/tui/screen_counter.c \
	src/tui/screen_counter_member.c \
	src/tui/screen_counter_voucher.c \
	src/tui/screen_counter_earn.c \
	src/tui/screen_counter_reverse.c \
	src/tui/counter_slip.c \
	src/tui/counter_slip.h \
	src/tui/counter_offline.c src/tui/counter_offline.h \
	src/tui/screen_counter_offset.c \
	src/tui/screen_counter_return.c \
	src/tui/screen_counter_desk.c \
	src/tui/screen_counter_family.c \
	src/tui/screen_counter_manager.c \
	src/tui/screen_counter_shift.c \
	src/tui/screen_counter_lines.c \
	src/tui/screen_counter_queue.c \
	src/tui/screen_badges.c \
	src/tui/screen_survey.c \
	src/tui/screen_review.c \
	src/tui/game_words.c src/tui/game_words.h \
	src/tui/screen_games.c \
	src/tui/screen_game_rules.c \
	src/tui/screen_scratch.c \
	src/tui/screen_wheel.c \
	src/tui/screen_rules.c src/tui/gift_words.h \
	src/tui/screen_counter_games.c \
	src/tui/campaign_words.c src/tui/campaign_words.h \
	src/tui/screen_gift.c \
	src/tui/caps.c src/tui/caps.h
src_tui_libjifentui_a_CPPFLAGS = $(AM_CPPFLAGS) -DLOCALEDIR='"$(localedir)"'
src_tui_libjifentui_a_CFLAGS = $(AM_CFLAGS) $(NCURSESW_CFLAGS)
