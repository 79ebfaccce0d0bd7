/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * What the KUnit suites of lib/lua share: a fresh Lua state per test case,
 * allocated by a counting allocator that can be given a limit.
 */
#ifndef _LUA_KUNIT_H
#define _LUA_KUNIT_H

#include <kunit/test.h>

#include "lua.h"

struct lua_kunit_state {
	lua_State *L;
	struct lua_quota alloc;	/* lua_quota_alloc(), GFP_KERNEL */
};

int lua_kunit_init(struct kunit *test);
void lua_kunit_exit(struct kunit *test);
int lua_kunit_run(lua_State *L, const char *name, const char *code,
		  size_t len);

/* a file of Lua's test suite: "@<name>.lua" and its text (lua_testes.S) */
struct lua_teste {
	const char *name;
	const char *start;
	const char *end;
};

extern const struct lua_teste lua_testes[];
extern const struct lua_teste lua_testes_end[];

#endif
