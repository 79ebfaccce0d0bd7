// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * KUnit tests of the Lunatik C API: runtimes, objects and references,
 * script loading and its errors, the limits on scripts.
 *
 * The scripts are in kernel/lunatik/tests/scripts, which must be found at
 * /lib/modules/lua/lunatik_test/ (the test guest links them there): the
 * tests run when the module is loaded after boot, and skip when the
 * scripts are not there.
 */
#include <kunit/test.h>
#include <linux/fs.h>
#include <linux/lunatik.h>
#include <linux/namei.h>

#include <lauxlib.h>

#define SCRIPTS	"/lib/modules/lua/lunatik_test"

static int lunatik_kunit_init(struct kunit *test)
{
	struct path path;

	if (kern_path(SCRIPTS, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &path))
		kunit_skip(test, "no " SCRIPTS " (the test scripts)");
	path_put(&path);
	return 0;
}

/* lunatik_run() handlers */
static int get_answer(lua_State *L)
{
	lua_getglobal(L, "answer");
	return (int)lua_tointeger(L, -1);
}

static int call_double(lua_State *L, int n)
{
	lua_getglobal(L, "double");
	lua_pushinteger(L, n);
	if (lua_pcall(L, 1, 1, 0) != LUA_OK)
		return -EINVAL;
	return (int)lua_tointeger(L, -1);
}

static int is_own_runtime(lua_State *L, lunatik_object_t *runtime)
{
	return lunatik_toruntime(L) == runtime;
}

static void runtime_runs_the_script(struct kunit *test)
{
	lunatik_object_t *runtime = NULL;
	int ret;

	KUNIT_ASSERT_EQ(test, lunatik_runtime(&runtime, "lunatik_test/hello", true), 0);
	KUNIT_ASSERT_NOT_NULL(test, runtime);
	lunatik_run(runtime, get_answer, ret);
	KUNIT_EXPECT_EQ(test, ret, 42);
	lunatik_run(runtime, call_double, ret, 21);
	KUNIT_EXPECT_EQ(test, ret, 42);
	lunatik_run(runtime, is_own_runtime, ret, runtime);
	KUNIT_EXPECT_EQ(test, ret, 1);
	KUNIT_EXPECT_EQ(test, lunatik_stop(runtime), 1);
}

static void softirq_runtime_runs_the_script(struct kunit *test)
{
	lunatik_object_t *runtime = NULL;
	int ret;

	KUNIT_ASSERT_EQ(test, lunatik_runtime(&runtime, "lunatik_test/hello", false), 0);
	KUNIT_EXPECT_EQ(test, runtime->context, LUNATIK_CONTEXT_SOFTIRQ);
	lunatik_run(runtime, call_double, ret, 5);
	KUNIT_EXPECT_EQ(test, ret, 10);
	KUNIT_EXPECT_EQ(test, lunatik_stop(runtime), 1);
}

/* the spec's example: a read handler calling the script's myread() */
static ssize_t l_read(lua_State *L, char *buf, size_t len, loff_t *off)
{
	size_t llen;
	const char *lbuf;

	lua_getglobal(L, "myread");
	lua_pushinteger(L, len);
	lua_pushinteger(L, *off);
	if (lua_pcall(L, 2, 2, 0) != LUA_OK)
		return -ECANCELED;
	lbuf = lua_tolstring(L, -2, &llen);
	llen = min(len, llen);
	memcpy(buf, lbuf, llen);
	*off = (loff_t)luaL_optinteger(L, -1, *off + llen);
	return (ssize_t)llen;
}

static void run_calls_a_lua_handler(struct kunit *test)
{
	lunatik_object_t *runtime;
	char buf[8] = { 0 };
	loff_t off = 0;
	ssize_t ret;

	KUNIT_ASSERT_EQ(test, lunatik_runtime(&runtime, "lunatik_test/mydevice", true), 0);
	lunatik_run(runtime, l_read, ret, buf, sizeof(buf), &off);
	KUNIT_EXPECT_EQ(test, ret, 2);
	KUNIT_EXPECT_STREQ(test, buf, "42");
	KUNIT_EXPECT_EQ(test, off, 2);
	lunatik_stop(runtime);
}

struct lunatik_kunit_script {
	const char *name;
	int error;
};

static const struct lunatik_kunit_script bad_scripts[] = {
	{ "lunatik_test/missing", -EINVAL },
	{ "lunatik_test/syntax", -EINVAL },
	{ "lunatik_test/fails", -EINVAL },
	{ "lunatik_test/bytecode", -EINVAL },
	{ "lunatik_test/memory", -ENOMEM },
	{ "lunatik_test/hostile_rep", -ENOMEM },
	{ "lunatik_test/hostile_recursion", -EINVAL },
	{ "lunatik_test/hostile_cstack", -EINVAL },
	{ "lunatik_test/hostile_errhandler", -EINVAL },
	{ "lunatik_test/hostile_load", -EINVAL },
	{ "lunatik_test/hostile_float", -EINVAL },
	{ "lunatik_test/hostile_os", -EINVAL },
	{ "lunatik_test/hostile_pattern", -EINVAL },
	{ "../lua/lunatik_test/hello", -EINVAL },
	{ "lunatik_test/../lunatik_test/hello", -EINVAL },
	{ "/lib/modules/lua/lunatik_test/hello", -EINVAL },
	{ "lunatik_test//hello", -EINVAL },
	{ "lunatik_test/hello/", -EINVAL },
	{ "lunatik_test/hello.lua", -EINVAL },
	{ "lunatik_test/.hello", -EINVAL },
	{ "lunatik_test/hel lo", -EINVAL },
	{ "", -EINVAL },
};

static void bad_script_desc(const struct lunatik_kunit_script *s, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "'%s'", s->name);
}

KUNIT_ARRAY_PARAM(bad_scripts, bad_scripts, bad_script_desc);

static void bad_script_is_refused(struct kunit *test)
{
	const struct lunatik_kunit_script *s = test->param_value;
	lunatik_object_t *runtime = NULL;

	KUNIT_EXPECT_EQ(test, lunatik_runtime(&runtime, s->name, true), s->error);
	KUNIT_EXPECT_NULL(test, runtime);
}

static int call_spin(lua_State *L)
{
	lua_getglobal(L, "spin");
	if (lua_pcall(L, 0, 0, 0) == LUA_OK)
		return 0;
	return strstr(lua_tostring(L, -1), "instruction budget exceeded") ? -ETIME : -EINVAL;
}

static void softirq_budget_ends_an_endless_loop(struct kunit *test)
{
	lunatik_object_t *runtime;
	int ret;

	KUNIT_ASSERT_EQ(test, lunatik_runtime(&runtime, "lunatik_test/spin", false), 0);
	lunatik_run(runtime, call_spin, ret);
	KUNIT_EXPECT_EQ(test, ret, -ETIME);
	/* the budget starts anew for each entry */
	lunatik_run(runtime, call_spin, ret);
	KUNIT_EXPECT_EQ(test, ret, -ETIME);
	lunatik_stop(runtime);
}

static int call_arm(lua_State *L)
{
	lua_getglobal(L, "arm");
	if (lua_pcall(L, 0, 1, 0) != LUA_OK)
		return -EINVAL;
	return strcmp(lua_tostring(L, -1), "survived") == 0 ? 0 : -EINVAL;
}

/* the budget also ends a finalizer, which Lua runs with its hooks */
static void softirq_budget_ends_an_endless_finalizer(struct kunit *test)
{
	lunatik_object_t *runtime;
	int ret;

	KUNIT_ASSERT_EQ(test, lunatik_runtime(&runtime, "lunatik_test/finalizer", false), 0);
	lunatik_run(runtime, call_arm, ret);
	KUNIT_EXPECT_EQ(test, ret, 0);
	lunatik_stop(runtime);
}

static int call_string(lua_State *L, const char *function, const char *expected)
{
	lua_getglobal(L, function);
	if (lua_pcall(L, 0, 1, 0) != LUA_OK)
		return -EINVAL;
	return strcmp(lua_tostring(L, -1) ?: "", expected) == 0 ? 0 : -EINVAL;
}

/* the "lunatik" module: runtimes made and stopped from Lua */
static void script_creates_and_stops_runtimes(struct kunit *test)
{
	lunatik_object_t *runtime;
	int ret;

	KUNIT_ASSERT_EQ(test, lunatik_runtime(&runtime, "lunatik_test/parent", true), 0);
	lunatik_run(runtime, call_string, ret, "stop_child", "stopped");
	KUNIT_EXPECT_EQ(test, ret, 0);
	lunatik_run(runtime, call_string, ret, "runtime_in_a_callback", "closed");
	KUNIT_EXPECT_EQ(test, ret, 0);
	lunatik_run(runtime, call_string, ret, "bad_child", "refused");
	KUNIT_EXPECT_EQ(test, ret, 0);
	/* the runtime it never stopped goes with it */
	KUNIT_EXPECT_EQ(test, lunatik_stop(runtime), 1);
}

static void softirq_runtime_cannot_create_runtimes(struct kunit *test)
{
	lunatik_object_t *runtime = NULL;

	KUNIT_EXPECT_EQ(test, lunatik_runtime(&runtime, "lunatik_test/softirq_parent", false),
			-EINVAL);
	KUNIT_EXPECT_NULL(test, runtime);
}

static void run_after_stop_is_enxio(struct kunit *test)
{
	lunatik_object_t *runtime;
	int ret;

	KUNIT_ASSERT_EQ(test, lunatik_runtime(&runtime, "lunatik_test/hello", true), 0);
	lunatik_getobject(runtime);
	KUNIT_EXPECT_EQ(test, lunatik_stop(runtime), 0);
	lunatik_run(runtime, get_answer, ret);
	KUNIT_EXPECT_EQ(test, ret, -ENXIO);
	/* stopping again only drops the last reference */
	KUNIT_EXPECT_EQ(test, lunatik_stop(runtime), 1);
}

static int released;

static void count_release(void *private)
{
	released++;
}

static const struct lunatik_class counted_class = {
	.name = "counted",
	.release = count_release,
};

static void object_is_released_with_its_last_reference(struct kunit *test)
{
	lunatik_object_t *object;

	released = 0;
	object = lunatik_newobject(&counted_class, 16, LUNATIK_CONTEXT_HARDIRQ);
	KUNIT_ASSERT_NOT_NULL(test, object);
	lunatik_getobject(object);
	lunatik_getobject(object);
	KUNIT_EXPECT_EQ(test, lunatik_putobject(object), 0);
	KUNIT_EXPECT_EQ(test, lunatik_putobject(object), 0);
	KUNIT_EXPECT_EQ(test, released, 0);
	lunatik_lock(object);
	lunatik_unlock(object);
	KUNIT_EXPECT_EQ(test, lunatik_putobject(object), 1);
	KUNIT_EXPECT_EQ(test, released, 1);
}

static struct kunit_case lunatik_kunit_cases[] = {
	KUNIT_CASE(runtime_runs_the_script),
	KUNIT_CASE(softirq_runtime_runs_the_script),
	KUNIT_CASE(run_calls_a_lua_handler),
	KUNIT_CASE_PARAM(bad_script_is_refused, bad_scripts_gen_params),
	KUNIT_CASE(softirq_budget_ends_an_endless_loop),
	KUNIT_CASE(softirq_budget_ends_an_endless_finalizer),
	KUNIT_CASE(run_after_stop_is_enxio),
	KUNIT_CASE(script_creates_and_stops_runtimes),
	KUNIT_CASE(softirq_runtime_cannot_create_runtimes),
	{}
};

static struct kunit_suite lunatik_kunit_suite = {
	.name = "lunatik_runtime",
	.init = lunatik_kunit_init,
	.test_cases = lunatik_kunit_cases,
};

static struct kunit_case lunatik_object_cases[] = {
	KUNIT_CASE(object_is_released_with_its_last_reference),
	{}
};

static struct kunit_suite lunatik_object_suite = {
	.name = "lunatik_object",
	.test_cases = lunatik_object_cases,
};

kunit_test_suites(&lunatik_object_suite, &lunatik_kunit_suite);

MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("KUnit tests of the Lunatik C API");
