/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-activity-row.h: one entry of the Activity view: whether it succeeded,
 * what was done, its summary, by whom, and when.
 */
#pragma once

#include <adwaita.h>

#include "eoc-activity.h"

G_BEGIN_DECLS

#define EOC_TYPE_ACTIVITY_ROW (eoc_activity_row_get_type ())
G_DECLARE_FINAL_TYPE (EocActivityRow, eoc_activity_row, EOC, ACTIVITY_ROW, AdwBin)

GtkWidget   *eoc_activity_row_new          (void);
EocActivity *eoc_activity_row_get_activity (EocActivityRow *self);
void         eoc_activity_row_set_activity (EocActivityRow *self,
                                            EocActivity    *activity);

G_END_DECLS
