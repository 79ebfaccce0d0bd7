-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: a Lua module whose kernel module require() loads
local testmod = require("testmod")

function refcount()
	return testmod.refcount()
end
