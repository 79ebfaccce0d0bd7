-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: the temporaries of C functions, through debug.getlocal
local found = {}
setmetatable({}, {__gc = function()
	for level = 1, 10 do
		for i = 1, 10 do
			local name, value = debug.getlocal(level, i)
			if type(value) == "table" then found[#found + 1] = value end
		end
	end
end})
collectgarbage()
error("no debug.getlocal: " .. tostring(debug.getlocal))
