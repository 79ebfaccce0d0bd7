#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot scripts: with lunatik.init=<name>[,<name>...] on the kernel command
# line, Lunatik runs each script in a process runtime when it starts (the
# lunatik module's init parameter; lunatik.ko runs them once it has
# loaded, after modprobe has returned). A script that cannot run is logged
# and the others still run. Expects
# lunatik.init=selftest_lunatik/hello,selftest_lunatik/missing,selftest_lunatik/once
# and skips without lunatik.init=. With Lunatik built in, the scripts must
# come from the initramfs.

source "$(dirname "$(readlink -f "$0")")"/lib.sh

ktap_print_header

init=$(tr ' ' '\n' </proc/cmdline | sed -n 's/^lunatik\.init=//p')
if [ -z "$init" ]; then
	ktap_skip_all "the kernel was started without lunatik.init="
	exit "$KSFT_SKIP"
fi
ktap_set_plan 4

s=$SCRIPTS
if [ "$(modinfo -F filename lunatik 2>/dev/null)" = "(builtin)" ]; then
	# the scripts came from the initramfs, at boot
	[ -d /sys/module/lunatik ]
	ktap_test_result "built-in Lunatik started with init=$init" test $? -eq 0
else
	modinfo lunatik >/dev/null 2>&1 || ktap_exit_fail_msg "lunatik.ko not found"
	unload_with_holders lunatik
	install_scripts
	# the module gets its init parameter from the command line
	modprobe lunatik
	ktap_test_result "lunatik.ko loads with init=$init" test $? -eq 0
fi

# whether each boot script runs, or was logged as one that did not start
settled() {
	local name

	for name in ${init//,/ }; do
		listed | grep -q "^$name " ||
			dmesg | grep -q "init: $name did not start" || return 1
	done
}

# lunatik.ko runs them from a work item: 20 s at most
for i in $(seq 100); do
	settled && break
	sleep 0.2
done

listed | grep -qx "$s/hello process" && listed | grep -qx "$s/once process"
ktap_test_result "the boot scripts run, in process runtimes, and list shows them" test $? -eq 0

dmesg | grep -q "init: $s/missing did not start" && ! listed | grep -q missing
ktap_test_result "a missing boot script is logged and the others still run" test $? -eq 0

lunatik stop $s/hello && lunatik stop $s/once && [ -z "$(listed)" ]
ktap_test_result "boot runtimes stop by name" test $? -eq 0

ktap_finished
