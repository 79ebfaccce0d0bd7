// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Lunatik: the module and its parameters.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "lunatik.h"

unsigned long lunatik_quota = 32UL << 20;
module_param_named(quota, lunatik_quota, ulong, 0644);
MODULE_PARM_DESC(quota, "bytes a new runtime's Lua state may allocate");

unsigned int lunatik_budget = 1000000;
module_param_named(budget, lunatik_budget, uint, 0644);
MODULE_PARM_DESC(budget,
		 "instructions a softirq runtime may run each time it is entered");

MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("Lunatik: Lua scripts in the kernel");
