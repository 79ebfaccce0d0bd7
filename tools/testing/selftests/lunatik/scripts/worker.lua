-- SPDX-License-Identifier: GPL-2.0
--
-- A thread's function that ends by itself after about three seconds
-- (thread.sh): its runtime and thread objects may be dropped meanwhile.
local linux = require("linux")

return function()
	for _ = 1, 30 do
		linux.schedule(100)
	end
end
