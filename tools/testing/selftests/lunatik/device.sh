#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The "device" Lua module: the spec's passwd example end to end (require
# loads the modules, /dev/passwd gives printable characters, the node has
# the script's mode and goes with the script), the driver's callbacks as
# a user space program sees them, and the errors: names /dev and
# require() must refuse, whatever bytes a Lua string holds.

source "$(dirname "$(readlink -f "$0")")"/lib.sh

ktap_print_header
ktap_set_plan 20

modprobe lunatik || ktap_exit_fail_msg "modprobe lunatik failed"
install_scripts
s=$SCRIPTS
[ -f /lib/modules/lua/passwd.lua ] ||
	ktap_exit_fail_msg "passwd.lua is not installed (make -C samples/lunatik install)"

# require() loads the modules when the script asks for them
require_binding lunatik_device
require_binding lunatik_linux
lunatik run passwd && [ -c /dev/passwd ] && present lunatik_device && present lunatik_linux
ktap_test_result "lunatik run passwd: require loads device and linux, /dev/passwd appears" \
	test $? -eq 0

pw=$(head -c 64 /dev/passwd)
echo "# head -c 64 /dev/passwd: $pw"
[ ${#pw} -eq 64 ] && [ -z "$(printf '%s' "$pw" | tr -d '\040-\176')" ]
ktap_test_result "head -c 64 /dev/passwd gives 64 printable ASCII characters" test $? -eq 0

mode=$(stat -c %a /dev/passwd)
echo "# /dev/passwd: mode $mode"
ktap_test_result "the node has the mode the script set (linux.stat.IRUGO: 444)" test "$mode" = 444

# an open file outlives the script: its reads fail, nothing breaks
exec 3</dev/passwd
lunatik stop passwd
[ ! -e /dev/passwd ]
gone=$?
err=$(head -c 1 <&3 2>&1 >/dev/null)
echo "# read after stop: $err"
exec 3<&-
[ $gone -eq 0 ] && [[ "$err" == *"No such device or address"* ]]
ktap_test_result "stop removes /dev/passwd; a file still open reads -ENXIO" test $? -eq 0

# readers busy reading while the script stops: each read enters the
# runtime through the device's hook; once the hook stops, reads fail
lunatik run passwd || ktap_exit_fail_msg "cannot run passwd again"
fifo=$(mktemp -u)
mkfifo "$fifo"
for _ in 1 2 3 4; do
	(timeout 60 cat /dev/passwd >/dev/null 2>&1; echo "reader: exit $?") >"$fifo" &
done
exec 5<"$fifo"
for _ in $(seq 300); do
	readers=$(find /proc/[0-9]*/fd -lname /dev/passwd 2>/dev/null | wc -l)
	[ "$readers" = 4 ] && break
	sleep 0.1
done
echo "# files open on /dev/passwd: $readers"
lunatik stop passwd
ends=$(head -n 4 <&5)
exec 5<&-
rm -f "$fifo"
echo "$ends" | sed 's/^/# /'
[ "$readers" = 4 ] && [ "$(echo "$ends" | grep -c '^reader: exit 1$')" -eq 4 ] && [ ! -e /dev/passwd ]
ktap_test_result "readers in flight when the script stops end with an error, nothing breaks" \
	test $? -eq 0

lunatik run $s/echodev || ktap_exit_fail_msg "cannot run $s/echodev"
printf hello >/dev/lunatik_echo
line=$(cat /dev/lunatik_echo)
echo "# after one write: $line"
[ "$line" = "hello@0 2/1" ]
ktap_test_result "write passes the data and offset 0; read returns what the script says" \
	test $? -eq 0

# one open file: the offset moves by what the previous write returned
exec 4>/dev/lunatik_echo
printf ab >&4
printf cde >&4
exec 4>&-
line=$(cat /dev/lunatik_echo)
echo "# after two writes on one file: $line"
[ "$line" = "cde@2 4/3" ]
ktap_test_result "the offset advances by the written length; open and release are called" \
	test $? -eq 0

expect 1 "lunatik_echo exists" lunatik run $s/echodev2
ktap_test_result "a second device of the same name is refused" test $? -eq 0
lunatik stop $s/echodev

lunatik run $s/faildev || ktap_exit_fail_msg "cannot run $s/faildev"
err=$(head -c 1 /dev/lunatik_fail 2>&1 >/dev/null)
echo "# read of a failing callback: $err"
dmesg | grep -q "lunatik_fail: read: .*no data today" && [[ "$err" == *"Input/output error"* ]]
ktap_test_result "a failing read callback: -EIO, the Lua error in the kernel log" test $? -eq 0

err=$( (printf x >/dev/lunatik_fail) 2>&1; cat /dev/lunatik_noopen 2>&1)
echo "# write without a write function, open without an open function: $err"
[ "$(echo "$err" | grep -c "No such device or address")" -eq 2 ]
ktap_test_result "an operation the driver does not define fails with -ENXIO" test $? -eq 0
lunatik stop $s/faildev

repl_start
r=$(repl 'return pcall(require("device").new, {name = "../etc"})')
r2=$(repl 'return pcall(require("device").new, {name = "lunatik_x", mode = -1})')
[[ "$r" == false*"bad driver.name"* ]] && [[ "$r2" == false*"driver.mode"* ]]
ktap_test_result "a bad name or mode is a Lua error" test $? -eq 0
r=$(repl 'device = require("device") d = device.new({name = "lunatik_repl"})
d0 = device.new({name = "lunatik_repl0", mode = 0}) return d ~= nil')
modes=$(stat -c %a /dev/lunatik_repl /dev/lunatik_repl0 | tr '\n' ' ')
echo "# modes without a mode and with mode 0: $modes"
[ "$r" = true ] && [ "$modes" = "600 600 " ]
ktap_test_result "a node without a mode, or with mode 0, is 0600 (devtmpfs's default)" \
	test $? -eq 0
r=$(repl 'd:stop() d:stop() device.stop(d0) return "stopped"')
[ "$r" = stopped ] && [ ! -e /dev/lunatik_repl ] && [ ! -e /dev/lunatik_repl0 ]
ktap_test_result "dev:stop(), device.stop(dev) remove the node; a second stop does nothing" \
	test $? -eq 0
repl_stop

# device.new() with the name $1 (a Lua expression) in the REPL: a Lua
# error whose message shows the name as $2, /dev as it was, no warning
# in the kernel log (an empty name once reached kobject_add() and WARNed)
refused_name() {
	local mark before after log r

	mark=$(dmesg | wc -l)
	before=$(ls -A /dev)
	r=$(repl "local ok, e = pcall(require('device').new, {name = $1}) return ok, (tostring(e):gsub('[^ -~]', '?'))")
	after=$(ls -A /dev)
	log=$(dmesg | tail -n +$((mark + 1)))
	[ -n "$log" ] && echo "$log" | sed 's/^/# kernel log: /'
	[ "$before" != "$after" ] && diff <(echo "$before") <(echo "$after") | sed 's/^/# \/dev: /'
	[[ "$r" == false$'\t'*"bad driver.name '$2' (1 to 63 letters, digits, '_', '-' or '.', not first))" ]] &&
		[ "$before" = "$after" ] && ! grep -qE 'WARNING|kobject' <<<"$log"
}

repl_start
refused_name '"\0"' '\x00'
ktap_test_result 'device.new{name = "\0"} is a Lua error: no node, no warning' test $? -eq 0
refused_name '"a\0b"' 'a\x00b'
ktap_test_result 'device.new{name = "a\0b"} is a Lua error: the NUL byte counts' test $? -eq 0
refused_name '"\xe9t\xe9"' '\xe9t\xe9'
ktap_test_result 'device.new{name = "\xe9t\xe9"} is a Lua error: ASCII letters only' test $? -eq 0
refused_name '("a"):rep(64)' "$(printf 'a%.0s' {1..64})"
ktap_test_result "device.new() with a name of 64 characters is a Lua error" test $? -eq 0

# the longest name, with every kind of character allowed
name=lunatik-AZaz09_.$(printf 'x%.0s' {1..47})
r=$(repl "d63 = require('device').new({name = '$name'}) return #'$name'")
[ "$r" = 63 ] && [ -c "/dev/$name" ]
made=$?
r=$(repl 'd63:stop() return "stopped"')
[ $made -eq 0 ] && [ "$r" = stopped ] && [ ! -e "/dev/$name" ]
ktap_test_result "a name of 63 ASCII letters, digits, '_', '-' and '.' makes its node" \
	test $? -eq 0

# require(): no module alias is made of a name that is not one
# (require() itself cuts a name at a NUL byte, as in any Lua: the searcher
# is called directly with one)
r=$(repl "local ok, e = pcall(require, '\xe9') return ok, (e:match('no Lunatik module [^\n]*'):gsub('[^ -~]', '?'))")
r2=$(repl "return (package.searchers[2]('device\0x'):gsub('[^ -~]', '?'))")
[ "$r" = "false	no Lunatik module '?' (not a module name)" ] &&
	[ "$r2" = "no Lunatik module 'device' (not a module name)" ]
ktap_test_result 'require("\xe9") and the searcher of "device\0x" find no module name' \
	test $? -eq 0
repl_stop

# a softirq runtime: the file operations enter it under its spinlock,
# the data crosses user space outside it
lunatik run passwd false && pw=$(head -c 64 /dev/passwd) &&
	[ ${#pw} -eq 64 ] && lunatik stop passwd && [ ! -e /dev/passwd ]
ktap_test_result "lunatik run passwd false: /dev/passwd works in a softirq runtime" \
	test $? -eq 0

ktap_finished
