/* SPDX-License-Identifier: MIT */
/*
 * <ctype.h> for Lua in the kernel: the "C" locale, ASCII only. The kernel's
 * own <linux/ctype.h> classifies Latin-1 letters too, which would change the
 * meaning of Lua patterns such as %a on UTF-8 text.
 */
#ifndef _LUA_CTYPE_H
#define _LUA_CTYPE_H

static inline int lua_c_isupper(int c)
{
	return c >= 'A' && c <= 'Z';
}

static inline int lua_c_islower(int c)
{
	return c >= 'a' && c <= 'z';
}

static inline int lua_c_isdigit(int c)
{
	return c >= '0' && c <= '9';
}

static inline int lua_c_isalpha(int c)
{
	return lua_c_isupper(c) || lua_c_islower(c);
}

static inline int lua_c_isalnum(int c)
{
	return lua_c_isalpha(c) || lua_c_isdigit(c);
}

static inline int lua_c_isxdigit(int c)
{
	return lua_c_isdigit(c) || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

static inline int lua_c_isspace(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static inline int lua_c_iscntrl(int c)
{
	return (c >= 0 && c < 32) || c == 127;
}

static inline int lua_c_isgraph(int c)
{
	return c > 32 && c < 127;
}

static inline int lua_c_isprint(int c)
{
	return c >= 32 && c < 127;
}

static inline int lua_c_ispunct(int c)
{
	return lua_c_isgraph(c) && !lua_c_isalnum(c);
}

static inline int lua_c_tolower(int c)
{
	return lua_c_isupper(c) ? c - 'A' + 'a' : c;
}

static inline int lua_c_toupper(int c)
{
	return lua_c_islower(c) ? c - 'a' + 'A' : c;
}

#define isupper		lua_c_isupper
#define islower		lua_c_islower
#define isdigit		lua_c_isdigit
#define isalpha		lua_c_isalpha
#define isalnum		lua_c_isalnum
#define isxdigit	lua_c_isxdigit
#define isspace		lua_c_isspace
#define iscntrl		lua_c_iscntrl
#define isgraph		lua_c_isgraph
#define isprint		lua_c_isprint
#define ispunct		lua_c_ispunct
#define tolower		lua_c_tolower
#define toupper		lua_c_toupper

#endif
