-- SPDX-License-Identifier: GPL-2.0 OR MIT
--
-- rt:resume(c) passes a completion to the function, which returns a
-- closure that completes it: the closure is then the runtime's function,
-- the one thread.run() and the next rt:resume() call.

return function(c)
	return function()
		c:complete()
	end
end
