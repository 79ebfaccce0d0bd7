-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- selftests/lunatik: a body that says when it starts, then sleeps until
-- its client gets a signal (a minute at most): its runtime is "starting"
-- meanwhile. The sleep is interruptible: a SIGSTOP to the client ends it
-- without killing the client.
print("selftest_lunatik: sleeper starting")
local left = require("linux").schedule(60000)
print("selftest_lunatik: sleeper woken " .. (left > 0 and "early" or "late"))
