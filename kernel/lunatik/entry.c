// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Entering a runtime: who may run its Lua state, when, with which limits.
 *
 * A softirq or hardirq runtime is entered under its spinlock, from any
 * context up to its own, within an instruction budget.
 *
 * A process runtime is entered the way a socket is (lock_sock() and its
 * backlog). Process context owns it: it takes the runtime's mutex, marks
 * it owned under a spinlock, and runs Lua that may sleep. An atomic
 * context (a kprobe, a notifier called under a spinlock, a timer) enters
 * it at once under the spinlock, within the budget and allocating with
 * GFP_ATOMIC, when no task owns it; when one does, the event is queued
 * with a copy of its arguments, and the owner runs it when it releases
 * the runtime, with the same limits as if it had run at once. The
 * backlog is bounded: what does not fit is dropped and counted.
 *
 * Locking order, outermost first:
 *
 *  1. A process runtime's mutex. Runtimes nest only downwards, from a
 *     runtime to one its script created (runtime:resume()): the lockdep
 *     subclass of a runtime's locks is its level. Locks of the kernel
 *     that tasks in runtimes may wait for (RTNL, notifier chains) come
 *     after it: a hook called under them (nowait) and what it resumes
 *     take a runtime's mutex with a trylock only, and do not wait for a
 *     runtime's stop nor for a thread.
 *  2. A process runtime's slock, with interrupts off: under its mutex to
 *     mark it owned, or alone by an atomic entry, which runs Lua under it.
 *  3. The spinlock of a softirq or hardirq runtime, by level as in 1.
 *     While a CPU holds a lock of 2 or 3, no atomic event enters a
 *     runtime on it (see lunatik_atomicenter()): the locks of two
 *     runtimes of one level never nest.
 *  4. A thread's lock (spawn.c), a mutex taken to start or stop the
 *     thread and held while kthread_stop() waits for it; never by the
 *     thread's own runtime (-EDEADLK), which the thread holds.
 *  5. The locks that guard lists and fields: the registry's mutex (taken
 *     by module init and exit; require() reads the registry under RCU),
 *     rt->threadlock, the list of threads; nothing is taken under them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/export.h>
#include <linux/hardirq.h>
#include <linux/kthread.h>
#include <linux/lockdep.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "internal.h"

/* how often a process-context run may reschedule, in steps */
#define LUNATIK_RESCHED_STEP	1000

/*
 * The ticks: Lua calls them every so many steps (calls of Lua functions,
 * jumps, steps of pattern matching) of a state, in all its threads, so that one
 * bounds a whole entry into the runtime, coroutines included. Once a tick
 * has raised its error, every later step raises it again: a script that
 * catches the error (pcall) cannot go on.
 */
static void __noreturn lunatik_tickerror(lua_State *L, lua_Tick tick, const char *why)
{
	lua_settick(L, tick, 1);
	luaL_error(L, "%s", why);
}

static void lunatik_budget_tick(lua_State *L)
{
	struct lunatik_runtime *rt = lunatik_toruntime(L)->private;

	lua_settick(L, lunatik_budget_tick, 1);
	luaL_error(L, "instruction budget exceeded (%d)", (int)rt->budget);
}

static void lunatik_resched_tick(lua_State *L)
{
	struct lunatik_runtime *rt = lunatik_toruntime(L)->private;

	if (READ_ONCE(rt->stopping))
		lunatik_tickerror(L, lunatik_resched_tick, "runtime stopped");
	if (fatal_signal_pending(current))
		lunatik_tickerror(L, lunatik_resched_tick, "interrupted by a fatal signal");
	if ((current->flags & PF_KTHREAD) && kthread_should_stop())
		lunatik_tickerror(L, lunatik_resched_tick, "thread stopped");
	cond_resched();
}

/*
 * While a state closes, its finalizers share one budget; beyond it, each
 * remaining finalizer fails at its first step. The task closing a state
 * may have had its fatal signal taken already (a killed REPL's socket
 * closes as it exits): nothing else would end an endless __gc.
 */
static void lunatik_close_tick(lua_State *L)
{
	cond_resched();
	lunatik_tickerror(L, lunatik_close_tick,
			  "finalizers of a closing runtime ran out of instructions");
}

/**
 * lunatik_setclosetick() - the tick of a closing state
 * @L: the runtime's Lua state, about to be closed
 */
void lunatik_setclosetick(lua_State *L)
{
	struct lunatik_runtime *rt = lunatik_toruntime(L)->private;

	lua_settick(L, lunatik_close_tick, rt->budget);
}

/**
 * lunatik_settick() - the tick of an entry, by where it runs
 * @L: the runtime's Lua state
 *
 * Where the state may sleep, long runs reschedule and end on a fatal
 * signal or a stop; elsewhere they end at the budget.
 */
void lunatik_settick(lua_State *L)
{
	struct lunatik_runtime *rt = lunatik_toruntime(L)->private;

	if (lunatik_maysleep(rt))
		lua_settick(L, lunatik_resched_tick, LUNATIK_RESCHED_STEP);
	else
		lua_settick(L, lunatik_budget_tick, rt->budget);
}

/**
 * lunatik_panic() - the panic function of a runtime's Lua state
 * @L: the state
 *
 * A Lua error outside any protected call, in a handler of lunatik_run()
 * or of a hook, jumps back to where the entry began. Lunatik runs Lua
 * nowhere else without protection.
 *
 * Return: 0 when no entry is running: Lua aborts, a bug of Lunatik's.
 */
int lunatik_panic(lua_State *L)
{
	struct lunatik_runtime *rt = lunatik_toruntime(L)->private;
	struct lunatik_entry *entry = rt->entry;

	if (!entry)
		return 0;
	pr_err_ratelimited("%s: error outside a protected call: %s\n", rt->script,
			   lua_tostring(L, -1) ?: "(not a string)");
	entry->panicked = true;
	lua_longjmp(&entry->panic, 1);
}

/* the state's allocation flags and tick for an entry from context */
static void lunatik_enterfrom(lunatik_object_t *runtime, struct lunatik_entry *entry,
			      enum lunatik_context context)
{
	struct lunatik_runtime *rt = runtime->private;

	WRITE_ONCE(rt->owner, current);
	entry->L = rt->L;
	entry->top = lua_gettop(rt->L);
	entry->panicked = false;
	rt->entry = entry;
	rt->entered = context;
	if (runtime->context == LUNATIK_CONTEXT_PROCESS)
		rt->alloc.gfp = context == LUNATIK_CONTEXT_PROCESS ?
				GFP_KERNEL : GFP_ATOMIC;
	lunatik_settick(rt->L);
}

static void lunatik_exit(lunatik_object_t *runtime, struct lunatik_entry *entry)
{
	struct lunatik_runtime *rt = runtime->private;

	if (entry->panicked)
		lua_recover(entry->L);
	else
		lua_settop(entry->L, entry->top);
	rt->entry = NULL;
	rt->entered = runtime->context;
	if (runtime->context == LUNATIK_CONTEXT_PROCESS)
		rt->alloc.gfp = GFP_KERNEL;
	WRITE_ONCE(rt->owner, NULL);
}

/*
 * A CPU inside a runtime's spinlock (a process runtime's slock, or the
 * lock of a softirq or hardirq runtime) counts itself in from right
 * before it takes the lock until right after it releases it, with
 * interrupts or softirqs off. An atomic event raised on that CPU
 * meanwhile - by the Lua code running there, directly or through a probe
 * on a function it calls, or by a probe on the locking functions
 * themselves - is dropped: taking another runtime's lock there would nest
 * two runtimes of one level, which may wait for each other on two CPUs
 * (each running a callback that fires a hook of the other), and taking
 * the same one would spin forever. Runtimes nest only through
 * runtime:resume(), downwards.
 */
static DEFINE_PER_CPU(unsigned int, lunatik_atomicdepth);

static void lunatik_atomicenter(void)
{
	this_cpu_inc(lunatik_atomicdepth);
}

static void lunatik_atomicexit(void)
{
	this_cpu_dec(lunatik_atomicdepth);
}

static bool lunatik_inatomic(void)
{
	return this_cpu_read(lunatik_atomicdepth) > 0;
}

/* a process runtime's spinlock, which atomic entries hold */
static unsigned long lunatik_slock(lunatik_object_t *runtime)
	__acquires(&rt->slock)
{
	struct lunatik_runtime *rt = runtime->private;
	unsigned long flags;

	local_irq_save(flags);
	lunatik_atomicenter();
	spin_lock_nested(&rt->slock, runtime->level);
	return flags;
}

static void lunatik_sunlock(lunatik_object_t *runtime, unsigned long flags)
	__releases(&rt->slock)
{
	struct lunatik_runtime *rt = runtime->private;

	spin_unlock(&rt->slock);
	lunatik_atomicexit();
	local_irq_restore(flags);
}

/* the lock of a runtime, counted in (see lunatik_atomicenter()) */
static void lunatik_lockruntime(lunatik_object_t *runtime)
	__acquires(runtime)
{
	unsigned long flags;

	switch (runtime->context) {
	case LUNATIK_CONTEXT_PROCESS:
		mutex_lock_nested(&runtime->mutex, runtime->level);
		break;
	case LUNATIK_CONTEXT_SOFTIRQ:
		local_bh_disable();
		lunatik_atomicenter();
		spin_lock_nested(&runtime->spinlock, runtime->level);
		break;
	case LUNATIK_CONTEXT_HARDIRQ:
		local_irq_save(flags);
		lunatik_atomicenter();
		spin_lock_nested(&runtime->spinlock, runtime->level);
		runtime->irqflags = flags;
		break;
	}
}

static void lunatik_unlockruntime(lunatik_object_t *runtime)
	__releases(runtime)
{
	unsigned long flags;

	switch (runtime->context) {
	case LUNATIK_CONTEXT_PROCESS:
		mutex_unlock(&runtime->mutex);
		break;
	case LUNATIK_CONTEXT_SOFTIRQ:
		spin_unlock(&runtime->spinlock);
		lunatik_atomicexit();
		local_bh_enable();
		break;
	case LUNATIK_CONTEXT_HARDIRQ:
		flags = runtime->irqflags;
		spin_unlock(&runtime->spinlock);
		lunatik_atomicexit();
		local_irq_restore(flags);
		break;
	}
}

/* a process runtime whose mutex the caller took: owned from now on */
static void lunatik_own(lunatik_object_t *runtime)
{
	struct lunatik_runtime *rt = runtime->private;
	unsigned long flags;

	flags = lunatik_slock(runtime);
	rt->owned = true;
	lunatik_sunlock(runtime, flags);
}

static int __lunatik_begin(lunatik_object_t *runtime, struct lunatik_entry *entry,
			   bool wait)
{
	struct lunatik_runtime *rt = runtime->private;

	if (lunatik_heldbycurrent(runtime))
		return -EDEADLK;
	if (runtime->context != LUNATIK_CONTEXT_PROCESS) {
		lunatik_lockruntime(runtime);
	} else {
		if (!wait && !mutex_trylock(&runtime->mutex))
			return -EBUSY;
		if (wait && mutex_lock_killable_nested(&runtime->mutex, runtime->level))
			return -EINTR;
		lunatik_own(runtime);
	}
	if (!rt->L) {
		lunatik_end(runtime, NULL);
		return -ENXIO;
	}
	lunatik_enterfrom(runtime, entry, runtime->context);
	return 0;
}

/**
 * lunatik_begin() - lock a runtime and begin a call into its Lua state
 * @runtime: the runtime
 * @entry: the call, for lunatik_end()
 *
 * Used by lunatik_run(), in process context or in the runtime's own: a
 * process runtime is owned (it may sleep, and atomic entries meanwhile
 * queue up); a softirq or hardirq one is locked and the call gets a fresh
 * instruction budget. The caller sets a recovery point for Lua errors
 * outside protected calls with lua_setjmp(). Waiting for a process
 * runtime ends on a fatal signal.
 *
 * Return: 0 with the runtime locked and @entry->L set; -ENXIO if the
 * runtime is stopped, -EDEADLK if the current task holds it already,
 * -EINTR on a fatal signal.
 */
int lunatik_begin(lunatik_object_t *runtime, struct lunatik_entry *entry)
{
	return __lunatik_begin(runtime, entry, true);
}
EXPORT_SYMBOL_GPL(lunatik_begin);

/**
 * lunatik_trybegin() - lunatik_begin(), without waiting for a process runtime
 * @runtime: the runtime
 * @entry: the call, for lunatik_end()
 *
 * For callers holding locks that the task owning a process runtime may
 * wait for (a callback under RTNL): a mutex taken with a trylock makes
 * no dependency on those locks.
 *
 * Return: as lunatik_begin(); -EBUSY if a task holds the process runtime.
 */
int lunatik_trybegin(lunatik_object_t *runtime, struct lunatik_entry *entry)
{
	return __lunatik_begin(runtime, entry, false);
}

static void lunatik_freeevent(struct lunatik_event *event)
{
	lunatik_putobject(event->hook->object);
	kfree(event);
}

static void lunatik_runevent(lunatik_object_t *runtime, struct lunatik_event *event)
{
	struct lunatik_runtime *rt = runtime->private;
	struct lunatik_call call = {
		.hook = event->hook, .what = event->what, .fn = event->fn,
		.arg = event->arg,
	};
	struct lunatik_entry entry;

	/* stopped since it was queued: its callbacks may be gone */
	if (READ_ONCE(event->hook->stopped)) {
		atomic_long_inc(&rt->drops);
		return;
	}
	lunatik_enterfrom(runtime, &entry, event->hook->context);
	if (likely(!lua_setjmp(&entry.panic)))
		lunatik_hookpcall(rt->L, &call);
	lunatik_exit(runtime, &entry);
}

/*
 * Runs the events queued while the runtime was owned, then releases the
 * ownership. Events that keep coming while the backlog runs are run too,
 * up to one backlog's worth; beyond it they are dropped, so that the
 * owner gets away. A runtime being stopped drops them all. Returns
 * whether it stopped at that bound.
 */
static bool lunatik_runbacklog(lunatik_object_t *runtime)
{
	struct lunatik_runtime *rt = runtime->private;
	struct lunatik_event *event, *next;
	unsigned int ran = 0;
	unsigned long flags;
	bool bounded;
	LIST_HEAD(dropped);

	for (;;) {
		flags = lunatik_slock(runtime);
		event = list_first_entry_or_null(&rt->backlog, struct lunatik_event, list);
		bounded = event && ran >= 2 * lunatik_backlog;
		if (!event || bounded || READ_ONCE(rt->stopping)) {
			atomic_long_add(rt->nbacklog, &rt->drops);
			rt->nbacklog = 0;
			list_splice_init(&rt->backlog, &dropped);
			rt->owned = false;
			lunatik_sunlock(runtime, flags);
			break;
		}
		list_del(&event->list);
		rt->nbacklog--;
		lunatik_sunlock(runtime, flags);
		lunatik_runevent(runtime, event);
		lunatik_freeevent(event);
		ran++;
	}
	list_for_each_entry_safe(event, next, &dropped, list)
		lunatik_freeevent(event);
	return bounded;
}

static bool lunatik_backlogged(lunatik_object_t *runtime)
{
	struct lunatik_runtime *rt = runtime->private;
	unsigned long flags;
	bool backlogged;

	flags = lunatik_slock(runtime);
	backlogged = rt->nbacklog > 0;
	lunatik_sunlock(runtime, flags);
	return backlogged;
}

/*
 * An event that could not wait for a process runtime (see
 * lunatik_enternowait()) may be queued while a task holds the mutex but
 * has run its backlog already. The task queueing it and every task
 * releasing the mutex look again once the mutex may be free: whoever
 * then gets it runs what is queued. Events that the backlog's own Lua
 * code raises (a probe on a function it calls) end at the backlog's bound.
 */
static void lunatik_kickbacklog(lunatik_object_t *runtime)
{
	bool bounded = false;

	while (!bounded && lunatik_backlogged(runtime) && mutex_trylock(&runtime->mutex)) {
		lunatik_own(runtime);
		bounded = lunatik_runbacklog(runtime);
		mutex_unlock(&runtime->mutex);
	}
}

/**
 * lunatik_end() - end a call begun by lunatik_begin() and unlock
 * @runtime: the runtime
 * @entry: the call; NULL if none began
 *
 * Restores the Lua stack; after a Lua error outside any protected call,
 * resets the state's main thread so that the runtime stays usable. A
 * process runtime first runs the events queued while it was owned.
 */
void lunatik_end(lunatik_object_t *runtime, struct lunatik_entry *entry)
{
	if (entry)
		lunatik_exit(runtime, entry);
	if (runtime->context == LUNATIK_CONTEXT_PROCESS) {
		lunatik_runbacklog(runtime);
		mutex_unlock(&runtime->mutex);
		lunatik_kickbacklog(runtime);
	} else {
		lunatik_unlockruntime(runtime);
	}
}
EXPORT_SYMBOL_GPL(lunatik_end);

/* queues an event for the owner of a process runtime, under its spinlock */
static int lunatik_queue(struct lunatik_runtime *rt, struct lunatik_call *call)
{
	struct lunatik_event *event;

	if (!rt->L || rt->stopping)
		return -ENXIO;
	if (!call->size || rt->nbacklog >= lunatik_backlog)
		goto drop;
	event = kmalloc(sizeof(*event) + call->size, GFP_ATOMIC | __GFP_NOWARN);
	if (!event)
		goto drop;
	lunatik_getobject(call->hook->object);
	event->hook = call->hook;
	event->what = call->what;
	event->fn = call->fn;
	memcpy(event->arg, call->arg, call->size);
	list_add_tail(&event->list, &rt->backlog);
	rt->nbacklog++;
	return -EAGAIN;
drop:
	atomic_long_inc(&rt->drops);
	return -ENOBUFS;
}

/* an atomic entry into a process runtime: at once, or queued */
static int lunatik_enteratomic(lunatik_object_t *runtime, struct lunatik_call *call)
{
	struct lunatik_runtime *rt = runtime->private;
	struct lunatik_entry entry;
	unsigned long flags;
	int ret;

	flags = lunatik_slock(runtime);
	if (rt->owned || !rt->L || rt->stopping) {
		ret = lunatik_queue(rt, call);
	} else {
		lunatik_enterfrom(runtime, &entry, call->hook->context);
		if (likely(!lua_setjmp(&entry.panic)))
			ret = lunatik_hookpcall(rt->L, call);
		else
			ret = -EIO;
		lunatik_exit(runtime, &entry);
	}
	lunatik_sunlock(runtime, flags);
	return ret;
}

/* a process-context event raised by the owner itself, or that cannot wait: queued */
static int lunatik_enterowned(lunatik_object_t *runtime, struct lunatik_call *call)
{
	unsigned long flags;
	int ret;

	flags = lunatik_slock(runtime);
	ret = lunatik_queue(runtime->private, call);
	lunatik_sunlock(runtime, flags);
	return ret;
}

/*
 * A process-context event whose caller holds locks that the runtime's
 * owner may wait for (RTNL, a notifier chain's lock): it never waits for
 * the runtime. It runs at once, owning the runtime, when the mutex is
 * free and nothing is queued, and is queued otherwise.
 */
static int lunatik_enternowait(lunatik_object_t *runtime, struct lunatik_call *call)
{
	struct lunatik_runtime *rt = runtime->private;
	struct lunatik_entry entry;
	int ret;

	if (!mutex_trylock(&runtime->mutex)) {
		ret = lunatik_enterowned(runtime, call);
		if (ret == -EAGAIN)
			lunatik_kickbacklog(runtime);
		return ret;
	}
	lunatik_own(runtime);
	if (!rt->L) {
		lunatik_end(runtime, NULL);
		return -ENXIO;
	}
	/* after the events queued before it */
	if (lunatik_backlogged(runtime)) {
		ret = lunatik_enterowned(runtime, call);
		lunatik_end(runtime, NULL);
		return ret;
	}
	lunatik_enterfrom(runtime, &entry, LUNATIK_CONTEXT_PROCESS);
	if (likely(!lua_setjmp(&entry.panic)))
		ret = lunatik_hookpcall(rt->L, call);
	else
		ret = -EIO;
	lunatik_end(runtime, &entry);
	return ret;
}

static int lunatik_entersync(lunatik_object_t *runtime, struct lunatik_call *call)
{
	int ret;

	lunatik_run(runtime, lunatik_hookpcall, ret, call);
	return ret;
}

/**
 * lunatik_enter() - run a hook's call in its runtime, from the hook's context
 * @runtime: the runtime, with a reference held
 * @call: the call
 *
 * Return: as lunatik_hookcall().
 */
int lunatik_enter(lunatik_object_t *runtime, struct lunatik_call *call)
{
	struct lunatik_runtime *rt = runtime->private;

	/* process context never runs where a runtime's spinlock is held */
	if (call->hook->context != LUNATIK_CONTEXT_PROCESS && lunatik_inatomic()) {
		atomic_long_inc(&rt->drops);
		return -EDEADLK;
	}
	if (runtime->context != LUNATIK_CONTEXT_PROCESS)
		return lunatik_entersync(runtime, call);
	if (call->hook->context != LUNATIK_CONTEXT_PROCESS)
		return lunatik_enteratomic(runtime, call);
	if (call->hook->nowait)
		return lunatik_enternowait(runtime, call);
	if (lunatik_heldbycurrent(runtime) && call->size)
		return lunatik_enterowned(runtime, call);
	return lunatik_entersync(runtime, call);
}

/**
 * lunatik_setstate() - set or clear the Lua state of a runtime
 * @runtime: the runtime
 * @L: the state; NULL to stop the runtime
 *
 * Clearing it drops the events still queued. Sleeps for a process runtime.
 *
 * Return: the state the runtime had.
 */
lua_State *lunatik_setstate(lunatik_object_t *runtime, lua_State *L)
{
	struct lunatik_runtime *rt = runtime->private;
	struct lunatik_event *event, *next;
	unsigned long flags;
	lua_State *old;
	LIST_HEAD(queued);

	lunatik_lockruntime(runtime);
	if (runtime->context == LUNATIK_CONTEXT_PROCESS)
		flags = lunatik_slock(runtime);
	old = rt->L;
	rt->L = L;
	if (runtime->context == LUNATIK_CONTEXT_PROCESS) {
		list_splice_init(&rt->backlog, &queued);
		rt->nbacklog = 0;
		lunatik_sunlock(runtime, flags);
	}
	lunatik_unlockruntime(runtime);
	if (runtime->context == LUNATIK_CONTEXT_PROCESS)
		lunatik_kickbacklog(runtime);
	list_for_each_entry_safe(event, next, &queued, list)
		lunatik_freeevent(event);
	return old;
}

/**
 * lunatik_drops() - the events a runtime dropped
 * @runtime: the runtime
 *
 * Return: how many events its backlog could not take, or that came where
 * it could not be entered (NMI, or from its own Lua code).
 */
unsigned long lunatik_drops(lunatik_object_t *runtime)
{
	struct lunatik_runtime *rt = runtime->private;

	return atomic_long_read(&rt->drops);
}
