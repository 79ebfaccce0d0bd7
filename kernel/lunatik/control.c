// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Runtimes run by name, for the control plane (the netlink family, the
 * boot parameter): one runtime per script name, kept until it is stopped
 * by name or the module goes. A spawned runtime also has a kernel thread
 * calling the function its script returned.
 *
 * A script's body may run for long, sleeping (linux.schedule()): it runs
 * without the lock of the names. Its name is reserved first, by an entry
 * without a runtime (the runtime is "starting": a second run of the name
 * fails, a stop of it is refused, a list skips it), and the entry gets
 * its runtime once the body has run and, for a spawned runtime, its
 * thread has started.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bug.h>
#include <linux/err.h>
#include <linux/init.h>
#include <linux/initrd.h>
#include <linux/kthread.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "internal.h"

/**
 * struct lunatik_named - a name run by lunatik_runname()
 * @list: in lunatik_names
 * @runtime: its runtime, with a reference; NULL while it is starting
 * @script: the name
 */
struct lunatik_named {
	struct list_head list;
	lunatik_object_t *runtime;
	char script[];
};

static LIST_HEAD(lunatik_names);
/*
 * Guards lunatik_names and the runtime of each entry. Held only to look
 * the names up and to change them, never while a script runs or a
 * runtime stops: nobody waits for it for long.
 */
static DEFINE_MUTEX(lunatik_names_lock);

static struct lunatik_named *lunatik_findname(const char *script)
{
	struct lunatik_named *named;

	lockdep_assert_held(&lunatik_names_lock);
	list_for_each_entry(named, &lunatik_names, list) {
		if (!strcmp(named->script, script))
			return named;
	}
	return NULL;
}

/* starts the thread of a new runtime, or stops the runtime */
static int lunatik_spawnname(lunatik_object_t *runtime, pid_t *thread)
{
	struct lunatik_runtime *rt = runtime->private;
	struct lunatik_thread *kthread;

	kthread = lunatik_spawn(runtime, "lunatik/%s", rt->script);
	if (IS_ERR(kthread)) {
		lunatik_stop(runtime);
		return PTR_ERR(kthread);
	}
	if (thread)
		*thread = task_pid_nr(kthread->task);
	/* the runtime keeps it, and stops it when it stops */
	lunatik_putthread(kthread);
	return 0;
}

/**
 * lunatik_runname() - create a runtime named after its script
 * @script: the script name
 * @config: the runtime's context and limits; an error from the script is
 *	copied to its error buffer
 * @spawn: also start a kernel thread calling the function the script
 *	returned (a process runtime)
 * @thread: where to store the thread's PID when @spawn; may be NULL
 *
 * Reserves the name, then runs the script's body and starts the thread
 * without the lock of the names, so that a body that sleeps delays no
 * other run, stop or list: until this returns, the runtime is starting,
 * which lunatik_eachname() skips and lunatik_stopname() refuses. Must be
 * called where sleeping is allowed.
 *
 * Return: 0; -EEXIST if a runtime of that name runs or is starting;
 * -ENOMEM; -ENOENT if @spawn and the script returned no function; or an
 * error of lunatik_newruntime() or lunatik_spawn().
 */
int lunatik_runname(const char *script, const struct lunatik_config *config,
		    bool spawn, pid_t *thread)
{
	size_t len = strlen(script);
	struct lunatik_named *named;
	lunatik_object_t *runtime;
	int ret;

	named = kmalloc(struct_size(named, script, len + 1), GFP_KERNEL);
	if (!named)
		return -ENOMEM;
	named->runtime = NULL;
	memcpy(named->script, script, len + 1);

	mutex_lock(&lunatik_names_lock);
	ret = lunatik_findname(script) ? -EEXIST : 0;
	if (!ret)
		list_add_tail(&named->list, &lunatik_names);
	mutex_unlock(&lunatik_names_lock);
	if (ret) {
		kfree(named);
		return ret;
	}

	ret = lunatik_newruntime(&runtime, script, config);
	if (!ret && spawn)
		ret = lunatik_spawnname(runtime, thread);

	/*
	 * Published, last: a dump in parts (lunatik_eachname()) counts the
	 * runtimes it has seen, which must stay before the new one. Or the
	 * reservation given back.
	 */
	mutex_lock(&lunatik_names_lock);
	if (ret) {
		list_del(&named->list);
	} else {
		named->runtime = runtime;
		list_move_tail(&named->list, &lunatik_names);
	}
	mutex_unlock(&lunatik_names_lock);
	if (ret)
		kfree(named);
	return ret;
}

static void lunatik_stopnamed(struct lunatik_named *named)
{
	lunatik_stop(named->runtime);
	kfree(named);
}

/**
 * lunatik_stopname() - stop the runtime run by lunatik_runname()
 * @script: its script name
 *
 * Stops its thread first, if it has one (lunatik_stop()): a Lua function
 * running there ends with the error "thread stopped".
 *
 * Return: 0; -ENOENT if no runtime of that name runs; -EBUSY if it is
 * still starting (lunatik_runname() has not returned).
 */
int lunatik_stopname(const char *script)
{
	struct lunatik_named *named;
	int ret = 0;

	mutex_lock(&lunatik_names_lock);
	named = lunatik_findname(script);
	if (!named)
		ret = -ENOENT;
	else if (!named->runtime)
		ret = -EBUSY;
	else
		list_del(&named->list);
	mutex_unlock(&lunatik_names_lock);
	if (ret)
		return ret;
	lunatik_stopnamed(named);
	return 0;
}

/**
 * lunatik_stopnames() - stop every runtime run by name
 *
 * For the module's exit, once nothing can run a name any more: the
 * netlink family is unregistered, which waits for the requests in
 * progress (genl_unregister_family() takes for writing the lock that
 * each request holds for reading), and the thread of the boot scripts
 * is stopped. So no runtime is starting. One that was would
 * belong to its lunatik_runname() still: it is left to it, with a
 * warning, rather than freed under it.
 */
void lunatik_stopnames(void)
{
	struct lunatik_named *named, *next;
	LIST_HEAD(names);

	mutex_lock(&lunatik_names_lock);
	list_for_each_entry_safe(named, next, &lunatik_names, list) {
		if (!WARN_ON_ONCE(!named->runtime))
			list_move_tail(&named->list, &names);
	}
	mutex_unlock(&lunatik_names_lock);
	list_for_each_entry_safe(named, next, &names, list)
		lunatik_stopnamed(named);
}

/**
 * lunatik_runinit() - run the boot scripts
 * @names: script names separated by commas (the init parameter)
 *
 * Runs each in a process runtime, named after it, once the initramfs is
 * populated: built in, Lunatik starts before the root file system is
 * mounted, so the scripts must be in the initramfs. A script that cannot
 * run is logged, and the others still run. Modular, Lunatik calls it in
 * a kernel thread once its init has returned, so that a script may
 * require a modular binding (whose module needs lunatik.ko's symbols);
 * stopping the thread ends a body that runs (its error is "thread
 * stopped") and skips the scripts not yet started.
 */
void lunatik_runinit(const char *names)
{
	struct lunatik_config config = { .context = LUNATIK_CONTEXT_PROCESS };
	char *list, *next, *name;
	int ret;

	if (!names || !*names)
		return;
	list = kstrdup(names, GFP_KERNEL);
	if (!list) {
		pr_err("init: out of memory\n");
		return;
	}
	wait_for_initramfs();
	next = list;
	while ((name = strsep(&next, ","))) {
		/* lunatik.ko is going: the rest need not start */
		if ((current->flags & PF_KTHREAD) && kthread_should_stop())
			break;
		if (!*name)
			continue;
		ret = lunatik_runname(name, &config, false, NULL);
		if (ret)
			pr_err("init: %s did not start (%pe)\n", name, ERR_PTR(ret));
		else
			pr_info("init: %s runs\n", name);
	}
	kfree(list);
}

/* what lunatik_eachname() tells of a runtime */
static void lunatik_getinfo(struct lunatik_named *named,
			    struct lunatik_nameinfo *info)
{
	lunatik_object_t *runtime = named->runtime;
	struct lunatik_runtime *rt = runtime->private;

	info->script = named->script;
	info->context = runtime->context;
	info->quota = rt->alloc.limit;
	info->memory = READ_ONCE(rt->alloc.used);
	info->refcount = kref_read(&runtime->kref);
	info->thread = lunatik_threadpid(rt);
	info->drops = lunatik_drops(runtime);
}

/**
 * lunatik_eachname() - call a function for runtimes run by name
 * @skip: how many to skip first
 * @fn: called for each, in the order they were published (their scripts'
 *	bodies had run), until it returns non-zero
 * @arg: passed to @fn
 *
 * Runtimes still starting are not seen, nor counted in @skip. @fn runs
 * under the lock of the names: it must not wait for long, nor run or stop
 * any.
 *
 * Return: how many runtimes @fn was called for and returned 0.
 */
int lunatik_eachname(int skip, int (*fn)(const struct lunatik_nameinfo *, void *),
		     void *arg)
{
	struct lunatik_nameinfo info;
	struct lunatik_named *named;
	int i = 0, done = 0;

	mutex_lock(&lunatik_names_lock);
	list_for_each_entry(named, &lunatik_names, list) {
		if (!named->runtime)	/* starting */
			continue;
		if (i++ < skip)
			continue;
		lunatik_getinfo(named, &info);
		if (fn(&info, arg))
			break;
		done++;
	}
	mutex_unlock(&lunatik_names_lock);
	return done;
}
