-- SPDX-License-Identifier: GPL-2.0 OR MIT
--
-- /lib/modules/lua/passwd.lua: /dev/passwd, a character device whose
-- reads give random printable ASCII characters, to make passwords.
--
-- usage: $ sudo lunatik run passwd
--        $ head -c 16 /dev/passwd
--        $ sudo lunatik stop passwd

local device = require("device")
local linux = require("linux")

local function nop() end -- open and release have nothing to do

local s = linux.stat
local driver = {name = "passwd", open = nop, release = nop, mode = s.IRUGO}

-- read(2): one character per call, from ' ' (32) to '~' (126)
function driver:read()
	return string.char(linux.random(32, 126))
end

-- the device stays until the script is stopped
device.new(driver)
