-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- selftests/lunatik: a spawned function that runs until its thread stops
return function()
	while true do end
end
