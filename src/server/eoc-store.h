/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-store.h: the service's database. One SQLite connection (WAL,
 * synchronous=FULL) guarded by a mutex, so any thread may call in; every
 * function that changes several rows does it in one transaction. Rows come
 * back as the API's JSON objects. Errors are EOC_API_ERROR.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "eoc-util.h"

G_BEGIN_DECLS

typedef struct _EocStore EocStore;

EocStore   *eoc_store_open               (const char *path,
                                          GError    **error);
void        eoc_store_close              (EocStore   *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EocStore, eoc_store_close)

gboolean    eoc_store_is_new             (EocStore   *self);
/* Grows with every row this service changes: what was read at one value is still true while
 * the value stays the same. */
gint64      eoc_store_get_generation     (EocStore   *self);
char       *eoc_store_integrity_check    (EocStore   *self);

/* Users. */
gboolean    eoc_store_add_user           (EocStore   *self,
                                          const char *name,
                                          EocRole     role,
                                          const char *token_hash,
                                          GError    **error);
gboolean    eoc_store_delete_user        (EocStore   *self,
                                          const char *name,
                                          GError    **error);
JsonArray  *eoc_store_list_users         (EocStore   *self);
gboolean    eoc_store_find_user          (EocStore   *self,
                                          const char *token_hash,
                                          char      **name,
                                          EocRole    *role);
/* Calls @func for each user: name, role, token hash. */
void        eoc_store_foreach_user       (EocStore   *self,
                                          void      (*func) (const char *name,
                                                             EocRole     role,
                                                             const char *token_hash,
                                                             gpointer    data),
                                          gpointer    data);

/* Versions. */
JsonArray  *eoc_store_list_versions      (EocStore   *self);
gboolean    eoc_store_has_version        (EocStore   *self,
                                          const char *version);

/* Environments. */
JsonObject *eoc_store_create_environment (EocStore   *self,
                                          const char *id,
                                          const char *name,
                                          const char *type,
                                          const char *version,
                                          const char *description,
                                          const char *config_file,
                                          const char *config_sha256,
                                          const char *user,
                                          GError    **error);
JsonObject *eoc_store_get_environment    (EocStore   *self,
                                          const char *id,
                                          GError    **error);
JsonArray  *eoc_store_list_environments  (EocStore   *self);
/* The file name (relative to the environment's folder) and SHA-256 of its current configuration. */
gboolean    eoc_store_get_configuration  (EocStore   *self,
                                          const char *environment_id,
                                          char      **config_file,
                                          char      **config_sha256,
                                          GError    **error);
GPtrArray  *eoc_store_list_configuration_files (EocStore *self);
gboolean    eoc_store_set_status         (EocStore   *self,
                                          const char *environment_id,
                                          const char *status,
                                          GError    **error);

/* Backups. */
JsonArray  *eoc_store_list_backups       (EocStore   *self,
                                          const char *environment_id,
                                          guint       limit,
                                          gint64      before_seq,    /* 0: from the newest */
                                          const char *query,         /* or NULL */
                                          gint64     *next_seq,      /* 0 when no more */
                                          GError    **error);
JsonObject *eoc_store_get_backup         (EocStore   *self,
                                          const char *environment_id,
                                          const char *backup_id,
                                          GError    **error);
gboolean    eoc_store_backup_name_taken  (EocStore   *self,
                                          const char *environment_id,
                                          const char *name);
/* @base, or "@base (2)", "@base (3)"… whichever is free. */
char       *eoc_store_unique_backup_name (EocStore   *self,
                                          const char *environment_id,
                                          const char *base);
gboolean    eoc_store_delete_backup      (EocStore   *self,
                                          const char *environment_id,
                                          const char *backup_id,
                                          const char *user,
                                          GError    **error);
/* Scheduled backups of @environment_id older than @before, available ones. */
GPtrArray  *eoc_store_expired_scheduled_backups (EocStore   *self,
                                                 const char *environment_id,
                                                 gint64      before);
GPtrArray  *eoc_store_list_backup_ids    (EocStore   *self);

/* Uploads. */
JsonObject *eoc_store_add_upload         (EocStore   *self,
                                          const char *id,
                                          const char *environment_id,
                                          const char *user,
                                          const char *filename,
                                          guint64     size,
                                          const char *sha256,
                                          const char *version,
                                          gint64      expires_at,
                                          GError    **error);
JsonObject *eoc_store_get_upload         (EocStore   *self,
                                          const char *environment_id,
                                          const char *upload_id,
                                          GError    **error);
gboolean    eoc_store_delete_upload      (EocStore   *self,
                                          const char *upload_id);
guint       eoc_store_count_uploads      (EocStore   *self,
                                          const char *user);
GPtrArray  *eoc_store_expired_uploads    (EocStore   *self,
                                          gint64      now);
GPtrArray  *eoc_store_list_upload_ids    (EocStore   *self);

/* Operations. */
typedef struct {
  const char *environment_id;
  const char *kind;             /* backup, restore, import, update, start, stop */
  const char *user;
  const char *message;
  const char *status;           /* the environment's status while it runs, or NULL to keep it */
  const char *params;           /* JSON text the engine needs (version, backup id, upload id...) */
  /* For kind "backup": the backup row reserved in state "creating". */
  const char *backup_id;
  const char *backup_name;
  const char *backup_origin;
  const char *backup_version;
} EocOperationStart;

/*
 * Atomically: refuses with OPERATION_IN_PROGRESS (details: operation_id, kind)
 * when the environment runs one, or NAME_TAKEN for a backup name in use; else
 * inserts the operation (state running), sets the environment's status and
 * operation, and reserves the backup row. Returns the operation.
 */
JsonObject *eoc_store_begin_operation    (EocStore                *self,
                                          const EocOperationStart *start,
                                          JsonObject             **details,
                                          GError                 **error);
JsonObject *eoc_store_get_operation      (EocStore   *self,
                                          const char *id,
                                          GError    **error);
char       *eoc_store_get_operation_params (EocStore   *self,
                                            const char *id);
JsonObject *eoc_store_set_operation_progress (EocStore   *self,
                                              const char *id,
                                              double      progress,
                                              const char *message);
void        eoc_store_append_operation_log   (EocStore   *self,
                                              const char *id,
                                              const char *text);

/* Inserts a backup row in state "creating" for an operation already running (safety backups). */
JsonObject *eoc_store_add_creating_backup (EocStore   *self,
                                           const char *environment_id,
                                           const char *backup_id,
                                           const char *name,
                                           const char *creator,
                                           const char *version,
                                           const char *origin,
                                           const char *operation_id,
                                           GError    **error);
/* A backup finished writing: available, with its size and SHA-256; last backup time set. */
JsonObject *eoc_store_complete_backup    (EocStore   *self,
                                          const char *environment_id,
                                          const char *backup_id,
                                          guint64     size,
                                          const char *sha256,
                                          GError    **error);
/* A backup that could not be made: its row removed. */
void        eoc_store_discard_backup     (EocStore   *self,
                                          const char *backup_id);

typedef struct {
  const char *operation_id;
  gboolean    succeeded;
  const char *error;            /* reason, when failed */
  const char *status;           /* the environment's status now */
  const char *version;          /* new version, or NULL */
  const char *config_file;      /* new configuration, or NULL */
  const char *config_sha256;
  const char *upload_id;        /* upload to forget, or NULL */
  const char *backup_id;        /* backup the operation made, available from now on, or NULL */
  guint64     backup_size;
  const char *backup_sha256;
  const char *action;           /* activity */
  const char *summary;
} EocOperationEnd;

/* Ends an operation in one transaction: environment, operation, backup made, activity. */
gboolean    eoc_store_end_operation      (EocStore               *self,
                                          const EocOperationEnd  *end,
                                          GError                **error);

/* After a crash: fails whatever was running, with @reason; returns the operations failed. */
JsonArray  *eoc_store_fail_interrupted   (EocStore   *self,
                                          const char *reason);

/* Activity. */
JsonObject *eoc_store_add_activity       (EocStore   *self,
                                          const char *environment_id,
                                          const char *user,
                                          const char *action,
                                          const char *summary,
                                          gboolean    succeeded);
JsonArray  *eoc_store_list_activity      (EocStore   *self,
                                          const char *environment_id,
                                          guint       limit,
                                          gint64      before_seq,
                                          gint64     *next_seq);
/* The newest activity entry of an environment. */
JsonObject *eoc_store_last_activity      (EocStore   *self,
                                          const char *environment_id);

/* Schedules: the spec as JSON text, and its next and last runs. */
gboolean    eoc_store_get_schedule       (EocStore   *self,
                                          const char *environment_id,
                                          char      **spec,
                                          gint64     *next_run,
                                          gint64     *last_run);
gboolean    eoc_store_set_schedule       (EocStore   *self,
                                          const char *environment_id,
                                          const char *spec,
                                          gint64      next_run,
                                          gint64      last_run,
                                          GError    **error);
/* Environment ids whose next run is due at @now. */
GPtrArray  *eoc_store_due_schedules      (EocStore   *self,
                                          gint64      now);

G_END_DECLS
