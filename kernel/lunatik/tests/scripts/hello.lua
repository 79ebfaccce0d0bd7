-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: a script whose body sets globals
answer = 6 * 7
function double(n) return 2 * n end
