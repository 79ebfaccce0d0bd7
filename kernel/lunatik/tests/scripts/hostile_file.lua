-- SPDX-License-Identifier: GPL-2.0 OR MIT
-- lunatik_kunit: loading what is not a regular file (a directory here;
-- selftests/lunatik/hostile.sh loads devices, which a boot from an
-- initramfs may not have)
local f, err = loadfile("/lib/modules/lua/lunatik_test")
error(err, 0)
