// SPDX-License-Identifier: MIT
/*
 * The math library of the kernel dialect of Lua: the functions of Lua's
 * math library that have a meaning for integers. The floating-point
 * functions, math.pi, math.huge and the random generator are left out;
 * the "linux" module gives random numbers from the kernel.
 */
#define lua_intmath_c
#define LUA_LIB

#include "lprefix.h"

#include "lua.h"

#include "lauxlib.h"
#include "lualib.h"

static int math_abs(lua_State *L)
{
	lua_Integer n = luaL_checkinteger(L, 1);

	/* like Lua, the absolute value of math.mininteger wraps around */
	lua_pushinteger(L, n < 0 ? (lua_Integer)(0u - (lua_Unsigned)n) : n);
	return 1;
}

/* math.min and math.max: the argument that 'better' prefers over the rest */
static int math_pick(lua_State *L, int (*better)(lua_Integer, lua_Integer))
{
	int n = lua_gettop(L);
	lua_Integer best = luaL_checkinteger(L, 1);
	int i;

	for (i = 2; i <= n; i++) {
		lua_Integer v = luaL_checkinteger(L, i);

		if (better(v, best))
			best = v;
	}
	lua_pushinteger(L, best);
	return 1;
}

static int less(lua_Integer a, lua_Integer b)
{
	return a < b;
}

static int greater(lua_Integer a, lua_Integer b)
{
	return a > b;
}

static int math_min(lua_State *L)
{
	return math_pick(L, less);
}

static int math_max(lua_State *L)
{
	return math_pick(L, greater);
}

static int math_tointeger(lua_State *L)
{
	int valid;
	lua_Integer n = lua_tointegerx(L, 1, &valid);

	if (valid) {
		lua_pushinteger(L, n);
	} else {
		luaL_checkany(L, 1);
		luaL_pushfail(L);
	}
	return 1;
}

static int math_ult(lua_State *L)
{
	lua_Integer a = luaL_checkinteger(L, 1);
	lua_Integer b = luaL_checkinteger(L, 2);

	lua_pushboolean(L, (lua_Unsigned)a < (lua_Unsigned)b);
	return 1;
}

static const luaL_Reg mathlib[] = {
	{ "abs", math_abs },
	{ "max", math_max },
	{ "min", math_min },
	{ "tointeger", math_tointeger },
	{ "ult", math_ult },
	{ "maxinteger", NULL },
	{ "mininteger", NULL },
	{ NULL, NULL }
};

LUAMOD_API int luaopen_math(lua_State *L)
{
	luaL_newlib(L, mathlib);
	lua_pushinteger(L, LUA_MAXINTEGER);
	lua_setfield(L, -2, "maxinteger");
	lua_pushinteger(L, LUA_MININTEGER);
	lua_setfield(L, -2, "mininteger");
	return 1;
}
