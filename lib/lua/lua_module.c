// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Lua 5.4 as a kernel library: the module, and the part of the C API
 * (lua.h, lauxlib.h and lualib.h) that kernel users call, exported for
 * GPL modules. A function is exported when a user needs it. Never
 * exported: lua_setallocf() and lua_getallocf(), which would let code
 * change or read the allocator that holds a state to its quota.
 */
#include <linux/export.h>
#include <linux/module.h>

#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"
#include "lua_kernel.h"

EXPORT_SYMBOL_GPL(lua_quota_alloc);
EXPORT_SYMBOL_GPL(lua_recover);
EXPORT_SYMBOL_GPL(lua_settick);
EXPORT_SYMBOL_GPL(lua_setjmp);
EXPORT_SYMBOL_GPL(lua_longjmp);

/* lua.h */
EXPORT_SYMBOL_GPL(lua_newstate);
EXPORT_SYMBOL_GPL(lua_close);
EXPORT_SYMBOL_GPL(lua_newthread);
EXPORT_SYMBOL_GPL(lua_atpanic);
EXPORT_SYMBOL_GPL(lua_absindex);
EXPORT_SYMBOL_GPL(lua_gettop);
EXPORT_SYMBOL_GPL(lua_settop);
EXPORT_SYMBOL_GPL(lua_pushvalue);
EXPORT_SYMBOL_GPL(lua_rotate);
EXPORT_SYMBOL_GPL(lua_copy);
EXPORT_SYMBOL_GPL(lua_checkstack);
EXPORT_SYMBOL_GPL(lua_xmove);
EXPORT_SYMBOL_GPL(lua_iscfunction);
EXPORT_SYMBOL_GPL(lua_isinteger);
EXPORT_SYMBOL_GPL(lua_type);
EXPORT_SYMBOL_GPL(lua_typename);
EXPORT_SYMBOL_GPL(lua_tointegerx);
EXPORT_SYMBOL_GPL(lua_toboolean);
EXPORT_SYMBOL_GPL(lua_tolstring);
EXPORT_SYMBOL_GPL(lua_rawlen);
EXPORT_SYMBOL_GPL(lua_tocfunction);
EXPORT_SYMBOL_GPL(lua_touserdata);
EXPORT_SYMBOL_GPL(lua_tothread);
EXPORT_SYMBOL_GPL(lua_pushnil);
EXPORT_SYMBOL_GPL(lua_pushinteger);
EXPORT_SYMBOL_GPL(lua_pushlstring);
EXPORT_SYMBOL_GPL(lua_pushstring);
EXPORT_SYMBOL_GPL(lua_pushfstring);
EXPORT_SYMBOL_GPL(lua_pushcclosure);
EXPORT_SYMBOL_GPL(lua_pushboolean);
EXPORT_SYMBOL_GPL(lua_pushlightuserdata);
EXPORT_SYMBOL_GPL(lua_getglobal);
EXPORT_SYMBOL_GPL(lua_getfield);
EXPORT_SYMBOL_GPL(lua_rawget);
EXPORT_SYMBOL_GPL(lua_rawgeti);
EXPORT_SYMBOL_GPL(lua_rawgetp);
EXPORT_SYMBOL_GPL(lua_createtable);
EXPORT_SYMBOL_GPL(lua_newuserdatauv);
EXPORT_SYMBOL_GPL(lua_getmetatable);
EXPORT_SYMBOL_GPL(lua_setglobal);
EXPORT_SYMBOL_GPL(lua_setfield);
EXPORT_SYMBOL_GPL(lua_rawseti);
EXPORT_SYMBOL_GPL(lua_rawsetp);
EXPORT_SYMBOL_GPL(lua_setmetatable);
EXPORT_SYMBOL_GPL(lua_callk);
EXPORT_SYMBOL_GPL(lua_pcallk);
EXPORT_SYMBOL_GPL(lua_resume);
EXPORT_SYMBOL_GPL(lua_status);
EXPORT_SYMBOL_GPL(lua_gc);
EXPORT_SYMBOL_GPL(lua_error);
EXPORT_SYMBOL_GPL(lua_toclose);
EXPORT_SYMBOL_GPL(lua_getinfo);

/* lauxlib.h */
EXPORT_SYMBOL_GPL(luaL_checkversion_);
EXPORT_SYMBOL_GPL(luaL_tolstring);
EXPORT_SYMBOL_GPL(luaL_argerror);
EXPORT_SYMBOL_GPL(luaL_typeerror);
EXPORT_SYMBOL_GPL(luaL_checklstring);
EXPORT_SYMBOL_GPL(luaL_checkinteger);
EXPORT_SYMBOL_GPL(luaL_optinteger);
EXPORT_SYMBOL_GPL(luaL_checkstack);
EXPORT_SYMBOL_GPL(luaL_checktype);
EXPORT_SYMBOL_GPL(luaL_newmetatable);
EXPORT_SYMBOL_GPL(luaL_testudata);
EXPORT_SYMBOL_GPL(luaL_checkudata);
EXPORT_SYMBOL_GPL(luaL_error);
EXPORT_SYMBOL_GPL(luaL_checkoption);
EXPORT_SYMBOL_GPL(luaL_loadfilex);
EXPORT_SYMBOL_GPL(luaL_loadbufferx);
EXPORT_SYMBOL_GPL(luaL_newstate);
EXPORT_SYMBOL_GPL(luaL_len);
EXPORT_SYMBOL_GPL(luaL_setfuncs);
EXPORT_SYMBOL_GPL(luaL_traceback);
EXPORT_SYMBOL_GPL(luaL_buffinit);
EXPORT_SYMBOL_GPL(luaL_prepbuffsize);
EXPORT_SYMBOL_GPL(luaL_addstring);
EXPORT_SYMBOL_GPL(luaL_addvalue);
EXPORT_SYMBOL_GPL(luaL_pushresult);

/* lualib.h */
EXPORT_SYMBOL_GPL(luaL_openlibs);

static void __exit lua_exit(void)
{
	/* the vmalloc blocks that states freed in atomic context */
	lua_flushfrees();
}
module_exit(lua_exit);

MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("Lua 5.4 interpreter, integer-only kernel dialect");
