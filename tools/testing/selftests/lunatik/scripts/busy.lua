-- SPDX-License-Identifier: GPL-2.0 OR MIT
--
-- /dev/lunatik_busy, whose runtime is busy: "lunatik spawn" runs the
-- function the script returns, which spins with the runtime held until
-- the thread is stopped.

local device = require("device")

device.new{name = "lunatik_busy", mode = 0444, read = function() return "" end}

return function()
	while true do end
end
