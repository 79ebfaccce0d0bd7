// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Runtimes run by name, for the control plane (the netlink family, the
 * boot parameter): one runtime per script name, kept until it is stopped
 * by name or the module goes. A spawned runtime also has a kernel thread
 * calling the function its script returned.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/init.h>
#include <linux/initrd.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "lunatik.h"

struct lunatik_named {
	struct list_head list;
	lunatik_object_t *runtime;
};

static LIST_HEAD(lunatik_names);
static DEFINE_MUTEX(lunatik_names_lock);

static struct lunatik_named *lunatik_findname(const char *script)
{
	struct lunatik_named *named;

	lockdep_assert_held(&lunatik_names_lock);
	list_for_each_entry(named, &lunatik_names, list) {
		struct lunatik_runtime *rt = named->runtime->private;

		if (!strcmp(rt->script, script))
			return named;
	}
	return NULL;
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
 * Return: 0; -EEXIST if a runtime of that name runs; -ENOENT if @spawn
 * and the script returned no function; or an error of
 * lunatik_newruntime() or lunatik_spawn().
 */
int lunatik_runname(const char *script, const struct lunatik_config *config,
		    bool spawn, pid_t *thread)
{
	struct lunatik_named *named;
	int ret;

	named = kzalloc(sizeof(*named), GFP_KERNEL);
	if (!named)
		return -ENOMEM;
	mutex_lock(&lunatik_names_lock);
	if (lunatik_findname(script)) {
		ret = -EEXIST;
		goto unlock;
	}
	ret = lunatik_newruntime(&named->runtime, script, config);
	if (ret)
		goto unlock;
	if (spawn) {
		struct lunatik_runtime *rt = named->runtime->private;
		struct lunatik_thread *kthread;

		kthread = lunatik_spawn(named->runtime, "lunatik/%s", rt->script);
		if (IS_ERR(kthread)) {
			ret = PTR_ERR(kthread);
			lunatik_stop(named->runtime);
			goto unlock;
		}
		if (thread)
			*thread = task_pid_nr(kthread->task);
		/* the runtime keeps it, and stops it when it stops */
		lunatik_putthread(kthread);
	}
	list_add_tail(&named->list, &lunatik_names);
	named = NULL;
unlock:
	mutex_unlock(&lunatik_names_lock);
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
 * Return: 0, or -ENOENT if no runtime of that name runs.
 */
int lunatik_stopname(const char *script)
{
	struct lunatik_named *named;

	mutex_lock(&lunatik_names_lock);
	named = lunatik_findname(script);
	if (named)
		list_del(&named->list);
	mutex_unlock(&lunatik_names_lock);
	if (!named)
		return -ENOENT;
	lunatik_stopnamed(named);
	return 0;
}

/**
 * lunatik_stopnames() - stop every runtime run by name
 */
void lunatik_stopnames(void)
{
	struct lunatik_named *named, *next;
	LIST_HEAD(names);

	mutex_lock(&lunatik_names_lock);
	list_splice_init(&lunatik_names, &names);
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
 * run is logged, and the others still run.
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

/**
 * lunatik_eachname() - call a function for runtimes run by name
 * @skip: how many to skip first
 * @fn: called for each, in the order they were created, until it returns
 *	non-zero
 * @arg: passed to @fn
 *
 * @fn runs under the lock of the names: it must not run or stop any.
 *
 * Return: how many runtimes @fn was called for and returned 0.
 */
int lunatik_eachname(int skip, int (*fn)(const struct lunatik_nameinfo *, void *),
		     void *arg)
{
	struct lunatik_named *named;
	int i = 0, done = 0;

	mutex_lock(&lunatik_names_lock);
	list_for_each_entry(named, &lunatik_names, list) {
		lunatik_object_t *runtime = named->runtime;
		struct lunatik_runtime *rt = runtime->private;
		struct lunatik_nameinfo info = {
			.script = rt->script,
			.context = runtime->context,
			.quota = rt->alloc.limit,
			.memory = READ_ONCE(rt->alloc.used),
			.refcount = kref_read(&runtime->kref),
			.thread = lunatik_threadpid(rt),
		};

		if (i++ < skip)
			continue;
		if (fn(&info, arg))
			break;
		done++;
	}
	mutex_unlock(&lunatik_names_lock);
	return done;
}
