// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Reading Lua source files in the kernel.
 *
 * luaL_loadfilex() (behind loadfile, dofile and require) reads the whole
 * file with kernel_read_file(), so that IMA and LoadPin see every script
 * the kernel runs. Files are read only where sleeping is allowed;
 * elsewhere loading a file is a Lua error.
 *
 * Only regular files are opened: the path is looked up first, and
 * anything else (a device, a FIFO, a socket) is refused before its open
 * runs. Opening a device could enter the Lua state that is loading (a
 * device of the same script) and wait for it forever; a FIFO could block
 * forever.
 */
#include <linux/cred.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/kernel_read_file.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/preempt.h>
#include <linux/irqflags.h>
#include <linux/vmalloc.h>

#include <stdio.h>		/* lua_fopen(), lua_fclose() */
#include "lua.h"
#include "lauxlib.h"

/* no script needs more, and a bigger one is more likely a mistake */
#define LUA_FILE_MAX	(4 * 1024 * 1024)

static bool lua_file_can_sleep(void)
{
	return !in_interrupt() && !irqs_disabled();
}

/*
 * Whether the state may sleep: with the quota allocator, the flags it
 * allocates with say so (a runtime entered from atomic context allocates
 * with GFP_ATOMIC, even where the code that runs it could sleep).
 */
static bool lua_state_can_sleep(lua_State *L)
{
	void *ud;

	if (lua_getallocf(L, &ud) != lua_quota_alloc)
		return lua_file_can_sleep();
	return lua_file_can_sleep() &&
	       gfpflags_allow_blocking(((struct lua_quota *)ud)->gfp);
}

static const char *lua_file_strerror(int err)
{
	switch (err) {
	case -ENOENT:
		return "No such file or directory";
	case -EACCES:
	case -EPERM:
		return "Permission denied";
	case -EISDIR:
		return "Is a directory";
	case -EFBIG:
		return "File too large";
	case -EINVAL:
		return "Not a regular file";
	case -ENOMEM:
		return "Out of memory";
	default:
		return NULL;
	}
}

static int lua_file_error(lua_State *L, const char *filename, int err)
{
	const char *msg = lua_file_strerror(err);

	if (msg)
		lua_pushfstring(L, "cannot open %s: %s", filename, msg);
	else
		lua_pushfstring(L, "cannot open %s: error %d", filename, -err);
	return LUA_ERRFILE;
}

/* opens a regular file for reading, refusing anything else unopened */
static struct file *lua_file_open(const char *filename)
{
	struct path path;
	struct file *f;
	int err;

	err = kern_path(filename, LOOKUP_FOLLOW, &path);
	if (err)
		return ERR_PTR(err);
	if (d_is_dir(path.dentry))
		err = -EISDIR;
	else if (!d_is_reg(path.dentry))
		err = -EINVAL;
	else	/* as filp_open() checks */
		err = path_permission(&path, MAY_READ);
	f = err ? ERR_PTR(err) : dentry_open(&path, O_RDONLY | O_LARGEFILE,
					     current_cred());
	path_put(&path);
	return f;
}

/*
 * A first line that starts with '#' (a "#!" line) is not Lua: turn it into
 * blanks, keeping its newline so that line numbers stay right.
 */
static void lua_file_skipcomment(char *buf, size_t size)
{
	size_t i;

	if (size == 0 || buf[0] != '#')
		return;
	for (i = 0; i < size && buf[i] != '\n'; i++)
		buf[i] = ' ';
}

/**
 * luaL_loadfilex() - load a Lua source file as a chunk
 * @L: the Lua state
 * @filename: path of the file; NULL (standard input) is refused
 * @mode: "t", "b" or "bt"; binary chunks are refused whatever the mode
 *
 * Reads @filename, a regular file, with kernel_read_file() and loads it with
 * luaL_loadbufferx(), naming the chunk "@<filename>". Must be called where
 * sleeping is allowed.
 *
 * Return: LUA_OK with the chunk on the stack, or an error code (LUA_ERRFILE,
 * LUA_ERRSYNTAX, LUA_ERRMEM) with the error message on the stack.
 */
int luaL_loadfilex(lua_State *L, const char *filename, const char *mode)
{
	struct file *file;
	void *buf = NULL;
	size_t size = 0;
	ssize_t n;
	int status;

	if (!filename) {
		lua_pushliteral(L, "cannot read standard input in the kernel");
		return LUA_ERRFILE;
	}
	if (!lua_state_can_sleep(L)) {
		lua_pushfstring(L, "cannot open %s: files are read only in process context",
				filename);
		return LUA_ERRFILE;
	}

	/* may raise a memory error: before there is a buffer to leak */
	lua_pushfstring(L, "@%s", filename);

	file = lua_file_open(filename);
	if (IS_ERR(file)) {
		lua_pop(L, 1);
		return lua_file_error(L, filename, PTR_ERR(file));
	}
	n = kernel_read_file(file, 0, &buf, LUA_FILE_MAX, &size, READING_UNKNOWN);
	fput(file);
	if (n < 0) {
		lua_pop(L, 1);
		return lua_file_error(L, filename, (int)n);
	}

	lua_file_skipcomment(buf, n);
	status = luaL_loadbufferx(L, buf, n, lua_tostring(L, -1), mode);
	vfree(buf);
	lua_remove(L, -2);
	return status;
}

/* package.searchpath() asks whether a file can be opened for reading */
struct file *lua_fopen(const char *path, const char *mode)
{
	struct file *f;

	if (!lua_file_can_sleep())
		return NULL;
	f = lua_file_open(path);
	return IS_ERR(f) ? NULL : f;
}

int lua_fclose(struct file *f)
{
	return filp_close(f, NULL);
}
