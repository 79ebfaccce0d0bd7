#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make bench, the Lua VM: the scripts of bench/ run in the kernel (the
# body of a process runtime, "lunatik run") and in user space (Debian's
# lua5.4), in the same boot. Each figure is the best wall time of three
# runs; the ratio is lua5.4's time over the kernel's: 1.00 is as fast,
# more is faster. The goal is at least 0.90 for each script.

top=${LUNATIK_TOP:?}
modprobe lunatik || exit 1
if ! command -v lua5.4 >/dev/null; then
	echo "vm: SKIP: no lua5.4 (scripts/deps.sh installs it)"
	exit 0
fi
ln -sfn "$top/tools/testing/selftests/lunatik/qemu/bench" /lib/modules/lua/bench
# the kernel's Lua sources built as a user program (scripts/hostlua), when
# built: whether a gap is the sources' or the kernel's
hostlua=$top/build/hostlua/hostlua

now() {
	date +%s%N
}

# the best of three runs of "$@", in us; $pre runs before each, untimed
best() {
	for _ in 1 2 3; do
		[ -n "$pre" ] && $pre >/dev/null 2>&1
		t0=$(now)
		"$@" >/dev/null || return 1
		echo $((($(now) - t0) / 1000))
	done | sort -n | head -1
}

for b in cpu tables strings format; do
	pre="lunatik stop bench/$b"
	k=$(best lunatik run "bench/$b")
	$pre
	pre=
	u=$(best lua5.4 "/lib/modules/lua/bench/$b.lua")
	h=0
	[ -x "$hostlua" ] && h=$(best "$hostlua" "/lib/modules/lua/bench/$b.lua")
	if [ -z "$k" ] || [ -z "$u" ]; then
		echo "vm: $b: FAILED (kernel '$k' us, lua5.4 '$u' us)"
		continue
	fi
	awk -v b="$b" -v k="$k" -v u="$u" -v h="${h:-0}" 'BEGIN {
		r = u / k
		goal = (r < 0.9) ? "  (goal: 0.90)" : ""
		host = (h > 0) ? sprintf("  [hostlua %d us, ratio %.2f]", h, u / h) : ""
		printf "vm: %-8s kernel %8d us  lua5.4 %8d us  ratio %.2f%s%s\n", b, k, u, r, goal, host
	}'
done
