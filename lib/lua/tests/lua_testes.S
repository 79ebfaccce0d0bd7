/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The adapted Lua test files as read-only data: for each name,
 * lua_teste_<name>_start and lua_teste_<name>_end. The assembler finds the
 * files through -I (see the Makefile).
 */
#include <linux/stringify.h>

#define LUA_TESTE(name)					\
	.section .rodata, "a";				\
	.balign 8;					\
	.global lua_teste_##name##_start;		\
lua_teste_##name##_start:				\
	.incbin __stringify(name.lua);			\
	.global lua_teste_##name##_end;			\
lua_teste_##name##_end:					\
	.previous;

#include "lua_testes.h"
