/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-restore-dialog.h: the Restore Backup dialog. It warns that restoring
 * erases the environment's current configuration, shows the backup (name,
 * creation date, version) and what restoring it would change, offers a
 * safety backup first, and asks the service to restore. A backup of another
 * version than the environment's cannot be restored: the dialog says so and,
 * when updating the environment would help, offers to update it.
 *
 * Signals:
 * - operation-started (EocOperation *operation): the restore has started;
 *   the dialog closes itself right after.
 * - add-toast (AdwToast *toast): a message for the window, after the dialog
 *   is gone.
 * - update-requested (const char *version): the user wants to update the
 *   environment to @version, the backup's; the dialog closes itself right
 *   after.
 */
#pragma once

#include <adwaita.h>

#include "eoc-client.h"

G_BEGIN_DECLS

#define EOC_TYPE_RESTORE_DIALOG (eoc_restore_dialog_get_type ())
G_DECLARE_FINAL_TYPE (EocRestoreDialog, eoc_restore_dialog, EOC, RESTORE_DIALOG, AdwWindow)

EocRestoreDialog *eoc_restore_dialog_new             (GtkWindow        *parent,
                                                      EocClient        *client,
                                                      EocEnvironment   *environment,
                                                      EocBackup        *backup);
EocClient        *eoc_restore_dialog_get_client      (EocRestoreDialog *self);
EocEnvironment   *eoc_restore_dialog_get_environment (EocRestoreDialog *self);
EocBackup        *eoc_restore_dialog_get_backup      (EocRestoreDialog *self);

G_END_DECLS
