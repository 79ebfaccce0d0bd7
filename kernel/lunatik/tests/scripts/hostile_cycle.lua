-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: a runtime given to itself would never be released
local rt = require("lunatik").runtime("lunatik_test/resume_child")
rt:resume(rt)
