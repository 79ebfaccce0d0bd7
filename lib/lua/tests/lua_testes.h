/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The files of Lua's own test suite that run in the kernel, adapted to its
 * dialect (testes/, each file says how), for lua_testes.S to embed.
 */
LUA_TESTE(constructs)
LUA_TESTE(locals)
LUA_TESTE(goto)
LUA_TESTE(vararg)
LUA_TESTE(closure)
LUA_TESTE(nextvar)
LUA_TESTE(sort)
LUA_TESTE(strings)
LUA_TESTE(tpack)
LUA_TESTE(utf8)
LUA_TESTE(bitwise)
LUA_TESTE(coroutine)
LUA_TESTE(events)
LUA_TESTE(calls)
LUA_TESTE(errors)
