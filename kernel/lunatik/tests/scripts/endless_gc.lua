-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: finalizers that never end, run when the runtime stops
keep = {}
for i = 1, 100 do
	keep[i] = setmetatable({}, {__gc = function() while true do end end})
end
