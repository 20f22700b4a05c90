/* SPDX-License-Identifier: GPL-2.0 */
/* routefence notifiers: interfaces that go away, sockets that close. */
#ifndef _RF_NOTIFIERS_H
#define _RF_NOTIFIERS_H

int rf_notifiers_init(void);
void rf_notifiers_exit(void);

#endif /* _RF_NOTIFIERS_H */
