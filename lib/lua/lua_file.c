// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Reading Lua source files in the kernel.
 *
 * luaL_loadfilex() (behind loadfile, dofile and require) reads the whole
 * file with kernel_read_file_from_path(), so that IMA and LoadPin see
 * every script the kernel runs. Files are read only where sleeping is
 * allowed; elsewhere loading a file is a Lua error.
 */
#include <linux/fs.h>
#include <linux/kernel_read_file.h>
#include <linux/preempt.h>
#include <linux/irqflags.h>
#include <linux/vmalloc.h>

#include "lua.h"
#include "lauxlib.h"

/* no script needs more, and a bigger one is more likely a mistake */
#define LUA_FILE_MAX	(4 * 1024 * 1024)

static bool lua_file_can_sleep(void)
{
	return !in_interrupt() && !irqs_disabled();
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
 * Reads @filename with kernel_read_file_from_path() and loads it with
 * luaL_loadbufferx(), naming the chunk "@<filename>". Must be called where
 * sleeping is allowed.
 *
 * Return: LUA_OK with the chunk on the stack, or an error code (LUA_ERRFILE,
 * LUA_ERRSYNTAX, LUA_ERRMEM) with the error message on the stack.
 */
int luaL_loadfilex(lua_State *L, const char *filename, const char *mode)
{
	void *buf = NULL;
	size_t size = 0;
	ssize_t n;
	int status;

	if (!filename) {
		lua_pushliteral(L, "cannot read standard input in the kernel");
		return LUA_ERRFILE;
	}
	if (!lua_file_can_sleep()) {
		lua_pushfstring(L, "cannot open %s: files are read only in process context",
				filename);
		return LUA_ERRFILE;
	}

	/* may raise a memory error: before there is a buffer to leak */
	lua_pushfstring(L, "@%s", filename);

	n = kernel_read_file_from_path(filename, 0, &buf, LUA_FILE_MAX, &size,
				       READING_UNKNOWN);
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
	f = filp_open(path, O_RDONLY, 0);
	return IS_ERR(f) ? NULL : f;
}

int lua_fclose(struct file *f)
{
	return filp_close(f, NULL);
}
