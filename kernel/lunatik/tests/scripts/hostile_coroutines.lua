-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: a chain of coroutines, each resuming the next after the
-- next has yielded once, deeper than the kernel stack allows
local function chain(n)
	local co = coroutine.create(function()
		coroutine.yield()
		if n > 0 then
			local next = chain(n - 1)
			local ok, err = coroutine.resume(next)
			if not ok then error(err, 0) end
		end
	end)
	local ok, err = coroutine.resume(co)
	if not ok then error(err, 0) end
	return co
end

local ok, err = coroutine.resume(chain(1000))
error(err, 0)
