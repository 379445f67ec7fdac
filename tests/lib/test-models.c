/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-models.c: the models made from the service's JSON (tolerant of what
 * they do not know), their notifications (only what changed), and the
 * client's error domain (every service code, with its facts).
 */

#include "config.h"

#include <string.h>

#include "eoc-client-error-private.h"
#include "eoc-json.h"
#include "eoc-models-json.h"
#include "test-client-utils.h"

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = eoc_json_parse (json, strlen (json), EOC_JSON_MAX_DEPTH, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

/* Counts notifications, by property name. */
typedef struct {
  GHashTable *counts;
  guint       total;
} Notes;

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           Notes      *notes)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (notes->counts, pspec->name));

  g_hash_table_insert (notes->counts, (gpointer) pspec->name, GUINT_TO_POINTER (count + 1));
  notes->total++;
}

static void
notes_watch (Notes   *notes,
             GObject *object)
{
  notes->counts = g_hash_table_new (g_str_hash, g_str_equal);
  notes->total = 0;
  g_signal_connect (object, "notify", G_CALLBACK (notify_cb), notes);
}

static void
notes_clear (Notes   *notes,
             GObject *object)
{
  g_signal_handlers_disconnect_by_data (object, notes);
  g_clear_pointer (&notes->counts, g_hash_table_unref);
}

static guint
notes_count (Notes      *notes,
             const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (notes->counts, name));
}

#define ENVIRONMENT_JSON(status, progress, extra) \
  "{\"id\":\"env-1\",\"name\":\"Staging\",\"description\":null,\"type\":\"non_production\"," \
  "\"version\":\"2.1.0\",\"status\":\"" status "\",\"created_at\":\"2026-11-22T10:04:05Z\"," \
  "\"updated_at\":\"2026-11-22T11:00:00Z\",\"last_backup_at\":null,\"colour\":\"teal\"," \
  "\"operation\":{\"id\":\"op-1\",\"environment_id\":\"env-1\",\"kind\":\"update\"," \
  "\"state\":\"running\",\"progress\":" progress ",\"message\":\"Applying\",\"user\":\"olivia\"," \
  "\"created_at\":\"2026-11-22T11:00:00Z\",\"started_at\":null,\"finished_at\":null," \
  "\"error\":null,\"backup_id\":null,\"log\":\"\"}" extra "}"

static void
test_environment (void)
{
  g_autoptr(JsonObject) object = parse_object (ENVIRONMENT_JSON ("updating", "0.25", ""));
  g_autoptr(EocEnvironment) environment = eoc_environment_new_from_json (object);
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(EocOperation) operation = NULL;
  EocEnvironmentStatus status;
  char *description;

  g_assert_nonnull (environment);
  g_assert_cmpstr (eoc_environment_get_id (environment), ==, "env-1");
  g_assert_cmpint (eoc_environment_get_environment_type (environment), ==,
                   EOC_ENVIRONMENT_TYPE_NON_PRODUCTION);
  g_assert_null (eoc_environment_get_last_backup_at (environment));

  g_object_get (environment,
                "status", &status,
                "description", &description,
                "created-at", &created,
                "operation", &operation,
                NULL);
  g_assert_cmpint (status, ==, EOC_ENVIRONMENT_STATUS_UPDATING);
  g_assert_null (description);
  g_assert_cmpint (g_date_time_get_hour (created), ==, 10);
  g_assert_cmpint (g_date_time_get_second (created), ==, 5);
  g_assert_cmpint (g_date_time_get_utc_offset (created), ==, 0);
  g_assert_nonnull (operation);
  g_assert_cmpint (eoc_operation_get_kind (operation), ==, EOC_OPERATION_KIND_UPDATE);
  g_assert_cmpint (eoc_operation_get_state (operation), ==, EOC_OPERATION_STATE_RUNNING);
  g_assert_cmpfloat (eoc_operation_get_progress (operation), ==, 0.25);
  g_assert_false (eoc_operation_is_finished (operation));
  g_assert_null (eoc_operation_get_started_at (operation));
}

static void
test_tolerant (void)
{
  g_autoptr(JsonObject) unknown = parse_object (
    "{\"id\":\"env-2\",\"status\":\"hibernating\",\"type\":\"lab\",\"name\":42,"
    "\"created_at\":\"yesterday\",\"operation\":\"none\",\"future\":{\"a\":[1,2]}}");
  g_autoptr(JsonObject) no_id = parse_object ("{\"name\":\"Staging\"}");
  g_autoptr(JsonObject) backup_json = parse_object (
    "{\"id\":\"b\",\"state\":\"archived\",\"origin\":\"imported\",\"size\":\"big\"}");
  g_autoptr(JsonObject) operation_json = parse_object (
    "{\"id\":\"o\",\"kind\":\"migrate\",\"state\":\"paused\",\"progress\":7}");
  g_autoptr(JsonObject) user_json = parse_object (
    "{\"name\":\"zoe\",\"role\":\"auditor\",\"permissions\":[\"read\",\"operate\",3]}");
  g_autoptr(JsonObject) schedule_json = parse_object (
    "{\"enabled\":\"yes\",\"frequency\":\"hourly\",\"day_of_week\":9,\"time\":\"04:15\"}");
  g_autoptr(EocEnvironment) environment = eoc_environment_new_from_json (unknown);
  g_autoptr(EocBackup) backup = eoc_backup_new_from_json (backup_json);
  g_autoptr(EocOperation) operation = eoc_operation_new_from_json (operation_json);
  g_autoptr(EocUser) user = eoc_user_new_from_json (user_json);
  g_autoptr(EocSchedule) schedule = eoc_schedule_new_from_json (schedule_json);

  g_assert_nonnull (environment);
  g_assert_cmpint (eoc_environment_get_status (environment), ==, EOC_ENVIRONMENT_STATUS_UNKNOWN);
  g_assert_cmpint (eoc_environment_get_environment_type (environment), ==,
                   EOC_ENVIRONMENT_TYPE_PRODUCTION);
  g_assert_null (eoc_environment_get_name (environment));
  g_assert_null (eoc_environment_get_created_at (environment));
  g_assert_null (eoc_environment_get_operation (environment));

  g_assert_null (eoc_environment_new_from_json (no_id));
  g_assert_null (eoc_backup_new_from_json (no_id));
  g_assert_null (eoc_environment_new_from_json (NULL));

  g_assert_cmpint (eoc_backup_get_state (backup), ==, EOC_BACKUP_STATE_UNKNOWN);
  g_assert_cmpint (eoc_backup_get_origin (backup), ==, EOC_BACKUP_ORIGIN_UNKNOWN);
  g_assert_cmpint (eoc_backup_get_size (backup), ==, -1);
  g_assert_null (eoc_backup_get_sha256 (backup));

  g_assert_cmpint (eoc_operation_get_kind (operation), ==, EOC_OPERATION_KIND_UNKNOWN);
  g_assert_cmpint (eoc_operation_get_state (operation), ==, EOC_OPERATION_STATE_UNKNOWN);
  g_assert_cmpfloat (eoc_operation_get_progress (operation), ==, 1.0);

  /* What the user may do comes from the permissions, whatever the role is called. */
  g_assert_cmpint (eoc_user_get_role (user), ==, EOC_USER_ROLE_VIEWER);
  g_assert_true (eoc_user_get_can_operate (user));
  g_assert_false (eoc_user_get_is_admin (user));

  /* Out of range or of the wrong type: the defaults. */
  g_assert_false (eoc_schedule_get_enabled (schedule));
  g_assert_cmpint (eoc_schedule_get_frequency (schedule), ==, EOC_SCHEDULE_FREQUENCY_DAILY);
  g_assert_cmpuint (eoc_schedule_get_day_of_week (schedule), ==, 1);
  g_assert_cmpstr (eoc_schedule_get_time (schedule), ==, "04:15");
  g_assert_cmpstr (eoc_schedule_get_time_zone (schedule), ==, "UTC");
}

static void
test_update_notifies_changes_only (void)
{
  g_autoptr(JsonObject) first_json = parse_object (ENVIRONMENT_JSON ("updating", "0.25", ""));
  g_autoptr(JsonObject) same_json = parse_object (ENVIRONMENT_JSON ("updating", "0.25", ""));
  g_autoptr(JsonObject) later_json = parse_object (ENVIRONMENT_JSON ("operational", "0.75", ""));
  g_autoptr(EocEnvironment) environment = eoc_environment_new_from_json (first_json);
  g_autoptr(EocEnvironment) same = eoc_environment_new_from_json (same_json);
  g_autoptr(EocEnvironment) later = eoc_environment_new_from_json (later_json);
  g_autoptr(JsonObject) idle_json = parse_object (
    "{\"id\":\"env-1\",\"name\":\"Staging\",\"status\":\"operational\"}");
  g_autoptr(EocEnvironment) idle = eoc_environment_new_from_json (idle_json);
  g_autoptr(EocOperation) operation = g_object_ref (eoc_environment_get_operation (environment));
  Notes notes, operation_notes;

  notes_watch (&notes, G_OBJECT (environment));
  notes_watch (&operation_notes, G_OBJECT (operation));

  /* The same description: nothing. */
  eoc_environment_update_from (environment, same);
  g_assert_cmpuint (notes.total, ==, 0);
  g_assert_cmpuint (operation_notes.total, ==, 0);
  g_assert_true (eoc_environment_get_operation (environment) == operation);

  /* The status changed, and the same operation went on: it is updated in place. */
  eoc_environment_update_from (environment, later);
  g_assert_cmpuint (notes.total, ==, 1);
  g_assert_cmpuint (notes_count (&notes, "status"), ==, 1);
  g_assert_true (eoc_environment_get_operation (environment) == operation);
  g_assert_cmpuint (operation_notes.total, ==, 1);
  g_assert_cmpuint (notes_count (&operation_notes, "progress"), ==, 1);
  g_assert_cmpfloat (eoc_operation_get_progress (operation), ==, 0.75);
  g_assert_cmpint (eoc_environment_get_status (environment), ==,
                   EOC_ENVIRONMENT_STATUS_OPERATIONAL);

  /* The operation ended: it goes, and what else is missing now reads as unset. */
  g_hash_table_remove_all (notes.counts);
  notes.total = 0;
  eoc_environment_update_from (environment, idle);
  g_assert_null (eoc_environment_get_operation (environment));
  g_assert_cmpuint (notes_count (&notes, "operation"), ==, 1);
  g_assert_cmpuint (notes_count (&notes, "type"), ==, 1);
  g_assert_cmpuint (notes_count (&notes, "version"), ==, 1);
  g_assert_cmpuint (notes_count (&notes, "created-at"), ==, 1);
  g_assert_cmpuint (notes_count (&notes, "status"), ==, 0);
  g_assert_cmpuint (notes_count (&notes, "name"), ==, 0);

  notes_clear (&operation_notes, G_OBJECT (operation));
  notes_clear (&notes, G_OBJECT (environment));
}

/* For each model: updating from a description that differs in each
 * property notifies each property once, and again changes nothing. */
static void
check_update_from (GType        type,
                   EocModelNewFunc new_from_json,
                   void       (*update_from) (gpointer self, gpointer other),
                   const char  *a,
                   const char  *b)
{
  g_autoptr(JsonObject) a_json = parse_object (a);
  g_autoptr(JsonObject) b_json = parse_object (b);
  g_autoptr(GObject) model = new_from_json (a_json);
  g_autoptr(GObject) other = new_from_json (b_json);
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;
  Notes notes;

  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (model, type));
  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (model), &n_pspecs);

  notes_watch (&notes, model);
  update_from (model, other);
  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto(GValue) mine = G_VALUE_INIT;
      g_auto(GValue) theirs = G_VALUE_INIT;

      g_assert_cmpuint (notes_count (&notes, pspecs[i]->name), ==, 1);

      g_value_init (&mine, pspecs[i]->value_type);
      g_value_init (&theirs, pspecs[i]->value_type);
      g_object_get_property (model, pspecs[i]->name, &mine);
      g_object_get_property (other, pspecs[i]->name, &theirs);
      if (pspecs[i]->value_type == G_TYPE_DATE_TIME)
        g_assert_true (g_date_time_equal (g_value_get_boxed (&mine), g_value_get_boxed (&theirs)));
      else
        g_assert_cmpint (g_param_values_cmp (pspecs[i], &mine, &theirs), ==, 0);
    }
  g_assert_cmpuint (notes.total, ==, n_pspecs);

  notes.total = 0;
  update_from (model, other);
  g_assert_cmpuint (notes.total, ==, 0);
  notes_clear (&notes, model);
}

static void
test_update_from_every_property (void)
{
  check_update_from (EOC_TYPE_BACKUP, (EocModelNewFunc) eoc_backup_new_from_json,
                     (gpointer) eoc_backup_update_from,
                     "{\"id\":\"b1\",\"environment_id\":\"e1\",\"name\":\"A\","
                     "\"created_at\":\"2026-01-01T00:00:00Z\",\"creator\":\"olivia\","
                     "\"version\":\"2.1.0\",\"state\":\"creating\",\"origin\":\"manual\","
                     "\"size\":null,\"sha256\":null,\"operation_id\":\"o1\"}",
                     "{\"id\":\"b2\",\"environment_id\":\"e2\",\"name\":\"B\","
                     "\"created_at\":\"2026-01-02T00:00:00Z\",\"creator\":\"scheduler\","
                     "\"version\":\"2.2.0\",\"state\":\"available\",\"origin\":\"scheduled\","
                     "\"size\":1234,\"sha256\":\"abc\",\"operation_id\":null}");
  check_update_from (EOC_TYPE_ACTIVITY, (EocModelNewFunc) eoc_activity_new_from_json,
                     (gpointer) eoc_activity_update_from,
                     "{\"id\":\"a1\",\"environment_id\":\"e1\",\"time\":\"2026-01-01T00:00:00Z\","
                     "\"user\":\"olivia\",\"action\":\"backup_created\",\"summary\":\"S1\","
                     "\"outcome\":\"succeeded\"}",
                     "{\"id\":\"a2\",\"environment_id\":\"e2\",\"time\":\"2026-01-02T00:00:00Z\","
                     "\"user\":\"admin\",\"action\":\"backup_deleted\",\"summary\":\"S2\","
                     "\"outcome\":\"failed\"}");
  check_update_from (EOC_TYPE_OPERATION, (EocModelNewFunc) eoc_operation_new_from_json,
                     (gpointer) eoc_operation_update_from,
                     "{\"id\":\"o1\",\"environment_id\":\"e1\",\"kind\":\"backup\","
                     "\"state\":\"running\",\"progress\":0.5,\"message\":\"M1\",\"user\":\"u1\","
                     "\"created_at\":\"2026-01-01T00:00:00Z\",\"started_at\":null,"
                     "\"finished_at\":null,\"error\":null,\"backup_id\":null,\"log\":\"\"}",
                     "{\"id\":\"o2\",\"environment_id\":\"e2\",\"kind\":\"restore\","
                     "\"state\":\"failed\",\"progress\":1,\"message\":\"M2\",\"user\":\"u2\","
                     "\"created_at\":\"2026-01-02T00:00:00Z\","
                     "\"started_at\":\"2026-01-02T00:00:01Z\","
                     "\"finished_at\":\"2026-01-02T00:00:02Z\",\"error\":\"Disk full\","
                     "\"backup_id\":\"b1\",\"log\":\"line\\n\"}");
  check_update_from (EOC_TYPE_SCHEDULE, (EocModelNewFunc) eoc_schedule_new_from_json,
                     (gpointer) eoc_schedule_update_from,
                     "{\"enabled\":false,\"frequency\":\"daily\",\"day_of_week\":1,"
                     "\"day_of_month\":1,\"time\":\"02:00\",\"time_zone\":\"UTC\","
                     "\"retention_days\":30,\"next_run\":null,\"last_run\":null}",
                     "{\"enabled\":true,\"frequency\":\"monthly\",\"day_of_week\":5,"
                     "\"day_of_month\":28,\"time\":\"23:59\",\"time_zone\":\"Europe/Paris\","
                     "\"retention_days\":60,\"next_run\":\"2026-02-28T22:59:00Z\","
                     "\"last_run\":\"2026-01-28T22:59:00Z\"}");
  check_update_from (EOC_TYPE_UPLOAD, (EocModelNewFunc) eoc_upload_new_from_json,
                     (gpointer) eoc_upload_update_from,
                     "{\"id\":\"u1\",\"environment_id\":\"e1\",\"filename\":\"a.zip\","
                     "\"size\":1,\"sha256\":\"aa\",\"version\":\"2.1.0\","
                     "\"created_at\":\"2026-01-01T00:00:00Z\","
                     "\"expires_at\":\"2026-01-01T01:00:00Z\"}",
                     "{\"id\":\"u2\",\"environment_id\":\"e2\",\"filename\":\"b.zip\","
                     "\"size\":2,\"sha256\":\"bb\",\"version\":\"2.2.0\","
                     "\"created_at\":\"2026-01-02T00:00:00Z\","
                     "\"expires_at\":\"2026-01-02T01:00:00Z\"}");
  check_update_from (EOC_TYPE_USER, (EocModelNewFunc) eoc_user_new_from_json,
                     (gpointer) eoc_user_update_from,
                     "{\"name\":\"victor\",\"role\":\"viewer\",\"permissions\":[\"read\"]}",
                     "{\"name\":\"admin\",\"role\":\"admin\","
                     "\"permissions\":[\"read\",\"operate\",\"admin\"]}");
}

static void
test_schedule_edit (void)
{
  g_autoptr(EocSchedule) schedule = eoc_schedule_new ();
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;
  Notes notes;

  notes_watch (&notes, G_OBJECT (schedule));
  eoc_schedule_set_enabled (schedule, TRUE);
  eoc_schedule_set_enabled (schedule, TRUE);
  g_object_set (schedule, "frequency", EOC_SCHEDULE_FREQUENCY_EVERY_4_HOURS, NULL);
  eoc_schedule_set_time_zone (schedule, "UTC");   /* already */
  g_assert_cmpuint (notes.total, ==, 2);
  notes_clear (&notes, G_OBJECT (schedule));

  object = eoc_schedule_to_json (schedule);
  json_node_set_object (node, object);
  text = eoc_json_to_string (node);
  g_assert_cmpstr (text, ==,
                   "{\"enabled\":true,\"frequency\":\"every_4_hours\",\"day_of_week\":1,"
                   "\"day_of_month\":1,\"time\":\"02:00\",\"time_zone\":\"UTC\","
                   "\"retention_days\":30}");
}

static GDateTime *
iso (const char *text)
{
  GDateTime *time = g_date_time_new_from_iso8601 (text, NULL);

  g_assert_nonnull (time);
  return time;
}

static char *
iso_text (GDateTime *time)
{
  if (time == NULL)
    return g_strdup ("never");
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

static EocSchedule *
schedule_from_json (const char *json)
{
  g_autoptr(JsonObject) object = parse_object (json);

  return eoc_schedule_new_from_json (object);
}

/* The client's next run, by the service's rule, for cases whose answers the
 * service's own tests check: time zones, clocks going forward and back. */
static void
test_schedule_next_run (void)
{
  static const struct {
    const char *schedule;
    const char *now;
    const char *expected;
  } cases[] = {
    { "{\"enabled\":false}", "2026-11-22T10:04:05Z", "never" },
    { "{\"enabled\":true,\"time\":\"24:00\"}", "2026-11-22T10:04:05Z", "never" },
    { "{\"enabled\":true,\"time\":\"02:00\",\"time_zone\":\"Mars/Olympus_Mons\"}",
      "2026-11-22T10:04:05Z", "never" },
    { "{\"enabled\":true,\"frequency\":\"monthly\",\"day_of_month\":28,\"time\":\"23:45\"}",
      "2027-01-30T00:00:00Z", "2027-02-28T23:45:00Z" },
    { "{\"enabled\":true,\"frequency\":\"every_2_hours\",\"time\":\"23:00\"}",
      "2026-11-22T23:00:00Z", "2026-11-23T01:00:00Z" },
    { "{\"enabled\":true,\"frequency\":\"every_8_hours\",\"time\":\"21:00\"}",
      "2026-11-22T06:00:00Z", "2026-11-22T13:00:00Z" },
    { "{\"enabled\":true,\"frequency\":\"weekly\",\"day_of_week\":1,\"time\":\"09:30\","
      "\"time_zone\":\"America/New_York\"}",
      "2026-11-23T02:00:00Z", "2026-11-23T14:30:00Z" },
    { "{\"enabled\":true,\"frequency\":\"monthly\",\"day_of_month\":1,\"time\":\"03:00\","
      "\"time_zone\":\"Asia/Kolkata\"}",
      "2026-12-31T20:00:00Z", "2026-12-31T21:30:00Z" },
    /* Paris springs forward: 02:30 does not exist, it runs at 03:00 CEST. */
    { "{\"enabled\":true,\"time\":\"02:30\",\"time_zone\":\"Europe/Paris\"}",
      "2026-03-28T12:00:00Z", "2026-03-29T01:00:00Z" },
    { "{\"enabled\":true,\"frequency\":\"every_2_hours\",\"time\":\"00:00\","
      "\"time_zone\":\"Europe/Paris\"}",
      "2026-03-28T23:00:00Z", "2026-03-29T01:00:00Z" },
    /* Paris falls back: 02:30 happens twice, it runs the first time only. */
    { "{\"enabled\":true,\"time\":\"02:30\",\"time_zone\":\"Europe/Paris\"}",
      "2026-10-24T12:00:00Z", "2026-10-25T00:30:00Z" },
    { "{\"enabled\":true,\"time\":\"02:30\",\"time_zone\":\"Europe/Paris\"}",
      "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z" },
    { "{\"enabled\":true,\"frequency\":\"every_2_hours\",\"time\":\"00:00\","
      "\"time_zone\":\"Europe/Paris\"}",
      "2026-10-25T00:00:00Z", "2026-10-25T03:00:00Z" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(EocSchedule) schedule = schedule_from_json (cases[i].schedule);
      g_autoptr(GDateTime) now = iso (cases[i].now);
      g_autoptr(GDateTime) next = eoc_schedule_compute_next_run (schedule, now);
      g_autofree char *text = iso_text (next);

      g_test_message ("%s after %s", cases[i].schedule, cases[i].now);
      g_assert_cmpstr (text, ==, cases[i].expected);
    }

  {
    guint hour = 0, minute = 0;

    g_assert_true (eoc_schedule_parse_time ("23:59", &hour, &minute));
    g_assert_cmpuint (hour, ==, 23);
    g_assert_cmpuint (minute, ==, 59);
    g_assert_false (eoc_schedule_parse_time ("2:00", NULL, NULL));
    g_assert_false (eoc_schedule_parse_time ("12:60", NULL, NULL));
    g_assert_false (eoc_schedule_parse_time ("", NULL, NULL));
    g_assert_false (eoc_schedule_parse_time (NULL, NULL, NULL));
  }
}

/* What the client computes is what the service answers once the schedule is saved. */
static void
test_schedule_next_run_like_service (void)
{
  static const char *const schedules[] = {
    "{\"enabled\":true,\"frequency\":\"daily\",\"time\":\"02:00\",\"time_zone\":\"UTC\"}",
    "{\"enabled\":true,\"frequency\":\"every_2_hours\",\"time\":\"01:17\","
    "\"time_zone\":\"Asia/Kolkata\"}",
    "{\"enabled\":true,\"frequency\":\"every_12_hours\",\"time\":\"23:59\","
    "\"time_zone\":\"America/New_York\"}",
    "{\"enabled\":true,\"frequency\":\"weekly\",\"day_of_week\":3,\"time\":\"14:05\","
    "\"time_zone\":\"Europe/Paris\"}",
    "{\"enabled\":true,\"frequency\":\"monthly\",\"day_of_month\":28,\"time\":\"00:00\","
    "\"time_zone\":\"Australia/Sydney\"}",
    "{\"enabled\":false,\"frequency\":\"weekly\",\"time\":\"05:00\"}",
  };
  Fixture fixture = { 0 };
  g_autoptr(EocEnvironment) environment = NULL;

  fixture_set_up (&fixture, NULL);
  environment = make_environment (&fixture, "Scheduled", EOC_ENVIRONMENT_TYPE_NON_PRODUCTION,
                                  "2.1.0");

  for (guint i = 0; i < G_N_ELEMENTS (schedules); i++)
    {
      g_autoptr(EocSchedule) schedule = schedule_from_json (schedules[i]);
      g_autoptr(EocSchedule) saved = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
      g_autoptr(GDateTime) after = NULL;
      g_autoptr(GDateTime) expected_before = NULL;
      g_autoptr(GDateTime) expected_after = NULL;
      g_autofree char *service = NULL;
      g_autofree char *client_before = NULL;
      g_autofree char *client_after = NULL;

      eoc_client_set_schedule_async (fixture.operator_, eoc_environment_get_id (environment),
                                     schedule, NULL, store_result_cb, &result);
      saved = eoc_client_set_schedule_finish (fixture.operator_, wait_result (&result), &error);
      g_assert_no_error (error);
      after = g_date_time_new_now_utc ();

      /* The service counted from a moment between the two. */
      expected_before = eoc_schedule_compute_next_run (schedule, before);
      expected_after = eoc_schedule_compute_next_run (schedule, after);
      service = iso_text (eoc_schedule_get_next_run (saved));
      client_before = iso_text (expected_before);
      client_after = iso_text (expected_after);
      g_test_message ("%s: service %s, client %s", schedules[i], service, client_before);
      if (g_strcmp0 (service, client_before) != 0)
        g_assert_cmpstr (service, ==, client_after);
      if (!eoc_schedule_get_enabled (schedule))
        g_assert_cmpstr (service, ==, "never");
      else
        g_assert_cmpstr (service, !=, "never");

      /* The saved schedule gives the same answer. */
      {
        g_autoptr(GDateTime) again = eoc_schedule_compute_next_run (saved, before);
        g_autofree char *again_text = iso_text (again);

        g_assert_cmpstr (again_text, ==, client_before);
      }
    }

  fixture_tear_down (&fixture);
}

static void
test_changes (void)
{
  g_autoptr(JsonObject) object = parse_object (
    "{\"settings\":[{\"path\":\"/db/host\",\"change\":\"changed\",\"old\":\"a\",\"new\":\"b\"},"
    "{\"path\":\"/debug\",\"change\":\"added\",\"new\":{\"level\":2}},"
    "{\"change\":\"removed\"}],"
    "\"files\":[{\"path\":\"certs/ca.pem\",\"change\":\"removed\"}],"
    "\"summary\":{\"added\":1,\"removed\":1,\"changed\":1}}");
  g_autoptr(EocChanges) changes = eoc_changes_new_from_json (object);
  g_autoptr(EocChange) first = NULL;
  g_autoptr(EocChange) second = NULL;
  g_autoptr(EocChange) file = NULL;

  g_assert_false (eoc_changes_is_empty (changes));
  g_assert_cmpuint (g_list_model_get_n_items (eoc_changes_get_settings (changes)), ==, 2);
  g_assert_cmpuint (eoc_changes_get_n_added (changes), ==, 1);
  g_assert_cmpuint (eoc_changes_get_n_removed (changes), ==, 1);
  g_assert_cmpuint (eoc_changes_get_n_changed (changes), ==, 1);

  first = g_list_model_get_item (eoc_changes_get_settings (changes), 0);
  g_assert_cmpstr (eoc_change_get_path (first), ==, "/db/host");
  g_assert_cmpstr (eoc_change_get_old_value (first), ==, "\"a\"");
  g_assert_cmpstr (eoc_change_get_new_value (first), ==, "\"b\"");
  second = g_list_model_get_item (eoc_changes_get_settings (changes), 1);
  g_assert_cmpint (eoc_change_get_kind (second), ==, EOC_CHANGE_KIND_ADDED);
  g_assert_null (eoc_change_get_old_value (second));
  g_assert_cmpstr (eoc_change_get_new_value (second), ==, "{\"level\":2}");
  file = g_list_model_get_item (eoc_changes_get_files (changes), 0);
  g_assert_cmpstr (eoc_change_get_path (file), ==, "certs/ca.pem");
  g_assert_cmpint (eoc_change_get_kind (file), ==, EOC_CHANGE_KIND_REMOVED);
}

static void
test_enums (void)
{
  int value = -1;

  g_assert_true (eoc_enum_from_nick (EOC_TYPE_ENVIRONMENT_STATUS, "update_failed", &value));
  g_assert_cmpint (value, ==, EOC_ENVIRONMENT_STATUS_UPDATE_FAILED);
  g_assert_false (eoc_enum_from_nick (EOC_TYPE_ENVIRONMENT_STATUS, "update-failed", &value));
  g_assert_cmpint (value, ==, EOC_ENVIRONMENT_STATUS_UPDATE_FAILED);
  g_assert_cmpstr (eoc_enum_to_nick (EOC_TYPE_ENVIRONMENT_TYPE, EOC_ENVIRONMENT_TYPE_NON_PRODUCTION),
                   ==, "non_production");
  g_assert_cmpstr (eoc_enum_to_nick (EOC_TYPE_SCHEDULE_FREQUENCY,
                                     EOC_SCHEDULE_FREQUENCY_EVERY_12_HOURS), ==, "every_12_hours");
  g_assert_null (eoc_enum_to_nick (EOC_TYPE_BACKUP_STATE, 99));
}

/* Errors. */

static GError *
service_error (guint       status,
               const char *code,
               const char *message,
               const char *details)
{
  g_autofree char *body = g_strdup_printf ("{\"error\":{\"code\":\"%s\",\"message\":\"%s\","
                                           "\"details\":%s}}", code, message, details);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

  return eoc_client_error_new_from_response (status, bytes, "https://ops.example.com");
}

static void
test_error_codes (void)
{
  static const struct {
    guint           status;
    const char     *code;
    EocClientError  expected;
  } cases[] = {
    { 400, "bad_request", EOC_CLIENT_ERROR_INVALID_INPUT },
    { 400, "invalid_name", EOC_CLIENT_ERROR_INVALID_INPUT },
    { 400, "invalid_version", EOC_CLIENT_ERROR_INVALID_INPUT },
    { 400, "invalid_configuration", EOC_CLIENT_ERROR_INVALID_CONFIGURATION },
    { 401, "unauthorized", EOC_CLIENT_ERROR_UNAUTHORIZED },
    { 403, "forbidden", EOC_CLIENT_ERROR_FORBIDDEN },
    { 404, "not_found", EOC_CLIENT_ERROR_NOT_FOUND },
    { 405, "method_not_allowed", EOC_CLIENT_ERROR_INVALID_RESPONSE },
    { 409, "name_taken", EOC_CLIENT_ERROR_NAME_TAKEN },
    { 409, "version_mismatch", EOC_CLIENT_ERROR_VERSION_MISMATCH },
    { 409, "operation_in_progress", EOC_CLIENT_ERROR_OPERATION_IN_PROGRESS },
    { 409, "invalid_state", EOC_CLIENT_ERROR_INVALID_STATE },
    { 409, "backup_corrupt", EOC_CLIENT_ERROR_BACKUP_CORRUPT },
    { 413, "too_large", EOC_CLIENT_ERROR_TOO_LARGE },
    { 415, "unsupported_media_type", EOC_CLIENT_ERROR_INVALID_RESPONSE },
    { 507, "insufficient_storage", EOC_CLIENT_ERROR_INSUFFICIENT_STORAGE },
    { 500, "internal_error", EOC_CLIENT_ERROR_SERVER_ERROR },
    /* Codes this version does not know: by status. */
    { 409, "frozen", EOC_CLIENT_ERROR_INVALID_STATE },
    { 503, "maintenance", EOC_CLIENT_ERROR_CANNOT_CONNECT },
    { 502, "gateway", EOC_CLIENT_ERROR_CANNOT_CONNECT },
    { 599, "strange", EOC_CLIENT_ERROR_SERVER_ERROR },
    { 418, "teapot", EOC_CLIENT_ERROR_INVALID_RESPONSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = service_error (cases[i].status, cases[i].code, "It went wrong",
                                               "{}");

      g_test_message ("%s", cases[i].code);
      g_assert_error (error, EOC_CLIENT_ERROR, (int) cases[i].expected);
      g_assert_cmpstr (eoc_client_error_get_service_code (error), ==, cases[i].code);
      g_assert_cmpuint (eoc_client_error_get_http_status (error), ==, cases[i].status);
      g_assert_cmpstr (error->message, !=, "");
    }
}

static void
test_error_details (void)
{
  g_autoptr(GError) mismatch = service_error (409, "version_mismatch", "Versions differ",
                                              "{\"environment_version\":\"2.1.0\","
                                              "\"configuration_version\":\"2.0.0\"}");
  g_autoptr(GError) copy = g_error_copy (mismatch);
  g_autoptr(GError) propagated = NULL;
  g_autoptr(GError) invalid = service_error (400, "invalid_configuration", "Bad file",
                                             "{\"reason\":\"manifest.json is missing\"}");
  g_autoptr(GError) large = service_error (413, "too_large", "Too large",
                                           "{\"limit\":8589934592}");
  g_autoptr(GError) busy = service_error (409, "operation_in_progress", "Busy",
                                          "{\"operation_id\":\"op-7\",\"kind\":\"restore\"}");
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "No");
  g_autoptr(GError) html = NULL;
  g_autoptr(GBytes) page = g_bytes_new_static ("<html>Bad gateway</html>", 24);
  g_autofree char *environment_version = NULL;
  g_autofree char *configuration_version = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *operation_id = NULL;

  /* The facts travel with the error: copied, propagated. */
  g_propagate_error (&propagated, g_steal_pointer (&copy));
  g_assert_true (eoc_client_error_parse_versions (propagated, &environment_version,
                                                  &configuration_version));
  g_assert_cmpstr (environment_version, ==, "2.1.0");
  g_assert_cmpstr (configuration_version, ==, "2.0.0");
  g_assert_nonnull (strstr (mismatch->message, "for version 2.0.0"));
  g_assert_nonnull (strstr (mismatch->message, "runs version 2.1.0"));
  g_assert_false (eoc_client_error_parse_versions (invalid, NULL, NULL));
  g_assert_false (eoc_client_error_parse_versions (other, NULL, NULL));
  g_assert_null (eoc_client_error_get_service_code (other));

  reason = eoc_client_error_dup_reason (invalid);
  g_assert_cmpstr (reason, ==, "manifest.json is missing");
  g_assert_cmpstr (invalid->message, ==,
                   "The file is not a valid configuration file: manifest.json is missing");

  g_assert_cmpuint (eoc_client_error_get_limit (large), ==, G_GUINT64_CONSTANT (8589934592));
  g_assert_cmpstr (large->message, ==,
                   "The file is too large: the service accepts at most 8.6\302\240GB.");

  operation_id = eoc_client_error_dup_detail (busy, "operation_id");
  g_assert_cmpstr (operation_id, ==, "op-7");
  g_assert_nonnull (strstr (busy->message, "(restore)"));

  /* Not the service's JSON (a proxy's page): by status alone. */
  html = eoc_client_error_new_from_response (502, page, "https://ops.example.com");
  g_assert_error (html, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_CANNOT_CONNECT);
  g_assert_null (eoc_client_error_get_service_code (html));
  g_assert_nonnull (strstr (html->message, "https://ops.example.com"));
}

static void
test_transport_errors (void)
{
  g_autoptr(GError) refused = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED,
                                                   "Connection refused");
  g_autoptr(GError) slow = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "Timed out");
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Stop");
  g_autoptr(GError) unknown_host = g_error_new_literal (G_RESOLVER_ERROR,
                                                        G_RESOLVER_ERROR_NOT_FOUND, "No host");
  g_autoptr(GError) a = eoc_client_error_new_from_transport (refused, "http://x:1");
  g_autoptr(GError) b = eoc_client_error_new_from_transport (slow, "http://x:1");
  g_autoptr(GError) c = eoc_client_error_new_from_transport (cancelled, "http://x:1");
  g_autoptr(GError) d = eoc_client_error_new_from_transport (unknown_host, "http://x:1");

  g_assert_error (a, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_CANNOT_CONNECT);
  g_assert_nonnull (strstr (a->message, "http://x:1"));
  g_assert_nonnull (strstr (a->message, "Connection refused"));
  g_assert_error (b, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_TIMED_OUT);
  g_assert_error (c, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_error (d, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_CANNOT_CONNECT);
  g_assert_nonnull (strstr (d->message, "Check the address"));
}

/* What no JSON parser should be handed: nothing, and escapes of half a character. */
static void
test_json_refused (void)
{
  static const char * const refused[] = {
    "",
    "\"\\ud83d\\u0041\"",
    "\"\\ude00\\ud83d\"",
    "{\"a\": \"\\ud83d\\ud83d\"}",
    "\"\\ud83d\\u",
    "\"\\ud83$\\ud\"",
    "\"\\u00e\"",
    "{} {}",
    "\"a\"[1]",
    "true{\"a\": 1}",
    "[1]]",
    "\"\\ud83d\"",
  };
  static const char * const accepted[] = {
    "\"\\ud83d\\ude80\"",
    "\"\\uDBFF\\uDFFF\\u00e9\\\\ud83d\"",
    " \r\n\t-1.5e3 \n",
    "\"a \\\" ] } { [\" ",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *data = g_strdup (refused[i]);

      /* An empty document's data is often NULL, as in an empty GBytes. */
      node = eoc_json_parse (*data != '\0' ? data : NULL, strlen (data), EOC_JSON_MAX_DEPTH,
                             &error);
      g_assert_null (node);
      g_assert_nonnull (error);
      g_assert_true (error->domain == JSON_PARSER_ERROR);
    }

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = eoc_json_parse (accepted[i], strlen (accepted[i]),
                                                 EOC_JSON_MAX_DEPTH, &error);

      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_VALUE (node));
    }

  {
    static const char object[] = "{\"a\": [1, {\"b\": \"]}\"}], \"c\": {}}\n";
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = eoc_json_parse (object, strlen (object), EOC_JSON_MAX_DEPTH, &error);

    g_assert_no_error (error);
    g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/refused", test_json_refused);
  g_test_add_func ("/models/environment", test_environment);
  g_test_add_func ("/models/tolerant", test_tolerant);
  g_test_add_func ("/models/update-notifies-changes-only", test_update_notifies_changes_only);
  g_test_add_func ("/models/update-from-every-property", test_update_from_every_property);
  g_test_add_func ("/models/schedule-edit", test_schedule_edit);
  g_test_add_func ("/models/schedule-next-run", test_schedule_next_run);
  g_test_add_func ("/models/schedule-next-run-like-service", test_schedule_next_run_like_service);
  g_test_add_func ("/models/changes", test_changes);
  g_test_add_func ("/models/enums", test_enums);
  g_test_add_func ("/errors/codes", test_error_codes);
  g_test_add_func ("/errors/details", test_error_details);
  g_test_add_func ("/errors/transport", test_transport_errors);

  return g_test_run ();
}
