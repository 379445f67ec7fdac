/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-backup.h: a backup of an environment's configuration.
 */
#pragma once

#include <glib-object.h>

#include "eoc-enum-types.h"
#include "eoc-enums.h"

G_BEGIN_DECLS

#define EOC_TYPE_BACKUP (eoc_backup_get_type ())
G_DECLARE_FINAL_TYPE (EocBackup, eoc_backup, EOC, BACKUP, GObject)

const char      *eoc_backup_get_id             (EocBackup *self);
const char      *eoc_backup_get_environment_id (EocBackup *self);
const char      *eoc_backup_get_name           (EocBackup *self);
GDateTime       *eoc_backup_get_created_at     (EocBackup *self);
const char      *eoc_backup_get_creator        (EocBackup *self);
const char      *eoc_backup_get_version        (EocBackup *self);
EocBackupState   eoc_backup_get_state          (EocBackup *self);
EocBackupOrigin  eoc_backup_get_origin         (EocBackup *self);
gint64           eoc_backup_get_size           (EocBackup *self);
const char      *eoc_backup_get_sha256         (EocBackup *self);
const char      *eoc_backup_get_operation_id   (EocBackup *self);
void             eoc_backup_update_from        (EocBackup *self,
                                                EocBackup *other);

G_END_DECLS
