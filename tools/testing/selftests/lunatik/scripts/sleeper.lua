-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- selftests/lunatik: a body that takes five seconds to run, and says when
-- it starts: its runtime is "starting" meanwhile
print("selftest_lunatik: sleeper starting")
require("linux").schedule(5000)
