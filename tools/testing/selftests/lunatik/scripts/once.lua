-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- selftests/lunatik: a spawned function that returns at once
return function()
	print("selftest_lunatik: the spawned function ran")
end
