// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Loading scripts: a script name ("passwd", "examples/dnsblock/dnsblock")
 * is a path below /lib/modules/lua/ without its ".lua". Names are checked
 * before anything is opened: letters, digits, '_' and '-', in segments
 * separated by single '/'; no "..", no absolute path, nothing hidden.
 */
#include <linux/ctype.h>
#include <linux/string.h>

#include <linux/lua/lauxlib.h>

#include "internal.h"

/**
 * lunatik_validname() - whether a script name is valid
 * @name: the name
 *
 * Return: true for a name of letters, digits, '_' and '-' in segments
 * separated by single '/', at most LUNATIK_NAME_MAX characters.
 */
bool lunatik_validname(const char *name)
{
	size_t len = strnlen(name, LUNATIK_NAME_MAX + 1);
	size_t i;

	if (len == 0 || len > LUNATIK_NAME_MAX)
		return false;
	for (i = 0; i < len; i++) {
		char c = name[i];

		if (c & 0x80)
			return false;
		if (c == '/') {
			/* no empty segment: not first, not last, not "//" */
			if (i == 0 || i == len - 1 || name[i - 1] == '/')
				return false;
		} else if (!isalnum(c) && c != '_' && c != '-') {
			return false;
		}
	}
	return true;
}

/**
 * lunatik_loadscript() - load the script of a runtime as a Lua function
 * @L: the Lua state
 * @name: the script name, valid (lunatik_validname())
 *
 * Pushes the chunk, or an error message. Must be called in protected
 * mode, where sleeping is allowed.
 *
 * Return: LUA_OK, LUA_ERRFILE for a file that cannot be read,
 * LUA_ERRSYNTAX, or LUA_ERRMEM.
 */
int lunatik_loadscript(lua_State *L, const char *name)
{
	int status;

	lua_pushfstring(L, LUNATIK_SCRIPT_DIR "%s.lua", name);
	status = luaL_loadfilex(L, lua_tostring(L, -1), "t");
	lua_remove(L, -2);
	return status;
}
