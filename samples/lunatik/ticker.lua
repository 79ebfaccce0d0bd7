-- SPDX-License-Identifier: GPL-2.0 OR MIT
--
-- /lib/modules/lua/examples/ticker.lua: a kernel thread counts seconds;
-- /dev/ticker reads the count.
--
-- The thread runs the function that examples/ticker_thread returns, in a
-- runtime of its own; runtime:resume() gives that function the counter (a
-- data buffer) and a completion, then the thread resumes it. Stopping this
-- script stops the runtime it created, and with it the thread.
--
-- usage: $ sudo lunatik run examples/ticker
--        $ cat /dev/ticker
--        $ sudo lunatik stop examples/ticker

local lunatik = require("lunatik")
local thread = require("thread")
local completion = require("completion")
local data = require("data")
local device = require("device")
local linux = require("linux")

local ticks = data.new(8)
local started = completion.new()

local worker = lunatik.runtime("examples/ticker_thread")
worker:resume(ticks, started)
local ticker = thread.run(worker, "ticker")
assert(started:wait(5000), "the ticker thread did not start")

local function nop() end

local driver = {name = "ticker", open = nop, release = nop, mode = linux.stat.IRUGO}

-- what this script keeps: its runtime and thread are stopped once it stops
driver.worker, driver.thread = worker, ticker

function driver:read(length, offset)
	if offset > 0 then
		return ""	-- one line per open
	end
	return string.format("%d seconds\n", ticks:getnumber(0))
end

device.new(driver)
