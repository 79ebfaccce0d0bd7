-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_bench: a trivial handler
function f(x)
	return x
end
