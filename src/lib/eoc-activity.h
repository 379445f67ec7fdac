/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-activity.h: one entry of an environment's activity log.
 */
#pragma once

#include <glib-object.h>

#include "eoc-enum-types.h"
#include "eoc-enums.h"

G_BEGIN_DECLS

#define EOC_TYPE_ACTIVITY (eoc_activity_get_type ())
G_DECLARE_FINAL_TYPE (EocActivity, eoc_activity, EOC, ACTIVITY, GObject)

const char         *eoc_activity_get_id             (EocActivity *self);
const char         *eoc_activity_get_environment_id (EocActivity *self);
GDateTime          *eoc_activity_get_time           (EocActivity *self);
const char         *eoc_activity_get_user           (EocActivity *self);
const char         *eoc_activity_get_action         (EocActivity *self);
const char         *eoc_activity_get_summary        (EocActivity *self);
EocActivityOutcome  eoc_activity_get_outcome        (EocActivity *self);
void                eoc_activity_update_from        (EocActivity *self,
                                                     EocActivity *other);

G_END_DECLS
