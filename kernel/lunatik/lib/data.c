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

#include <lua.h>
#include <lauxlib.h>

/* the largest buffer data.new() makes, in bytes */
#define LUADATA_MAX	SZ_1M

/**
 * struct luadata - the private data of a data object
 * @ptr: the buffer, zeroed when created
 * @size: its size in bytes, 1 to LUADATA_MAX
 */
struct luadata {
	u8 *ptr;
	size_t size;
};

static void luadata_release(void *private)
{
	struct luadata *d = private;

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
	return lunatik_checkobject(L, 1, &luadata_class)->private;
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
	type *p = luadata_checkbytes(L, luadata_check(L), sizeof(type)); \
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
	struct luadata *d = luadata_check(L);
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
	lunatik_object_t **pobject, *object;
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

	pobject = lunatik_newpobject(L, &luadata_class);
	object = lunatik_newobject(&luadata_class, sizeof(*d),
				   lunatik_toruntime(L)->context, gfp);
	if (!object)
		return luaL_error(L, "data.new: out of memory");
	*pobject = object;
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

static const luaL_Reg luadata_lib[] = {
	{ "new", luadata_new },
	{ NULL, NULL }
};

static int luaopen_data(lua_State *L)
{
	luaL_newlib(L, luadata_lib);
	return 1;
}

static struct lunatik_module luadata_module = {
	.name = "data",
	.open = luaopen_data,
	.contexts = LUNATIK_IN_ANY,
	.owner = THIS_MODULE,
};

module_lunatik(luadata_module);
MODULE_ALIAS("lunatik-data");
MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("Lunatik: the \"data\" Lua module, memory buffers");
