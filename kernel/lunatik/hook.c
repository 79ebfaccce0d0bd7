// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Hooks: kernel events calling a script's callbacks.
 *
 * A binding (device, probe, notifier...) registers something with the
 * kernel whose callbacks call lunatik_hookcall(); that finds the script's
 * callbacks in the runtime that made the hook and runs the binding's
 * function there, protected and within the runtime's limits, entering
 * the runtime the way the context of the event allows (entry.c).
 *
 *	registry[hook] = {callbacks, guard}
 *
 * The guard, a userdata, stops the hook when it is collected: when the
 * runtime's state closes, or after the script stopped the hook itself.
 * Stopping unregisters the kernel's side, from a workqueue when the
 * unregistering function could not sleep or wait where the stop happens
 * (in atomic context, or in a hook's own callback). The registration
 * holds a reference to the binding's object until it is unregistered, so
 * the kernel never calls a hook whose memory is gone.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/export.h>
#include <linux/hardirq.h>
#include <linux/llist.h>
#include <linux/rcupdate.h>
#include <linux/workqueue.h>

#include "internal.h"

#define LUNATIK_HOOKGUARD	"lunatik.hookguard"

/* hooks whose unregistering was left to the workqueue */
static LLIST_HEAD(lunatik_unhooks);

static void lunatik_unregisterhook(struct lunatik_hook *hook)
{
	hook->unregister(hook);
	lunatik_putobject(hook->object);
}

static void lunatik_unhookwork(struct work_struct *work)
{
	struct llist_node *list = llist_del_all(&lunatik_unhooks);
	struct lunatik_hook *hook, *next;

	llist_for_each_entry_safe(hook, next, list, unhook)
		lunatik_unregisterhook(hook);
}

static DECLARE_WORK(lunatik_unhooking, lunatik_unhookwork);

/**
 * lunatik_flushhooks() - wait for the hooks left to the workqueue to be
 *	unregistered
 */
void lunatik_flushhooks(void)
{
	flush_work(&lunatik_unhooking);
}

/* whether code running in L may wait for a hook's callbacks to end */
static bool lunatik_maywait(lua_State *L)
{
	struct lunatik_runtime *rt = lunatik_toruntime(L)->private;

	return lunatik_maysleep(rt) && !rt->inhook;
}

/* stops a hook once; unregisters it, later if the caller cannot wait */
static void lunatik_unhook(struct lunatik_hook *hook, bool maywait)
{
	if (xchg(&hook->stopped, true) || !hook->registered)
		return;
	hook->registered = false;
	if (maywait && !hook->nowait)
		lunatik_unregisterhook(hook);
	else if (llist_add(&hook->unhook, &lunatik_unhooks))
		schedule_work(&lunatik_unhooking);
}

static int lunatik_hookguardgc(lua_State *L)
{
	struct lunatik_hook **phook = luaL_checkudata(L, 1, LUNATIK_HOOKGUARD);
	struct lunatik_hook *hook = *phook;

	if (hook) {
		*phook = NULL;
		lunatik_unhook(hook, lunatik_maywait(L));
		if (lunatik_maysleep(lunatik_toruntime(L)->private))
			lunatik_putobject(hook->object);
		else
			lunatik_putobject_later(hook->object);
	}
	return 0;
}

/**
 * lunatik_newhook() - make a hook for the runtime of a Lua state
 * @L: the state of the script making it; its runtime is the hook's
 * @hook: the hook, in @object's private data
 * @object: the binding's object, with a reference the caller keeps
 * @callbacks: the stack index of what the hook's function receives, the
 *	script's callback or table of callbacks
 * @context: the context the kernel will call the hook from
 * @unregister: what removes the kernel's registration
 *
 * Raises a Lua error without memory, or if the runtime cannot be entered
 * from @context (a softirq runtime, from hardirq context). Once it
 * returns, lunatik_stophook() and the runtime's closing stop the hook.
 */
void lunatik_newhook(lua_State *L, struct lunatik_hook *hook,
		     lunatik_object_t *object, int callbacks,
		     enum lunatik_context context,
		     void (*unregister)(struct lunatik_hook *hook))
{
	lunatik_object_t *runtime = lunatik_toruntime(L);
	struct lunatik_hook **phook;

	if (runtime->context == LUNATIK_CONTEXT_SOFTIRQ &&
	    context == LUNATIK_CONTEXT_HARDIRQ)
		luaL_error(L, "%s: no hardirq hooks in a softirq runtime",
			   object->class->name);
	callbacks = lua_absindex(L, callbacks);
	hook->object = object;
	hook->runtime = runtime;
	hook->context = context;
	hook->unregister = unregister;
	hook->stopped = true;
	hook->registered = false;

	lua_createtable(L, 2, 0);
	lua_pushvalue(L, callbacks);
	lua_rawseti(L, -2, 1);
	phook = lua_newuserdatauv(L, sizeof(*phook), 0);
	*phook = NULL;
	if (luaL_newmetatable(L, LUNATIK_HOOKGUARD)) {
		lua_pushcfunction(L, lunatik_hookguardgc);
		lua_setfield(L, -2, "__gc");
		lua_pushboolean(L, false);
		lua_setfield(L, -2, "__metatable");
	}
	lua_setmetatable(L, -2);
	lua_rawseti(L, -2, 2);
	lua_rawsetp(L, LUA_REGISTRYINDEX, hook);
	/* the guard holds the object from now on */
	lunatik_getobject(object);
	*phook = hook;
	hook->stopped = false;
}
EXPORT_SYMBOL_GPL(lunatik_newhook);

/**
 * lunatik_hookregistered() - tell that the kernel's registration is done
 * @hook: the hook
 *
 * From now on, stopping the hook calls its unregister function. The
 * registration holds a reference to the hook's object until then.
 */
void lunatik_hookregistered(struct lunatik_hook *hook)
{
	lunatik_getobject(hook->object);
	hook->registered = true;
}
EXPORT_SYMBOL_GPL(lunatik_hookregistered);

/**
 * lunatik_stophook() - stop a hook, from a script
 * @L: the state of the script, in any runtime holding the hook's object
 * @hook: the hook
 *
 * The hook calls its callbacks no more. Its kernel registration is
 * removed now where @L may sleep and is not running a hook's callback,
 * from a workqueue otherwise. In the hook's own runtime, its callbacks
 * and guard go too. Stopping a stopped hook does nothing.
 */
void lunatik_stophook(lua_State *L, struct lunatik_hook *hook)
{
	lunatik_unhook(hook, lunatik_maywait(L));
	if (hook->runtime == lunatik_toruntime(L)) {
		lua_pushnil(L);
		lua_rawsetp(L, LUA_REGISTRYINDEX, hook);
	}
}
EXPORT_SYMBOL_GPL(lunatik_stophook);

/* in protected mode: the hook's callbacks, then the binding's function */
static int lunatik_hooktrampoline(lua_State *L)
{
	struct lunatik_call *call = lua_touserdata(L, 1);
	struct lunatik_runtime *rt = lunatik_toruntime(L)->private;
	int ret;

	if (lua_rawgetp(L, LUA_REGISTRYINDEX, call->hook) != LUA_TTABLE) {
		lua_pushinteger(L, -ENXIO);	/* stopped */
		return 1;
	}
	lua_rawgeti(L, -1, 1);
	rt->inhook++;
	rt->nowait += call->hook->nowait;
	ret = call->fn(L, call->arg);
	rt->nowait -= call->hook->nowait;
	rt->inhook--;
	lua_pushinteger(L, ret);
	return 1;
}

/**
 * lunatik_hookpcall() - run a hook's call in the runtime's Lua state
 * @L: the state, entered
 * @call: the call
 *
 * Return: what the hook's function returned; -EIO if it raised an error,
 * which is logged; -ENXIO if the hook was stopped.
 */
int lunatik_hookpcall(lua_State *L, struct lunatik_call *call)
{
	struct lunatik_runtime *rt = lunatik_toruntime(L)->private;
	unsigned int inhook = rt->inhook, nowait = rt->nowait;

	lua_pushcfunction(L, lunatik_hooktrampoline);
	lua_pushlightuserdata(L, call);
	if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
		rt->inhook = inhook;
		rt->nowait = nowait;
		pr_err_ratelimited("%s: %s: %s\n", call->hook->name, call->what,
				   lua_tostring(L, -1) ?: "(error object is not a string)");
		return -EIO;
	}
	return (int)lua_tointeger(L, -1);
}

/**
 * lunatik_hookcall() - call a hook's function in its runtime
 * @hook: the hook
 * @what: what is called, for the log: an operation's name
 * @fn: the function, called with the script's callbacks on the stack
 * @arg: its argument
 * @size: the size of @arg, at most LUNATIK_EVENT_MAX bytes; 0 if the call
 *	cannot wait
 *
 * From the hook's context. A process runtime that a task owns when an
 * atomic event comes (or whose owner raises the event itself) runs @fn
 * later, when the owner releases it, on a copy of @arg; without @size, or
 * when its backlog is full, the event is dropped and counted. An event in
 * NMI context is dropped. Where sleeping is allowed, the wait for the
 * runtime ends on a fatal signal.
 *
 * Return: what @fn returned; -EAGAIN if it was queued, -ENOBUFS if it was
 * dropped; -ENXIO if the hook or its runtime is stopped; -EIO on a Lua
 * error; -EINTR on a fatal signal; -EDEADLK if the current task is in the
 * runtime already and the call cannot wait.
 */
int lunatik_hookcall(struct lunatik_hook *hook, const char *what,
		     lunatik_hookfn_t fn, void *arg, size_t size)
{
	struct lunatik_call call = {
		.hook = hook, .what = what, .fn = fn, .arg = arg, .size = size,
	};
	struct lunatik_runtime *rt;
	lunatik_object_t *runtime;
	int ret;

	if (WARN_ON_ONCE(size > LUNATIK_EVENT_MAX))
		return -EINVAL;
	rcu_read_lock();
	if (READ_ONCE(hook->stopped)) {
		rcu_read_unlock();
		return -ENXIO;
	}
	runtime = hook->runtime;
	rt = runtime->private;
	if (in_nmi()) {
		atomic_long_inc(&rt->drops);
		rcu_read_unlock();
		return -ENOBUFS;
	}
	if (!lunatik_trygetobject(runtime)) {
		rcu_read_unlock();
		return -ENXIO;
	}
	rcu_read_unlock();
	ret = lunatik_enter(runtime, &call);
	if (hook->context == LUNATIK_CONTEXT_PROCESS)
		lunatik_putobject(runtime);
	else
		lunatik_putobject_later(runtime);
	return ret;
}
EXPORT_SYMBOL_GPL(lunatik_hookcall);

/**
 * lunatik_hookdrop() - count an event that a hook dropped itself
 * @hook: the hook
 *
 * For a binding that could not even call lunatik_hookcall() (an event in
 * NMI context that it had no room to defer): the event counts in the
 * drops of the hook's runtime. Safe in any context, NMI included.
 */
void lunatik_hookdrop(struct lunatik_hook *hook)
{
	struct lunatik_runtime *rt;

	rcu_read_lock();
	if (!READ_ONCE(hook->stopped)) {
		rt = hook->runtime->private;
		atomic_long_inc(&rt->drops);
	}
	rcu_read_unlock();
}
EXPORT_SYMBOL_GPL(lunatik_hookdrop);
