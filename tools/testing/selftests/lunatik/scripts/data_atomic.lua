-- SPDX-License-Identifier: GPL-2.0 OR MIT
--
-- A softirq runtime's script for data.sh: what such a runtime may
-- and may not do with the "data" module.

local data = require("data")
return function(d)
	local own = data.new(64)	-- allocated in softirq context
	assert(#own == 64 and own:getnumber(56) == 0)
	d:setuint32(0, 0xdeadbeef)
	d:setstring(4, "softirq")
end
