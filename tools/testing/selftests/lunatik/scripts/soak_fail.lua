-- SPDX-License-Identifier: GPL-2.0 OR MIT
--
-- make soak: a script whose body fails once it has made what
-- soak_cycle.lua makes, /dev/lunatik_soak included: its run is refused,
-- and all it made must go with its state.

local data = require("data")
local completion = require("completion")
local device = require("device")

local t = {}
for i = 1, 32 do
	t[i] = string.format("refused %d", i)
end
local buf = data.new(4096)
local done = completion.new()
local dev = device.new({name = "lunatik_soak"})

assert(buf and done and dev)
error(string.format("soak: refused on purpose (%d strings)", #t))
