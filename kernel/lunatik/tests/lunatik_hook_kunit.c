// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * KUnit tests of the runtime model: how kernel events enter a process
 * runtime through a hook (kernel/lunatik/entry.c and hook.c). An atomic
 * event is a test hook fired with interrupts off; the test owns the
 * runtime with lunatik_begin(), as a process-context caller does.
 *
 * White box: the tests read the runtime's private data, to wait for a
 * stop to begin and to check the drop count.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/irqflags.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/lunatik.h>
#include <linux/module.h>
#include <linux/namei.h>
#include <linux/string.h>

#include "../internal.h"
#include "lunatik_testhook.h"

#define SCRIPTS	"/lib/modules/lua/lunatik_test"
/* the default of the lunatik.backlog parameter */
#define BACKLOG	64

static int hook_kunit_init(struct kunit *test)
{
	struct path path;

	if (kern_path(SCRIPTS, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &path))
		kunit_skip(test, "no " SCRIPTS " (the test scripts)");
	path_put(&path);
	return 0;
}

/* lunatik_run() handlers, each in a function of its own */
static int get_global(lua_State *L, const char *name, bool call, char *buf,
		      size_t size)
{
	lua_getglobal(L, name);
	if (call)
		lua_pcall(L, 0, 1, 0);
	strscpy(buf, luaL_tolstring(L, -1, NULL), size);
	return 0;
}

/* a global, or what calling it returned (or its error), as a string */
static noinline void lookup(lunatik_object_t *runtime, const char *name, bool call,
			    char *buf, size_t size)
{
	int ret;

	lunatik_run(runtime, get_global, ret, name, call, buf, size);
	if (ret)
		snprintf(buf, size, "(error %d)", ret);
}

static void global(lunatik_object_t *runtime, const char *name, char *buf, size_t size)
{
	lookup(runtime, name, false, buf, size);
}

static void call(lunatik_object_t *runtime, const char *name, char *buf, size_t size)
{
	lookup(runtime, name, true, buf, size);
}

static int get_hook(lua_State *L, const char *name, lunatik_object_t **object)
{
	lua_getglobal(L, name);
	*object = lunatik_testhook_get(L, -1);
	return 0;
}

static noinline lunatik_object_t *hook_of(lunatik_object_t *runtime, const char *name)
{
	lunatik_object_t *object = NULL;
	int ret;

	lunatik_run(runtime, get_hook, ret, name, &object);
	return ret ? NULL : object;
}

static int call_fire_process(lua_State *L, lua_Integer n)
{
	lua_getglobal(L, "fire_process");
	lua_pushinteger(L, n);
	if (lua_pcall(L, 1, 1, 0) != LUA_OK)
		return -EINVAL;
	return (int)lua_tointeger(L, -1);
}

static noinline int fire_process(lunatik_object_t *runtime, lua_Integer n)
{
	int ret;

	lunatik_run(runtime, call_fire_process, ret, n);
	return ret;
}

/* fires a hook as an interrupt handler would: interrupts off */
static int fire_atomic(lunatik_object_t *hook, lua_Integer value)
{
	unsigned long flags;
	int ret;

	local_irq_save(flags);
	ret = lunatik_testhook_fire(hook, value);
	local_irq_restore(flags);
	return ret;
}

struct hooks {
	lunatik_object_t *runtime;
	lunatik_object_t *hook;
	char buf[256];
};

static void hooks_start(struct kunit *test, struct hooks *h)
{
	KUNIT_ASSERT_EQ(test, lunatik_runtime(&h->runtime, "lunatik_test/hooks", true), 0);
	h->hook = hook_of(h->runtime, "hook");
	KUNIT_ASSERT_NOT_NULL(test, h->hook);
}

static const char *hooks_global(struct hooks *h, const char *name)
{
	global(h->runtime, name, h->buf, sizeof(h->buf));
	return h->buf;
}

/* a global's value as an integer; LONG_MIN if it is not one */
static long global_long(lunatik_object_t *runtime, const char *name)
{
	char buf[32];
	long value;

	global(runtime, name, buf, sizeof(buf));
	return kstrtol(buf, 10, &value) ? LONG_MIN : value;
}

static void hooks_stop(struct hooks *h)
{
	lunatik_stop(h->runtime);
	lunatik_putobject(h->hook);
}

static long hook_count(lunatik_object_t *hook, int which)
{
	long counts[TESTHOOK_COUNTS];

	lunatik_testhook_counts(hook, counts);
	return counts[which];
}

static void idle_runtime_runs_atomic_events_at_once(struct kunit *test)
{
	struct hooks h;

	hooks_start(test, &h);
	KUNIT_EXPECT_EQ(test, fire_atomic(h.hook, 41), 42);
	KUNIT_EXPECT_STREQ(test, hooks_global(&h, "calls"), "1");
	KUNIT_EXPECT_STREQ(test, hooks_global(&h, "last"), "41");
	/* allocations in atomic context: GFP_ATOMIC, no vmalloc */
	KUNIT_EXPECT_EQ(test, fire_atomic(h.hook, -3), -2);
	KUNIT_EXPECT_STREQ(test, hooks_global(&h, "built"), "20000");
	hooks_stop(&h);
}

static void owned_runtime_queues_atomic_events_for_its_release(struct kunit *test)
{
	struct lunatik_entry entry;
	struct hooks h;

	hooks_start(test, &h);
	KUNIT_ASSERT_EQ(test, lunatik_begin(h.runtime, &entry), 0);
	KUNIT_EXPECT_EQ(test, fire_atomic(h.hook, 1), -EAGAIN);
	KUNIT_EXPECT_EQ(test, fire_atomic(h.hook, 2), -EAGAIN);
	/* the owner's Lua state has not seen them */
	lua_getglobal(entry.L, "calls");
	KUNIT_EXPECT_EQ(test, lua_tointeger(entry.L, -1), 0);
	lunatik_end(h.runtime, &entry);
	/* the release ran them, in order */
	KUNIT_EXPECT_STREQ(test, hooks_global(&h, "calls"), "2");
	KUNIT_EXPECT_STREQ(test, hooks_global(&h, "last"), "2");
	KUNIT_EXPECT_EQ(test, hook_count(h.hook, TESTHOOK_CALLED), 2);
	hooks_stop(&h);
}

static void full_backlog_drops_and_counts(struct kunit *test)
{
	struct lunatik_runtime *rt;
	struct lunatik_entry entry;
	int i, queued = 0, dropped = 0;
	struct hooks h;

	hooks_start(test, &h);
	rt = h.runtime->private;
	KUNIT_ASSERT_EQ(test, lunatik_begin(h.runtime, &entry), 0);
	for (i = 0; i < BACKLOG + 3; i++) {
		int ret = fire_atomic(h.hook, i);

		queued += ret == -EAGAIN;
		dropped += ret == -ENOBUFS;
	}
	lunatik_end(h.runtime, &entry);
	KUNIT_EXPECT_EQ(test, queued, BACKLOG);
	KUNIT_EXPECT_EQ(test, dropped, 3);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&rt->drops), 3);
	KUNIT_EXPECT_EQ(test, global_long(h.runtime, "calls"), BACKLOG);
	hooks_stop(&h);
}

struct stopper {
	lunatik_object_t *runtime;
	struct completion done;
};

static int stopper_fn(void *data)
{
	struct stopper *s = data;

	lunatik_stop(s->runtime);
	complete(&s->done);
	return 0;
}

static void stop_drops_the_pending_backlog(struct kunit *test)
{
	struct stopper s = { };
	struct lunatik_runtime *rt;
	struct lunatik_entry entry;
	struct task_struct *task;
	struct hooks h;
	int i;

	hooks_start(test, &h);
	rt = h.runtime->private;
	KUNIT_ASSERT_EQ(test, lunatik_begin(h.runtime, &entry), 0);
	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_EQ(test, fire_atomic(h.hook, i), -EAGAIN);
	/* another task stops the runtime, and waits for the owner */
	init_completion(&s.done);
	s.runtime = h.runtime;
	lunatik_getobject(h.runtime);
	task = kthread_run(stopper_fn, &s, "lunatik_stopper");
	if (IS_ERR(task)) {
		lunatik_putobject(h.runtime);
		lunatik_end(h.runtime, &entry);
		hooks_stop(&h);
		KUNIT_FAIL(test, "cannot start the stopper");
		return;
	}
	for (i = 0; i < 5000 && !READ_ONCE(rt->stopping); i++)
		usleep_range(1000, 2000);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(rt->stopping));
	lunatik_end(h.runtime, &entry);
	wait_for_completion(&s.done);
	KUNIT_EXPECT_EQ(test, hook_count(h.hook, TESTHOOK_CALLED), 0);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&rt->drops), 5);
	/* the hook is stopped with its runtime */
	KUNIT_EXPECT_EQ(test, fire_atomic(h.hook, 9), -ENXIO);
	KUNIT_EXPECT_EQ(test, lunatik_testhook_fire(h.hook, 9), -ENXIO);
	hooks_stop(&h);
}

static void timer_hook_stops_with_its_runtime(struct kunit *test)
{
	long counts[TESTHOOK_COUNTS], after[TESTHOOK_COUNTS];
	unsigned long deadline = jiffies + 10 * HZ;
	lunatik_object_t *runtime, *timer;
	long fired, ticks;

	KUNIT_ASSERT_EQ(test, lunatik_runtime(&runtime, "lunatik_test/hooks_timer", true), 0);
	timer = hook_of(runtime, "timer");
	KUNIT_ASSERT_NOT_NULL(test, timer);
	/* readers own the runtime while the timer fires */
	do {
		ticks = global_long(runtime, "ticks");
	} while (ticks < 200 && time_before(jiffies, deadline));
	KUNIT_EXPECT_GE(test, ticks, 200);
	lunatik_stop(runtime);
	lunatik_testhook_counts(timer, counts);
	fired = counts[TESTHOOK_RAN] + counts[TESTHOOK_QUEUED] + counts[TESTHOOK_DROPPED] +
		counts[TESTHOOK_REFUSED];
	kunit_info(test, "timer: %ld at once, %ld queued, %ld dropped, %ld refused",
		   counts[TESTHOOK_RAN], counts[TESTHOOK_QUEUED],
		   counts[TESTHOOK_DROPPED], counts[TESTHOOK_REFUSED]);
	KUNIT_EXPECT_GT(test, counts[TESTHOOK_RAN], 0);
	KUNIT_EXPECT_GE(test, fired, 200);
	/* the stop cancelled the timer: nothing fires any more */
	msleep(20);
	lunatik_testhook_counts(timer, after);
	KUNIT_EXPECT_EQ(test, memcmp(counts, after, sizeof(counts)), 0);
	lunatik_putobject(timer);
}

static void sleeping_in_an_atomic_callback_is_a_lua_error(struct kunit *test)
{
	struct hooks h;

	hooks_start(test, &h);
	KUNIT_EXPECT_EQ(test, fire_atomic(h.hook, -1), 0);
	KUNIT_EXPECT_STREQ(test, hooks_global(&h, "sleeperror"),
			   "linux.schedule: cannot sleep in a hardirq callback");
	hooks_stop(&h);
}

static void atomic_callback_cannot_reach_what_sleeps(struct kunit *test)
{
	struct hooks h;

	hooks_start(test, &h);
	KUNIT_EXPECT_EQ(test, fire_atomic(h.hook, -4), -3);
	KUNIT_EXPECT_STREQ(test, hooks_global(&h, "newerror"),
			   "runtime: not allowed in a hardirq callback");
	KUNIT_EXPECT_STREQ(test, hooks_global(&h, "resumeerror"),
			   "runtime: not allowed in a hardirq callback");
	KUNIT_EXPECT_STREQ(test, hooks_global(&h, "loaderror"),
			   "cannot open /lib/modules/lua/lunatik_test/hello.lua: files are read only in process context");
	hooks_stop(&h);
}

static void data_view_lives_as_long_as_its_callback(struct kunit *test)
{
	struct hooks h;

	hooks_start(test, &h);
	KUNIT_EXPECT_EQ(test, fire_atomic(h.hook, -5), -4);
	/* read, written in place, sized as the kernel's buffer */
	KUNIT_EXPECT_STREQ(test, hooks_global(&h, "seen"), "value=-5|Value=-5|8");
	call(h.runtime, "use_saved", h.buf, sizeof(h.buf));
	KUNIT_EXPECT_NOT_NULL(test, strstr(h.buf, "data view used after its callback returned"));
	hooks_stop(&h);
}

static void callback_firing_its_own_hook_is_refused(struct kunit *test)
{
	struct lunatik_runtime *rt;
	struct hooks h;

	hooks_start(test, &h);
	rt = h.runtime->private;
	KUNIT_EXPECT_EQ(test, fire_atomic(h.hook, -2), -1);
	KUNIT_EXPECT_STREQ(test, hooks_global(&h, "reentry"), "-35");	/* -EDEADLK */
	KUNIT_EXPECT_EQ(test, atomic_long_read(&rt->drops), 1);
	KUNIT_EXPECT_STREQ(test, hooks_global(&h, "calls"), "1");
	hooks_stop(&h);
}

static void owner_raising_a_process_event_queues_it(struct kunit *test)
{
	struct hooks h;

	hooks_start(test, &h);
	KUNIT_EXPECT_EQ(test, fire_process(h.runtime, 5), -EAGAIN);
	/* run when the entry that raised it released the runtime */
	KUNIT_EXPECT_STREQ(test, hooks_global(&h, "pcalls"), "1");
	hooks_stop(&h);
}

static void softirq_runtime_refuses_hardirq_hooks(struct kunit *test)
{
	struct lunatik_config config = {
		.context = LUNATIK_CONTEXT_SOFTIRQ,
	};
	static const char *const why =
		"testhook: no hardirq hooks in a softirq runtime";
	lunatik_object_t *runtime;
	char error[256];

	config.error = error;
	config.errorsize = sizeof(error);
	KUNIT_EXPECT_EQ(test, lunatik_newruntime(&runtime, "lunatik_test/hooks", &config),
			-EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, strstr(error, why));
}

static int get_child(lua_State *L, lunatik_object_t **child)
{
	lunatik_object_t **pobject;

	lua_getglobal(L, "child");
	pobject = luaL_testudata(L, -1, "runtime");
	*child = pobject ? *pobject : NULL;
	if (*child)
		lunatik_getobject(*child);
	return 0;
}

static noinline lunatik_object_t *child_of(lunatik_object_t *runtime)
{
	lunatik_object_t *child = NULL;
	int ret;

	lunatik_run(runtime, get_child, ret, &child);
	return ret ? NULL : child;
}

/* runtime:stop() in an atomic callback cannot wait: a workqueue stops it */
static void atomic_callback_stops_a_runtime_later(struct kunit *test)
{
	struct lunatik_runtime *crt;
	lunatik_object_t *child;
	struct hooks h;
	int i;

	hooks_start(test, &h);
	child = child_of(h.runtime);
	KUNIT_ASSERT_NOT_NULL(test, child);
	crt = child->private;
	KUNIT_EXPECT_EQ(test, fire_atomic(h.hook, -6), -5);
	/* the stop began, and ends from the workqueue */
	KUNIT_EXPECT_TRUE(test, READ_ONCE(crt->stopping));
	/* the work was queued: 5 s at most */
	for (i = 0; i < 250 && READ_ONCE(crt->L); i++)
		msleep(20);
	KUNIT_EXPECT_NULL(test, READ_ONCE(crt->L));
	lunatik_putobject(child);
	hooks_stop(&h);
}

static int set_other(lua_State *L, lunatik_object_t *hook)
{
	lunatik_object_t **pobject = lua_newuserdatauv(L, sizeof(*pobject), 0);

	*pobject = NULL;
	luaL_getmetatable(L, "testhook");
	lua_setmetatable(L, -2);
	lunatik_getobject(hook);
	*pobject = hook;
	lua_setglobal(L, "other");
	return 0;
}

/*
 * Two runtimes of one level never nest: on two CPUs, each callback
 * firing the other's hook would wait for the other forever. The inner
 * event is dropped, and counted by its runtime.
 */
static void callback_firing_another_runtimes_hook_drops_it(struct kunit *test)
{
	struct lunatik_runtime *ort;
	struct hooks h, o;
	int ret;

	hooks_start(test, &h);
	hooks_start(test, &o);
	ort = o.runtime->private;
	lunatik_run(h.runtime, set_other, ret, o.hook);
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, fire_atomic(h.hook, -7), -6);
	KUNIT_EXPECT_STREQ(test, hooks_global(&h, "nested"), "-35");	/* -EDEADLK */
	KUNIT_EXPECT_EQ(test, atomic_long_read(&ort->drops), 1);
	KUNIT_EXPECT_STREQ(test, hooks_global(&o, "calls"), "0");
	hooks_stop(&o);
	hooks_stop(&h);
}

static struct kunit_case hook_kunit_cases[] = {
	KUNIT_CASE(idle_runtime_runs_atomic_events_at_once),
	KUNIT_CASE(owned_runtime_queues_atomic_events_for_its_release),
	KUNIT_CASE(full_backlog_drops_and_counts),
	KUNIT_CASE(stop_drops_the_pending_backlog),
	KUNIT_CASE_SLOW(timer_hook_stops_with_its_runtime),
	KUNIT_CASE(sleeping_in_an_atomic_callback_is_a_lua_error),
	KUNIT_CASE(atomic_callback_cannot_reach_what_sleeps),
	KUNIT_CASE(data_view_lives_as_long_as_its_callback),
	KUNIT_CASE(callback_firing_its_own_hook_is_refused),
	KUNIT_CASE(owner_raising_a_process_event_queues_it),
	KUNIT_CASE(softirq_runtime_refuses_hardirq_hooks),
	KUNIT_CASE(atomic_callback_stops_a_runtime_later),
	KUNIT_CASE(callback_firing_another_runtimes_hook_drops_it),
	{}
};

static struct kunit_suite hook_kunit_suite = {
	.name = "lunatik_hook",
	.init = hook_kunit_init,
	.test_cases = hook_kunit_cases,
};

kunit_test_suite(hook_kunit_suite);

MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("KUnit tests of how kernel events enter Lunatik runtimes");
