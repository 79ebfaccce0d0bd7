-- SPDX-License-Identifier: GPL-2.0 OR MIT
--
-- /lib/modules/lua/examples/systrack.lua: /dev/systrack counts the calls
-- of a few system calls since the script started, with a kprobe on the
-- function each one runs.
--
-- usage: $ sudo lunatik run examples/systrack
--        $ cat /dev/systrack
--        $ sudo lunatik stop examples/systrack

local device = require("device")
local linux = require("linux")
local probe = require("probe")
local systab = require("syscall.table")

local syscalls = {"openat", "read", "write", "readv", "writev", "close"}
local counts = {}

-- the probes stay until the script is stopped
for _, name in ipairs(syscalls) do
	counts[name] = 0
	probe.new(systab[name], {pre = function()
		counts[name] = counts[name] + 1
	end})
end

-- an operation the driver does not define fails with ENXIO
local function nop() end
local driver = {name = "systrack", open = nop, release = nop, mode = linux.stat.IRUGO}

-- read(2): "name: count" lines, read to their end
function driver:read(length, offset)
	local lines = {}
	for _, name in ipairs(syscalls) do
		lines[#lines + 1] = string.format("%s: %d\n", name, counts[name])
	end
	return table.concat(lines):sub(offset + 1, offset + length)
end

device.new(driver)
