/* SPDX-License-Identifier: MIT */
/*
 * The kernel dialect of Lua: integers are the only numbers.
 *
 * luaconf.h includes this file last when LUA_USE_KERNEL is defined (always
 * in the kernel; on the host for testing the dialect with a libc build), so
 * every definition here replaces the stock one.
 *
 * lua_Number is a 64-bit integer. The float subtype still exists inside the
 * virtual machine, but nothing in the language can produce one: numerals
 * that are not integers are malformed, '/' and '^' raise errors, and '//'
 * and '%' always use integer arithmetic. Only a C function calling
 * lua_pushnumber() creates a "float", and that value is integral.
 */
#ifndef lua_dialect_h
#define lua_dialect_h

#undef LUA_NUMBER
#define LUA_NUMBER		LUA_INTEGER
#undef LUAI_UACNUMBER
#define LUAI_UACNUMBER		LUAI_UACINT
#undef LUA_NUMBER_FRMLEN
#define LUA_NUMBER_FRMLEN	LUA_INTEGER_FRMLEN
#undef LUA_NUMBER_FMT
#define LUA_NUMBER_FMT		LUA_INTEGER_FMT

/* no alignment constraint may mention a floating-point type */
#undef LUAI_MAXALIGN
#define LUAI_MAXALIGN		lua_Integer i; void *s; long l

/* the "float attributes" of a 64-bit integer, for limits computed from them */
#undef l_floatatt
#define l_floatatt(n)		(LUAI_INTATT_##n)
#define LUAI_INTATT_MANT_DIG	64
#define LUAI_INTATT_MAX_10_EXP	19

/* any remaining use of a <math.h> function must fail to build */
#undef l_mathop
#undef l_floor
#define l_floor(x)		(x)

/* every number is integral: conversion to an integer is exact */
#undef lua_numbertointeger
#define lua_numbertointeger(n, p)	((*(p) = (LUA_INTEGER)(n)), 1)

/* numerals that l_str2int rejects are not numbers at all */
#undef lua_str2number
#define lua_str2number(s, p)	((*(p) = (char *)(s)), (lua_Number)0)
#undef lua_strx2number
#define lua_strx2number(s, p)	lua_str2number(s, p)

#undef lua_getlocaledecpoint
#define lua_getlocaledecpoint()	('.')

/* only called for non-integral floats, which do not exist */
#define l_hashfloat(n)		((int)(l_castS2U(n) % (lua_Unsigned)INT_MAX))

struct lua_State;
LUAI_FUNC void __noreturn luai_nofloat(struct lua_State *L, int op);

#define luai_numdiv(L, a, b)	\
	((void)(a), (void)(b), luai_nofloat(L, LUA_OPDIV), (lua_Number)0)
#define luai_numpow(L, a, b)	\
	((void)(a), (void)(b), luai_nofloat(L, LUA_OPPOW), (lua_Number)0)
#define luai_numidiv(L, a, b)	luaV_idiv(L, a, b)
#define luai_nummod(L, a, b, m)	{ (m) = luaV_mod(L, a, b); }

#undef LUA_PATH_DEFAULT
#define LUA_PATH_DEFAULT	\
	"/lib/modules/lua/?.lua;/lib/modules/lua/?/init.lua"

/* Lua stack slots per coroutine: 16 bytes each */
#undef LUAI_MAXSTACK
#define LUAI_MAXSTACK		100000

#define LUA_KERNEL_VERSION	LUA_VERSION "-kernel"

/* each step of pattern matching is a step of the tick (lua_state.c) */
void lua_matchstep(struct lua_State *L);

/*
 * The tick: a function called every count steps of a state (calls of
 * Lua functions, jumps of the virtual machine, steps of pattern matching), in
 * all its threads, which may raise an error. Unlike a count hook, it
 * leaves the virtual machine at full speed.
 */
typedef void (*lua_Tick)(struct lua_State *L);
void lua_settick(struct lua_State *L, lua_Tick tick, int count);
#define luai_matchstep(L)	lua_matchstep(L)

#if defined(__KERNEL__)
#include "lua_kernel.h"
#endif

#endif
