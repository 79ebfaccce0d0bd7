/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The test-only hook of lunatik_testhook.c, for the KUnit tests.
 */
#ifndef _LUNATIK_TESTHOOK_H
#define _LUNATIK_TESTHOOK_H

#include <linux/lunatik.h>

enum {
	TESTHOOK_RAN,
	TESTHOOK_QUEUED,
	TESTHOOK_DROPPED,
	TESTHOOK_REFUSED,
	TESTHOOK_CALLED,
	TESTHOOK_COUNTS
};

int lunatik_testhook_fire(lunatik_object_t *object, lua_Integer value);
void lunatik_testhook_counts(lunatik_object_t *object, long counts[TESTHOOK_COUNTS]);
lunatik_object_t *lunatik_testhook_get(lua_State *L, int index);

#endif
