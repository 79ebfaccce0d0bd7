-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: floating point
return 1 / 3
