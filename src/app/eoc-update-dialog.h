/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-update-dialog.h: the Update Environment dialog: picks a newer version
 * the service knows, offers a safety backup first, and starts the update.
 * Emits operation-started with the update's operation, and add-toast.
 */
#pragma once

#include <adwaita.h>

#include "eoc-client.h"

G_BEGIN_DECLS

#define EOC_TYPE_UPDATE_DIALOG (eoc_update_dialog_get_type ())
G_DECLARE_FINAL_TYPE (EocUpdateDialog, eoc_update_dialog, EOC, UPDATE_DIALOG, AdwWindow)

/* @version: a version to preselect, or NULL for the newest. */
EocUpdateDialog *eoc_update_dialog_new             (GtkWindow       *parent,
                                                    EocClient       *client,
                                                    EocEnvironment  *environment,
                                                    const char      *version);
EocClient       *eoc_update_dialog_get_client      (EocUpdateDialog *self);
EocEnvironment  *eoc_update_dialog_get_environment (EocUpdateDialog *self);
const char      *eoc_update_dialog_get_version     (EocUpdateDialog *self);

G_END_DECLS
