// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The "device" Lua module: character device drivers written in Lua.
 *
 *	local device = require("device")
 *	local driver = {name = "hello", open = nop, release = nop}
 *	function driver:read(length, offset) return "hello\n" end
 *	local dev = device.new(driver)		-- /dev/hello
 *	dev:stop()
 *
 * Each device is a cdev with a minor of the "lunatik" char major and a
 * device of the "lunatik" class, whose node devtmpfs makes. Its file
 * operations call the driver's functions in the runtime that created it,
 * under the runtime's lock: process runtimes only.
 *
 * Lifetimes: the memory of a device lives as long as its struct device,
 * which its cdev (so each open file) and its Lua objects hold. The device
 * stops - its node goes and its file operations fail with -ENXIO - on
 * dev:stop() or when the Lua state of its runtime closes, whatever other
 * runtimes hold its object. An open file holds a reference to the runtime,
 * taken when it is opened if the device has not stopped.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/hex.h>
#include <linux/idr.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <linux/lunatik.h>

#define LUADEVICE_MINORS	256
#define LUADEVICE_NAME_MAX	63
/* bytes a write passes to Lua at once: a longer write is a short write */
#define LUADEVICE_WRITE_MAX	SZ_64K

/**
 * struct luadevice - a character device driven by Lua
 * @dev: its device, which holds the memory
 * @cdev: its cdev
 * @runtime: the runtime whose driver it calls; valid while not @stopped
 * @mode: the mode of its node
 * @lock: guards @stopped
 * @stopped: the device was removed, or never added
 */
struct luadevice {
	struct device dev;
	struct cdev cdev;
	lunatik_object_t *runtime;
	umode_t mode;
	struct mutex lock;	/* guards stopped */
	bool stopped;
};

static dev_t luadevice_devt;
static DEFINE_IDA(luadevice_minors);
/* serialises the check that a name is free with adding the device */
static DEFINE_MUTEX(luadevice_names);

static char *luadevice_devnode(const struct device *dev, umode_t *mode)
{
	const struct luadevice *luadev = container_of(dev, struct luadevice, dev);

	/* 0 leaves devtmpfs its default, 0600 */
	if (mode && luadev->mode)
		*mode = luadev->mode;
	return NULL;
}

static const struct class luadevice_class = {
	.name = "lunatik",
	.devnode = luadevice_devnode,
};

static void luadevice_devrelease(struct device *dev)
{
	struct luadevice *luadev = container_of(dev, struct luadevice, dev);

	if (MAJOR(dev->devt))
		ida_free(&luadevice_minors, MINOR(dev->devt));
	mutex_destroy(&luadev->lock);
	kfree(luadev);
}

/* removes the device if it was added; where sleeping is allowed */
static void luadevice_stop(struct luadevice *luadev)
{
	bool added;

	mutex_lock(&luadev->lock);
	added = !luadev->stopped;
	WRITE_ONCE(luadev->stopped, true);
	mutex_unlock(&luadev->lock);
	if (added)
		cdev_device_del(&luadev->cdev, &luadev->dev);
}

/*
 * File operations. Each runs a handler in the runtime, in protected mode,
 * with the runtime locked; the handler finds the driver in the runtime's
 * registry, where device.new() left it: registry[luadev] = {driver, guard}.
 */
struct luadevice_call {
	struct luadevice *luadev;
	const char *op;
	union {
		char __user *to;
		const char __user *from;
	};
	size_t length;
	loff_t *offset;
	ssize_t ret;
};

/* pushes the driver's function for op and the driver, or sets call->ret */
static bool luadevice_callback(lua_State *L, struct luadevice_call *call)
{
	call->ret = -ENXIO;
	if (READ_ONCE(call->luadev->stopped) ||
	    lua_rawgetp(L, LUA_REGISTRYINDEX, call->luadev) != LUA_TTABLE)
		return false;
	lua_rawgeti(L, -1, 1);
	if (lua_getfield(L, -1, call->op) != LUA_TFUNCTION)
		return false;	/* -ENXIO, for an operation it does not define */
	lua_insert(L, -2);
	call->ret = 0;
	return true;
}

/* the integer a read or write callback returned at index, or def */
static lua_Integer luadevice_checkresult(lua_State *L, int index,
					 struct luadevice_call *call,
					 lua_Integer def, const char *what)
{
	lua_Integer value;

	if (lua_isnil(L, index))
		return def;
	value = lua_tointeger(L, index);
	if (!lua_isinteger(L, index) || value < 0)
		luaL_error(L, "%s returned a bad %s (a non-negative integer expected)",
			   call->op, what);
	return value;
}

/* driver:open() and driver:release() */
static int luadevice_doopen(lua_State *L)
{
	struct luadevice_call *call = lua_touserdata(L, 1);

	if (luadevice_callback(L, call))
		lua_call(L, 1, 0);
	return 0;
}

/* driver:read(length, offset): a string [, the new offset] */
static int luadevice_doread(lua_State *L)
{
	struct luadevice_call *call = lua_touserdata(L, 1);
	const char *data;
	loff_t offset;
	size_t n;

	if (!luadevice_callback(L, call))
		return 0;
	lua_pushinteger(L, call->length);
	lua_pushinteger(L, *call->offset);
	lua_call(L, 3, 2);
	data = lua_tolstring(L, -2, &n);
	if (!data)
		return luaL_error(L, "read returned %s, not a string", luaL_typename(L, -2));
	n = min(n, call->length);
	offset = luadevice_checkresult(L, -1, call, *call->offset + n, "offset");
	if (copy_to_user(call->to, data, n)) {
		call->ret = -EFAULT;
		return 0;
	}
	*call->offset = offset;
	call->ret = n;
	return 0;
}

/* driver:write(data, offset): [the length written [, the new offset]] */
static int luadevice_dowrite(lua_State *L)
{
	struct luadevice_call *call = lua_touserdata(L, 1);
	lua_Integer written;
	luaL_Buffer b;
	char *data;

	if (!luadevice_callback(L, call))
		return 0;
	data = luaL_buffinitsize(L, &b, call->length);
	if (copy_from_user(data, call->from, call->length)) {
		call->ret = -EFAULT;
		return 0;
	}
	luaL_pushresultsize(&b, call->length);
	lua_pushinteger(L, *call->offset);
	lua_call(L, 3, 2);
	written = luadevice_checkresult(L, -2, call, call->length, "length");
	written = min_t(lua_Integer, written, call->length);
	*call->offset = luadevice_checkresult(L, -1, call, *call->offset + written,
					      "offset");
	call->ret = written;
	return 0;
}

static ssize_t luadevice_handle(lua_State *L, lua_CFunction handler,
				struct luadevice_call *call)
{
	lua_pushcfunction(L, handler);
	lua_pushlightuserdata(L, call);
	if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
		pr_err_ratelimited("%s: %s: %s\n", dev_name(&call->luadev->dev),
				   call->op, lua_tostring(L, -1));
		return -EIO;
	}
	return call->ret;
}

static ssize_t luadevice_call(struct file *file, lua_CFunction handler,
			      struct luadevice_call *call)
{
	lunatik_object_t *runtime = file->private_data;
	ssize_t ret;

	call->luadev = container_of(file_inode(file)->i_cdev, struct luadevice, cdev);
	lunatik_run(runtime, luadevice_handle, ret, handler, call);
	return ret;
}

static int luadevice_open(struct inode *inode, struct file *file)
{
	struct luadevice *luadev = container_of(inode->i_cdev, struct luadevice, cdev);
	struct luadevice_call call = { .op = "open" };
	lunatik_object_t *runtime;
	int ret = 0;

	/* the runtime stays while the file is open */
	mutex_lock(&luadev->lock);
	runtime = luadev->runtime;
	if (luadev->stopped || !lunatik_trygetobject(runtime))
		ret = -ENXIO;
	mutex_unlock(&luadev->lock);
	if (ret)
		return ret;
	file->private_data = runtime;
	ret = luadevice_call(file, luadevice_doopen, &call);
	if (ret)
		lunatik_putobject(runtime);
	return ret;
}

static int luadevice_release(struct inode *inode, struct file *file)
{
	struct luadevice_call call = { .op = "release" };
	lunatik_object_t *runtime = file->private_data;

	luadevice_call(file, luadevice_doopen, &call);
	lunatik_putobject(runtime);
	return 0;
}

static ssize_t luadevice_read(struct file *file, char __user *buf, size_t length,
			      loff_t *offset)
{
	struct luadevice_call call = {
		.op = "read", .to = buf, .length = length, .offset = offset,
	};

	return luadevice_call(file, luadevice_doread, &call);
}

static ssize_t luadevice_write(struct file *file, const char __user *buf,
			       size_t length, loff_t *offset)
{
	struct luadevice_call call = {
		.op = "write", .from = buf, .offset = offset,
		.length = min_t(size_t, length, LUADEVICE_WRITE_MAX),
	};

	return luadevice_call(file, luadevice_dowrite, &call);
}

static const struct file_operations luadevice_fops = {
	.owner = THIS_MODULE,
	.open = luadevice_open,
	.release = luadevice_release,
	.read = luadevice_read,
	.write = luadevice_write,
	.llseek = default_llseek,
};

/*
 * The guard: a userdata in the registry of the device's runtime, next to
 * its driver, holding a reference to the device. It stops the device when
 * it is collected: on dev:stop(), or when the runtime's state closes.
 */
#define LUADEVICE_GUARD	"device.guard"

static int luadevice_guardgc(lua_State *L)
{
	struct luadevice **pluadev = luaL_checkudata(L, 1, LUADEVICE_GUARD);

	if (*pluadev) {
		luadevice_stop(*pluadev);
		put_device(&(*pluadev)->dev);
		*pluadev = NULL;
	}
	return 0;
}

static void luadevice_objrelease(void *private)
{
	struct luadevice *luadev = private;

	if (luadev)
		put_device(&luadev->dev);
}

static const luaL_Reg luadevice_methods[];

static const struct lunatik_class luadevice_objclass = {
	.name = "device",
	.methods = luadevice_methods,
	.release = luadevice_objrelease,
	.contexts = LUNATIK_IN_PROCESS,
	.owner = THIS_MODULE,
};

/*
 * A name for /dev: ASCII letters, digits, '_', '-' and '.', not first.
 * The ranges are spelt out, as the kernel's isalnum() takes the Latin-1
 * letters too; @len is Lua's, so that a NUL byte is refused.
 */
static bool luadevice_validchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

static bool luadevice_validname(const char *name, size_t len)
{
	size_t i;

	if (!len || len > LUADEVICE_NAME_MAX || name[0] == '.')
		return false;
	for (i = 0; i < len; i++)
		if (!luadevice_validchar(name[i]))
			return false;
	return true;
}

/*
 * Pushes a bad name as an error message may show it: its printable ASCII
 * characters, the other bytes as \xNN; a longer name than allowed is cut
 * one byte past the longest.
 */
static const char *luadevice_pushname(lua_State *L, const char *name, size_t len)
{
	luaL_Buffer b;
	size_t i;

	luaL_buffinit(L, &b);
	for (i = 0; i < min_t(size_t, len, LUADEVICE_NAME_MAX + 1); i++) {
		unsigned char c = name[i];

		if (c >= ' ' && c <= '~' && c != '\\' && c != '\'') {
			luaL_addchar(&b, c);
			continue;
		}
		luaL_addchar(&b, '\\');
		luaL_addchar(&b, 'x');
		luaL_addchar(&b, hex_asc_hi(c));
		luaL_addchar(&b, hex_asc_lo(c));
	}
	if (len > LUADEVICE_NAME_MAX + 1)
		luaL_addstring(&b, "...");
	luaL_pushresult(&b);
	return lua_tostring(L, -1);
}

/* adds the device, unless a device of ours has its name */
static int luadevice_add(struct luadevice *luadev)
{
	struct device *other;
	int ret;

	mutex_lock(&luadevice_names);
	other = class_find_device_by_name(&luadevice_class, dev_name(&luadev->dev));
	if (other) {
		put_device(other);
		ret = -EEXIST;
	} else {
		ret = cdev_device_add(&luadev->cdev, &luadev->dev);
	}
	if (!ret)
		luadev->stopped = false;
	mutex_unlock(&luadevice_names);
	return ret;
}

/* device.new(driver) */
static int luadevice_new(lua_State *L)
{
	lunatik_object_t **pobject, *object;
	struct luadevice **pluadev, *luadev;
	lua_Integer mode;
	const char *name;
	size_t len;
	int minor, ret;

	luaL_checktype(L, 1, LUA_TTABLE);
	if (lua_getfield(L, 1, "name") != LUA_TSTRING)
		return luaL_argerror(L, 1, "driver.name must be a string");
	name = lua_tolstring(L, -1, &len);
	if (!luadevice_validname(name, len))
		return luaL_argerror(L, 1, lua_pushfstring(L,
				     "bad driver.name '%s' (1 to %d letters, digits, '_', '-' or '.', not first)",
				     luadevice_pushname(L, name, len), LUADEVICE_NAME_MAX));
	lua_getfield(L, 1, "mode");
	mode = luaL_opt(L, lua_tointeger, -1, 0);
	if (!lua_isnoneornil(L, -1) && (!lua_isinteger(L, -1) || mode < 0 || mode > 0777))
		return luaL_argerror(L, 1, "driver.mode must be permission bits (0 to 0777)");

	pobject = lunatik_newpobject(L, &luadevice_objclass);
	pluadev = lua_newuserdatauv(L, sizeof(*pluadev), 0);
	*pluadev = NULL;
	if (luaL_newmetatable(L, LUADEVICE_GUARD)) {
		lua_pushcfunction(L, luadevice_guardgc);
		lua_setfield(L, -2, "__gc");
		lua_pushboolean(L, false);
		lua_setfield(L, -2, "__metatable");
	}
	lua_setmetatable(L, -2);

	luadev = kzalloc(sizeof(*luadev), GFP_KERNEL);
	if (!luadev)
		return luaL_error(L, "device.new: out of memory");
	mutex_init(&luadev->lock);
	luadev->stopped = true;
	luadev->mode = mode;
	luadev->runtime = lunatik_toruntime(L);
	device_initialize(&luadev->dev);
	luadev->dev.class = &luadevice_class;
	luadev->dev.release = luadevice_devrelease;
	*pluadev = luadev;	/* the guard puts the device from now on */
	ret = dev_set_name(&luadev->dev, "%s", name);
	if (ret)
		return luaL_error(L, "device.new: out of memory");
	minor = ida_alloc_max(&luadevice_minors, LUADEVICE_MINORS - 1, GFP_KERNEL);
	if (minor < 0)
		return luaL_error(L, "device.new: %s", minor == -ENOSPC ?
				  "too many devices" : "out of memory");
	luadev->dev.devt = MKDEV(MAJOR(luadevice_devt), minor);
	cdev_init(&luadev->cdev, &luadevice_fops);
	luadev->cdev.owner = THIS_MODULE;

	object = lunatik_newobject(&luadevice_objclass, 0, LUNATIK_CONTEXT_PROCESS,
				   GFP_KERNEL);
	if (!object)
		return luaL_error(L, "device.new: out of memory");
	get_device(&luadev->dev);
	object->private = luadev;
	*pobject = object;

	/* registry[luadev] = {driver, guard} */
	lua_createtable(L, 2, 0);
	lua_pushvalue(L, 1);
	lua_rawseti(L, -2, 1);
	lua_insert(L, -2);
	lua_rawseti(L, -2, 2);
	lua_rawsetp(L, LUA_REGISTRYINDEX, luadev);

	ret = luadevice_add(luadev);
	if (ret) {
		lua_pushnil(L);
		lua_rawsetp(L, LUA_REGISTRYINDEX, luadev);
		return ret == -EEXIST ? luaL_error(L, "device.new: %s exists", name) :
			luaL_error(L, "device.new: cannot add %s (%d)", name, ret);
	}
	return 1;
}

/* device.stop(dev), dev:stop() */
static int luadevice_lstop(lua_State *L)
{
	lunatik_object_t *object = lunatik_checkobject(L, 1, &luadevice_objclass);
	struct luadevice *luadev = object->private;

	luadevice_stop(luadev);
	/* in its own runtime, the driver and the guard can go now */
	if (luadev->runtime == lunatik_toruntime(L)) {
		lua_pushnil(L);
		lua_rawsetp(L, LUA_REGISTRYINDEX, luadev);
	}
	return 0;
}

static const luaL_Reg luadevice_methods[] = {
	{ "stop", luadevice_lstop },
	{ NULL, NULL }
};

static const luaL_Reg luadevice_lib[] = {
	{ "new", luadevice_new },
	{ "stop", luadevice_lstop },
	{ NULL, NULL }
};

static int luaopen_device(lua_State *L)
{
	luaL_newlib(L, luadevice_lib);
	return 1;
}

static struct lunatik_module luadevice_module = {
	.name = "device",
	.open = luaopen_device,
	.contexts = LUNATIK_IN_PROCESS,
	.owner = THIS_MODULE,
};

static int __init luadevice_init(void)
{
	int ret;

	ret = alloc_chrdev_region(&luadevice_devt, 0, LUADEVICE_MINORS, "lunatik");
	if (ret)
		return ret;
	ret = class_register(&luadevice_class);
	if (ret)
		goto unregion;
	ret = lunatik_register(&luadevice_module);
	if (ret)
		goto unclass;
	return 0;

unclass:
	class_unregister(&luadevice_class);
unregion:
	unregister_chrdev_region(luadevice_devt, LUADEVICE_MINORS);
	return ret;
}

static void __exit luadevice_exit(void)
{
	lunatik_unregister(&luadevice_module);
	class_unregister(&luadevice_class);
	unregister_chrdev_region(luadevice_devt, LUADEVICE_MINORS);
}

module_init(luadevice_init);
module_exit(luadevice_exit);

MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("Lunatik: the device Lua module, character devices in Lua");
MODULE_ALIAS("lunatik-device");
