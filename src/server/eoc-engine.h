/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-engine.h: long operations (backup, restore, import, update, start,
 * stop). Each start function checks and records the operation in one
 * transaction, announces it, and runs it on a thread of its own; it returns
 * the operation (state "running"). Errors are EOC_API_ERROR, with @details
 * set where the API gives details.
 */
#pragma once

#include "eoc-context.h"

G_BEGIN_DECLS

JsonObject *eoc_engine_start_backup  (EocContext  *ctx,
                                      const char  *environment_id,
                                      const char  *name,        /* or NULL: a fresh unique one */
                                      const char  *origin,      /* manual or scheduled */
                                      const char  *user,
                                      JsonObject **backup,
                                      JsonObject **details,
                                      GError     **error);
JsonObject *eoc_engine_start_restore (EocContext  *ctx,
                                      const char  *environment_id,
                                      const char  *backup_id,
                                      gboolean     safety_backup,
                                      const char  *user,
                                      JsonObject **details,
                                      GError     **error);
JsonObject *eoc_engine_start_import  (EocContext  *ctx,
                                      const char  *environment_id,
                                      const char  *upload_id,
                                      gboolean     safety_backup,
                                      const char  *user,
                                      JsonObject **details,
                                      GError     **error);
JsonObject *eoc_engine_start_update  (EocContext  *ctx,
                                      const char  *environment_id,
                                      const char  *version,
                                      gboolean     safety_backup,
                                      const char  *user,
                                      JsonObject **details,
                                      GError     **error);
JsonObject *eoc_engine_start_power   (EocContext  *ctx,
                                      const char  *environment_id,
                                      gboolean     start,
                                      const char  *user,
                                      JsonObject **details,
                                      GError     **error);

/* Refuses with VERSION_MISMATCH (details: both versions) unless the versions are the same. */
gboolean    eoc_engine_check_versions (const char  *environment_version,
                                       const char  *configuration_version,
                                       JsonObject **details,
                                       GError     **error);

/* A name for a new backup: "<environment> backup YYYY-MM-DD HH:MM", made unique. */
char       *eoc_engine_suggest_backup_name (EocContext *ctx,
                                            const char *environment_id,
                                            const char *prefix);

/* At start: fails interrupted operations and removes files nothing points at. */
void        eoc_engine_recover       (EocContext  *ctx);

/* Creates an environment with an initial configuration (settings and files). */
JsonObject *eoc_engine_create_environment (EocContext  *ctx,
                                           const char  *name,
                                           const char  *type,
                                           const char  *version,
                                           const char  *description,
                                           JsonNode    *settings,
                                           GPtrArray   *files,      /* EocConfigurationSource, or NULL */
                                           const char  *user,
                                           GError     **error);

/* Makes a backup at once, on this thread, outside any operation (sample data). */
gboolean    eoc_engine_backup_now    (EocContext  *ctx,
                                      const char  *environment_id,
                                      const char  *name,
                                      const char  *user,
                                      GError     **error);

/* Deletes a backup (row, then file), announcing it. */
gboolean    eoc_engine_delete_backup (EocContext  *ctx,
                                      const char  *environment_id,
                                      const char  *backup_id,
                                      const char  *user,
                                      GError     **error);

/* The path of a stored file. */
char       *eoc_engine_backup_path   (EocContext  *ctx,
                                      const char  *backup_id);
char       *eoc_engine_upload_path   (EocContext  *ctx,
                                      const char  *upload_id);
char       *eoc_engine_configuration_path (EocContext *ctx,
                                           const char *environment_id,
                                           GError    **error);

G_END_DECLS
