/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-time-label.h: a time in words ("5 minutes ago") that stays true while
 * shown, with the exact date and time in its tooltip.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define EOC_TYPE_TIME_LABEL (eoc_time_label_get_type ())
G_DECLARE_FINAL_TYPE (EocTimeLabel, eoc_time_label, EOC, TIME_LABEL, AdwBin)

GtkWidget *eoc_time_label_new      (void);
GDateTime *eoc_time_label_get_time (EocTimeLabel *self);
void       eoc_time_label_set_time (EocTimeLabel *self,
                                    GDateTime    *time);
/* The text shown, for tests. */
const char *eoc_time_label_get_text (EocTimeLabel *self);

G_END_DECLS
