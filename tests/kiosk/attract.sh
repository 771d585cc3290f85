#!/bin/sh
# The attract screen, whole, in English and in Chinese, at 80x24 and at
# 132x43; the language switched by the arrow keys and by a touch; redrawn on
# resize; and a clear message instead of a layout when the terminal is
# smaller than 80x24.
. "$(dirname "$0")/lib.sh"

start_kiosk 80 24
expect_screen attract-en-80x24
keys Right
expect_screen attract-zh-80x24
keys Left
expect_screen attract-en-80x24

# A touch on a language's name switches to it.
click '( ) 中文'
expect_screen attract-zh-80x24
click '( ) English'
expect_screen attract-en-80x24

# More room: the same screen, centred in it.
tm resize-window -t kiosk -x 132 -y 43
expect_screen attract-en-132x43
keys Right
expect_screen attract-zh-132x43

# Too small for the layout: it says so, in the language of the moment...
tm resize-window -t kiosk -x 79 -y 24
wait_for '屏幕太小：自助终端至少需要 80 列、24 行，当前为 79 列、24 行。'
keys Left # ignored: nothing on the screen to act on
tm resize-window -t kiosk -x 80 -y 23
wait_for '当前为 80 列、23 行。'
# ...and comes back whole when there is room again.
tm resize-window -t kiosk -x 80 -y 24
expect_screen attract-zh-80x24

# The kiosk starts in the language of the environment.
KIOSK_LANGUAGE=zh_CN
start_kiosk 80 24
expect_screen attract-zh-80x24

# A terminal without colour (a VT100) shows the same screen: nothing
# depends on colour alone.
KIOSK_TERM=vt100
start_kiosk 80 24
expect_screen attract-zh-80x24
keys Left
expect_screen attract-en-80x24
finish
