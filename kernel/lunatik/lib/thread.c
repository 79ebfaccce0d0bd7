// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The "thread" Lua module: kernel threads running a runtime's function.
 *
 *	local thread = require("thread")
 *	local worker = lunatik.runtime("examples/worker")
 *	local t = thread.run(worker, "worker")
 *	t:stop()
 *
 * A thread runs the function that the runtime's script returned, with
 * the runtime locked; it belongs to the runtime, which stops it when it
 * stops, and it keeps the runtime alive until the function returns: a
 * script may drop both objects (the spec's echod daemon does). A thread
 * object refers to the thread without keeping the runtime alive, so that
 * a runtime given its own thread object is still freed once its thread
 * ends.
 */
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>

#include <linux/lunatik.h>

/**
 * struct luathread - a thread object
 * @thread: the thread, as lunatik_spawn() gave it; NULL for a task that
 *	thread.run() did not start (thread.current()), which cannot be
 *	stopped from Lua
 * @task: its task, with a reference
 */
struct luathread {
	struct lunatik_thread *thread;
	struct task_struct *task;
};

static void luathread_release(void *private)
{
	struct luathread *luathread = private;

	if (luathread->thread)
		lunatik_putthread(luathread->thread);
	if (luathread->task)
		put_task_struct(luathread->task);
}

static const luaL_Reg luathread_methods[];

static const struct lunatik_class luathread_class = {
	.name = "thread",
	.methods = luathread_methods,
	.release = luathread_release,
	.contexts = LUNATIK_IN_PROCESS,
	.owner = THIS_MODULE,
};

/* pushes a new thread object; the caller fills it in */
static struct luathread *luathread_new(lua_State *L)
{
	return lunatik_pushobject(L, &luathread_class, sizeof(struct luathread))->private;
}

static const char *luathread_strerror(int err)
{
	switch (err) {
	case -EINVAL:
		return "only a process runtime can run in a thread";
	case -EBUSY:
		return "the runtime already has a thread; stop it first";
	case -ENXIO:
		return "the runtime is stopped";
	case -ENOENT:
		return "the runtime's script returned no function";
	case -ENOMEM:
		return "out of memory";
	default:
		return "cannot create the thread";
	}
}

/* thread.run(runtime, name) */
static int luathread_run(lua_State *L)
{
	lunatik_object_t *runtime = lunatik_checkruntime(L, 1);
	const char *name = luaL_checkstring(L, 2);
	struct luathread *luathread;
	struct lunatik_thread *thread;

	lunatik_checkwait(L, "thread.run");
	luathread = luathread_new(L);

	thread = lunatik_spawn(runtime, "%s", name);
	if (IS_ERR(thread))
		return luaL_error(L, "thread.run: %s",
				  luathread_strerror(PTR_ERR(thread)));
	luathread->thread = thread;
	get_task_struct(thread->task);
	luathread->task = thread->task;
	return 1;
}

/* thread.shouldstop() */
static int luathread_shouldstop(lua_State *L)
{
	lua_pushboolean(L, (current->flags & PF_KTHREAD) && kthread_should_stop());
	return 1;
}

/* thread.current() */
static int luathread_current(lua_State *L)
{
	struct luathread *luathread = luathread_new(L);

	get_task_struct(current);
	luathread->task = current;
	return 1;
}

/* thrd:stop(), thread.stop(thrd) */
static int luathread_stop(lua_State *L)
{
	lunatik_object_t *object = lunatik_checkobject(L, 1, &luathread_class);
	struct luathread *luathread = object->private;

	if (!luathread->thread)
		return luaL_error(L, "thread:stop: only threads of thread.run can be stopped");
	if (luathread->task == current)
		return luaL_error(L, "thread:stop: a thread cannot stop itself");
	lunatik_checkwait(L, "thread:stop");
	if (lunatik_stopthread(luathread->thread) == -EDEADLK)
		return luaL_error(L, "thread:stop: cannot stop a thread from its own runtime");
	return 0;
}

/* thrd:task() */
static int luathread_task(lua_State *L)
{
	lunatik_object_t *object = lunatik_checkobject(L, 1, &luathread_class);
	struct task_struct *task = ((struct luathread *)object->private)->task;
	char comm[TASK_COMM_LEN];

	lua_createtable(L, 0, 4);
	lua_pushinteger(L, task_cpu(task));
	lua_setfield(L, -2, "cpu");
	get_task_comm(comm, task);
	lua_pushstring(L, comm);
	lua_setfield(L, -2, "command");
	lua_pushinteger(L, task_pid_nr(task));
	lua_setfield(L, -2, "pid");
	lua_pushinteger(L, task_tgid_nr(task));
	lua_setfield(L, -2, "tgid");
	return 1;
}

static const luaL_Reg luathread_methods[] = {
	{ "stop", luathread_stop },
	{ "task", luathread_task },
	{ NULL, NULL }
};

static const luaL_Reg luathread_lib[] = {
	{ "run", luathread_run },
	{ "shouldstop", luathread_shouldstop },
	{ "current", luathread_current },
	{ "stop", luathread_stop },
	{ NULL, NULL }
};

DEFINE_LUNATIK_MODULE(thread, luathread_lib, LUNATIK_IN_PROCESS);
module_lunatik(thread);

MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("Lunatik: the thread Lua module, kernel threads");
