// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Lunatik objects: a class, a reference count, a lock for the context the
 * object is used in, and the private data of the class, in one allocation.
 */
#include <linux/export.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "internal.h"

/**
 * lunatik_newobject() - allocate an object with one reference
 * @class: the class of the object
 * @size: the size of its private data, zeroed
 * @context: the context it will be used in
 * @gfp: the allocation flags: GFP_KERNEL where sleeping is allowed,
 *	GFP_ATOMIC elsewhere (lunatik_gfp() gives a Lua state's)
 *
 * Return: the object, or NULL without memory.
 */
lunatik_object_t *lunatik_newobject(const struct lunatik_class *class,
				    size_t size, enum lunatik_context context,
				    gfp_t gfp)
{
	lunatik_object_t *object;

	object = kzalloc(sizeof(*object) + size, gfp);
	if (!object)
		return NULL;
	kref_init(&object->kref);
	/* a class of another module: its code must stay until the release */
	if (class->owner != THIS_MODULE)
		__module_get(class->owner);
	object->class = class;
	object->context = context;
	object->private = object + 1;
	if (context == LUNATIK_CONTEXT_PROCESS)
		mutex_init(&object->mutex);
	else
		spin_lock_init(&object->spinlock);
	return object;
}
EXPORT_SYMBOL_GPL(lunatik_newobject);

/**
 * lunatik_getobject() - take a reference to an object
 * @object: the object
 */
void lunatik_getobject(lunatik_object_t *object)
{
	kref_get(&object->kref);
}
EXPORT_SYMBOL_GPL(lunatik_getobject);

static void lunatik_freeobject(lunatik_object_t *object)
{
	struct module *owner = object->class->owner;

	if (object->class->release)
		object->class->release(object->private);
	if (object->context == LUNATIK_CONTEXT_PROCESS)
		mutex_destroy(&object->mutex);
	kfree_rcu(object, rcu);
	if (owner != THIS_MODULE)
		module_put(owner);
}

static void lunatik_releaseobject(struct kref *kref)
{
	lunatik_freeobject(container_of(kref, lunatik_object_t, kref));
}

/* objects whose last reference dropped where sleeping is not allowed */
static LLIST_HEAD(lunatik_freelist);

static void lunatik_freework(struct work_struct *work)
{
	struct llist_node *list = llist_del_all(&lunatik_freelist);
	lunatik_object_t *object, *next;

	llist_for_each_entry_safe(object, next, list, free)
		lunatik_freeobject(object);
}

static DECLARE_WORK(lunatik_freeobjects, lunatik_freework);

static void lunatik_releaselater(struct kref *kref)
{
	lunatik_object_t *object = container_of(kref, lunatik_object_t, kref);

	if (llist_add(&object->free, &lunatik_freelist))
		schedule_work(&lunatik_freeobjects);
}

/**
 * lunatik_putobject_later() - drop a reference where sleeping is not allowed
 * @object: the object
 *
 * As lunatik_putobject(), but the last reference releases the object
 * later, from a workqueue.
 *
 * Return: 1 if the object is to be released, 0 otherwise.
 */
int lunatik_putobject_later(lunatik_object_t *object)
{
	return kref_put(&object->kref, lunatik_releaselater);
}

/**
 * lunatik_flushobjects() - wait for the releases lunatik_putobject_later()
 *	left to the workqueue
 */
void lunatik_flushobjects(void)
{
	flush_work(&lunatik_freeobjects);
}

/**
 * lunatik_putobject() - drop a reference to an object
 * @object: the object
 *
 * The last reference releases the object: its class's release function,
 * then its memory. Dropping a process-context object's last reference may
 * sleep.
 *
 * Return: 1 if the object was released, 0 otherwise.
 */
int lunatik_putobject(lunatik_object_t *object)
{
	return kref_put(&object->kref, lunatik_releaseobject);
}
EXPORT_SYMBOL_GPL(lunatik_putobject);
