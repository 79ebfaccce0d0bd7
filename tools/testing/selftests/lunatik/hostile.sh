#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Scripts that misbehave against the kernel: a callback that opens its
# own device, a reader waiting for a busy runtime, a REPL killed with a
# finalizer that never ends, a runtime that stops its own thread, memory
# that Lua shrinks. Each ends in a Lua error or a killable wait, and the
# kernel stays up.

source "$(dirname "$(readlink -f "$0")")"/lib.sh

ktap_print_header
ktap_set_plan 6

modprobe lunatik || ktap_exit_fail_msg "modprobe lunatik failed"
install_scripts
s=$SCRIPTS

# waits up to $1 tenths of a second for the command in the rest to succeed
poll() {
	local n=$1

	shift
	while ! "$@"; do
		n=$((n - 1))
		[ $n -gt 0 ] || return 1
		sleep 0.1
	done
}

# the state letter of process $1 (R, S, D...), empty once it is gone
state() {
	sed -n 's/^[0-9]* ([^)]*) \(.\).*/\1/p' "/proc/$1/stat" 2>/dev/null
}

gone() {
	[ -z "$(state "$1")" ] || [ "$(state "$1")" = Z ]
}

# 1. scripts open regular files only: no open of the device whose
# callback is loading, which would wait for the runtime it holds
lunatik run $s/selfload
out=$(timeout 30 head -c 200 /dev/lunatik_selfload)
echo "# read: $out"
[ "$out" = "cannot open /dev/lunatik_selfload: Not a regular file|nil|refused" ]
ktap_test_result "loadfile, package.searchpath and require refuse a device (the callback's own)" \
	test $? -eq 0
lunatik stop $s/selfload

# 2. a reader waiting for a busy process runtime dies on SIGKILL
lunatik spawn $s/busy
cat /dev/lunatik_busy >/dev/null 2>&1 &
reader=$!
poll 100 test "$(state $reader)" = D
echo "# reader $reader waits in state $(state $reader)"
kill -9 $reader
poll 100 gone $reader
ok=$?
wait $reader 2>/dev/null
lunatik stop $s/busy
ktap_test_result "a reader waiting for a busy runtime ends on SIGKILL" test $ok -eq 0

# 3. a REPL killed with an endless finalizer: its state closes anyway
repl_start
r=$(repl 'keep = setmetatable({}, {__gc = function() while true do end end}) return "armed"')
kill -9 "$REPL_PID"
poll 300 gone "$REPL_PID"
ok=$?
wait "$REPL_PID" 2>/dev/null
[ "$r" = armed ] && [ $ok -eq 0 ]
ktap_test_result "a REPL killed with a finalizer that never ends exits" test $? -eq 0

# 4. a runtime stopping its own thread gets an error, not a deadlock
if present lunatik_thread || modinfo lunatik_thread >/dev/null 2>&1; then
	timeout 60 "$(lunatik_tool)" run $s/stopown
	ok=$?
	dmesg | grep "stopown: " | tail -1 | sed 's/^/# /'
	dmesg | grep "stopown: " | tail -1 |
		grep -q "thread:stop: cannot stop a thread from its own runtime" && [ $ok -eq 0 ]
	ktap_test_result "a runtime stopping its own thread gets an error" test $? -eq 0
	lunatik stop $s/stopown
else
	ktap_test_skip_why "a runtime stopping its own thread gets an error" "no lunatik_thread"
fi

# 5. memory that Lua shrinks is given back, or counted
vmalloc() {
	awk '$1 == "VmallocUsed:" { print $2 }' /proc/meminfo
}
before=$(vmalloc)
lunatik run $s/shrink
after=$(vmalloc)
echo "# VmallocUsed: $before kB, then $after kB"
lunatik list | sed 's/^/# /'
[ $((after - before)) -lt 16384 ]
ktap_test_result "6 tables grown to 8 MiB and shrunk hold less than 16 MiB" test $? -eq 0
lunatik stop $s/shrink

# 6. nothing above left the kernel tainted or a task hung
! dmesg | grep -qE "BUG:|WARNING:|hung_task|blocked for more than"
ktap_test_result "no BUG, WARNING or hung task in the kernel log" test $? -eq 0

ktap_finished
