// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The registry of Lua modules: bindings register a name and an open
 * function; require() in a script finds them there. A binding built as a
 * kernel module is loaded on demand through its alias "lunatik-<name>",
 * and stays loaded while a runtime that required it lives.
 *
 * Writers take lunatik_registry_lock; require() reads the list under RCU,
 * so that it works in any runtime context.
 */
#include <linux/export.h>
#include <linux/kmod.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <linux/lua/lauxlib.h>
#include <linux/lua/lualib.h>

#include "internal.h"

#define LUNATIK_MODNAME_MAX	32

static LIST_HEAD(lunatik_registry);
static DEFINE_MUTEX(lunatik_registry_lock);

/* a reference a runtime holds on the kernel module of a Lua module */
struct lunatik_moduleref {
	struct list_head list;
	struct module *owner;
};

/*
 * A Lua module name, which "lunatik-<name>" makes a module alias of:
 * lower-case ASCII letters, digits and '_', in parts separated by single
 * dots. The ranges are spelt out, as the kernel's islower() takes the
 * Latin-1 letters too; @len is the string's, so that a NUL byte is
 * refused.
 */
static bool lunatik_validmodname(const char *name, size_t len)
{
	size_t i;

	if (len == 0 || len > LUNATIK_MODNAME_MAX)
		return false;
	for (i = 0; i < len; i++) {
		char c = name[i];

		/* a dot separates parts, none of them empty: "socket.inet" */
		if (c == '.' && i > 0 && i < len - 1 && name[i - 1] != '.')
			continue;
		if ((c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_')
			return false;
	}
	return true;
}

static struct lunatik_module *lunatik_findmodule(const char *name)
{
	struct lunatik_module *module;

	list_for_each_entry_rcu(module, &lunatik_registry, list,
				lockdep_is_held(&lunatik_registry_lock))
		if (!strcmp(module->name, name))
			return module;
	return NULL;
}

/**
 * lunatik_register() - add a Lua module to the registry
 * @module: the module, which must stay valid until lunatik_unregister()
 *
 * Return: 0; -EINVAL for a bad name or no open function; -EEXIST if a
 * module of that name is registered.
 */
int lunatik_register(struct lunatik_module *module)
{
	int ret = 0;

	if (!lunatik_validmodname(module->name,
				  strnlen(module->name, LUNATIK_MODNAME_MAX + 1)) ||
	    !module->open)
		return -EINVAL;
	mutex_lock(&lunatik_registry_lock);
	if (lunatik_findmodule(module->name))
		ret = -EEXIST;
	else
		list_add_tail_rcu(&module->list, &lunatik_registry);
	mutex_unlock(&lunatik_registry_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(lunatik_register);

/**
 * lunatik_unregister() - remove a Lua module from the registry
 * @module: a module added by lunatik_register()
 *
 * Later require() calls no longer find it; runtimes that required it keep
 * what they got. Must be called where sleeping is allowed.
 */
void lunatik_unregister(struct lunatik_module *module)
{
	mutex_lock(&lunatik_registry_lock);
	list_del_rcu(&module->list);
	mutex_unlock(&lunatik_registry_lock);
	synchronize_rcu();
}
EXPORT_SYMBOL_GPL(lunatik_unregister);

/**
 * lunatik_holdmodule() - keep a module for as long as a runtime lives
 * @rt: the runtime
 * @owner: the module, with a reference the caller took
 *
 * Gives the runtime the caller's reference on @owner, unless it has one
 * already: what its Lua state keeps of a module (functions, metatables)
 * then stays valid until the state is closed.
 *
 * Return: 1 if the caller's reference was kept, 0 if the runtime had one,
 * -ENOMEM.
 */
int lunatik_holdmodule(struct lunatik_runtime *rt, struct module *owner)
{
	struct lunatik_moduleref *ref;

	list_for_each_entry(ref, &rt->modules, list)
		if (ref->owner == owner)
			return 0;
	ref = kmalloc(sizeof(*ref), rt->alloc.gfp | __GFP_NOWARN);
	if (!ref)
		return -ENOMEM;
	ref->owner = owner;
	list_add(&ref->list, &rt->modules);
	return 1;
}

/*
 * Finds a registered module, which the runtime then holds until it is
 * released. Raises a Lua error without memory.
 */
static lua_CFunction lunatik_getmodule(lua_State *L, const char *name,
				       unsigned int *contexts)
{
	struct lunatik_runtime *rt = lunatik_toruntime(L)->private;
	struct lunatik_module *module;
	lua_CFunction open = NULL;
	struct module *owner = NULL;
	int held;

	rcu_read_lock();
	module = lunatik_findmodule(name);
	if (module && try_module_get(module->owner)) {
		open = module->open;
		owner = module->owner;
		*contexts = module->contexts;
	}
	rcu_read_unlock();
	if (!open || !owner)
		return open;
	held = lunatik_holdmodule(rt, owner);
	if (held <= 0)
		module_put(owner);
	if (held < 0)
		luaL_error(L, "not enough memory");
	return open;
}

/*
 * package.searchers entry: the registry, loading "lunatik-<name>" when
 * the name is not registered and the runtime may sleep.
 */
static int lunatik_searcher(lua_State *L)
{
	lunatik_object_t *runtime = lunatik_toruntime(L);
	unsigned int contexts;
	lua_CFunction open;
	const char *name;
	size_t len;

	name = luaL_checklstring(L, 1, &len);
	if (!lunatik_validmodname(name, len)) {
		lua_pushfstring(L, "no Lunatik module '%s' (not a module name)",
				name);
		return 1;
	}
	open = lunatik_getmodule(L, name, &contexts);
	if (!open && lunatik_maysleep(runtime->private) &&
	    !request_module("lunatik-%s", name))
		open = lunatik_getmodule(L, name, &contexts);
	if (!open) {
		lua_pushfstring(L, "no Lunatik module '%s'", name);
		return 1;
	}
	lunatik_checkcontext(L, runtime, contexts, name);
	lua_pushcfunction(L, open);
	lua_pushliteral(L, "Lunatik registry");
	return 2;
}

/**
 * lunatik_setconsts() - add a table of constants to a module's table
 * @L: the Lua state, with the module's table on the top of the stack
 * @field: the field of the new table
 * @consts: its constants, ending with { NULL, 0 }
 *
 * Raises a Lua error without memory.
 */
void lunatik_setconsts(lua_State *L, const char *field,
		       const struct lunatik_const *consts)
{
	lua_newtable(L);
	for (; consts->name; consts++) {
		lua_pushinteger(L, consts->value);
		lua_setfield(L, -2, consts->name);
	}
	lua_setfield(L, -2, field);
}
EXPORT_SYMBOL_GPL(lunatik_setconsts);

/**
 * lunatik_openregistry() - let require() find registered modules
 * @L: the Lua state of a runtime, with package loaded
 *
 * Puts the registry's searcher second in package.searchers, after the
 * preloaded modules and before Lua files.
 */
void lunatik_openregistry(lua_State *L)
{
	int n;

	lua_getglobal(L, LUA_LOADLIBNAME);
	lua_getfield(L, -1, "searchers");
	for (n = (int)luaL_len(L, -1); n >= 2; n--) {
		lua_rawgeti(L, -1, n);
		lua_rawseti(L, -2, n + 1);
	}
	lua_pushcfunction(L, lunatik_searcher);
	lua_rawseti(L, -2, 2);
	lua_pop(L, 2);
}

/**
 * lunatik_putmodules() - drop the references a runtime holds on modules
 * @rt: a runtime whose Lua state is closed
 */
void lunatik_putmodules(struct lunatik_runtime *rt)
{
	struct lunatik_moduleref *ref, *next;

	list_for_each_entry_safe(ref, next, &rt->modules, list) {
		module_put(ref->owner);
		kfree(ref);
	}
	INIT_LIST_HEAD(&rt->modules);
}
