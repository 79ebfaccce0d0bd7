// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Runtimes: a Lua state running a script, in a Lunatik object.
 *
 * The script's body runs once, in process context, when the runtime is
 * created; the callbacks it installs run later in the runtime's context,
 * under its lock. Limits keep a bad script from hurting the kernel: the
 * state allocates at most its quota (beyond it Lua raises "not enough
 * memory"); in softirq and hardirq context each entry may run at most a
 * budget of instructions; in process context long runs reschedule and end
 * on a fatal signal.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/export.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <lauxlib.h>
#include <lualib.h>

#include "lunatik.h"

/* how often a process-context run may reschedule, in instructions */
#define LUNATIK_RESCHED_STEP	1000

static void lunatik_budget_hook(lua_State *L, lua_Debug *ar)
{
	struct lunatik_runtime *rt = lunatik_toruntime(L)->private;

	luaL_error(L, "instruction budget exceeded (%d)", (int)rt->budget);
}

static void lunatik_resched_hook(lua_State *L, lua_Debug *ar)
{
	if (fatal_signal_pending(current))
		luaL_error(L, "interrupted by a fatal signal");
	cond_resched();
}

/**
 * lunatik_enter() - the Lua state of a locked runtime, ready for a call
 * @runtime: the runtime, locked by lunatik_lock()
 *
 * In softirq and hardirq context, gives the call a fresh instruction
 * budget. Used by lunatik_run().
 *
 * Return: the state, or NULL if the runtime has been stopped.
 */
lua_State *lunatik_enter(lunatik_object_t *runtime)
{
	struct lunatik_runtime *rt = runtime->private;

	if (rt->L && runtime->context != LUNATIK_CONTEXT_PROCESS)
		lua_sethook(rt->L, lunatik_budget_hook, LUA_MASKCOUNT, rt->budget);
	return rt->L;
}
EXPORT_SYMBOL_GPL(lunatik_enter);

static int lunatik_msgh(lua_State *L)
{
	luaL_traceback(L, L, luaL_tolstring(L, 1, NULL), 1);
	return 1;
}

/* in protected mode: the libraries, then the script's body */
static int lunatik_start(lua_State *L)
{
	struct lunatik_runtime *rt = lua_touserdata(L, 1);
	int status;

	luaL_openlibs(L);
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
	lua_pushcfunction(L, luaopen_lunatik);
	lua_setfield(L, -2, "lunatik");
	lua_pop(L, 1);
	status = lunatik_loadscript(L, rt->script);
	if (status != LUA_OK)
		return lua_error(L);
	lua_call(L, 0, 0);
	return 0;
}

static void lunatik_release(void *private)
{
	struct lunatik_runtime *rt = private;

	if (rt->L)
		lua_close(rt->L);
}

const struct lunatik_class lunatik_runtime_class = {
	.name = "runtime",
	.methods = lunatik_runtime_methods,
	.release = lunatik_release,
};

/**
 * lunatik_runtime() - create a runtime and run its script
 * @pruntime: where to store the new runtime
 * @script: the script name: /lib/modules/lua/<script>.lua runs
 * @sleep: true for a process-context runtime (mutex, GFP_KERNEL), false
 *	for a softirq one (spinlock taken with softirqs off, GFP_ATOMIC)
 *
 * Opens the standard libraries and runs the script's body, in process
 * context; the callbacks it installs then run in the runtime's context. A
 * failure is logged with the Lua error and a traceback. Must be called
 * where sleeping is allowed.
 *
 * Return: 0, with *@pruntime set and one reference held; -ENOMEM without
 * memory; -EINVAL if the script cannot be loaded or fails.
 */
int lunatik_runtime(lunatik_object_t **pruntime, const char *script,
		    bool sleep)
{
	enum lunatik_context context = sleep ? LUNATIK_CONTEXT_PROCESS :
					       LUNATIK_CONTEXT_SOFTIRQ;
	struct lunatik_runtime *rt;
	lunatik_object_t *runtime;
	lua_State *L;
	int status;

	might_sleep();
	runtime = lunatik_newobject(&lunatik_runtime_class, sizeof(*rt), context);
	if (!runtime)
		return -ENOMEM;
	rt = runtime->private;
	rt->alloc.gfp = GFP_KERNEL;
	rt->alloc.limit = lunatik_quota;
	rt->budget = lunatik_budget;
	strscpy(rt->script, script, sizeof(rt->script));

	L = lua_newstate(lua_quota_alloc, &rt->alloc);
	if (!L) {
		lunatik_putobject(runtime);
		return -ENOMEM;
	}
	*(lunatik_object_t **)lua_getextraspace(L) = runtime;
	rt->L = L;

	lua_sethook(L, lunatik_resched_hook, LUA_MASKCOUNT, LUNATIK_RESCHED_STEP);
	lua_pushcfunction(L, lunatik_msgh);
	lua_pushcfunction(L, lunatik_start);
	lua_pushlightuserdata(L, rt);
	status = lua_pcall(L, 1, 0, 1);
	if (status != LUA_OK) {
		pr_err("%s: %s\n", script, lua_tostring(L, -1));
		lunatik_putobject(runtime);
		return status == LUA_ERRMEM ? -ENOMEM : -EINVAL;
	}
	lua_settop(L, 0);

	if (!sleep) {
		rt->alloc.gfp = GFP_ATOMIC;
		lua_sethook(L, lunatik_budget_hook, LUA_MASKCOUNT, rt->budget);
	}
	*pruntime = runtime;
	return 0;
}
EXPORT_SYMBOL_GPL(lunatik_runtime);

/**
 * lunatik_stop() - close the Lua state of a runtime and drop a reference
 * @runtime: the runtime
 *
 * Later calls through lunatik_run() get -ENXIO. Stopping a runtime that is
 * already stopped only drops the reference. Must be called where sleeping
 * is allowed.
 *
 * Return: 1 if the runtime was released, 0 if references remain.
 */
int lunatik_stop(lunatik_object_t *runtime)
{
	struct lunatik_runtime *rt = runtime->private;
	lua_State *L;

	might_sleep();
	lunatik_lock(runtime);
	L = rt->L;
	rt->L = NULL;
	lunatik_unlock(runtime);
	if (L)
		lua_close(L);
	return lunatik_putobject(runtime);
}
EXPORT_SYMBOL_GPL(lunatik_stop);
