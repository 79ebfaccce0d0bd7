// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * KUnit tests for the kernel dialect of Lua, case by case.
 *
 * Each case runs in a fresh Lua state (lua_kunit_state.c). The "dialect"
 * cases are Lua chunks: a chunk passes when it runs without error (its
 * asserts hold), or, when the case names an error, when it fails with a
 * message containing that text.
 */
#include <kunit/test.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/thread_info.h>

#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"

#include "lua_kunit.h"

struct lua_kunit_case {
	const char *name;
	const char *code;
	const char *error;	/* NULL: the chunk must succeed */
};

static const struct lua_kunit_case lua_kunit_dialect[] = {
	{ "version_is_kernel", "assert(_VERSION == 'Lua 5.4-kernel')" },
	{ "integer_overflow_wraps",
	  "assert(math.maxinteger + 1 == math.mininteger)\n"
	  "assert(math.mininteger - 1 == math.maxinteger)\n"
	  "assert(math.maxinteger * 2 == -2)\n"
	  "assert(-math.mininteger == math.mininteger)" },
	{ "floor_division_and_modulo_are_integer",
	  "assert(7 // 2 == 3 and -7 // 2 == -4 and 7 // -2 == -4)\n"
	  "assert(7 % 3 == 1 and -7 % 3 == 2 and 7 % -3 == -2)\n"
	  "assert(math.mininteger // -1 == math.mininteger)\n"
	  "assert(math.mininteger % -1 == 0)" },
	{ "integer_division_by_zero_is_an_error", "local z = 0; return 1 // z",
	  "attempt to divide by zero" },
	{ "integer_modulo_by_zero_is_an_error", "local z = 0; return 1 % z",
	  "attempt to perform 'n%0'" },
	{ "float_division_is_an_error", "local a = 4; return a / 2",
	  "float division" },
	{ "float_division_of_constants_is_an_error", "return 4 / 2",
	  "float division" },
	{ "exponentiation_is_an_error", "local a = 2; return a ^ 2",
	  "exponentiation" },
	{ "div_metamethod_is_refused",
	  "local t = setmetatable({}, {__div = function() return 1 end})\n"
	  "return t / 1", "float division" },
	{ "pow_metamethod_is_refused",
	  "local t = setmetatable({}, {__pow = function() return 1 end})\n"
	  "return t ^ 1", "exponentiation" },
	{ "string_arithmetic_is_integer",
	  "assert('10' + 1 == 11 and '3' * '4' == 12 and '7' // 2 == 3)" },
	{ "string_division_is_an_error", "return '10' / '2'", "float division" },
	{ "float_numerals_are_malformed",
	  "for _, s in ipairs{'1.5', '1e3', '.5', '0x1p4', '1.'} do\n"
	  "  local f, err = load('return ' .. s)\n"
	  "  assert(f == nil and err:find('malformed number'), s)\n"
	  "end" },
	{ "tonumber_accepts_only_integers",
	  "assert(tonumber('42') == 42 and tonumber(' 0x10 ') == 16)\n"
	  "assert(tonumber('1.5') == nil and tonumber('1e2') == nil)\n"
	  "assert(tonumber('inf') == nil and tonumber('nan') == nil)\n"
	  "assert(tonumber('ff', 16) == 255 and tonumber('777', 8) == 511)\n"
	  "assert(tonumber('zz', 36) == 1295 and tonumber('2', 2) == nil)" },
	{ "hex_numerals_wrap_around",
	  "assert(0xffffffffffffffff == -1)\n"
	  "assert(0x7fffffffffffffff == math.maxinteger)" },
	{ "integers_convert_to_strings",
	  "assert(tostring(-42) == '-42' and 10 .. '' == '10')\n"
	  "assert(tostring(math.mininteger) == '-9223372036854775808')" },
	{ "math_has_only_integer_functions",
	  "assert(math.abs(-3) == 3 and math.abs(math.mininteger) == math.mininteger)\n"
	  "assert(math.max(3, 9, -1) == 9 and math.min(3, 9, -1) == -1)\n"
	  "assert(math.tointeger('8') == 8 and math.tointeger({}) == nil)\n"
	  "assert(math.ult(1, -1) and not math.ult(-1, 1))\n"
	  "assert(math.maxinteger == 0x7fffffffffffffff)\n"
	  "for _, f in ipairs{'pi', 'huge', 'sin', 'sqrt', 'floor', 'random', 'type', 'fmod'} do\n"
	  "  assert(math[f] == nil, f)\n"
	  "end" },
	{ "math_max_needs_an_argument", "return math.max()", "bad argument #1" },
	{ "no_io_no_os_no_debug_debug",
	  "assert(io == nil and os == nil and debug.debug == nil)\n"
	  "assert(package.cpath == nil and debug.traceback ~= nil)" },
	{ "package_path_is_lib_modules_lua",
	  "assert(package.path == '/lib/modules/lua/?.lua;/lib/modules/lua/?/init.lua')" },
	{ "require_of_a_missing_module_lists_the_paths",
	  "require('no_such_module')", "/lib/modules/lua/no_such_module.lua" },
	{ "string_format_integers_and_strings",
	  "assert(string.format('%d|%5d|%-5d|%05d', 42, 42, 42, 42) == '42|   42|42   |00042')\n"
	  "assert(string.format('%x|%X|%#x|%o', 255, 255, 255, 8) == 'ff|FF|0xff|10')\n"
	  "assert(string.format('%i|%u|%c', -7, 7, 65) == '-7|7|A')\n"
	  "assert(string.format('%s|%10s|%-4s|%.2s', 'a', 'b', 'c', 'xyz') == 'a|         b|c   |xy')\n"
	  "assert(string.format('%q', 'a\\n\"b\\0') == '\"a\\\\\\n\\\\\"b\\\\0\"')\n"
	  "assert(string.format('%q', math.mininteger) == '0x8000000000000000')\n"
	  "assert(string.format('%5.1s|%%', 'abc') == '    a|%')\n"
	  "assert(string.format('%d', 3) == '3' and string.format('%s', 1) == '1')" },
	{ "string_format_follows_iso_c_on_precision",
	  "assert(string.format('%.0d|%.d|%5.0x|', 0, 0, 0) == '||     |')\n"
	  "assert(string.format('%08.3d|%-6.3d|', 5, -5) == '     005|-005  |')\n"
	  "assert(string.format('%#x|%#o|%#o|%#.0o', 0, 8, 0, 0) == '0|010|0|0')\n"
	  "assert(string.format('%+.0d|% d|%+05d', 0, 7, 7) == '+| 7|+0007')\n"
	  "assert(string.format('%.s|%.1s|%3.1s', 'ab', 'ab', 'ab') == '|a|  a')\n"
	  "assert(string.format('%x', -1) == 'ffffffffffffffff')\n"
	  "assert(string.format('%5c|%-3c|', 65, 66) == '    A|B  |')" },
	{ "string_format_f_is_refused", "return string.format('%f', 1)",
	  "no floating point" },
	{ "string_format_g_is_refused", "return string.format('%g', 1)",
	  "no floating point" },
	{ "string_format_a_is_refused", "return string.format('%a', 1)",
	  "no floating point" },
	{ "string_patterns",
	  "assert(string.find('hello world', 'o w') == 5)\n"
	  "assert(string.match('key = value', '(%w+)%s*=%s*(%w+)') == 'key')\n"
	  "assert(select(2, string.gsub('abc', '%w', '%0%0')) == 3)\n"
	  "assert(string.gsub('hello', 'l+', function(s) return #s end) == 'he2o')\n"
	  "assert(string.match('f(a(b)c)', '%b()') == '(a(b)c)')\n"
	  "assert(string.find('THE (quick) fox', '%f[%a]%a+', 5) == 6)\n"
	  "local t = {} for k, v in string.gmatch('a=1, b=2', '(%w+)=(%w+)') do t[k] = v end\n"
	  "assert(t.a == '1' and t.b == '2')\n"
	  "assert(string.match('caf\\195\\169', '%a+') == 'caf')\n"
	  "assert(('x'):rep(3, ',') == 'x,x,x' and ('abc'):upper() == 'ABC')" },
	{ "string_pattern_errors", "return string.find('a', '%')",
	  "malformed pattern" },
	{ "deep_pattern_recursion_is_an_error",
	  "local s = string.rep('a', 300)\n"
	  "return string.find(s, string.rep('a?', 300) .. s)", "pattern too complex" },
	{ "string_pack_integers",
	  "local s = string.pack('<i4>i2Bj', -2, 258, 255, math.mininteger)\n"
	  "assert(#s == 15 and s:sub(1, 4) == '\\254\\255\\255\\255' and s:sub(5, 6) == '\\1\\2')\n"
	  "local a, b, c, d, n = string.unpack('<i4>i2Bj', s)\n"
	  "assert(a == -2 and b == 258 and c == 255 and d == math.mininteger and n == 16)\n"
	  "assert(string.unpack('z', 'hi\\0') == 'hi' and string.packsize('i8') == 8)\n"
	  "assert(string.unpack('s1', string.pack('s1', 'abc')) == 'abc')" },
	{ "string_pack_float_is_refused", "return string.pack('d', 1)",
	  "invalid format option 'd'" },
	{ "string_pack_overflow", "return string.pack('i1', 200)", "overflow" },
	{ "utf8_library",
	  "assert(utf8.char(72, 228, 8364, 128512) == 'H\\xC3\\xA4\\xE2\\x82\\xAC\\xF0\\x9F\\x98\\x80')\n"
	  "assert(utf8.len('h\\xC3\\xA4llo') == 5 and utf8.len('\\xFF') == nil)\n"
	  "assert(utf8.codepoint('\\xE2\\x82\\xAC') == 8364)\n"
	  "local n = 0 for p, c in utf8.codes('a\\xC3\\xA4') do n = n + c end\n"
	  "assert(n == 97 + 228 and utf8.offset('a\\xC3\\xA4b', 3) == 4)" },
	{ "table_library",
	  "local t = {5, 2, 8, 1, 9}\n"
	  "table.sort(t) assert(table.concat(t, ',') == '1,2,5,8,9')\n"
	  "table.sort(t, function(a, b) return a > b end) assert(t[1] == 9)\n"
	  "table.insert(t, 1, 0) assert(t[1] == 0 and #t == 6)\n"
	  "assert(table.remove(t) == 1 and #t == 5)\n"
	  "local m = table.move({1, 2, 3}, 1, 3, 2) assert(table.concat(m) == '1123')\n"
	  "assert(select('#', table.unpack({1, 2, 3})) == 3)\n"
	  "local p = table.pack(1, nil, 3) assert(p.n == 3)" },
	{ "table_sort_invalid_order_function",
	  "local t = {} for i = 1, 100 do t[i] = i % 7 end\n"
	  "table.sort(t, function(a, b) return true end)", "invalid order function" },
	{ "coroutines",
	  "local co = coroutine.create(function(a, b)\n"
	  "  local c = coroutine.yield(a + b)\n"
	  "  local d, e = coroutine.yield(c * 2)\n"
	  "  return d + e\n"
	  "end)\n"
	  "assert(select(2, coroutine.resume(co, 1, 2)) == 3)\n"
	  "assert(select(2, coroutine.resume(co, 10)) == 20)\n"
	  "assert(select(2, coroutine.resume(co, 3, 4)) == 7)\n"
	  "assert(coroutine.status(co) == 'dead' and not coroutine.resume(co))\n"
	  "local gen = coroutine.wrap(function()\n"
	  "  for i = 1, 3 do coroutine.yield(i) end\n"
	  "end)\n"
	  "assert(gen() + gen() + gen() == 6)\n"
	  "assert(not coroutine.isyieldable())\n"
	  "local co2 = coroutine.create(function() coroutine.yield() end)\n"
	  "coroutine.resume(co2)\n"
	  "assert(coroutine.close(co2) and coroutine.status(co2) == 'dead')" },
	{ "coroutine_errors_are_caught",
	  "local co = coroutine.create(function() error('boom') end)\n"
	  "local ok, err = coroutine.resume(co)\n"
	  "assert(not ok and err:find('boom'))" },
	{ "error_with_non_string_values",
	  "local ok, e = pcall(error, {code = 42})\n"
	  "assert(not ok and type(e) == 'table' and e.code == 42)\n"
	  "ok, e = pcall(error, 7) assert(not ok and e == 7)\n"
	  "ok, e = pcall(error, nil) assert(not ok and e == nil)\n"
	  "ok, e = pcall(error, true) assert(not ok and e == true)" },
	{ "error_objects_through_nested_pcall",
	  "local obj = setmetatable({}, {__tostring = function() return 'obj' end})\n"
	  "local ok, e = pcall(function()\n"
	  "  local ok2, e2 = pcall(function() error(obj) end)\n"
	  "  assert(not ok2 and e2 == obj)\n"
	  "  error(e2, 0)\n"
	  "end)\n"
	  "assert(not ok and e == obj and tostring(e) == 'obj')\n"
	  "local ok3, e3 = xpcall(function() error('x') end, function(m) return 'handled: ' .. m end)\n"
	  "assert(not ok3 and e3:find('^handled: .*x$'))" },
	{ "error_positions",
	  "local ok, e = pcall(function() local x = nil; return x.y end)\n"
	  "assert(e:find(':1: attempt to index a nil value %(local \\'x\\'%)'))\n"
	  "ok, e = pcall(error, 'msg', 0) assert(e == 'msg')\n"
	  "ok, e = pcall(error, 'msg') assert(e == 'msg')\n"
	  "ok, e = pcall(function() error('msg') end) assert(e:find(':5: msg$'))" },
	{ "uncaught_error_reaches_the_caller", "error('top level')",
	  "top level" },
	{ "goto",
	  "local n = 0\n"
	  "for i = 1, 3 do\n"
	  "  for j = 1, 3 do\n"
	  "    if j == 2 then goto continue end\n"
	  "    n = n + 1\n"
	  "    ::continue::\n"
	  "  end\n"
	  "end\n"
	  "assert(n == 6)\n"
	  "do goto skip; n = 0 ::skip:: end assert(n == 6)" },
	{ "goto_into_a_local_scope_is_refused",
	  "assert(load('goto l; local x ::l:: print(x)'))", "jumps into the scope" },
	{ "metatables",
	  "local log = {}\n"
	  "local mt = {__index = function(t, k) return k .. '!' end,\n"
	  "  __newindex = function(t, k, v) rawset(t, k, v * 2) end,\n"
	  "  __call = function(self, a) return a + 1 end,\n"
	  "  __len = function() return 99 end,\n"
	  "  __concat = function(a, b) return 'cat' end,\n"
	  "  __eq = function() return true end,\n"
	  "  __lt = function() return true end, __le = function() return false end,\n"
	  "  __unm = function() return 'neg' end, __idiv = function() return 'idiv' end,\n"
	  "  __band = function() return 'band' end, __shl = function() return 'shl' end,\n"
	  "  __tostring = function() return 'T' end}\n"
	  "local a, b = setmetatable({}, mt), setmetatable({}, mt)\n"
	  "assert(a.x == 'x!') a.v = 21 assert(rawget(a, 'v') == 42)\n"
	  "assert(a(1) == 2 and #a == 99 and a .. 'z' == 'cat')\n"
	  "assert(a == b and a < b and not (a <= b))\n"
	  "assert(-a == 'neg' and a // 1 == 'idiv' and a & 1 == 'band' and a << 1 == 'shl')\n"
	  "assert(tostring(a) == 'T')\n"
	  "assert(getmetatable('').__index == string)" },
	{ "gc_metamethod_runs",
	  "local n = 0\n"
	  "for i = 1, 10 do setmetatable({}, {__gc = function() n = n + 1 end}) end\n"
	  "collectgarbage() collectgarbage()\n"
	  "assert(n == 10)" },
	{ "close_metamethod_runs",
	  "local log = {}\n"
	  "local function res(name)\n"
	  "  local function close(_, e) log[#log + 1] = name .. tostring(e) end\n"
	  "  return setmetatable({}, {__close = close})\n"
	  "end\n"
	  "do local a <close> = res('a') local b <close> = res('b') end\n"
	  "assert(log[1] == 'bnil' and log[2] == 'anil')\n"
	  "pcall(function() local c <close> = res('c') error('E', 0) end)\n"
	  "assert(log[3] == 'cE')" },
	{ "const_variables",
	  "assert(load('local x <const> = 1; x = 2') == nil)\n"
	  "local x <const> = 10 assert(x == 10)" },
	{ "integer_for_loops",
	  "local s = 0 for i = 10, 1, -3 do s = s + i end assert(s == 22)\n"
	  "local n = 0 for i = math.maxinteger - 2, math.maxinteger do n = n + 1 end assert(n == 3)\n"
	  "n = 0 for i = 1, 0 do n = n + 1 end assert(n == 0)" },
	{ "for_loop_step_zero", "for i = 1, 10, 0 do end", "'for' step is zero" },
	{ "bitwise_operators",
	  "assert(0xF0 | 0x0F == 0xFF and 0xFF & 0x0F == 0x0F and 5 ~ 3 == 6)\n"
	  "assert(~0 == -1 and 1 << 63 == math.mininteger and 1 << 64 == 0)\n"
	  "assert(-1 >> 1 == math.maxinteger and 2 >> -1 == 4)" },
	{ "varargs_and_select",
	  "local function f(...) return select('#', ...), ... end\n"
	  "assert(f(nil, nil) == 2 and select(-1, 1, 2, 3) == 3)" },
	{ "load_with_environment",
	  "local env = {x = 5}\n"
	  "assert(load('return x', 'chunk', 't', env)() == 5)" },
	{ "binary_chunks_are_refused",
	  "local f, e = load(string.dump(function() return 1 end))\n"
	  "assert(f == nil) error(e)", "attempt to load a binary chunk" },
	{ "binary_mode_is_refused_too",
	  "assert(load(string.dump(function() end), 'b', 'b'))",
	  "attempt to load a binary chunk" },
	{ "syntax_errors_name_the_line", "assert(load('x = 1\\ny = = 2', '=src'))",
	  "src:2:" },
	{ "string_rep_too_large", "return string.rep('x', 1 << 62)",
	  "too large" },
	{ "lua_stack_overflow",
	  "local function f() return 1 + f() end return f()", "stack overflow" },
	{ "c_stack_overflow_through_metamethods",
	  "local t = setmetatable({}, {__index = function(t, k) return t[k] end})\n"
	  "return t.x", "stack overflow" },
	{ "c_stack_overflow_through_pcall",
	  "local function f()\n"
	  "  local ok, e = pcall(f)\n"
	  "  if not ok then error(e, 0) end\n"
	  "end\n"
	  "f()", "stack overflow" },
	{ "c_stack_overflow_through_gsub",
	  "local function f(s) return (string.gsub(s, '.', f)) end\n"
	  "return f('a')", "stack overflow" },
	{ "c_stack_overflow_through_coroutines",
	  "local function f() return coroutine.wrap(f)() end return f()",
	  "stack overflow" },
	{ "c_stack_overflow_in_the_parser",
	  "assert(load('return ' .. string.rep('(', 1000) .. '1' .. string.rep(')', 1000)))",
	  "overflow" },
	{ "c_stack_overflow_through_tostring",
	  "local t t = setmetatable({}, {__tostring = function() return tostring(t) end})\n"
	  "return tostring(t)", "stack overflow" },
	{ "c_stack_overflow_through_sort",
	  "local function f() table.sort({3, 2, 1}, function(a, b) f() return a < b end) end\n"
	  "f()", "stack overflow" },
};

static void lua_kunit_case_desc(const struct lua_kunit_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(lua_kunit_dialect, lua_kunit_dialect, lua_kunit_case_desc);

static void lua_kunit_dialect_case(struct kunit *test)
{
	const struct lua_kunit_case *c = test->param_value;
	struct lua_kunit_state *s = test->priv;
	int status;
	const char *msg;

	status = lua_kunit_run(s->L, c->name, c->code, strlen(c->code));
	msg = lua_tostring(s->L, -1);
	if (!c->error) {
		KUNIT_EXPECT_EQ_MSG(test, status, LUA_OK, "%s", msg);
		return;
	}
	KUNIT_EXPECT_NE_MSG(test, status, LUA_OK, "the chunk did not fail");
	KUNIT_ASSERT_NOT_NULL_MSG(test, msg, "the error is not a string");
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(msg, c->error),
				  "expected \"%s\" in: %s", c->error, msg);
}

/*
 * collectgarbage("count") is the number of bytes Lua asked for; the
 * allocator counts what the kernel holds for them, slab rounding
 * included, which is more but less than twice as much (and the blocks
 * it caches)
 */
static void lua_kunit_gc_count_is_in_bytes(struct kunit *test)
{
	struct lua_kunit_state *s = test->priv;
	static const char code[] = "return collectgarbage('count')";
	size_t count;

	KUNIT_ASSERT_EQ(test, lua_kunit_run(s->L, "count", code,
					    sizeof(code) - 1), LUA_OK);
	KUNIT_EXPECT_TRUE(test, lua_isinteger(s->L, -1));
	count = lua_tointeger(s->L, -1);
	KUNIT_EXPECT_LE(test, count, s->alloc.used - s->alloc.cached);
	KUNIT_EXPECT_LT(test, s->alloc.used - s->alloc.cached, 2 * count);
}

/*
 * The small blocks a state frees wait in its cache, counted in its quota,
 * and are allocated again; an allocation that needs their room frees
 * what it needs of them rather than fail
 */
static void lua_kunit_freed_blocks_are_cached(struct kunit *test)
{
	struct lua_kunit_state *s = test->priv;
	static const char churn[] =
		"for i = 1, 5000 do local t = {i, i} end collectgarbage() return 0";
	static const char reuse[] =
		"local t = {} for i = 1, 100 do t[i] = {i} end return #t";
	static const char big[] = "return #string.rep('x', 4000)";
	size_t cached;

	KUNIT_ASSERT_EQ(test, lua_kunit_run(s->L, "churn", churn,
					    sizeof(churn) - 1), LUA_OK);
	lua_pop(s->L, 1);
	cached = s->alloc.cached;
	KUNIT_EXPECT_GT(test, cached, LUA_QUOTA_CACHE_MIN / 2);
	KUNIT_EXPECT_LE(test, cached, max_t(size_t, LUA_QUOTA_CACHE_MIN,
					    (s->alloc.used - cached) / 2));

	/* no room beyond what the state holds: the cache must serve */
	s->alloc.limit = s->alloc.used;
	KUNIT_ASSERT_EQ(test, lua_kunit_run(s->L, "reuse", reuse,
					    sizeof(reuse) - 1), LUA_OK);
	KUNIT_EXPECT_EQ(test, lua_tointeger(s->L, -1), 100);
	lua_pop(s->L, 1);
	/* blocks of the sizes it cached were taken, room made for the others */
	KUNIT_EXPECT_LT(test, s->alloc.cached, cached);
	KUNIT_EXPECT_GT(test, s->alloc.cached, 0);

	/* a block of a size it does not cache: the cache makes room */
	KUNIT_ASSERT_EQ(test, lua_kunit_run(s->L, "big", big,
					    sizeof(big) - 1), LUA_OK);
	KUNIT_EXPECT_EQ(test, lua_tointeger(s->L, -1), 4000);
	KUNIT_EXPECT_LE(test, s->alloc.used, s->alloc.limit);
}

/* running out of memory is a Lua error, and the state lives on */
static void lua_kunit_out_of_memory(struct kunit *test)
{
	struct lua_kunit_state *s = test->priv;
	static const char bomb[] =
		"local t = {} for i = 1, math.maxinteger do t[i] = {i} end";
	static const char big[] = "return string.rep('x', 1 << 30)";
	static const char after[] = "return 6 * 7";

	s->alloc.limit = s->alloc.used + 256 * 1024;
	KUNIT_EXPECT_EQ(test, lua_kunit_run(s->L, "bomb", bomb, sizeof(bomb) - 1),
			LUA_ERRMEM);
	KUNIT_EXPECT_STREQ(test, lua_tostring(s->L, -1), "not enough memory");
	lua_pop(s->L, 1);
	KUNIT_EXPECT_EQ(test, lua_kunit_run(s->L, "big", big, sizeof(big) - 1),
			LUA_ERRMEM);
	lua_pop(s->L, 1);
	KUNIT_EXPECT_LE(test, s->alloc.used, s->alloc.limit);

	lua_gc(s->L, LUA_GCCOLLECT);
	KUNIT_ASSERT_EQ(test, lua_kunit_run(s->L, "after", after,
					    sizeof(after) - 1), LUA_OK);
	KUNIT_EXPECT_EQ(test, lua_tointeger(s->L, -1), 42);
}

/* even a state that cannot be created fails cleanly */
static void lua_kunit_newstate_without_memory(struct kunit *test)
{
	struct lua_quota q = { .limit = 64, .gfp = GFP_KERNEL };

	KUNIT_EXPECT_NULL(test, lua_newstate(lua_quota_alloc, &q));
	KUNIT_EXPECT_EQ(test, q.used, 0);
}

/* the lowest stack address seen by lua_kunit_sp() */
static unsigned long lua_kunit_lowest_sp;

static int lua_kunit_sp(lua_State *L)
{
	unsigned long sp = current_stack_pointer;

	if (sp < lua_kunit_lowest_sp)
		lua_kunit_lowest_sp = sp;
	return 0;
}

/*
 * Deep C recursion ends in "C stack overflow" well before the kernel stack
 * does: each chunk recurses through C until Lua stops it, calling sp() at
 * every level. Lua must stop with more than an eighth of the stack left
 * (it stops at a quarter, and handles the error within the next eighth).
 */
static void lua_kunit_c_stack_fits_the_kernel_stack(struct kunit *test)
{
	static const char *const chunks[] = {
		"local function f() sp() local ok, e = pcall(f) error(e, 0) end f()",
		"local t t = setmetatable({}, {__index = function(t, k) sp() return t[k] end}) return t.x",
		"local function f(s) sp() return (string.gsub(s, '.', f)) end return f('a')",
		"local function f() sp() return coroutine.wrap(f)() end return f()",
		"local t t = setmetatable({}, {__tostring = function() sp() return tostring(t) end})\n"
		"return tostring(t)",
		"local function f() sp() table.sort({2, 1}, function(a, b) f() return a < b end) end f()",
		"local function f() sp() local g, e = load(function() return f() end)\n"
		"  if not g then error(e, 0) end\n"
		"end\n"
		"f()",
	};
	struct lua_kunit_state *s = test->priv;
	unsigned long start = current_stack_pointer;
	unsigned long base = (unsigned long)task_stack_page(current);
	int i;

	lua_register(s->L, "sp", lua_kunit_sp);
	for (i = 0; i < ARRAY_SIZE(chunks); i++) {
		const char *msg;
		unsigned long used;

		lua_kunit_lowest_sp = start;
		KUNIT_EXPECT_NE_MSG(test, lua_kunit_run(s->L, "deep", chunks[i],
							strlen(chunks[i])),
				    LUA_OK, "chunk %d did not fail", i);
		msg = lua_tostring(s->L, -1);
		KUNIT_EXPECT_TRUE_MSG(test, msg && strstr(msg, "overflow"),
				      "chunk %d: %s", i, msg);
		lua_pop(s->L, 1);
		used = start - lua_kunit_lowest_sp;
		kunit_info(test, "chunk %d: %lu bytes used, %lu left\n", i, used,
			   lua_kunit_lowest_sp - base);
		KUNIT_EXPECT_GT_MSG(test, lua_kunit_lowest_sp - base,
				    THREAD_SIZE / 8, "chunk %d", i);
	}
}

static struct kunit_case lua_kunit_cases[] = {
	KUNIT_CASE_PARAM(lua_kunit_dialect_case, lua_kunit_dialect_gen_params),
	KUNIT_CASE(lua_kunit_gc_count_is_in_bytes),
	KUNIT_CASE(lua_kunit_freed_blocks_are_cached),
	KUNIT_CASE(lua_kunit_out_of_memory),
	KUNIT_CASE(lua_kunit_newstate_without_memory),
	KUNIT_CASE(lua_kunit_c_stack_fits_the_kernel_stack),
	{}
};

static struct kunit_suite lua_kunit_suite = {
	.name = "lua_dialect",
	.init = lua_kunit_init,
	.exit = lua_kunit_exit,
	.test_cases = lua_kunit_cases,
};

kunit_test_suite(lua_kunit_suite);

MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("KUnit tests for the kernel dialect of Lua");
