/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-import-dialog.h: the "Import configuration" dialog: restores an
 * environment from a configuration file. The file is dropped on the dialog
 * or chosen, uploaded with progress, compared with the current
 * configuration, then imported. Emits operation-started with the import's
 * EocOperation and add-toast with a lasting "being updated" toast, then
 * closes. Closing it earlier leaves nothing on the service.
 */
#pragma once

#include <adwaita.h>

#include "eoc-client.h"

G_BEGIN_DECLS

#define EOC_TYPE_IMPORT_DIALOG (eoc_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (EocImportDialog, eoc_import_dialog, EOC, IMPORT_DIALOG, AdwWindow)

EocImportDialog *eoc_import_dialog_new         (GtkWindow       *parent,
                                                EocClient       *client,
                                                EocEnvironment  *environment);
/* Starts uploading @file, as dropping it on the dialog does. */
void             eoc_import_dialog_upload_file (EocImportDialog *self,
                                                GFile           *file);

G_END_DECLS
