/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-cli-cmd-watch.c: `eocctl watch`, the service's live events as lines:
 * for people, "TIME  ENVIRONMENT  what happened"; with --json, each event as
 * the service sends it, one per line.
 */

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "eoc-cli-format.h"
#include "eoc-cli-private.h"
#include "eoc-event-stream.h"

/* Environment names by id, for the lines; kept in cli->event_stream's data. */
#define NAMES_KEY "eocctl-environment-names"
#define CONNECTED_KEY "eocctl-connected-once"

static GHashTable *
names (EocCli *cli)
{
  return g_object_get_data (cli->event_stream, NAMES_KEY);
}

static const char *
name_of (EocCli     *cli,
         const char *environment_id)
{
  const char *name = environment_id != NULL ?
                     g_hash_table_lookup (names (cli), environment_id) : NULL;

  return name != NULL ? name : (environment_id != NULL ? environment_id : "?");
}

static void
print_json_event (EocCli     *cli,
                  const char *type,
                  const char *member,
                  JsonNode   *value)
{
  g_autoptr(JsonNode) event = eoc_cli_json_event (type, member, value);
  g_autofree char *text = eoc_cli_json_to_string (event, FALSE);

  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

static void
print_line (EocCli     *cli,
            const char *environment_id,
            const char *format,
            ...) G_GNUC_PRINTF (3, 4);

static void
print_line (EocCli     *cli,
            const char *environment_id,
            const char *format,
            ...)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (now, "%H:%M:%S");
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  printf ("%s  %-12s  %s\n", time, name_of (cli, environment_id), text);
  fflush (stdout);
}

static void
environment_changed_cb (EocEventStream *stream,
                        EocEnvironment *environment,
                        EocCli         *cli)
{
  g_hash_table_replace (names (cli), g_strdup (eoc_environment_get_id (environment)),
                        g_strdup (eoc_environment_get_name (environment)));

  if (cli->opt_json)
    {
      print_json_event (cli, "environment.changed", "environment",
                        eoc_cli_json_environment (environment));
      return;
    }

  print_line (cli, eoc_environment_get_id (environment), _("%s, version %s"),
              eoc_cli_status_label (eoc_environment_get_status (environment)),
              eoc_environment_get_version (environment));
}

static void
backup_changed_cb (EocEventStream *stream,
                   EocBackup      *backup,
                   EocCli         *cli)
{
  if (cli->opt_json)
    {
      /* The model does not say whether it is new: a backup being made is. */
      print_json_event (cli, eoc_backup_get_state (backup) == EOC_BACKUP_STATE_CREATING ?
                        "backup.created" : "backup.updated", "backup",
                        eoc_cli_json_backup (backup));
      return;
    }

  if (eoc_backup_get_state (backup) == EOC_BACKUP_STATE_CREATING)
    print_line (cli, eoc_backup_get_environment_id (backup), _("Creating Backup “%s”"),
                eoc_backup_get_name (backup));
  else
    {
      g_autofree char *size = eoc_cli_format_size ((guint64) MAX (eoc_backup_get_size (backup), 0));

      print_line (cli, eoc_backup_get_environment_id (backup), _("Backup “%s” is available (%s)"),
                  eoc_backup_get_name (backup), size);
    }
}

static void
backup_deleted_cb (EocEventStream *stream,
                   const char     *environment_id,
                   const char     *backup_id,
                   EocCli         *cli)
{
  if (cli->opt_json)
    {
      JsonObject *object = json_object_new ();
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);

      json_object_set_string_member (object, "id", backup_id);
      json_object_set_string_member (object, "environment_id", environment_id);
      json_node_take_object (node, object);
      print_json_event (cli, "backup.deleted", "backup", node);
      return;
    }

  print_line (cli, environment_id, _("Backup %s deleted"), backup_id);
}

static void
operation_changed_cb (EocEventStream *stream,
                      EocOperation   *operation,
                      EocCli         *cli)
{
  const char *kind = eoc_cli_kind_label (eoc_operation_get_kind (operation));
  const char *environment_id = eoc_operation_get_environment_id (operation);

  if (cli->opt_json)
    {
      print_json_event (cli, "operation.changed", "operation", eoc_cli_json_operation (operation));
      return;
    }

  switch (eoc_operation_get_state (operation))
    {
    case EOC_OPERATION_STATE_SUCCEEDED:
      print_line (cli, environment_id, _("The %s succeeded"), kind);
      break;
    case EOC_OPERATION_STATE_FAILED:
      print_line (cli, environment_id, _("The %s failed: %s"), kind,
                  eoc_operation_get_error (operation) != NULL ?
                  eoc_operation_get_error (operation) : _("no reason given"));
      break;
    case EOC_OPERATION_STATE_QUEUED:
    case EOC_OPERATION_STATE_RUNNING:
    case EOC_OPERATION_STATE_UNKNOWN:
    default:
      print_line (cli, environment_id, "%3u%%  %s",
                  (guint) (CLAMP (eoc_operation_get_progress (operation), 0, 1) * 100 + 0.5),
                  eoc_operation_get_message (operation) != NULL ?
                  eoc_operation_get_message (operation) : kind);
      break;
    }
}

static void
activity_added_cb (EocEventStream *stream,
                   EocActivity    *activity,
                   EocCli         *cli)
{
  if (cli->opt_json)
    {
      print_json_event (cli, "activity.added", "activity", eoc_cli_json_activity (activity));
      return;
    }

  print_line (cli, eoc_activity_get_environment_id (activity), "%s: %s%s",
              eoc_activity_get_user (activity) != NULL ? eoc_activity_get_user (activity) : "?",
              eoc_activity_get_summary (activity) != NULL ?
              eoc_activity_get_summary (activity) : eoc_activity_get_action (activity),
              eoc_activity_get_outcome (activity) == EOC_ACTIVITY_OUTCOME_FAILED ?
              _(" (failed)") : "");
}

static void
failed_cb (EocEventStream *stream,
           const GError   *error,
           EocCli         *cli)
{
  /* Refused, or never reached: there is nothing to watch. */
  if (g_error_matches (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_UNAUTHORIZED) ||
      g_error_matches (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_FORBIDDEN) ||
      !g_object_get_data (cli->event_stream, CONNECTED_KEY))
    {
      eoc_cli_fail (cli, error);
      return;
    }

  eoc_cli_message (cli, _("Connection lost (%s); trying again…"), error->message);
}

static void
state_cb (EocEventStream *stream,
          GParamSpec     *pspec,
          EocCli         *cli)
{
  if (eoc_event_stream_get_state (stream) != EOC_EVENT_STREAM_STATE_CONNECTED)
    return;

  if (!g_object_get_data (cli->event_stream, CONNECTED_KEY))
    {
      g_object_set_data (cli->event_stream, CONNECTED_KEY, GINT_TO_POINTER (TRUE));
      eoc_cli_message (cli, _("Watching %s; press Ctrl+C to stop."), cli->server_url);
    }
  else
    {
      eoc_cli_message (cli, _("Connected again; events in between may have been missed."));
    }
}

static void
environments_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  EocCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) environments = NULL;
  EocEventStream *stream;

  environments = eoc_client_list_environments_finish (EOC_CLIENT (source), result, &error);
  if (environments == NULL)
    {
      eoc_cli_fail (cli, error);
      return;
    }

  stream = eoc_event_stream_new (cli->client);
  cli->event_stream = G_OBJECT (stream);
  g_object_set_data_full (cli->event_stream, NAMES_KEY,
                          g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free),
                          (GDestroyNotify) g_hash_table_unref);
  for (guint i = 0; i < environments->len; i++)
    {
      EocEnvironment *environment = g_ptr_array_index (environments, i);

      g_hash_table_replace (names (cli), g_strdup (eoc_environment_get_id (environment)),
                            g_strdup (eoc_environment_get_name (environment)));
    }

  g_signal_connect (stream, "environment-changed", G_CALLBACK (environment_changed_cb), cli);
  g_signal_connect (stream, "backup-changed", G_CALLBACK (backup_changed_cb), cli);
  g_signal_connect (stream, "backup-deleted", G_CALLBACK (backup_deleted_cb), cli);
  g_signal_connect (stream, "operation-changed", G_CALLBACK (operation_changed_cb), cli);
  g_signal_connect (stream, "activity-added", G_CALLBACK (activity_added_cb), cli);
  g_signal_connect (stream, "failed", G_CALLBACK (failed_cb), cli);
  g_signal_connect (stream, "notify::state", G_CALLBACK (state_cb), cli);
  eoc_event_stream_start (stream);
}

void
eoc_cli_cmd_watch (EocCli *cli)
{
  /* The list first: it checks the connection and the token, and names the environments. */
  eoc_client_list_environments_async (cli->client, cli->cancellable, environments_cb, cli);
}
