-- SPDX-License-Identifier: GPL-2.0 OR MIT
--
-- Another driver named like echodev's: device.new() must refuse it.

local device = require("device")

device.new({name = "lunatik_echo"})
