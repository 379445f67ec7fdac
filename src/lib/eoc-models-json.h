/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-models-json.h: every model made from the service's JSON, in one place.
 *
 * Parsing is tolerant: unknown members are ignored, a member of the wrong type
 * reads as absent, unknown enumeration strings read as the UNKNOWN value (or
 * the careful one, see eoc-enums.h), and an unreadable time as %NULL. Only an
 * object without its identifier is refused (%NULL): nothing could follow it.
 * These functions may be called from any thread.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "eoc-activity.h"
#include "eoc-backup.h"
#include "eoc-changes.h"
#include "eoc-environment.h"
#include "eoc-operation.h"
#include "eoc-schedule.h"
#include "eoc-upload.h"
#include "eoc-user.h"

G_BEGIN_DECLS

EocEnvironment *eoc_environment_new_from_json (JsonObject  *object);
EocBackup      *eoc_backup_new_from_json      (JsonObject  *object);
EocActivity    *eoc_activity_new_from_json    (JsonObject  *object);
EocOperation   *eoc_operation_new_from_json   (JsonObject  *object);
EocSchedule    *eoc_schedule_new_from_json    (JsonObject  *object);
EocUpload      *eoc_upload_new_from_json      (JsonObject  *object);
EocUser        *eoc_user_new_from_json        (JsonObject  *object);
EocChanges     *eoc_changes_new_from_json     (JsonObject  *object);

/* The editable fields of @schedule, as the body of PUT .../schedule. */
JsonObject     *eoc_schedule_to_json          (EocSchedule *schedule);

/* One of the eoc_*_new_from_json() functions, cast. */
typedef gpointer (*EocModelNewFunc) (JsonObject *object);

/* Each item of @array (objects only) made with @new_from_json; items it
 * refuses are skipped. Returns a GPtrArray owning its items. */
GPtrArray      *eoc_models_new_array_from_json (JsonArray       *array,
                                                EocModelNewFunc  new_from_json);

G_END_DECLS
