-- SPDX-License-Identifier: GPL-2.0 OR MIT
--
-- make soak: a cycle. The body allocates (tables, strings), makes objects
-- (a data buffer, a completion, /dev/lunatik_soak), catches errors (its
-- own, and device.new() refusing a name in use), then returns the
-- function the driver (soak.lua) resumes with its counter, a data buffer
-- this runtime then holds too, until it is stopped.

local data = require("data")
local completion = require("completion")
local device = require("device")

local t = {}
for i = 1, 32 do
	t[i] = {n = i, s = string.rep(string.format("soak %d ", i), i % 4 + 1)}
end
assert(#t == 32 and t[32].s == "soak 32 ")

local words = {}
for word in ("data completion device"):gmatch("%a+") do
	words[#words + 1] = word:upper()
end
local line = table.concat(words, ",")
assert(line == "DATA,COMPLETION,DEVICE")

local buf = data.new(4096)
buf:setstring(#buf - #line, line)
assert(buf:getstring(#buf - #line) == line)

local done = completion.new()
assert(done:wait(0) == nil)
done:complete()
assert(done:wait(0) == true)

local function nop() end
local driver = {name = "lunatik_soak", open = nop, release = nop}

function driver:read(length, offset)
	return offset == 0 and line or ""
end

local dev = device.new(driver)

local ok, err = pcall(error, "soak: caught")
assert(not ok and err == "soak: caught")
ok, err = pcall(device.new, {name = "lunatik_soak"})
assert(not ok and err:find("lunatik_soak exists", 1, true))
ok = pcall(function() return t.missing.field end)
assert(not ok)

local held

return function(counter)
	held = counter
	held:setuint32(0, held:getuint32(0) + 1)
	assert(dev and #buf == 4096)
end
