-- SPDX-License-Identifier: GPL-2.0 OR MIT
--
-- make soak: the driver, a module that a process runtime (the REPL's of
-- qemu/soak.sh) requires and calls:
--
--	require("selftest_lunatik.soak")(cycles, every, first)
--
-- runs soak_cycle.lua in a new runtime, resumes it and stops it, cycles
-- times in a row. Cycle i (counted from first + 1) runs soak_fail.lua
-- instead when every divides i: its body fails, so the run must be
-- refused. Each runtime that ran is resumed with a data buffer whose
-- counter it increments, which shows that its body really ran. Returns
-- "soak", the runs and the refusals; the first cycle that goes otherwise
-- raises an error.

local lunatik = require("lunatik")
local data = require("data")

local dir = "selftest_lunatik/"

return function(cycles, every, first)
	local counter = data.new(8)
	local ran, refused = 0, 0

	counter:setuint32(0, 0)
	for i = first + 1, first + cycles do
		if i % every == 0 then
			local ok, err = pcall(lunatik.runtime, dir .. "soak_fail")
			if ok then
				err:stop()
				error(string.format("cycle %d: soak_fail ran", i))
			end
			if not tostring(err):find("cannot run", 1, true) then
				error(string.format("cycle %d: %s", i, tostring(err)))
			end
			refused = refused + 1
		else
			local rt = lunatik.runtime(dir .. "soak_cycle")

			rt:resume(counter)
			rt:stop()
			ran = ran + 1
		end
	end
	if counter:getuint32(0) ~= ran then
		error(string.format("%d runs, but %d resumes counted", ran,
			counter:getuint32(0)))
	end
	return "soak", ran, refused
end
