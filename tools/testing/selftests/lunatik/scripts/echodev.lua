-- SPDX-License-Identifier: GPL-2.0 OR MIT
--
-- /dev/lunatik_echo: a read gives what the last write wrote and the
-- offset it was written at, as "<data>@<offset>", once per open; opens
-- and releases are counted in the line too.

local device = require("device")
local linux = require("linux")

local last, at, opens, releases = "", -1, 0, 0
local driver = {name = "lunatik_echo", mode = linux.stat.IRUGO | linux.stat.IWUGO}

function driver:open()
	opens = opens + 1
end

function driver:release()
	releases = releases + 1
end

function driver:read(length, offset)
	if offset > 0 then
		return ""
	end
	return string.format("%s@%d %d/%d\n", last, at, opens, releases)
end

function driver:write(data, offset)
	last, at = data, offset
end

device.new(driver)
