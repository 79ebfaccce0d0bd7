#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# probe, syscall and syscall.table against the real thing: a kprobe on
# sync(2), hit from user space, whose Lua handlers count the calls made;
# enable(false), stop, the register dump, a probe by address from
# syscall.table; the numbers of syscall against the kernel's uapi
# header; the errors of bad probes; a handler that never ends; and the
# spec's systrack example, whose counts grow.

source "$(dirname "$(readlink -f "$0")")"/lib.sh

ktap_print_header
ktap_set_plan 13

modprobe lunatik || ktap_exit_fail_msg "modprobe lunatik failed"
for m in lunatik_probe lunatik_syscall; do
	modinfo "$m" >/dev/null 2>&1 || { ktap_skip_all "no $m module"; exit "$KSFT_SKIP"; }
done
install_scripts
s=$SCRIPTS
dev=/dev/lunatik_probe
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
kprobes=/sys/kernel/debug/kprobes/list

syncs() {
	local i

	for i in $(seq "$1"); do sync; done
}

counts() {
	cat $dev
}

# p:stop() in a device callback unregisters from a workqueue
unprobed() {
	[ -r $kprobes ] && ! grep -q sys_sync $kprobes
}

lunatik run $s/probe && [ -c $dev ] && grep -q sys_sync $kprobes
ktap_test_result "probe.new() on __x64_sys_sync places a kprobe" test $? -eq 0

syncs 10
r=$(counts)
echo "# counts: $r"
[ "$r" = "10 10 __x64_sys_sync" ]
ktap_test_result "10 sync(2) calls: 10 pre and 10 post handler calls, given the symbol" \
	test $? -eq 0

echo disable >$dev && syncs 5 && r1=$(counts) &&
	echo enable >$dev && syncs 3 && r2=$(counts)
echo "# disabled: $r1; enabled again: $r2"
[ "$r1" = "10 10 __x64_sys_sync" ] && [ "$r2" = "13 13 __x64_sys_sync" ]
ktap_test_result "p:enable(false) stops the handlers, p:enable(true) resumes them" \
	test $? -eq 0

dmesg -C
echo show >$dev && sync
log=$(dmesg)
echo "$log" | grep "probe: RIP: \|RAX: \|Call Trace" | sed 's/^/# /'
echo "$log" | grep -q "probe: RIP: 0010:.*sys_sync" &&
	echo "$log" | grep -q "RAX: " && echo "$log" | grep -q "Call Trace"
ktap_test_result "the show function logs the registers at the probe and the stack" \
	test $? -eq 0

echo stop >$dev && syncs 3 && r=$(counts)
echo "# after stop: $r"
[ "$r" = "14 14 __x64_sys_sync" ] && wait_until 10 unprobed
ktap_test_result "p:stop() removes the kprobe: no handler call after it" test $? -eq 0

echo address >$dev && syncs 4 && r=$(counts)
grep sys_sync $kprobes | sed 's/^/# kprobe: /'
echo "# by address: $r"
[ "$r" = "18 18 sync's address" ]
ktap_test_result "a probe on syscall.table.sync counts sync(2), given the address" \
	test $? -eq 0
lunatik stop $s/probe
unprobed
ktap_test_result "stopping the script removes its probes" test $? -eq 0

consts=$(dirname "$(readlink -f "$0")")/lunatik_consts
repl_start
want=$("$consts" syscall | paste -sd ' ')
got=$(repl "local s = require('syscall') local t = {} for _, n in ipairs({'clone3', 'close', 'exit_group', 'getppid', 'io_uring_setup', 'mseal', 'open', 'openat', 'read', 'readv', 'sync', 'write', 'writev'}) do t[#t + 1] = n .. '=' .. s.number(n) end return table.concat(t, ' ')")
r=$(repl "local s, t = require('syscall'), require('syscall.table') local n = 0 for name, a in pairs(t) do assert(s.address(s.number(name)) == a, name) n = n + 1 end return n > 300, s.number('nosuchcall')")
echo "# uapi: $want"
[ "$got" = "$want" ] && [ "$r" = "true	nil" ]
ktap_test_result "syscall.number() matches <asm/unistd.h>; syscall.table matches syscall.address()" \
	test $? -eq 0

r1=$(repl "return pcall(require('probe').new, 'lunatik_no_such_symbol', {pre = print})")
r2=$(repl "return pcall(require('probe').new, '__x64_sys_sync', {})")
r3=$(repl "return pcall(require('syscall').address, -1)")
[ "$r1" = "false	probe.new: cannot probe lunatik_no_such_symbol: no such symbol (-2)" ] &&
	[[ "$r2" == *"no handler: give pre, post or both"* ]] &&
	[[ "$r3" == *"no such system call number"* ]]
ktap_test_result "a missing symbol, no handler, a bad number: clear Lua errors" test $? -eq 0

dmesg -C
r=$(repl "p = require('probe').new('__x64_sys_sync', {pre = function() while true do end end}) return true")
sync
r2=$(repl "p:stop() return 'stopped'")
dmesg | grep -q "probe: pre: .*instruction budget exceeded" && [ "$r2" = "stopped" ]
ktap_test_result "a handler that never ends is cut at the budget; the runtime goes on" \
	test $? -eq 0

# the handler runs in hardirq context: the stop is left to a workqueue
r=$(repl "c = require('lunatik').runtime('$s/hello') p = require('probe').new('__x64_sys_sync', {pre = function() if c then c:stop() stopped, c = c, nil end end}) return true")
sync
r2=$(repl "p:stop() return stopped ~= nil, pcall(stopped.resume, stopped)")
[[ "$r2" == "true	false	"*"released"* ]]
ktap_test_result "runtime:stop() in a probe handler stops the runtime later, without sleeping" \
	test $? -eq 0

repl_stop

lunatik run $s/probeself && for _ in 1 2 3 4 5; do cat /dev/lunatik_probeself >/dev/null; done &&
	n=$(cat /dev/lunatik_probeself) && lunatik stop $s/probeself &&
	r=$(echo "return 'alive'" | lunatik 2>&1)
echo "# handler calls: $n; then: $r"
[ "${n:-0}" -gt 0 ] && [ "$r" = "alive" ]
ktap_test_result "a probe on a function its own handler calls neither recurses nor wedges" \
	test $? -eq 0

lunatik run examples/systrack && [ -c /dev/systrack ] &&
	a=$(awk '$1 == "openat:" { print $2 }' /dev/systrack) &&
	cat /dev/null /dev/null /dev/null &&
	b=$(awk '$1 == "openat:" { print $2 }' /dev/systrack)
echo "# systrack openat: $a, then $b"
cat /dev/systrack | sed 's/^/# /'
[ -n "$a" ] && [ "$b" -ge $((a + 4)) ] &&
	[ "$(cut -d: -f1 /dev/systrack | tr '\n' ' ')" = "openat read write readv writev close " ]
ktap_test_result "examples/systrack: cat /dev/systrack shows counts that grow" test $? -eq 0
lunatik stop examples/systrack

ktap_finished
