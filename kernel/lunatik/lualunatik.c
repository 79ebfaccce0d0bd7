// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The "lunatik" Lua module: runtimes created and stopped from Lua.
 *
 *	local lunatik = require("lunatik")
 *	local rt = lunatik.runtime("examples/echo", false)
 *	rt:stop()
 *
 * Creating a runtime loads and runs a script, which may sleep: only a
 * process-context runtime may do it.
 */
#include <linux/lockdep.h>
#include <linux/minmax.h>

#include <lauxlib.h>

#include "lunatik.h"

/* lunatik.runtime(script [, sleep]) */
static int lunatik_lruntime(lua_State *L)
{
	const char *script = luaL_checkstring(L, 1);
	bool sleep = lua_isnoneornil(L, 2) || lua_toboolean(L, 2);
	lunatik_object_t **pruntime;
	int ret;

	if (lunatik_toruntime(L)->context != LUNATIK_CONTEXT_PROCESS)
		luaL_error(L, "lunatik.runtime: needs a process runtime, this one is not");
	pruntime = lunatik_newpobject(L, &lunatik_runtime_class);
	ret = lunatik_runtime(pruntime, script, sleep);
	if (ret)
		luaL_error(L, "lunatik.runtime: cannot run '%s' (%s)", script,
			   ret == -ENOMEM ? "out of memory" : "see the kernel log");
	/* its lock may be taken under ours */
	(*pruntime)->level = min_t(unsigned int, lunatik_toruntime(L)->level + 1,
				   MAX_LOCKDEP_SUBCLASSES - 1);
	return 1;
}

/* runtime:stop() */
static int lunatik_lstop(lua_State *L)
{
	lunatik_object_t **pruntime = lunatik_checkpobject(L, 1, &lunatik_runtime_class);

	if (*pruntime) {
		lunatik_stop(*pruntime);
		*pruntime = NULL;
	}
	return 0;
}

const luaL_Reg lunatik_runtime_methods[] = {
	{ "stop", lunatik_lstop },
	{ NULL, NULL }
};

static const luaL_Reg lunatik_lib[] = {
	{ "runtime", lunatik_lruntime },
	{ NULL, NULL }
};

int luaopen_lunatik(lua_State *L)
{
	luaL_newlib(L, lunatik_lib);
	return 1;
}
