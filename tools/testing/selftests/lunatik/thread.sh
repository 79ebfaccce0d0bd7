#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The "thread" Lua module, driven from the REPL: kernel threads running a
# runtime's function, stopped while they spin, while they wait, after they
# finished, and with their runtime; the completion interrupted by a stop;
# a function that a resume returned, run by the thread and the next
# resume; and the examples/ticker sample, a thread and a device together.

source "$(dirname "$(readlink -f "$0")")"/lib.sh

ktap_print_header
ktap_set_plan 14

modprobe lunatik || ktap_exit_fail_msg "modprobe lunatik failed"
install_scripts
s=$SCRIPTS

# the PIDs of the live threads named $1
threads() {
	local f comm

	for f in /proc/[0-9]*/comm; do
		read -r comm <"$f" 2>/dev/null && [ "$comm" = "$1" ] &&
			{ f=${f%/comm}; echo "${f#/proc/}"; }
	done
}

require_binding lunatik_thread
repl_start
r=$(repl 'thread = require("thread") lunatik = require("lunatik") return "ok"')
[ "$r" = ok ] && present lunatik_thread
ktap_test_result "require(\"thread\") loads lunatik_thread" test $? -eq 0

# two threads spinning, one per CPU of the guest: the load
r=$(repl "rt1 = lunatik.runtime('$s/spin') rt2 = lunatik.runtime('$s/spin')
t1 = thread.run(rt1, 'lunatik_spin1') t2 = thread.run(rt2, 'lunatik_spin2')
info = t1:task() return info.pid, info.command, info.tgid")
pid=$(threads lunatik_spin1)
echo "# t1:task(): $r; /proc: $pid"
[ -n "$pid" ] && [ "$r" = "$(printf '%s\tlunatik_spin1\t%s' "$pid" "$pid")" ]
ktap_test_result "thread.run starts a kernel thread; thrd:task() gives its pid, command, tgid" \
	test $? -eq 0

r=$(repl 't1:stop() return "stopped"')
[ "$r" = stopped ] && [ -z "$(threads lunatik_spin1)" ] && [ -n "$(threads lunatik_spin2)" ]
ktap_test_result "thrd:stop() ends a thread that spins, under load" test $? -eq 0

r=$(repl 'thread.stop(t1) t1b = thread.run(rt1, "lunatik_spin1") return "again"')
[ "$r" = again ] && [ -n "$(threads lunatik_spin1)" ]
ktap_test_result "a second stop (thread.stop) does nothing; the runtime can run a thread again" \
	test $? -eq 0

r=$(repl 'return pcall(thread.run, rt1, "lunatik_spin3")')
[[ "$r" == false*"already has a thread"* ]]
ktap_test_result "a runtime runs one thread at a time" test $? -eq 0

r=$(repl 'rt1:stop() rt2 = nil collectgarbage() return "stopped"')
[ "$r" = stopped ] && [ -z "$(threads lunatik_spin1)" ] && [ -n "$(threads lunatik_spin2)" ] &&
	r=$(repl 't2:stop() return "stopped"') && [ "$r" = stopped ] &&
	[ -z "$(threads lunatik_spin2)" ]
ktap_test_result "a runtime stops its thread when stopped; a thread keeps its collected runtime" \
	test $? -eq 0

# the spec's echod daemon drops both objects of each worker it starts
worker_ended() {
	[ -z "$(threads lunatik_worker)" ]
}
r=$(repl "w = lunatik.runtime('$s/worker') thread.run(w, 'lunatik_worker') w = nil
collectgarbage() collectgarbage() return 'dropped'")
[ "$r" = dropped ] && [ -n "$(threads lunatik_worker)" ] && wait_until 60 worker_ended
ktap_test_result "a thread whose runtime and thread objects were dropped runs until its function returns" \
	test $? -eq 0

r=$(repl "completion = require('completion') c = completion.new()
rt = lunatik.runtime('$s/signal') rt:resume(c)
t = thread.run(rt, 'lunatik_signal') return c:wait(60000), pcall(t.stop, t)")
[ "$r" = "$(printf 'true\ttrue')" ]
ktap_test_result "a thread that finished by itself can be stopped: nothing happens" test $? -eq 0

r=$(repl "c, ready = completion.new(), completion.new() res = require('data').new(9)
rt = lunatik.runtime('$s/waiter') rt:resume(c, ready, res)
t = thread.run(rt, 'lunatik_waiter') return ready:wait(60000)")
r2=$(repl 't:stop() return res:getstring(0)')
[ "$r" = true ] && [ "$r2" = interrupt ]
ktap_test_result "c:wait() in a thread being stopped returns nil, \"interrupt\"" test $? -eq 0

# scripts/closure.lua: rt:resume(c) gets back a closure that completes c,
# which the thread runs (the script's function, run again without c,
# would complete nothing)
r=$(repl "completion = require('completion') cc = completion.new()
rtc = lunatik.runtime('$s/closure') rtc:resume(cc)
tc = thread.run(rtc, 'lunatik_closure') return cc:wait(5000)")
[ "$r" = true ]
ktap_test_result "thread.run runs the function that a resume returned" test $? -eq 0

# the closure returned nothing: it stays the runtime's function, and
# completes cc again (the script's function would take the new completion)
r=$(repl 'rtc:resume(completion.new()) return cc:wait(5000)')
[ "$r" = true ]
ktap_test_result "the next resume calls the function that a resume returned" test $? -eq 0

r=$(repl 'me = thread.current() return thread.shouldstop(), me:task().command, pcall(me.stop, me)')
[[ "$r" == "false	lunatik	false	"*"only threads of thread.run"* ]]
ktap_test_result "thread.current() outside a thread: shouldstop() false, no stop" test $? -eq 0

r=$(repl "return pcall(thread.run, lunatik.runtime('$s/hello'), 'x')")
r2=$(repl "return pcall(thread.run, lunatik.runtime('$s/spin', false), 'x')")
[[ "$r" == false*"returned no function"* ]] && [[ "$r2" == false*"only a process runtime"* ]]
ktap_test_result "thread.run needs a process runtime whose script returned a function" \
	test $? -eq 0
repl_stop

# the sample as its usage lines run it: the thread counts, /dev/ticker
# reads the count, and a stop takes both away
if [ ! -f /lib/modules/lua/examples/ticker.lua ]; then
	ktap_test_fail "examples/ticker counts seconds in a thread; stop ends it (not installed)"
else
	lunatik run examples/ticker
	ran=$?
	pid=$(threads ticker)
	# the count advances once a second: wait for it, 60 s at most
	for _ in $(seq 600); do
		count=$(cat /dev/ticker 2>/dev/null)
		[[ "$count" =~ ^[1-9][0-9]*\ seconds$ ]] && break
		sleep 0.1
	done
	echo "# ticker thread $pid; /dev/ticker: $count"
	lunatik stop examples/ticker
	[ $ran -eq 0 ] && [ -n "$pid" ] && [[ "$count" =~ ^[1-9][0-9]*\ seconds$ ]] &&
		[ ! -e /dev/ticker ] && [ -z "$(threads ticker)" ]
	ktap_test_result "examples/ticker counts seconds in a thread; stop ends it" test $? -eq 0
fi

ktap_finished
