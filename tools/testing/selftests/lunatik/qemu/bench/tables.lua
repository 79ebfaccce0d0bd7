-- SPDX-License-Identifier: GPL-2.0 OR MIT
--
-- make bench (bench_vm.sh), allocation-bound: many small tables, most of
-- them garbage at once, a thousand kept alive at a time.
local keep = {}
for i = 1, 1500000 do
	keep[i % 1000 + 1] = {i, i + 1, x = i}
end
return #keep
