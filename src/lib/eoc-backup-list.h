/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "eoc-client.h"
#include "eoc-event-stream.h"

G_BEGIN_DECLS

#define EOC_TYPE_BACKUP_LIST (eoc_backup_list_get_type ())
G_DECLARE_FINAL_TYPE (EocBackupList, eoc_backup_list, EOC, BACKUP_LIST, GObject)

EocBackupList  *eoc_backup_list_new                (EocClient            *client,
                                                    EocEventStream       *stream,
                                                    const char           *environment_id);

EocClient      *eoc_backup_list_get_client         (EocBackupList        *self);
EocEventStream *eoc_backup_list_get_stream         (EocBackupList        *self);
const char     *eoc_backup_list_get_environment_id (EocBackupList        *self);
guint           eoc_backup_list_get_page_size      (EocBackupList        *self);
const char     *eoc_backup_list_get_query          (EocBackupList        *self);
void            eoc_backup_list_set_query          (EocBackupList        *self,
                                                    const char           *query);
gboolean        eoc_backup_list_get_loading        (EocBackupList        *self);
gboolean        eoc_backup_list_get_has_more       (EocBackupList        *self);
const GError   *eoc_backup_list_get_error          (EocBackupList        *self);

EocBackup      *eoc_backup_list_find               (EocBackupList        *self,
                                                    const char           *id);

void            eoc_backup_list_load_more_async    (EocBackupList        *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean        eoc_backup_list_load_more_finish   (EocBackupList        *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

void            eoc_backup_list_refresh_async      (EocBackupList        *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean        eoc_backup_list_refresh_finish     (EocBackupList        *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

G_END_DECLS
