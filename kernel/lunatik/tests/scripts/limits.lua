-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: a script that needs about 1 MiB, and a loop to count
big = string.rep("x", 1 << 20)

function loop(n)
	for i = 1, n do end
	return n
end
