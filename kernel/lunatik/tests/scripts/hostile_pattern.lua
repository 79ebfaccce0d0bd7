-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: a pattern that recurses too deep
local s = string.rep("a", 300)
return string.find(s, string.rep("a?", 300) .. s)
