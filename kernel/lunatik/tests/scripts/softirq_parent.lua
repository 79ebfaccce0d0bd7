-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: a softirq runtime may not create runtimes
require("lunatik").runtime("lunatik_test/hello")
