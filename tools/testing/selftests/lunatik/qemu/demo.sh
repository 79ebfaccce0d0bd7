#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make run: Lua at work in the guest's kernel. samples/lua/lua_eval.ko
# evaluates the chunk given as its parameter with lua.ko and logs what it
# returns, or the Lua error. (Module parameters cannot hold double quotes:
# the chunks quote strings with [[ ]].) Then the lunatik tool runs the
# README's passwd driver and reads /dev/passwd, runs the ticker example
# (a kernel thread), and feeds its REPL.

eval_chunk() {
	echo "\$ modprobe lua_eval chunk='$1'"
	before=$(dmesg | wc -l)
	modprobe lua_eval chunk="$1" 2>&1
	dmesg | tail -n +"$((before + 1))" | grep 'lua_eval' | sed 's/^\[[^]]*\] /  /'
	rmmod lua_eval 2>/dev/null
	echo
}

echo "$(modinfo -F description lua 2>/dev/null), in Linux $(uname -r)"
echo
eval_chunk 'return _VERSION, 6 * 7, ([[kernel]]):upper()'
eval_chunk 'local n = {} for w in ([[Lua in the kernel]]):gmatch([[%a+]]) do n[#n + 1] = #w end return table.concat(n, [[,]])'
eval_chunk 'return string.format([[%x|%5d|%-4s|]], 48879, 42, [[ok]]), math.maxinteger + 1'
eval_chunk 'return 7 // 2, 7 % 2, 7 / 2'

# the lunatik tool: runtimes by name, and the REPL
show() {
	echo "\$ $*"
	"$@" 2>&1
	echo
}
modprobe lunatik
show lunatik run passwd
show ls -l /dev/passwd
echo "\$ head -c 32 /dev/passwd"
head -c 32 /dev/passwd
printf '\n\n'
show lunatik run examples/ticker
show lunatik list
sleep 2	# two ticks
show cat /dev/ticker
show lunatik stop examples/ticker
show lunatik stop passwd
printf '%s\n' 'return 6 * 7' 'kernel = "Lua " .. _VERSION' 'return kernel, #kernel' \
	'return 1 / 2' >/tmp/repl.lua
echo "\$ lunatik </tmp/repl.lua	# the REPL, fed on stdin"
sed 's/^/> /' /tmp/repl.lua
echo "output:"
lunatik </tmp/repl.lua 2>&1
