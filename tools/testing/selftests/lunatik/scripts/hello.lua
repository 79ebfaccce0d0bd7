-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- selftests/lunatik: a script that loads and keeps nothing running
answer = 6 * 7
