-- SPDX-License-Identifier: GPL-2.0 OR MIT
--
-- /dev/lunatik_fail: reads fail with a Lua error, writes are not
-- defined (-ENXIO); /dev/lunatik_noopen has no open function (-ENXIO).

local device = require("device")
local linux = require("linux")

local function nop() end

local fail = {name = "lunatik_fail", open = nop, release = nop, mode = linux.stat.IRUGO | linux.stat.IWUGO}

function fail:read()
	error("no data today")
end

device.new(fail)
device.new({name = "lunatik_noopen", mode = linux.stat.IRUGO})
