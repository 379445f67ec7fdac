/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-connection.h: one service the app can open: the private local one, or a
 * remote one the user added (its token lives in the keyring, not here).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The id of the app's own private local service. */
#define EOC_CONNECTION_LOCAL_ID "local"

#define EOC_TYPE_CONNECTION (eoc_connection_get_type ())
G_DECLARE_FINAL_TYPE (EocConnection, eoc_connection, EOC, CONNECTION, GObject)

EocConnection *eoc_connection_new       (const char    *id,
                                         const char    *name,
                                         const char    *url);
EocConnection *eoc_connection_new_local (void);
const char    *eoc_connection_get_id    (EocConnection *self);
const char    *eoc_connection_get_name  (EocConnection *self);
const char    *eoc_connection_get_url   (EocConnection *self);
gboolean       eoc_connection_is_local  (EocConnection *self);

G_END_DECLS
