-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: a Lua module from the registry (process runtimes only)
answer = require("kunit_registry").answer
