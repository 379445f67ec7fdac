/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-operation.h: a long operation on an environment (backup, restore, import,
 * update, start, stop) and its progress.
 */
#pragma once

#include <glib-object.h>

#include "eoc-enum-types.h"
#include "eoc-enums.h"

G_BEGIN_DECLS

#define EOC_TYPE_OPERATION (eoc_operation_get_type ())
G_DECLARE_FINAL_TYPE (EocOperation, eoc_operation, EOC, OPERATION, GObject)

const char        *eoc_operation_get_id             (EocOperation *self);
const char        *eoc_operation_get_environment_id (EocOperation *self);
EocOperationKind   eoc_operation_get_kind           (EocOperation *self);
EocOperationState  eoc_operation_get_state          (EocOperation *self);
double             eoc_operation_get_progress       (EocOperation *self);
const char        *eoc_operation_get_message        (EocOperation *self);
const char        *eoc_operation_get_user           (EocOperation *self);
GDateTime         *eoc_operation_get_created_at     (EocOperation *self);
GDateTime         *eoc_operation_get_started_at     (EocOperation *self);
GDateTime         *eoc_operation_get_finished_at    (EocOperation *self);
const char        *eoc_operation_get_error          (EocOperation *self);
const char        *eoc_operation_get_backup_id      (EocOperation *self);
const char        *eoc_operation_get_log            (EocOperation *self);
gboolean           eoc_operation_is_finished        (EocOperation *self);
void               eoc_operation_update_from        (EocOperation *self,
                                                     EocOperation *other);

G_END_DECLS
