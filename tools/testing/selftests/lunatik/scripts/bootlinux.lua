-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- selftests/lunatik: a boot script that requires a binding: modular,
-- require() loads lunatik_linux.ko, which needs lunatik.ko's symbols
local linux = require("linux")
started = linux.time()
print("selftest_lunatik: bootlinux has linux.time " .. type(started))
