// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * A fresh Lua state for each KUnit test case (test->priv), with the
 * standard libraries and the globals _soft and _port that Lua's own test
 * files look at (no long tests, no tests of the host system).
 */
#include <kunit/test.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"

#include "lua_kunit.h"

/* long chunks must not hog the CPU: the tests run in process context */
static void lua_kunit_resched(lua_State *L)
{
	cond_resched();
}

int lua_kunit_init(struct kunit *test)
{
	struct lua_kunit_state *s;

	s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	s->alloc.gfp = GFP_KERNEL;
	s->L = lua_newstate(lua_quota_alloc, &s->alloc);
	KUNIT_ASSERT_NOT_NULL(test, s->L);
	luaL_openlibs(s->L);
	lua_pushboolean(s->L, 1);
	lua_setglobal(s->L, "_soft");
	lua_pushboolean(s->L, 1);
	lua_setglobal(s->L, "_port");
	lua_settick(s->L, lua_kunit_resched, 10000);
	test->priv = s;
	return 0;
}

void lua_kunit_exit(struct kunit *test)
{
	struct lua_kunit_state *s = test->priv;

	lua_close(s->L);
	KUNIT_EXPECT_EQ_MSG(test, s->alloc.used, 0, "lua_close() left memory behind");
}

/* message handler: the error, with a traceback when it is a string */
static int lua_kunit_msgh(lua_State *L)
{
	const char *msg = lua_tostring(L, 1);

	if (msg)
		luaL_traceback(L, L, msg, 1);
	return 1;
}

/*
 * Run @len bytes of @code as chunk @name; return the status, leaving the
 * first result or the error message on the top of the stack.
 */
int lua_kunit_run(lua_State *L, const char *name, const char *code,
		  size_t len)
{
	int base = lua_gettop(L);
	int status;

	lua_pushcfunction(L, lua_kunit_msgh);
	status = luaL_loadbufferx(L, code, len, name, "t");
	if (status == LUA_OK)
		status = lua_pcall(L, 0, 1, base + 1);
	lua_remove(L, base + 1);
	return status;
}
