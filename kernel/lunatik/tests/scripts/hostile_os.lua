-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: the libraries the kernel has not
os.execute("reboot")
