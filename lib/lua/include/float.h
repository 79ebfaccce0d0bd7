/* SPDX-License-Identifier: MIT */
/* <float.h> for Lua in the kernel: there are no floating-point types. */
#ifndef _LUA_FLOAT_H
#define _LUA_FLOAT_H
#endif
