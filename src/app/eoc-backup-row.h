/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-backup-row.h: one backup in the Backups view: its name, when, by whom
 * and at which version it was taken, its size, "Creating Backup" while it is
 * made, and its Options (…) menu: Restore, Download, Delete.
 */
#pragma once

#include <adwaita.h>

#include "eoc-backup.h"

G_BEGIN_DECLS

#define EOC_TYPE_BACKUP_ROW (eoc_backup_row_get_type ())
G_DECLARE_FINAL_TYPE (EocBackupRow, eoc_backup_row, EOC, BACKUP_ROW, GtkWidget)

GtkWidget *eoc_backup_row_new        (void);
EocBackup *eoc_backup_row_get_backup (EocBackupRow *self);
void       eoc_backup_row_set_backup (EocBackupRow *self,
                                      EocBackup    *backup);
GtkPopover *eoc_backup_row_get_menu  (EocBackupRow *self);

G_END_DECLS
