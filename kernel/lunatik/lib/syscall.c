// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The "syscall" and "syscall.table" Lua modules: the system calls of this
 * architecture, by number and by name.
 *
 *	local syscall = require("syscall")
 *	syscall.number("openat")	-- 257 on x86-64
 *	syscall.address(257)		-- __x64_sys_openat, a light userdata
 *	local table = require("syscall.table")
 *	probe.new(table.openat, {pre = count})
 *
 * Numbers and names are those of the uapi <asm/unistd_64.h>, turned into
 * syscall_names.h at build time (see the Makefile); addresses come from
 * syscall_address(), which the kernel exports for this.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/string.h>
#include <asm/syscall.h>

#include <linux/lunatik.h>

struct luasyscall {
	const char *name;
	unsigned int nr;
};

#define SYSCALL_NAME(name, nr)	{ #name, nr },

static const struct luasyscall luasyscall_names[] = {
#include "syscall_names.h"
};

#undef SYSCALL_NAME

static void luasyscall_pushaddress(lua_State *L, unsigned int nr)
{
	lua_pushlightuserdata(L, (void *)syscall_address(nr));
}

/* syscall.address(number): the address of the function it runs */
static int luasyscall_address(lua_State *L)
{
	lua_Integer nr = luaL_checkinteger(L, 1);

	luaL_argcheck(L, nr >= 0 && nr <= UINT_MAX && syscall_address(nr), 1,
		      "no such system call number");
	luasyscall_pushaddress(L, nr);
	return 1;
}

/* syscall.number(name): its number, or nil */
static int luasyscall_number(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(luasyscall_names); i++) {
		if (!strcmp(luasyscall_names[i].name, name)) {
			lua_pushinteger(L, luasyscall_names[i].nr);
			return 1;
		}
	}
	lua_pushnil(L);
	return 1;
}

static const luaL_Reg luasyscall_lib[] = {
	{ "address", luasyscall_address },
	{ "number", luasyscall_number },
	{ NULL, NULL }
};

/* require("syscall.table"): name -> address */
static int luasyscall_opentable(lua_State *L)
{
	size_t i;

	lua_createtable(L, 0, ARRAY_SIZE(luasyscall_names));
	for (i = 0; i < ARRAY_SIZE(luasyscall_names); i++) {
		luasyscall_pushaddress(L, luasyscall_names[i].nr);
		lua_setfield(L, -2, luasyscall_names[i].name);
	}
	return 1;
}

DEFINE_LUNATIK_MODULE(syscall, luasyscall_lib, LUNATIK_IN_ANY);
DEFINE_LUNATIK_SUBMODULE_OPEN(syscall, table, luasyscall_opentable, LUNATIK_IN_ANY);

static int __init luasyscall_init(void)
{
	int ret = lunatik_register(&lunatik_module_syscall);

	if (ret)
		return ret;
	ret = lunatik_register(&lunatik_module_syscall_table);
	if (ret)
		lunatik_unregister(&lunatik_module_syscall);
	return ret;
}

static void __exit luasyscall_exit(void)
{
	lunatik_unregister(&lunatik_module_syscall_table);
	lunatik_unregister(&lunatik_module_syscall);
}

module_init(luasyscall_init);
module_exit(luasyscall_exit);
MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("Lunatik: system call numbers, names and addresses");
