/* SPDX-License-Identifier: MIT */
/*
 * <math.h> for Lua in the kernel: empty on purpose. lua_dialect.h removes every
 * use of the floating-point functions; one that is left fails to build.
 */
#ifndef _LUA_MATH_H
#define _LUA_MATH_H
#endif
