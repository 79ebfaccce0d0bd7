// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Lunatik: the module and its parameters.
 */
#include <linux/init.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "genl.h"
#include "lunatik.h"

unsigned long lunatik_quota = 32UL << 20;
module_param_named(quota, lunatik_quota, ulong, 0644);
MODULE_PARM_DESC(quota, "bytes a new runtime's Lua state may allocate");

unsigned int lunatik_budget = 1000000;
module_param_named(budget, lunatik_budget, uint, 0644);
MODULE_PARM_DESC(budget,
		 "instructions a softirq runtime may run each time it is entered");

static char *lunatik_initnames;
module_param_named(init, lunatik_initnames, charp, 0444);
MODULE_PARM_DESC(init, "scripts to run when Lunatik starts, separated by commas");

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
#ifdef MODULE
	lunatik_runinit(lunatik_initnames);
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
	/* the REPL runtimes of the sockets go with the family */
	genl_unregister_family(&lunatik_nl_family);
	lunatik_stopnames();
	lunatik_unregister(&lunatik_lunatik_module);
	lunatik_flushobjects();
}

module_init(lunatik_init);
module_exit(lunatik_exit);

MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("Lunatik: Lua scripts in the kernel");
