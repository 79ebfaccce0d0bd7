// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The "data" Lua module: fixed-size buffers of kernel memory, read and
 * written as integers of 8 to 64 bits (in host byte order) or as strings.
 *
 *	local data = require("data")
 *	local d = data.new(16)
 *	d:setuint32(0, 0x11223344)
 *	local b = d:getbyte(0)	-- 0x44 on a little-endian host
 *
 * Offsets count bytes from 0. Every access is checked against the size of
 * the buffer: one that does not fit, or a value that does not fit its
 * type, is a Lua argument error. A buffer is an object, which runtimes
 * share through runtime:resume(); its bytes are then shared memory, read
 * and written without a lock, as in C.
 *
 * A view is a data object over memory the kernel owns (a packet's data),
 * which a binding hands to a callback with luadata_newview(): it is valid
 * while the callback runs, in the callback's runtime only; any use later,
 * or elsewhere, is a Lua error.
 */
#include <linux/gfp.h>
#include <linux/limits.h>
#include <linux/math.h>
#include <linux/lunatik.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include <linux/lua/lua.h>
#include <linux/lua/lauxlib.h>

/* the largest buffer data.new() makes, in bytes */
#define LUADATA_MAX	SZ_1M

/**
 * struct luadata - the private data of a data object
 * @ptr: the buffer, zeroed when created; for a view, the memory it views,
 *	NULL once its callback has returned
 * @size: its size in bytes, 1 to LUADATA_MAX; a view's, any
 * @runtime: for a view, the runtime whose callback may use it; NULL for
 *	a buffer of its own
 * @readonly: a view the script may only read
 */
struct luadata {
	u8 *ptr;
	size_t size;
	lunatik_object_t *runtime;
	bool readonly;
};

static void luadata_release(void *private)
{
	struct luadata *d = private;

	if (!d->runtime)
		kvfree(d->ptr);
}

static const luaL_Reg luadata_methods[];

static const struct lunatik_class luadata_class = {
	.name = "data",
	.methods = luadata_methods,
	.release = luadata_release,
	.contexts = LUNATIK_IN_ANY,
	.owner = THIS_MODULE,
};

static struct luadata *luadata_check(lua_State *L)
{
	struct luadata *d = lunatik_checkobject(L, 1, &luadata_class)->private;

	if (d->runtime && d->runtime != lunatik_toruntime(L))
		luaL_argerror(L, 1, "a data view is used in its callback's runtime only");
	if (d->runtime && !d->ptr)
		luaL_argerror(L, 1, "data view used after its callback returned");
	return d;
}

static struct luadata *luadata_checkwritable(lua_State *L)
{
	struct luadata *d = luadata_check(L);

	if (d->readonly)
		luaL_argerror(L, 1, "read-only data view");
	return d;
}

/* offset (argument 2) must start @len bytes within the buffer */
static void *luadata_checkbytes(lua_State *L, struct luadata *d, size_t len)
{
	lua_Integer offset = luaL_checkinteger(L, 2);

	if (offset < 0 || (size_t)offset > d->size || len > d->size - offset)
		luaL_argerror(L, 2,
			      lua_pushfstring(L, "out of bounds (%I bytes at offset %I, size %I)",
					      (lua_Integer)len, offset, (lua_Integer)d->size));
	return d->ptr + offset;
}

/* the value to set (argument 3), which must be in [@min, @max] */
static lua_Integer luadata_checkvalue(lua_State *L, lua_Integer min,
				      lua_Integer max, const char *type)
{
	lua_Integer value = luaL_checkinteger(L, 3);

	if (value < min || value > max)
		luaL_argerror(L, 3, lua_pushfstring(L, "%I out of range for %s",
						    value, type));
	return value;
}

/* d:get<name>(offset) and d:set<name>(offset, value), for a C type */
#define LUADATA_INTEGER(name, type, min, max)				\
static int luadata_get##name(lua_State *L)				\
{									\
	type *p = luadata_checkbytes(L, luadata_check(L), sizeof(type)); \
									\
	lua_pushinteger(L, (lua_Integer)get_unaligned(p));		\
	return 1;							\
}									\
									\
static int luadata_set##name(lua_State *L)				\
{									\
	type *p = luadata_checkbytes(L, luadata_checkwritable(L), sizeof(type)); \
									\
	put_unaligned((type)luadata_checkvalue(L, min, max, #name), p);	\
	return 0;							\
}

LUADATA_INTEGER(number, lua_Integer, LUA_MININTEGER, LUA_MAXINTEGER)
LUADATA_INTEGER(byte, u8, 0, U8_MAX)
LUADATA_INTEGER(int8, s8, S8_MIN, S8_MAX)
LUADATA_INTEGER(uint8, u8, 0, U8_MAX)
LUADATA_INTEGER(int16, s16, S16_MIN, S16_MAX)
LUADATA_INTEGER(uint16, u16, 0, U16_MAX)
LUADATA_INTEGER(int32, s32, S32_MIN, S32_MAX)
LUADATA_INTEGER(uint32, u32, 0, U32_MAX)
LUADATA_INTEGER(int64, s64, S64_MIN, S64_MAX)

/* d:getstring(offset [, length]): to the end without a length */
static int luadata_getstring(lua_State *L)
{
	struct luadata *d = luadata_check(L);
	lua_Integer offset = luaL_checkinteger(L, 2);
	lua_Integer len;
	const char *p;

	/* an offset past the end fails below, whatever the length */
	len = offset >= 0 && (size_t)offset <= d->size ? d->size - offset : 0;
	len = luaL_optinteger(L, 3, len);
	luaL_argcheck(L, len >= 0, 3, "negative length");
	p = luadata_checkbytes(L, d, len);
	lua_pushlstring(L, p, len);
	return 1;
}

/* d:setstring(offset, s) */
static int luadata_setstring(lua_State *L)
{
	struct luadata *d = luadata_checkwritable(L);
	size_t len;
	const char *s = luaL_checklstring(L, 3, &len);

	memcpy(luadata_checkbytes(L, d, len), s, len);
	return 0;
}

/* #d: the size */
static int luadata_len(lua_State *L)
{
	lua_pushinteger(L, luadata_check(L)->size);
	return 1;
}

static const luaL_Reg luadata_methods[] = {
	{ "__len", luadata_len },
	{ "getnumber", luadata_getnumber },
	{ "setnumber", luadata_setnumber },
	{ "getbyte", luadata_getbyte },
	{ "setbyte", luadata_setbyte },
	{ "getstring", luadata_getstring },
	{ "setstring", luadata_setstring },
	{ "getint8", luadata_getint8 },
	{ "setint8", luadata_setint8 },
	{ "getuint8", luadata_getuint8 },
	{ "setuint8", luadata_setuint8 },
	{ "getint16", luadata_getint16 },
	{ "setint16", luadata_setint16 },
	{ "getuint16", luadata_getuint16 },
	{ "setuint16", luadata_setuint16 },
	{ "getint32", luadata_getint32 },
	{ "setint32", luadata_setint32 },
	{ "getuint32", luadata_getuint32 },
	{ "setuint32", luadata_setuint32 },
	{ "getint64", luadata_getint64 },
	{ "setint64", luadata_setint64 },
	{ NULL, NULL }
};

/* data.new(size): a zeroed buffer of 1 to LUADATA_MAX bytes */
static int luadata_new(lua_State *L)
{
	lua_Integer size = luaL_checkinteger(L, 1);
	gfp_t gfp = lunatik_gfp(L);
	lunatik_object_t *object;
	struct luadata *d;

	if (size <= 0 || size > LUADATA_MAX)
		luaL_argerror(L, 1, lua_pushfstring(L, "size out of range (1 to %d bytes)",
						    LUADATA_MAX));
	/*
	 * The buffer is not Lua's memory: count it, in KiB rounded up, as if
	 * Lua had allocated it, so that the collector frees unused buffers
	 * at the pace they are made.
	 */
	lua_gc(L, LUA_GCSTEP, (int)DIV_ROUND_UP(size, SZ_1K));

	object = lunatik_pushobject(L, &luadata_class, sizeof(*d));
	d = object->private;
	/* vmalloc() may sleep; a failure is the script's to handle */
	gfp |= __GFP_NOWARN;
	d->ptr = gfpflags_allow_blocking(gfp) ? kvzalloc(size, gfp) :
						kzalloc(size, gfp);
	if (!d->ptr)
		return luaL_error(L, "data.new: out of memory");
	d->size = size;
	return 1;
}

/* the to-be-closed value that ends a view with its callback */
#define LUADATA_VIEWEND	"data.viewend"

static int luadata_viewend(lua_State *L)
{
	lunatik_object_t **pobject = luaL_checkudata(L, 1, LUADATA_VIEWEND);
	lunatik_object_t *object = *pobject;
	struct luadata *d;

	if (!object)
		return 0;
	*pobject = NULL;
	d = object->private;
	d->ptr = NULL;
	d->size = 0;
	lunatik_putobject(object);	/* a view's release frees nothing: never sleeps */
	return 0;
}

/**
 * luadata_newview() - push a data object over memory the kernel owns
 * @L: the Lua state of a runtime, in a hook's function (a C function
 *	running protected, such as the lunatik_hookfn_t of a hook)
 * @ptr: the memory, valid until that C function returns
 * @size: its size in bytes
 * @readonly: whether the script may only read it
 *
 * Pushes two values: a to-be-closed value, which ends the view when the
 * C function that called luadata_newview() returns or raises an error,
 * and the view, which the callback receives. From then on, any use of
 * the view is a Lua error, as is any use from another runtime: a script
 * that keeps it never reaches @ptr. The caller must not move or remove
 * the two values but with lua_settop() or lua_pop(). Raises a Lua error
 * without memory.
 *
 * Return: the view's object.
 */
lunatik_object_t *luadata_newview(lua_State *L, void *ptr, size_t size, bool readonly)
{
	lunatik_object_t **pend, *object;
	struct luadata *d;

	pend = lua_newuserdatauv(L, sizeof(*pend), 0);
	*pend = NULL;
	if (luaL_newmetatable(L, LUADATA_VIEWEND)) {
		lua_pushcfunction(L, luadata_viewend);
		lua_setfield(L, -2, "__close");
		lua_pushcfunction(L, luadata_viewend);
		lua_setfield(L, -2, "__gc");
		lua_pushboolean(L, false);
		lua_setfield(L, -2, "__metatable");
	}
	lua_setmetatable(L, -2);
	lua_toclose(L, -1);

	object = lunatik_pushobject(L, &luadata_class, sizeof(*d));
	d = object->private;
	d->ptr = ptr;
	d->size = size;
	d->runtime = lunatik_toruntime(L);
	d->readonly = readonly;
	lunatik_getobject(object);
	*pend = object;
	return object;
}
EXPORT_SYMBOL_GPL(luadata_newview);

static const luaL_Reg luadata_lib[] = {
	{ "new", luadata_new },
	{ NULL, NULL }
};

DEFINE_LUNATIK_MODULE(data, luadata_lib, LUNATIK_IN_ANY);
module_lunatik(data);
MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("Lunatik: the \"data\" Lua module, memory buffers");
