-- SPDX-License-Identifier: GPL-2.0 OR MIT
--
-- A runtime's function stops the thread made for that runtime, while it
-- holds the runtime (runtime:resume), so the thread waits for it.

local lunatik = require("lunatik")
local thread = require("thread")

local child = lunatik.runtime("selftest_lunatik/stopown_child")
local t = thread.run(child, "lunatik_stopown")
local ok, err = pcall(child.resume, child, t)
print("stopown: " .. tostring(err))
child:stop()
