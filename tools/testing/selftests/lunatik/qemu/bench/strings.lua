-- SPDX-License-Identifier: GPL-2.0 OR MIT
--
-- make bench (bench_vm.sh), allocation-bound: strings built by
-- concatenation and table.concat.
local n = 0
for _ = 1, 40 do
	local parts = {}
	for i = 1, 20000 do
		parts[#parts + 1] = "item" .. i
	end
	n = n + #table.concat(parts, ",")
end
return n
