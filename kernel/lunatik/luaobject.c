// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Objects in Lua: a full userdata holding a pointer to the object and one
 * reference, dropped when the userdata is collected or closed. Its
 * metatable, named after the class, gives the class's methods.
 */
#include <linux/export.h>
#include <linux/lunatik.h>

static int lunatik_objectgc(lua_State *L)
{
	lunatik_object_t **pobject = lua_touserdata(L, 1);

	if (*pobject) {
		lunatik_putobject(*pobject);
		*pobject = NULL;
	}
	return 0;
}

/**
 * lunatik_newpobject() - push a userdata for an object of a class
 * @L: the Lua state
 * @class: the class
 *
 * The userdata starts empty: the caller stores an object and a reference
 * to it in the returned slot once it has them, so that a Lua error (out of
 * memory here, or any later) never loses a reference.
 *
 * Return: the slot of the userdata, NULL until the caller sets it.
 */
struct lunatik_object **lunatik_newpobject(lua_State *L,
					   const struct lunatik_class *class)
{
	lunatik_object_t **pobject;

	pobject = lua_newuserdatauv(L, sizeof(*pobject), 0);
	*pobject = NULL;
	if (luaL_newmetatable(L, class->name)) {
		lua_pushcfunction(L, lunatik_objectgc);
		lua_setfield(L, -2, "__gc");
		lua_pushcfunction(L, lunatik_objectgc);
		lua_setfield(L, -2, "__close");
		if (class->methods) {
			lua_newtable(L);
			luaL_setfuncs(L, class->methods, 0);
			lua_setfield(L, -2, "__index");
		}
	}
	lua_setmetatable(L, -2);
	return pobject;
}
EXPORT_SYMBOL_GPL(lunatik_newpobject);

/**
 * lunatik_checkpobject() - the object slot of a userdata argument
 * @L: the Lua state
 * @index: the stack index of the argument
 * @class: the class it must have
 *
 * Raises a Lua error if the argument is not an object of @class.
 *
 * Return: where the userdata keeps the object: NULL there once released.
 */
struct lunatik_object **lunatik_checkpobject(lua_State *L, int index,
					     const struct lunatik_class *class)
{
	return luaL_checkudata(L, index, class->name);
}
EXPORT_SYMBOL_GPL(lunatik_checkpobject);

/**
 * lunatik_checkobject() - the object an argument holds
 * @L: the Lua state
 * @index: the stack index of the argument
 * @class: the class it must have
 *
 * Raises a Lua error if the argument is not a live object of @class.
 *
 * Return: the object.
 */
lunatik_object_t *lunatik_checkobject(lua_State *L, int index,
				      const struct lunatik_class *class)
{
	lunatik_object_t **pobject = lunatik_checkpobject(L, index, class);

	luaL_argcheck(L, *pobject, index, "object already released");
	return *pobject;
}
EXPORT_SYMBOL_GPL(lunatik_checkobject);
