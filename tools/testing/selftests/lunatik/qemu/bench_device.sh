#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make bench, the "device" Lua module: reads of /dev/lunatik_zero, whose
# driver:read() is Lua (kernel/lunatik/tests/scripts/zerodev.lua), against
# the same reads of /dev/zero in the same boot. The ratio is what a read
# costs for going through a Lua callback, per read size.

modprobe lunatik || exit 1
lunatik run lunatik_test/zerodev || exit 1

# the us that $3 reads of $2 bytes from $1 take, as dd measures them
# (without its start, which would hide the reads under TCG): the best of
# three runs, the others being slowed by the host
elapsed() {
	for _ in 1 2 3; do
		LC_ALL=C dd if="$1" of=/dev/null bs="$2" count="$3" 2>/tmp/bench_dd ||
			{ cat /tmp/bench_dd >&2; exit; }
		cat /tmp/bench_dd
	done | awk '/ copied, / {
		sub(/.* copied, /, "")
		us = $1 * 1000000
		if (best == "" || us < best)
			best = us
	} END {
		if (best == "")
			exit 1	# dd failed
		printf "%d\n", best
	}'
}

echo "device: reads of a Lua device against /dev/zero (ratio: times as long)"
# read size, number of reads
while read -r size n; do
	base=$(elapsed /dev/zero "$size" "$n") || break
	lua=$(elapsed /dev/lunatik_zero "$size" "$n") || break
	r=$((lua * 10 / base))
	printf '  read(%s) x %s: /dev/zero %d us, Lua %d us, ratio %d.%d\n' \
		"$size" "$n" "$base" "$lua" $((r / 10)) $((r % 10))
done <<SIZES
1 50000
4096 20000
65536 2000
SIZES

lunatik stop lunatik_test/zerodev
