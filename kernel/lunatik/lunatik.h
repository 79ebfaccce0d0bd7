/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Lunatik's own declarations, shared by the files of kernel/lunatik.
 */
#ifndef _KERNEL_LUNATIK_H
#define _KERNEL_LUNATIK_H

#include <linux/lunatik.h>

#define LUNATIK_SCRIPT_DIR	"/lib/modules/lua/"
#define LUNATIK_NAME_MAX	255

/**
 * struct lunatik_runtime - the private data of a runtime object
 * @L: its Lua state; NULL once stopped (under the runtime's lock)
 * @alloc: its allocator's state: the bytes it holds, its quota, and
 *	GFP_KERNEL while the script loads and in process context, GFP_ATOMIC
 *	in the others
 * @budget: instructions per entry into a softirq or hardirq runtime
 * @script: the script name
 */
struct lunatik_runtime {
	lua_State *L;
	struct lua_quota alloc;
	unsigned int budget;
	char script[LUNATIK_NAME_MAX + 1];
};

extern unsigned long lunatik_quota;
extern unsigned int lunatik_budget;

int lunatik_loadscript(lua_State *L, const char *name);

extern const struct lunatik_class lunatik_runtime_class;
extern const luaL_Reg lunatik_runtime_methods[];
int luaopen_lunatik(lua_State *L);

#endif
