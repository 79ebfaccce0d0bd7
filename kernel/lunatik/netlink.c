// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The "lunatik" generic netlink family, described by
 * Documentation/netlink/specs/lunatik.yaml; its policies and operations
 * (genl.c, genl.h) are generated from there. Every operation needs
 * CAP_SYS_ADMIN in the initial user namespace.
 */
#include <linux/capability.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include <linux/lua/lauxlib.h>

#include "genl.h"
#include "internal.h"

/* the most text an exec reply carries, within a netlink attribute */
#define LUNATIK_RESULT_MAX	(60 * 1024)

static bool lunatik_nl_capable(const struct sk_buff *skb,
			       struct netlink_ext_ack *extack)
{
	if (netlink_capable(skb, CAP_SYS_ADMIN))
		return true;
	NL_SET_ERR_MSG(extack, "Lunatik needs CAP_SYS_ADMIN");
	return false;
}

/*
 * An extended ack message from a script's error: its first line (the rest
 * is the traceback, which the kernel log has), without the directory of
 * the scripts, cut to fit.
 */
static void lunatik_nl_message(struct netlink_ext_ack *extack,
			       const char *script, const char *error)
{
	const char *dir = strstr(error, LUNATIK_SCRIPT_DIR);
	char text[NETLINK_MAX_FMTMSG_LEN];
	size_t len = 0;

	if (dir) {
		len = min_t(size_t, dir - error, sizeof(text) - 1);
		memcpy(text, error, len);
		error = dir + strlen(LUNATIK_SCRIPT_DIR);
	}
	strscpy(text + len, error, sizeof(text) - len);
	text[strcspn(text, "\n")] = '\0';
	if (!*text)
		snprintf(text, sizeof(text), "%s: cannot run", script);
	NL_SET_ERR_MSG_FMT(extack, "%s", text);
}

static int lunatik_nl_runname(struct genl_info *info, bool spawn, pid_t *thread)
{
	struct lunatik_config config = { .context = LUNATIK_CONTEXT_PROCESS };
	char error[NETLINK_MAX_FMTMSG_LEN + sizeof(LUNATIK_SCRIPT_DIR)] = "";
	const char *script;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, LUNATIK_A_RUNTIME_SCRIPT))
		return -EINVAL;
	script = nla_data(info->attrs[LUNATIK_A_RUNTIME_SCRIPT]);
	if (info->attrs[LUNATIK_A_RUNTIME_CONTEXT])
		config.context = nla_get_u32(info->attrs[LUNATIK_A_RUNTIME_CONTEXT]);
	/*
	 * 0 is the default quota; any other value is a limit, which must not
	 * wrap to 0 (no limit) or to a small one where size_t is narrower
	 */
	if (info->attrs[LUNATIK_A_RUNTIME_QUOTA])
		config.quota = min_t(u64, nla_get_u64(info->attrs[LUNATIK_A_RUNTIME_QUOTA]),
				     SIZE_MAX);
	config.error = error;
	config.errorsize = sizeof(error);

	ret = lunatik_runname(script, &config, spawn, thread);
	switch (ret) {
	case 0:
		break;
	case -EEXIST:
		NL_SET_ERR_MSG_FMT(info->extack, "%.60s: already running", script);
		break;
	case -ENOENT:
		NL_SET_ERR_MSG_FMT(info->extack, "%.50s: returned no function to run", script);
		break;
	case -ENOMEM:
		lunatik_nl_message(info->extack, script, *error ? error : "out of memory");
		break;
	default:
		lunatik_nl_message(info->extack, script, error);
		break;
	}
	return ret;
}

int lunatik_nl_run_doit(struct sk_buff *skb, struct genl_info *info)
{
	if (!lunatik_nl_capable(skb, info->extack))
		return -EPERM;
	return lunatik_nl_runname(info, false, NULL);
}

int lunatik_nl_spawn_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *reply;
	pid_t thread = 0;
	void *hdr;
	int ret;

	if (!lunatik_nl_capable(skb, info->extack))
		return -EPERM;
	reply = genlmsg_new(nla_total_size(sizeof(u32)), GFP_KERNEL);
	if (!reply)
		return -ENOMEM;
	hdr = genlmsg_iput(reply, info);
	ret = lunatik_nl_runname(info, true, &thread);
	if (ret) {
		nlmsg_free(reply);
		return ret;
	}
	if (!hdr || nla_put_u32(reply, LUNATIK_A_RUNTIME_THREAD, thread)) {
		nlmsg_free(reply);
		return -EMSGSIZE;
	}
	genlmsg_end(reply, hdr);
	return genlmsg_reply(reply, info);
}

int lunatik_nl_stop_doit(struct sk_buff *skb, struct genl_info *info)
{
	const char *script;
	int ret;

	if (!lunatik_nl_capable(skb, info->extack))
		return -EPERM;
	if (GENL_REQ_ATTR_CHECK(info, LUNATIK_A_RUNTIME_SCRIPT))
		return -EINVAL;
	script = nla_data(info->attrs[LUNATIK_A_RUNTIME_SCRIPT]);
	ret = lunatik_stopname(script);
	if (ret == -ENOENT)
		NL_SET_ERR_MSG_FMT(info->extack, "%.60s: no such runtime", script);
	else if (ret == -EBUSY)
		NL_SET_ERR_MSG_FMT(info->extack, "%.60s: still starting", script);
	return ret;
}

struct lunatik_nl_dump {
	struct sk_buff *skb;
	struct netlink_callback *cb;
};

static int lunatik_nl_listone(const struct lunatik_nameinfo *info, void *arg)
{
	struct lunatik_nl_dump *dump = arg;
	struct sk_buff *skb = dump->skb;
	void *hdr;

	hdr = genlmsg_iput(skb, genl_info_dump(dump->cb));
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_string(skb, LUNATIK_A_RUNTIME_SCRIPT, info->script) ||
	    nla_put_u32(skb, LUNATIK_A_RUNTIME_CONTEXT, info->context) ||
	    nla_put_u64_64bit(skb, LUNATIK_A_RUNTIME_QUOTA, info->quota,
			      LUNATIK_A_RUNTIME_PAD) ||
	    nla_put_u64_64bit(skb, LUNATIK_A_RUNTIME_MEMORY, info->memory,
			      LUNATIK_A_RUNTIME_PAD) ||
	    nla_put_u32(skb, LUNATIK_A_RUNTIME_REFCOUNT, info->refcount) ||
	    nla_put_u64_64bit(skb, LUNATIK_A_RUNTIME_DROPS, info->drops,
			      LUNATIK_A_RUNTIME_PAD) ||
	    (info->thread &&
	     nla_put_u32(skb, LUNATIK_A_RUNTIME_THREAD, info->thread))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

int lunatik_nl_list_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct lunatik_nl_dump dump = { skb, cb };

	if (!lunatik_nl_capable(cb->skb, cb->extack))
		return -EPERM;
	/* cb->args[0]: how many runtimes earlier parts of the dump had */
	cb->args[0] += lunatik_eachname(cb->args[0], lunatik_nl_listone, &dump);
	return skb->len;
}

/* in the REPL runtime, in protected mode: the chunk's results, as text */
static int lunatik_doexec(lua_State *L)
{
	const char *chunk = lua_touserdata(L, 1);
	luaL_Buffer b;
	int n, i;

	lua_settop(L, 0);
	/* an expression first, as Lua's own REPL does */
	lua_pushfstring(L, "return %s", chunk);
	if (luaL_loadbufferx(L, lua_tostring(L, 1), lua_rawlen(L, 1), "=stdin",
			     "t") == LUA_OK) {
		lua_remove(L, 1);
	} else {
		lua_settop(L, 0);
		if (luaL_loadbufferx(L, chunk, strlen(chunk), "=stdin", "t") != LUA_OK)
			return lua_error(L);
	}
	lua_call(L, 0, LUA_MULTRET);
	n = lua_gettop(L);
	luaL_buffinit(L, &b);
	for (i = 1; i <= n; i++) {
		if (i > 1)
			luaL_addchar(&b, '\t');
		luaL_tolstring(L, i, NULL);
		luaL_addvalue(&b);
	}
	luaL_pushresult(&b);
	return 1;
}

/* runs the chunk, then builds the reply, sized for what the chunk gave */
static int lunatik_exec(lua_State *L, const char *chunk, struct genl_info *info,
			struct sk_buff **preply)
{
	struct sk_buff *reply;
	struct nlattr *attr;
	const char *text;
	size_t len;
	int status;
	void *hdr;

	lua_pushcfunction(L, lunatik_doexec);
	lua_pushlightuserdata(L, (void *)chunk);
	status = lua_pcall(L, 1, 1, 0);
	text = lua_tolstring(L, -1, &len);
	if (!text) {
		text = "(error object is not a string)";
		len = strlen(text);
	}
	len = min_t(size_t, len, LUNATIK_RESULT_MAX);

	reply = genlmsg_new(nla_total_size(len + 1), GFP_KERNEL);
	if (!reply)
		return -ENOMEM;
	hdr = genlmsg_iput(reply, info);
	attr = hdr ? nla_reserve(reply, status == LUA_OK ? LUNATIK_A_RUNTIME_RESULT :
				 LUNATIK_A_RUNTIME_ERROR, len + 1) : NULL;
	if (!attr) {
		nlmsg_free(reply);
		return -EMSGSIZE;
	}
	memcpy(nla_data(attr), text, len);
	((char *)nla_data(attr))[len] = '\0';
	genlmsg_end(reply, hdr);
	*preply = reply;
	return 0;
}

int lunatik_nl_exec_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct lunatik_nl_sock *sock;
	struct sk_buff *reply;
	const char *chunk;
	int ret = 0;

	if (!lunatik_nl_capable(skb, info->extack))
		return -EPERM;
	if (GENL_REQ_ATTR_CHECK(info, LUNATIK_A_RUNTIME_CHUNK))
		return -EINVAL;
	chunk = nla_data(info->attrs[LUNATIK_A_RUNTIME_CHUNK]);
	sock = genl_sk_priv_get(&lunatik_nl_family, NETLINK_CB(skb).sk);
	if (IS_ERR(sock))
		return PTR_ERR(sock);

	/* another thread of the socket's may be running a long chunk */
	if (mutex_lock_killable(&sock->lock))
		return -EINTR;
	if (!sock->repl) {
		struct lunatik_config config = { .context = LUNATIK_CONTEXT_PROCESS };

		ret = lunatik_newchild(&sock->repl, NULL, &config, 0);
	}
	if (!ret)
		lunatik_run(sock->repl, lunatik_exec, ret, chunk, info, &reply);
	mutex_unlock(&sock->lock);
	return ret ?: genlmsg_reply(reply, info);
}

void lunatik_nl_sock_priv_init(struct lunatik_nl_sock *priv)
{
	mutex_init(&priv->lock);
}

void lunatik_nl_sock_priv_destroy(struct lunatik_nl_sock *priv)
{
	if (priv->repl)
		lunatik_stop(priv->repl);
	mutex_destroy(&priv->lock);
}
