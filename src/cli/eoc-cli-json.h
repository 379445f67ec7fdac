/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-cli-json.h: the models written back as the service's JSON objects, for
 * `eocctl --json`: the same members, names and formats as the API
 * (times in UTC with "Z", enumerations as their API strings).
 */
#pragma once

#include <json-glib/json-glib.h>

#include "eoc-client.h"

G_BEGIN_DECLS

JsonNode *eoc_cli_json_environment (EocEnvironment *environment);
JsonNode *eoc_cli_json_backup      (EocBackup      *backup);
JsonNode *eoc_cli_json_operation   (EocOperation   *operation);
JsonNode *eoc_cli_json_activity    (EocActivity    *activity);
JsonNode *eoc_cli_json_schedule    (EocSchedule    *schedule);
JsonNode *eoc_cli_json_upload      (EocUpload      *upload);
JsonNode *eoc_cli_json_changes     (EocChanges     *changes);

/* An array of the items of @items, each written with @to_json. */
JsonNode *eoc_cli_json_array       (GPtrArray      *items,
                                    JsonNode     *(*to_json) (gpointer item));

/* An event as the service sends it: {"type": @type, @member: @value}. */
JsonNode *eoc_cli_json_event       (const char     *type,
                                    const char     *member,
                                    JsonNode       *value);

char     *eoc_cli_json_to_string   (JsonNode       *node,
                                    gboolean        pretty);

G_END_DECLS
