-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: the C API's lunatik_run() example
function myread(len, off)
	return "42"
end
