-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: a finalizer that never ends, run by a callback
function arm()
	setmetatable({}, {__gc = function() while true do end end})
	collectgarbage()
	-- a call of a Lua function: a step, which fails once the budget is spent
	return (function(s) return s end)("survived")
end

function alive()
	return "alive"
end
