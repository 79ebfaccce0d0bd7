// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The "notifier" Lua module: Lua callbacks on the kernel's keyboard and
 * netdevice notifier chains.
 *
 *	local notifier = require("notifier")
 *	local notify, kbd = notifier.notify, notifier.kbd
 *	local n = notifier.keyboard(function(event, down, shift, key)
 *		return event == kbd.KEYCODE and key == 30 and notify.STOP or notify.DONE
 *	end)
 *	n:delete()
 *
 * A notifier is a hook (see <linux/lunatik.h>). The keyboard chain is an
 * atomic one, called with interrupts off: its callbacks run as atomic
 * callbacks of the script's runtime. The netdevice chain is called in
 * process context with RTNL held, which a task in the runtime may be
 * waiting for (deleting a netdevice notifier takes it): its callbacks
 * never wait for the runtime. A callback returns a value of
 * notifier.notify, which goes back to the chain (NOTIFY_STOP swallows a
 * key); nothing, or a call that could not run at once (queued for the
 * task owning the runtime, dropped, failed), is NOTIFY_DONE.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/keyboard.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/notifier.h>
#include <linux/string.h>

#include <linux/lunatik.h>

/**
 * struct luanotifier - a notifier block with a Lua callback
 * @hook: the hook calling it
 * @nb: the notifier block
 * @unregister: what removes @nb from its chain
 */
struct luanotifier {
	struct lunatik_hook hook;
	struct notifier_block nb;
	int (*unregister)(struct notifier_block *nb);
};

/* a keyboard event, copied if it is queued */
struct luanotifier_kbd {
	unsigned long event;
	bool down;
	bool shift;
	unsigned int key;
};

/* a netdevice event, copied if it is queued */
struct luanotifier_netdev {
	unsigned long event;
	char name[IFNAMSIZ];
};

/*
 * The task calling a netdevice callback, which holds RTNL: registering
 * another netdevice notifier from there would wait for itself. RTNL
 * serialises the writers.
 */
static struct task_struct *luanotifier_rtnltask;

static const struct lunatik_class luanotifier_class;

/* the callback's result: a value of notifier.notify, or NOTIFY_DONE */
static int luanotifier_result(lua_State *L, const char *what)
{
	int isnum;
	lua_Integer ret = lua_tointegerx(L, -1, &isnum);

	if (lua_isnil(L, -1))
		return NOTIFY_DONE;
	if (!isnum || (ret != NOTIFY_DONE && ret != NOTIFY_OK &&
		       ret != NOTIFY_BAD && ret != NOTIFY_STOP))
		luaL_error(L, "%s callback returned %s, not a value of notifier.notify",
			   what, luaL_typename(L, -1));
	return (int)ret;
}

static int luanotifier_kbdcall(lua_State *L, void *arg)
{
	struct luanotifier_kbd *kbd = arg;

	lua_pushvalue(L, -1);
	lua_pushinteger(L, kbd->event);
	lua_pushboolean(L, kbd->down);
	lua_pushboolean(L, kbd->shift);
	lua_pushinteger(L, kbd->key);
	lua_call(L, 4, 1);
	return luanotifier_result(L, "keyboard");
}

static int luanotifier_netdevcall(lua_State *L, void *arg)
{
	struct luanotifier_netdev *netdev = arg;

	lua_pushvalue(L, -1);
	lua_pushinteger(L, netdev->event);
	lua_pushstring(L, netdev->name);
	lua_call(L, 2, 1);
	return luanotifier_result(L, "netdevice");
}

/* what a hook call returned, for the chain */
static int luanotifier_ret(int ret)
{
	return ret < 0 ? NOTIFY_DONE : ret;
}

static int luanotifier_keyboard_cb(struct notifier_block *nb, unsigned long event,
				   void *data)
{
	struct luanotifier *notifier = container_of(nb, struct luanotifier, nb);
	struct keyboard_notifier_param *param = data;
	struct luanotifier_kbd kbd = {
		.event = event,
		.down = param->down,
		.shift = param->shift & BIT(KG_SHIFT),
		.key = param->value,
	};

	return luanotifier_ret(lunatik_hookcall(&notifier->hook, "keyboard",
						luanotifier_kbdcall, &kbd, sizeof(kbd)));
}

static int luanotifier_netdevice_cb(struct notifier_block *nb, unsigned long event,
				    void *data)
{
	struct luanotifier *notifier = container_of(nb, struct luanotifier, nb);
	struct net_device *dev = netdev_notifier_info_to_dev(data);
	struct luanotifier_netdev netdev = { .event = event };

	struct task_struct *caller = luanotifier_rtnltask;
	int ret;

	strscpy(netdev.name, dev->name, sizeof(netdev.name));
	WRITE_ONCE(luanotifier_rtnltask, current);
	ret = lunatik_hookcall(&notifier->hook, "netdevice", luanotifier_netdevcall,
			       &netdev, sizeof(netdev));
	WRITE_ONCE(luanotifier_rtnltask, caller);
	return luanotifier_ret(ret);
}

static void luanotifier_unregister(struct lunatik_hook *hook)
{
	struct luanotifier *notifier = container_of(hook, struct luanotifier, hook);

	notifier->unregister(&notifier->nb);
}

/* notifier.<kind>(callback) */
static int luanotifier_new(lua_State *L, const char *what, enum lunatik_context context,
			   notifier_fn_t call, int (*reg)(struct notifier_block *nb),
			   int (*unreg)(struct notifier_block *nb))
{
	struct luanotifier *notifier;
	lunatik_object_t *object;
	int ret;

	luaL_checktype(L, 1, LUA_TFUNCTION);
	lunatik_checksleep(L, what);
	if (context == LUNATIK_CONTEXT_PROCESS && READ_ONCE(luanotifier_rtnltask) == current)
		luaL_error(L, "%s: not from a netdevice callback, which holds RTNL", what);
	object = lunatik_pushobject(L, &luanotifier_class, sizeof(*notifier));
	notifier = object->private;
	notifier->hook.name = "notifier";
	notifier->hook.nowait = context == LUNATIK_CONTEXT_PROCESS;
	notifier->nb.notifier_call = call;
	notifier->unregister = unreg;
	lunatik_newhook(L, &notifier->hook, object, 1, context, luanotifier_unregister);
	ret = reg(&notifier->nb);
	if (ret) {
		lunatik_stophook(L, &notifier->hook);
		luaL_error(L, "%s: cannot register the notifier (%d)", what, ret);
	}
	lunatik_hookregistered(&notifier->hook);
	return 1;
}

/* notifier.keyboard(callback(event, down, shift, key)) */
static int luanotifier_keyboard(lua_State *L)
{
	return luanotifier_new(L, "notifier.keyboard", LUNATIK_CONTEXT_HARDIRQ,
			       luanotifier_keyboard_cb, register_keyboard_notifier,
			       unregister_keyboard_notifier);
}

/* notifier.netdevice(callback(event, name)) */
static int luanotifier_netdevice(lua_State *L)
{
	return luanotifier_new(L, "notifier.netdevice", LUNATIK_CONTEXT_PROCESS,
			       luanotifier_netdevice_cb, register_netdevice_notifier,
			       unregister_netdevice_notifier);
}

/* notfr:delete() */
static int luanotifier_delete(lua_State *L)
{
	lunatik_object_t *object = lunatik_checkobject(L, 1, &luanotifier_class);
	struct luanotifier *notifier = object->private;

	lunatik_stophook(L, &notifier->hook);
	return 0;
}

static const luaL_Reg luanotifier_methods[] = {
	{ "delete", luanotifier_delete },
	{ NULL, NULL }
};

static const struct lunatik_class luanotifier_class = {
	.name = "notifier",
	.methods = luanotifier_methods,
	.contexts = LUNATIK_IN_ANY,
	.owner = THIS_MODULE,
};

static const luaL_Reg luanotifier_lib[] = {
	{ "keyboard", luanotifier_keyboard },
	{ "netdevice", luanotifier_netdevice },
	{ NULL, NULL }
};

static const struct lunatik_const luanotifier_kbd[] = {
	LUNATIK_CONST(KBD_, KEYCODE),
	LUNATIK_CONST(KBD_, UNBOUND_KEYCODE),
	LUNATIK_CONST(KBD_, UNICODE),
	LUNATIK_CONST(KBD_, KEYSYM),
	LUNATIK_CONST(KBD_, POST_KEYSYM),
	{ NULL, 0 }
};

static const struct lunatik_const luanotifier_notify[] = {
	LUNATIK_CONST(NOTIFY_, DONE),
	LUNATIK_CONST(NOTIFY_, OK),
	LUNATIK_CONST(NOTIFY_, BAD),
	LUNATIK_CONST(NOTIFY_, STOP),
	{ NULL, 0 }
};

static const struct lunatik_const luanotifier_netdev[] = {
	LUNATIK_CONST(NETDEV_, UP),
	LUNATIK_CONST(NETDEV_, DOWN),
	LUNATIK_CONST(NETDEV_, REBOOT),
	LUNATIK_CONST(NETDEV_, CHANGE),
	LUNATIK_CONST(NETDEV_, REGISTER),
	LUNATIK_CONST(NETDEV_, UNREGISTER),
	LUNATIK_CONST(NETDEV_, CHANGEMTU),
	LUNATIK_CONST(NETDEV_, CHANGEADDR),
	LUNATIK_CONST(NETDEV_, PRE_CHANGEADDR),
	LUNATIK_CONST(NETDEV_, GOING_DOWN),
	LUNATIK_CONST(NETDEV_, CHANGENAME),
	LUNATIK_CONST(NETDEV_, FEAT_CHANGE),
	LUNATIK_CONST(NETDEV_, BONDING_FAILOVER),
	LUNATIK_CONST(NETDEV_, PRE_UP),
	LUNATIK_CONST(NETDEV_, PRE_TYPE_CHANGE),
	LUNATIK_CONST(NETDEV_, POST_TYPE_CHANGE),
	LUNATIK_CONST(NETDEV_, POST_INIT),
	LUNATIK_CONST(NETDEV_, PRE_UNINIT),
	LUNATIK_CONST(NETDEV_, RELEASE),
	LUNATIK_CONST(NETDEV_, NOTIFY_PEERS),
	LUNATIK_CONST(NETDEV_, JOIN),
	LUNATIK_CONST(NETDEV_, CHANGEUPPER),
	LUNATIK_CONST(NETDEV_, RESEND_IGMP),
	LUNATIK_CONST(NETDEV_, PRECHANGEMTU),
	LUNATIK_CONST(NETDEV_, CHANGEINFODATA),
	LUNATIK_CONST(NETDEV_, BONDING_INFO),
	LUNATIK_CONST(NETDEV_, PRECHANGEUPPER),
	LUNATIK_CONST(NETDEV_, CHANGELOWERSTATE),
	LUNATIK_CONST(NETDEV_, UDP_TUNNEL_PUSH_INFO),
	LUNATIK_CONST(NETDEV_, UDP_TUNNEL_DROP_INFO),
	LUNATIK_CONST(NETDEV_, CHANGE_TX_QUEUE_LEN),
	LUNATIK_CONST(NETDEV_, CVLAN_FILTER_PUSH_INFO),
	LUNATIK_CONST(NETDEV_, CVLAN_FILTER_DROP_INFO),
	LUNATIK_CONST(NETDEV_, SVLAN_FILTER_PUSH_INFO),
	LUNATIK_CONST(NETDEV_, SVLAN_FILTER_DROP_INFO),
	LUNATIK_CONST(NETDEV_, OFFLOAD_XSTATS_ENABLE),
	LUNATIK_CONST(NETDEV_, OFFLOAD_XSTATS_DISABLE),
	LUNATIK_CONST(NETDEV_, OFFLOAD_XSTATS_REPORT_USED),
	LUNATIK_CONST(NETDEV_, OFFLOAD_XSTATS_REPORT_DELTA),
	LUNATIK_CONST(NETDEV_, XDP_FEAT_CHANGE),
	{ NULL, 0 }
};

static int luanotifier_open(lua_State *L)
{
	luaL_newlib(L, luanotifier_lib);
	lunatik_setconsts(L, "kbd", luanotifier_kbd);
	lunatik_setconsts(L, "netdev", luanotifier_netdev);
	lunatik_setconsts(L, "notify", luanotifier_notify);
	return 1;
}

DEFINE_LUNATIK_MODULE_OPEN(notifier, luanotifier_open, LUNATIK_IN_ANY);
module_lunatik(notifier);
MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("Lunatik: keyboard and netdevice notifiers with Lua callbacks");
