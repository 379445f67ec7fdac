/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-client-utils.h: what the client's tests share: the real service with
 * a client per role, waiting for async calls, configuration files written to
 * disk, and measures.
 */
#pragma once

#include "eoc-client.h"
#include "eoc-test-server.h"

G_BEGIN_DECLS

#define WAIT_SECONDS 60

typedef struct {
  EocTestServer *server;
  EocClient     *admin;
  EocClient     *operator_;
  EocClient     *viewer;
  char          *dir;         /* a temporary directory for files, removed at the end */
} Fixture;

/* Starts the service with @extra_args (may be NULL). */
void           fixture_set_up         (Fixture            *fixture,
                                       const char *const  *extra_args);
void           fixture_tear_down      (Fixture            *fixture);

/* For an async call: stores a reference to the result in *(GAsyncResult **) @user_data. */
void           store_result_cb        (GObject            *source,
                                       GAsyncResult       *result,
                                       gpointer            user_data);
/* Runs the main context until *@slot is set (failing after WAIT_SECONDS); returns it. */
GAsyncResult  *wait_result            (GAsyncResult      **slot);

/* Creates an environment as the administrator. */
EocEnvironment *make_environment      (Fixture            *fixture,
                                       const char         *name,
                                       EocEnvironmentType  type,
                                       const char         *version);
/* Waits until the operation has finished (polling); returns it. */
EocOperation   *wait_operation        (EocClient          *client,
                                       const char         *operation_id);
/* Makes a backup as the operator and waits for it; returns it, available. */
EocBackup      *make_backup           (Fixture            *fixture,
                                       const char         *environment_id,
                                       const char         *name);

/* Writes a valid configuration file at @path: manifest.json for @version with
 * @settings_json, then files/ENTRY for the NULL-terminated pairs path, content
 * in @files, then, when @big_size > 0, files/big.bin of that many bytes,
 * written as it goes (stored, not compressed). */
void           write_configuration    (const char         *path,
                                       const char         *version,
                                       const char         *settings_json,
                                       const char *const  *files,
                                       guint64             big_size);

/* Uploads @path as the operator and imports it; waits for the import. */
EocUpload     *upload_and_import      (Fixture            *fixture,
                                       const char         *environment_id,
                                       const char         *path);

/* Hex SHA-256 of a file. */
char          *file_sha256            (const char         *path);
/* Names in a directory, sorted, as one string ("a b c"; "" when empty). */
char          *list_dir               (const char         *path);
/* A field of /proc/self/status in KiB ("VmRSS", "VmHWM"). */
guint64        proc_status_kib        (const char         *field);

/* The SHA-256 of the environment's current configuration, by downloading it. */
char          *configuration_sha256   (Fixture            *fixture,
                                       const char         *environment_id);

G_END_DECLS
