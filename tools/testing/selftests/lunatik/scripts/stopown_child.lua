-- SPDX-License-Identifier: GPL-2.0 OR MIT
--
-- stopown.lua's runtime: resumed with its thread, it lets the thread
-- block on the runtime, then stops it; run by the thread, it returns.

local linux = require("linux")

return function(t)
	if t then
		linux.schedule(200)
		t:stop()
	end
end
