/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "eoc-scheduler"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "eoc-engine.h"
#include "eoc-json.h"
#include "eoc-schedule-spec.h"
#include "eoc-scheduler.h"

static EocScheduleSpec *
load_spec (EocContext *ctx,
           const char *environment_id,
           gint64     *next_run,
           gint64     *last_run)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;

  *next_run = 0;
  *last_run = 0;
  if (!eoc_store_get_schedule (ctx->store, environment_id, &text, next_run, last_run))
    return eoc_schedule_spec_new ();

  node = eoc_json_parse (text, strlen (text), EOC_JSON_MAX_DEPTH, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return eoc_schedule_spec_new ();

  return eoc_schedule_spec_from_json (json_node_get_object (node), NULL, NULL);
}

static JsonObject *
to_json (const EocScheduleSpec *spec,
         gint64                 next_run,
         gint64                 last_run)
{
  JsonObject *object = eoc_schedule_spec_to_json (spec);

  eoc_json_set_time (object, "next_run", spec->enabled ? next_run : 0);
  eoc_json_set_time (object, "last_run", last_run);
  return object;
}

JsonObject *
eoc_scheduler_get (EocContext *ctx,
                   const char *environment_id,
                   GError    **error)
{
  g_autoptr(JsonObject) env = eoc_store_get_environment (ctx->store, environment_id, error);
  g_autoptr(EocScheduleSpec) spec = NULL;
  gint64 next_run, last_run;

  if (env == NULL)
    return NULL;

  spec = load_spec (ctx, environment_id, &next_run, &last_run);
  if (spec == NULL)
    spec = eoc_schedule_spec_new ();
  return to_json (spec, next_run, last_run);
}

static char *
describe (const EocScheduleSpec *spec)
{
  static const char *const days[] = {
    "", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
  };
  g_autofree char *when = NULL;

  if (!spec->enabled)
    return g_strdup ("Turned scheduled backups off");

  switch (spec->frequency)
    {
    case EOC_FREQUENCY_EVERY_2_HOURS:
    case EOC_FREQUENCY_EVERY_4_HOURS:
    case EOC_FREQUENCY_EVERY_8_HOURS:
    case EOC_FREQUENCY_EVERY_12_HOURS:
      when = g_strdup_printf ("every %d hours from %02d:%02d",
                              spec->frequency == EOC_FREQUENCY_EVERY_2_HOURS ? 2 :
                              spec->frequency == EOC_FREQUENCY_EVERY_4_HOURS ? 4 :
                              spec->frequency == EOC_FREQUENCY_EVERY_8_HOURS ? 8 : 12,
                              spec->hour, spec->minute);
      break;
    case EOC_FREQUENCY_WEEKLY:
      when = g_strdup_printf ("every %s at %02d:%02d", days[CLAMP (spec->day_of_week, 1, 7)],
                              spec->hour, spec->minute);
      break;
    case EOC_FREQUENCY_MONTHLY:
      when = g_strdup_printf ("monthly on day %d at %02d:%02d", spec->day_of_month,
                              spec->hour, spec->minute);
      break;
    case EOC_FREQUENCY_DAILY:
    default:
      when = g_strdup_printf ("every day at %02d:%02d", spec->hour, spec->minute);
      break;
    }

  return g_strdup_printf ("Scheduled backups %s (%s), kept %d days", when, spec->time_zone,
                          spec->retention_days);
}

JsonObject *
eoc_scheduler_set (EocContext *ctx,
                   const char *environment_id,
                   JsonObject *changes,
                   const char *user,
                   GError    **error)
{
  g_autoptr(JsonObject) env = eoc_store_get_environment (ctx->store, environment_id, error);
  g_autoptr(EocScheduleSpec) current = NULL;
  g_autoptr(EocScheduleSpec) spec = NULL;
  g_autoptr(JsonObject) stored = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonObject) activity = NULL;
  g_autofree char *text = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 next_run, last_run;

  if (env == NULL)
    return NULL;

  current = load_spec (ctx, environment_id, &next_run, &last_run);
  spec = eoc_schedule_spec_from_json (changes, current, &local_error);
  if (spec == NULL)
    {
      g_set_error_literal (error, EOC_API_ERROR, EOC_API_ERROR_BAD_REQUEST, local_error->message);
      return NULL;
    }

  next_run = spec->enabled ? eoc_schedule_spec_next_run (spec, eoc_now ()) : 0;
  stored = eoc_schedule_spec_to_json (spec);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, stored);
  text = eoc_json_to_string (node);

  if (!eoc_store_set_schedule (ctx->store, environment_id, text, next_run, last_run, error))
    return NULL;

  summary = describe (spec);
  activity = eoc_store_add_activity (ctx->store, environment_id, user, "schedule_changed", summary,
                                     TRUE);
  if (activity != NULL)
    eoc_events_emit (ctx->events, "activity.added", "activity", activity);

  return to_json (spec, next_run, last_run);
}

static void
prune (EocContext            *ctx,
       const char            *environment_id,
       const EocScheduleSpec *spec,
       gint64                 now)
{
  g_autoptr(GPtrArray) expired =
    eoc_store_expired_scheduled_backups (ctx->store, environment_id,
                                         now - (gint64) spec->retention_days * 24 * 3600);

  for (guint i = 0; i < expired->len; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!eoc_engine_delete_backup (ctx, environment_id, g_ptr_array_index (expired, i), NULL,
                                     &error))
        g_debug ("Could not prune a scheduled backup: %s", error->message);
    }
}

void
eoc_scheduler_tick (EocContext *ctx,
                    gint64      now)
{
  g_autoptr(GPtrArray) due = eoc_store_due_schedules (ctx->store, now);
  g_autoptr(GPtrArray) uploads = eoc_store_expired_uploads (ctx->store, now);

  eoc_context_reload_callers (ctx);

  for (guint i = 0; i < due->len; i++)
    {
      const char *environment_id = g_ptr_array_index (due, i);
      g_autoptr(EocScheduleSpec) spec = NULL;
      g_autoptr(JsonObject) op = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      g_autoptr(JsonObject) stored = NULL;
      g_autoptr(JsonNode) node = NULL;
      gint64 next_run, last_run;

      spec = load_spec (ctx, environment_id, &next_run, &last_run);
      if (spec == NULL || !spec->enabled)
        continue;

      op = eoc_engine_start_backup (ctx, environment_id, NULL, "scheduled", "scheduler", NULL, NULL,
                                    &error);
      if (op == NULL)
        {
          /* Busy: try again at the next tick; anything else: skip this run. */
          if (g_error_matches (error, EOC_API_ERROR, EOC_API_ERROR_OPERATION_IN_PROGRESS))
            continue;
          g_warning ("Scheduled backup of %s failed to start: %s", environment_id, error->message);
        }

      /* One run however long the service was down; the next from now on. */
      stored = eoc_schedule_spec_to_json (spec);
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_set_object (node, stored);
      text = eoc_json_to_string (node);
      eoc_store_set_schedule (ctx->store, environment_id, text,
                              eoc_schedule_spec_next_run (spec, now), now, NULL);

      prune (ctx, environment_id, spec, now);
    }

  for (guint i = 0; i < uploads->len; i++)
    {
      const char *upload_id = g_ptr_array_index (uploads, i);
      g_autofree char *path = eoc_engine_upload_path (ctx, upload_id);

      if (eoc_store_delete_upload (ctx->store, upload_id))
        g_unlink (path);
    }
}
