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
 * on a fatal signal, or in a kernel thread when it is asked to stop.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/export.h>
#include <linux/llist.h>
#include <linux/lockdep.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include <linux/lua/lauxlib.h>
#include <linux/lua/lualib.h>

#include "internal.h"

static int lunatik_msgh(lua_State *L)
{
	luaL_traceback(L, L, luaL_tolstring(L, 1, NULL), 1);
	return 1;
}

/*
 * The debug library's functions that reach what C code relies on: hooks
 * (a count hook would stop the virtual machine at every instruction; the
 * budget relies on the tick keeping control), the locals of
 * C functions (getlocal returns their temporaries: a metatable being
 * built, a buffer), upvalues (those of C functions are theirs), metatables
 * that make a userdata an object, the registry. Scripts keep getinfo,
 * without the functions of C frames, and traceback.
 */
static const char *const lunatik_debugwriters[] = {
	"sethook", "getlocal", "setlocal", "getupvalue", "setupvalue",
	"upvaluejoin", "setuservalue", "setmetatable", "getmetatable",
	"getregistry", NULL
};

static const char lunatik_getinfokey;

/*
 * debug.getinfo() without the C functions of frames ("f"): the functions
 * that Lunatik calls in protected mode take C pointers as arguments, and
 * a script that could call them could pass anything.
 */
static int lunatik_getinfo(lua_State *L)
{
	/* a level of this thread counts this function too */
	int level = lua_type(L, 1) == LUA_TTHREAD ? 2 : 1;

	if ((level == 1 || lua_tothread(L, 1) == L) &&
	    lua_type(L, level) == LUA_TNUMBER && lua_tointeger(L, level) > 0 &&
	    lua_tointeger(L, level) < LUA_MAXINTEGER)
		lua_pushinteger(L, lua_tointeger(L, level) + 1);
	else
		lua_pushvalue(L, level);
	lua_replace(L, level);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &lunatik_getinfokey);
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 1);
	if (lua_type(L, -1) == LUA_TTABLE &&
	    lua_getfield(L, -1, "func") != LUA_TNIL) {
		if (lua_iscfunction(L, -1)) {
			lua_pushnil(L);
			lua_setfield(L, -3, "func");
		}
		lua_pop(L, 1);
	}
	return 1;
}

static void lunatik_openlibs(lua_State *L)
{
	const char *const *name;

	luaL_openlibs(L);
	lunatik_openregistry(L);
	lua_getglobal(L, LUA_DBLIBNAME);
	for (name = lunatik_debugwriters; *name; name++) {
		lua_pushnil(L);
		lua_setfield(L, -2, *name);
	}
	lua_getfield(L, -1, "getinfo");
	lua_rawsetp(L, LUA_REGISTRYINDEX, &lunatik_getinfokey);
	lua_pushcfunction(L, lunatik_getinfo);
	lua_setfield(L, -2, "getinfo");
	lua_pop(L, 1);
}

/* in protected mode: the libraries, then the script's body */
static int lunatik_start(lua_State *L)
{
	struct lunatik_runtime *rt = lua_touserdata(L, 1);
	int status;

	lunatik_openlibs(L);
	if (!rt->script[0])	/* a REPL runtime: no script */
		return 0;
	status = lunatik_loadscript(L, rt->script);
	if (status != LUA_OK)
		return lua_error(L);
	lua_call(L, 0, 1);
	/* what runtime:resume() calls */
	if (lua_type(L, -1) == LUA_TFUNCTION)
		lua_rawsetp(L, LUA_REGISTRYINDEX, &lunatik_resumekey);
	return 0;
}

/* closes a state nobody else can enter any more, in process context */
static void lunatik_close(struct lunatik_runtime *rt, lua_State *L)
{
	rt->alloc.gfp = GFP_KERNEL;
	rt->closing = true;
	lunatik_setclosetick(L);
	lua_close(L);
}

static void lunatik_release(void *private)
{
	struct lunatik_runtime *rt = private;

	lunatik_stopthreadof(rt);
	if (rt->L)
		lunatik_close(rt, rt->L);
	lunatik_putmodules(rt);
}

const struct lunatik_class lunatik_runtime_class = {
	.name = "runtime",
	.methods = lunatik_runtime_methods,
	.release = lunatik_release,
	.contexts = LUNATIK_IN_PROCESS,
	.owner = THIS_MODULE,
};

/* logs why a runtime could not be created, and tells the creator */
static void lunatik_failed(const struct lunatik_config *config,
			   const char *script, const char *error)
{
	/* the name may be anything a user sent */
	pr_err("%*pE: %s\n", (int)strnlen(script, LUNATIK_NAME_MAX), script, error);
	if (config->error)
		strscpy(config->error, error, config->errorsize);
}

/**
 * lunatik_newruntime() - create a runtime with its own limits and run its script
 * @pruntime: where to store the new runtime
 * @script: the script name: /lib/modules/lua/<script>.lua runs
 * @config: its context and limits
 *
 * Opens the standard libraries and runs the script's body, in process
 * context; the callbacks it installs then run in the runtime's context,
 * and lunatik_run() gets -ENXIO until the body has run. If the body
 * returns a function, runtime:resume() calls it. A failure is logged with
 * the Lua error and a traceback. Must be called where sleeping is allowed.
 *
 * Return: 0, with *@pruntime set and one reference held; -ENOMEM without
 * memory (or over the quota); -EINVAL for a bad context or if the script
 * cannot be loaded or fails.
 */
int lunatik_newruntime(lunatik_object_t **pruntime, const char *script,
		       const struct lunatik_config *config)
{
	return lunatik_newchild(pruntime, script, config, 0);
}
EXPORT_SYMBOL_GPL(lunatik_newruntime);

/**
 * lunatik_newchild() - create a runtime whose lock nests under others
 * @pruntime: where to store the new runtime
 * @script: the script name
 * @config: its context and limits
 * @level: its lockdep subclass: the level of the runtime whose script
 *	creates it, plus one; 0 for a runtime created from C
 *
 * As lunatik_newruntime(); a NULL @script makes a runtime without a
 * script, for a REPL.
 *
 * Return: as lunatik_newruntime().
 */
int lunatik_newchild(lunatik_object_t **pruntime, const char *script,
		     const struct lunatik_config *config, unsigned int level)
{
	struct lunatik_runtime *rt;
	lunatik_object_t *runtime;
	lua_State *L;
	int status;

	might_sleep();
	if (config->context > LUNATIK_CONTEXT_HARDIRQ ||
	    config->budget > LUNATIK_BUDGET_MAX ||
	    level >= MAX_LOCKDEP_SUBCLASSES)
		return -EINVAL;
	runtime = lunatik_newobject(&lunatik_runtime_class, sizeof(*rt),
				    config->context, GFP_KERNEL);
	if (!runtime)
		return -ENOMEM;
	runtime->level = level;
	rt = runtime->private;
	rt->object = runtime;
	INIT_LIST_HEAD(&rt->modules);
	spin_lock_init(&rt->threadlock);
	spin_lock_init(&rt->slock);
	INIT_LIST_HEAD(&rt->backlog);
	rt->entered = config->context;
	if (script && !lunatik_validname(script)) {
		lunatik_failed(config, script,
			       "invalid script name (letters, digits, '_', '-' and '/' only)");
		lunatik_putobject(runtime);
		return -EINVAL;
	}
	if (script)
		strscpy(rt->script, script, sizeof(rt->script));
	rt->alloc.gfp = GFP_KERNEL;
	rt->alloc.limit = config->quota ?: lunatik_quota;
	rt->budget = config->budget ?: lunatik_budget;

	L = lua_newstate(lua_quota_alloc, &rt->alloc);
	if (!L) {
		lunatik_putobject(runtime);
		return -ENOMEM;
	}
	*(lunatik_object_t **)lua_getextraspace(L) = runtime;
	lua_atpanic(L, lunatik_panic);

	lunatik_settick(L);
	lua_pushcfunction(L, lunatik_msgh);
	lua_pushcfunction(L, lunatik_start);
	lua_pushlightuserdata(L, rt);
	status = lua_pcall(L, 1, 0, 1);
	if (status != LUA_OK) {
		lunatik_failed(config, rt->script, lua_tostring(L, -1));
		lunatik_close(rt, L);
		lunatik_putobject(runtime);
		return status == LUA_ERRMEM ? -ENOMEM : -EINVAL;
	}
	lua_settop(L, 0);

	if (config->context != LUNATIK_CONTEXT_PROCESS)
		rt->alloc.gfp = GFP_ATOMIC;
	lunatik_setstate(runtime, L);
	*pruntime = runtime;
	return 0;
}

/**
 * lunatik_runtime() - create a runtime and run its script
 * @pruntime: where to store the new runtime
 * @script: the script name: /lib/modules/lua/<script>.lua runs
 * @sleep: true for a process-context runtime (mutex, GFP_KERNEL), false
 *	for a softirq one (spinlock taken with softirqs off, GFP_ATOMIC)
 *
 * As lunatik_newruntime(), with the default limits.
 *
 * Return: 0, with *@pruntime set and one reference held; -ENOMEM without
 * memory; -EINVAL if the script cannot be loaded or fails.
 */
int lunatik_runtime(lunatik_object_t **pruntime, const char *script,
		    bool sleep)
{
	struct lunatik_config config = {
		.context = sleep ? LUNATIK_CONTEXT_PROCESS : LUNATIK_CONTEXT_SOFTIRQ,
	};

	return lunatik_newruntime(pruntime, script, &config);
}
EXPORT_SYMBOL_GPL(lunatik_runtime);

/**
 * lunatik_stop() - close the Lua state of a runtime and drop a reference
 * @runtime: the runtime
 *
 * Stops its kernel thread first, if it has one (lunatik_spawn()). Lua
 * code running in a process runtime meanwhile ends with the error
 * "runtime stopped" at its next reschedule, so that the stop does not
 * wait for a long run. Later calls through lunatik_run() get -ENXIO.
 * Stopping a runtime that is already stopped only drops the reference.
 * Must be called where sleeping is allowed, and not from the runtime
 * itself.
 *
 * Return: 1 if the runtime was released, 0 if references remain.
 */
int lunatik_stop(lunatik_object_t *runtime)
{
	struct lunatik_runtime *rt = runtime->private;
	lua_State *L;

	might_sleep();
	if (WARN_ON_ONCE(lunatik_heldbycurrent(runtime)))
		return 0;	/* a caller's bug: it would wait for itself */
	/* a long run in the runtime ends at its next reschedule */
	WRITE_ONCE(rt->stopping, true);
	lunatik_stopthreadof(rt);
	L = lunatik_setstate(runtime, NULL);
	if (L)
		lunatik_close(rt, L);
	return lunatik_putobject(runtime);
}
EXPORT_SYMBOL_GPL(lunatik_stop);

/* runtimes that runtime:stop() could not stop where it was called */
static LLIST_HEAD(lunatik_stops);

static void lunatik_stopwork(struct work_struct *work)
{
	struct llist_node *list = llist_del_all(&lunatik_stops);
	struct lunatik_runtime *rt, *next;

	llist_for_each_entry_safe(rt, next, list, stopnode)
		lunatik_stop(rt->object);
}

static DECLARE_WORK(lunatik_stopping, lunatik_stopwork);

/**
 * lunatik_stoplater() - lunatik_stop(), from a workqueue
 * @runtime: the runtime, whose reference the stop drops
 *
 * For a caller that may not wait for the runtime (atomic context, or a
 * callback holding RTNL). Lua code running in the runtime ends at its
 * next reschedule from now on. A runtime already queued is stopped once:
 * the reference of a later call is dropped.
 */
void lunatik_stoplater(lunatik_object_t *runtime)
{
	struct lunatik_runtime *rt = runtime->private;

	WRITE_ONCE(rt->stopping, true);
	if (xchg(&rt->stopqueued, true)) {
		lunatik_putobject_later(runtime);
		return;
	}
	if (llist_add(&rt->stopnode, &lunatik_stops))
		schedule_work(&lunatik_stopping);
}

/**
 * lunatik_flushstops() - wait for the stops left to the workqueue
 */
void lunatik_flushstops(void)
{
	flush_work(&lunatik_stopping);
}

/**
 * lunatik_checkruntime() - the runtime a Lua argument holds
 * @L: the Lua state
 * @index: the stack index of the argument
 *
 * Raises a Lua error if the argument is not a live runtime object.
 *
 * Return: the runtime.
 */
lunatik_object_t *lunatik_checkruntime(lua_State *L, int index)
{
	return lunatik_checkobject(L, index, &lunatik_runtime_class);
}
EXPORT_SYMBOL_GPL(lunatik_checkruntime);

/**
 * lunatik_gfp() - the allocation flags of a runtime's Lua state
 * @L: the state
 *
 * Return: GFP_KERNEL where the state runs may sleep (a process runtime, or
 * any runtime's script body), GFP_ATOMIC elsewhere.
 */
gfp_t lunatik_gfp(lua_State *L)
{
	struct lunatik_runtime *rt = lunatik_toruntime(L)->private;

	return rt->alloc.gfp;
}
EXPORT_SYMBOL_GPL(lunatik_gfp);
