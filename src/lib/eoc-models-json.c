/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-models-json.c: the only place where JSON becomes models. See
 * eoc-models-json.h for how tolerant it is.
 */

#include "config.h"

#include "eoc-json.h"
#include "eoc-models-json.h"
#include "eoc-models-private.h"

/* Members, read tolerantly. */

static JsonNode *
member_value (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  return node;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = member_value (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static char *
member_dup_string (JsonObject *object,
                   const char *name)
{
  return g_strdup (member_string (object, name));
}

static GDateTime *
member_time (JsonObject *object,
             const char *name)
{
  const char *text = member_string (object, name);

  if (text == NULL)
    return NULL;
  return g_date_time_new_from_iso8601 (text, NULL);
}

static gboolean
member_number (JsonObject *object,
               const char *name,
               double     *number)
{
  JsonNode *node = member_value (object, name);
  GType type;

  if (node == NULL)
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *number = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *number = json_node_get_double (node);
  else
    return FALSE;
  return TRUE;
}

static gint64
member_int (JsonObject *object,
            const char *name,
            gint64      min,
            gint64      max,
            gint64      fallback)
{
  JsonNode *node = member_value (object, name);
  double number;
  gint64 value;

  if (node != NULL && json_node_get_value_type (node) == G_TYPE_INT64)
    value = json_node_get_int (node);
  else if (member_number (object, name, &number) && number >= (double) G_MININT64 &&
           number < (double) G_MAXINT64)
    value = (gint64) number;
  else
    return fallback;

  return value >= min && value <= max ? value : fallback;
}

static double
member_double (JsonObject *object,
               const char *name,
               double      min,
               double      max,
               double      fallback)
{
  double number;

  if (!member_number (object, name, &number) || number != number)
    return fallback;
  return CLAMP (number, min, max);
}

static gboolean
member_boolean (JsonObject *object,
                const char *name,
                gboolean    fallback)
{
  JsonNode *node = member_value (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fallback;
  return json_node_get_boolean (node);
}

static int
member_enum (JsonObject *object,
             const char *name,
             GType       enum_type,
             int         fallback)
{
  int value = fallback;

  eoc_enum_from_nick (enum_type, member_string (object, name), &value);
  return value;
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

static gboolean
has_id (JsonObject *object,
        const char *name)
{
  const char *id;

  if (object == NULL)
    return FALSE;
  id = member_string (object, name);
  return id != NULL && *id != '\0';
}

/* Models. */

/**
 * eoc_environment_new_from_json:
 * @object: the service's Environment object
 *
 * Returns: (transfer full) (nullable): the environment, or %NULL when
 *   @object has no "id"
 */
EocEnvironment *
eoc_environment_new_from_json (JsonObject *object)
{
  EocEnvironment *self;
  JsonObject *operation;

  if (!has_id (object, "id"))
    return NULL;

  self = g_object_new (EOC_TYPE_ENVIRONMENT, NULL);
  self->id = member_dup_string (object, "id");
  self->name = member_dup_string (object, "name");
  self->description = member_dup_string (object, "description");
  self->type = member_enum (object, "type", EOC_TYPE_ENVIRONMENT_TYPE,
                            EOC_ENVIRONMENT_TYPE_PRODUCTION);
  self->version = member_dup_string (object, "version");
  self->status = member_enum (object, "status", EOC_TYPE_ENVIRONMENT_STATUS,
                              EOC_ENVIRONMENT_STATUS_UNKNOWN);
  self->created_at = member_time (object, "created_at");
  self->updated_at = member_time (object, "updated_at");
  self->last_backup_at = member_time (object, "last_backup_at");

  operation = member_object (object, "operation");
  if (operation != NULL)
    self->operation = eoc_operation_new_from_json (operation);

  return self;
}

/**
 * eoc_backup_new_from_json:
 * @object: the service's Backup object
 *
 * Returns: (transfer full) (nullable): the backup, or %NULL when @object has
 *   no "id"
 */
EocBackup *
eoc_backup_new_from_json (JsonObject *object)
{
  EocBackup *self;

  if (!has_id (object, "id"))
    return NULL;

  self = g_object_new (EOC_TYPE_BACKUP, NULL);
  self->id = member_dup_string (object, "id");
  self->environment_id = member_dup_string (object, "environment_id");
  self->name = member_dup_string (object, "name");
  self->created_at = member_time (object, "created_at");
  self->creator = member_dup_string (object, "creator");
  self->version = member_dup_string (object, "version");
  self->state = member_enum (object, "state", EOC_TYPE_BACKUP_STATE, EOC_BACKUP_STATE_UNKNOWN);
  self->origin = member_enum (object, "origin", EOC_TYPE_BACKUP_ORIGIN, EOC_BACKUP_ORIGIN_UNKNOWN);
  self->size = member_int (object, "size", 0, G_MAXINT64, -1);
  self->sha256 = member_dup_string (object, "sha256");
  self->operation_id = member_dup_string (object, "operation_id");

  return self;
}

/**
 * eoc_activity_new_from_json:
 * @object: the service's Activity object
 *
 * Returns: (transfer full) (nullable): the entry, or %NULL when @object has
 *   no "id"
 */
EocActivity *
eoc_activity_new_from_json (JsonObject *object)
{
  EocActivity *self;

  if (!has_id (object, "id"))
    return NULL;

  self = g_object_new (EOC_TYPE_ACTIVITY, NULL);
  self->id = member_dup_string (object, "id");
  self->environment_id = member_dup_string (object, "environment_id");
  self->time = member_time (object, "time");
  self->user = member_dup_string (object, "user");
  self->action = member_dup_string (object, "action");
  self->summary = member_dup_string (object, "summary");
  self->outcome = member_enum (object, "outcome", EOC_TYPE_ACTIVITY_OUTCOME,
                               EOC_ACTIVITY_OUTCOME_UNKNOWN);

  return self;
}

/**
 * eoc_operation_new_from_json:
 * @object: the service's Operation object
 *
 * Returns: (transfer full) (nullable): the operation, or %NULL when @object
 *   has no "id"
 */
EocOperation *
eoc_operation_new_from_json (JsonObject *object)
{
  EocOperation *self;

  if (!has_id (object, "id"))
    return NULL;

  self = g_object_new (EOC_TYPE_OPERATION, NULL);
  self->id = member_dup_string (object, "id");
  self->environment_id = member_dup_string (object, "environment_id");
  self->kind = member_enum (object, "kind", EOC_TYPE_OPERATION_KIND, EOC_OPERATION_KIND_UNKNOWN);
  self->state = member_enum (object, "state", EOC_TYPE_OPERATION_STATE,
                             EOC_OPERATION_STATE_UNKNOWN);
  self->progress = member_double (object, "progress", 0.0, 1.0, 0.0);
  self->message = member_dup_string (object, "message");
  self->user = member_dup_string (object, "user");
  self->created_at = member_time (object, "created_at");
  self->started_at = member_time (object, "started_at");
  self->finished_at = member_time (object, "finished_at");
  self->error = member_dup_string (object, "error");
  self->backup_id = member_dup_string (object, "backup_id");
  self->log = member_dup_string (object, "log");

  return self;
}

/**
 * eoc_schedule_new_from_json:
 * @object: the service's Schedule object
 *
 * Members that are missing or out of range keep the defaults of
 * eoc_schedule_new().
 *
 * Returns: (transfer full) (nullable): the schedule, or %NULL when @object
 *   is %NULL
 */
EocSchedule *
eoc_schedule_new_from_json (JsonObject *object)
{
  EocSchedule *self;
  const char *text;

  if (object == NULL)
    return NULL;

  self = eoc_schedule_new ();
  self->enabled = member_boolean (object, "enabled", self->enabled);
  self->frequency = member_enum (object, "frequency", EOC_TYPE_SCHEDULE_FREQUENCY,
                                 self->frequency);
  self->day_of_week = (guint) member_int (object, "day_of_week", 1, 7, self->day_of_week);
  self->day_of_month = (guint) member_int (object, "day_of_month", 1, 28, self->day_of_month);
  self->retention_days = (guint) member_int (object, "retention_days", 1, G_MAXINT,
                                             self->retention_days);
  if ((text = member_string (object, "time")) != NULL)
    eoc_model_set_string (&self->time, text);
  if ((text = member_string (object, "time_zone")) != NULL)
    eoc_model_set_string (&self->time_zone, text);
  self->next_run = member_time (object, "next_run");
  self->last_run = member_time (object, "last_run");

  return self;
}

/**
 * eoc_schedule_to_json:
 * @schedule: a schedule
 *
 * Returns: (transfer full): its editable fields as the service's Schedule object
 */
JsonObject *
eoc_schedule_to_json (EocSchedule *schedule)
{
  JsonObject *object;

  g_return_val_if_fail (EOC_IS_SCHEDULE (schedule), NULL);

  object = json_object_new ();
  json_object_set_boolean_member (object, "enabled", schedule->enabled);
  json_object_set_string_member (object, "frequency",
                                 eoc_enum_to_nick (EOC_TYPE_SCHEDULE_FREQUENCY,
                                                   schedule->frequency));
  json_object_set_int_member (object, "day_of_week", schedule->day_of_week);
  json_object_set_int_member (object, "day_of_month", schedule->day_of_month);
  if (schedule->time != NULL)
    json_object_set_string_member (object, "time", schedule->time);
  if (schedule->time_zone != NULL)
    json_object_set_string_member (object, "time_zone", schedule->time_zone);
  json_object_set_int_member (object, "retention_days", schedule->retention_days);

  return object;
}

/**
 * eoc_upload_new_from_json:
 * @object: the service's Upload object
 *
 * Returns: (transfer full) (nullable): the upload, or %NULL when @object has
 *   no "id"
 */
EocUpload *
eoc_upload_new_from_json (JsonObject *object)
{
  EocUpload *self;

  if (!has_id (object, "id"))
    return NULL;

  self = g_object_new (EOC_TYPE_UPLOAD, NULL);
  self->id = member_dup_string (object, "id");
  self->environment_id = member_dup_string (object, "environment_id");
  self->filename = member_dup_string (object, "filename");
  self->size = member_int (object, "size", 0, G_MAXINT64, -1);
  self->sha256 = member_dup_string (object, "sha256");
  self->version = member_dup_string (object, "version");
  self->created_at = member_time (object, "created_at");
  self->expires_at = member_time (object, "expires_at");

  return self;
}

/**
 * eoc_user_new_from_json:
 * @object: the service's answer to GET /me
 *
 * What the user may do comes from "permissions" ("operate", "admin"), not
 * from the role's name, so that a role the client does not know still works.
 *
 * Returns: (transfer full) (nullable): the user, or %NULL when @object has
 *   no "name"
 */
EocUser *
eoc_user_new_from_json (JsonObject *object)
{
  EocUser *self;
  JsonArray *permissions;

  if (!has_id (object, "name"))
    return NULL;

  self = g_object_new (EOC_TYPE_USER, NULL);
  self->name = member_dup_string (object, "name");
  self->role = member_enum (object, "role", EOC_TYPE_USER_ROLE, EOC_USER_ROLE_VIEWER);

  permissions = member_array (object, "permissions");
  for (guint i = 0; permissions != NULL && i < json_array_get_length (permissions); i++)
    {
      JsonNode *node = json_array_get_element (permissions, i);
      const char *permission;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        continue;

      permission = json_node_get_string (node);
      if (g_str_equal (permission, "operate"))
        self->can_operate = TRUE;
      else if (g_str_equal (permission, "admin"))
        self->is_admin = TRUE;
    }

  return self;
}

static char *
member_json_text (JsonObject *object,
                  const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return NULL;
  return eoc_json_to_string (node);
}

static GListStore *
changes_from_array (JsonArray *array)
{
  GListStore *store = g_list_store_new (EOC_TYPE_CHANGE);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *old_value = NULL;
      g_autofree char *new_value = NULL;
      JsonObject *object;
      const char *path;
      int kind = EOC_CHANGE_KIND_CHANGED;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;

      object = json_node_get_object (node);
      path = member_string (object, "path");
      if (path == NULL)
        continue;

      eoc_enum_from_nick (EOC_TYPE_CHANGE_KIND, member_string (object, "change"), &kind);
      old_value = member_json_text (object, "old");
      new_value = member_json_text (object, "new");
      g_ptr_array_add (items, eoc_change_new_internal (path, kind, old_value, new_value));
    }

  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  return store;
}

/**
 * eoc_changes_new_from_json:
 * @object: the service's Changes object
 *
 * Returns: (transfer full) (nullable): the changes, or %NULL when @object is
 *   %NULL
 */
EocChanges *
eoc_changes_new_from_json (JsonObject *object)
{
  g_autoptr(GListStore) settings = NULL;
  g_autoptr(GListStore) files = NULL;
  JsonObject *summary;

  if (object == NULL)
    return NULL;

  settings = changes_from_array (member_array (object, "settings"));
  files = changes_from_array (member_array (object, "files"));
  summary = member_object (object, "summary");
  if (summary == NULL)
    summary = object;

  return eoc_changes_new_internal (settings, files,
                                   (guint) member_int (summary, "added", 0, G_MAXUINT, 0),
                                   (guint) member_int (summary, "removed", 0, G_MAXUINT, 0),
                                   (guint) member_int (summary, "changed", 0, G_MAXUINT, 0));
}

/**
 * eoc_models_new_array_from_json:
 * @array: (nullable): a JSON array of the service's objects
 * @new_from_json: (scope call): one of the eoc_*_new_from_json() functions
 *
 * Returns: (transfer full) (element-type GObject): the models, in order
 */
GPtrArray *
eoc_models_new_array_from_json (JsonArray       *array,
                                EocModelNewFunc  new_from_json)
{
  GPtrArray *models = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      gpointer model;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;

      model = new_from_json (json_node_get_object (node));
      if (model != NULL)
        g_ptr_array_add (models, model);
    }

  return models;
}
