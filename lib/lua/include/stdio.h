/* SPDX-License-Identifier: MIT */
/*
 * <stdio.h> for Lua in the kernel: formatting, and just enough of FILE for
 * package.searchpath() to test whether a file can be opened. Scripts are
 * read by luaL_loadfilex() in lua_file.c.
 */
#ifndef _LUA_STDIO_H
#define _LUA_STDIO_H

#include <linux/sprintf.h>

#define EOF	(-1)

typedef struct file FILE;

FILE *lua_fopen(const char *path, const char *mode);
int lua_fclose(FILE *f);

#define fopen	lua_fopen
#define fclose	lua_fclose

#endif
