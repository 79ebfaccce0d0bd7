-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: a runtime error in the body
local t = nil
return t.field
