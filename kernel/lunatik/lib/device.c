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
 * device of the "lunatik" class, whose node devtmpfs makes. It is a hook
 * (see <linux/lunatik.h>): its file operations call the driver's
 * functions in the runtime that created it, which may be of any kind.
 * The data a read or write passes crosses to and from user space in a
 * kernel buffer, outside the runtime.
 *
 * Lifetimes: the memory of a device lives as long as its struct device,
 * which its cdev (so each open file) and its Lua object hold. The device
 * stops - its node goes and its file operations fail with -ENXIO - on
 * dev:stop() or when the Lua state of its runtime closes, whatever other
 * runtimes hold its object.
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
/* bytes a read or write passes at once: a longer one is short */
#define LUADEVICE_IO_MAX	SZ_64K

/**
 * struct luadevice - a character device driven by Lua
 * @hook: the hook calling the driver
 * @dev: its device, which holds the memory
 * @cdev: its cdev
 * @mode: the mode of its node
 */
struct luadevice {
	struct lunatik_hook hook;
	struct device dev;
	struct cdev cdev;
	umode_t mode;
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
	kfree(luadev);
}

/* the hook's unregister function: removes the node */
static void luadevice_unregister(struct lunatik_hook *hook)
{
	struct luadevice *luadev = container_of(hook, struct luadevice, hook);

	cdev_device_del(&luadev->cdev, &luadev->dev);
}

/*
 * File operations: each runs a function in the runtime through the hook,
 * with the driver on the stack; the data crosses user space outside.
 */
struct luadevice_io {
	const char *op;
	char *buf;
	size_t length;
	loff_t offset;
};

/* pushes the driver's function for op under the driver */
static bool luadevice_callback(lua_State *L, struct luadevice_io *io)
{
	if (lua_getfield(L, -1, io->op) != LUA_TFUNCTION)
		return false;	/* -ENXIO, for an operation it does not define */
	lua_insert(L, -2);
	return true;
}

/* the integer a read or write callback returned at index, or def */
static lua_Integer luadevice_checkresult(lua_State *L, int index,
					 struct luadevice_io *io,
					 lua_Integer def, const char *what)
{
	lua_Integer value;

	if (lua_isnil(L, index))
		return def;
	value = lua_tointeger(L, index);
	if (!lua_isinteger(L, index) || value < 0)
		luaL_error(L, "%s returned a bad %s (a non-negative integer expected)",
			   io->op, what);
	return value;
}

/* driver:open() and driver:release() */
static int luadevice_doopen(lua_State *L, void *arg)
{
	if (!luadevice_callback(L, arg))
		return -ENXIO;
	lua_call(L, 1, 0);
	return 0;
}

/* driver:read(length, offset): a string [, the new offset] */
static int luadevice_doread(lua_State *L, void *arg)
{
	struct luadevice_io *io = arg;
	const char *data;
	size_t n;

	if (!luadevice_callback(L, io))
		return -ENXIO;
	lua_pushinteger(L, io->length);
	lua_pushinteger(L, io->offset);
	lua_call(L, 3, 2);
	data = lua_tolstring(L, -2, &n);
	if (!data)
		return luaL_error(L, "read returned %s, not a string", luaL_typename(L, -2));
	n = min(n, io->length);
	io->offset = luadevice_checkresult(L, -1, io, io->offset + n, "offset");
	memcpy(io->buf, data, n);
	return n;
}

/* driver:write(data, offset): [the length written [, the new offset]] */
static int luadevice_dowrite(lua_State *L, void *arg)
{
	struct luadevice_io *io = arg;
	lua_Integer written;

	if (!luadevice_callback(L, io))
		return -ENXIO;
	lua_pushlstring(L, io->buf, io->length);
	lua_pushinteger(L, io->offset);
	lua_call(L, 3, 2);
	written = luadevice_checkresult(L, -2, io, io->length, "length");
	written = min_t(lua_Integer, written, io->length);
	io->offset = luadevice_checkresult(L, -1, io, io->offset + written, "offset");
	return written;
}

static struct luadevice *luadevice_of(struct file *file)
{
	return container_of(file_inode(file)->i_cdev, struct luadevice, cdev);
}

static int luadevice_open(struct inode *inode, struct file *file)
{
	struct luadevice_io io = { .op = "open" };

	return lunatik_hookcall(&luadevice_of(file)->hook, io.op, luadevice_doopen,
				&io, 0);
}

static int luadevice_release(struct inode *inode, struct file *file)
{
	struct luadevice_io io = { .op = "release" };

	lunatik_hookcall(&luadevice_of(file)->hook, io.op, luadevice_doopen, &io, 0);
	return 0;
}

static ssize_t luadevice_read(struct file *file, char __user *buf, size_t length,
			      loff_t *offset)
{
	struct luadevice_io io = {
		.op = "read", .offset = *offset,
		.length = min_t(size_t, length, LUADEVICE_IO_MAX),
	};
	ssize_t ret;

	io.buf = kvmalloc(io.length, GFP_KERNEL);
	if (!io.buf)
		return -ENOMEM;
	ret = lunatik_hookcall(&luadevice_of(file)->hook, io.op, luadevice_doread,
			       &io, 0);
	if (ret >= 0) {
		if (copy_to_user(buf, io.buf, ret))
			ret = -EFAULT;
		else
			*offset = io.offset;
	}
	kvfree(io.buf);
	return ret;
}

static ssize_t luadevice_write(struct file *file, const char __user *buf,
			       size_t length, loff_t *offset)
{
	struct luadevice_io io = {
		.op = "write", .offset = *offset,
		.length = min_t(size_t, length, LUADEVICE_IO_MAX),
	};
	ssize_t ret;

	io.buf = vmemdup_user(buf, io.length);
	if (IS_ERR(io.buf))
		return PTR_ERR(io.buf);
	ret = lunatik_hookcall(&luadevice_of(file)->hook, io.op, luadevice_dowrite,
			       &io, 0);
	if (ret >= 0)
		*offset = io.offset;
	kvfree(io.buf);
	return ret;
}

static const struct file_operations luadevice_fops = {
	.owner = THIS_MODULE,
	.open = luadevice_open,
	.release = luadevice_release,
	.read = luadevice_read,
	.write = luadevice_write,
	.llseek = default_llseek,
};

/* the last reference to the object: the device may go */
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
	.contexts = LUNATIK_IN_ANY,
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
	mutex_unlock(&luadevice_names);
	return ret;
}

/* device.new(driver) */
static int luadevice_new(lua_State *L)
{
	lunatik_object_t *object;
	struct luadevice *luadev;
	lua_Integer mode;
	const char *name;
	size_t len;
	int minor, ret;

	lunatik_checksleep(L, "device.new");
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

	object = lunatik_pushobject(L, &luadevice_objclass, 0);
	object->private = NULL;	/* until there is a device to put */
	luadev = kzalloc(sizeof(*luadev), GFP_KERNEL);
	if (!luadev)
		return luaL_error(L, "device.new: out of memory");
	luadev->mode = mode;
	device_initialize(&luadev->dev);
	luadev->dev.class = &luadevice_class;
	luadev->dev.release = luadevice_devrelease;
	object->private = luadev;	/* its release puts the device */
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

	luadev->hook.name = dev_name(&luadev->dev);
	lunatik_newhook(L, &luadev->hook, object, 1, LUNATIK_CONTEXT_PROCESS,
			luadevice_unregister);
	ret = luadevice_add(luadev);
	if (ret) {
		lunatik_stophook(L, &luadev->hook);
		return ret == -EEXIST ? luaL_error(L, "device.new: %s exists", name) :
			luaL_error(L, "device.new: cannot add %s (%d)", name, ret);
	}
	lunatik_hookregistered(&luadev->hook);
	lua_pushvalue(L, 4);
	return 1;
}

/* device.stop(dev), dev:stop() */
static int luadevice_lstop(lua_State *L)
{
	lunatik_object_t *object = lunatik_checkobject(L, 1, &luadevice_objclass);
	struct luadevice *luadev = object->private;

	lunatik_stophook(L, &luadev->hook);
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

DEFINE_LUNATIK_MODULE(device, luadevice_lib, LUNATIK_IN_ANY);

static int __init luadevice_init(void)
{
	int ret;

	ret = alloc_chrdev_region(&luadevice_devt, 0, LUADEVICE_MINORS, "lunatik");
	if (ret)
		return ret;
	ret = class_register(&luadevice_class);
	if (ret)
		goto unregion;
	ret = lunatik_register(&lunatik_module_device);
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
	lunatik_unregister(&lunatik_module_device);
	class_unregister(&luadevice_class);
	unregister_chrdev_region(luadevice_devt, LUADEVICE_MINORS);
}

module_init(luadevice_init);
module_exit(luadevice_exit);

MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("Lunatik: the device Lua module, character devices in Lua");
