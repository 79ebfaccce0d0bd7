/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Lunatik: Lua scripts in the kernel.
 *
 * A runtime is a Lunatik object holding a Lua state, which runs a script
 * from /lib/modules/lua/ and then the callbacks that the script installs.
 * Objects carry a reference count and a lock that matches the context
 * they are used in: a mutex in process context, a spinlock taken with
 * softirqs off, or a spinlock taken with interrupts off.
 */
#ifndef _LINUX_LUNATIK_H
#define _LINUX_LUNATIK_H

#include <linux/bottom_half.h>
#include <linux/bits.h>
#include <linux/device/driver.h>
#include <linux/gfp_types.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/llist.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <uapi/linux/lunatik.h>

#include <linux/lua/lua.h>
#include <linux/lua/lauxlib.h>
#include <linux/lua/lua_setjmp.h>

/*
 * enum lunatik_context, in the uapi header: where an object may be used,
 * which chooses its lock. LUNATIK_CONTEXT_PROCESS: a mutex, GFP_KERNEL;
 * LUNATIK_CONTEXT_SOFTIRQ: up to softirq context, a spinlock taken with
 * spin_lock_bh(), GFP_ATOMIC; LUNATIK_CONTEXT_HARDIRQ: any context, a
 * spinlock taken with spin_lock_irqsave(), GFP_ATOMIC.
 */

/* sets of contexts, for classes and Lua modules: where they may be used */
#define LUNATIK_IN_PROCESS	BIT(LUNATIK_CONTEXT_PROCESS)
#define LUNATIK_IN_SOFTIRQ	BIT(LUNATIK_CONTEXT_SOFTIRQ)
#define LUNATIK_IN_HARDIRQ	BIT(LUNATIK_CONTEXT_HARDIRQ)
#define LUNATIK_IN_ANY		(LUNATIK_IN_PROCESS | LUNATIK_IN_SOFTIRQ | \
				 LUNATIK_IN_HARDIRQ)

/**
 * struct lunatik_class - what kind of object an object is
 * @name: the name of the class, as Lua errors show it; also the name of
 *	the metatable of its objects in a Lua state
 * @methods: the methods of its objects in Lua, and metamethods (those
 *	named "__*", but __gc, __close and __metatable); may be NULL
 * @release: frees what the object's private data holds, when the last
 *	reference drops; may be NULL. It runs where sleeping is allowed: a
 *	last reference dropped by a Lua state in atomic context is released
 *	later, from a workqueue.
 * @contexts: the runtimes whose scripts may hold and use objects of the
 *	class: a set of LUNATIK_IN_* flags. In any other runtime, creating,
 *	receiving or using one is a Lua error.
 * @owner: the kernel module of the class (THIS_MODULE): each object of
 *	the class holds a reference to it until it is released, even in
 *	runtimes that never required the module
 */
struct lunatik_class {
	const char *name;
	const luaL_Reg *methods;
	void (*release)(void *private);
	unsigned int contexts;
	struct module *owner;
};

/**
 * struct lunatik_object - an object shared between C and Lua
 * @kref: references; the object is released when the last one drops
 * @class: the class of the object
 * @context: the context it may be used in, which chooses its lock
 * @mutex: the lock of a process-context object
 * @spinlock: the lock of a softirq- or hardirq-context object
 * @irqflags: the interrupt state saved by lunatik_lock() in hardirq
 *	context, under @spinlock
 * @level: how deep the object's lock may nest under others of its kind,
 *	for lockdep: a runtime created by another runtime's script is one
 *	level below it
 * @private: the data of the class, allocated with the object
 * @free: its place on the list of objects to release from a workqueue
 * @rcu: frees its memory after a grace period: hooks find their runtime
 *	under RCU
 */
struct lunatik_object {
	struct kref kref;
	const struct lunatik_class *class;
	enum lunatik_context context;
	union {
		struct mutex mutex;	/* LUNATIK_CONTEXT_PROCESS */
		spinlock_t spinlock;	/* the other contexts */
	};
	unsigned long irqflags;
	unsigned int level;
	void *private;
	struct llist_node free;
	struct rcu_head rcu;
};

typedef struct lunatik_object lunatik_object_t;

lunatik_object_t *lunatik_newobject(const struct lunatik_class *class,
				    size_t size, enum lunatik_context context,
				    gfp_t gfp);
void lunatik_getobject(lunatik_object_t *object);
int lunatik_putobject(lunatik_object_t *object);

struct lunatik_object **lunatik_newpobject(lua_State *L,
					   const struct lunatik_class *class);
lunatik_object_t *lunatik_pushobject(lua_State *L, const struct lunatik_class *class,
				     size_t size);
struct lunatik_object **lunatik_checkpobject(lua_State *L, int index,
					     const struct lunatik_class *class);

/**
 * lunatik_trygetobject() - take a reference unless the object is going
 * @object: the object, whose memory the caller knows to be valid
 *
 * Return: true with a reference taken; false if its last reference has
 * already dropped (its release runs or is about to).
 */
static inline bool lunatik_trygetobject(lunatik_object_t *object)
{
	return kref_get_unless_zero(&object->kref);
}

/**
 * lunatik_lock() - take the lock of an object
 * @object: the object
 *
 * Sleeps for a process-context object; disables softirqs or interrupts
 * for the others, until lunatik_unlock().
 */
static inline void lunatik_lock(lunatik_object_t *object)
	__acquires(object)
{
	switch (object->context) {
	case LUNATIK_CONTEXT_PROCESS:
		mutex_lock_nested(&object->mutex, object->level);
		break;
	case LUNATIK_CONTEXT_SOFTIRQ:
		local_bh_disable();
		spin_lock_nested(&object->spinlock, object->level);
		break;
	case LUNATIK_CONTEXT_HARDIRQ:
		spin_lock_irqsave_nested(&object->spinlock, object->irqflags,
					 object->level);
		break;
	}
}

/**
 * lunatik_unlock() - release the lock taken by lunatik_lock()
 * @object: the object
 */
static inline void lunatik_unlock(lunatik_object_t *object)
	__releases(object)
{
	switch (object->context) {
	case LUNATIK_CONTEXT_PROCESS:
		mutex_unlock(&object->mutex);
		break;
	case LUNATIK_CONTEXT_SOFTIRQ:
		spin_unlock(&object->spinlock);
		local_bh_enable();
		break;
	case LUNATIK_CONTEXT_HARDIRQ:
		spin_unlock_irqrestore(&object->spinlock, object->irqflags);
		break;
	}
}

lunatik_object_t *lunatik_checkobject(lua_State *L, int index,
				      const struct lunatik_class *class);

/**
 * struct lunatik_config - how to create a runtime
 * @context: the context its callbacks run in
 * @quota: bytes its Lua state may allocate; 0 for the default, the
 *	lunatik module's quota parameter
 * @budget: steps (calls, jumps) a softirq or hardirq runtime may run each time it
 *	is entered; 0 for the default, the lunatik module's budget parameter
 * @error: if not NULL, receives the error of a script that fails
 * @errorsize: the size of @error
 */
struct lunatik_config {
	enum lunatik_context context;
	size_t quota;
	unsigned int budget;
	char *error;
	size_t errorsize;
};

int lunatik_newruntime(lunatik_object_t **pruntime, const char *script,
		       const struct lunatik_config *config);
int lunatik_runtime(lunatik_object_t **pruntime, const char *script,
		    bool sleep);
int lunatik_stop(lunatik_object_t *runtime);
lunatik_object_t *lunatik_checkruntime(lua_State *L, int index);
gfp_t lunatik_gfp(lua_State *L);
void lunatik_checksleep(lua_State *L, const char *what);
void lunatik_checkwait(lua_State *L, const char *what);

/**
 * struct lunatik_const - an integer constant a Lua module exports
 * @name: its name in the module's table
 * @value: its value
 */
struct lunatik_const {
	const char *name;
	lua_Integer value;
};

/* { "NAME", <prefix>NAME }: NOTIFY_OK as field OK */
#define LUNATIK_CONST(prefix, name)	{ #name, prefix##name }

void lunatik_setconsts(lua_State *L, const char *field,
		       const struct lunatik_const *consts);

/**
 * struct lunatik_thread - a kernel thread running a runtime's function
 * @kref: references: the runtime's and its other holders'
 * @lock: serialises starting and stopping the thread
 * @task: the thread, with a reference; NULL until it is created
 * @runtime: the runtime it runs in, valid while it is not stopped (the
 *	thread holds it while its function runs; the runtime stops it
 *	before it is released)
 * @stopped: whether it was stopped and has ended (kthread_stop() is
 *	called once)
 * @list: its place on Lunatik's list of threads, private to Lunatik
 */
struct lunatik_thread {
	struct kref kref;
	struct mutex lock;	/* guards task and stopped */
	struct task_struct *task;
	lunatik_object_t *runtime;
	bool stopped;
	struct list_head list;
};

__printf(2, 3)
struct lunatik_thread *lunatik_spawn(lunatik_object_t *runtime,
				     const char *namefmt, ...);
int lunatik_stopthread(struct lunatik_thread *thread);
void lunatik_putthread(struct lunatik_thread *thread);

/**
 * struct lunatik_module - a Lua module that scripts get with require()
 * @name: the name scripts require: lowercase letters, digits and '_', in
 *	parts separated by dots ("syscall.table")
 * @open: pushes the module, as a luaopen_*() function of Lua does
 * @contexts: the runtimes that may require it, a set of LUNATIK_IN_*
 *	flags; requiring it in another is a Lua error
 * @owner: THIS_MODULE; a runtime that requires the module holds a
 *	reference to @owner until it is released
 * @list: its place in the registry, private to Lunatik
 *
 * A binding built as a kernel module declares MODULE_ALIAS("lunatik-"
 * name), so that require() loads it on demand.
 */
struct lunatik_module {
	const char *name;
	lua_CFunction open;
	unsigned int contexts;
	struct module *owner;
	struct list_head list;
};

int lunatik_register(struct lunatik_module *module);
void lunatik_unregister(struct lunatik_module *module);

/**
 * DEFINE_LUNATIK_MODULE_OPEN() - declare a binding's Lua module
 * @__name: its name, an identifier: scripts require("<name>")
 * @__open: the function that pushes the module
 * @__contexts: the runtimes that may require it, LUNATIK_IN_* flags
 *
 * Defines lunatik_module_<name>, to register, and the alias that lets
 * require() load the kernel module: MODULE_ALIAS("lunatik-<name>").
 */
#define DEFINE_LUNATIK_MODULE_OPEN(__name, __open, __contexts)		\
static struct lunatik_module lunatik_module_##__name = {		\
	.name = #__name,						\
	.open = (__open),						\
	.contexts = (__contexts),					\
	.owner = THIS_MODULE,						\
};									\
MODULE_ALIAS("lunatik-" #__name)

/**
 * DEFINE_LUNATIK_MODULE() - declare a binding's Lua module of functions
 * @__name: its name, as for DEFINE_LUNATIK_MODULE_OPEN()
 * @__funcs: its functions, a luaL_Reg array ending with { NULL, NULL }
 * @__contexts: the runtimes that may require it, LUNATIK_IN_* flags
 *
 * Also defines luaopen_<name>(), which pushes a new table of @__funcs.
 */
#define DEFINE_LUNATIK_MODULE(__name, __funcs, __contexts)		\
static int luaopen_##__name(lua_State *L)				\
{									\
	luaL_newlib(L, __funcs);					\
	return 1;							\
}									\
static struct lunatik_module lunatik_module_##__name = {		\
	.name = #__name,						\
	.open = luaopen_##__name,					\
	.contexts = (__contexts),					\
	.owner = THIS_MODULE,						\
};									\
MODULE_ALIAS("lunatik-" #__name)

/**
 * DEFINE_LUNATIK_SUBMODULE_OPEN() - declare a binding's dotted Lua module
 * @__parent: the first part of its name, an identifier
 * @__sub: the second part, an identifier: scripts require("<parent>.<sub>")
 * @__open: the function that pushes the module
 * @__contexts: the runtimes that may require it, LUNATIK_IN_* flags
 *
 * Defines lunatik_module_<parent>_<sub> and the alias
 * "lunatik-<parent>.<sub>", for the kernel module that registers it.
 */
#define DEFINE_LUNATIK_SUBMODULE_OPEN(__parent, __sub, __open, __contexts) \
static struct lunatik_module lunatik_module_##__parent##_##__sub = {	\
	.name = #__parent "." #__sub,					\
	.open = (__open),						\
	.contexts = (__contexts),					\
	.owner = THIS_MODULE,						\
};									\
MODULE_ALIAS("lunatik-" #__parent "." #__sub)

/**
 * module_lunatik() - a kernel module that only registers a Lua module
 * @__name: the name given to DEFINE_LUNATIK_MODULE(); the module is
 *	registered at init and unregistered at exit, in place of
 *	module_init() and module_exit()
 */
#define module_lunatik(__name) \
	module_driver(lunatik_module_##__name, lunatik_register, lunatik_unregister)

/**
 * lunatik_toruntime() - the runtime that a Lua state belongs to
 * @L: a state created by lunatik_runtime(), or one of its threads
 *
 * Return: the runtime, kept in the extra space of @L.
 */
static inline lunatik_object_t *lunatik_toruntime(lua_State *L)
{
	return *(lunatik_object_t **)lua_getextraspace(L);
}

/**
 * struct lunatik_hook - where a kernel event source calls a script back
 * @object: the object of the binding that embeds the hook; a registered
 *	hook holds a reference to it until it is unregistered
 * @runtime: the runtime whose script made it, where its callbacks run;
 *	valid under RCU while the hook is not stopped
 * @context: the context the kernel calls it from: LUNATIK_CONTEXT_PROCESS
 *	(a file operation, a blocking notifier), LUNATIK_CONTEXT_SOFTIRQ (a
 *	netfilter hook), LUNATIK_CONTEXT_HARDIRQ (anything that may run with
 *	interrupts off: a kprobe, an atomic notifier, a timer)
 * @name: its name in the kernel log
 * @nowait: a process-context hook called with locks held that a task in
 *	the runtime may wait for (RTNL, a notifier chain's lock): it never
 *	waits for a process runtime; while a task owns the runtime, its
 *	events are queued as atomic ones are. Its kernel registration is
 *	always removed from a workqueue, as the removal may take those locks
 * @unregister: removes the kernel's registration, after which the kernel
 *	calls the hook no more; may sleep
 * @stopped: the hook calls its callbacks no more
 * @registered: lunatik_hookregistered() was called, @unregister was not
 * @unhook: its place on the list of hooks to unregister from a workqueue
 *
 * The binding embeds it in its object's private data, sets @name (and
 * @nowait) and calls lunatik_newhook() and, once the kernel's
 * registration succeeds, lunatik_hookregistered(). The kernel's callbacks
 * call lunatik_hookcall().
 */
struct lunatik_hook {
	lunatik_object_t *object;
	lunatik_object_t *runtime;
	enum lunatik_context context;
	const char *name;
	bool nowait;
	void (*unregister)(struct lunatik_hook *hook);
	bool stopped;
	bool registered;
	struct llist_node unhook;
};

/**
 * typedef lunatik_hookfn_t - what a hook does in its runtime's Lua state
 * @L: the state, with the script's callbacks (what it gave
 *	lunatik_newhook()) on the top of the stack
 * @arg: the argument given to lunatik_hookcall(), or a copy of it
 *
 * Runs protected, within the runtime's limits; a Lua error it raises or
 * lets through is logged.
 *
 * Return: 0 or a negative errno, which lunatik_hookcall() returns.
 */
typedef int (*lunatik_hookfn_t)(lua_State *L, void *arg);

/* the most bytes of argument a hook's call may have copied and queued */
#define LUNATIK_EVENT_MAX	512

void lunatik_newhook(lua_State *L, struct lunatik_hook *hook,
		     lunatik_object_t *object, int callbacks,
		     enum lunatik_context context,
		     void (*unregister)(struct lunatik_hook *hook));
void lunatik_hookregistered(struct lunatik_hook *hook);
void lunatik_stophook(lua_State *L, struct lunatik_hook *hook);
int lunatik_hookcall(struct lunatik_hook *hook, const char *what,
		     lunatik_hookfn_t fn, void *arg, size_t size);
void lunatik_hookdrop(struct lunatik_hook *hook);

/* data.ko (CONFIG_LUNATIK_DATA): memory the kernel owns, for one callback */
lunatik_object_t *luadata_newview(lua_State *L, void *ptr, size_t size, bool readonly);

/**
 * struct lunatik_entry - a call into a runtime, for lunatik_run()
 * @L: the runtime's Lua state
 * @top: the top of its stack when the call began, restored at the end
 * @panicked: a Lua error was raised outside any protected call
 * @panic: where the panic function of the state jumps to then
 */
struct lunatik_entry {
	lua_State *L;
	int top;
	bool panicked;
	struct lua_jmpbuf panic;
};

int lunatik_begin(lunatik_object_t *runtime, struct lunatik_entry *entry);
void lunatik_end(lunatik_object_t *runtime, struct lunatik_entry *entry);

/**
 * lunatik_run() - call a C function on the Lua state of a runtime
 * @runtime: the runtime
 * @handler: called as handler(L, ...) with the runtime locked; returns
 *	an integer
 * @ret: set to what @handler returns; to -ENXIO if the runtime has been
 *	stopped, -EDEADLK if the caller is already in the runtime (a
 *	handler entering its own runtime), -EINTR if a fatal signal came
 *	while waiting for a process runtime, or -EIO if @handler raised a
 *	Lua error outside any protected call
 * @...: the other arguments of @handler
 *
 * Locks @runtime, calls @handler with its Lua state and the arguments,
 * restores the Lua stack and unlocks. @handler runs in the runtime's
 * context: it must not sleep in a softirq or hardirq runtime. It runs
 * protected: a Lua error that no lua_pcall() in @handler catches (a
 * luaL_check*() of a bad value, an error of a function called with
 * lua_call()) ends @handler, is logged, and leaves the runtime usable.
 * The instruction budget of a softirq or hardirq runtime starts anew for
 * each call, and bounds every coroutine that @handler runs.
 *
 * The recovery point is set in the caller (lua_setjmp() returns twice):
 * GCC's -Wclobbered may then flag locals that the caller keeps in
 * registers across lunatik_run(). Call it from a function that does
 * little else, as a file operation does.
 */
#define lunatik_run(runtime, handler, ret, ...) \
	__lunatik_run(lunatik_begin, runtime, handler, ret, ##__VA_ARGS__)

/* lunatik_run(), with the function beginning the call: Lunatik's own */
#define __lunatik_run(begin, runtime, handler, ret, ...)		\
do {									\
	lunatik_object_t *__rt = (runtime);				\
	struct lunatik_entry __entry;					\
	typeof(handler(__entry.L, ##__VA_ARGS__)) __ret;		\
									\
	__ret = begin(__rt, &__entry);					\
	if (likely(!__ret)) {						\
		if (likely(!lua_setjmp(&__entry.panic)))		\
			__ret = handler(__entry.L, ##__VA_ARGS__);	\
		else							\
			__ret = -EIO;					\
		lunatik_end(__rt, &__entry);				\
	}								\
	(ret) = __ret;							\
} while (0)

#endif
