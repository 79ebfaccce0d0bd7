-- SPDX-License-Identifier: GPL-2.0
--
-- A netdevice notifier (notifier.sh): its callback logs "<EVENT> <name>"
-- lines for the devices whose name starts with "lkt", which
-- /dev/lunatik_netdev reads. Writing "delete" deletes the notifier;
-- "again" makes the callback try to register another notifier, which
-- must fail (it runs holding RTNL); "bad" makes it return a value that
-- is no notifier.notify one; "resume" resumes a child runtime that takes
-- RTNL, then makes the callback resume it again, holding RTNL.
local device = require("device")
local lunatik = require("lunatik")
local notifier = require("notifier")

local child = lunatik.runtime("selftest_lunatik/rtnl_child")

local names = {}
for name, value in pairs(notifier.netdev) do
	names[value] = name
end

local log = {}
local mode = "log"

local n = notifier.netdevice(function(event, name)
	if not name:match("^lkt") then
		return notifier.notify.DONE
	end
	log[#log + 1] = names[event] .. " " .. name
	if mode == "again" then
		mode = "log"
		local ok, err = pcall(notifier.netdevice, function() end)
		log[#log + 1] = tostring(ok) .. " " .. err
	elseif mode == "resume" then
		mode = "log"
		log[#log + 1] = "resume " .. tostring(pcall(child.resume, child))
	elseif mode == "bad" then
		mode = "log"
		return 42
	end
	return notifier.notify.OK
end)

local function nop() end
local driver = {name = "lunatik_netdev", open = nop, release = nop}

function driver:read(length, offset)
	return (table.concat(log, "\n") .. "\n"):sub(offset + 1, offset + length)
end

function driver:write(data)
	local command = data:match("^%a+")
	if command == "delete" then
		n:delete()
	elseif command == "resume" then
		child:resume()
		mode = command
	else
		mode = command
	end
end

device.new(driver)
