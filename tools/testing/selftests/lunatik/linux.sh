#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The "linux" Lua module, through the REPL of the lunatik tool: loaded by
# require(); its errno and stat tables against the kernel's headers (as
# lunatik_consts prints them); byte order conversions; random numbers in
# their interval; the time; linux.schedule() sleeping, in process
# runtimes only, and in valid task states only.

source "$(dirname "$(readlink -f "$0")")"/lib.sh

ktap_print_header
ktap_set_plan 14

modprobe lunatik || ktap_exit_fail_msg "modprobe lunatik failed"
here=$(dirname "$(readlink -f "$0")")

install_scripts

# modular, it is unloaded for require() to load it
require_binding lunatik_linux
unloaded=$?

# each chunk returns a tag, then its result
run_chunks <<'LUA'
linux = require("linux")
return "loaded", type(linux)
function dump(t) local l = {} for k, v in pairs(t) do l[#l + 1] = k .. "=" .. v end table.sort(l) return table.concat(l, " ") end
return "errno", dump(linux.errno)
return "stat", dump(linux.stat)
return "task", dump(linux.task)
cases = {
	{ "hton16", 0x1234, 0x3412 }, { "ntoh16", 0x3412, 0x1234 },
	{ "htobe16", 0x1234, 0x3412 }, { "be16toh", 0x3412, 0x1234 },
	{ "htole16", 0x1234, 0x1234 }, { "le16toh", 0x1234, 0x1234 },
	{ "hton32", 0x12345678, 0x78563412 }, { "ntoh32", 0x78563412, 0x12345678 },
	{ "htobe32", 0x12345678, 0x78563412 }, { "be32toh", 0x78563412, 0x12345678 },
	{ "htole32", 0x12345678, 0x12345678 }, { "le32toh", 0x12345678, 0x12345678 },
	{ "hton64", 0x0102030405060708, 0x0807060504030201 },
	{ "ntoh64", 0x0807060504030201, 0x0102030405060708 },
	{ "htobe64", 0x0102030405060708, 0x0807060504030201 },
	{ "be64toh", 0x0807060504030201, 0x0102030405060708 },
	{ "htole64", 0x0102030405060708, 0x0102030405060708 },
	{ "le64toh", 0x0102030405060708, 0x0102030405060708 },
	-- the low bits of the argument, and 16/32-bit results never negative
	{ "hton16", 0x7abcd1234, 0x3412 }, { "hton16", -1, 0xffff },
	{ "htole16", -2, 0xfffe }, { "hton32", 0x80, 0x80000000 },
	{ "hton32", 0x1122334455667788, 0x88776655 }, { "le32toh", -1, 0xffffffff },
	{ "hton64", 0x80, math.mininteger }, { "htole64", -1, -1 },
}
function check() local bad = {} for _, c in ipairs(cases) do local got = linux[c[1]](c[2]) if got ~= c[3] then bad[#bad + 1] = string.format("%s(0x%x)=0x%x", c[1], c[2], got) end end return #bad == 0 and "ok" or table.concat(bad, " ") end
return "order", check()
function roundtrip()
	for i = 1, 200 do
		local x = linux.random()
		for _, w in ipairs({ 16, 32, 64 }) do
			local m = w == 64 and x or x & ((1 << w) - 1)
			for _, p in ipairs({ { "hton", "ntoh" }, { "htobe", "be" }, { "htole", "le" } }) do
				local back = p[2] == "ntoh" and "ntoh" .. w or p[2] .. w .. "toh"
				if linux[back](linux[p[1] .. w](x)) ~= m then return string.format("%s(%s(0x%x))", back, p[1] .. w, x) end
			end
		end
	end
	return "ok"
end
return "roundtrip", roundtrip()
function inrange(m, n, draws) for i = 1, draws do local r = n and linux.random(m, n) or linux.random(m) local low = n and m or 1 if r < low or r > (n or m) then return string.format("%d not in [%d, %d]", r, low, n or m) end end return "ok" end
return "ranges", inrange(1, 4, 1000), inrange(-3, 3, 1000), inrange(6, nil, 1000), inrange(5, 5, 10), inrange(-(1 << 62), 1 << 62, 1000), inrange(math.maxinteger - 2, math.maxinteger, 100), inrange(math.mininteger, -1, 1000), inrange(math.mininteger, math.maxinteger, 10)
function covers() local seen, n = {}, 0 for i = 1, 1000 do local r = linux.random(1, 4) if not seen[r] then seen[r] = true n = n + 1 end end return n end
function high() for i = 1, 100 do if linux.random(0, (1 << 33) - 1) >= 1 << 32 then return "yes" end end return "no" end
function signs(...) local neg, pos = false, false for i = 1, 100 do local r = linux.random(...) neg = neg or r < 0 pos = pos or r > 0 end return neg and pos end
return "cover", covers(), high(), signs(), signs(0)
function fails(f, ...) local ok, e = pcall(f, ...) return ok and "no error" or e end
return "empty", fails(linux.random, 5, 4)
return "empty1", fails(linux.random, -1)
return "args", fails(linux.random, 1, 2, 3)
return "time", linux.time()
t1 = linux.time()
return "slept", linux.schedule(10), linux.time() - t1 >= 10000000
function states() local n = 0 for name, s in pairs(linux.task) do local ok, left = pcall(linux.schedule, 0, s) if not ok or left ~= 0 then return name .. ": " .. tostring(left) end n = n + 1 end return n end
return "states", states()
return "badstate", fails(linux.schedule, 10, 3), fails(linux.schedule, 10, 0x100), fails(linux.schedule, 10, -1)
return "negative", fails(linux.schedule, -1)
rt = require("lunatik").runtime("selftest_lunatik/linux_atomic", false)
ok, e = pcall(rt.resume, rt)
return "atomic", ok, e:find("linux.schedule: cannot sleep in a softirq runtime", 1, true) ~= nil
rt:stop()
return "end", "still here"
LUA
now=$(date +%s%N)
rm -f "$CHUNKS_ERR"

# $1 and $2, the values of $1 and $2 one per line, sorted the same
same() {
	diff <(tr ' ' '\n' <<<"$1" | LC_ALL=C sort) <(LC_ALL=C sort <<<"$2") >/dev/null
}

[ $unloaded -eq 0 ] && [ "$(value loaded)" = table ] && present lunatik_linux
ktap_test_result "require(\"linux\") loads lunatik_linux" test $? -eq 0

consts=$("$here"/lunatik_consts errno)
echo "# lunatik_consts errno: $(tr "\n" " " <<<"$consts")"
[ -n "$consts" ] && [ "$(wc -l <<<"$consts")" -eq 34 ] && same "$(value errno)" "$consts"
ktap_test_result "linux.errno is errno-base.h's 34 constants" test $? -eq 0

consts=$("$here"/lunatik_consts stat)
echo "# lunatik_consts stat: $(tr "\n" " " <<<"$consts")"
[ -n "$consts" ] && same "$(value stat)" "$consts"
ktap_test_result "linux.stat is the kernel's S_I* permissions" test $? -eq 0

[ "$(value task)" = "IDLE=1026 INTERRUPTIBLE=1 KILLABLE=258 RUNNING=0 UNINTERRUPTIBLE=2" ]
ktap_test_result "linux.task has the five task states" test $? -eq 0

# the expected values are those of a little-endian host
if ! little_endian; then
	ktap_test_skip_why "byte order conversions give the known values" "big-endian host"
else
	[ "$(value order)" = ok ]
	ktap_test_result "byte order conversions give the known values" test $? -eq 0
fi

[ "$(value roundtrip)" = ok ]
ktap_test_result "byte order conversions round trip at 16, 32 and 64 bits" test $? -eq 0

[ "$(value ranges)" = "$(printf 'ok\tok\tok\tok\tok\tok\tok\tok')" ]
ktap_test_result "linux.random(m, n) and random(m) stay in their interval" test $? -eq 0

[ "$(value cover)" = "$(printf '4\tyes\ttrue\ttrue')" ]
ktap_test_result "linux.random covers its interval; random() has all 64 bits" test $? -eq 0

[[ "$(value empty)" == *"interval is empty"* ]] && [[ "$(value empty1)" == *"interval is empty"* ]] &&
	[[ "$(value args)" == *"wrong number of arguments"* ]]
ktap_test_result "an empty interval or three arguments are errors" test $? -eq 0

t=$(value time)
echo "# linux.time() $t, date $now"
[ -n "$t" ] && [ "$t" -gt 0 ] && [ $(((now - t) / 1000000000)) -le 5 ] &&
	[ $(((t - now) / 1000000000)) -le 5 ] && [ "$(value slept)" = "$(printf '0\ttrue')" ]
ktap_test_result "linux.time() is the time of day in ns, and advances" test $? -eq 0

start=$(date +%s%N)
left=$(timeout 60 "$(lunatik_tool)" <<<'return require("linux").schedule(100)')
ms=$((($(date +%s%N) - start) / 1000000))
echo "# schedule(100) returned '$left' after $ms ms"
[ "$left" = 0 ] && [ $ms -ge 100 ]
ktap_test_result "linux.schedule(100) sleeps 100 ms and returns 0 ms left" test $? -eq 0

[ "$(value states)" = 5 ] && [ "$(value negative)" != "no error" ] &&
	[ "$(grep -o 'not a state of linux.task' <<<"$(value badstate)" | wc -l)" -eq 3 ]
ktap_test_result "linux.schedule takes the linux.task states only" test $? -eq 0

[ "$(value atomic)" = "$(printf 'false\ttrue')" ]
ktap_test_result "linux.schedule is an error in a softirq runtime" test $? -eq 0

[ "$(value end)" = "still here" ]
ktap_test_result "the session ran to its end" test $? -eq 0

ktap_finished
