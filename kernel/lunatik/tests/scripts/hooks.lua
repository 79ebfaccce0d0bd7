-- SPDX-License-Identifier: GPL-2.0 OR MIT
--
-- The runtime model (lunatik_hook_kunit.c): a hardirq hook whose callback
-- counts its calls and keeps the last value; some values ask it to sleep,
-- to fire its own hook, to allocate, to use what may sleep, to keep the
-- data view of the kernel buffer it receives, to stop a runtime, or to
-- fire the hook of another runtime (other, which the test sets).
local testhook = require("testhook")
local linux = require("linux")
local lunatik = require("lunatik")

calls = 0
last = nil

hook = testhook.new(function(n, view)
	calls = calls + 1
	last = n
	if n == -1 then
		local _, err = pcall(linux.schedule, 1)
		sleeperror = err
	elseif n == -2 then
		local _, err = hook:fire(7)
		reentry = err
	elseif n == -4 then
		_, newerror = pcall(lunatik.runtime, "lunatik_test/hello")
		_, resumeerror = pcall(child.resume, child)
		_, loaderror = loadfile("/lib/modules/lua/lunatik_test/hello.lua")
	elseif n == -5 then
		saved = view
		seen = view:getstring(0)
		view:setbyte(0, string.byte("V"))
		seen = seen .. "|" .. view:getstring(0) .. "|" .. #view
	elseif n == -6 then
		child:stop()
	elseif n == -7 then
		local _, err = other:fire(1)
		nested = err
	elseif n == -3 then
		local t = {}
		for i = 1, 20000 do
			t[i] = tostring(i)
		end
		built = #t
	end
	return n + 1
end)

-- a runtime object, which a callback entered from atomic context may not use
child = lunatik.runtime("lunatik_test/hello")

-- a process-context hook the script fires itself, owning its runtime
phook = testhook.new(function(n)
	pcalls = (pcalls or 0) + 1
	return n
end, "process")

-- the view a callback kept, used after its callback returned
function use_saved()
	local _, err = pcall(saved.getstring, saved, 0)
	return err
end

function fire_process(n)
	local r, err = phook:fire(n)
	return err or r
end
