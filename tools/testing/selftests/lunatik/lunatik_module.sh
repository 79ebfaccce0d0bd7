#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lunatik.ko: loads and unloads; its C API serves a real device: the
# sample mydevice.ko answers reads of /dev/mydevice with what the Lua
# script /lib/modules/lua/mydevice.lua returns.

source "$(dirname "$(readlink -f "$0")")"/lib.sh

ktap_print_header
ktap_set_plan 5

require_module lunatik

unload_with_holders lunatik

modprobe lunatik && [ -d /sys/module/lunatik ] && [ -d /sys/module/lua ]
ktap_test_result "lunatik.ko loads, with lua.ko" test $? -eq 0

rmmod lunatik && [ ! -d /sys/module/lunatik ]
ktap_test_result "lunatik.ko unloads" test $? -eq 0

if ! modinfo mydevice >/dev/null 2>&1; then
	ktap_test_skip_why "a device read is answered by the Lua script" "no mydevice.ko (CONFIG_SAMPLE_LUNATIK)"
	ktap_test_skip_why "the device goes away with its module" "no mydevice.ko"
	ktap_test_skip_why "lunatik.ko unloads after its user" "no mydevice.ko"
else
	modprobe mydevice
	out=$(head -c 2 /dev/mydevice 2>&1)
	echo "# /dev/mydevice: $out"
	[ "$out" = 42 ]
	ktap_test_result "a device read is answered by the Lua script" test $? -eq 0

	rmmod mydevice && [ ! -e /dev/mydevice ]
	ktap_test_result "the device goes away with its module" test $? -eq 0

	rmmod lunatik && [ ! -d /sys/module/lunatik ]
	ktap_test_result "lunatik.ko unloads after its user" test $? -eq 0
fi

ktap_finished
