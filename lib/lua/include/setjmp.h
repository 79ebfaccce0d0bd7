/* SPDX-License-Identifier: MIT */
/* <setjmp.h> for Lua in the kernel: see <linux/lua/lua_setjmp.h>. */
#ifndef _LUA_SETJMP_H
#define _LUA_SETJMP_H

#include <linux/lua/lua_setjmp.h>

#endif
