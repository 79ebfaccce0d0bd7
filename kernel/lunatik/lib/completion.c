// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The "completion" Lua module: kernel completions, for a runtime or a
 * kernel thread to wait until another one signals an event.
 *
 *	local completion = require("completion")
 *	local c = completion.new()
 *	-- give c to another runtime with runtime:resume(c), then:
 *	local ok, err = c:wait(1000)	-- true, or nil and "timeout"
 *
 * Signalling may be done anywhere; waiting sleeps, so only where the
 * runtime may sleep, and with the runtime locked: whoever completes must
 * not need that runtime. A signal pending for the waiting task, or
 * kthread_stop() of the kernel thread running the script, interrupts the
 * wait.
 */
#include <linux/completion.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/jiffies.h>
#include <linux/limits.h>
#include <linux/lunatik.h>
#include <linux/module.h>
#include <linux/sched.h>

#include <linux/lua/lua.h>
#include <linux/lua/lauxlib.h>

static const luaL_Reg luacompletion_methods[];

static const struct lunatik_class luacompletion_class = {
	.name = "completion",
	.methods = luacompletion_methods,
	.contexts = LUNATIK_IN_ANY,
	.owner = THIS_MODULE,
};

static struct completion *luacompletion_check(lua_State *L)
{
	return lunatik_checkobject(L, 1, &luacompletion_class)->private;
}

/* c:complete(): wakes one waiter, or lets the next wait return at once */
static int luacompletion_complete(lua_State *L)
{
	complete(luacompletion_check(L));
	return 0;
}

/*
 * c:wait([timeout]): waits for a complete(), at most @timeout ms (forever
 * without it, or beyond INT_MAX ms). Returns true, or nil and "timeout",
 * or nil and "interrupt". A timeout of 0 only checks, without sleeping.
 */
static int luacompletion_wait(lua_State *L)
{
	struct completion *c = luacompletion_check(L);
	lua_Integer timeout = luaL_optinteger(L, 2, MAX_SCHEDULE_TIMEOUT);
	long ret;

	luaL_argcheck(L, timeout >= 0, 2, "negative timeout");
	if (timeout == 0) {
		ret = try_wait_for_completion(c);
	} else if (timeout > INT_MAX) {
		lunatik_checksleep(L, "completion.wait");
		ret = wait_for_completion_interruptible(c) ?: 1;
	} else {
		unsigned long ticks = msecs_to_jiffies((unsigned int)timeout);

		lunatik_checksleep(L, "completion.wait");
		ret = wait_for_completion_interruptible_timeout(c, ticks);
	}

	if (ret > 0) {
		lua_pushboolean(L, true);
		return 1;
	}
	lua_pushnil(L);
	lua_pushstring(L, ret == 0 ? "timeout" : "interrupt");
	return 2;
}

static const luaL_Reg luacompletion_methods[] = {
	{ "complete", luacompletion_complete },
	{ "wait", luacompletion_wait },
	{ NULL, NULL }
};

/* completion.new() */
static int luacompletion_new(lua_State *L)
{
	lunatik_object_t *object;

	object = lunatik_pushobject(L, &luacompletion_class, sizeof(struct completion));
	init_completion(object->private);
	return 1;
}

static const luaL_Reg luacompletion_lib[] = {
	{ "new", luacompletion_new },
	{ NULL, NULL }
};

DEFINE_LUNATIK_MODULE(completion, luacompletion_lib, LUNATIK_IN_ANY);
module_lunatik(completion);
MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("Lunatik: the \"completion\" Lua module");
