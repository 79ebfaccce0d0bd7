-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: endless recursion through C
local t = setmetatable({}, {__index = function(t, k) return t[k] end})
return t.x
