/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-guard-utils.h: what the bad-input, authorization and security tests
 * share: a snapshot of everything the service keeps (to show that a refused
 * request changed nothing), raw HTTP over a socket (for what libsoup's client
 * will not send), and hand-made ZIP archives (zip bombs).
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "eoc-test-server.h"

G_BEGIN_DECLS

/* Everything the service keeps, as text: users, environments, and for each
 * environment its backups, schedule and activity (all pages, through the API),
 * plus the number of files in uploads/, backups/ and tmp/. Two snapshots are
 * equal when nothing changed. */
char        *guard_snapshot        (EocTestServer *server);

/* Fails the test, showing the first line that differs, when the snapshots differ. */
void         guard_assert_same     (const char    *before,
                                    const char    *after);

/* Asserts GET /api/v1/health answers 200. */
void         guard_assert_healthy  (EocTestServer *server);

typedef struct {
  guint    status;       /* 0: no answer before the timeout or the connection closed */
  char    *head;         /* status line and headers */
  GBytes  *body;         /* as long as Content-Length says, or what came */
  JsonNode *json;        /* the body parsed when it is JSON */
} GuardRawResponse;

void              guard_raw_response_free (GuardRawResponse *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GuardRawResponse, guard_raw_response_free)

/* Connects to 127.0.0.1:@port, writes @request as is, and reads one answer,
 * waiting at most @timeout_ms for it. */
GuardRawResponse *guard_raw_request (guint16  port,
                                     GBytes  *request,
                                     guint    timeout_ms);

/* Checks an error answer: a JSON body {"error": {"code": C, "message": M}}
 * with a non-empty message; returns the code (owned by @json). */
const char  *guard_error_code      (JsonNode *json);

/* A ZIP64 archive of @n_entries entries "files/bomb-N" whose content is
 * @entry_size zero bytes, deflated (about 1000:1), with a valid manifest for
 * @version. With @lie, the headers claim each entry is 1000 bytes. */
GBytes      *guard_make_zip_bomb   (const char *version,
                                    guint       n_entries,
                                    guint64     entry_size,
                                    gboolean    lie);

G_END_DECLS
