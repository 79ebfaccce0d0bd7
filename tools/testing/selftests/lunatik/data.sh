#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The "data" Lua module, through the REPL of the lunatik tool: loaded by
# require(); buffers zeroed and sized; every integer type round trips at
# both ends of a buffer and wraps or signs as its type says, in host
# (little-endian) byte order; strings; accesses out of bounds, values out
# of range and bad sizes are errors that leave the session going; a
# buffer shared with a softirq runtime, which allocates its own; unused
# buffers collected as they are made.

source "$(dirname "$(readlink -f "$0")")"/lib.sh

ktap_print_header
ktap_set_plan 15

modprobe lunatik || ktap_exit_fail_msg "modprobe lunatik failed"

install_scripts

# modular, it is unloaded for require() to load it
require_binding lunatik_data
unloaded=$?

# each chunk returns a tag, then its results; two errors are not caught
run_chunks <<'LUA'
data = require("data")
return "loaded", type(data)
d = data.new(16)
return "new", #d, d:getstring(0) == string.rep("\0", 16)
types = {
	{ "int8", 1, -128, 127 }, { "uint8", 1, 0, 255 }, { "byte", 1, 0, 255 },
	{ "int16", 2, -32768, 32767 }, { "uint16", 2, 0, 65535 },
	{ "int32", 4, -2147483648, 2147483647 }, { "uint32", 4, 0, 4294967295 },
	{ "int64", 8, math.mininteger, math.maxinteger },
	{ "number", 8, math.mininteger, math.maxinteger },
}
function roundtrip()
	local bad = {}
	for _, t in ipairs(types) do
		local name, width, min, max = table.unpack(t)
		for _, off in ipairs({ 0, #d - width, 3 }) do
			for _, v in ipairs({ min, max, 0, min + 1, max - 1, max // 3 }) do
				d["set" .. name](d, off, v)
				local got = d["get" .. name](d, off)
				if got ~= v then bad[#bad + 1] = string.format("%s@%d:%d->%d", name, off, v, got) end
			end
		end
	end
	return #bad == 0 and "ok" or table.concat(bad, " ")
end
return "roundtrip", roundtrip()
function only() d:setstring(0, string.rep("\xff", 16)) d:setuint16(1, 0) d:setint32(11, 0) d:setbyte(15, 0x7f) return d:getstring(0) == "\xff\0\0" .. string.rep("\xff", 8) .. "\0\0\0\0\x7f" end
return "only", only()
function signs() d:setuint8(0, 255) d:setuint16(2, 65535) d:setint32(4, -2) d:setint64(8, -1) return d:getint8(0), d:getbyte(0), d:getint16(2), d:getuint32(4), d:getnumber(8), d:getuint32(12), d:getint32(12) end
return "signs", signs()
function layout() d:setuint32(0, 0x11223344) local b = { d:getbyte(0), d:getbyte(1), d:getbyte(2), d:getbyte(3) } d:setstring(0, "\1\2\3\4\5\6\7\8\9") return b[1] == 0x44 and b[2] == 0x33 and b[3] == 0x22 and b[4] == 0x11 and d:getuint32(1) == 0x05040302 and d:getuint16(7) == 0x0908 and d:getint64(1) == 0x0908070605040302 end
return "layout", layout()
d:setstring(0, "0123456789abcdef")
return "string", d:getstring(10), d:getstring(0, 4), d:getstring(16) .. "|", d:getstring(3, 0) .. "|", #d:getstring(0)
d:setstring(14, "XY") d:setstring(16, "")
return "setstring", d:getstring(12)
function fails(f) local ok, e = pcall(f) return ok and "no error" or e end
return "oob", fails(function() return d:getuint8(-1) end), fails(function() return d:getuint8(16) end), fails(function() return d:getuint16(15) end), fails(function() return d:getint64(math.maxinteger) end), fails(function() return d:getnumber(math.mininteger) end), fails(function() d:setint64(9, 0) end), fails(function() return d:getstring(17) end), fails(function() return d:getstring(4, 13) end), fails(function() return d:getstring(1, math.maxinteger) end), fails(function() d:setstring(15, "XY") end)
return "negative", fails(function() return d:getstring(0, -1) end)
d:getuint16(15)
d:setbyte(0, 7)
return "range", fails(function() d:setint8(0, 200) end), fails(function() d:setuint16(0, -1) end), fails(function() d:setbyte(0, 256) end), fails(function() d:setuint8(0, -1) end), fails(function() d:setint8(0, -129) end), fails(function() d:setint16(0, 32768) end), fails(function() d:setuint32(0, 1 << 32) end), fails(function() d:setint32(0, -(1 << 31) - 1) end)
d:setint8(0, 200)
return "unchanged", d:getbyte(0)
return "sizes", fails(function() return data.new(0) end), fails(function() return data.new(-1) end), fails(function() return data.new((1 << 20) + 1) end), fails(function() return data.new(math.mininteger) end)
return "max", #data.new(1 << 20), #data.new(1)
do local x <close> = data.new(4) closed = x end
return "closed", fails(function() return closed:getbyte(0) end), fails(function() return d.getbyte(42, 0) end)
shared = data.new(16)
rt = require("lunatik").runtime("selftest_lunatik/data_atomic", false)
rt:resume(shared)
rt:stop()
return "shared", shared:getuint32(0) == 0xdeadbeef, shared:getstring(4, 7)
return "end", "still here"
LUA

# $3 of the tab-separated values of the chunk tagged $1 contain $2
all() {
	local n

	n=$(value "$1" | tr '\t' '\n' | grep -c -F -- "$2")
	[ "$n" -eq "$3" ]
}

[ $unloaded -eq 0 ] && [ "$(value loaded)" = table ] && present lunatik_data
ktap_test_result "require(\"data\") loads lunatik_data" test $? -eq 0

[ "$(value new)" = "$(printf '16\ttrue')" ]
ktap_test_result "data.new(16) is 16 zero bytes; #d is its size" test $? -eq 0

[ "$(value roundtrip)" = ok ]
ktap_test_result "every type round trips at offset 0, the last offset and unaligned" test $? -eq 0

[ "$(value only)" = true ]
ktap_test_result "a set writes its bytes only" test $? -eq 0

[ "$(value signs)" = "$(printf -- '-1\t255\t-1\t4294967294\t-1\t4294967295\t-1')" ]
ktap_test_result "values wrap and sign as their types say" test $? -eq 0

# the expected values are those of a little-endian host
if ! little_endian; then
	ktap_test_skip_why "integers are in host byte order, unaligned too" "big-endian host"
else
	[ "$(value layout)" = true ]
	ktap_test_result "integers are in host byte order, unaligned too" test $? -eq 0
fi

[ "$(value string)" = "$(printf 'abcdef\t0123\t|\t|\t16')" ] &&
	[ "$(value setstring)" = "cdXY" ]
ktap_test_result "getstring reads to the end by default; setstring writes" test $? -eq 0

all oob "out of bounds" 10 && [[ "$(value negative)" == *"negative length"* ]] &&
	grep -qF "bad argument #1 to 'getuint16' (out of bounds (2 bytes at offset 15, size 16))" "$CHUNKS_ERR"
ktap_test_result "accesses out of the buffer are errors" test $? -eq 0

all range "out of range" 8 && [ "$(value unchanged)" = 7 ] &&
	grep -qF "bad argument #2 to 'setint8' (200 out of range for int8)" "$CHUNKS_ERR"
ktap_test_result "values that do not fit their type are errors, and not written" test $? -eq 0

all sizes "size out of range (1 to 1048576 bytes)" 4 && [ "$(value max)" = "$(printf '1048576\t1')" ]
ktap_test_result "data.new takes 1 byte to 1 MiB" test $? -eq 0

[[ "$(value closed)" == *"object already released"*"data expected"* ]]
ktap_test_result "a closed buffer or another value is no data" test $? -eq 0

[ "$(value shared)" = "$(printf 'true\tsoftirq')" ]
ktap_test_result "a softirq runtime allocates and writes a shared buffer" test $? -eq 0

[ "$(value end)" = "still here" ] && [ "$(wc -l <"$CHUNKS_ERR")" -eq 2 ]
ktap_test_result "the errors leave the session going" test $? -eq 0
rm -f "$CHUNKS_ERR"

# the buffers are not Lua's memory: without counting them, the collector
# would leave hundreds of MiB to collect
avail() {
	awk '/^MemAvailable:/ { print $2 }' /proc/meminfo
}
before=$(avail)
repl_start
answer=$(repl 'data = require("data") for i = 1, 500 do data.new(1 << 20) end return "made"')
during=$(avail)
repl_stop
drop=$(((before - during) / 1024))
echo "# 500 buffers of 1 MiB made: $answer; MemAvailable $drop MiB lower"
[ "$answer" = made ] && [ $drop -lt 200 ]
ktap_test_result "unused buffers are collected as they are made" test $? -eq 0

# the module goes once nothing holds it: the REPL runtimes are gone
if builtin lunatik_data; then
	ktap_test_skip_why "lunatik_data.ko unloads once its buffers are gone" "built in"
else
	for _ in $(seq 10); do
		unload_with_holders lunatik_data && break
		sleep 0.5
	done
	[ ! -d /sys/module/lunatik_data ]
	ktap_test_result "lunatik_data.ko unloads once its buffers are gone" test $? -eq 0
fi

ktap_finished
