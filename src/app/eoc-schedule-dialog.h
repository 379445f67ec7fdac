/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-schedule-dialog.h: the Scheduled Backups dialog: turns an environment's
 * scheduled backups on or off and sets when they run and how long they are
 * kept, showing the next backup before saving. Emits add-toast when saved.
 */
#pragma once

#include <adwaita.h>

#include "eoc-client.h"

G_BEGIN_DECLS

#define EOC_TYPE_SCHEDULE_DIALOG (eoc_schedule_dialog_get_type ())
G_DECLARE_FINAL_TYPE (EocScheduleDialog, eoc_schedule_dialog, EOC, SCHEDULE_DIALOG, AdwWindow)

EocScheduleDialog *eoc_schedule_dialog_new             (GtkWindow         *parent,
                                                        EocClient         *client,
                                                        EocEnvironment    *environment);
EocClient         *eoc_schedule_dialog_get_client      (EocScheduleDialog *self);
EocEnvironment    *eoc_schedule_dialog_get_environment (EocScheduleDialog *self);

G_END_DECLS
