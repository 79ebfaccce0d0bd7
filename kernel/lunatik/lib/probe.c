// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The "probe" Lua module: kprobes whose handlers are Lua functions.
 *
 *	local probe = require("probe")
 *	local function pre(symbol, show) n = n + 1 end
 *	local p = probe.new("kernel_clone", {pre = pre, post = post})
 *	p:enable(false)		-- the handlers return at once
 *	p:stop()		-- unregistered
 *
 * A probe is a hook (see <linux/lunatik.h>) fired from wherever the probed
 * instruction runs, so in any context: its handlers run as atomic
 * callbacks, within the budget and without sleeping, at once or, when a
 * task owns a process runtime, from its backlog. They receive what the
 * probe was made with (a symbol's name or an address) and a function that
 * shows the registers and the stack at the probe in the kernel log.
 *
 * On x86 a breakpoint probe (all but those on ftrace or optimized into a
 * jump) runs its handlers as an NMI, where no lock may be taken and no
 * memory allocated: there, a hit only saves the registers and the stack
 * in a per-CPU ring, and an irq_work runs the Lua handler on the same
 * CPU as soon as interrupts are on, in hardirq context. A full ring
 * drops the hit, counted with the runtime's drops; so does a hit on a
 * CPU running such a handler, which its own Lua code raised (directly,
 * or through another probe): handlers that fire probes never end up in
 * an endless round of irq_works.
 *
 * The probe is placed by register_kprobe(), which looks the symbol up
 * itself. A probe hit while a kprobe handler runs on the same CPU (the
 * Lua code of a handler calling the probed function) is counted as
 * missed by kprobes and calls no handler; a probe hit while this CPU
 * holds a runtime's lock is dropped by the hook (see entry.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/irq_work.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/ptrace.h>
#include <linux/stacktrace.h>
#include <linux/string.h>

#include <linux/lunatik.h>

/* the handlers' table: [1] pre, [2] post, [3] the function showing regs */
enum { LUAPROBE_PRE = 1, LUAPROBE_POST, LUAPROBE_SHOW };

/* the stack entries a hit deferred from NMI context saves */
#define LUAPROBE_STACK	12
/* the hits a CPU's ring holds, a power of 2 */
#define LUAPROBE_RING	8

struct luaprobe;

/**
 * struct luaprobe_hit - what a hit passes, copied if it is queued
 * @probe: the probe
 * @self: the hit itself while its handler runs at once, on the probed
 *	code's stack; NULL for a hit deferred or queued
 * @handler: LUAPROBE_PRE or LUAPROBE_POST
 * @nentries: the stack entries saved in @entries, for a deferred hit
 * @regs: the registers at the probe
 * @entries: the stack at the probe, for a deferred hit
 */
struct luaprobe_hit {
	struct luaprobe *probe;
	const struct luaprobe_hit *self;
	int handler;
	unsigned int nentries;
	struct pt_regs regs;
	unsigned long entries[LUAPROBE_STACK];
};

/**
 * struct luaprobe_ring - the hits a CPU took in NMI context
 * @work: runs them, on the same CPU
 * @head: the next slot the kprobe handler fills
 * @tail: the next slot @work runs
 * @hits: the slots
 *
 * One producer, the probe's handler on this CPU (kprobes never nests
 * handlers on a CPU), and one consumer, @work on this CPU, which the
 * handler may interrupt.
 */
struct luaprobe_ring {
	struct irq_work work;
	unsigned int head;
	unsigned int tail;
	struct luaprobe_hit hits[LUAPROBE_RING];
};

/**
 * struct luaprobe - a kprobe with Lua handlers
 * @hook: the hook calling them
 * @kp: the kprobe
 * @enabled: the handlers run; p:enable() sets it, from any context
 * @stacks: a handler takes the show function: hits deferred from NMI
 *	context save the stack, which costs about as much as the rest
 * @rings: the hits deferred from NMI context, per CPU
 * @hit: the hit whose handler runs, for the show function; NULL outside
 *	a handler
 * @address: the address probed, as the script gave it (kprobes may move
 *	the probe past an instruction such as ENDBR)
 * @symbol: the symbol probed; empty for an address
 */
struct luaprobe {
	struct lunatik_hook hook;
	struct kprobe kp;
	bool enabled;
	bool stacks;
	struct luaprobe_ring __percpu *rings;
	const struct luaprobe_hit *hit;
	void *address;
	char symbol[];
};

static const struct lunatik_class luaprobe_class;

/* this CPU runs the handlers of hits deferred from NMI context */
static DEFINE_PER_CPU(bool, luaprobe_draining);

/* show(): the registers and the stack at the probe, in the kernel log */
static int luaprobe_show(lua_State *L)
{
	lunatik_object_t *object = lunatik_checkobject(L, lua_upvalueindex(1),
						       &luaprobe_class);
	struct luaprobe *probe = object->private;
	const struct luaprobe_hit *hit = probe->hit;
	const struct pt_regs *regs;

	if (!hit)
		luaL_error(L, "probe: registers shown outside the probe's handler");
	regs = &hit->regs;
	pr_info("%s: RIP: %04x:%pS\n", probe->hook.name, (u16)regs->cs,
		(void *)regs->ip);
	pr_info("RSP: %04x:%016lx EFLAGS: %08lx ORIG_RAX: %016lx\n",
		(u16)regs->ss, regs->sp, regs->flags, regs->orig_ax);
	pr_info("RAX: %016lx RBX: %016lx RCX: %016lx\n", regs->ax, regs->bx, regs->cx);
	pr_info("RDX: %016lx RSI: %016lx RDI: %016lx\n", regs->dx, regs->si, regs->di);
	pr_info("RBP: %016lx R08: %016lx R09: %016lx\n", regs->bp, regs->r8, regs->r9);
	pr_info("R10: %016lx R11: %016lx R12: %016lx\n", regs->r10, regs->r11, regs->r12);
	pr_info("R13: %016lx R14: %016lx R15: %016lx\n", regs->r13, regs->r14, regs->r15);
	if (hit->self == hit) {
		dump_stack();
	} else if (hit->nentries) {
		pr_info("%s: Call Trace, saved at the probe:\n", probe->hook.name);
		stack_trace_print(hit->entries, hit->nentries, 1);
	} else {
		pr_info("%s: no stack: the handler ran after the probe, from the backlog\n",
			probe->hook.name);
	}
	return 0;
}

/* in the runtime: handler(symbol or address, show) */
static int luaprobe_call(lua_State *L, void *arg)
{
	struct luaprobe_hit *hit = arg;
	struct luaprobe *probe = hit->probe;
	int status;

	if (lua_rawgeti(L, -1, hit->handler) != LUA_TFUNCTION)
		return 0;
	if (probe->symbol[0])
		lua_pushstring(L, probe->symbol);
	else
		lua_pushlightuserdata(L, probe->address);
	lua_rawgeti(L, -3, LUAPROBE_SHOW);
	probe->hit = hit;
	status = lua_pcall(L, 2, 0, 0);
	probe->hit = NULL;
	if (status != LUA_OK)
		lua_error(L);
	return 0;
}

static void luaprobe_call_hook(struct luaprobe *probe, struct luaprobe_hit *hit)
{
	lunatik_hookcall(&probe->hook, hit->handler == LUAPROBE_PRE ? "pre" : "post",
			 luaprobe_call, hit, sizeof(*hit));
}

/* the hits a CPU deferred, in hardirq context on that CPU */
static void luaprobe_drain(struct irq_work *work)
{
	struct luaprobe_ring *ring = container_of(work, struct luaprobe_ring, work);
	unsigned int tail;

	__this_cpu_write(luaprobe_draining, true);
	/* the slots up to head are filled; a slot before tail may be refilled */
	for (tail = ring->tail; tail != smp_load_acquire(&ring->head); tail++) {
		struct luaprobe_hit *hit = &ring->hits[tail % LUAPROBE_RING];

		luaprobe_call_hook(hit->probe, hit);
		/* done with the slot: the handler may refill it */
		smp_store_release(&ring->tail, tail + 1);
	}
	__this_cpu_write(luaprobe_draining, false);
}

/* in NMI context: saved for the irq_work, or dropped */
static void luaprobe_defer(struct luaprobe *probe, struct pt_regs *regs, int handler)
{
	struct luaprobe_ring *ring = this_cpu_ptr(probe->rings);
	unsigned int head = ring->head;
	struct luaprobe_hit *hit;

	if (__this_cpu_read(luaprobe_draining)) {
		lunatik_hookdrop(&probe->hook);
		return;
	}
	/* the slot at head is free once the work moved tail past it */
	if (head - smp_load_acquire(&ring->tail) >= LUAPROBE_RING) {
		lunatik_hookdrop(&probe->hook);
		return;
	}
	hit = &ring->hits[head % LUAPROBE_RING];
	hit->probe = probe;
	hit->self = NULL;
	hit->handler = handler;
	hit->regs = *regs;
	hit->nentries = probe->stacks ? stack_trace_save(hit->entries, LUAPROBE_STACK, 0) : 0;
	/* the slot is filled before the work can see it */
	smp_store_release(&ring->head, head + 1);
	irq_work_queue(&ring->work);
}

static void luaprobe_hit(struct kprobe *kp, struct pt_regs *regs, int handler)
{
	struct luaprobe *probe = container_of(kp, struct luaprobe, kp);
	struct luaprobe_hit hit;

	BUILD_BUG_ON(sizeof(hit) > LUNATIK_EVENT_MAX);
	if (!READ_ONCE(probe->enabled))
		return;
	if (in_nmi()) {
		luaprobe_defer(probe, regs, handler);
		return;
	}
	hit.probe = probe;
	hit.self = &hit;
	hit.handler = handler;
	hit.nentries = 0;
	hit.regs = *regs;
	luaprobe_call_hook(probe, &hit);
}

static int luaprobe_pre(struct kprobe *kp, struct pt_regs *regs)
{
	luaprobe_hit(kp, regs, LUAPROBE_PRE);
	return 0;
}

static void luaprobe_post(struct kprobe *kp, struct pt_regs *regs, unsigned long flags)
{
	luaprobe_hit(kp, regs, LUAPROBE_POST);
}

/* no handler runs once it returns, nor any irq_work of a deferred hit */
static void luaprobe_unregister(struct lunatik_hook *hook)
{
	struct luaprobe *probe = container_of(hook, struct luaprobe, hook);
	int cpu;

	unregister_kprobe(&probe->kp);
	for_each_possible_cpu(cpu)
		irq_work_sync(&per_cpu_ptr(probe->rings, cpu)->work);
}

static void luaprobe_release(void *private)
{
	struct luaprobe *probe = private;

	free_percpu(probe->rings);
}

static const char *luaprobe_strerror(int err)
{
	switch (err) {
	case -ENOENT:
		return "no such symbol";
	case -EINVAL:
		return "not a place kprobes may probe";
	case -EILSEQ:
		return "not at an instruction";
	case -EBUSY:
		return "probed already by something that forbids it";
	case -ENOMEM:
		return "not enough memory";
	default:
		return "kprobes refused it";
	}
}

/*
 * Whether the function at index may get the show function: a second
 * parameter, or varargs (a C function).
 */
static bool luaprobe_takesshow(lua_State *L, int index)
{
	lua_Debug ar;

	if (lua_isnil(L, index))
		return false;
	lua_pushvalue(L, index);
	lua_getinfo(L, ">u", &ar);
	return ar.nparams >= 2 || ar.isvararg;
}

/* the handler called handler in the table at index, or nil */
static void luaprobe_checkhandler(lua_State *L, int index, const char *handler)
{
	int type = lua_getfield(L, index, handler);

	if (type != LUA_TNIL && type != LUA_TFUNCTION)
		luaL_argerror(L, 2, lua_pushfstring(L, "%s is a %s, not a function",
						    handler, lua_typename(L, type)));
}

/* probe.new(symbol | address, {pre = function, post = function}) */
static int luaprobe_new(lua_State *L)
{
	const char *symbol = NULL;
	lunatik_object_t *object;
	struct luaprobe *probe;
	size_t len = 0;
	int ret, cpu;

	if (lua_type(L, 1) == LUA_TSTRING) {
		symbol = lua_tolstring(L, 1, &len);
		luaL_argcheck(L, len > 0 && len < KSYM_NAME_LEN && strlen(symbol) == len,
			      1, "not a symbol name");
	} else {
		luaL_argexpected(L, lua_islightuserdata(L, 1), 1, "symbol or address");
	}
	luaL_checktype(L, 2, LUA_TTABLE);
	lua_settop(L, 2);
	luaL_checkstack(L, 6, NULL);
	luaprobe_checkhandler(L, 2, "pre");
	luaprobe_checkhandler(L, 2, "post");
	luaL_argcheck(L, !lua_isnil(L, 3) || !lua_isnil(L, 4), 2,
		      "no handler: give pre, post or both");
	lunatik_checksleep(L, "probe.new");

	object = lunatik_pushobject(L, &luaprobe_class, sizeof(*probe) + len + 1);
	probe = object->private;
	probe->hook.name = "probe";
	probe->enabled = true;
	probe->rings = alloc_percpu_gfp(struct luaprobe_ring, GFP_KERNEL_ACCOUNT);
	if (!probe->rings)
		luaL_error(L, "probe.new: not enough memory");
	for_each_possible_cpu(cpu)
		init_irq_work(&per_cpu_ptr(probe->rings, cpu)->work, luaprobe_drain);
	if (symbol) {
		memcpy(probe->symbol, symbol, len);
		probe->kp.symbol_name = probe->symbol;
	} else {
		probe->address = lua_touserdata(L, 1);
		probe->kp.addr = probe->address;
	}
	probe->stacks = luaprobe_takesshow(L, 3) || luaprobe_takesshow(L, 4);
	if (!lua_isnil(L, 3))
		probe->kp.pre_handler = luaprobe_pre;
	if (!lua_isnil(L, 4))
		probe->kp.post_handler = luaprobe_post;

	/* {pre, post, show}: show keeps the object it reads the registers of */
	lua_createtable(L, 3, 0);
	lua_pushvalue(L, 3);
	lua_rawseti(L, -2, LUAPROBE_PRE);
	lua_pushvalue(L, 4);
	lua_rawseti(L, -2, LUAPROBE_POST);
	lua_pushvalue(L, 5);
	lua_pushcclosure(L, luaprobe_show, 1);
	lua_rawseti(L, -2, LUAPROBE_SHOW);
	lunatik_newhook(L, &probe->hook, object, -1, LUNATIK_CONTEXT_HARDIRQ,
			luaprobe_unregister);
	lua_pop(L, 1);

	ret = register_kprobe(&probe->kp);
	if (ret) {
		lunatik_stophook(L, &probe->hook);
		if (symbol)
			luaL_error(L, "probe.new: cannot probe %s: %s (%d)", symbol,
				   luaprobe_strerror(ret), ret);
		luaL_error(L, "probe.new: cannot probe %p: %s (%d)", probe->address,
			   luaprobe_strerror(ret), ret);
	}
	lunatik_hookregistered(&probe->hook);
	return 1;
}

/* p:enable(bool) */
static int luaprobe_enable(lua_State *L)
{
	lunatik_object_t *object = lunatik_checkobject(L, 1, &luaprobe_class);
	struct luaprobe *probe = object->private;

	luaL_checktype(L, 2, LUA_TBOOLEAN);
	WRITE_ONCE(probe->enabled, lua_toboolean(L, 2));
	return 0;
}

/* p:stop() */
static int luaprobe_stop(lua_State *L)
{
	lunatik_object_t *object = lunatik_checkobject(L, 1, &luaprobe_class);
	struct luaprobe *probe = object->private;

	lunatik_stophook(L, &probe->hook);
	return 0;
}

static const luaL_Reg luaprobe_methods[] = {
	{ "enable", luaprobe_enable },
	{ "stop", luaprobe_stop },
	{ NULL, NULL }
};

static const struct lunatik_class luaprobe_class = {
	.name = "probe",
	.methods = luaprobe_methods,
	.release = luaprobe_release,
	.contexts = LUNATIK_IN_ANY,
	.owner = THIS_MODULE,
};

static const luaL_Reg luaprobe_lib[] = {
	{ "new", luaprobe_new },
	{ NULL, NULL }
};

DEFINE_LUNATIK_MODULE(probe, luaprobe_lib, LUNATIK_IN_ANY);
module_lunatik(probe);
MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("Lunatik: kprobes with Lua handlers");
