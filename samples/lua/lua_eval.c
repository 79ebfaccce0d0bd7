// SPDX-License-Identifier: GPL-2.0
/*
 * Evaluate a Lua chunk in the kernel and log what it returns.
 *
 *	modprobe lua_eval chunk='return _VERSION, 6 * 7'
 *
 * The chunk runs once, at module load, in a Lua state of its own; the
 * module then stays loaded until it is removed. A chunk that fails to load
 * or to run makes the load fail with -EINVAL and logs the Lua error.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>

#include <linux/lua/lua.h>
#include <linux/lua/lauxlib.h>
#include <linux/lua/lualib.h>

static char *chunk = "return _VERSION, 6 * 7";
module_param(chunk, charp, 0444);
MODULE_PARM_DESC(chunk, "the Lua chunk to evaluate");

static int msgh(lua_State *L)
{
	luaL_traceback(L, L, luaL_tolstring(L, 1, NULL), 1);
	return 1;
}

/* run in protected mode, where a Lua error cannot escape */
static int eval(lua_State *L)
{
	int n, i;

	lua_settop(L, 0);
	lua_pushcfunction(L, msgh);
	if (luaL_loadbufferx(L, chunk, strlen(chunk), "=chunk", "t") != LUA_OK ||
	    lua_pcall(L, 0, LUA_MULTRET, 1) != LUA_OK) {
		pr_err("%s\n", lua_tostring(L, -1));
		lua_pushinteger(L, -EINVAL);
		return 1;
	}
	n = lua_gettop(L);
	for (i = 2; i <= n; i++)
		pr_info("%d: %s\n", i - 1, luaL_tolstring(L, i, NULL));
	lua_pushinteger(L, 0);
	return 1;
}

static int __init lua_eval_init(void)
{
	lua_State *L = luaL_newstate();
	int ret;

	if (!L)
		return -ENOMEM;
	luaL_openlibs(L);
	lua_pushcfunction(L, eval);
	if (lua_pcall(L, 0, 1, 0) != LUA_OK) {	/* out of memory */
		pr_err("%s\n", lua_tostring(L, -1));
		ret = -ENOMEM;
	} else {
		ret = (int)lua_tointeger(L, -1);
	}
	lua_close(L);
	return ret;
}

static void __exit lua_eval_exit(void)
{
}

module_init(lua_eval_init);
module_exit(lua_eval_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Evaluate a Lua chunk in the kernel");
