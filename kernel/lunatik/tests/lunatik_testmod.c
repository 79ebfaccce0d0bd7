// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * A Lua module in its own kernel module, for lunatik_kunit: scripts get
 * it with require("testmod"), which loads this module on demand, and can
 * read how many references this module has.
 */
#include <linux/module.h>
#include <linux/lunatik.h>

static int testmod_refcount(lua_State *L)
{
	lua_pushinteger(L, module_refcount(THIS_MODULE));
	return 1;
}

static int luaopen_testmod(lua_State *L)
{
	lua_newtable(L);
	lua_pushcfunction(L, testmod_refcount);
	lua_setfield(L, -2, "refcount");
	return 1;
}

DEFINE_LUNATIK_MODULE_OPEN(testmod, luaopen_testmod, LUNATIK_IN_ANY);
module_lunatik(testmod);
MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("A Lua module loaded on demand, for the Lunatik KUnit tests");
