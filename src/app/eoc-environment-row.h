/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-environment-row.h: an environment in the sidebar: its name, type,
 * version and status, with a spinner while an operation runs.
 */
#pragma once

#include <adwaita.h>

#include "eoc-environment.h"

G_BEGIN_DECLS

#define EOC_TYPE_ENVIRONMENT_ROW (eoc_environment_row_get_type ())
G_DECLARE_FINAL_TYPE (EocEnvironmentRow, eoc_environment_row, EOC, ENVIRONMENT_ROW, GtkWidget)

GtkWidget      *eoc_environment_row_new             (void);
EocEnvironment *eoc_environment_row_get_environment (EocEnvironmentRow *self);
void            eoc_environment_row_set_environment (EocEnvironmentRow *self,
                                                     EocEnvironment    *environment);

G_END_DECLS
