-- SPDX-License-Identifier: GPL-2.0 OR MIT
--
-- A softirq runtime's script for linux.sh: what such a runtime may
-- and may not do with the "linux" module.

local linux = require("linux")
return function()
	-- all but schedule() work here
	assert(linux.random(1, 6) <= 6 and linux.time() > 0 and linux.ntoh16(linux.hton16(1)) == 1)
	linux.schedule(1)
end
