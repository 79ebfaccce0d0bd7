#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make soak, in the guest (init.sh's soak mode): many runs and stops of a
# script that allocates, makes objects and fails, then whether anything
# stayed behind.
#
#   LUNATIK_SOAK_CYCLES (10000) runs and stops from inside the kernel: the
#	REPL runtime of one lunatik tool calls the driver, scripts/soak.lua,
#	which loops lunatik.runtime("selftest_lunatik/soak_cycle"),
#	rt:resume(), rt:stop(); one cycle in LUNATIK_SOAK_FAIL_EVERY (50)
#	runs soak_fail.lua instead, whose body fails: its run is refused
#   LUNATIK_SOAK_TOOL_CYCLES (200) "lunatik run" and "lunatik stop" of the
#	same scripts through the tool, reading the device each makes
#
# It passes when every cycle did what it should, kmemleak suspects no new
# leak, the kernel log has no splat, and Slab and MemAvailable in
# /proc/meminfo are back within LUNATIK_SOAK_SLAB_KB (8192) and
# LUNATIK_SOAK_AVAIL_KB (32768) of where they were after a warm-up. The
# last lines are "soak: N cycles in S s, M leaks", then "PASS soak" or
# "FAIL soak: <why>".

cycles=${LUNATIK_SOAK_CYCLES:-10000}
tool_cycles=${LUNATIK_SOAK_TOOL_CYCLES:-200}
every=${LUNATIK_SOAK_FAIL_EVERY:-50}
slab_kb=${LUNATIK_SOAK_SLAB_KB:-8192}
avail_kb=${LUNATIK_SOAK_AVAIL_KB:-32768}
# cycles per REPL chunk: a line of progress each
batch=500

here=$(dirname "$(readlink -f "$0")")
s=selftest_lunatik
kmemleak=/sys/kernel/debug/kmemleak
dev=/dev/lunatik_soak
failures=()

fail() {
	local why=${*//$'\n'/ | }

	echo "soak: $why"
	failures+=("$why")
}

# the end: the summary line and the verdict
finish() {
	echo "soak: $1 cycles in $2 s, $3 leaks"
	if [ ${#failures[@]} -eq 0 ]; then
		echo "PASS soak"
	else
		local IFS=';'

		echo "FAIL soak: ${failures[*]}"
	fi
	exit 0
}

for n in "$cycles" "$tool_cycles" "$every" "$slab_kb" "$avail_kb"; do
	[[ $n =~ ^[0-9]+$ ]] || { fail "not a number: '$n'"; finish 0 0 0; }
done
[ "$every" -gt 0 ] || { fail "LUNATIK_SOAK_FAIL_EVERY must be 1 or more"; finish 0 0 0; }

modprobe lunatik || { fail "modprobe lunatik failed"; finish 0 0 0; }
mkdir -p /lib/modules/lua/$s && cp "$here"/../scripts/*.lua /lib/modules/lua/$s/ ||
	{ fail "cannot install the scripts in /lib/modules/lua/$s"; finish 0 0 0; }

# kmemleak reports objects older than 5 s only: wait that long, scan and
# forget what it suspects now (what boot leaked is make check's to find),
# so that only what the soak leaks is counted, the warm-up's included
if [ -w $kmemleak ]; then
	sleep 6
	echo scan >$kmemleak
	echo clear >$kmemleak
fi

# frees what is only cached: page cache, dentries, and the objects KASAN
# keeps in quarantine (shrinking a slab cache empties its part), after
# the objects freed after an RCU grace period (kfree_rcu() waits up to 5 s)
settle() {
	local shrink

	sleep 6
	echo 3 >/proc/sys/vm/drop_caches 2>/dev/null
	for shrink in /sys/kernel/slab/*/shrink; do
		echo 1 >"$shrink" 2>/dev/null
	done
}

meminfo() {
	awk -v key="$1:" '$1 == key { print $2 }' /proc/meminfo
}

# the REPL chunks that run $1 cycles from the driver, $batch at a time
chunks() {
	local done=0 n

	while [ $done -lt "$1" ]; do
		n=$(($1 - done < batch ? $1 - done : batch))
		echo "return require('$s.soak')($n, $every, $done)"
		done=$((done + n))
	done
}

# runs $1 cycles from inside the kernel; sets ran and refused
kernel_cycles() {
	local line tag r f

	ran=0
	refused=0
	while IFS= read -r line; do
		IFS=$'\t' read -r tag r f <<<"$line"
		if [ "$tag" = soak ] && [[ $r =~ ^[0-9]+$ ]] && [[ $f =~ ^[0-9]+$ ]]; then
			ran=$((ran + r))
			refused=$((refused + f))
			echo "soak: $((ran + refused))/$1 cycles in the kernel, $((SECONDS - start)) s"
		else
			fail "driver: $line"
		fi
	done < <(chunks "$1" | lunatik 2>&1)
}

# one cycle through the tool: cycle $1 of the count runs soak_fail.lua
# when $every divides it
tool_cycle() {
	local err text

	if [ $(($1 % every)) -eq 0 ]; then
		if err=$(lunatik run $s/soak_fail 2>&1); then
			lunatik stop $s/soak_fail
			echo "soak_fail ran"
			return 1
		fi
		if [[ $err != *"refused on purpose"* ]] || [ -e $dev ]; then
			echo "$err"
			return 1
		fi
		return 0
	fi
	lunatik run $s/soak_cycle || return 1
	text=$(cat $dev)
	lunatik stop $s/soak_cycle || return 1
	if [ "$text" != DATA,COMPLETION,DEVICE ] || [ -e $dev ]; then
		echo "$dev read '$text', or stayed after the stop"
		return 1
	fi
}

# runs $1 cycles through the tool; sets tool_done
tool_cycles() {
	local i why

	tool_done=0
	for i in $(seq "$1"); do
		why=$(tool_cycle "$i" 2>&1) || { fail "tool cycle $i: $why"; return; }
		tool_done=$i
	done
}

# the warm-up: the modules loaded, the caches made, before the baseline
start=$SECONDS
echo "soak: the warm-up"
tool_cycles 1
kernel_cycles "$every"
[ ${#failures[@]} -eq 0 ] || finish 0 0 0
settle
slab=$(meminfo Slab)
avail=$(meminfo MemAvailable)
echo "soak: after the warm-up: Slab $slab kB, MemAvailable $avail kB"

start=$SECONDS
kernel_cycles "$cycles"
[ "$ran" -eq $((cycles - cycles / every)) ] && [ "$refused" -eq $((cycles / every)) ] ||
	fail "in the kernel: $ran runs and $refused refusals of $cycles cycles"
tool_cycles "$tool_cycles"
echo "soak: $tool_done/$tool_cycles cycles through the tool, $((SECONDS - start)) s"
elapsed=$((SECONDS - start))
total=$((ran + refused + tool_done))

settle
slab2=$(meminfo Slab)
avail2=$(meminfo MemAvailable)
echo "soak: Slab $slab -> $slab2 kB (at most $slab_kb more)," \
	"MemAvailable $avail -> $avail2 kB (at most $avail_kb less)"
[ $((slab2 - slab)) -le "$slab_kb" ] || fail "Slab grew by $((slab2 - slab)) kB"
[ $((avail - avail2)) -le "$avail_kb" ] ||
	fail "MemAvailable fell by $((avail - avail2)) kB"

# the splats report.py finds in the console log, for the verdict
splats=(BUG: WARNING: KASAN: UBSAN: 'kernel BUG at' Oops 'Kernel panic'
	'general protection fault' 'sleeping function called from invalid context'
	'soft lockup' 'hard LOCKUP' 'rcu: INFO:' 'blocked for more than'
	'possible recursive locking' 'circular locking dependency'
	'inconsistent lock state' stack-protector 'Call Trace:')
splat=$(dmesg | grep -m1 -F "${splats[@]/#/-e}")
[ -z "$splat" ] || fail "kernel log: $splat"

leaks=0
if [ ! -w $kmemleak ]; then
	fail "no $kmemleak (CONFIG_DEBUG_KMEMLEAK, debugfs)"
else
	# a second scan after another 5 s, as an object may hide from one
	sleep 6
	echo scan >$kmemleak
	sleep 6
	echo scan >$kmemleak
	echo "lunatik-harness: kmemleak begin"
	cat $kmemleak
	echo "lunatik-harness: kmemleak end"
	leaks=$(grep -c '^unreferenced object' $kmemleak)
	[ "$leaks" -eq 0 ] || fail "kmemleak suspects $leaks leaks"
fi
finish "$total" "$elapsed" "$leaks"
