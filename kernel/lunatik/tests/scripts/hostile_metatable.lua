-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: an object whose reference would never be dropped
local rt = require("lunatik").runtime("lunatik_test/hello")
getmetatable(rt).__gc = nil
