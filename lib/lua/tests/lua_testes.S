/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The adapted Lua test files as read-only data, and lua_testes[], a table
 * of struct lua_teste (lua_kunit.h) ending at lua_testes_end. The
 * assembler finds the files through -I (see the Makefile).
 */
#include <linux/linkage.h>
#include <linux/stringify.h>

#define LUA_TESTE(name)						\
	.pushsection .rodata.str1.1, "aMS", @progbits, 1;	\
lua_teste_name_##name:						\
	.asciz __stringify(@name.lua);				\
	.popsection;						\
	.pushsection .rodata.lua_testes_text, "a";		\
lua_teste_start_##name:						\
	.incbin __stringify(name.lua);				\
lua_teste_end_##name:						\
	.popsection;						\
	.quad lua_teste_name_##name;				\
	.quad lua_teste_start_##name;				\
	.quad lua_teste_end_##name;

	.section .rodata, "a"
	.balign 8
SYM_DATA_START(lua_testes)
#include "lua_testes.h"
SYM_DATA_END_LABEL(lua_testes, SYM_L_GLOBAL, lua_testes_end)
