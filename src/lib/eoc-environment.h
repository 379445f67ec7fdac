/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-environment.h: an environment the service manages (production, staging...), as the
 * service last described it.
 */
#pragma once

#include <glib-object.h>

#include "eoc-enum-types.h"
#include "eoc-enums.h"
#include "eoc-operation.h"

G_BEGIN_DECLS

#define EOC_TYPE_ENVIRONMENT (eoc_environment_get_type ())
G_DECLARE_FINAL_TYPE (EocEnvironment, eoc_environment, EOC, ENVIRONMENT, GObject)

const char           *eoc_environment_get_id               (EocEnvironment *self);
const char           *eoc_environment_get_name             (EocEnvironment *self);
const char           *eoc_environment_get_description      (EocEnvironment *self);
EocEnvironmentType    eoc_environment_get_environment_type (EocEnvironment *self);
const char           *eoc_environment_get_version          (EocEnvironment *self);
EocEnvironmentStatus  eoc_environment_get_status           (EocEnvironment *self);
GDateTime            *eoc_environment_get_created_at       (EocEnvironment *self);
GDateTime            *eoc_environment_get_updated_at       (EocEnvironment *self);
GDateTime            *eoc_environment_get_last_backup_at   (EocEnvironment *self);
EocOperation         *eoc_environment_get_operation        (EocEnvironment *self);
void                  eoc_environment_update_from          (EocEnvironment *self,
                                                            EocEnvironment *other);

G_END_DECLS
