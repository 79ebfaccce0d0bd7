-- SPDX-License-Identifier: GPL-2.0
--
-- A kprobe on the sync(2) system call with Lua handlers (probe.sh), found
-- by symbol or, with "address" written first, through syscall.table.
-- /dev/lunatik_probe reads "<pre> <post> <what the handlers got>", the
-- counts of the handlers' calls; writing "enable", "disable", "show"
-- (the next pre handler shows the registers and stack) or "stop" drives
-- the probe.
local device = require("device")
local probe = require("probe")
local syscall = require("syscall")
local systab = require("syscall.table")

local pre, post, got = 0, 0, "none"
local show = false

local handlers = {
	pre = function(target, shower)
		pre = pre + 1
		got = type(target) == "string" and target or
			(target == systab.sync and "sync's address" or "another address")
		if show then
			show = false
			shower()
		end
	end,
	post = function()
		post = post + 1
	end,
}

local p = probe.new("__x64_sys_sync", handlers)

local function nop() end
local driver = {name = "lunatik_probe", open = nop, release = nop}

function driver:read(length, offset)
	if offset > 0 then
		return ""
	end
	return string.format("%d %d %s\n", pre, post, got)
end

local commands = {
	enable = function() p:enable(true) end,
	disable = function() p:enable(false) end,
	show = function() show = true end,
	stop = function() p:stop() end,
	address = function()
		p:stop()
		assert(syscall.address(syscall.number("sync")) == systab.sync)
		p = probe.new(systab.sync, handlers)
	end,
}

function driver:write(data)
	commands[data:match("^%a+")]()
end

device.new(driver)
