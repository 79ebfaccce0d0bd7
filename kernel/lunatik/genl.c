// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/lunatik.yaml */
/* Regenerate with: make ynl (scripts/ynl.sh) */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "genl.h"

#include <uapi/linux/lunatik.h>
#include <internal.h>

/* LUNATIK_CMD_RUN - do */
static const struct nla_policy lunatik_run_nl_policy[LUNATIK_A_RUNTIME_QUOTA + 1] = {
	[LUNATIK_A_RUNTIME_SCRIPT] = { .type = NLA_NUL_STRING, .len = LUNATIK_SCRIPT_MAX, },
	[LUNATIK_A_RUNTIME_CONTEXT] = NLA_POLICY_MAX(NLA_U32, 2),
	[LUNATIK_A_RUNTIME_QUOTA] = { .type = NLA_U64, },
};

/* LUNATIK_CMD_SPAWN - do */
static const struct nla_policy lunatik_spawn_nl_policy[LUNATIK_A_RUNTIME_QUOTA + 1] = {
	[LUNATIK_A_RUNTIME_SCRIPT] = { .type = NLA_NUL_STRING, .len = LUNATIK_SCRIPT_MAX, },
	[LUNATIK_A_RUNTIME_QUOTA] = { .type = NLA_U64, },
};

/* LUNATIK_CMD_STOP - do */
static const struct nla_policy lunatik_stop_nl_policy[LUNATIK_A_RUNTIME_SCRIPT + 1] = {
	[LUNATIK_A_RUNTIME_SCRIPT] = { .type = NLA_NUL_STRING, .len = LUNATIK_SCRIPT_MAX, },
};

/* LUNATIK_CMD_EXEC - do */
static const struct nla_policy lunatik_exec_nl_policy[LUNATIK_A_RUNTIME_CHUNK + 1] = {
	[LUNATIK_A_RUNTIME_CHUNK] = { .type = NLA_NUL_STRING, .len = LUNATIK_CHUNK_MAX, },
};

/* Ops table for lunatik */
static const struct genl_split_ops lunatik_nl_ops[] = {
	{
		.cmd		= LUNATIK_CMD_RUN,
		.doit		= lunatik_nl_run_doit,
		.policy		= lunatik_run_nl_policy,
		.maxattr	= LUNATIK_A_RUNTIME_QUOTA,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= LUNATIK_CMD_SPAWN,
		.doit		= lunatik_nl_spawn_doit,
		.policy		= lunatik_spawn_nl_policy,
		.maxattr	= LUNATIK_A_RUNTIME_QUOTA,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= LUNATIK_CMD_STOP,
		.doit		= lunatik_nl_stop_doit,
		.policy		= lunatik_stop_nl_policy,
		.maxattr	= LUNATIK_A_RUNTIME_SCRIPT,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd	= LUNATIK_CMD_LIST,
		.dumpit	= lunatik_nl_list_dumpit,
		.flags	= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= LUNATIK_CMD_EXEC,
		.doit		= lunatik_nl_exec_doit,
		.policy		= lunatik_exec_nl_policy,
		.maxattr	= LUNATIK_A_RUNTIME_CHUNK,
		.flags		= GENL_CMD_CAP_DO,
	},
};

static void __lunatik_nl_sock_priv_init(void *priv)
{
	lunatik_nl_sock_priv_init(priv);
}

static void __lunatik_nl_sock_priv_destroy(void *priv)
{
	lunatik_nl_sock_priv_destroy(priv);
}

struct genl_family lunatik_nl_family __ro_after_init = {
	.name		= LUNATIK_FAMILY_NAME,
	.version	= LUNATIK_FAMILY_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.split_ops	= lunatik_nl_ops,
	.n_split_ops	= ARRAY_SIZE(lunatik_nl_ops),
	.sock_priv_size	= sizeof(struct lunatik_nl_sock),
	.sock_priv_init	= __lunatik_nl_sock_priv_init,
	.sock_priv_destroy = __lunatik_nl_sock_priv_destroy,
};
