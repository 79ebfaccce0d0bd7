-- SPDX-License-Identifier: GPL-2.0 OR MIT
--
-- /lib/modules/lua/mydevice.lua: what /dev/mydevice reads,
-- for samples/lunatik/mydevice.ko
function myread(len, off)
	return "42"
end
