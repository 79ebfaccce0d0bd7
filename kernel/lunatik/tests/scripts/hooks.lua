-- SPDX-License-Identifier: GPL-2.0 OR MIT
--
-- The runtime model (lunatik_hook_kunit.c): a hardirq hook whose callback
-- counts its calls and keeps the last value; some values ask it to sleep,
-- to fire its own hook, or to allocate.
local testhook = require("testhook")
local linux = require("linux")

calls = 0
last = nil

hook = testhook.new(function(n)
	calls = calls + 1
	last = n
	if n == -1 then
		local _, err = pcall(linux.schedule, 1)
		sleeperror = err
	elseif n == -2 then
		local _, err = hook:fire(7)
		reentry = err
	elseif n == -3 then
		local t = {}
		for i = 1, 20000 do
			t[i] = tostring(i)
		end
		built = #t
	end
	return n + 1
end)

-- a process-context hook the script fires itself, owning its runtime
phook = testhook.new(function(n)
	pcalls = (pcalls or 0) + 1
	return n
end, "process")

function fire_process(n)
	local r, err = phook:fire(n)
	return err or r
end
