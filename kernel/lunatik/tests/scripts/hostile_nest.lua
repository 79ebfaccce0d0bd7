-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: runtimes creating runtimes without end
require("lunatik").runtime("lunatik_test/hostile_nest")
