// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * A kernel module that only registers a Lua module, as
 * Documentation/lunatik/c-api.rst shows it (it includes this file):
 * require("mydev") loads it by its alias, and mydev.answer() is 42.
 */
#include <linux/lunatik.h>
#include <linux/module.h>

static int mydev_answer(lua_State *L)
{
	lua_pushinteger(L, 42);
	return 1;
}

static const luaL_Reg mydev_lib[] = {
	{ "answer", mydev_answer },
	{ NULL, NULL }
};

/* lunatik_module_mydev, and MODULE_ALIAS("lunatik-mydev") */
DEFINE_LUNATIK_MODULE(mydev, mydev_lib, LUNATIK_IN_ANY);
module_lunatik(mydev);

MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("Lunatik sample: a Lua module in a kernel module of its own");
