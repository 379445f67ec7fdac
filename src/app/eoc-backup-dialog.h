/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-backup-dialog.h: the Create Backup dialog. It proposes a unique name
 * from the service, checks the name as the user types it (the service's
 * rules, and whether a backup of the environment already has it), and asks
 * the service to make the backup.
 *
 * Signals:
 * - operation-started (EocOperation *operation): the backup is being made;
 *   the dialog closes itself right after.
 */
#pragma once

#include <adwaita.h>

#include "eoc-client.h"

G_BEGIN_DECLS

#define EOC_TYPE_BACKUP_DIALOG (eoc_backup_dialog_get_type ())
G_DECLARE_FINAL_TYPE (EocBackupDialog, eoc_backup_dialog, EOC, BACKUP_DIALOG, AdwWindow)

EocBackupDialog *eoc_backup_dialog_new             (GtkWindow       *parent,
                                                    EocClient       *client,
                                                    EocEnvironment  *environment);
EocClient       *eoc_backup_dialog_get_client      (EocBackupDialog *self);
EocEnvironment  *eoc_backup_dialog_get_environment (EocBackupDialog *self);

G_END_DECLS
