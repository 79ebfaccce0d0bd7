// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hostlua: the kernel dialect of Lua (lib/lua built with LUA_USE_KERNEL)
 * as a host program, to develop and check Lua scripts and the adapted test
 * files of lib/lua/tests/testes/ quickly before they run in the kernel.
 *
 *	hostlua FILE...		run each file in a fresh state
 *	hostlua -e CHUNK	run a chunk
 *
 * Like the kernel's test runner (lib/lua/tests/lua_kunit.c), it sets the
 * globals _soft and _port that Lua's test files look at: no long tests,
 * no tests of the host system.
 *
 * Exit status 0 when every file or chunk ran without error.
 */
#include <stdio.h>
#include <string.h>

#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"

static int msgh(lua_State *L)
{
	luaL_traceback(L, L, luaL_tolstring(L, 1, NULL), 1);
	return 1;
}

static int run(int chunk, const char *arg)
{
	lua_State *L = luaL_newstate();
	int status;

	if (!L) {
		fprintf(stderr, "hostlua: cannot create a state\n");
		return 1;
	}
	luaL_openlibs(L);
	lua_pushboolean(L, 1);
	lua_setglobal(L, "_soft");
	lua_pushboolean(L, 1);
	lua_setglobal(L, "_port");
	lua_pushcfunction(L, msgh);
	if (chunk)
		status = luaL_loadbufferx(L, arg, strlen(arg), "=(command line)", "t");
	else
		status = luaL_loadfilex(L, arg, "t");
	if (status == LUA_OK)
		status = lua_pcall(L, 0, 0, 1);
	if (status != LUA_OK)
		fprintf(stderr, "hostlua: %s\n", lua_tostring(L, -1));
	lua_close(L);
	return status != LUA_OK;
}

int main(int argc, char **argv)
{
	int i, failed = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-e") == 0 && i + 1 < argc)
			failed |= run(1, argv[++i]);
		else
			failed |= run(0, argv[i]);
	}
	return failed;
}
