-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: a string larger than the quota
return string.rep("x", 1 << 30)
