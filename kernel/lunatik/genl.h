/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/lunatik.yaml */
/* Regenerate with: make ynl (scripts/ynl.sh) */
/* YNL-GEN kernel header */

#ifndef _LINUX_LUNATIK_GEN_H
#define _LINUX_LUNATIK_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/lunatik.h>
#include <internal.h>

int lunatik_nl_run_doit(struct sk_buff *skb, struct genl_info *info);
int lunatik_nl_spawn_doit(struct sk_buff *skb, struct genl_info *info);
int lunatik_nl_stop_doit(struct sk_buff *skb, struct genl_info *info);
int lunatik_nl_list_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int lunatik_nl_exec_doit(struct sk_buff *skb, struct genl_info *info);

extern struct genl_family lunatik_nl_family;

void lunatik_nl_sock_priv_init(struct lunatik_nl_sock *priv);
void lunatik_nl_sock_priv_destroy(struct lunatik_nl_sock *priv);

#endif /* _LINUX_LUNATIK_GEN_H */
