/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-connection-store.h: the services the user added, kept in GSettings
 * (id, name, URL), with each one's token in the user's keyring through
 * libsecret. Tokens are never written anywhere else.
 */
#pragma once

#include <gio/gio.h>

#include "eoc-connection.h"

G_BEGIN_DECLS

#define EOC_TYPE_CONNECTION_STORE (eoc_connection_store_get_type ())
G_DECLARE_FINAL_TYPE (EocConnectionStore, eoc_connection_store, EOC, CONNECTION_STORE, GObject)

EocConnectionStore *eoc_connection_store_new                (GSettings           *settings);
/* The connections as EocConnection items: the local service first, then the
 * remote ones in the order they were added. Follows changes to the settings. */
GListModel         *eoc_connection_store_get_connections    (EocConnectionStore  *self);
/* Returns: (transfer full) (nullable) */
EocConnection      *eoc_connection_store_lookup             (EocConnectionStore  *self,
                                                             const char          *id);

/* Checks that @url is an http or https URL with a host. */
gboolean            eoc_connection_store_check_url          (const char          *url,
                                                             GError             **error);

/* Adds a connection (@id NULL) or changes one. @token NULL or "" keeps the
 * stored token. The token goes to the keyring first; when the keyring refuses
 * it, nothing is saved. */
void                eoc_connection_store_save_async         (EocConnectionStore  *self,
                                                             const char          *id,
                                                             const char          *name,
                                                             const char          *url,
                                                             const char          *token,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
/* Returns: (transfer full): the saved connection */
EocConnection      *eoc_connection_store_save_finish        (EocConnectionStore  *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

void                eoc_connection_store_remove_async       (EocConnectionStore  *self,
                                                             const char          *id,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean            eoc_connection_store_remove_finish      (EocConnectionStore  *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

void                eoc_connection_store_lookup_token_async (EocConnectionStore  *self,
                                                             const char          *id,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
/* Returns: (transfer full) (nullable): the token, or NULL when none is stored */
char               *eoc_connection_store_lookup_token_finish (EocConnectionStore *self,
                                                              GAsyncResult       *result,
                                                              GError            **error);

G_END_DECLS
