#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make bench, the "device" Lua module: reads of /dev/lunatik_zero, whose
# driver:read() is Lua (kernel/lunatik/tests/scripts/zerodev.lua), against
# the same reads of /dev/zero in the same boot. The ratio is what a read
# costs for going through a Lua callback, per read size.

modprobe lunatik || exit 1
lunatik run lunatik_test/zerodev || exit 1

# the ns dd takes for $3 reads of $2 bytes from $1
elapsed() {
	start=$(date +%s%N)
	dd if="$1" of=/dev/null bs="$2" count="$3" 2>/dev/null
	echo $(($(date +%s%N) - start))
}

echo "device: reads of a Lua device against /dev/zero (ratio: times as long)"
# read size, number of reads
while read -r size n; do
	base=$(elapsed /dev/zero "$size" "$n")
	lua=$(elapsed /dev/lunatik_zero "$size" "$n")
	r=$((lua * 10 / base))
	printf '  read(%s) x %s: /dev/zero %d us, Lua %d us, ratio %d.%d\n' \
		"$size" "$n" $((base / 1000)) $((lua / 1000)) $((r / 10)) $((r % 10))
done <<SIZES
1 20000
4096 10000
65536 1000
SIZES

lunatik stop lunatik_test/zerodev
