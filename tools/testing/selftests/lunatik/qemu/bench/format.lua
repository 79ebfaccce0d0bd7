-- SPDX-License-Identifier: GPL-2.0 OR MIT
--
-- make bench (bench_vm.sh), allocation-bound: string.format.
local n = 0
for i = 1, 750000 do
	n = n + #string.format("%d:%s:%x", i, "key", i * 3)
end
return n
