#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lua.ko: loads, exports the Lua C API, runs Lua for a module that uses it
# (samples/lua/lua_eval.ko), refuses to go while in use, and unloads.

source "$(dirname "$(readlink -f "$0")")"/lib.sh

ktap_print_header
ktap_set_plan 7

loaded() {
	[ -d "/sys/module/$1" ] && [ "$(cat "/sys/module/$1/initstate" 2>/dev/null)" = live ]
}

# the kernel log since the mark, to find what a module printed
kmsg_mark() {
	mark=$(dmesg | wc -l)
}
kmsg_since_mark() {
	dmesg | tail -n +"$((mark + 1))"
}

require_module lua

unload_with_holders lua

modprobe lua && loaded lua
ktap_test_result "lua.ko loads" test $? -eq 0

grep -qE ' lua_newstate[[:space:]]+\[lua\]' /proc/kallsyms &&
	grep -qE ' luaL_loadbufferx[[:space:]]+\[lua\]' /proc/kallsyms
ktap_test_result "lua.ko exports the Lua C API" test $? -eq 0

if ! modinfo lua_eval >/dev/null 2>&1; then
	ktap_test_skip_why "a module runs Lua chunks through lua.ko" "no lua_eval.ko (CONFIG_SAMPLE_LUA)"
	ktap_test_skip_why "lua.ko cannot be removed while a user holds it" "no lua_eval.ko"
	ktap_test_skip_why "a failing chunk fails the module load with the Lua error" "no lua_eval.ko"
else
	kmsg_mark
	modprobe lua_eval chunk='return 6 * 7, ("ab"):rep(3, "-"), _VERSION'
	ret=$?
	out=$(kmsg_since_mark)
	echo "$out" | sed 's/^/# /'
	[ $ret -eq 0 ] && echo "$out" | grep -q 'lua_eval: 1: 42$' &&
		echo "$out" | grep -q 'lua_eval: 2: ab-ab-ab$' &&
		echo "$out" | grep -q 'lua_eval: 3: Lua 5.4-kernel$'
	ktap_test_result "a module runs Lua chunks through lua.ko" test $? -eq 0

	! rmmod lua 2>/dev/null && loaded lua
	ktap_test_result "lua.ko cannot be removed while a user holds it" test $? -eq 0
	rmmod lua_eval

	kmsg_mark
	err=$(modprobe lua_eval chunk='local t = nil; return t.field' 2>&1)
	ret=$?
	out=$(kmsg_since_mark)
	echo "$out" | sed 's/^/# /'
	[ $ret -ne 0 ] && echo "$err" | grep -q 'Invalid argument' &&
		echo "$out" | grep -q "chunk:1: attempt to index a nil value (local 't')" &&
		! loaded lua_eval
	ktap_test_result "a failing chunk fails the module load with the Lua error" test $? -eq 0
fi

rmmod lua && [ ! -d /sys/module/lua ]
ktap_test_result "lua.ko unloads" test $? -eq 0

ok=0
for i in $(seq 20); do
	modprobe lua && rmmod lua || break
	ok=$i
done
ktap_test_result "lua.ko loads and unloads 20 times in a row" test "$ok" -eq 20

ktap_finished
