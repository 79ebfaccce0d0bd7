-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: more memory than a runtime's quota (32 MiB by default)
local t = {}
for i = 1, 64 do t[i] = string.rep("x", 1 << 20) .. i end
