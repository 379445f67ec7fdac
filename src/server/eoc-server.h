/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-server.h: the HTTP and WebSocket front of the service. Requests are
 * checked on the main context (who is calling, what may they do, how large is
 * the body) and answered from worker threads, so no handler ever blocks the
 * loop; uploads are streamed to disk as they arrive.
 */
#pragma once

#include <libsoup/soup.h>

#include "eoc-context.h"

G_BEGIN_DECLS

#define EOC_TYPE_SERVER (eoc_server_get_type ())
G_DECLARE_FINAL_TYPE (EocServer, eoc_server, EOC, SERVER, GObject)

/* Largest JSON request body. */
#define EOC_SERVER_MAX_JSON_BODY (1024 * 1024)

EocServer  *eoc_server_new      (EocContext       *ctx,
                                 GTlsCertificate  *certificate);
/* @address: "HOST:PORT" with an IP literal or "localhost"; port 0 picks a free one. */
gboolean    eoc_server_listen   (EocServer        *self,
                                 const char       *address,
                                 gboolean          insecure,
                                 GError          **error);
/* The base URL clients use, e.g. "http://127.0.0.1:8420/". */
char       *eoc_server_get_url  (EocServer        *self);
/* Stops listening and closes live connections. */
void        eoc_server_shutdown (EocServer        *self);
gboolean    eoc_server_is_busy  (EocServer        *self);

G_END_DECLS
