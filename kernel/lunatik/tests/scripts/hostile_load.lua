-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: bytecode smuggled through load()
local f = assert(load(string.dump(function() return 1 end), "x", "b"))
f()
