// SPDX-License-Identifier: GPL-2.0
/*
 * routefence extack messages. The extack keeps a pointer to its message,
 * which netlink_ack() copies after the handler has returned: a formatted
 * message must outlive the request. NL_SET_ERR_MSG_FMT (6.2 and later) keeps
 * it in the extack but cuts it at 80 characters, and a refusal naming two
 * networks and two IPv6 prefixes is longer; 6.1 has no room at all.
 *
 * Each requesting task gets a buffer of its own. A task's requests are
 * processed one at a time in its own context, each acked before the next
 * starts, so its buffer is free again when it formats its next message; a
 * buffer whose task has exited is free too. Tasks that never fail use none.
 * When every buffer belongs to a live task, the refusal keeps its error
 * code with a fixed message.
 */
#include <linux/pid.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/spinlock.h>

#include "extack.h"

#define RF_EXTACK_SLOTS	128

struct rf_extack_slot {
	struct pid *owner;
	char msg[RF_ERRMSG_LEN];
};

static const char rf_extack_lost[] =
	"refused (too many tasks failing at once to say why)";
static struct rf_extack_slot rf_slots[RF_EXTACK_SLOTS];
static DEFINE_SPINLOCK(rf_slots_lock);

static bool rf_slot_free(const struct rf_extack_slot *s)
{
	bool dead;

	if (!s->owner)
		return true;
	rcu_read_lock();
	dead = !pid_task(s->owner, PIDTYPE_PID);
	rcu_read_unlock();
	return dead;
}

/* The calling task's buffer, or NULL when none is free. */
static char *rf_slot_get(void)
{
	struct pid *me = task_pid(current);
	struct rf_extack_slot *free = NULL;
	char *buf = NULL;
	int i;

	spin_lock(&rf_slots_lock);
	for (i = 0; i < RF_EXTACK_SLOTS; i++) {
		if (rf_slots[i].owner == me) {
			buf = rf_slots[i].msg;
			goto out;
		}
		if (!free && rf_slot_free(&rf_slots[i]))
			free = &rf_slots[i];
	}
	if (free) {
		put_pid(free->owner);
		free->owner = get_pid(me);
		buf = free->msg;
	}
out:
	spin_unlock(&rf_slots_lock);
	return buf;
}

static __printf(3, 0)
void rf_extack_set(struct netlink_ext_ack *extack, const struct nlattr *attr,
		   const char *fmt, va_list ap)
{
	char *buf;

	if (!extack)
		return;
	if (attr)
		extack->bad_attr = attr;
	buf = rf_slot_get();
	if (!buf) {
		extack->_msg = rf_extack_lost;
		return;
	}
	vsnprintf(buf, RF_ERRMSG_LEN, fmt, ap);
	extack->_msg = buf;
}

/**
 * rf_nl_err() - refuse a request with a formatted extack message
 * @extack: the request's extack
 * @attr: the offending attribute (may be NULL)
 * @err: the error code
 * @fmt: the message, without a trailing full stop
 *
 * Return: @err.
 */
int rf_nl_err(struct netlink_ext_ack *extack, const struct nlattr *attr,
	      int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rf_extack_set(extack, attr, fmt, ap);
	va_end(ap);
	return err;
}

/**
 * rf_nl_fail() - refuse a request with a message from the policy layer
 * @extack: the request's extack
 * @attr: the offending attribute (may be NULL)
 * @err: the error code
 * @e: the message (empty: none)
 *
 * Return: @err.
 */
int rf_nl_fail(struct netlink_ext_ack *extack, const struct nlattr *attr,
	       int err, const struct rf_err *e)
{
	if (e->msg[0])
		return rf_nl_err(extack, attr, err, "%s", e->msg);
	if (attr)
		NL_SET_BAD_ATTR(extack, attr);
	return err;
}

/**
 * rf_nl_missing() - refuse a request that lacks an attribute
 * @extack: the request's extack
 * @nest: the nest it is missing from (NULL: the message)
 * @type: the missing attribute
 * @what: what it is, for the message
 *
 * Return: -EINVAL.
 */
int rf_nl_missing(struct netlink_ext_ack *extack, const struct nlattr *nest,
		  int type, const char *what)
{
	NL_SET_ERR_ATTR_MISS(extack, nest, type);
	return rf_nl_err(extack, nest, -EINVAL, "missing %s", what);
}

/**
 * rf_extack_exit() - release the tasks' buffers (module exit)
 */
void rf_extack_exit(void)
{
	int i;

	for (i = 0; i < RF_EXTACK_SLOTS; i++) {
		put_pid(rf_slots[i].owner);
		rf_slots[i].owner = NULL;
	}
}
