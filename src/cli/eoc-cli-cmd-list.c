/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-cli-cmd-list.c: the commands that show things: environments, show,
 * backups, activity, and schedule (which also changes it).
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "eoc-cli-format.h"
#include "eoc-cli-private.h"
#include "eoc-enum-types.h"

#define DEFAULT_LIMIT 50

static void
print_text (const char *text)
{
  fputs (text, stdout);
  fflush (stdout);
}

static const char *
type_label (EocEnvironmentType type)
{
  return type == EOC_ENVIRONMENT_TYPE_NON_PRODUCTION ? _("Non-production") : _("Production");
}

static char *
status_text (EocEnvironment *environment)
{
  EocOperation *operation = eoc_environment_get_operation (environment);
  const char *label = eoc_cli_status_label (eoc_environment_get_status (environment));

  if (operation != NULL && !eoc_operation_is_finished (operation))
    return g_strdup_printf ("%s (%s, %u%%)", label,
                            eoc_cli_kind_label (eoc_operation_get_kind (operation)),
                            (guint) (CLAMP (eoc_operation_get_progress (operation), 0, 1) * 100 + 0.5));
  return g_strdup (label);
}

/* A list of "Label:  value" lines, the values aligned. */
static void
print_fields (const char *const *fields)
{
  gsize width = 0;

  for (guint i = 0; fields[i] != NULL; i += 2)
    width = MAX (width, eoc_cli_display_width (fields[i]));

  for (guint i = 0; fields[i] != NULL; i += 2)
    {
      gsize pad = width - eoc_cli_display_width (fields[i]) + 2;

      if (fields[i + 1] == NULL)
        continue;
      printf ("%s:%*s%s\n", fields[i], (int) pad, "", fields[i + 1]);
    }
  fflush (stdout);
}

static char *
time_field (GDateTime *time)
{
  g_autofree char *local = NULL;
  g_autofree char *relative = NULL;

  if (time == NULL)
    return g_strdup (_("never"));

  local = eoc_cli_format_local_time (time);
  relative = eoc_cli_when (time);
  return g_strdup_printf ("%s (%s)", local, relative);
}

/* environments */

static void
environments_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  EocCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) environments = NULL;
  g_autoptr(EocCliTable) table = NULL;
  g_autofree char *text = NULL;

  environments = eoc_client_list_environments_finish (EOC_CLIENT (source), result, &error);
  if (environments == NULL)
    {
      eoc_cli_fail (cli, error);
      return;
    }

  if (cli->opt_json)
    {
      eoc_cli_print_json (cli, eoc_cli_json_array (environments,
                                                   (gpointer) eoc_cli_json_environment));
      eoc_cli_finish (cli, EOC_CLI_EXIT_OK);
      return;
    }

  if (environments->len == 0)
    {
      eoc_cli_message (cli, _("There are no environments."));
      eoc_cli_finish (cli, EOC_CLI_EXIT_OK);
      return;
    }

  table = eoc_cli_table_new (_("NAME"), _("TYPE"), _("VERSION"), _("STATUS"), _("LAST BACKUP"),
                             NULL);
  for (guint i = 0; i < environments->len; i++)
    {
      EocEnvironment *environment = g_ptr_array_index (environments, i);
      g_autofree char *status = status_text (environment);
      g_autofree char *last_backup = eoc_cli_when (eoc_environment_get_last_backup_at (environment));

      eoc_cli_table_add_row (table, eoc_environment_get_name (environment),
                             type_label (eoc_environment_get_environment_type (environment)),
                             eoc_environment_get_version (environment), status, last_backup, NULL);
    }

  text = eoc_cli_table_to_string (table);
  print_text (text);
  eoc_cli_finish (cli, EOC_CLI_EXIT_OK);
}

void
eoc_cli_cmd_environments (EocCli *cli)
{
  eoc_client_list_environments_async (cli->client, cli->cancellable, environments_cb, cli);
}

/* show */

static void
show_resolved (EocCli *cli)
{
  EocEnvironment *environment = cli->environment;
  EocOperation *operation = eoc_environment_get_operation (environment);
  g_autofree char *status = NULL;
  g_autofree char *created = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *last_backup = NULL;
  g_autofree char *operation_text = NULL;

  if (cli->opt_json)
    {
      eoc_cli_print_json (cli, eoc_cli_json_environment (environment));
      eoc_cli_finish (cli, EOC_CLI_EXIT_OK);
      return;
    }

  status = g_strdup (eoc_cli_status_label (eoc_environment_get_status (environment)));
  created = time_field (eoc_environment_get_created_at (environment));
  updated = time_field (eoc_environment_get_updated_at (environment));
  last_backup = time_field (eoc_environment_get_last_backup_at (environment));
  if (operation != NULL && !eoc_operation_is_finished (operation))
    {
      g_autofree char *since = eoc_cli_when (eoc_operation_get_started_at (operation) != NULL ?
                                             eoc_operation_get_started_at (operation) :
                                             eoc_operation_get_created_at (operation));

      operation_text = g_strdup_printf (_("%s, %u%% (started %s by %s)"),
                                        eoc_operation_get_message (operation) != NULL ?
                                        eoc_operation_get_message (operation) :
                                        eoc_cli_kind_label (eoc_operation_get_kind (operation)),
                                        (guint) (CLAMP (eoc_operation_get_progress (operation), 0, 1) * 100 + 0.5),
                                        since,
                                        eoc_operation_get_user (operation) != NULL ?
                                        eoc_operation_get_user (operation) : "?");
    }

  {
    const char *fields[] = {
      _("Name"), eoc_environment_get_name (environment),
      _("ID"), eoc_environment_get_id (environment),
      _("Description"), eoc_environment_get_description (environment) != NULL &&
                        *eoc_environment_get_description (environment) != '\0' ?
                        eoc_environment_get_description (environment) : NULL,
      _("Type"), type_label (eoc_environment_get_environment_type (environment)),
      _("Version"), eoc_environment_get_version (environment),
      _("Status"), status,
      _("Operation"), operation_text,
      _("Last backup"), last_backup,
      _("Created"), created,
      _("Updated"), updated,
      NULL, NULL,
    };

    print_fields (fields);
  }

  eoc_cli_finish (cli, EOC_CLI_EXIT_OK);
}

void
eoc_cli_cmd_show (EocCli *cli)
{
  eoc_cli_resolve_environment (cli, cli->args[0], show_resolved);
}

/* backups */

static const char *
backup_state_label (EocBackup *backup)
{
  switch (eoc_backup_get_state (backup))
    {
    case EOC_BACKUP_STATE_CREATING:
      return _("Creating Backup");
    case EOC_BACKUP_STATE_AVAILABLE:
      return _("Available");
    case EOC_BACKUP_STATE_UNKNOWN:
    default:
      return _("Unknown");
    }
}

static void
backups_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  EocCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(EocCliTable) table = NULL;
  g_autofree char *next_cursor = NULL;
  g_autofree char *text = NULL;

  backups = eoc_client_list_backups_finish (EOC_CLIENT (source), result, &next_cursor, &error);
  if (backups == NULL)
    {
      eoc_cli_fail (cli, error);
      return;
    }

  if (cli->opt_json)
    {
      eoc_cli_print_json (cli, eoc_cli_json_array (backups, (gpointer) eoc_cli_json_backup));
      eoc_cli_finish (cli, EOC_CLI_EXIT_OK);
      return;
    }

  if (backups->len == 0)
    {
      eoc_cli_message (cli, _("%s has no backups yet. Make one with: eocctl backup %s"),
                       eoc_environment_get_name (cli->environment),
                       eoc_environment_get_name (cli->environment));
      eoc_cli_finish (cli, EOC_CLI_EXIT_OK);
      return;
    }

  table = eoc_cli_table_new (_("NAME"), _("CREATED"), _("BY"), _("VERSION"), _("SIZE"),
                             _("ORIGIN"), _("STATE"), NULL);
  for (guint i = 0; i < backups->len; i++)
    {
      EocBackup *backup = g_ptr_array_index (backups, i);
      g_autofree char *created = eoc_cli_when (eoc_backup_get_created_at (backup));
      g_autofree char *size = eoc_backup_get_size (backup) >= 0 ?
                              eoc_cli_format_size ((guint64) eoc_backup_get_size (backup)) :
                              g_strdup ("-");
      const char *origin = eoc_backup_get_origin (backup) == EOC_BACKUP_ORIGIN_SCHEDULED ?
                           _("scheduled") : _("manual");

      eoc_cli_table_add_row (table, eoc_backup_get_name (backup), created,
                             eoc_backup_get_creator (backup), eoc_backup_get_version (backup),
                             size, origin, backup_state_label (backup), NULL);
    }

  text = eoc_cli_table_to_string (table);
  print_text (text);

  if (next_cursor != NULL)
    eoc_cli_message (cli, _("These are the newest %u backups; there are more (--limit 500 shows up "
                            "to 500)."), backups->len);

  eoc_cli_finish (cli, EOC_CLI_EXIT_OK);
}

static void
backups_resolved (EocCli *cli)
{
  eoc_client_list_backups_async (cli->client, eoc_environment_get_id (cli->environment), NULL,
                                 cli->opt_limit > 0 ? (guint) cli->opt_limit : DEFAULT_LIMIT,
                                 NULL, cli->cancellable, backups_cb, cli);
}

void
eoc_cli_cmd_backups (EocCli *cli)
{
  eoc_cli_resolve_environment (cli, cli->args[0], backups_resolved);
}

/* activity */

static void
activity_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  EocCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(EocCliTable) table = NULL;
  g_autofree char *next_cursor = NULL;
  g_autofree char *text = NULL;

  entries = eoc_client_list_activity_finish (EOC_CLIENT (source), result, &next_cursor, &error);
  if (entries == NULL)
    {
      eoc_cli_fail (cli, error);
      return;
    }

  if (cli->opt_json)
    {
      eoc_cli_print_json (cli, eoc_cli_json_array (entries, (gpointer) eoc_cli_json_activity));
      eoc_cli_finish (cli, EOC_CLI_EXIT_OK);
      return;
    }

  if (entries->len == 0)
    {
      eoc_cli_message (cli, _("Nothing has happened to %s yet."),
                       eoc_environment_get_name (cli->environment));
      eoc_cli_finish (cli, EOC_CLI_EXIT_OK);
      return;
    }

  table = eoc_cli_table_new (_("WHEN"), _("USER"), _("RESULT"), _("WHAT"), NULL);
  for (guint i = 0; i < entries->len; i++)
    {
      EocActivity *activity = g_ptr_array_index (entries, i);
      g_autofree char *when = eoc_cli_when (eoc_activity_get_time (activity));
      const char *outcome = eoc_activity_get_outcome (activity) == EOC_ACTIVITY_OUTCOME_FAILED ?
                            _("Failed") : _("Succeeded");
      const char *what = eoc_activity_get_summary (activity) != NULL ?
                         eoc_activity_get_summary (activity) : eoc_activity_get_action (activity);

      eoc_cli_table_add_row (table, when, eoc_activity_get_user (activity), outcome, what, NULL);
    }

  text = eoc_cli_table_to_string (table);
  print_text (text);
  eoc_cli_finish (cli, EOC_CLI_EXIT_OK);
}

static void
activity_resolved (EocCli *cli)
{
  eoc_client_list_activity_async (cli->client, eoc_environment_get_id (cli->environment),
                                  cli->opt_limit > 0 ? (guint) cli->opt_limit : DEFAULT_LIMIT,
                                  NULL, cli->cancellable, activity_cb, cli);
}

void
eoc_cli_cmd_activity (EocCli *cli)
{
  eoc_cli_resolve_environment (cli, cli->args[0], activity_resolved);
}

/* schedule */

static const char *const weekdays[] = {
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};

static gboolean
parse_frequency (const char           *text,
                 EocScheduleFrequency *frequency)
{
  g_autofree char *nick = g_ascii_strdown (text, -1);
  int value;

  g_strdelimit (nick, "- ", '_');
  if (!eoc_enum_from_nick (EOC_TYPE_SCHEDULE_FREQUENCY, nick, &value))
    return FALSE;
  *frequency = (EocScheduleFrequency) value;
  return TRUE;
}

static gboolean
has_schedule_changes (EocCli *cli)
{
  return cli->opt_enable || cli->opt_disable || cli->opt_frequency != NULL ||
         cli->opt_time != NULL || cli->opt_time_zone != NULL || cli->opt_retention != -1 ||
         cli->opt_day != NULL;
}

/* The day of the week (1 to 7) or of the month (1 to 28) in --day. */
static gboolean
parse_day (const char *text,
           guint       max,
           guint      *day)
{
  guint64 value;

  if (max == 7)
    {
      g_autofree char *lower = g_ascii_strdown (text, -1);

      for (guint i = 0; i < G_N_ELEMENTS (weekdays); i++)
        {
          if (strlen (lower) >= 3 && g_str_has_prefix (weekdays[i], lower))
            {
              *day = i + 1;
              return TRUE;
            }
        }
    }

  if (!g_ascii_string_to_unsigned (text, 10, 1, max, &value, NULL))
    return FALSE;
  *day = (guint) value;
  return TRUE;
}

/**
 * eoc_cli_check_schedule_options:
 * @cli: the run, its options parsed
 * @error: return location for a usage error
 *
 * Checks the values of the schedule options before anything is sent, and
 * writes --time as HH:MM.
 *
 * Returns: %TRUE when they are usable
 */
gboolean
eoc_cli_check_schedule_options (EocCli  *cli,
                                GError **error)
{
  EocScheduleFrequency frequency;
  guint day;

  if (cli->opt_enable && cli->opt_disable)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--enable and --disable cannot go together"));
      return FALSE;
    }

  if (cli->opt_frequency != NULL && !parse_frequency (cli->opt_frequency, &frequency))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("unknown frequency “%s”: use every_2_hours, every_4_hours, every_8_hours, "
                     "every_12_hours, daily, weekly or monthly"), cli->opt_frequency);
      return FALSE;
    }

  if (cli->opt_time != NULL)
    {
      guint64 hours, minutes;
      g_auto(GStrv) parts = g_strsplit (cli->opt_time, ":", -1);

      if (g_strv_length (parts) != 2 || strlen (parts[1]) != 2 ||
          !g_ascii_string_to_unsigned (parts[0], 10, 0, 23, &hours, NULL) ||
          !g_ascii_string_to_unsigned (parts[1], 10, 0, 59, &minutes, NULL))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--time “%s” is not a time of day as HH:MM, such as 02:30"),
                       cli->opt_time);
          return FALSE;
        }
      g_free (cli->opt_time);
      cli->opt_time = g_strdup_printf ("%02u:%02u", (guint) hours, (guint) minutes);
    }

  if (cli->opt_time_zone != NULL)
    {
      GTimeZone *zone = g_time_zone_new_identifier (cli->opt_time_zone);

      if (zone == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("unknown time zone “%s”: use a name such as UTC or Europe/Paris"),
                       cli->opt_time_zone);
          return FALSE;
        }
      g_time_zone_unref (zone);
    }

  if (cli->opt_retention != -1 && cli->opt_retention != 10 && cli->opt_retention != 20 &&
      cli->opt_retention != 30 && cli->opt_retention != 60)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--retention must be 10, 20, 30 or 60 days"));
      return FALSE;
    }

  if (cli->opt_day != NULL && cli->opt_frequency != NULL)
    {
      if (frequency != EOC_SCHEDULE_FREQUENCY_WEEKLY && frequency != EOC_SCHEDULE_FREQUENCY_MONTHLY)
        {
          g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                               _("--day only goes with a weekly or monthly frequency"));
          return FALSE;
        }
      if (!parse_day (cli->opt_day, frequency == EOC_SCHEDULE_FREQUENCY_WEEKLY ? 7 : 28, &day))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       frequency == EOC_SCHEDULE_FREQUENCY_WEEKLY ?
                       _("--day “%s” is not a day of the week: use 1 (Monday) to 7, or a name") :
                       _("--day “%s” is not a day of the month from 1 to 28"), cli->opt_day);
          return FALSE;
        }
    }

  return TRUE;
}

static char *
frequency_text (EocSchedule *schedule)
{
  const char *time = eoc_schedule_get_time (schedule) != NULL ?
                     eoc_schedule_get_time (schedule) : "00:00";

  switch (eoc_schedule_get_frequency (schedule))
    {
    case EOC_SCHEDULE_FREQUENCY_EVERY_2_HOURS:
      return g_strdup_printf (_("Every 2 hours, from %s"), time);
    case EOC_SCHEDULE_FREQUENCY_EVERY_4_HOURS:
      return g_strdup_printf (_("Every 4 hours, from %s"), time);
    case EOC_SCHEDULE_FREQUENCY_EVERY_8_HOURS:
      return g_strdup_printf (_("Every 8 hours, from %s"), time);
    case EOC_SCHEDULE_FREQUENCY_EVERY_12_HOURS:
      return g_strdup_printf (_("Every 12 hours, from %s"), time);
    case EOC_SCHEDULE_FREQUENCY_WEEKLY:
      {
        static const char *const names[] = {
          N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
          N_("Saturday"), N_("Sunday"),
        };
        guint day = CLAMP (eoc_schedule_get_day_of_week (schedule), 1, 7);

        return g_strdup_printf (_("Weekly, on %s at %s"), _(names[day - 1]), time);
      }
    case EOC_SCHEDULE_FREQUENCY_MONTHLY:
      return g_strdup_printf (_("Monthly, on day %u at %s"),
                              eoc_schedule_get_day_of_month (schedule), time);
    case EOC_SCHEDULE_FREQUENCY_DAILY:
    default:
      return g_strdup_printf (_("Daily at %s"), time);
    }
}

static void
print_schedule (EocCli      *cli,
                EocSchedule *schedule)
{
  g_autofree char *frequency = NULL;
  g_autofree char *retention = NULL;
  g_autofree char *next_run = NULL;
  g_autofree char *last_run = NULL;
  gboolean enabled = eoc_schedule_get_enabled (schedule);

  if (cli->opt_json)
    {
      eoc_cli_print_json (cli, eoc_cli_json_schedule (schedule));
      return;
    }

  frequency = frequency_text (schedule);
  retention = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days",
                                            eoc_schedule_get_retention_days (schedule)),
                               eoc_schedule_get_retention_days (schedule));
  next_run = enabled && eoc_schedule_get_next_run (schedule) != NULL ?
             time_field (eoc_schedule_get_next_run (schedule)) : g_strdup ("-");
  last_run = time_field (eoc_schedule_get_last_run (schedule));

  {
    const char *fields[] = {
      _("Environment"), eoc_environment_get_name (cli->environment),
      _("Scheduled backups"), enabled ? _("On") : _("Off"),
      _("Frequency"), frequency,
      _("Time zone"), eoc_schedule_get_time_zone (schedule) != NULL ?
                      eoc_schedule_get_time_zone (schedule) : "UTC",
      _("Kept for"), retention,
      _("Next backup"), next_run,
      _("Last backup"), last_run,
      NULL, NULL,
    };

    print_fields (fields);
  }
}

static void
set_schedule_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  EocCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocSchedule) schedule = NULL;

  schedule = eoc_client_set_schedule_finish (EOC_CLIENT (source), result, &error);
  if (schedule == NULL)
    {
      eoc_cli_fail (cli, error);
      return;
    }

  eoc_cli_message (cli, _("The backup schedule of %s is saved."),
                   eoc_environment_get_name (cli->environment));
  print_schedule (cli, schedule);
  eoc_cli_finish (cli, EOC_CLI_EXIT_OK);
}

static void
get_schedule_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  EocCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocSchedule) schedule = NULL;
  g_autoptr(EocSchedule) changed = NULL;
  EocScheduleFrequency frequency;

  schedule = eoc_client_get_schedule_finish (EOC_CLIENT (source), result, &error);
  if (schedule == NULL)
    {
      eoc_cli_fail (cli, error);
      return;
    }

  if (!has_schedule_changes (cli))
    {
      print_schedule (cli, schedule);
      eoc_cli_finish (cli, EOC_CLI_EXIT_OK);
      return;
    }

  changed = eoc_schedule_copy (schedule);
  if (cli->opt_enable)
    eoc_schedule_set_enabled (changed, TRUE);
  if (cli->opt_disable)
    eoc_schedule_set_enabled (changed, FALSE);
  if (cli->opt_frequency != NULL && parse_frequency (cli->opt_frequency, &frequency))
    eoc_schedule_set_frequency (changed, frequency);
  if (cli->opt_time != NULL)
    eoc_schedule_set_time (changed, cli->opt_time);
  if (cli->opt_time_zone != NULL)
    eoc_schedule_set_time_zone (changed, cli->opt_time_zone);
  if (cli->opt_retention != -1)
    eoc_schedule_set_retention_days (changed, (guint) cli->opt_retention);

  if (cli->opt_day != NULL)
    {
      guint day;

      frequency = eoc_schedule_get_frequency (changed);
      if (frequency == EOC_SCHEDULE_FREQUENCY_WEEKLY && parse_day (cli->opt_day, 7, &day))
        eoc_schedule_set_day_of_week (changed, day);
      else if (frequency == EOC_SCHEDULE_FREQUENCY_MONTHLY && parse_day (cli->opt_day, 28, &day))
        eoc_schedule_set_day_of_month (changed, day);
      else if (frequency == EOC_SCHEDULE_FREQUENCY_WEEKLY ||
               frequency == EOC_SCHEDULE_FREQUENCY_MONTHLY)
        {
          eoc_cli_fail_message (cli, EOC_CLI_EXIT_USAGE,
                                frequency == EOC_SCHEDULE_FREQUENCY_WEEKLY ?
                                _("--day “%s” is not a day of the week: use 1 (Monday) to 7, or a name") :
                                _("--day “%s” is not a day of the month from 1 to 28"), cli->opt_day);
          return;
        }
      else
        {
          eoc_cli_fail_message (cli, EOC_CLI_EXIT_USAGE,
                                _("--day only goes with a weekly or monthly frequency, and the "
                                  "schedule of %s is not one: add --frequency weekly or monthly"),
                                eoc_environment_get_name (cli->environment));
          return;
        }
    }

  eoc_client_set_schedule_async (cli->client, eoc_environment_get_id (cli->environment), changed,
                                 cli->cancellable, set_schedule_cb, cli);
}

static void
schedule_resolved (EocCli *cli)
{
  eoc_client_get_schedule_async (cli->client, eoc_environment_get_id (cli->environment),
                                 cli->cancellable, get_schedule_cb, cli);
}

void
eoc_cli_cmd_schedule (EocCli *cli)
{
  eoc_cli_resolve_environment (cli, cli->args[0], schedule_resolved);
}
