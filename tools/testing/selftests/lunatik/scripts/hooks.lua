-- SPDX-License-Identifier: GPL-2.0
--
-- One process runtime, two kinds of events (hooks.sh): the reads of
-- /dev/lunatik_hooks, in process context, and an hrtimer firing a test
-- hook every 200 us in hardirq context. Readers own the runtime while the
-- timer fires: its events run at once or wait in the backlog.
--
-- A read gives: callbacks run, C's counts of the timer's calls (run at
-- once, queued, dropped, refused, callbacks run) and the sum of the tick
-- numbers the callbacks saw. Writing "stop" stops the timer.
local device = require("device")
local testhook = require("testhook")

local ticks, sum = 0, 0
local timer = testhook.new(function(n)
	ticks = ticks + 1
	sum = sum + n
	return 0
end, "hardirq", 200000)

local function nop() end
local driver = {name = "lunatik_hooks", open = nop, release = nop}

function driver:read(length, offset)
	if offset > 0 then
		return ""
	end
	local ran, queued, dropped, refused, called = timer:counts()
	return string.format("%d %d %d %d %d %d %d\n", ticks, ran, queued, dropped,
		refused, called, sum)
end

function driver:write(data)
	if data:match("^stop") then
		timer:stop()
	end
end

device.new(driver)
