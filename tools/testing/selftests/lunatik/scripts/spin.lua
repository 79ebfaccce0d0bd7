-- SPDX-License-Identifier: GPL-2.0 OR MIT
--
-- A function for thread.run() that never ends by itself: only the hook
-- that sees the thread asked to stop ends it.

return function()
	local n = 0
	while true do
		n = n + 1
	end
end
