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
#include <linux/completion.h>
#include <linux/fs.h>
#include <linux/lunatik.h>
#include <linux/module.h>
#include <linux/namei.h>

#include <linux/lua/lauxlib.h>

#define SCRIPTS	"/lib/modules/lua/lunatik_test"

static int lunatik_kunit_init(struct kunit *test)
{
	struct path path;

	if (kern_path(SCRIPTS, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &path))
		kunit_skip(test, "no " SCRIPTS " (the test scripts)");
	path_put(&path);
	return 0;
}

/* the result or the error of the last Lua call, as a string */
static char lua_error_msg[256];

/* calls a global function; its result, or its error, in lua_error_msg */
static int call_named(lua_State *L, const char *name)
{
	int status;

	lua_getglobal(L, name);
	status = lua_pcall(L, 0, 1, 0);
	strscpy(lua_error_msg, lua_tostring(L, -1) ?: "(not a string)",
		sizeof(lua_error_msg));
	return status == LUA_OK ? 0 : -EINVAL;
}

/* lunatik_run() marks its caller as returning twice: keep loops out */
static noinline int run_named(lunatik_object_t *runtime,
			      int (*handler)(lua_State *, const char *),
			      const char *name)
{
	int ret;

	lunatik_run(runtime, handler, ret, name);
	return ret;
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

/* lunatik_run() marks its caller as returning twice: keep it small */
static noinline ssize_t run_l_read(lunatik_object_t *runtime, char *buf,
				   size_t len, loff_t *off)
{
	ssize_t ret;

	lunatik_run(runtime, l_read, ret, buf, len, off);
	return ret;
}

static void run_calls_a_lua_handler(struct kunit *test)
{
	lunatik_object_t *runtime;
	char buf[8] = { 0 };
	loff_t off = 0;
	ssize_t ret;

	KUNIT_ASSERT_EQ(test, lunatik_runtime(&runtime, "lunatik_test/mydevice", true), 0);
	ret = run_l_read(runtime, buf, sizeof(buf), &off);
	KUNIT_EXPECT_EQ(test, ret, 2);
	KUNIT_EXPECT_STREQ(test, buf, "42");
	KUNIT_EXPECT_EQ(test, off, 2);
	lunatik_stop(runtime);
}

struct lunatik_kunit_script {
	const char *name;
	int error;
	const char *message;
};

#define BADNAME	"invalid script name"

static const struct lunatik_kunit_script bad_scripts[] = {
	{ "lunatik_test/missing", -EINVAL,
	  "cannot open /lib/modules/lua/lunatik_test/missing.lua: No such file" },
	{ "lunatik_test/syntax", -EINVAL, "syntax.lua:4: unexpected symbol near '='" },
	{ "lunatik_test/fails", -EINVAL, "attempt to index a nil value (local 't')" },
	{ "lunatik_test/bytecode", -EINVAL, "attempt to load a binary chunk" },
	{ "lunatik_test/memory", -ENOMEM, "not enough memory" },
	{ "lunatik_test/hostile_rep", -ENOMEM, "not enough memory" },
	{ "lunatik_test/hostile_recursion", -EINVAL, "stack overflow" },
	{ "lunatik_test/hostile_cstack", -EINVAL, "C stack overflow" },
	{ "lunatik_test/hostile_errhandler", -EINVAL, "hostile_errhandler.lua:3: again" },
	{ "lunatik_test/hostile_load", -EINVAL, "attempt to load a binary chunk" },
	{ "lunatik_test/hostile_float", -EINVAL, "attempt to perform float division" },
	{ "lunatik_test/hostile_os", -EINVAL, "attempt to index a nil value (global 'os')" },
	{ "lunatik_test/hostile_pattern", -EINVAL, "pattern too complex" },
	{ "lunatik_test/hostile_sethook", -EINVAL,
	  "attempt to call a nil value (field 'sethook')" },
	{ "lunatik_test/hostile_metatable", -EINVAL, "attempt to index a string value" },
	{ "lunatik_test/hostile_nest", -EINVAL,
	  "lunatik.runtime: cannot run 'lunatik_test/hostile_nest'" },
	{ "lunatik_test/hostile_cycle", -EINVAL,
	  "a runtime can only be given runtimes created below it" },
	{ "lunatik_test/hostile_coroutines", -EINVAL, "C stack overflow" },
	{ "lunatik_test/hostile_getinfo", -EINVAL, "getinfo gives no C function" },
	{ "lunatik_test/hostile_getlocal", -EINVAL, "no debug.getlocal: nil" },
	{ "lunatik_test/hostile_file", -EINVAL,
	  "cannot open /lib/modules/lua/lunatik_test: Is a directory" },
	{ "../lua/lunatik_test/hello", -EINVAL, BADNAME },
	{ "lunatik_test/../lunatik_test/hello", -EINVAL, BADNAME },
	{ "/lib/modules/lua/lunatik_test/hello", -EINVAL, BADNAME },
	{ "lunatik_test//hello", -EINVAL, BADNAME },
	{ "lunatik_test/hello/", -EINVAL, BADNAME },
	{ "lunatik_test/hello.lua", -EINVAL, BADNAME },
	{ "lunatik_test/.hello", -EINVAL, BADNAME },
	{ "lunatik_test/hel lo", -EINVAL, BADNAME },
	{ "lunatik_test/h\xe9llo", -EINVAL, BADNAME },
	{ "", -EINVAL, BADNAME },
};

static void bad_script_desc(const struct lunatik_kunit_script *s, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "'%s'", s->name);
}

KUNIT_ARRAY_PARAM(bad_scripts, bad_scripts, bad_script_desc);

/* each is refused with its own error, which the creator gets */
static void bad_script_is_refused(struct kunit *test)
{
	const struct lunatik_kunit_script *s = test->param_value;
	char error[256] = "";
	struct lunatik_config config = {
		.context = LUNATIK_CONTEXT_PROCESS,
		.error = error,
		.errorsize = sizeof(error),
	};
	lunatik_object_t *runtime = NULL;

	KUNIT_EXPECT_EQ(test, lunatik_newruntime(&runtime, s->name, &config), s->error);
	KUNIT_EXPECT_NULL(test, runtime);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(error, s->message), "%s", error);
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

/*
 * The budget also ends a finalizer, and the entry that ran it: every step
 * (a call of a Lua function, a jump) after the budget fails. The runtime
 * lives on.
 */
static void softirq_budget_ends_an_endless_finalizer(struct kunit *test)
{
	lunatik_object_t *runtime;
	int ret;

	KUNIT_ASSERT_EQ(test, lunatik_runtime(&runtime, "lunatik_test/finalizer", false), 0);
	ret = run_named(runtime, call_named, "arm");
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(lua_error_msg, "instruction budget exceeded"),
				  "%s", lua_error_msg);
	ret = run_named(runtime, call_named, "alive");
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_STREQ(test, lua_error_msg, "alive");
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
	lunatik_run(runtime, call_string, ret, "limited", "limited");
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

/* objects that scripts can bump, counting their releases */
struct counter {
	atomic_t bumps;
};

static int released;
static DECLARE_COMPLETION(release_done);

static void count_release(void *private)
{
	might_sleep();
	released++;
	complete(&release_done);
}

static const struct lunatik_class counter_class;

static int counter_bump(lua_State *L)
{
	struct counter *counter = lunatik_checkobject(L, 1, &counter_class)->private;

	atomic_inc(&counter->bumps);
	return 0;
}

static const luaL_Reg counter_methods[] = {
	{ "bump", counter_bump },
	{ NULL, NULL }
};

static const struct lunatik_class counter_class = {
	.name = "kunit_counter",
	.methods = counter_methods,
	.release = count_release,
	.contexts = LUNATIK_IN_ANY,
	.owner = THIS_MODULE,
};

static const struct lunatik_class process_class = {
	.name = "kunit_process",
	.release = count_release,
	.contexts = LUNATIK_IN_PROCESS,
	.owner = THIS_MODULE,
};

static lunatik_object_t *new_counter(struct kunit *test,
				     const struct lunatik_class *class)
{
	lunatik_object_t *object;

	released = 0;
	reinit_completion(&release_done);
	object = lunatik_newobject(class, sizeof(struct counter),
				   LUNATIK_CONTEXT_HARDIRQ, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, object);
	return object;
}

static int bumps(lunatik_object_t *object)
{
	return atomic_read(&((struct counter *)object->private)->bumps);
}

/* the last Lua error a handler saw */

struct lunatik_kunit_call {
	const char *function;
	lunatik_object_t *object;
};

static int l_call(lua_State *L)
{
	struct lunatik_kunit_call *call = lua_touserdata(L, 1);

	lua_getglobal(L, call->function);
	if (call->object) {
		lunatik_object_t **pobject = lunatik_newpobject(L, call->object->class);

		lunatik_getobject(call->object);
		*pobject = call->object;
	}
	lua_call(L, call->object ? 1 : 0, 0);
	return 0;
}

/* calls the global @function, passing it @object (a new reference) */
static int call_with(lua_State *L, const char *function, lunatik_object_t *object)
{
	struct lunatik_kunit_call call = { function, object };

	lua_pushcfunction(L, l_call);
	lua_pushlightuserdata(L, &call);
	lua_error_msg[0] = '\0';
	if (lua_pcall(L, 1, 0, 0) == LUA_OK)
		return 0;
	strscpy(lua_error_msg, lua_tostring(L, -1), sizeof(lua_error_msg));
	return -EINVAL;
}

static void object_is_released_with_its_last_reference(struct kunit *test)
{
	lunatik_object_t *object = new_counter(test, &counter_class);

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

/*
 * A softirq runtime collects an object's last reference with softirqs
 * off: the release (which may sleep) runs later, from a workqueue.
 */
static void atomic_collection_defers_the_release(struct kunit *test)
{
	lunatik_object_t *object = new_counter(test, &counter_class);
	lunatik_object_t *runtime;
	int ret;

	KUNIT_ASSERT_EQ(test, lunatik_runtime(&runtime, "lunatik_test/hello", false), 0);
	lunatik_run(runtime, call_with, ret, "type", object);
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, lunatik_putobject(object), 0);
	lunatik_run(runtime, call_with, ret, "collectgarbage", NULL);
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&release_done, 10 * HZ), 0);
	KUNIT_EXPECT_EQ(test, released, 1);
	lunatik_stop(runtime);
}

static void class_context_is_enforced(struct kunit *test)
{
	lunatik_object_t *object = new_counter(test, &process_class);
	lunatik_object_t *runtime;
	int ret;

	KUNIT_ASSERT_EQ(test, lunatik_runtime(&runtime, "lunatik_test/hello", false), 0);
	lunatik_run(runtime, call_with, ret, "type", object);
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
	KUNIT_EXPECT_STREQ(test, lua_error_msg,
			   "kunit_process: not allowed in a softirq runtime");
	lunatik_stop(runtime);
	KUNIT_EXPECT_EQ(test, lunatik_putobject(object), 1);
}

/* runtime:resume() calls, then resumes, the function the script returned */
static void resume_passes_objects(struct kunit *test)
{
	lunatik_object_t *counter = new_counter(test, &counter_class);
	lunatik_object_t *runtime;
	int ret;

	KUNIT_ASSERT_EQ(test, lunatik_runtime(&runtime, "lunatik_test/resume_parent", true), 0);
	lunatik_run(runtime, call_with, ret, "pass", counter);
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, bumps(counter), 1);	/* called, then yielded */
	lunatik_run(runtime, call_with, ret, "pass", counter);
	KUNIT_EXPECT_EQ(test, bumps(counter), 3);	/* resumed, returned */
	lunatik_run(runtime, call_with, ret, "pass", counter);
	KUNIT_EXPECT_EQ(test, bumps(counter), 4);	/* called anew */
	lunatik_run(runtime, call_with, ret, "pass_soft", counter);
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, bumps(counter), 5);	/* in a softirq runtime */

	/* the runtimes' references went with them, ours is left */
	KUNIT_EXPECT_EQ(test, lunatik_stop(runtime), 1);
	KUNIT_EXPECT_EQ(test, kref_read(&counter->kref), 1);
	KUNIT_EXPECT_EQ(test, released, 0);
	KUNIT_EXPECT_EQ(test, lunatik_putobject(counter), 1);
	KUNIT_EXPECT_EQ(test, released, 1);
}

static const struct {
	const char *function;
	const char *error;
} resume_errors[] = {
	{ "pass_nothing", "attempt to index a nil value (local 'counter')" },
	{ "pass_value", "bad argument #1 to 'resume' (Lunatik object expected, got number)" },
	{ "pass_runtime", "(runtime not allowed in a softirq runtime)" },
	{ "pass_itself", "(a runtime can only be given runtimes created below it)" },
	{ "resume_nofunction", "its script returned no function to resume" },
	{ "resume_stopped", "object already released" },
};

static void resume_errors_are_lua_errors(struct kunit *test)
{
	lunatik_object_t *counter = new_counter(test, &counter_class);
	lunatik_object_t *runtime;
	int i, ret;

	KUNIT_ASSERT_EQ(test, lunatik_runtime(&runtime, "lunatik_test/resume_parent", true), 0);
	for (i = 0; i < ARRAY_SIZE(resume_errors); i++) {
		lunatik_run(runtime, call_with, ret, resume_errors[i].function, NULL);
		KUNIT_EXPECT_EQ(test, ret, -EINVAL);
		KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(lua_error_msg, resume_errors[i].error),
					  "%s: %s", resume_errors[i].function, lua_error_msg);
	}
	/* and the runtimes still work */
	lunatik_run(runtime, call_with, ret, "pass", counter);
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, bumps(counter), 1);
	lunatik_stop(runtime);
	KUNIT_EXPECT_EQ(test, lunatik_putobject(counter), 1);
}

static int call_loop(lua_State *L, int n)
{
	lua_getglobal(L, "loop");
	lua_pushinteger(L, n);
	lua_error_msg[0] = '\0';
	if (lua_pcall(L, 1, 1, 0) == LUA_OK)
		return (int)lua_tointeger(L, -1);
	strscpy(lua_error_msg, lua_tostring(L, -1), sizeof(lua_error_msg));
	return -EINVAL;
}

static void runtime_has_its_own_limits(struct kunit *test)
{
	struct lunatik_config small = { .quota = 512 << 10 };
	struct lunatik_config large = { .quota = 4 << 20 };
	struct lunatik_config budget = {
		.context = LUNATIK_CONTEXT_SOFTIRQ,
		.budget = 10000,
	};
	struct lunatik_config bad = { .context = LUNATIK_CONTEXT_HARDIRQ + 1 };
	/* Lua's count hook takes an int: a larger budget would be none */
	struct lunatik_config toolarge = { .budget = (unsigned int)INT_MAX + 1 };
	lunatik_object_t *runtime = NULL;
	int ret;

	/* the script makes a 1 MiB string */
	KUNIT_EXPECT_EQ(test, lunatik_newruntime(&runtime, "lunatik_test/limits", &small),
			-ENOMEM);
	KUNIT_EXPECT_EQ(test, lunatik_newruntime(&runtime, "lunatik_test/hello", &bad),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, lunatik_newruntime(&runtime, "lunatik_test/hello", &toolarge),
			-EINVAL);
	KUNIT_EXPECT_NULL(test, runtime);
	KUNIT_ASSERT_EQ(test, lunatik_newruntime(&runtime, "lunatik_test/limits", &large), 0);
	lunatik_stop(runtime);

	KUNIT_ASSERT_EQ(test, lunatik_newruntime(&runtime, "lunatik_test/limits", &budget), 0);
	lunatik_run(runtime, call_loop, ret, 100);
	KUNIT_EXPECT_EQ(test, ret, 100);
	lunatik_run(runtime, call_loop, ret, 100000);
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(lua_error_msg, "budget exceeded (10000)"),
				  "%s", lua_error_msg);
	lunatik_stop(runtime);
}

/* handlers that call Lua without protection, as samples/lunatik/mydevice.c */
static int check_global(lua_State *L, const char *name)
{
	lua_getglobal(L, name);
	return (int)luaL_checkinteger(L, -1);
}

static int call_unprotected(lua_State *L, const char *name)
{
	lua_getglobal(L, name);
	lua_call(L, 0, 0);
	return 0;
}

/*
 * A Lua error outside any protected call ends the handler with -EIO (it
 * used to reach Lua's panic, which panicked the kernel); the runtime
 * stays usable: its count of C calls does not leak, its hooks stay on.
 */
static void unprotected_errors_end_the_handler(struct kunit *test)
{
	lunatik_object_t *runtime;
	int i, ret;

	KUNIT_ASSERT_EQ(test, lunatik_runtime(&runtime, "lunatik_test/panic", true), 0);
	lunatik_run(runtime, check_global, ret, "notanumber");
	KUNIT_EXPECT_EQ(test, ret, -EIO);
	lunatik_run(runtime, check_global, ret, "answer");
	KUNIT_EXPECT_EQ(test, ret, 42);
	/* more than LUAI_MAXCCALLS (200) */
	for (i = 0; i < 300; i++) {
		ret = run_named(runtime, call_unprotected, "fail");
		if (ret != -EIO)
			break;
	}
	KUNIT_EXPECT_EQ(test, ret, -EIO);
	lunatik_run(runtime, call_named, ret, "answer");
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);	/* answer is a number */
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(lua_error_msg, "attempt to call a number value"),
				  "%s", lua_error_msg);
	KUNIT_EXPECT_EQ(test, lunatik_stop(runtime), 1);

	/* the budget error of an unprotected call, and the budget after it */
	KUNIT_ASSERT_EQ(test, lunatik_runtime(&runtime, "lunatik_test/panic", false), 0);
	lunatik_run(runtime, call_unprotected, ret, "spin");
	KUNIT_EXPECT_EQ(test, ret, -EIO);
	lunatik_run(runtime, call_spin, ret);
	KUNIT_EXPECT_EQ(test, ret, -ETIME);
	KUNIT_EXPECT_EQ(test, lunatik_stop(runtime), 1);
}

/*
 * The budget bounds a whole entry: coroutines made in the body (which
 * used to keep the body's rescheduling hook: cond_resched() with softirqs
 * off, and no budget), new coroutines (each used to get a budget of its
 * own), errors caught by pcall, pattern matching (one instruction for
 * 2^25 steps), loops that turn by a test's jump (repeat ... until) and a
 * generic for with a C iterator.
 */
static void budget_holds_across_coroutines_pcall_and_patterns(struct kunit *test)
{
	static const char *const escapes[] = {
		"body_coroutine", "many_coroutines", "pcall_loop", "backtrack",
		"repeat_until", "until_equal", "c_iterator",
	};
	struct lunatik_config config = {
		.context = LUNATIK_CONTEXT_SOFTIRQ,
		.budget = 100000,
	};
	lunatik_object_t *runtime;
	int i, ret;

	KUNIT_ASSERT_EQ(test, lunatik_newruntime(&runtime, "lunatik_test/budget", &config), 0);
	for (i = 0; i < ARRAY_SIZE(escapes); i++) {
		ret = run_named(runtime, call_named, escapes[i]);
		KUNIT_EXPECT_NOT_NULL_MSG(test,
					  strstr(lua_error_msg, "budget exceeded (100000)"),
					  "%s: %d %s", escapes[i], ret, lua_error_msg);
	}
	/* and each entry has its budget anew */
	lunatik_run(runtime, call_loop, ret, 1000);
	KUNIT_EXPECT_EQ(test, ret, 1000);
	KUNIT_EXPECT_EQ(test, lunatik_stop(runtime), 1);
}

/*
 * Finalizers that never end, run when the state closes, share a budget:
 * the stop returns. There is no fatal signal to end them where a killed
 * process closes its REPL.
 */
static void stop_ends_endless_finalizers(struct kunit *test)
{
	lunatik_object_t *runtime;

	KUNIT_ASSERT_EQ(test, lunatik_runtime(&runtime, "lunatik_test/endless_gc", true), 0);
	KUNIT_EXPECT_EQ(test, lunatik_stop(runtime), 1);
	KUNIT_ASSERT_EQ(test, lunatik_runtime(&runtime, "lunatik_test/endless_gc", false), 0);
	KUNIT_EXPECT_EQ(test, lunatik_stop(runtime), 1);
}

/*
 * vmalloc memory of a body, grown and freed where sleeping is not
 * allowed: with interrupts off (a hardirq runtime entered from process
 * context), vrealloc() with GFP_ATOMIC hit a BUG, and vfree() may sleep.
 */
static void atomic_runtime_never_touches_vmalloc(struct kunit *test)
{
	struct lunatik_config config = { .context = LUNATIK_CONTEXT_HARDIRQ };
	lunatik_object_t *runtime;
	int ret;

	KUNIT_ASSERT_EQ(test, lunatik_newruntime(&runtime, "lunatik_test/vmalloc", &config), 0);
	lunatik_run(runtime, call_named, ret, "grow");
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_STREQ(test, lua_error_msg, "8192");
	lunatik_run(runtime, call_named, ret, "drop");
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, lunatik_stop(runtime), 1);

	KUNIT_ASSERT_EQ(test, lunatik_newruntime(&runtime, "lunatik_test/vmalloc", &config), 0);
	lunatik_run(runtime, call_named, ret, "drop");
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, lunatik_stop(runtime), 1);
}

static int enter_again(lua_State *L, lunatik_object_t *runtime)
{
	int ret;

	lunatik_run(runtime, get_answer, ret);
	return ret;
}

/* a handler entering its own runtime gets an error, not a deadlock */
static void entering_a_held_runtime_is_edeadlk(struct kunit *test)
{
	lunatik_object_t *runtime;
	int ret;

	KUNIT_ASSERT_EQ(test, lunatik_runtime(&runtime, "lunatik_test/hello", true), 0);
	lunatik_run(runtime, enter_again, ret, runtime);
	KUNIT_EXPECT_EQ(test, ret, -EDEADLK);
	lunatik_stop(runtime);
	KUNIT_ASSERT_EQ(test, lunatik_runtime(&runtime, "lunatik_test/hello", false), 0);
	lunatik_run(runtime, enter_again, ret, runtime);
	KUNIT_EXPECT_EQ(test, ret, -EDEADLK);
	lunatik_stop(runtime);
}

static int kunit_registry_open(lua_State *L)
{
	lua_newtable(L);
	lua_pushinteger(L, 42);
	lua_setfield(L, -2, "answer");
	return 1;
}

static struct lunatik_module kunit_registry = {
	.name = "kunit_registry",
	.open = kunit_registry_open,
	.contexts = LUNATIK_IN_PROCESS,
	.owner = THIS_MODULE,
};

static void registry_serves_require(struct kunit *test)
{
	struct lunatik_module again = kunit_registry;
	lunatik_object_t *runtime;
	int ret;

	KUNIT_ASSERT_EQ(test, lunatik_register(&kunit_registry), 0);
	KUNIT_EXPECT_EQ(test, lunatik_register(&again), -EEXIST);

	KUNIT_EXPECT_EQ(test, lunatik_runtime(&runtime, "lunatik_test/registry", true), 0);
	lunatik_run(runtime, get_answer, ret);
	KUNIT_EXPECT_EQ(test, ret, 42);
	lunatik_stop(runtime);
	/* a process-only module in a softirq runtime */
	KUNIT_EXPECT_EQ(test, lunatik_runtime(&runtime, "lunatik_test/registry", false), -EINVAL);

	lunatik_unregister(&kunit_registry);
	KUNIT_EXPECT_EQ(test, lunatik_runtime(&runtime, "lunatik_test/registry", true), -EINVAL);
}

static void registry_refuses_bad_modules(struct kunit *test)
{
	static const char *const names[] = { "", "Upper", "a-b", ".a", "a.", "a..b",
		"a/b", "a_name_longer_than_thirty_two_chars" };
	struct lunatik_module module = kunit_registry;
	int i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		module.name = names[i];
		KUNIT_EXPECT_EQ_MSG(test, lunatik_register(&module), -EINVAL, "'%s'", names[i]);
	}
	/* parts separated by dots, as "syscall.table" */
	module.name = "kunit.dotted";
	KUNIT_EXPECT_EQ(test, lunatik_register(&module), 0);
	lunatik_unregister(&module);
	module.name = "kunit_no_open";
	module.open = NULL;
	KUNIT_EXPECT_EQ(test, lunatik_register(&module), -EINVAL);
}

static int call_refcount(lua_State *L)
{
	lua_getglobal(L, "refcount");
	if (lua_pcall(L, 0, 1, 0) != LUA_OK)
		return -EINVAL;
	return (int)lua_tointeger(L, -1);
}

/*
 * require("testmod") loads lunatik_testmod.ko through its alias; each
 * runtime that required it holds one reference to it until released.
 */
static void require_loads_and_holds_modules(struct kunit *test)
{
	lunatik_object_t *first, *second;
	int ret;

	if (!IS_MODULE(CONFIG_LUNATIK_KUNIT_TEST))
		kunit_skip(test, "lunatik_testmod is built in");
	KUNIT_ASSERT_EQ(test, lunatik_runtime(&first, "lunatik_test/autoload", true), 0);
	lunatik_run(first, call_refcount, ret);
	KUNIT_EXPECT_EQ(test, ret, 1);
	KUNIT_ASSERT_EQ(test, lunatik_runtime(&second, "lunatik_test/autoload", false), 0);
	lunatik_run(second, call_refcount, ret);
	KUNIT_EXPECT_EQ(test, ret, 2);
	lunatik_stop(first);
	lunatik_run(second, call_refcount, ret);
	KUNIT_EXPECT_EQ(test, ret, 1);
	lunatik_stop(second);
}

static struct kunit_case lunatik_kunit_cases[] = {
	KUNIT_CASE(runtime_runs_the_script),
	KUNIT_CASE(softirq_runtime_runs_the_script),
	KUNIT_CASE(run_calls_a_lua_handler),
	KUNIT_CASE_PARAM(bad_script_is_refused, bad_scripts_gen_params),
	KUNIT_CASE(softirq_budget_ends_an_endless_loop),
	KUNIT_CASE(softirq_budget_ends_an_endless_finalizer),
	KUNIT_CASE(unprotected_errors_end_the_handler),
	KUNIT_CASE(budget_holds_across_coroutines_pcall_and_patterns),
	KUNIT_CASE(stop_ends_endless_finalizers),
	KUNIT_CASE(atomic_runtime_never_touches_vmalloc),
	KUNIT_CASE(entering_a_held_runtime_is_edeadlk),
	KUNIT_CASE(run_after_stop_is_enxio),
	KUNIT_CASE(script_creates_and_stops_runtimes),
	KUNIT_CASE(softirq_runtime_cannot_create_runtimes),
	KUNIT_CASE(runtime_has_its_own_limits),
	KUNIT_CASE(atomic_collection_defers_the_release),
	KUNIT_CASE(class_context_is_enforced),
	KUNIT_CASE(resume_passes_objects),
	KUNIT_CASE(resume_errors_are_lua_errors),
	KUNIT_CASE(registry_serves_require),
	KUNIT_CASE(require_loads_and_holds_modules),
	{}
};

static struct kunit_suite lunatik_kunit_suite = {
	.name = "lunatik_runtime",
	.init = lunatik_kunit_init,
	.test_cases = lunatik_kunit_cases,
};

static struct kunit_case lunatik_object_cases[] = {
	KUNIT_CASE(object_is_released_with_its_last_reference),
	KUNIT_CASE(registry_refuses_bad_modules),
	{}
};

static struct kunit_suite lunatik_object_suite = {
	.name = "lunatik_object",
	.test_cases = lunatik_object_cases,
};

kunit_test_suites(&lunatik_object_suite, &lunatik_kunit_suite);

MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("KUnit tests of the Lunatik C API");
