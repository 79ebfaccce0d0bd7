// SPDX-License-Identifier: MIT
/*
 * The kernel dialect of Lua: the errors that replace floating point.
 */
#define lua_dialect_c
#define LUA_CORE

#include "lprefix.h"

#include "lua.h"

#include "ldebug.h"

void luai_nofloat(lua_State *L, int op)
{
	static const char why[] = "numbers are integers";

	if (op == LUA_OPDIV)
		luaG_runerror(L, "attempt to perform float division: %s, use '//'", why);
	luaG_runerror(L, "attempt to perform exponentiation: %s", why);
}
