/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/lunatik.yaml */
/* Regenerate with: make ynl (scripts/ynl.sh) */
/* YNL-GEN uapi header */

#ifndef _UAPI_LINUX_LUNATIK_H
#define _UAPI_LINUX_LUNATIK_H

#define LUNATIK_FAMILY_NAME	"lunatik"
#define LUNATIK_FAMILY_VERSION	1

#define LUNATIK_SCRIPT_MAX	255
#define LUNATIK_CHUNK_MAX	16384

/**
 * enum lunatik_context - Where the callbacks of a runtime run, which chooses
 *   its lock.
 * @LUNATIK_CONTEXT_PROCESS: A mutex; allocations may sleep.
 * @LUNATIK_CONTEXT_SOFTIRQ: A spinlock taken with softirqs off; an instruction
 *   budget.
 * @LUNATIK_CONTEXT_HARDIRQ: A spinlock taken with interrupts off; an
 *   instruction budget.
 */
enum lunatik_context {
	LUNATIK_CONTEXT_PROCESS,
	LUNATIK_CONTEXT_SOFTIRQ,
	LUNATIK_CONTEXT_HARDIRQ,
};

enum {
	LUNATIK_A_RUNTIME_SCRIPT = 1,
	LUNATIK_A_RUNTIME_CONTEXT,
	LUNATIK_A_RUNTIME_QUOTA,
	LUNATIK_A_RUNTIME_MEMORY,
	LUNATIK_A_RUNTIME_REFCOUNT,
	LUNATIK_A_RUNTIME_THREAD,
	LUNATIK_A_RUNTIME_CHUNK,
	LUNATIK_A_RUNTIME_RESULT,
	LUNATIK_A_RUNTIME_ERROR,
	LUNATIK_A_RUNTIME_PAD,
	LUNATIK_A_RUNTIME_DROPS,

	__LUNATIK_A_RUNTIME_MAX,
	LUNATIK_A_RUNTIME_MAX = (__LUNATIK_A_RUNTIME_MAX - 1)
};

enum {
	LUNATIK_CMD_RUN = 1,
	LUNATIK_CMD_SPAWN,
	LUNATIK_CMD_STOP,
	LUNATIK_CMD_LIST,
	LUNATIK_CMD_EXEC,

	__LUNATIK_CMD_MAX,
	LUNATIK_CMD_MAX = (__LUNATIK_CMD_MAX - 1)
};

#endif /* _UAPI_LINUX_LUNATIK_H */
