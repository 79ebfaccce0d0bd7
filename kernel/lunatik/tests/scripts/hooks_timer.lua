-- SPDX-License-Identifier: GPL-2.0 OR MIT
--
-- A hook fired by an hrtimer every 100 us, in hardirq context, while the
-- runtime stops (lunatik_hook_kunit.c).
local testhook = require("testhook")

ticks = 0
timer = testhook.new(function(n)
	ticks = ticks + 1
	return 0
end, "hardirq", 100000)
