#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The lunatik tool against the kernel's "lunatik" netlink family: run,
# list, stop and spawn runtimes, the errors a user sees, permissions,
# concurrent clients, and a script whose body takes long: nobody waits for
# it. unload stops the runtimes first; run and the REPL load lunatik.ko
# when it is not loaded. (stress.sh runs many more cycles from one process: here each command
# is a process, which costs most of the time.)

source "$(dirname "$(readlink -f "$0")")"/lib.sh

ktap_print_header
ktap_set_plan 22

require_module lunatik
modprobe lunatik || ktap_exit_fail_msg "modprobe lunatik failed"
install_scripts
s=$SCRIPTS

lunatik run $s/hello && listed | grep -qx "$s/hello process"
ktap_test_result "run starts a process runtime that list shows" test $? -eq 0

expect 1 "$s/hello: already running" lunatik run $s/hello
ktap_test_result "a second run of the same script fails: already running" test $? -eq 0

lunatik stop $s/hello && ! listed | grep -q "^$s/hello "
ktap_test_result "stop ends the runtime and list no longer shows it" test $? -eq 0

expect 1 "$s/hello: no such runtime" lunatik stop $s/hello
ktap_test_result "stop of an unknown name fails: no such runtime" test $? -eq 0

expect 1 "$s/syntax.lua:4:" lunatik run $s/syntax && ! listed | grep -q syntax
ktap_test_result "a syntax error is reported with file:line and leaves nothing" test $? -eq 0

expect 1 "cannot open" lunatik run $s/missing && ! listed | grep -q missing
ktap_test_result "a missing script is reported and leaves nothing" test $? -eq 0

lunatik run $s/hello false && listed | grep -qx "$s/hello softirq" && lunatik stop $s/hello
ktap_test_result "run <script> false starts a softirq runtime" test $? -eq 0

thread_of() {
	lunatik list | awk -v s="$1" '$1 == s { print $6 }'
}
# a thread that exists and has not exited
alive() {
	[ -n "$1" ] && [ "$1" != - ] && grep -q '^State:[[:space:]]*[RSD]' /proc/"$1"/status 2>/dev/null
}

# the kernel log has what the thread printed, once it has run
printed() {
	local i

	for i in $(seq 100); do
		dmesg | grep -q "$1" && return 0
		sleep 0.1
	done
	return 1
}

lunatik spawn $s/once && listed | grep -qx "$s/once process" &&
	printed "selftest_lunatik: the spawned function ran" && lunatik stop $s/once
ktap_test_result "spawn runs the script's function in a kernel thread" test $? -eq 0

lunatik spawn $s/forever && pid=$(thread_of $s/forever) && alive "$pid" &&
	lunatik stop $s/forever && ! alive "$pid"
ktap_test_result "stop ends a spawned thread that never returns" test $? -eq 0

expect 1 "no function to run" lunatik spawn $s/hello && ! listed | grep -q hello
ktap_test_result "spawn of a script that returns no function fails" test $? -eq 0

if ! command -v setpriv >/dev/null; then
	ktap_test_skip_why "an unprivileged user gets a permission error" "no setpriv"
else
	expect 1 "CAP_SYS_ADMIN" setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$(dirname "$(readlink -f "$0")")"/lunatik run $s/hello &&
		! listed | grep -q hello
	ktap_test_result "an unprivileged user gets a permission error" test $? -eq 0
fi

expect 1 "" lunatik run ../x && expect 1 "" lunatik run /etc/passwd
ktap_test_result "names with .. or a leading / are refused" test $? -eq 0

lunatik --help | grep -q "^Usage: lunatik" && ! lunatik frobnicate 2>/dev/null &&
	! lunatik run 2>/dev/null
ktap_test_result "--help succeeds; a bad command line fails" test $? -eq 0

# load, unload, reload and status manage the module
lunatik status | grep -q "Lunatik is loaded" && lunatik unload && [ ! -d /sys/module/lunatik ] &&
	! lunatik status >/dev/null && lunatik load && [ -d /sys/module/lunatik ] &&
	lunatik reload && lunatik status | grep -q "Lunatik is loaded"
ktap_test_result "load, unload, reload and status manage lunatik.ko" test $? -eq 0

# unload with scripts running, as the dnsdoctor example's cleanup does: a
# spawned thread that never returns, and a device whose runtime holds the
# modules of its bindings, which modprobe -r alone would find in use
unload_running="unload stops the runtimes (a thread, a device), then unloads"
if ! modinfo lunatik_device >/dev/null 2>&1 || ! modinfo lunatik_linux >/dev/null 2>&1; then
	ktap_test_skip_why "$unload_running" "no lunatik_device or lunatik_linux"
else
	lunatik spawn $s/forever && pid=$(thread_of $s/forever) && alive "$pid" &&
		lunatik run $s/echodev && [ -c /dev/lunatik_echo ] &&
		lunatik unload && [ ! -d /sys/module/lunatik ] &&
		[ ! -e /dev/lunatik_echo ] && ! alive "$pid" &&
		lunatik load && [ -d /sys/module/lunatik ] && [ -z "$(listed)" ]
	ktap_test_result "$unload_running" test $? -eq 0
	# what a failed unload left
	lunatik stop $s/forever 2>/dev/null
	lunatik stop $s/echodev 2>/dev/null
	modprobe lunatik
fi

# not loaded, lunatik.ko is loaded by the kernel when the tool asks for
# the "lunatik" netlink family (its module alias)
unload_with_holders lunatik
[ ! -d /sys/module/lunatik ] && lunatik run $s/hello && [ -d /sys/module/lunatik ] &&
	listed | grep -qx "$s/hello process" && lunatik stop $s/hello
ktap_test_result "run loads lunatik.ko when it is not loaded" test $? -eq 0
lunatik stop $s/hello 2>/dev/null

unload_with_holders lunatik
[ ! -d /sys/module/lunatik ]
unloaded=$?
out=$(echo 'return 42' | lunatik 2>&1)
echo "# unloaded: $unloaded (0: yes); echo 'return 42' | lunatik: $out"
[ $unloaded -eq 0 ] && [ "$out" = 42 ] && [ -d /sys/module/lunatik ]
ktap_test_result "the REPL loads lunatik.ko when it is not loaded" test $? -eq 0
modprobe lunatik

clients=8
for c in $(seq $clients); do
	cp /lib/modules/lua/$s/hello.lua /lib/modules/lua/$s/client$c.lua
	(
		for i in $(seq 5); do
			lunatik run $s/client$c false && lunatik list >/dev/null &&
				lunatik stop $s/client$c || exit 1
		done
	) &
done
failed=0
for c in $(seq $clients); do
	wait -n || failed=$((failed + 1))
done
echo "# $clients clients x 5 cycles: $failed failed"
[ $failed -eq 0 ] && [ -z "$(listed)" ]
ktap_test_result "$clients concurrent clients" test $? -eq 0

# a runtime is "starting" while its script's body runs: scripts/sleeper.lua
# says so in the kernel log, then sleeps until its client gets a signal.
# Meanwhile list, a second run and a stop answer at once, without waiting
# for the body. A SIGSTOP then ends the body's sleep (a pending signal ends
# an interruptible sleep at once, so it cannot come too early) and a
# SIGCONT lets the client go on to its answer.
starting=(
	"list does not wait for a script still starting, nor shows it"
	"a second run of a script still starting fails: already running"
	"stop of a script still starting fails: still starting"
	"the run of a slow script ends with its body, then list shows it"
)
if ! modinfo lunatik_linux >/dev/null 2>&1; then
	for t in "${starting[@]}"; do
		ktap_test_skip_why "$t" "no lunatik_linux (CONFIG_LUNATIK_LINUX)"
	done
else
	# wait, 10 s at most, until the kernel log has $1 more than $2 times
	logged_more() {
		local i

		for i in $(seq 100); do
			[ "$(dmesg | grep -c -- "$1")" -gt "$2" ] && return 0
			sleep 0.1
		done
		return 1
	}
	now_ms() {
		echo $(($(date +%s%N) / 1000000))
	}

	sleeper=$s/sleeper
	before=$(dmesg | grep -c "sleeper starting")
	"$(lunatik_tool)" run $sleeper &
	runpid=$!
	logged_more "sleeper starting" "$before"
	started=$?
	t0=$(now_ms)
	out=$(lunatik list)
	ms=$(($(now_ms) - t0))
	echo "# list took $ms ms, the body sleeps until signalled"
	awk '{ print "# list: " $0 }' <<<"$out"
	[ $started -eq 0 ] && alive $runpid && ! grep -q sleeper <<<"$out"
	ktap_test_result "${starting[0]}" test $? -eq 0

	[ $started -eq 0 ] && expect 1 "$sleeper: already running" lunatik run $sleeper &&
		alive $runpid
	ktap_test_result "${starting[1]}" test $? -eq 0

	[ $started -eq 0 ] && expect 1 "$sleeper: still starting" lunatik stop $sleeper &&
		alive $runpid
	ktap_test_result "${starting[2]}" test $? -eq 0

	# SIGCONT discards a SIGSTOP still pending: send it once stopped
	kill -STOP $runpid
	for i in $(seq 100); do
		grep -q '^State:[[:space:]]*T' /proc/$runpid/status && break
		sleep 0.1
	done
	kill -CONT $runpid
	wait $runpid && logged_more "sleeper woken early" 0 &&
		listed | grep -qx "$sleeper process" && lunatik stop $sleeper &&
		! listed | grep -q sleeper
	ktap_test_result "${starting[3]}" test $? -eq 0
	lunatik stop $sleeper 2>/dev/null
fi

ktap_finished
