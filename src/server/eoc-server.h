/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-server.h: the HTTP and WebSocket front of the service. Requests are
 * checked on the context of the thread that accepted the connection (who is
 * calling, what may they do, how large is the body) and answered from worker
 * threads, so no handler ever blocks a loop; uploads are streamed to disk as
 * they arrive.
 */
#pragma once

#include <libsoup/soup.h>

#include "eoc-context.h"

G_BEGIN_DECLS

#define EOC_TYPE_SERVER (eoc_server_get_type ())
G_DECLARE_FINAL_TYPE (EocServer, eoc_server, EOC, SERVER, GObject)

/* Largest JSON request body. */
#define EOC_SERVER_MAX_JSON_BODY (1024 * 1024)
/* Most threads serving HTTP unless asked for more, and most at all. */
#define EOC_SERVER_MAX_DEFAULT_THREADS 4
#define EOC_SERVER_MAX_THREADS 64

/* One thread a processor, at most EOC_SERVER_MAX_DEFAULT_THREADS. */
guint       eoc_server_default_threads (void);

/* Serves HTTP on @n_threads threads (0: eoc_server_default_threads()), the
 * caller's (its thread-default context) and others of its own, all on one
 * port; the scheduler runs on the caller's. */
EocServer  *eoc_server_new      (EocContext       *ctx,
                                 GTlsCertificate  *certificate,
                                 guint             n_threads);
/* @address: "HOST:PORT" with an IP literal or "localhost"; port 0 picks a free one. */
gboolean    eoc_server_listen   (EocServer        *self,
                                 const char       *address,
                                 gboolean          insecure,
                                 GError          **error);
/* The base URL clients use, e.g. "http://127.0.0.1:8420/". */
char       *eoc_server_get_url  (EocServer        *self);
/* The threads serving HTTP (once listening). */
guint       eoc_server_get_n_threads (EocServer   *self);
/* Stops listening and closes live connections, on every thread. The threads
 * are joined when the server is dropped; wait until it is not busy first. */
void        eoc_server_shutdown (EocServer        *self);
/* Whether work is going on in a thread: requests being answered, a scheduler run. */
gboolean    eoc_server_is_busy  (EocServer        *self);
/* Once not busy: ends and joins the threads serving HTTP, whoever still holds
 * a reference to the server (an idle of its own, say). */
void        eoc_server_join     (EocServer        *self);

G_END_DECLS
