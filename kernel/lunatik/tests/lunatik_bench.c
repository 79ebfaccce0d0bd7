// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Lunatik benchmark (make bench): the cost of the C API, as ratios against
 * a plain indirect C call measured in the same run; and the cost of a
 * kprobe with a Lua handler, against the same kprobe with an empty C
 * handler; and a small block allocated and freed by a Lua state's
 * allocator, against kmalloc() and kfree(). Loading the module
 * runs it once, logs the figures and fails with -EAGAIN, so that it never
 * stays loaded. Needs lunatik_test/bench.lua (see lunatik_kunit.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kprobes.h>
#include <linux/ktime.h>
#include <linux/lunatik.h>
#include <linux/module.h>
#include <linux/slab.h>

#define ROUNDS		20000
#define RUNTIMES	20

static noinline int add_one(int x)
{
	return x + 1;
}

static int call_lua(lua_State *L, int x)
{
	lua_getglobal(L, "f");
	lua_pushinteger(L, x);
	if (lua_pcall(L, 1, 1, 0) != LUA_OK)
		return -EINVAL;
	return (int)lua_tointeger(L, -1);
}

static int call_c(lua_State *L, int x)
{
	return x;
}

static int state_bytes(lua_State *L)
{
	return lua_gc(L, LUA_GCCOUNT) * 1024 + lua_gc(L, LUA_GCCOUNTB);
}

/* lunatik_run() marks its caller as returning twice: keep it small */
static noinline int run_c(lunatik_object_t *runtime, int x)
{
	int ret;

	lunatik_run(runtime, call_c, ret, x);
	return ret;
}

static noinline int run_lua(lunatik_object_t *runtime, int x)
{
	int ret;

	lunatik_run(runtime, call_lua, ret, x);
	return ret;
}

static noinline int run_state_bytes(lunatik_object_t *runtime)
{
	int ret;

	lunatik_run(runtime, state_bytes, ret);
	return ret;
}

/* nanoseconds per call, in hundredths */
static u64 per_call(u64 ns, unsigned int n)
{
	return div_u64(ns * 100, n);
}

static void report(const char *what, u64 ns100, u64 base100)
{
	pr_info("%-34s %6llu.%02llu ns  %6llu.%02llu x baseline\n", what,
		ns100 / 100, ns100 % 100, div64_u64(ns100 * 100, base100) / 100,
		div64_u64(ns100 * 100, base100) % 100);
}

/* the function the probes probe: a call that happens, never folded away */
static noinline int probed(int x)
{
	barrier();
	return x + 1;
}

static int empty_pre(struct kprobe *kp, struct pt_regs *regs)
{
	return 0;
}

/* in the runtime: a probe on probed() whose pre handler does nothing */
static int new_lua_probe(lua_State *L, void *target)
{
	static const char chunk[] =
		"probe = require('probe').new(..., {pre = function() end})";

	if (luaL_loadbufferx(L, chunk, sizeof(chunk) - 1, "probe", "t") != LUA_OK)
		return -EINVAL;
	lua_pushlightuserdata(L, target);
	if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
		pr_info("no Lua probe: %s\n", lua_tostring(L, -1));
		return -ENOENT;
	}
	return 0;
}

static int stop_lua_probe(lua_State *L)
{
	lua_getglobal(L, "probe");
	lua_getfield(L, -1, "stop");
	lua_insert(L, -2);
	return lua_pcall(L, 1, 0, 0) == LUA_OK ? 0 : -EINVAL;
}

static noinline u64 time_probed(void)
{
	u64 t = ktime_get_ns();
	int i, sum = 0;

	for (i = 0; i < ROUNDS; i++)
		sum += probed(i);
	OPTIMIZER_HIDE_VAR(sum);
	return per_call(ktime_get_ns() - t, ROUNDS);
}

static noinline int run_probe(lunatik_object_t *runtime, bool stop)
{
	int ret;

	if (stop)
		lunatik_run(runtime, stop_lua_probe, ret);
	else
		lunatik_run(runtime, new_lua_probe, ret, (void *)probed);
	return ret;
}

/* a call of probed(), bare, with an empty C kprobe, with a Lua kprobe */
static void bench_probe(lunatik_object_t *runtime, u64 base)
{
	struct kprobe kp = { .addr = (void *)probed, .pre_handler = empty_pre };
	u64 bare, c, lua;

	bare = time_probed();
	if (register_kprobe(&kp)) {
		pr_info("probe: SKIP: no kprobe on probed()\n");
		return;
	}
	c = time_probed();
	unregister_kprobe(&kp);
	if (run_probe(runtime, false))
		return;
	lua = time_probed();
	run_probe(runtime, true);
	report("call of a probed function", bare, base);
	report("... with a kprobe, empty C handler", c, base);
	report("... with a kprobe, empty Lua handler", lua, base);
	pr_info("probe: a Lua handler costs %llu.%02llu x an empty C one (goal: 3.00)\n",
		div64_u64(lua * 100, c) / 100, div64_u64(lua * 100, c) % 100);
}

#define BATCH	1000

/*
 * Small blocks as a Lua state allocates and frees them, through @alloc
 * (lua_quota_alloc() or a bare kmalloc()/kfree()): in pairs, and in
 * batches as a garbage collection frees what was allocated since the
 * last one.
 */
static u64 time_blocks(void *(*alloc)(void *, void *, size_t, size_t),
		       struct lua_quota *q, size_t size, bool batch)
{
	static void *blocks[BATCH];
	u64 t = ktime_get_ns();
	int i, j;

	for (i = 0; i < ROUNDS / BATCH; i++) {
		OPTIMIZER_HIDE_VAR(size);
		for (j = 0; j < BATCH; j++) {
			blocks[j] = alloc(q, NULL, 0, size);
			if (!batch)
				alloc(q, blocks[j], size, 0);
		}
		for (j = 0; batch && j < BATCH; j++)
			alloc(q, blocks[j], size, 0);
	}
	return per_call(ktime_get_ns() - t, ROUNDS);
}

static void *bare_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	if (!nsize) {
		kfree(ptr);
		return NULL;
	}
	return kmalloc(nsize, GFP_KERNEL);
}

static void bench_alloc(u64 base)
{
	struct lua_quota q = { .limit = 1 << 30, .gfp = GFP_KERNEL };
	void *state;

	report("kmalloc + kfree, 56 bytes", time_blocks(bare_alloc, NULL, 56, false), base);
	report("... 1000 allocated, then freed", time_blocks(bare_alloc, NULL, 56, true), base);
	/* a block that stays, as a live state's do: its cache stays too */
	state = lua_quota_alloc(&q, NULL, 0, 1024);
	if (!state)
		return;
	report("lua_quota_alloc, 56 bytes", time_blocks(lua_quota_alloc, &q, 56, false), base);
	report("... 1000 allocated, then freed", time_blocks(lua_quota_alloc, &q, 56, true), base);
	lua_quota_alloc(&q, state, 1024, 0);
}

static int __init lunatik_bench_init(void)
{
	int (*indirect)(int) = add_one;
	lunatik_object_t *runtime;
	u64 t, base, run_c_ns, run_lua_ns, create;
	int i, ret, sum = 0, bytes;

	ret = lunatik_runtime(&runtime, "lunatik_test/bench", true);
	if (ret)
		return ret;

	t = ktime_get_ns();
	for (i = 0; i < ROUNDS; i++) {
		OPTIMIZER_HIDE_VAR(indirect);	/* a real indirect call */
		sum += indirect(i);
	}
	base = max(per_call(ktime_get_ns() - t, ROUNDS), 1ULL);

	t = ktime_get_ns();
	for (i = 0; i < ROUNDS; i++)
		sum += run_c(runtime, i);
	run_c_ns = per_call(ktime_get_ns() - t, ROUNDS);

	t = ktime_get_ns();
	for (i = 0; i < ROUNDS; i++)
		sum += run_lua(runtime, i);
	run_lua_ns = per_call(ktime_get_ns() - t, ROUNDS);

	bytes = run_state_bytes(runtime);
	bench_probe(runtime, base);
	lunatik_stop(runtime);

	t = ktime_get_ns();
	for (i = 0; i < RUNTIMES; i++) {
		if (lunatik_runtime(&runtime, "lunatik_test/bench", true))
			return -EINVAL;
		lunatik_stop(runtime);
	}
	create = per_call(ktime_get_ns() - t, RUNTIMES);

	pr_info("%d rounds (checksum %d)\n", ROUNDS, sum);
	report("indirect C call (baseline)", base, base);
	report("lunatik_run, C handler", run_c_ns, base);
	report("lunatik_run, Lua handler f(x)", run_lua_ns, base);
	report("lunatik_runtime + lunatik_stop", create, base);
	pr_info("idle runtime: %d bytes of Lua state\n", bytes);
	bench_alloc(base);
	return -EAGAIN;
}

module_init(lunatik_bench_init);

MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("Lunatik benchmark: the cost of the C API");
