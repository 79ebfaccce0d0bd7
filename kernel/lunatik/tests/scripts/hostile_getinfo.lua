-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: the C function that runs the body, called with a number
local info = debug.getinfo(2, "f")
if not info or not info.func then
	error("getinfo gives no C function")
end
info.func(42)
