-- SPDX-License-Identifier: GPL-2.0 OR MIT
--
-- rt:resume(c, ready, result) passes two completions and a data buffer,
-- then thread.run() resumes the function in the thread: it completes
-- ready, waits for c without a timeout, and writes what wait() returned
-- in the buffer ("true", or the reason: "timeout", "interrupt").

return function(c, ready, result)
	coroutine.yield()
	ready:complete()
	local ok, why = c:wait()
	result:setstring(0, ok and "true" or why)
end
