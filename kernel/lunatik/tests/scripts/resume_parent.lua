-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: runtime:resume(), its objects and its errors
local lunatik = require("lunatik")

local child = lunatik.runtime("lunatik_test/resume_child")
local softchild = lunatik.runtime("lunatik_test/resume_child", false)
local nofunction = lunatik.runtime("lunatik_test/hello")
local stopped = lunatik.runtime("lunatik_test/resume_child")
stopped:stop()

function pass(counter) child:resume(counter) end
function pass_soft(counter) softchild:resume(counter) end
function pass_value() child:resume(42) end
function pass_runtime() softchild:resume(child) end
function pass_itself() child:resume(child) end
function resume_nofunction() nofunction:resume() end
function resume_stopped() stopped:resume() end
function pass_nothing() child:resume() end
