-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: a syntax error on line 4

x = = 1
