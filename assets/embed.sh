#!/bin/sh
# embed.sh NAME FILE: print a C file defining `const char NAME[]` with FILE's
# bytes, so data in assets/ can be built into the program.
set -e
name=$1
file=$2
echo "/* Generated from $(basename "$file") by assets/embed.sh; do not edit. */"
echo "const char $name[] = {"
od -An -v -tx1 "$file" | sed -e 's/ \([0-9a-f][0-9a-f]\)/0x\1, /g' -e 's/^/\t/'
echo "	0x00"
echo "};"
