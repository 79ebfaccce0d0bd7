// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * A character device whose reads a Lua script answers: the example of
 * Lunatik's C API. /dev/mydevice returns what the script's myread(len,
 * off) returns (/lib/modules/lua/mydevice.lua, where the C API's
 * example in the README puts it).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/lunatik.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/uaccess.h>

#include <linux/lua/lauxlib.h>

static lunatik_object_t *runtime;

static ssize_t l_read(lua_State *L, char __user *buf, size_t len, loff_t *off)
{
	size_t llen;
	const char *lbuf;

	lua_getglobal(L, "myread");
	lua_pushinteger(L, len);
	lua_pushinteger(L, *off);
	if (lua_pcall(L, 2, 2, 0) != LUA_OK) {	/* calls myread(len, off) */
		pr_err("%s\n", lua_tostring(L, -1));
		return -ECANCELED;
	}

	lbuf = lua_tolstring(L, -2, &llen);
	llen = min(len, llen);
	if (copy_to_user(buf, lbuf, llen) != 0)
		return -EFAULT;

	*off = (loff_t)luaL_optinteger(L, -1, *off + llen);
	return (ssize_t)llen;
}

static ssize_t mydevice_read(struct file *f, char __user *buf, size_t len,
			     loff_t *off)
{
	ssize_t ret;

	lunatik_run(runtime, l_read, ret, buf, len, off);
	return ret;
}

static const struct file_operations mydevice_fops = {
	.owner = THIS_MODULE,
	.read = mydevice_read,
};

static struct miscdevice mydevice = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "mydevice",
	.fops = &mydevice_fops,
	.mode = 0444,
};

static int __init mydevice_init(void)
{
	int ret = lunatik_runtime(&runtime, "mydevice", true);

	if (ret)
		return ret;
	ret = misc_register(&mydevice);
	if (ret)
		lunatik_stop(runtime);
	return ret;
}

static void __exit mydevice_exit(void)
{
	misc_deregister(&mydevice);
	lunatik_stop(runtime);
}

module_init(mydevice_init);
module_exit(mydevice_exit);

MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("A character device answered by a Lua script");
