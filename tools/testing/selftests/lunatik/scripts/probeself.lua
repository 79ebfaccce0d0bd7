-- SPDX-License-Identifier: GPL-2.0
--
-- A probe on a function its own handler calls (probe.sh): every hook
-- call pushes an integer (lua_pushinteger), the reads of
-- /dev/lunatik_probeself too, and they give the handler's count.
local device = require("device")
local probe = require("probe")

local n = 0
probe.new("lua_pushinteger", {pre = function()
	n = n + 1
end})

local function nop() end
local driver = {name = "lunatik_probeself", open = nop, release = nop}

function driver:read(length, offset)
	if offset > 0 then
		return ""
	end
	return n .. "\n"
end

device.new(driver)
