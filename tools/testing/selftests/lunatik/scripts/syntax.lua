-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- selftests/lunatik: a syntax error on line 4
local ok = true
local = 1
