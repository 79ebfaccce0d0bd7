// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The "lunatik" Lua module: runtimes created and stopped from Lua.
 *
 *	local lunatik = require("lunatik")
 *	local rt = lunatik.runtime("examples/echo", false)
 *	rt:stop()
 *
 * Creating a runtime loads and runs a script, which may sleep: only a
 * process-context runtime may do it.
 */
#include <linux/lockdep.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/string.h>

#include <linux/lua/lauxlib.h>

#include "internal.h"

/* sleep: true or none for process, false for softirq, or a context name */
static enum lunatik_context lunatik_checkcontextarg(lua_State *L, int arg)
{
	if (lua_isnoneornil(L, arg))
		return LUNATIK_CONTEXT_PROCESS;
	if (lua_isboolean(L, arg))
		return lua_toboolean(L, arg) ? LUNATIK_CONTEXT_PROCESS :
					       LUNATIK_CONTEXT_SOFTIRQ;
	return luaL_checkoption(L, arg, NULL, lunatik_contextnames);
}

static lua_Integer lunatik_optlimit(lua_State *L, int arg, const char *field,
				    lua_Integer max)
{
	lua_Integer value;
	int isint;

	lua_getfield(L, arg, field);
	value = lua_tointegerx(L, -1, &isint);
	if (!isint && !lua_isnil(L, -1))
		luaL_error(L, "bad limit '%s' (integer expected, got %s)", field,
			   luaL_typename(L, -1));
	if (isint && (value <= 0 || value > max))
		luaL_error(L, "bad limit '%s' (1 to %I expected, got %I)", field,
			   max, value);
	lua_pop(L, 1);
	return isint ? value : 0;
}

/* lunatik.runtime(script [, sleep [, limits]]) */
static int lunatik_lruntime(lua_State *L)
{
	size_t len;
	const char *script = luaL_checklstring(L, 1, &len);
	struct lunatik_config config = {
		.context = lunatik_checkcontextarg(L, 2),
	};
	unsigned int level = lunatik_toruntime(L)->level + 1;
	lunatik_object_t **pruntime;
	int ret;

	luaL_argcheck(L, strlen(script) == len, 1, "script name with a NUL byte");
	if (!lua_isnoneornil(L, 3)) {
		luaL_checktype(L, 3, LUA_TTABLE);
		config.quota = lunatik_optlimit(L, 3, "quota", LONG_MAX);
		config.budget = lunatik_optlimit(L, 3, "budget", INT_MAX);
	}
	/* its lock may be taken under ours: one lockdep subclass per level */
	if (level >= MAX_LOCKDEP_SUBCLASSES)
		luaL_error(L, "lunatik.runtime: runtimes nest at most %d deep",
			   MAX_LOCKDEP_SUBCLASSES);
	pruntime = lunatik_newpobject(L, &lunatik_runtime_class);
	ret = lunatik_newchild(pruntime, script, &config, level);
	if (ret)
		luaL_error(L, "lunatik.runtime: cannot run '%s' (%s)", script,
			   ret == -ENOMEM ? "out of memory" : "see the kernel log");
	((struct lunatik_runtime *)(*pruntime)->private)->creator = lunatik_toruntime(L);
	return 1;
}

/*
 * runtime:stop(): where the caller may not wait for the runtime (an
 * atomic callback, or one whose caller holds RTNL), the runtime stops
 * from a workqueue: its Lua code ends at its next step that may
 * reschedule, and the object is unusable at once.
 */
static int lunatik_lstop(lua_State *L)
{
	lunatik_object_t **pruntime = lunatik_checkpobject(L, 1, &lunatik_runtime_class);
	lunatik_object_t *runtime = *pruntime;

	if (!runtime)
		return 0;
	if (lunatik_heldbycurrent(runtime))
		return luaL_error(L, "runtime:stop: cannot stop a runtime from itself");
	*pruntime = NULL;
	if (lunatik_maywaitfor(lunatik_toruntime(L)->private))
		lunatik_stop(runtime);
	else
		lunatik_stoplater(runtime);
	return 0;
}

const char lunatik_resumekey;
static const char lunatik_threadkey;

/* the thread running the resumed function: the yielded one, or a new one */
static lua_State *lunatik_resumethread(lua_State *L)
{
	lua_State *co;

	lua_rawgetp(L, LUA_REGISTRYINDEX, &lunatik_threadkey);
	co = lua_tothread(L, -1);
	if (co && lua_status(co) == LUA_YIELD)
		return co;
	if (lua_rawgetp(L, LUA_REGISTRYINDEX, &lunatik_resumekey) != LUA_TFUNCTION)
		luaL_error(L, "its script returned no function to resume");
	co = lua_newthread(L);
	lua_rotate(L, -2, 1);
	lua_xmove(L, co, 1);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &lunatik_threadkey);
	return co;
}

/**
 * lunatik_doresume() - resume a runtime's function
 * @L: the runtime's state, locked; its argument a light userdata, the
 *	struct lunatik_resume
 *
 * Called in protected mode: calls the runtime's function with the
 * objects, or resumes it where it yielded. The runtime's function is the
 * one its script returned until a call of it returns a function as its
 * first result: that function is the runtime's function from then on,
 * called by the next resume (runtime:resume(), or a thread's). Other
 * results are dropped.
 *
 * Return: 0, or a Lua error with the function's error and traceback.
 */
int lunatik_doresume(lua_State *L)
{
	struct lunatik_resume *resume = lua_touserdata(L, 1);
	lua_State *co = lunatik_resumethread(L);
	int status, nresults, i;

	if (!lua_checkstack(co, resume->nobjects))
		luaL_error(L, "too many arguments");
	for (i = 0; i < resume->nobjects; i++) {
		lunatik_object_t *object = resume->objects[i];
		lunatik_object_t **pobject = lunatik_newpobject(L, object->class);

		lunatik_getobject(object);
		*pobject = object;
		lua_xmove(L, co, 1);
	}
	status = lua_resume(co, L, resume->nobjects, &nresults);
	if (status != LUA_OK && status != LUA_YIELD) {
		luaL_traceback(L, co, lua_tostring(co, -1), 0);
		return lua_error(L);
	}
	if (status == LUA_OK && nresults > 0 &&
	    lua_type(co, -nresults) == LUA_TFUNCTION) {
		/* the function it returned is what the next resume calls */
		lua_pop(co, nresults - 1);
		lua_xmove(co, L, 1);
		lua_rawsetp(L, LUA_REGISTRYINDEX, &lunatik_resumekey);
	} else {
		/* what it returned or yielded is for nobody */
		lua_pop(co, nresults);
	}
	return 0;
}

/* in the resumed runtime, locked; waits for no other where its caller may not */
static int lunatik_resumein(lua_State *RL, struct lunatik_resume *resume,
			    bool nowait)
{
	struct lunatik_runtime *rt = lunatik_toruntime(RL)->private;
	int status;

	lua_pushcfunction(RL, lunatik_doresume);
	lua_pushlightuserdata(RL, resume);
	rt->nowait += nowait;
	status = lua_pcall(RL, 1, 0, 0);
	rt->nowait -= nowait;
	if (status == LUA_OK)
		return 0;
	strscpy(resume->msg, lua_tostring(RL, -1) ?: "(no message)", sizeof(resume->msg));
	return -EINVAL;
}

/*
 * runtime:resume([obj1, ...]): calls the runtime's function (the one its
 * script returned, or the last function that one returned) with the
 * objects, or resumes it if it has yielded. Locks are
 * only taken downwards, from a runtime to one created below it, so that
 * two runtimes never wait for each other. A caller that may not wait
 * (in a callback under RTNL) only enters a process runtime that nobody
 * holds, and what it resumes may not wait either.
 */
static int lunatik_lresume(lua_State *L)
{
	lunatik_object_t *runtime = lunatik_checkobject(L, 1, &lunatik_runtime_class);
	lunatik_object_t *caller = lunatik_toruntime(L);
	struct lunatik_runtime *rt = runtime->private;
	bool nowait = !lunatik_maywaitfor(caller->private);
	int n = lua_gettop(L) - 1;
	struct lunatik_resume *resume;
	int i, ret;

	if (runtime->level <= caller->level)
		luaL_error(L, "runtime:resume: %s",
			   "only a runtime created below this one can be resumed");
	luaL_checkstack(L, 3, NULL);
	resume = lua_newuserdatauv(L, struct_size(resume, objects, n), 0);
	resume->nobjects = n;
	for (i = 0; i < n; i++) {
		lunatik_object_t *object = lunatik_toobject(L, i + 2);

		if (!object)
			luaL_typeerror(L, i + 2, "Lunatik object");
		if (!(object->class->contexts & BIT(runtime->context)))
			luaL_argerror(L, i + 2,
				      lua_pushfstring(L, "%s not allowed in a %s runtime",
						      object->class->name,
						      lunatik_contextnames[runtime->context]));
		/* runtimes hold runtimes below them only: no cycle */
		if (object->class == &lunatik_runtime_class &&
		    object->level <= runtime->level)
			luaL_argerror(L, i + 2,
				      "a runtime can only be given runtimes created below it");
		resume->objects[i] = object;
	}

	/* a caller that may not wait for it does not take its mutex */
	if (nowait)
		lunatik_tryrun(runtime, lunatik_resumein, ret, resume, true);
	else
		lunatik_run(runtime, lunatik_resumein, ret, resume, false);
	switch (ret) {
	case 0:
		return 0;
	case -ENXIO:
		return luaL_error(L, "runtime:resume: '%s' is stopped", rt->script);
	case -EINTR:
		return luaL_error(L, "runtime:resume: interrupted by a fatal signal");
	case -EBUSY:
		return luaL_error(L, "runtime:resume: '%s' is busy, and this callback cannot wait",
				  rt->script);
	case -EINVAL:
		return luaL_error(L, "runtime:resume: %s: %s", rt->script, resume->msg);
	default:
		return luaL_error(L, "runtime:resume: '%s' cannot be entered (%d)",
				  rt->script, ret);
	}
}

const luaL_Reg lunatik_runtime_methods[] = {
	{ "stop", lunatik_lstop },
	{ "resume", lunatik_lresume },
	{ NULL, NULL }
};

static const luaL_Reg lunatik_lib[] = {
	{ "runtime", lunatik_lruntime },
	{ NULL, NULL }
};

static int luaopen_lunatik(lua_State *L)
{
	luaL_newlib(L, lunatik_lib);
	return 1;
}

struct lunatik_module lunatik_lunatik_module = {
	.name = "lunatik",
	.open = luaopen_lunatik,
	.contexts = LUNATIK_IN_ANY,
	.owner = THIS_MODULE,
};
