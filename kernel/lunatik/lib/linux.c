// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The "linux" Lua module: kernel facilities that fit in a function call.
 *
 *	local linux = require("linux")
 *	local dice = linux.random(6)
 *	linux.schedule(100)
 *	local port = linux.hton16(8080)
 *
 * Random numbers come from the kernel's generator, the time from the
 * real-time clock; linux.schedule() sleeps, so it is refused where the
 * runtime may not sleep. The rest only converts integers and may be used
 * in any runtime.
 */
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/lunatik.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/stat.h>
#include <linux/timekeeping.h>
#include <asm/byteorder.h>

#include <linux/lua/lua.h>
#include <linux/lua/lauxlib.h>

/*
 * linux.random([m [, n]]): as math.random, without floats: no argument or
 * a single 0 give 64 random bits; m gives [1, m]; m and n give [m, n].
 */
static int linux_random(lua_State *L)
{
	lua_Integer low, up;
	u64 range, mask, r;

	switch (lua_gettop(L)) {
	case 0:
		lua_pushinteger(L, (lua_Integer)get_random_u64());
		return 1;
	case 1:
		low = 1;
		up = luaL_checkinteger(L, 1);
		if (up == 0) {
			lua_pushinteger(L, (lua_Integer)get_random_u64());
			return 1;
		}
		break;
	case 2:
		low = luaL_checkinteger(L, 1);
		up = luaL_checkinteger(L, 2);
		break;
	default:
		return luaL_error(L, "wrong number of arguments");
	}
	luaL_argcheck(L, low <= up, 1, "interval is empty");

	/* n - m in u64 cannot overflow; ranges of 32 bits need no loop */
	range = (u64)up - (u64)low;
	if (range < U32_MAX) {
		r = get_random_u32_below((u32)range + 1);
	} else if (range == U64_MAX) {
		r = get_random_u64();
	} else {
		/* the smallest mask covering range: draws beyond it are redrawn */
		mask = GENMASK_ULL(fls64(range) - 1, 0);
		do {
			r = get_random_u64() & mask;
		} while (r > range);
	}
	lua_pushinteger(L, (lua_Integer)((u64)low + r));
	return 1;
}

/* the task states linux.task exports, the only ones schedule() accepts */
static const unsigned int linux_states[] = {
	TASK_RUNNING, TASK_INTERRUPTIBLE, TASK_UNINTERRUPTIBLE, TASK_KILLABLE,
	TASK_IDLE,
};

/*
 * linux.schedule([timeout [, state]]): sleeps in @state for @timeout ms at
 * most (forever without it, or beyond INT_MAX ms) and returns the time
 * left, in ms: 0 once the timeout has elapsed, more if woken earlier,
 * math.maxinteger without a timeout.
 */
static int linux_schedule(lua_State *L)
{
	lua_Integer timeout = luaL_optinteger(L, 1, MAX_SCHEDULE_TIMEOUT);
	lua_Integer state = luaL_optinteger(L, 2, TASK_INTERRUPTIBLE);
	long ticks, left;
	bool valid = false;
	size_t i;

	luaL_argcheck(L, timeout >= 0, 1, "negative timeout");
	for (i = 0; i < ARRAY_SIZE(linux_states); i++)
		valid |= state == linux_states[i];
	luaL_argcheck(L, valid, 2, "not a state of linux.task");
	lunatik_checksleep(L, "linux.schedule");

	/* msecs_to_jiffies() takes an unsigned int: beyond INT_MAX, forever */
	ticks = timeout > INT_MAX ? MAX_SCHEDULE_TIMEOUT :
				    (long)msecs_to_jiffies((unsigned int)timeout);
	set_current_state((unsigned int)state);
	left = schedule_timeout(ticks);
	__set_current_state(TASK_RUNNING);
	lua_pushinteger(L, left == MAX_SCHEDULE_TIMEOUT ? LUA_MAXINTEGER :
			   (lua_Integer)jiffies_to_msecs(left));
	return 1;
}

/* linux.time(): nanoseconds since the epoch */
static int linux_time(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)ktime_get_real_ns());
	return 1;
}

/*
 * Byte order conversions of the argument's low 16, 32 or 64 bits; 16- and
 * 32-bit results are never negative. A conversion to an order and the one
 * back are the same operation (cpu_to_be16() is be16_to_cpu(): a swap or
 * nothing), so one function serves both; the network order is big endian.
 */
#define LINUX_BYTEORDER(order, bits)					\
static int linux_hto##order##bits(lua_State *L)				\
{									\
	u##bits x = (u##bits)luaL_checkinteger(L, 1);			\
	u##bits y = (__force u##bits)cpu_to_##order##bits(x);		\
									\
	lua_pushinteger(L, (lua_Integer)y);				\
	return 1;							\
}

LINUX_BYTEORDER(be, 16)
LINUX_BYTEORDER(be, 32)
LINUX_BYTEORDER(be, 64)
LINUX_BYTEORDER(le, 16)
LINUX_BYTEORDER(le, 32)
LINUX_BYTEORDER(le, 64)

static const luaL_Reg linux_lib[] = {
	{ "random", linux_random },
	{ "schedule", linux_schedule },
	{ "time", linux_time },
	{ "hton16", linux_htobe16 },
	{ "hton32", linux_htobe32 },
	{ "hton64", linux_htobe64 },
	{ "ntoh16", linux_htobe16 },
	{ "ntoh32", linux_htobe32 },
	{ "ntoh64", linux_htobe64 },
	{ "htobe16", linux_htobe16 },
	{ "htobe32", linux_htobe32 },
	{ "htobe64", linux_htobe64 },
	{ "be16toh", linux_htobe16 },
	{ "be32toh", linux_htobe32 },
	{ "be64toh", linux_htobe64 },
	{ "htole16", linux_htole16 },
	{ "htole32", linux_htole32 },
	{ "htole64", linux_htole64 },
	{ "le16toh", linux_htole16 },
	{ "le32toh", linux_htole32 },
	{ "le64toh", linux_htole64 },
	{ NULL, NULL }
};

/* a field NAME of a table of constants, from S_NAME, TASK_NAME or ENAME */
#define LINUX_STAT(name)	LUNATIK_CONST(S_, name)
#define LINUX_TASK(name)	LUNATIK_CONST(TASK_, name)
#define LINUX_ERRNO(name)	LUNATIK_CONST(E, name)

static const struct lunatik_const linux_stat[] = {
	LINUX_STAT(IRWXUGO),
	LINUX_STAT(IRUGO),
	LINUX_STAT(IWUGO),
	LINUX_STAT(IXUGO),
	LINUX_STAT(IRWXU),
	LINUX_STAT(IRUSR),
	LINUX_STAT(IWUSR),
	LINUX_STAT(IXUSR),
	LINUX_STAT(IRWXG),
	LINUX_STAT(IRGRP),
	LINUX_STAT(IWGRP),
	LINUX_STAT(IXGRP),
	LINUX_STAT(IRWXO),
	LINUX_STAT(IROTH),
	LINUX_STAT(IWOTH),
	LINUX_STAT(IXOTH),
	{ NULL, 0 }
};

static const struct lunatik_const linux_task[] = {
	LINUX_TASK(RUNNING),
	LINUX_TASK(INTERRUPTIBLE),
	LINUX_TASK(UNINTERRUPTIBLE),
	LINUX_TASK(KILLABLE),
	LINUX_TASK(IDLE),
	{ NULL, 0 }
};

/* <uapi/asm-generic/errno-base.h>, without the E */
static const struct lunatik_const linux_errno[] = {
	LINUX_ERRNO(PERM),
	LINUX_ERRNO(NOENT),
	LINUX_ERRNO(SRCH),
	LINUX_ERRNO(INTR),
	LINUX_ERRNO(IO),
	LINUX_ERRNO(NXIO),
	LINUX_ERRNO(2BIG),
	LINUX_ERRNO(NOEXEC),
	LINUX_ERRNO(BADF),
	LINUX_ERRNO(CHILD),
	LINUX_ERRNO(AGAIN),
	LINUX_ERRNO(NOMEM),
	LINUX_ERRNO(ACCES),
	LINUX_ERRNO(FAULT),
	LINUX_ERRNO(NOTBLK),
	LINUX_ERRNO(BUSY),
	LINUX_ERRNO(EXIST),
	LINUX_ERRNO(XDEV),
	LINUX_ERRNO(NODEV),
	LINUX_ERRNO(NOTDIR),
	LINUX_ERRNO(ISDIR),
	LINUX_ERRNO(INVAL),
	LINUX_ERRNO(NFILE),
	LINUX_ERRNO(MFILE),
	LINUX_ERRNO(NOTTY),
	LINUX_ERRNO(TXTBSY),
	LINUX_ERRNO(FBIG),
	LINUX_ERRNO(NOSPC),
	LINUX_ERRNO(SPIPE),
	LINUX_ERRNO(ROFS),
	LINUX_ERRNO(MLINK),
	LINUX_ERRNO(PIPE),
	LINUX_ERRNO(DOM),
	LINUX_ERRNO(RANGE),
	{ NULL, 0 }
};

static int luaopen_linux(lua_State *L)
{
	luaL_newlib(L, linux_lib);
	lunatik_setconsts(L, "stat", linux_stat);
	lunatik_setconsts(L, "task", linux_task);
	lunatik_setconsts(L, "errno", linux_errno);
	return 1;
}

DEFINE_LUNATIK_MODULE_OPEN(linux, luaopen_linux, LUNATIK_IN_ANY);
module_lunatik(linux);
MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("Lunatik: the \"linux\" Lua module");
