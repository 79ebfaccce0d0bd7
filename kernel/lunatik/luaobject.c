// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Objects in Lua: a full userdata holding a pointer to the object and one
 * reference, dropped when the userdata is collected or closed. Its
 * metatable, named after the class, gives the class's methods; scripts
 * cannot get or change it (its __metatable field is the class name), so
 * a userdata with that metatable is always an object of that class.
 */
#include <linux/export.h>
#include <linux/module.h>
#include <linux/string.h>

#include "internal.h"

const char *const lunatik_contextnames[] = {
	[LUNATIK_CONTEXT_PROCESS] = "process",
	[LUNATIK_CONTEXT_SOFTIRQ] = "softirq",
	[LUNATIK_CONTEXT_HARDIRQ] = "hardirq",
	NULL
};

/**
 * lunatik_checkcontext() - raise an error unless a runtime's context is allowed
 * @L: the Lua state of @runtime
 * @runtime: the runtime
 * @contexts: the allowed contexts, LUNATIK_IN_* flags
 * @what: what is not allowed, for the message
 *
 * The context is that of the running entry: a process runtime entered by
 * an atomic hook allows what that hook's context allows.
 */
void lunatik_checkcontext(lua_State *L, lunatik_object_t *runtime,
			  unsigned int contexts, const char *what)
{
	struct lunatik_runtime *rt = runtime->private;

	if (contexts & BIT(rt->entered))
		return;
	if (rt->entered == runtime->context)
		luaL_error(L, "%s: not allowed in a %s runtime", what,
			   lunatik_contextnames[runtime->context]);
	luaL_error(L, "%s: not allowed in a %s callback", what,
		   lunatik_contextnames[rt->entered]);
}

/**
 * lunatik_checksleep() - raise an error unless a Lua state may sleep
 * @L: the state
 * @what: the function that would sleep, for the message
 *
 * A state may sleep in a process runtime, but in the callbacks of atomic
 * hooks, and in any runtime while its script's body runs.
 */
void lunatik_checksleep(lua_State *L, const char *what)
{
	lunatik_object_t *runtime = lunatik_toruntime(L);
	struct lunatik_runtime *rt = runtime->private;

	if (!lunatik_maysleep(rt) && rt->entered == runtime->context)
		luaL_error(L, "%s: cannot sleep in a %s runtime", what,
			   lunatik_contextnames[runtime->context]);
	if (!lunatik_maysleep(rt))
		luaL_error(L, "%s: cannot sleep in a %s callback", what,
			   lunatik_contextnames[rt->entered]);
	if (rt->closing)
		luaL_error(L, "%s: cannot sleep while the runtime closes", what);
}
EXPORT_SYMBOL_GPL(lunatik_checksleep);

/**
 * lunatik_checkwait() - raise an error unless a Lua state may wait for
 *	another runtime or a kernel thread
 * @L: the state
 * @what: the function that would wait, for the message
 *
 * As lunatik_checksleep(), and not in the callback of a hook whose
 * caller holds locks that tasks in runtimes may wait for (a netdevice
 * notifier, under RTNL), nor in what such a callback resumed: the wait
 * could close a circle of waits through those locks.
 */
void lunatik_checkwait(lua_State *L, const char *what)
{
	struct lunatik_runtime *rt = lunatik_toruntime(L)->private;

	lunatik_checksleep(L, what);
	if (rt->nowait)
		luaL_error(L, "%s: cannot wait in a callback that holds kernel locks (RTNL)",
			   what);
}
EXPORT_SYMBOL_GPL(lunatik_checkwait);

static bool lunatik_isobject(lua_State *L, int index);

/*
 * Whether a runtime's state created the runtime that an object is: a
 * runtime ends with the state of its creator, when that state still
 * holds it (a thread would otherwise keep it running).
 */
static bool lunatik_iscreator(struct lunatik_runtime *rt, lunatik_object_t *object)
{
	return object->class == &lunatik_runtime_class &&
	       ((struct lunatik_runtime *)object->private)->creator == rt->object;
}

/*
 * __gc and __close of objects, which a script may get and call itself; a
 * closing state stops the runtimes it created (it closes in process
 * context)
 */
static int lunatik_objectgc(lua_State *L)
{
	lunatik_object_t **pobject = lua_touserdata(L, 1);
	struct lunatik_runtime *rt = lunatik_toruntime(L)->private;

	if (!lunatik_isobject(L, 1))
		return luaL_typeerror(L, 1, "Lunatik object");
	if (*pobject) {
		if (rt->closing && lunatik_iscreator(rt, *pobject))
			lunatik_stop(*pobject);
		else if (lunatik_maysleep(rt))
			lunatik_putobject(*pobject);
		else
			lunatik_putobject_later(*pobject);
		*pobject = NULL;
	}
	return 0;
}

/**
 * lunatik_toobject() - the object a value holds, whatever its class
 * @L: the Lua state
 * @index: the stack index of the value; needs two free stack slots
 *
 * Return: the object; NULL if the value is not an object, or one that
 * has been released.
 */
lunatik_object_t *lunatik_toobject(lua_State *L, int index)
{
	lunatik_object_t **pobject = lua_touserdata(L, index);

	return lunatik_isobject(L, index) ? *pobject : NULL;
}

/*
 * Whether a value is the userdata of an object: a full userdata of the
 * size of a slot, whose metatable has lunatik_objectgc for __gc. Only C
 * code sets the metatable of a userdata. Needs two free stack slots.
 */
static bool lunatik_isobject(lua_State *L, int index)
{
	bool isobject;

	if (lua_type(L, index) != LUA_TUSERDATA ||
	    lua_rawlen(L, index) != sizeof(lunatik_object_t *) ||
	    !lua_getmetatable(L, index))
		return false;
	lua_pushliteral(L, "__gc");
	lua_rawget(L, -2);
	isobject = lua_tocfunction(L, -1) == lunatik_objectgc;
	lua_pop(L, 2);
	return isobject;
}

/*
 * Pushes the metatable of a class's objects, made in this state the first
 * time: the methods (those named "__*" are metamethods). The state keeps
 * the class's module, whose functions the metatable holds, until it
 * closes. The metatable is registered once complete, so that an error on
 * the way leaves none.
 */
static void lunatik_getmetatable(lua_State *L, const struct lunatik_class *class)
{
	struct lunatik_runtime *rt = lunatik_toruntime(L)->private;
	const luaL_Reg *method;
	int held;

	if (luaL_getmetatable(L, class->name) != LUA_TNIL)
		return;
	lua_pop(L, 1);
	if (class->owner != THIS_MODULE) {
		/* live: the caller has an object of the class, or is its code */
		__module_get(class->owner);
		held = lunatik_holdmodule(rt, class->owner);
		if (held <= 0)
			module_put(class->owner);
		if (held < 0)
			luaL_error(L, "not enough memory");
	}
	lua_createtable(L, 0, 4);
	lua_pushcfunction(L, lunatik_objectgc);
	lua_setfield(L, -2, "__gc");
	lua_pushcfunction(L, lunatik_objectgc);
	lua_setfield(L, -2, "__close");
	lua_pushstring(L, class->name);
	lua_setfield(L, -2, "__metatable");
	lua_newtable(L);
	for (method = class->methods; method && method->name; method++) {
		lua_pushcfunction(L, method->func);
		lua_setfield(L, strncmp(method->name, "__", 2) ? -2 : -3, method->name);
	}
	lua_setfield(L, -2, "__index");
	lua_pushvalue(L, -1);
	lua_setfield(L, LUA_REGISTRYINDEX, class->name);
}

/**
 * lunatik_newpobject() - push a userdata for an object of a class
 * @L: the Lua state
 * @class: the class
 *
 * The userdata starts empty: the caller stores an object and a reference
 * to it in the returned slot once it has them, so that a Lua error (out of
 * memory here, or any later) never loses a reference. Raises a Lua error
 * if the class is not allowed in the runtime of @L.
 *
 * Return: the slot of the userdata, NULL until the caller sets it.
 */
struct lunatik_object **lunatik_newpobject(lua_State *L,
					   const struct lunatik_class *class)
{
	lunatik_object_t **pobject;

	lunatik_checkcontext(L, lunatik_toruntime(L), class->contexts,
			     class->name);
	pobject = lua_newuserdatauv(L, sizeof(*pobject), 0);
	*pobject = NULL;
	lunatik_getmetatable(L, class);
	lua_setmetatable(L, -2);
	return pobject;
}
EXPORT_SYMBOL_GPL(lunatik_newpobject);

/**
 * lunatik_pushobject() - create an object and push it for Lua
 * @L: the Lua state of a runtime
 * @class: the object's class
 * @size: the size of its private data, zeroed
 *
 * The object is made for the runtime's context, allocated with the flags
 * its state allocates with; the pushed userdata holds its one reference.
 * Raises a Lua error if the class is not allowed where @L runs, or
 * without memory.
 *
 * Return: the object.
 */
lunatik_object_t *lunatik_pushobject(lua_State *L, const struct lunatik_class *class,
				     size_t size)
{
	lunatik_object_t **pobject = lunatik_newpobject(L, class);
	lunatik_object_t *object;

	object = lunatik_newobject(class, size, lunatik_toruntime(L)->context,
				   lunatik_gfp(L) | __GFP_NOWARN);
	if (!object)
		luaL_error(L, "%s: out of memory", class->name);
	*pobject = object;
	return object;
}
EXPORT_SYMBOL_GPL(lunatik_pushobject);

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
 * Raises a Lua error if the argument is not a live object of @class, or
 * if the running entry may not use objects of @class (a process runtime's
 * callback entered from atomic context, for a class that may sleep).
 *
 * Return: the object.
 */
lunatik_object_t *lunatik_checkobject(lua_State *L, int index,
				      const struct lunatik_class *class)
{
	lunatik_object_t **pobject = lunatik_checkpobject(L, index, class);

	luaL_argcheck(L, *pobject, index, "object already released");
	lunatik_checkcontext(L, lunatik_toruntime(L), class->contexts, class->name);
	return *pobject;
}
EXPORT_SYMBOL_GPL(lunatik_checkobject);
