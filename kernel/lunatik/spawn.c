// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Kernel threads running a runtime's function: the function its script
 * returned, or the one a call of it returned (see lunatik_doresume()),
 * resumed in the thread as runtime:resume() would resume it.
 * A runtime has at most one thread, and stops it before its Lua state
 * closes; kthread_stop() is called once per thread, by whoever stops it
 * first (the runtime, or a holder of the thread such as the thread Lua
 * module). A running thread holds a reference to its runtime, until its
 * function returns: a script may drop both the runtime and the thread
 * objects and the thread goes on. Unloading Lunatik stops the threads
 * still running.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/export.h>
#include <linux/kthread.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>

#include "internal.h"

/* in the runtime, with its lock held */
static int lunatik_threadrun(lua_State *L)
{
	struct lunatik_resume resume = { .nobjects = 0 };

	lua_pushcfunction(L, lunatik_doresume);
	lua_pushlightuserdata(L, &resume);
	if (lua_pcall(L, 1, 0, 0) == LUA_OK)
		return 0;
	/* being stopped is no error of the script's */
	if (!kthread_should_stop())
		pr_err("%s: %s\n", current->comm, lua_tostring(L, -1));
	return -EINVAL;
}

/* every thread not freed yet, for lunatik_stopthreads() */
static LIST_HEAD(lunatik_threads);
static DEFINE_SPINLOCK(lunatik_threadslock);

/*
 * The thread's reference to its runtime is dropped from a workqueue: the
 * release of the runtime stops its thread, which must not be this one.
 */
static int lunatik_threadfn(void *data)
{
	lunatik_object_t *runtime = data;
	int ret;

	lunatik_run(runtime, lunatik_threadrun, ret);
	lunatik_putobject_later(runtime);
	/* -EINTR tells lunatik_stopthread() that the function never ran */
	return ret == -EINTR ? -EIO : ret;
}

static int lunatik_hasmain(lua_State *L)
{
	return lua_rawgetp(L, LUA_REGISTRYINDEX, &lunatik_resumekey) == LUA_TFUNCTION;
}

/* 0 if the runtime's script returned a function, -ENOENT if not */
static int lunatik_checkmain(lunatik_object_t *runtime)
{
	int hasmain;

	lunatik_run(runtime, lunatik_hasmain, hasmain);
	return hasmain < 0 ? hasmain : hasmain ? 0 : -ENOENT;
}

static void lunatik_freethread(struct kref *kref)
{
	struct lunatik_thread *thread = container_of(kref, struct lunatik_thread, kref);

	spin_lock(&lunatik_threadslock);
	list_del(&thread->list);
	spin_unlock(&lunatik_threadslock);
	if (thread->task)
		put_task_struct(thread->task);
	mutex_destroy(&thread->lock);
	kfree(thread);
}

/**
 * lunatik_putthread() - drop a reference to a thread
 * @thread: the thread, from lunatik_spawn()
 *
 * Does not stop it: the runtime it runs in still may.
 */
void lunatik_putthread(struct lunatik_thread *thread)
{
	kref_put(&thread->kref, lunatik_freethread);
}
EXPORT_SYMBOL_GPL(lunatik_putthread);

/* the runtime's reference to its thread, taken back: NULL if none */
static struct lunatik_thread *lunatik_takethread(struct lunatik_runtime *rt)
{
	struct lunatik_thread *thread;

	spin_lock(&rt->threadlock);
	thread = rt->thread;
	rt->thread = NULL;
	spin_unlock(&rt->threadlock);
	return thread;
}

/**
 * lunatik_spawn() - run a runtime's function in a new kernel thread
 * @runtime: a process runtime whose script returned a function
 * @namefmt: printf-style format of the thread's name, as ps(1) shows it
 * @...: its arguments
 *
 * The thread resumes the function as runtime:resume() would, without
 * arguments, with the runtime locked until the function returns, yields
 * or fails (a failure is logged); it holds a reference to the runtime
 * until then. Lua code in the thread ends with the
 * error "thread stopped" once lunatik_stopthread() is called, and
 * interruptible sleeps there end. The runtime keeps a reference to the
 * thread, and stops it before it stops.
 *
 * Return: the thread, with a reference for the caller; ERR_PTR(-EINVAL)
 * if @runtime is not a process runtime, -EBUSY if it already has a
 * thread that was not stopped (even one that has ended), -ENXIO if it is
 * stopped, -ENOENT if its script returned no function, -ENOMEM, or an
 * error of kthread_create().
 */
struct lunatik_thread *lunatik_spawn(lunatik_object_t *runtime,
				     const char *namefmt, ...)
{
	struct lunatik_runtime *rt = runtime->private;
	struct lunatik_thread *thread, *old;
	struct task_struct *task;
	va_list args;
	char *name;
	int ret;
	bool ours;

	might_sleep();
	if (runtime->class != &lunatik_runtime_class ||
	    runtime->context != LUNATIK_CONTEXT_PROCESS)
		return ERR_PTR(-EINVAL);
	thread = kzalloc(sizeof(*thread), GFP_KERNEL);
	if (!thread)
		return ERR_PTR(-ENOMEM);
	kref_init(&thread->kref);
	mutex_init(&thread->lock);
	thread->runtime = runtime;
	spin_lock(&lunatik_threadslock);
	list_add(&thread->list, &lunatik_threads);
	spin_unlock(&lunatik_threadslock);

	/* the runtime's place for a thread, kept for this one */
	spin_lock(&rt->threadlock);
	old = rt->thread;
	ret = old && !READ_ONCE(old->stopped) ? -EBUSY : 0;
	if (!ret) {
		kref_get(&thread->kref);
		rt->thread = thread;
	}
	spin_unlock(&rt->threadlock);
	if (ret)
		goto put;
	if (old)	/* stopped: it has ended */
		lunatik_putthread(old);

	ret = lunatik_checkmain(runtime);
	mutex_lock(&thread->lock);
	if (!ret && thread->stopped)	/* the runtime stopped meanwhile */
		ret = -ENXIO;
	if (!ret) {
		va_start(args, namefmt);
		name = kvasprintf(GFP_KERNEL, namefmt, args);
		va_end(args);
		task = name ? kthread_create(lunatik_threadfn, runtime, "%s", name) :
			      ERR_PTR(-ENOMEM);
		kfree(name);
		if (IS_ERR(task)) {
			ret = PTR_ERR(task);
		} else {
			get_task_struct(task);
			/* the thread's, dropped when its function returns */
			lunatik_getobject(runtime);
			WRITE_ONCE(thread->task, task);
			wake_up_process(task);
		}
	}
	mutex_unlock(&thread->lock);
	if (!ret)
		return thread;

	/* unless the runtime took its reference back when it stopped */
	spin_lock(&rt->threadlock);
	ours = rt->thread == thread;
	if (ours)
		rt->thread = NULL;
	spin_unlock(&rt->threadlock);
	if (ours)
		lunatik_putthread(thread);
put:
	lunatik_putthread(thread);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(lunatik_spawn);

/**
 * lunatik_stopthread() - stop a thread started by lunatik_spawn()
 * @thread: the thread
 *
 * Asks the thread to stop, wakes it and waits for it to end; later calls
 * wait for the first one. Must not be called from @thread itself, nor
 * with a lock other than its runtime's that Lua code in @thread may wait
 * for.
 *
 * Return: what the thread returned (0, or -EINVAL if its function
 * failed or was stopped, -EINTR if it was stopped before it started), or
 * 0 if it was already stopped; -EDEADLK, without stopping it, if the
 * caller is in the thread's runtime (lunatik_run()), which the thread
 * would wait for forever.
 */
int lunatik_stopthread(struct lunatik_thread *thread)
{
	bool neverran = false;
	int ret = 0;

	/* a second caller waits until the thread has ended, too */
	mutex_lock(&thread->lock);
	if (!thread->stopped && thread->task &&
	    lunatik_heldbycurrent(thread->runtime)) {
		ret = -EDEADLK;
	} else if (!thread->stopped) {
		if (thread->task)
			ret = kthread_stop(thread->task);
		/* stopped before its function ran, which drops its reference */
		neverran = thread->task && ret == -EINTR;
		WRITE_ONCE(thread->stopped, true);
	}
	mutex_unlock(&thread->lock);
	if (neverran)
		lunatik_putobject(thread->runtime);
	return ret;
}
EXPORT_SYMBOL_GPL(lunatik_stopthread);

/**
 * lunatik_stopthreadof() - stop the thread of a runtime, if it has one
 * @rt: the runtime
 *
 * Called when the runtime stops or is released, before its state closes.
 */
void lunatik_stopthreadof(struct lunatik_runtime *rt)
{
	struct lunatik_thread *thread = lunatik_takethread(rt);

	if (thread) {
		lunatik_stopthread(thread);
		lunatik_putthread(thread);
	}
}

/**
 * lunatik_stopthreads() - stop every thread still running
 *
 * When Lunatik unloads: a thread whose runtime and thread objects were
 * all dropped runs until its function returns, and its code is ours.
 */
void lunatik_stopthreads(void)
{
	struct lunatik_thread *thread;

	for (;;) {
		spin_lock(&lunatik_threadslock);
		list_for_each_entry(thread, &lunatik_threads, list)
			if (!READ_ONCE(thread->stopped) && kref_get_unless_zero(&thread->kref))
				break;
		spin_unlock(&lunatik_threadslock);
		if (list_entry_is_head(thread, &lunatik_threads, list))
			return;
		lunatik_stopthread(thread);
		lunatik_putthread(thread);
	}
}

/**
 * lunatik_threadpid() - the PID of a runtime's thread
 * @rt: the runtime
 *
 * Return: the PID, or 0 if it has no thread or its thread has ended.
 */
pid_t lunatik_threadpid(struct lunatik_runtime *rt)
{
	struct task_struct *task;
	pid_t pid = 0;

	spin_lock(&rt->threadlock);
	task = rt->thread ? READ_ONCE(rt->thread->task) : NULL;
	if (task && pid_alive(task))
		pid = task_pid_nr(task);
	spin_unlock(&rt->threadlock);
	return pid;
}
