#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# notifier against the real thing: netdevice events from creating and
# deleting a veth pair; keys typed on a uinput keyboard, which the
# console's keyboard handler takes: the spec's keylocker example swallows
# them after the Konami code and lets them through after it again, as a
# reader of the console's tty sees; its spyglass example logs them.

source "$(dirname "$(readlink -f "$0")")"/lib.sh

ktap_print_header
ktap_set_plan 10

modprobe lunatik || ktap_exit_fail_msg "modprobe lunatik failed"
modinfo lunatik_notifier >/dev/null 2>&1 ||
	{ ktap_skip_all "no lunatik_notifier module"; exit "$KSFT_SKIP"; }
install_scripts
s=$SCRIPTS
here=$(dirname "$(readlink -f "$0")")
keys=$here/uinput_keys
dev=/dev/lunatik_netdev

r=$(echo "local n = require('notifier') local t = {} for _, k in ipairs({'kbd', 'netdev', 'notify'}) do local c = 0 for _ in pairs(n[k]) do c = c + 1 end t[#t + 1] = k .. '=' .. c end return table.concat(t, ' '), n.notify.STOP, n.kbd.KEYSYM, n.netdev.UNREGISTER" | lunatik 2>&1)
echo "# $r"
[ "$r" = "kbd=5 netdev=40 notify=4	32769	4	6" ]
ktap_test_result "notifier.kbd, notifier.netdev and notifier.notify hold the kernel's values" \
	test $? -eq 0

if ! command -v ip >/dev/null; then
	ktap_test_skip_why "netdevice events of a veth pair" "no ip(8) in the guest"
	ktap_test_skip_why "a netdevice callback cannot register a notifier" "no ip(8) in the guest"
	ktap_test_skip_why "a netdevice callback resumes a runtime that takes RTNL" "no ip(8) in the guest"
	ktap_test_skip_why "notfr:delete() from a device callback" "no ip(8) in the guest"
else
	lunatik run $s/netdev && ip link add lkt0 type veth peer name lkt1 &&
		ip link set lkt0 up && ip link del lkt0
	r=$(cat $dev)
	echo "$r" | sed 's/^/# /'
	echo "$r" | grep -qx "REGISTER lkt0" && echo "$r" | grep -qx "REGISTER lkt1" &&
		echo "$r" | grep -qx "UP lkt0" && echo "$r" | grep -qx "UNREGISTER lkt0" &&
		echo "$r" | grep -qx "UNREGISTER lkt1"
	ktap_test_result "netdevice events of a veth pair reach the callback, with the names" \
		test $? -eq 0

	echo again >$dev && ip link add lkt2 type veth peer name lkt3 && ip link del lkt2
	r=$(cat $dev)
	echo "$r" | grep -qx "false notifier.netdevice: not from a netdevice callback, which holds RTNL"
	ktap_test_result "a netdevice callback cannot register a notifier: it holds RTNL" \
		test $? -eq 0

	# the child took RTNL under its lock; the callback, under RTNL, enters
	# it without waiting for its lock (lockdep would see a circle)
	echo resume >$dev && ip link add lkt6 type veth peer name lkt7 && ip link del lkt6
	r=$(cat $dev)
	echo "$r" | grep "^resume" | sed 's/^/# /'
	echo "$r" | grep -qx "resume true"
	ktap_test_result "a netdevice callback resumes a runtime that takes RTNL" test $? -eq 0

	echo delete >$dev && ip link add lkt4 type veth peer name lkt5 && ip link del lkt4
	! grep -q lkt4 $dev
	ktap_test_result "notfr:delete() from a device callback: no event after it" test $? -eq 0
	lunatik stop $s/netdev
fi

if [ ! -c /dev/uinput ] || [ ! -c /dev/tty1 ]; then
	for t in "keylocker locks the keyboard" "keylocker unlocks it" \
		"spyglass logs the keys" "spyglass enable=false" "keys reach the tty"; do
		ktap_test_skip_why "$t" "no /dev/uinput or /dev/tty1"
	done
	ktap_finished
	exit
fi

# one reader of the console's tty for all the keys: canonical mode, so a
# line comes with <enter> (28)
ttylog=$(mktemp)
cat /dev/tty1 >"$ttylog" &
reader=$!
ttyopen() {
	ls -l /proc/$reader/fd 2>/dev/null | grep -q /dev/tty1
}
wait_until 10 ttyopen || ktap_exit_fail_msg "cannot read /dev/tty1"

# the line the tty reader got last is $1, within 10 s
lastline() {
	[ "$(tail -n 1 "$ttylog")" = "$1" ]
}

A=30 B=48 C=46 H=35 I=23 X=45 Y=21 ENTER=28 BACKSPACE=14
ARROWS="103 103 108 108 105 106 105 106"
KONAMI="$ARROWS 29 56"

lunatik run examples/keylocker && "$keys" $A $ENTER && wait_until 10 lastline a
r0=$?
# locked at <lalt>: the arrows before it were typed, a partial line
"$keys" $KONAMI $ENTER $B $ENTER
# the arrows of the second code are swallowed; <lalt> unlocks
"$keys" $KONAMI $ENTER $C $ENTER
wait_until 10 lastline c
r1=$?
cat -v "$ttylog" | sed 's/^/# tty: /'
esc=$(printf '\e[A\e[A\e[B\e[B\e[D\e[C\e[D\e[C')
[ $r0 -eq 0 ] && [ "$(sed -n 2p "$ttylog")" = "$esc" ] && ! grep -q b "$ttylog"
ktap_test_result "examples/keylocker: after the Konami code, keys no longer reach the tty" \
	test $? -eq 0
[ $r1 -eq 0 ] && [ "$(wc -l <"$ttylog")" -eq 3 ]
ktap_test_result "examples/keylocker: after the code again, keys reach the tty again" \
	test $? -eq 0
lunatik stop examples/keylocker

lunatik run examples/spyglass && "$keys" $H $I $BACKSPACE $ENTER
r=$(cat /dev/spyglass)
echo "# spyglass: '$r'"
[ "$r" = "hi<del>" ]
ktap_test_result "examples/spyglass logs typed keys, <del> for backspace" test $? -eq 0

echo 'enable=false' >/dev/spyglass && "$keys" $X $ENTER &&
	echo 'enable=true' >/dev/spyglass && "$keys" $Y $ENTER
r=$(cat /dev/spyglass)
echo "# spyglass: '$r'"
[ "$r" = "hi<del>y" ]
ktap_test_result "examples/spyglass: enable=false stops logging, enable=true resumes it" \
	test $? -eq 0
lunatik stop examples/spyglass

"$keys" $H $I $ENTER && wait_until 10 lastline hi
ktap_test_result "with the examples stopped, keys reach the tty" test $? -eq 0
kill $reader
rm -f "$ttylog"

ktap_finished
