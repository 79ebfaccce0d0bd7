/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Lunatik's own declarations, shared by the files of kernel/lunatik.
 */
#ifndef _KERNEL_LUNATIK_INTERNAL_H
#define _KERNEL_LUNATIK_INTERNAL_H

#include <linux/gfp.h>
#include <linux/lunatik.h>
#include <linux/mutex.h>
#include <linux/sched.h>

#define LUNATIK_SCRIPT_DIR	"/lib/modules/lua/"
#define LUNATIK_NAME_MAX	255
/* the most steps a budget may be: Lua's tick count is an int */
#define LUNATIK_BUDGET_MAX	INT_MAX
/* the most events a process runtime's backlog may hold */
#define LUNATIK_BACKLOG_MAX	4096

/**
 * struct lunatik_runtime - the private data of a runtime object
 * @object: the runtime object it is the private data of
 * @creator: the runtime whose script created it (lunatik.runtime()), or
 *	NULL; compared only, never followed: when the creator's state closes
 *	with the object, the runtime stops with it
 * @L: its Lua state once the script's body has run; NULL before, and once
 *	stopped (under the runtime's lock)
 * @alloc: its allocator's state: the bytes it holds, its quota, and
 *	GFP_KERNEL while the script loads and in process context, GFP_ATOMIC
 *	in the others
 * @budget: instructions per entry into a softirq or hardirq runtime
 * @script: the script name
 * @modules: the kernel modules of the Lua modules its script required,
 *	held until it is released
 * @threadlock: guards @thread
 * @thread: the kernel thread running its function (lunatik_spawn()), with
 *	a reference; NULL if none
 * @owner: the task that holds the runtime's lock through lunatik_begin(),
 *	or NULL: a task entering a runtime it holds gets -EDEADLK
 * @entry: the call lunatik_begin() began, whose recovery point the panic
 *	function jumps to; NULL outside lunatik_run()
 * @stopping: lunatik_stop() was called: Lua code running in the runtime
 *	in process context ends with "runtime stopped"
 * @closing: its state is closing: the finalizers that run then may not
 *	sleep
 * @entered: the context the running entry came from: the runtime's own,
 *	or that of the hook entering a process runtime
 * @inhook: a hook's callback is running
 * @nowait: the running entry may not wait for another runtime nor for a
 *	thread: the callback of a hook whose caller holds locks that tasks
 *	in runtimes may wait for (RTNL), or what such a callback resumed
 * @stopnode: its place on the list of runtimes that runtime:stop() left
 *	to a workqueue
 * @stopqueued: it is on that list
 * @slock: in a process runtime, taken with interrupts off by whoever
 *	runs its state from atomic context; guards @owned and the backlog
 * @owned: a task owns the process runtime (lunatik_begin()): atomic
 *	events queue up
 * @backlog: the events queued for the owner to run, oldest first
 * @nbacklog: how many
 * @drops: the events dropped: the backlog was full, there was no memory
 *	to queue them, they came where the runtime cannot be entered, or
 *	their hook or runtime stopped while they were queued
 */
struct lunatik_runtime {
	lunatik_object_t *object;
	lunatik_object_t *creator;
	lua_State *L;
	struct lua_quota alloc;
	unsigned int budget;
	char script[LUNATIK_NAME_MAX + 1];
	struct list_head modules;
	spinlock_t threadlock;	/* guards thread */
	struct lunatik_thread *thread;
	struct task_struct *owner;
	struct lunatik_entry *entry;
	bool stopping;
	bool closing;
	enum lunatik_context entered;
	unsigned int inhook;
	unsigned int nowait;
	struct llist_node stopnode;
	bool stopqueued;
	spinlock_t slock;	/* guards owned, backlog, nbacklog */
	bool owned;
	struct list_head backlog;
	unsigned int nbacklog;
	atomic_long_t drops;
};

/**
 * struct lunatik_call - a hook's call into its runtime
 * @hook: the hook
 * @what: what the hook calls, for the log
 * @fn: what runs in the runtime's state
 * @arg: its argument
 * @size: the size of @arg, to queue a copy of it; 0 if it cannot be
 *	queued (the caller needs the call's result)
 */
struct lunatik_call {
	struct lunatik_hook *hook;
	const char *what;
	lunatik_hookfn_t fn;
	void *arg;
	size_t size;
};

/**
 * struct lunatik_event - a call queued for the owner of a process runtime
 * @list: its place in the backlog
 * @hook: the hook, with a reference to its object
 * @what: as in struct lunatik_call
 * @fn: as in struct lunatik_call
 * @arg: the copy of the call's argument
 */
struct lunatik_event {
	struct list_head list;
	struct lunatik_hook *hook;
	const char *what;
	lunatik_hookfn_t fn;
	u64 arg[];
};

/**
 * lunatik_heldbycurrent() - whether the current task is in a runtime
 * @runtime: the runtime
 *
 * Return: true if the current task holds @runtime through lunatik_begin():
 * waiting for it would never end.
 */
static inline bool lunatik_heldbycurrent(lunatik_object_t *runtime)
{
	struct lunatik_runtime *rt = runtime->private;

	return READ_ONCE(rt->owner) == current;
}

/* whether the runtime's Lua state is running where it may sleep */
static inline bool lunatik_maysleep(struct lunatik_runtime *rt)
{
	return gfpflags_allow_blocking(rt->alloc.gfp);
}

/*
 * whether the running entry may wait for another runtime or a thread:
 * where it may sleep, but in a callback whose caller holds locks that
 * the runtime or the thread may be waiting for
 */
static inline bool lunatik_maywaitfor(struct lunatik_runtime *rt)
{
	return lunatik_maysleep(rt) && !rt->nowait;
}

extern unsigned long lunatik_quota;
extern unsigned int lunatik_budget;
extern unsigned int lunatik_backlog;

void lunatik_settick(lua_State *L);
void lunatik_setclosetick(lua_State *L);
int lunatik_panic(lua_State *L);
int lunatik_enter(lunatik_object_t *runtime, struct lunatik_call *call);
int lunatik_hookpcall(lua_State *L, struct lunatik_call *call);
lua_State *lunatik_setstate(lunatik_object_t *runtime, lua_State *L);
unsigned long lunatik_drops(lunatik_object_t *runtime);
void lunatik_flushhooks(void);

int lunatik_trybegin(lunatik_object_t *runtime, struct lunatik_entry *entry);
/* lunatik_run(), but -EBUSY at once where a process runtime is held */
#define lunatik_tryrun(runtime, handler, ret, ...) \
	__lunatik_run(lunatik_trybegin, runtime, handler, ret, ##__VA_ARGS__)
void lunatik_stoplater(lunatik_object_t *runtime);
void lunatik_flushstops(void);
void lunatik_stopthreads(void);

int lunatik_newchild(lunatik_object_t **pruntime, const char *script,
		     const struct lunatik_config *config, unsigned int level);
bool lunatik_validname(const char *name);
int lunatik_loadscript(lua_State *L, const char *name);

void lunatik_openregistry(lua_State *L);
int lunatik_holdmodule(struct lunatik_runtime *rt, struct module *owner);
void lunatik_putmodules(struct lunatik_runtime *rt);

int lunatik_putobject_later(lunatik_object_t *object);
void lunatik_flushobjects(void);
extern const char *const lunatik_contextnames[];
void lunatik_checkcontext(lua_State *L, lunatik_object_t *runtime,
			  unsigned int contexts, const char *what);
lunatik_object_t *lunatik_toobject(lua_State *L, int index);

/**
 * struct lunatik_nameinfo - a runtime run by name, as lunatik_eachname() sees it
 * @script: its script name
 * @context: its context
 * @quota: the bytes its Lua state may allocate
 * @memory: the bytes its Lua state holds
 * @refcount: the references to it
 * @thread: the PID of its kernel thread, 0 if not spawned
 * @drops: the events it dropped (lunatik_drops())
 */
struct lunatik_nameinfo {
	const char *script;
	enum lunatik_context context;
	size_t quota;
	size_t memory;
	unsigned int refcount;
	pid_t thread;
	unsigned long drops;
};

int lunatik_runname(const char *script, const struct lunatik_config *config,
		    bool spawn, pid_t *thread);
int lunatik_stopname(const char *script);
void lunatik_stopnames(void);
void lunatik_runinit(const char *names);
int lunatik_eachname(int skip, int (*fn)(const struct lunatik_nameinfo *, void *),
		     void *arg);

/**
 * struct lunatik_nl_sock - what the netlink family keeps per socket
 * @lock: serialises the socket's exec requests
 * @repl: the socket's REPL runtime, created by the first exec
 */
struct lunatik_nl_sock {
	struct mutex lock;	/* serialises exec, guards @repl */
	lunatik_object_t *repl;
};

/* the registry key of the function that runtime:resume() calls */
extern const char lunatik_resumekey;

#define LUNATIK_MSG_MAX	256

/**
 * struct lunatik_resume - a call of a runtime's function, prepared before
 *	the runtime is locked
 * @msg: its error message, if it fails
 * @nobjects: how many objects it passes
 * @objects: the objects, which the resumed runtime takes references to
 */
struct lunatik_resume {
	char msg[LUNATIK_MSG_MAX];
	int nobjects;
	lunatik_object_t *objects[];
};

int lunatik_doresume(lua_State *L);
void lunatik_stopthreadof(struct lunatik_runtime *rt);
pid_t lunatik_threadpid(struct lunatik_runtime *rt);

extern const struct lunatik_class lunatik_runtime_class;
extern const luaL_Reg lunatik_runtime_methods[];
extern struct lunatik_module lunatik_lunatik_module;

#endif
