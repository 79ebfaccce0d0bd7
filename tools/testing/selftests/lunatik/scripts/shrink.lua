-- SPDX-License-Identifier: GPL-2.0 OR MIT
--
-- Tables grown to 8 MiB, then shrunk to one slot and kept: the quota must
-- count what the kernel still holds for them.

local tables = {}
for n = 1, 6 do
	local t = {}
	for i = 1, 1 << 19 do t[i] = i end	-- an array part of 8 MiB
	for i = 2, 1 << 19 do t[i] = nil end
	t.x = true	-- a new key: the table is rehashed, its array shrinks
	tables[n] = t
end
keep = tables
