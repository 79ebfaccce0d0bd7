// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * A test-only hook, for the tests of how kernel events enter runtimes
 * (lunatik_hook_kunit.c, the hooks kselftest): the "testhook" Lua module.
 *
 *	local testhook = require("testhook")
 *	local h = testhook.new(function(n) return n + 1 end, "hardirq")
 *	h:fire(41)		-- calls the hook from this context: 42
 *	local t = testhook.new(callback, "hardirq", 100000)	-- every 100 us
 *	t:counts()	-- calls run at once, queued, dropped, refused; callbacks
 *	t:stop()
 *
 * A hook fires with an integer, which its callback receives with a data
 * view of a kernel buffer holding "value=<integer>"; what the callback
 * returns (an integer) is the call's result. With a period, an hrtimer
 * fires it, in hardirq context, with the number of the tick.
 */
#include <linux/atomic.h>
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/lunatik.h>
#include <linux/module.h>
#include <linux/string.h>

#include "lunatik_testhook.h"

/**
 * struct testhook - a hook fired by C code, by a script or by a timer
 * @hook: the hook
 * @timer: fires the hook every @period, if @period
 * @period: the timer's period; 0 for no timer
 * @ticks: the timer's ticks so far
 * @ran: calls whose callback ran at once
 * @queued: calls queued for the owner of the runtime
 * @dropped: calls dropped
 * @refused: calls refused otherwise (stopped, error, deadlock)
 * @called: calls of the callback, at once or from the backlog
 */
struct testhook {
	struct lunatik_hook hook;
	struct hrtimer timer;
	ktime_t period;
	u64 ticks;
	atomic_long_t ran, queued, dropped, refused, called;
};

/* what a call passes, copied if it is queued */
struct testhook_arg {
	struct testhook *th;
	lua_Integer value;
	char buf[32];
};

static const struct lunatik_class testhook_class;

static int testhook_call(lua_State *L, void *arg)
{
	struct testhook_arg *call = arg;

	atomic_long_inc(&call->th->called);
	luadata_newview(L, call->buf, strlen(call->buf), false);
	lua_pushvalue(L, -3);
	lua_pushinteger(L, call->value);
	lua_pushvalue(L, -3);
	lua_call(L, 2, 1);
	return (int)lua_tointeger(L, -1);
}

/**
 * lunatik_testhook_fire() - fire a test hook from the current context
 * @object: the hook's object
 * @value: what its callback receives
 *
 * Return: as lunatik_hookcall().
 */
int lunatik_testhook_fire(lunatik_object_t *object, lua_Integer value)
{
	struct testhook *th = object->private;
	struct testhook_arg arg = { .th = th, .value = value };
	int ret;

	snprintf(arg.buf, sizeof(arg.buf), "value=%lld", value);
	ret = lunatik_hookcall(&th->hook, "fire", testhook_call, &arg, sizeof(arg));
	if (ret == -EAGAIN)
		atomic_long_inc(&th->queued);
	else if (ret == -ENOBUFS)
		atomic_long_inc(&th->dropped);
	else if (ret < 0)
		atomic_long_inc(&th->refused);
	else
		atomic_long_inc(&th->ran);
	return ret;
}
EXPORT_SYMBOL_GPL(lunatik_testhook_fire);

static enum hrtimer_restart testhook_tick(struct hrtimer *timer)
{
	struct testhook *th = container_of(timer, struct testhook, timer);

	lunatik_testhook_fire(th->hook.object, ++th->ticks);
	hrtimer_forward_now(timer, th->period);
	return HRTIMER_RESTART;
}

static void testhook_unregister(struct lunatik_hook *hook)
{
	struct testhook *th = container_of(hook, struct testhook, hook);

	if (th->period)
		hrtimer_cancel(&th->timer);
}

static const char *const testhook_contexts[] = {
	"process", "softirq", "hardirq", NULL
};

/* testhook.new(callback [, context [, period]]) */
static int testhook_new(lua_State *L)
{
	enum lunatik_context context;
	lunatik_object_t *object;
	struct testhook *th;
	lua_Integer period;

	luaL_checktype(L, 1, LUA_TFUNCTION);
	context = luaL_checkoption(L, 2, "hardirq", testhook_contexts);
	period = luaL_optinteger(L, 3, 0);
	luaL_argcheck(L, period >= 0 && period <= NSEC_PER_SEC, 3,
		      "a period of 0 to 1000000000 ns");
	luaL_argcheck(L, !period || context == LUNATIK_CONTEXT_HARDIRQ, 3,
		      "a timer fires in hardirq context");
	lunatik_checksleep(L, "testhook.new");
	object = lunatik_pushobject(L, &testhook_class, sizeof(*th));
	th = object->private;
	th->hook.name = "testhook";
	th->period = ns_to_ktime(period);
	lunatik_newhook(L, &th->hook, object, 1, context, testhook_unregister);
	if (period) {
		hrtimer_init(&th->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
		th->timer.function = testhook_tick;
		hrtimer_start(&th->timer, th->period, HRTIMER_MODE_REL_HARD);
	}
	lunatik_hookregistered(&th->hook);
	return 1;
}

/**
 * lunatik_testhook_counts() - what happened to a test hook's calls
 * @object: the hook's object
 * @counts: receives the calls run at once, queued, dropped, refused and
 *	the callbacks run
 */
void lunatik_testhook_counts(lunatik_object_t *object, long counts[TESTHOOK_COUNTS])
{
	struct testhook *th = object->private;

	counts[0] = atomic_long_read(&th->ran);
	counts[1] = atomic_long_read(&th->queued);
	counts[2] = atomic_long_read(&th->dropped);
	counts[3] = atomic_long_read(&th->refused);
	counts[4] = atomic_long_read(&th->called);
}
EXPORT_SYMBOL_GPL(lunatik_testhook_counts);

/**
 * lunatik_testhook_get() - the test hook a Lua value holds
 * @L: the Lua state
 * @index: the stack index of the value
 *
 * Return: its object, with a reference; NULL if the value is none.
 */
lunatik_object_t *lunatik_testhook_get(lua_State *L, int index)
{
	lunatik_object_t **pobject = luaL_testudata(L, index, testhook_class.name);

	if (!pobject || !*pobject)
		return NULL;
	lunatik_getobject(*pobject);
	return *pobject;
}
EXPORT_SYMBOL_GPL(lunatik_testhook_get);

/* h:fire(value): the call's result, or nil and the errno */
static int testhook_lfire(lua_State *L)
{
	lunatik_object_t *object = lunatik_checkobject(L, 1, &testhook_class);
	int ret = lunatik_testhook_fire(object, luaL_checkinteger(L, 2));

	if (ret >= 0) {
		lua_pushinteger(L, ret);
		return 1;
	}
	lua_pushnil(L);
	lua_pushinteger(L, ret);
	return 2;
}

/* h:counts(): calls run at once, queued, dropped, refused; callbacks run */
static int testhook_counts(lua_State *L)
{
	lunatik_object_t *object = lunatik_checkobject(L, 1, &testhook_class);
	struct testhook *th = object->private;

	lua_pushinteger(L, atomic_long_read(&th->ran));
	lua_pushinteger(L, atomic_long_read(&th->queued));
	lua_pushinteger(L, atomic_long_read(&th->dropped));
	lua_pushinteger(L, atomic_long_read(&th->refused));
	lua_pushinteger(L, atomic_long_read(&th->called));
	return 5;
}

static int testhook_stop(lua_State *L)
{
	lunatik_object_t *object = lunatik_checkobject(L, 1, &testhook_class);
	struct testhook *th = object->private;

	lunatik_stophook(L, &th->hook);
	return 0;
}

static const luaL_Reg testhook_methods[] = {
	{ "fire", testhook_lfire },
	{ "counts", testhook_counts },
	{ "stop", testhook_stop },
	{ NULL, NULL }
};

static const struct lunatik_class testhook_class = {
	.name = "testhook",
	.methods = testhook_methods,
	.contexts = LUNATIK_IN_ANY,
	.owner = THIS_MODULE,
};

static const luaL_Reg testhook_lib[] = {
	{ "new", testhook_new },
	{ NULL, NULL }
};

DEFINE_LUNATIK_MODULE(testhook, testhook_lib, LUNATIK_IN_ANY);
module_lunatik(testhook);
MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("A test-only Lunatik hook, fired by C code, scripts or a timer");
