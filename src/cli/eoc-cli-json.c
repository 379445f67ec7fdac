/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "eoc-cli-json.h"
#include "eoc-enum-types.h"
#include "eoc-enums.h"
#include "eoc-json.h"

static void
set_string (JsonObject *object,
            const char *name,
            const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

static void
set_time (JsonObject *object,
          const char *name,
          GDateTime  *time)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *text = NULL;

  if (time == NULL)
    {
      json_object_set_null_member (object, name);
      return;
    }

  utc = g_date_time_to_utc (time);
  text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  json_object_set_string_member (object, name, text);
}

static void
set_enum (JsonObject *object,
          const char *name,
          GType       type,
          int         value)
{
  set_string (object, name, eoc_enum_to_nick (type, value));
}

static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

JsonNode *
eoc_cli_json_operation (EocOperation *operation)
{
  JsonObject *o = json_object_new ();

  set_string (o, "id", eoc_operation_get_id (operation));
  set_string (o, "environment_id", eoc_operation_get_environment_id (operation));
  set_enum (o, "kind", EOC_TYPE_OPERATION_KIND, eoc_operation_get_kind (operation));
  set_enum (o, "state", EOC_TYPE_OPERATION_STATE, eoc_operation_get_state (operation));
  json_object_set_double_member (o, "progress", eoc_operation_get_progress (operation));
  set_string (o, "message", eoc_operation_get_message (operation));
  set_string (o, "user", eoc_operation_get_user (operation));
  set_time (o, "created_at", eoc_operation_get_created_at (operation));
  set_time (o, "started_at", eoc_operation_get_started_at (operation));
  set_time (o, "finished_at", eoc_operation_get_finished_at (operation));
  set_string (o, "error", eoc_operation_get_error (operation));
  set_string (o, "backup_id", eoc_operation_get_backup_id (operation));
  json_object_set_string_member (o, "log", eoc_operation_get_log (operation) != NULL ?
                                 eoc_operation_get_log (operation) : "");
  return object_node (o);
}

JsonNode *
eoc_cli_json_environment (EocEnvironment *environment)
{
  JsonObject *o = json_object_new ();
  EocOperation *operation = eoc_environment_get_operation (environment);

  set_string (o, "id", eoc_environment_get_id (environment));
  set_string (o, "name", eoc_environment_get_name (environment));
  set_string (o, "description", eoc_environment_get_description (environment));
  set_enum (o, "type", EOC_TYPE_ENVIRONMENT_TYPE, eoc_environment_get_environment_type (environment));
  set_string (o, "version", eoc_environment_get_version (environment));
  set_enum (o, "status", EOC_TYPE_ENVIRONMENT_STATUS, eoc_environment_get_status (environment));
  set_time (o, "created_at", eoc_environment_get_created_at (environment));
  set_time (o, "updated_at", eoc_environment_get_updated_at (environment));
  set_time (o, "last_backup_at", eoc_environment_get_last_backup_at (environment));
  if (operation != NULL)
    json_object_set_member (o, "operation", eoc_cli_json_operation (operation));
  else
    json_object_set_null_member (o, "operation");
  return object_node (o);
}

JsonNode *
eoc_cli_json_backup (EocBackup *backup)
{
  JsonObject *o = json_object_new ();

  set_string (o, "id", eoc_backup_get_id (backup));
  set_string (o, "environment_id", eoc_backup_get_environment_id (backup));
  set_string (o, "name", eoc_backup_get_name (backup));
  set_time (o, "created_at", eoc_backup_get_created_at (backup));
  set_string (o, "creator", eoc_backup_get_creator (backup));
  set_string (o, "version", eoc_backup_get_version (backup));
  set_enum (o, "state", EOC_TYPE_BACKUP_STATE, eoc_backup_get_state (backup));
  set_enum (o, "origin", EOC_TYPE_BACKUP_ORIGIN, eoc_backup_get_origin (backup));
  if (eoc_backup_get_size (backup) >= 0)
    json_object_set_int_member (o, "size", eoc_backup_get_size (backup));
  else
    json_object_set_null_member (o, "size");
  set_string (o, "sha256", eoc_backup_get_sha256 (backup));
  set_string (o, "operation_id", eoc_backup_get_operation_id (backup));
  return object_node (o);
}

JsonNode *
eoc_cli_json_activity (EocActivity *activity)
{
  JsonObject *o = json_object_new ();

  set_string (o, "id", eoc_activity_get_id (activity));
  set_string (o, "environment_id", eoc_activity_get_environment_id (activity));
  set_time (o, "time", eoc_activity_get_time (activity));
  set_string (o, "user", eoc_activity_get_user (activity));
  set_string (o, "action", eoc_activity_get_action (activity));
  set_string (o, "summary", eoc_activity_get_summary (activity));
  set_enum (o, "outcome", EOC_TYPE_ACTIVITY_OUTCOME, eoc_activity_get_outcome (activity));
  return object_node (o);
}

JsonNode *
eoc_cli_json_schedule (EocSchedule *schedule)
{
  JsonObject *o = json_object_new ();

  json_object_set_boolean_member (o, "enabled", eoc_schedule_get_enabled (schedule));
  set_enum (o, "frequency", EOC_TYPE_SCHEDULE_FREQUENCY, eoc_schedule_get_frequency (schedule));
  json_object_set_int_member (o, "day_of_week", eoc_schedule_get_day_of_week (schedule));
  json_object_set_int_member (o, "day_of_month", eoc_schedule_get_day_of_month (schedule));
  set_string (o, "time", eoc_schedule_get_time (schedule));
  set_string (o, "time_zone", eoc_schedule_get_time_zone (schedule));
  json_object_set_int_member (o, "retention_days", eoc_schedule_get_retention_days (schedule));
  set_time (o, "next_run", eoc_schedule_get_next_run (schedule));
  set_time (o, "last_run", eoc_schedule_get_last_run (schedule));
  return object_node (o);
}

JsonNode *
eoc_cli_json_upload (EocUpload *upload)
{
  JsonObject *o = json_object_new ();

  set_string (o, "id", eoc_upload_get_id (upload));
  set_string (o, "environment_id", eoc_upload_get_environment_id (upload));
  set_string (o, "filename", eoc_upload_get_filename (upload));
  json_object_set_int_member (o, "size", eoc_upload_get_size (upload));
  set_string (o, "sha256", eoc_upload_get_sha256 (upload));
  set_string (o, "version", eoc_upload_get_version (upload));
  set_time (o, "created_at", eoc_upload_get_created_at (upload));
  set_time (o, "expires_at", eoc_upload_get_expires_at (upload));
  return object_node (o);
}

/* A value of a change is JSON text; it goes back in as JSON. */
static void
set_json_text (JsonObject *object,
               const char *name,
               const char *text)
{
  JsonNode *node;

  if (text == NULL)
    return;

  node = eoc_json_parse (text, strlen (text), EOC_JSON_MAX_DEPTH, NULL);
  if (node == NULL)
    {
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, text);
    }
  json_object_set_member (object, name, node);
}

static JsonArray *
changes_array (GListModel *changes,
               gboolean    with_values)
{
  JsonArray *array = json_array_new ();
  guint n = g_list_model_get_n_items (changes);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EocChange) change = g_list_model_get_item (changes, i);
      JsonObject *o = json_object_new ();

      set_string (o, "path", eoc_change_get_path (change));
      set_enum (o, "change", EOC_TYPE_CHANGE_KIND, eoc_change_get_kind (change));
      if (with_values)
        {
          set_json_text (o, "old", eoc_change_get_old_value (change));
          set_json_text (o, "new", eoc_change_get_new_value (change));
        }
      json_array_add_object_element (array, o);
    }

  return array;
}

JsonNode *
eoc_cli_json_changes (EocChanges *changes)
{
  JsonObject *o = json_object_new ();
  JsonObject *summary = json_object_new ();

  json_object_set_array_member (o, "settings", changes_array (eoc_changes_get_settings (changes), TRUE));
  json_object_set_array_member (o, "files", changes_array (eoc_changes_get_files (changes), FALSE));
  json_object_set_int_member (summary, "added", eoc_changes_get_n_added (changes));
  json_object_set_int_member (summary, "removed", eoc_changes_get_n_removed (changes));
  json_object_set_int_member (summary, "changed", eoc_changes_get_n_changed (changes));
  json_object_set_object_member (o, "summary", summary);
  return object_node (o);
}

JsonNode *
eoc_cli_json_array (GPtrArray *items,
                    JsonNode *(*to_json) (gpointer item))
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; items != NULL && i < items->len; i++)
    json_array_add_element (array, to_json (g_ptr_array_index (items, i)));

  json_node_take_array (node, array);
  return node;
}

JsonNode *
eoc_cli_json_event (const char *type,
                    const char *member,
                    JsonNode   *value)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "type", type);
  if (member != NULL && value != NULL)
    json_object_set_member (o, member, value);
  return object_node (o);
}

char *
eoc_cli_json_to_string (JsonNode *node,
                        gboolean  pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_pretty (generator, pretty);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}
