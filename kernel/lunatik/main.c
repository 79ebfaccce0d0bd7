// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Lunatik: the module and its parameters.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/kmemleak.h>
#include <linux/limits.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/kthread.h>
#include <linux/sched/task.h>

#include "genl.h"
#include "internal.h"

unsigned long lunatik_quota = 32UL << 20;

/* a quota of 0 would be no limit at all (see lua_quota_alloc()) */
static int lunatik_setquota(const char *val, const struct kernel_param *kp)
{
	unsigned long quota;
	int ret;

	ret = kstrtoul(val, 0, &quota);
	if (ret)
		return ret;
	if (!quota)
		return -EINVAL;
	*(unsigned long *)kp->arg = quota;
	return 0;
}

static const struct kernel_param_ops lunatik_quota_ops = {
	.set = lunatik_setquota,
	.get = param_get_ulong,
};

module_param_cb(quota, &lunatik_quota_ops, &lunatik_quota, 0644);
MODULE_PARM_DESC(quota, "bytes a new runtime's Lua state may allocate (at least 1)");

unsigned int lunatik_budget = 1000000;

/*
 * Lua's tick count is an int, and a count of 0 or less turns it off: a
 * budget beyond 1..INT_MAX would be no budget at all.
 */
static int lunatik_setbudget(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 1, INT_MAX);
}

static const struct kernel_param_ops lunatik_budget_ops = {
	.set = lunatik_setbudget,
	.get = param_get_uint,
};

module_param_cb(budget, &lunatik_budget_ops, &lunatik_budget, 0644);
MODULE_PARM_DESC(budget,
		 "steps (calls, jumps) a softirq runtime may run each time it is entered (1 to 2147483647)");

unsigned int lunatik_backlog = 64;

/* a backlog of 0 would drop every event that finds its runtime owned */
static int lunatik_setbacklog(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 1, LUNATIK_BACKLOG_MAX);
}

static const struct kernel_param_ops lunatik_backlog_ops = {
	.set = lunatik_setbacklog,
	.get = param_get_uint,
};

module_param_cb(backlog, &lunatik_backlog_ops, &lunatik_backlog, 0644);
MODULE_PARM_DESC(backlog,
		 "events a process runtime queues from atomic context while a task owns it (1 to 4096)");

static char *lunatik_initnames;
module_param_named(init, lunatik_initnames, charp, 0444);
MODULE_PARM_DESC(init, "scripts to run when Lunatik starts, separated by commas");

#ifdef MODULE
/*
 * The boot scripts of lunatik.ko run in a kernel thread, not in its init:
 * a script that requires a modular binding has request_module() load a
 * module that needs lunatik.ko's symbols, which the module loader gives
 * only once lunatik.ko's init has returned. The loader waits for that, 30
 * seconds at most: from the init itself, the wait would always time out.
 * Unloading stops the thread: a boot script whose body never ends fails
 * with "thread stopped".
 */
static struct task_struct *lunatik_initthread;

static int lunatik_initfn(void *unused)
{
	lunatik_runinit(lunatik_initnames);
	return 0;
}
#endif

static int __init lunatik_init(void)
{
	int ret;

	ret = lunatik_register(&lunatik_lunatik_module);
	if (ret)
		return ret;
	ret = genl_register_family(&lunatik_nl_family);
	if (ret) {
		lunatik_unregister(&lunatik_lunatik_module);
		return ret;
	}
	/*
	 * The family is __ro_after_init, which kmemleak does not scan in a
	 * module: it would report the xarray of the sockets' private data
	 * that the family points to (and genl_unregister_family() frees).
	 */
	kmemleak_not_leak(lunatik_nl_family.sock_privs);
#ifdef MODULE
	if (lunatik_initnames && *lunatik_initnames) {
		lunatik_initthread = kthread_create(lunatik_initfn, NULL, "lunatik/init");
		if (IS_ERR(lunatik_initthread)) {
			pr_err("init: cannot start the boot scripts (%pe)\n",
			       lunatik_initthread);
			lunatik_initthread = NULL;
		} else {
			/* for kthread_stop(), even once it has ended */
			get_task_struct(lunatik_initthread);
			wake_up_process(lunatik_initthread);
		}
	}
#endif
	return 0;
}

#ifndef MODULE
/* built in: once every built-in binding has registered */
static int __init lunatik_boot(void)
{
	lunatik_runinit(lunatik_initnames);
	return 0;
}
late_initcall_sync(lunatik_boot);
#endif

static void __exit lunatik_exit(void)
{
	/*
	 * The REPL runtimes of the sockets go with the family, which waits
	 * for the requests in progress; the thread of the boot scripts is
	 * stopped. Then no runtime run by name is still starting.
	 */
	genl_unregister_family(&lunatik_nl_family);
#ifdef MODULE
	if (lunatik_initthread) {
		kthread_stop(lunatik_initthread);
		put_task_struct(lunatik_initthread);
	}
#endif
	lunatik_stopnames();
	lunatik_flushstops();
	lunatik_stopthreads();
	lunatik_unregister(&lunatik_lunatik_module);
	lunatik_flushhooks();
	lunatik_flushobjects();
}

module_init(lunatik_init);
module_exit(lunatik_exit);

MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("Lunatik: Lua scripts in the kernel");
/* a request for the family by name loads the module */
MODULE_ALIAS_GENL_FAMILY(LUNATIK_FAMILY_NAME);
