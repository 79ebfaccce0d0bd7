// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * KUnit: Lua's own test suite in the kernel. Each file of testes/ (Lua
 * 5.4.8's test files adapted to the integer-only dialect; the changes are
 * listed at the top of each file) runs as one case, in a fresh state.
 */
#include <kunit/test.h>

#include "lua.h"

#include "lua_kunit.h"

static const void *lua_testes_gen_params(const void *prev, char *desc)
{
	const struct lua_teste *t = prev ? (const struct lua_teste *)prev + 1 :
					   lua_testes;

	if (t >= lua_testes_end)
		return NULL;
	strscpy(desc, t->name + 1, KUNIT_PARAM_DESC_SIZE);
	return t;
}

static void lua_testes_file_passes(struct kunit *test)
{
	const struct lua_teste *t = test->param_value;
	struct lua_kunit_state *s = test->priv;
	int status;

	status = lua_kunit_run(s->L, t->name, t->start, t->end - t->start);
	KUNIT_EXPECT_EQ_MSG(test, status, LUA_OK, "%s", lua_tostring(s->L, -1));
}

static struct kunit_case lua_testes_cases[] = {
	KUNIT_CASE_PARAM_ATTR(lua_testes_file_passes, lua_testes_gen_params,
			      { .speed = KUNIT_SPEED_SLOW }),
	{}
};

static struct kunit_suite lua_testes_suite = {
	.name = "lua_testes",
	.init = lua_kunit_init,
	.exit = lua_kunit_exit,
	.test_cases = lua_testes_cases,
};

kunit_test_suite(lua_testes_suite);
