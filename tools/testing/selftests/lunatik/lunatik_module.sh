#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lunatik.ko: loads and unloads; its C API serves a real device: the
# sample mydevice.ko answers reads of /dev/mydevice with what the Lua
# script /lib/modules/lua/mydevice.lua returns. Its budget and quota
# parameters refuse what would be no limit; its boot scripts (the init
# parameter) run once it has loaded, so they can require modular bindings.

source "$(dirname "$(readlink -f "$0")")"/lib.sh

ktap_print_header
ktap_set_plan 13

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

# the parameters: a budget outside 1..INT_MAX or a quota of 0 would turn
# the limit off
p=/sys/module/lunatik/parameters
unload_with_holders lunatik
! modprobe lunatik budget=0 2>/dev/null && [ ! -d /sys/module/lunatik ]
ktap_test_result "lunatik.ko does not load with budget=0" test $? -eq 0

modprobe lunatik || ktap_exit_fail_msg "modprobe lunatik failed"
budget=$(cat $p/budget)
quota=$(cat $p/quota)

# write $2 to the parameter $1: whether it was taken
setparam() {
	echo "$2" 2>/dev/null >"$p/$1"
}

refused=0
for v in 0 2147483648 4294967295; do
	if setparam budget $v; then
		echo "# budget=$v was taken"
	else
		refused=$((refused + 1))
	fi
done
echo "# budget: $(cat $p/budget), was $budget"
[ $refused -eq 3 ] && [ "$(cat $p/budget)" = "$budget" ]
ktap_test_result "budget refuses 0, 2147483648 and 4294967295 and keeps its value" test $? -eq 0

setparam budget 1000 && [ "$(cat $p/budget)" = 1000 ] &&
	setparam budget 2147483647 && [ "$(cat $p/budget)" = 2147483647 ]
ktap_test_result "budget takes 1000 and 2147483647" test $? -eq 0
setparam budget "$budget"

! setparam quota 0 && [ "$(cat $p/quota)" = "$quota" ] &&
	setparam quota 1048576 && [ "$(cat $p/quota)" = 1048576 ]
ktap_test_result "quota refuses 0 and keeps its value; takes 1048576" test $? -eq 0
setparam quota "$quota"

# the kernel module of Documentation/lunatik/c-api.rst, loaded by require()
if ! modinfo lunatik_mydev >/dev/null 2>&1; then
	ktap_test_skip_why "require(\"mydev\") loads the sample lunatik_mydev.ko" \
		"no lunatik_mydev.ko (CONFIG_SAMPLE_LUNATIK)"
else
	modprobe lunatik
	r=$(echo "return require('mydev').answer()" | lunatik 2>&1)
	echo "# mydev.answer(): $r"
	[ "$r" = 42 ] && present lunatik_mydev
	ktap_test_result "require(\"mydev\") loads the sample lunatik_mydev.ko" test $? -eq 0
fi

# boot scripts: scripts/bootlinux.lua requires "linux", whose module needs
# lunatik.ko's symbols: it can only load once lunatik.ko has loaded
install_scripts
s=$SCRIPTS
if ! modinfo lunatik_linux >/dev/null 2>&1; then
	ktap_test_skip_why "a boot script of lunatik.ko requires a modular binding" \
		"no lunatik_linux (CONFIG_LUNATIK_LINUX)"
	ktap_test_skip_why "the boot script ran with its binding: no module not found" \
		"no lunatik_linux"
else
	# lunatik_linux holds lunatik: it goes too
	unload_with_holders lunatik
	line="selftest_lunatik: bootlinux has linux.time number"
	notfound=$(dmesg | grep -c "not found")
	ran=$(dmesg | grep -c "$line")
	modprobe lunatik init=$s/bootlinux
	loaded=$?
	# the script runs after modprobe has returned: 20 s at most
	for i in $(seq 100); do
		listed | grep -qx "$s/bootlinux process" && break
		sleep 0.2
	done
	listed | grep -qx "$s/bootlinux process"
	shown=$?
	echo "# modprobe: exit $loaded; after $i polls, listed: $shown (0: yes)"
	[ $loaded -eq 0 ] && [ $shown -eq 0 ] && [ -d /sys/module/lunatik_linux ]
	ktap_test_result "a boot script of lunatik.ko requires a modular binding" test $? -eq 0

	dmesg | grep "not found" | tail -n +$((notfound + 1)) | sed 's/^/# /'
	[ "$(dmesg | grep -c "$line")" -gt "$ran" ] &&
		[ "$(dmesg | grep -c "not found")" -eq "$notfound" ]
	ktap_test_result "the boot script ran with its binding: no module not found" test $? -eq 0
	lunatik stop $s/bootlinux
fi

# the module goes while its boot script may be starting: its exit waits
# for the boot scripts' work, or cancels it
unload_with_holders lunatik
modprobe lunatik init=$s/hello && rmmod lunatik && [ ! -d /sys/module/lunatik ]
ktap_test_result "lunatik.ko unloads right after loading with a boot script" test $? -eq 0

ktap_finished
