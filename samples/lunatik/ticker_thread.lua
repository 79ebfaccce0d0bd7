-- SPDX-License-Identifier: GPL-2.0 OR MIT
--
-- /lib/modules/lua/examples/ticker_thread.lua: the thread of
-- examples/ticker. Its first resume, runtime:resume(ticks, started), only
-- passes the objects: the function yields, and the thread resumes it.

local thread = require("thread")
local linux = require("linux")

return function(ticks, started)
	coroutine.yield()
	started:complete()
	-- thrd:stop() wakes linux.schedule() and makes shouldstop() true
	while not thread.shouldstop() do
		linux.schedule(1000)
		ticks:setnumber(0, ticks:getnumber(0) + 1)
	end
end
