#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Kernel events entering a process runtime from two contexts at once: a
# device read by four readers (process context, owning the runtime) and
# an hrtimer hook (hardirq context, run at once or queued for the owner).
# Every timer event is accounted for: run by the script, or dropped and
# counted by "lunatik list". Then the runtime stops while the timer
# fires; and a softirq runtime refuses the hardirq hook.

source "$(dirname "$(readlink -f "$0")")"/lib.sh

ktap_print_header
ktap_set_plan 5

modprobe lunatik || ktap_exit_fail_msg "modprobe lunatik failed"
if ! modinfo lunatik_testhook >/dev/null 2>&1; then
	ktap_skip_all "no lunatik_testhook module (CONFIG_LUNATIK_KUNIT_TEST=m)"
	exit "$KSFT_SKIP"
fi
install_scripts
s=$SCRIPTS
dev=/dev/lunatik_hooks

# one read of the device by the shell itself (no process to start): it
# reads byte by byte, so the device answers once with its first byte and
# once with the end of file; fails when the open or the read fails
readdev() {
	local x=

	read -r -d '' x <$dev
	[ -n "$x" ]
}

# four readers, each reading the device $1 times
hammer() {
	local pids=() i

	for i in 1 2 3 4; do
		(for _ in $(seq "$1"); do readdev || exit 1; done) &
		pids+=($!)
	done
	for i in "${pids[@]}"; do
		wait "$i" || return 1
	done
}

lunatik run $s/hooks && [ -c $dev ]
ktap_test_result "a process runtime with a device and a hardirq timer hook runs" test $? -eq 0

hammer 200
ktap_test_result "800 reads while the timer fires: every read succeeds" test $? -eq 0

echo stop >$dev
# the first read after the stop runs what was still queued at its release
cat $dev >/dev/null
read -r ticks ran queued dropped refused called sum <$dev
drops=$(lunatik list | awk -v s="$s/hooks" '$1 == s { print $7 }')
echo "# callbacks $ticks; timer calls: $ran at once, $queued queued, $dropped dropped," \
	"$refused refused; callbacks run $called; runtime drops $drops"
[ "$ticks" = "$called" ] && [ "$ran" -gt 0 ] && [ "$queued" -gt 0 ] &&
	[ "$drops" -eq $((dropped + ran + queued - called)) ]
ktap_test_result "timer events ran at once and from the backlog; the rest are counted drops" \
	test $? -eq 0

# stop the runtime while the timer fires and readers read
lunatik stop $s/hooks
lunatik run $s/hooks || ktap_exit_fail_msg "cannot run $s/hooks again"
(for _ in $(seq 50); do readdev 2>/dev/null; done) &
reader=$!
lunatik stop $s/hooks
wait $reader
[ ! -e $dev ] && [ -z "$(lunatik list | awk -v s="$s/hooks" '$1 == s')" ]
ktap_test_result "stopping the runtime while the timer fires and a reader reads" test $? -eq 0

expect 1 "testhook: no hardirq hooks in a softirq runtime" \
	lunatik run $s/hooks false && [ ! -e $dev ]
ktap_test_result "a softirq runtime refuses a hardirq hook" test $? -eq 0

ktap_finished
