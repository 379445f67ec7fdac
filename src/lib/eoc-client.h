/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-client.h: the client of the Env Ops Center service's HTTP API.
 *
 * One _async/_finish pair per operation of the API. Every call takes a
 * GCancellable, never blocks, and calls back on the thread-default main
 * context of the caller. Errors are in EOC_CLIENT_ERROR (see
 * eoc-client-error.h), except G_IO_ERROR_CANCELLED when cancelled and
 * G_IO_ERROR for a local file that cannot be read or written.
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "eoc-activity.h"
#include "eoc-backup.h"
#include "eoc-changes.h"
#include "eoc-client-error.h"
#include "eoc-environment.h"
#include "eoc-operation.h"
#include "eoc-schedule.h"
#include "eoc-upload.h"
#include "eoc-user.h"

G_BEGIN_DECLS

/**
 * EocProgressFunc:
 * @done: bytes sent or received so far
 * @total: bytes in all, or 0 when unknown
 * @user_data: the data given with the function
 *
 * Reports how far a transfer has got. It is called on the caller's main
 * context, at most about every 100 ms, and once more when the transfer is
 * complete (@done equal to @total). An upload that has to start again (after
 * a redirect) reports from 0 again.
 */
typedef void (*EocProgressFunc) (guint64  done,
                                 guint64  total,
                                 gpointer user_data);

#define EOC_TYPE_CLIENT (eoc_client_get_type ())
G_DECLARE_FINAL_TYPE (EocClient, eoc_client, EOC, CLIENT, GObject)

EocClient      *eoc_client_new                       (const char           *base_uri,
                                                      const char           *token);
EocClient      *eoc_client_new_with_session          (const char           *base_uri,
                                                      const char           *token,
                                                      SoupSession          *session);

const char     *eoc_client_get_base_uri              (EocClient            *self);
const char     *eoc_client_get_token                 (EocClient            *self);
void            eoc_client_set_token                 (EocClient            *self,
                                                      const char           *token);
SoupSession    *eoc_client_get_session               (EocClient            *self);

GUri           *eoc_client_build_uri                 (EocClient            *self,
                                                      const char           *path_and_query);
SoupMessage    *eoc_client_new_message               (EocClient            *self,
                                                      const char           *method,
                                                      const char           *path_and_query);

/* The service. */
void            eoc_client_get_health_async          (EocClient            *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
char           *eoc_client_get_health_finish         (EocClient            *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

void            eoc_client_get_me_async              (EocClient            *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
EocUser        *eoc_client_get_me_finish             (EocClient            *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

void            eoc_client_list_versions_async       (EocClient            *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
GStrv           eoc_client_list_versions_finish      (EocClient            *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

/* Environments. */
void            eoc_client_list_environments_async   (EocClient            *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
GPtrArray      *eoc_client_list_environments_finish  (EocClient            *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void            eoc_client_prefetch_environments     (EocClient            *self);

void            eoc_client_get_environment_async     (EocClient            *self,
                                                      const char           *environment_id,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
EocEnvironment *eoc_client_get_environment_finish    (EocClient            *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

void            eoc_client_create_environment_async  (EocClient            *self,
                                                      const char           *name,
                                                      EocEnvironmentType    type,
                                                      const char           *version,
                                                      const char           *description,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
EocEnvironment *eoc_client_create_environment_finish (EocClient            *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

void            eoc_client_update_environment_async  (EocClient            *self,
                                                      const char           *environment_id,
                                                      const char           *version,
                                                      gboolean              safety_backup,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
EocOperation   *eoc_client_update_environment_finish (EocClient            *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

void            eoc_client_start_environment_async   (EocClient            *self,
                                                      const char           *environment_id,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
EocOperation   *eoc_client_start_environment_finish  (EocClient            *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

void            eoc_client_stop_environment_async    (EocClient            *self,
                                                      const char           *environment_id,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
EocOperation   *eoc_client_stop_environment_finish   (EocClient            *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

/* The current configuration. */
void            eoc_client_download_configuration_async  (EocClient            *self,
                                                          const char           *environment_id,
                                                          GFile                *destination,
                                                          EocProgressFunc       progress,
                                                          gpointer              progress_data,
                                                          GDestroyNotify        progress_data_destroy,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
gboolean        eoc_client_download_configuration_finish (EocClient            *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);

/* Backups. */
void            eoc_client_list_backups_async        (EocClient            *self,
                                                      const char           *environment_id,
                                                      const char           *query,
                                                      guint                 limit,
                                                      const char           *cursor,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
GPtrArray      *eoc_client_list_backups_finish       (EocClient            *self,
                                                      GAsyncResult         *result,
                                                      char                **next_cursor,
                                                      GError              **error);

void            eoc_client_get_suggested_backup_name_async  (EocClient            *self,
                                                             const char           *environment_id,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
char           *eoc_client_get_suggested_backup_name_finish (EocClient            *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

void            eoc_client_create_backup_async       (EocClient            *self,
                                                      const char           *environment_id,
                                                      const char           *name,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
EocBackup      *eoc_client_create_backup_finish      (EocClient            *self,
                                                      GAsyncResult         *result,
                                                      EocOperation        **operation,
                                                      GError              **error);

void            eoc_client_get_backup_async          (EocClient            *self,
                                                      const char           *environment_id,
                                                      const char           *backup_id,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
EocBackup      *eoc_client_get_backup_finish         (EocClient            *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

void            eoc_client_delete_backup_async       (EocClient            *self,
                                                      const char           *environment_id,
                                                      const char           *backup_id,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean        eoc_client_delete_backup_finish      (EocClient            *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

void            eoc_client_download_backup_async     (EocClient            *self,
                                                      const char           *environment_id,
                                                      const char           *backup_id,
                                                      GFile                *destination,
                                                      EocProgressFunc       progress,
                                                      gpointer              progress_data,
                                                      GDestroyNotify        progress_data_destroy,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean        eoc_client_download_backup_finish    (EocClient            *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

void            eoc_client_get_backup_changes_async  (EocClient            *self,
                                                      const char           *environment_id,
                                                      const char           *backup_id,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
EocChanges     *eoc_client_get_backup_changes_finish (EocClient            *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

void            eoc_client_restore_backup_async      (EocClient            *self,
                                                      const char           *environment_id,
                                                      const char           *backup_id,
                                                      gboolean              safety_backup,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
EocOperation   *eoc_client_restore_backup_finish     (EocClient            *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

/* Uploads and import. */
void            eoc_client_upload_configuration_async  (EocClient            *self,
                                                        const char           *environment_id,
                                                        GFile                *file,
                                                        EocProgressFunc       progress,
                                                        gpointer              progress_data,
                                                        GDestroyNotify        progress_data_destroy,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
EocUpload      *eoc_client_upload_configuration_finish (EocClient            *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

void            eoc_client_get_upload_async          (EocClient            *self,
                                                      const char           *environment_id,
                                                      const char           *upload_id,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
EocUpload      *eoc_client_get_upload_finish         (EocClient            *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

void            eoc_client_discard_upload_async      (EocClient            *self,
                                                      const char           *environment_id,
                                                      const char           *upload_id,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean        eoc_client_discard_upload_finish     (EocClient            *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

void            eoc_client_get_upload_changes_async  (EocClient            *self,
                                                      const char           *environment_id,
                                                      const char           *upload_id,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
EocChanges     *eoc_client_get_upload_changes_finish (EocClient            *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

void            eoc_client_import_upload_async       (EocClient            *self,
                                                      const char           *environment_id,
                                                      const char           *upload_id,
                                                      gboolean              safety_backup,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
EocOperation   *eoc_client_import_upload_finish      (EocClient            *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

/* Schedule. */
void            eoc_client_get_schedule_async        (EocClient            *self,
                                                      const char           *environment_id,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
EocSchedule    *eoc_client_get_schedule_finish       (EocClient            *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

void            eoc_client_set_schedule_async        (EocClient            *self,
                                                      const char           *environment_id,
                                                      EocSchedule          *schedule,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
EocSchedule    *eoc_client_set_schedule_finish       (EocClient            *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

/* Activity and operations. */
void            eoc_client_list_activity_async       (EocClient            *self,
                                                      const char           *environment_id,
                                                      guint                 limit,
                                                      const char           *cursor,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
GPtrArray      *eoc_client_list_activity_finish      (EocClient            *self,
                                                      GAsyncResult         *result,
                                                      char                **next_cursor,
                                                      GError              **error);

void            eoc_client_get_operation_async       (EocClient            *self,
                                                      const char           *operation_id,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
EocOperation   *eoc_client_get_operation_finish      (EocClient            *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

G_END_DECLS
