/* SPDX-License-Identifier: MIT */
/*
 * <stdlib.h> for Lua in the kernel, implemented in lua_libc.c. realloc()
 * and free() serve only luaL_newstate()'s allocator, which runs in process
 * context; code that creates states elsewhere passes its own allocator to
 * lua_newstate().
 *
 * The shims declare functions instead of including kernel headers: Lua
 * names a field "current", which must not meet the kernel's macro.
 */
#ifndef _LUA_STDLIB_H
#define _LUA_STDLIB_H

#include <linux/compiler.h>
#include <linux/math.h>
#include <linux/panic.h>	/* declares abort(): before the macro */
#include <linux/types.h>

void *lua_realloc(void *ptr, size_t size);
void lua_free(void *ptr);
void __noreturn lua_abort(void);

#define realloc(p, n)	lua_realloc(p, n)
#define free(p)		lua_free(p)
#define abort()		lua_abort()
#define getenv(name)	((void)(name), (char *)NULL)

#endif
