/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-test-server.h: the real eoc-server, started for a test on 127.0.0.1
 * port 0 with a temporary data directory and three users.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  char        *data_dir;        /* temporary, removed by eoc_test_server_free() */
  char        *url;             /* "http://127.0.0.1:PORT" (no trailing slash) */
  guint16      port;
  char        *admin_token;
  char        *operator_token;
  char        *viewer_token;
  GSubprocess *process;         /* NULL while stopped */
  GStrv        args;            /* extra arguments, kept for restarts */
} EocTestServer;

/* Starts the service with --apply-delay 0 and the extra arguments
 * @extra_args (NULL-terminated, may be NULL; may override --apply-delay), and
 * waits until it prints "Listening on URL". Aborts the test on failure. */
EocTestServer *eoc_test_server_new     (const char *const *extra_args);

/* Stops it with SIGTERM and waits; TRUE when it exited with status 0. */
gboolean       eoc_test_server_stop    (EocTestServer *self);

/* Kills it with SIGKILL and waits. */
void           eoc_test_server_kill    (EocTestServer *self);

/* Starts it again on the same data directory and the same port. */
void           eoc_test_server_restart (EocTestServer *self);

/* Runs `eoc-server --data-dir DIR ARGS...` to completion (for "user add",
 * for example) and returns its standard output, or NULL when it failed. */
char          *eoc_test_server_run_command (EocTestServer     *self,
                                            const char *const *args);

/* Stops it if running and removes the data directory. */
void           eoc_test_server_free    (EocTestServer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EocTestServer, eoc_test_server_free)

/* Removes a directory tree (test clean-up). */
void           eoc_test_rm_rf          (const char *path);

G_END_DECLS
