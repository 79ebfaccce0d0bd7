-- SPDX-License-Identifier: GPL-2.0
--
-- netdev.lua's child runtime (notifier.sh): its first resume, from a
-- device callback, registers and deletes a netdevice notifier, so that
-- RTNL is taken while this runtime is held; the next ones, from the
-- netdevice callback, hold RTNL already and only count.
local notifier = require("notifier")

local calls = 0

return function()
	calls = calls + 1
	if calls == 1 then
		notifier.netdevice(function() end):delete()
	end
end
