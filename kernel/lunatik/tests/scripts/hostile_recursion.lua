-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: endless Lua recursion
local function f() return 1 + f() end
f()
