/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-cli.c: eocctl's entry point: the options, the connection, the main
 * loop, and how errors become messages and exit statuses.
 */

#define G_LOG_DOMAIN "eocctl"

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <glib-unix.h>
#include <glib/gi18n.h>

#include "eoc-cli.h"
#include "eoc-cli-config.h"
#include "eoc-cli-format.h"
#include "eoc-cli-private.h"
#include "eoc-event-stream.h"

static void
eoc_cli_free (EocCli *cli)
{
  eoc_cli_stop_waiting (cli);
  g_clear_pointer (&cli->progress, eoc_cli_progress_free);
  if (cli->event_stream != NULL)
    eoc_event_stream_stop ((EocEventStream *) cli->event_stream);
  g_clear_object (&cli->event_stream);
  g_clear_object (&cli->stdin_lines);
  g_clear_object (&cli->file);
  g_clear_object (&cli->environment);
  g_clear_object (&cli->backup);
  g_clear_object (&cli->upload);
  g_clear_object (&cli->changes);
  g_clear_object (&cli->operation);
  g_clear_object (&cli->schedule);
  g_clear_object (&cli->client);
  g_clear_object (&cli->cancellable);
  g_clear_pointer (&cli->loop, g_main_loop_unref);
  g_clear_pointer (&cli->args, g_strfreev);
  g_free (cli->server_url);
  g_free (cli->token_source);
  g_free (cli->last_message);
  g_free (cli->opt_server);
  g_free (cli->opt_token);
  g_free (cli->opt_name);
  g_free (cli->opt_frequency);
  g_free (cli->opt_time);
  g_free (cli->opt_time_zone);
  g_free (cli->opt_day);
  g_free (cli);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EocCli, eoc_cli_free)

/* Finishing and failing */

/**
 * eoc_cli_finish:
 * @cli: the run
 * @exit_status: what eocctl exits with
 *
 * Ends the run. Only the first call counts.
 */
void
eoc_cli_finish (EocCli *cli,
                int     exit_status)
{
  if (cli->finished)
    return;

  cli->finished = TRUE;
  cli->exit_status = exit_status;
  if (cli->progress != NULL)
    eoc_cli_progress_end (cli->progress);
  eoc_cli_stop_waiting (cli);
  g_main_loop_quit (cli->loop);
}

static void
print_error_line (const char *text)
{
  fflush (stdout);
  g_printerr ("eocctl: %s\n", text);
}

/**
 * eoc_cli_fail_message:
 * @cli: the run
 * @exit_status: what eocctl exits with
 * @format: the message, printed to standard error after "eocctl: "
 *
 * Ends the run with a message.
 */
void
eoc_cli_fail_message (EocCli     *cli,
                      int         exit_status,
                      const char *format,
                      ...)
{
  g_autofree char *text = NULL;
  va_list args;

  if (cli->finished)
    return;

  if (cli->progress != NULL)
    eoc_cli_progress_end (cli->progress);

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  print_error_line (text);
  eoc_cli_finish (cli, exit_status);
}

/**
 * eoc_cli_message:
 * @cli: the run
 * @format: a message for people
 *
 * Prints a message to standard error: what is being done or was done.
 */
void
eoc_cli_message (EocCli     *cli,
                 const char *format,
                 ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  fflush (stdout);
  g_printerr ("%s\n", text);
}

gboolean
eoc_cli_is_cancelled (EocCli       *cli,
                      const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* What the command would have done, for "not allowed" messages. */
static const char *
command_action (EocCli *cli)
{
  switch (cli->command->id)
    {
    case EOC_CLI_COMMAND_BACKUP:
      return _("make backups");
    case EOC_CLI_COMMAND_RESTORE:
      return _("restore backups");
    case EOC_CLI_COMMAND_IMPORT:
      return _("import configurations");
    case EOC_CLI_COMMAND_DELETE_BACKUP:
      return _("delete backups");
    case EOC_CLI_COMMAND_UPDATE:
      return _("update environments");
    case EOC_CLI_COMMAND_SCHEDULE:
      return _("change backup schedules");
    case EOC_CLI_COMMAND_ENVIRONMENTS:
    case EOC_CLI_COMMAND_SHOW:
    case EOC_CLI_COMMAND_BACKUPS:
    case EOC_CLI_COMMAND_EXPORT:
    case EOC_CLI_COMMAND_DOWNLOAD:
    case EOC_CLI_COMMAND_ACTIVITY:
    case EOC_CLI_COMMAND_WATCH:
    case EOC_CLI_COMMAND_HELP:
    default:
      return _("do this");
    }
}

/**
 * eoc_cli_fail:
 * @cli: the run
 * @error: what went wrong
 *
 * Ends the run with a message made from @error, and the exit status of its
 * kind: 3 when the service cannot be reached or refuses the token, 130 when
 * interrupted, 1 otherwise.
 */
void
eoc_cli_fail (EocCli       *cli,
              const GError *error)
{
  if (cli->finished)
    return;

  if (eoc_cli_is_cancelled (cli, error))
    {
      if (cli->progress != NULL)
        eoc_cli_progress_end (cli->progress);
      if (cli->interrupted)
        print_error_line (_("interrupted"));
      eoc_cli_finish (cli, EOC_CLI_EXIT_INTERRUPTED);
      return;
    }

  if (error->domain != EOC_CLIENT_ERROR)
    {
      eoc_cli_fail_message (cli, EOC_CLI_EXIT_FAILED, "%s", error->message);
      return;
    }

  switch ((EocClientError) error->code)
    {
    case EOC_CLIENT_ERROR_CANNOT_CONNECT:
      eoc_cli_fail_message (cli, EOC_CLI_EXIT_CONNECTION, _("cannot connect to the service: %s"),
                            error->message);
      return;

    case EOC_CLIENT_ERROR_TIMED_OUT:
      eoc_cli_fail_message (cli, EOC_CLI_EXIT_CONNECTION, _("cannot connect to the service: %s"),
                            error->message);
      return;

    case EOC_CLIENT_ERROR_UNAUTHORIZED:
      eoc_cli_fail_message (cli, EOC_CLI_EXIT_CONNECTION,
                            _("the service at %s did not accept the token (from %s). Check it, "
                              "or ask an administrator for a new one."),
                            cli->server_url, cli->token_source);
      return;

    case EOC_CLIENT_ERROR_FORBIDDEN:
      {
        g_autofree char *role = eoc_client_error_dup_detail (error, "required_role");

        if (role != NULL)
          eoc_cli_fail_message (cli, EOC_CLI_EXIT_FAILED,
                                _("not allowed: your role may not %s; it takes the “%s” role. Ask "
                                  "an administrator for access."),
                                command_action (cli), role);
        else
          eoc_cli_fail_message (cli, EOC_CLI_EXIT_FAILED,
                                _("not allowed: your role may not %s. Ask an administrator for "
                                  "access."), command_action (cli));
        return;
      }

    case EOC_CLIENT_ERROR_OPERATION_IN_PROGRESS:
      {
        g_autofree char *kind = eoc_client_error_dup_detail (error, "kind");
        const char *name = cli->environment != NULL ?
                           eoc_environment_get_name (cli->environment) : "ENV";

        eoc_cli_fail_message (cli, EOC_CLI_EXIT_FAILED,
                              _("another operation (%s) is already running on %s. Wait until it "
                                "has finished (eocctl show %s), then try again."),
                              kind != NULL ? kind : _("unknown"), name, name);
        return;
      }

    case EOC_CLIENT_ERROR_INVALID_CONFIGURATION:
      {
        g_autofree char *reason = eoc_client_error_dup_reason (error);
        g_autofree char *file = cli->file != NULL ? g_file_get_parse_name (cli->file) : NULL;

        if (file != NULL && reason != NULL)
          eoc_cli_fail_message (cli, EOC_CLI_EXIT_FAILED,
                                _("%s is not a valid configuration file: %s"), file, reason);
        else
          eoc_cli_fail_message (cli, EOC_CLI_EXIT_FAILED, "%s", error->message);
        return;
      }

    case EOC_CLIENT_ERROR_NOT_FOUND:
    case EOC_CLIENT_ERROR_NAME_TAKEN:
    case EOC_CLIENT_ERROR_VERSION_MISMATCH:
    case EOC_CLIENT_ERROR_INVALID_STATE:
    case EOC_CLIENT_ERROR_INVALID_INPUT:
    case EOC_CLIENT_ERROR_TOO_LARGE:
    case EOC_CLIENT_ERROR_BACKUP_CORRUPT:
    case EOC_CLIENT_ERROR_INSUFFICIENT_STORAGE:
    case EOC_CLIENT_ERROR_SERVER_ERROR:
    case EOC_CLIENT_ERROR_INVALID_RESPONSE:
    default:
      eoc_cli_fail_message (cli, EOC_CLI_EXIT_FAILED, "%s", error->message);
      return;
    }
}

/* Output */

/**
 * eoc_cli_print_json:
 * @cli: the run
 * @node: (transfer full): what to print
 *
 * Prints @node to standard output, indented, with a line end.
 */
void
eoc_cli_print_json (EocCli   *cli,
                    JsonNode *node)
{
  g_autoptr(JsonNode) owned = node;
  g_autofree char *text = eoc_cli_json_to_string (owned, TRUE);

  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

guint
eoc_cli_terminal_width (void)
{
  struct winsize size;
  const char *columns;

  if (ioctl (STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return size.ws_col;

  columns = g_getenv ("COLUMNS");
  if (columns != NULL && g_ascii_strtoull (columns, NULL, 10) > 0)
    return (guint) MIN (g_ascii_strtoull (columns, NULL, 10), 1000);

  return 80;
}

const char *
eoc_cli_status_label (EocEnvironmentStatus status)
{
  switch (status)
    {
    case EOC_ENVIRONMENT_STATUS_OPERATIONAL:
      return _("Operational");
    case EOC_ENVIRONMENT_STATUS_UPDATING:
      return _("Updating");
    case EOC_ENVIRONMENT_STATUS_UPDATE_FAILED:
      return _("Update Failed");
    case EOC_ENVIRONMENT_STATUS_OFFLINE:
      return _("Offline");
    case EOC_ENVIRONMENT_STATUS_STARTING:
      return _("Starting");
    case EOC_ENVIRONMENT_STATUS_STOPPING:
      return _("Stopping");
    case EOC_ENVIRONMENT_STATUS_UNKNOWN:
    default:
      return _("Unknown");
    }
}

const char *
eoc_cli_kind_label (EocOperationKind kind)
{
  switch (kind)
    {
    case EOC_OPERATION_KIND_BACKUP:
      return _("backup");
    case EOC_OPERATION_KIND_RESTORE:
      return _("restore");
    case EOC_OPERATION_KIND_IMPORT:
      return _("import");
    case EOC_OPERATION_KIND_UPDATE:
      return _("update");
    case EOC_OPERATION_KIND_START:
      return _("start");
    case EOC_OPERATION_KIND_STOP:
      return _("stop");
    case EOC_OPERATION_KIND_UNKNOWN:
    default:
      return _("operation");
    }
}

/**
 * eoc_cli_when:
 * @time: (nullable): a time
 *
 * Returns: (transfer full): @time relative to now ("5 minutes ago"), or
 *   "never" when %NULL
 */
char *
eoc_cli_when (GDateTime *time)
{
  g_autoptr(GDateTime) now = NULL;

  if (time == NULL)
    return g_strdup (_("never"));

  now = g_date_time_new_now_utc ();
  return eoc_cli_format_relative_time (time, now);
}

/* Signals */

static gboolean
interrupt_cb (gpointer user_data)
{
  EocCli *cli = user_data;

  if (cli->interrupted || cli->finished)
    {
      eoc_cli_finish (cli, EOC_CLI_EXIT_INTERRUPTED);
      return G_SOURCE_CONTINUE;
    }

  cli->interrupted = TRUE;
  if (cli->progress != NULL)
    eoc_cli_progress_end (cli->progress);

  /* Waiting for an operation: it goes on on the service without us. */
  if (cli->operation != NULL && cli->opt_wait && !eoc_operation_is_finished (cli->operation))
    {
      const char *name = cli->environment != NULL ?
                         eoc_environment_get_name (cli->environment) : "ENV";

      eoc_cli_message (cli, _("Stopped waiting. The %s goes on on the service; follow it with: "
                              "eocctl show %s"),
                       eoc_cli_kind_label (eoc_operation_get_kind (cli->operation)), name);
      eoc_cli_finish (cli, EOC_CLI_EXIT_INTERRUPTED);
      return G_SOURCE_CONTINUE;
    }

  /* Anything else is cancelled; its callback ends the run. */
  g_cancellable_cancel (cli->cancellable);
  if (cli->command->id == EOC_CLI_COMMAND_WATCH)
    eoc_cli_finish (cli, EOC_CLI_EXIT_OK);
  return G_SOURCE_CONTINUE;
}

/* Options */

static void
add_global_entries (GOptionContext *context,
                    EocCli         *cli,
                    gboolean        with_version)
{
  const GOptionEntry global[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING, &cli->opt_server, NULL, NULL },
    { "token", 't', 0, G_OPTION_ARG_STRING, &cli->opt_token, NULL, NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli->opt_json, NULL, NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &cli->opt_help, NULL, NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &cli->opt_version, NULL, NULL },
    { NULL }
  };
  GOptionEntry entries[G_N_ELEMENTS (global)];
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (global) - 1; i++)
    {
      if (!with_version && g_str_equal (global[i].long_name, "version"))
        continue;
      entries[n++] = global[i];
    }
  entries[n] = global[G_N_ELEMENTS (global) - 1];

  g_option_context_add_main_entries (context, entries, NULL);
}

static void
add_command_entries (GOptionContext *context,
                     EocCli         *cli)
{
  const struct {
    EocCliOptions option;
    GOptionEntry  entry;
  } all[] = {
    { EOC_CLI_OPTION_NAME, { "name", 0, 0, G_OPTION_ARG_STRING, &cli->opt_name, NULL, NULL } },
    { EOC_CLI_OPTION_SAFETY_BACKUP,
      { "safety-backup", 0, 0, G_OPTION_ARG_NONE, &cli->opt_safety_backup, NULL, NULL } },
    { EOC_CLI_OPTION_WAIT, { "wait", 'w', 0, G_OPTION_ARG_NONE, &cli->opt_wait, NULL, NULL } },
    { EOC_CLI_OPTION_YES, { "yes", 'y', 0, G_OPTION_ARG_NONE, &cli->opt_yes, NULL, NULL } },
    { EOC_CLI_OPTION_FORCE, { "force", 'f', 0, G_OPTION_ARG_NONE, &cli->opt_force, NULL, NULL } },
    { EOC_CLI_OPTION_LIMIT, { "limit", 'n', 0, G_OPTION_ARG_INT, &cli->opt_limit, NULL, NULL } },
    { EOC_CLI_OPTION_SCHEDULE,
      { "enable", 0, 0, G_OPTION_ARG_NONE, &cli->opt_enable, NULL, NULL } },
    { EOC_CLI_OPTION_SCHEDULE,
      { "disable", 0, 0, G_OPTION_ARG_NONE, &cli->opt_disable, NULL, NULL } },
    { EOC_CLI_OPTION_SCHEDULE,
      { "frequency", 0, 0, G_OPTION_ARG_STRING, &cli->opt_frequency, NULL, NULL } },
    { EOC_CLI_OPTION_SCHEDULE,
      { "time", 0, 0, G_OPTION_ARG_STRING, &cli->opt_time, NULL, NULL } },
    { EOC_CLI_OPTION_SCHEDULE,
      { "time-zone", 0, 0, G_OPTION_ARG_STRING, &cli->opt_time_zone, NULL, NULL } },
    { EOC_CLI_OPTION_SCHEDULE,
      { "retention", 0, 0, G_OPTION_ARG_INT, &cli->opt_retention, NULL, NULL } },
    { EOC_CLI_OPTION_SCHEDULE,
      { "day", 0, 0, G_OPTION_ARG_STRING, &cli->opt_day, NULL, NULL } },
  };
  GOptionEntry entries[G_N_ELEMENTS (all) + 1];
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      if (cli->command->options & all[i].option)
        entries[n++] = all[i].entry;
    }
  memset (&entries[n], 0, sizeof entries[n]);

  g_option_context_add_main_entries (context, entries, NULL);
}

static int
usage_error (const EocCliCommand *command,
             const char          *format,
             ...) G_GNUC_PRINTF (2, 3);

static int
usage_error (const EocCliCommand *command,
             const char          *format,
             ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("eocctl: %s\n", text);
  if (command != NULL)
    {
      g_autofree char *usage = eoc_cli_usage_line (command);

      g_printerr ("%s", usage);
      g_printerr (_("Run “eocctl %s --help” for more.\n"), command->name);
    }
  else
    {
      g_printerr (_("Run “eocctl --help” for the commands and options.\n"));
    }

  return EOC_CLI_EXIT_USAGE;
}

static void
print_short_usage (void)
{
  guint n;
  const EocCliCommand *all = eoc_cli_commands (&n);

  g_printerr (_("Usage: eocctl [OPTION...] COMMAND [ARGUMENT...]\n\nCommands:"));
  for (guint i = 0; i < n; i++)
    g_printerr ("%s %s", i % 7 == 0 ? "\n " : "", all[i].name);
  g_printerr (_("\n\nRun “eocctl --help” for the commands and options.\n"));
}

static const EocCliCommand *
closest_command (const char *name)
{
  guint n;
  const EocCliCommand *all = eoc_cli_commands (&n);

  for (guint i = 0; i < n; i++)
    {
      if (g_str_has_prefix (all[i].name, name) || g_str_has_prefix (name, all[i].name))
        return &all[i];
    }

  return NULL;
}

/* Parses the command line. Returns -1 to go on, or the exit status. */
static int
parse_arguments (EocCli *cli,
                 int     argc,
                 char  **argv)
{
  g_autoptr(GOptionContext) global = g_option_context_new (NULL);
  g_autoptr(GOptionContext) local = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;
  guint n_args;
  const EocCliCommand *command;

  args = g_new0 (char *, (gsize) argc + 1);
  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);

  /* Global options come before the command; the command's own after it. */
  g_option_context_set_help_enabled (global, FALSE);
  g_option_context_set_strict_posix (global, TRUE);
  add_global_entries (global, cli, TRUE);
  if (!g_option_context_parse_strv (global, &args, &error))
    return usage_error (NULL, "%s", error->message);

  if (cli->opt_version)
    {
      g_print ("eocctl %s\n", PACKAGE_VERSION);
      return EOC_CLI_EXIT_OK;
    }

  if (args[0] == NULL || args[1] == NULL)
    {
      if (cli->opt_help)
        {
          g_autofree char *help = eoc_cli_help_main ();

          g_print ("%s", help);
          return EOC_CLI_EXIT_OK;
        }
      print_short_usage ();
      return EOC_CLI_EXIT_USAGE;
    }

  command = eoc_cli_command_lookup (args[1]);
  if (command == NULL)
    {
      const EocCliCommand *closest = closest_command (args[1]);

      if (closest != NULL)
        return usage_error (NULL, _("unknown command “%s”; did you mean “%s”?"), args[1],
                            closest->name);
      return usage_error (NULL, _("unknown command “%s”"), args[1]);
    }
  cli->command = command;

  local = g_option_context_new (NULL);
  g_option_context_set_help_enabled (local, FALSE);
  add_global_entries (local, cli, FALSE);
  add_command_entries (local, cli);
  if (!g_option_context_parse_strv (local, &args, &error))
    return usage_error (command, "%s", error->message);

  /* args is now { argv[0], command, arguments... }, with the "--" that ends
   * the options still in: arguments after it may start with "-". */
  for (guint i = 2; args[i] != NULL; i++)
    {
      if (g_str_equal (args[i], "--"))
        {
          g_free (args[i]);
          memmove (&args[i], &args[i + 1], (g_strv_length (args + i + 1) + 1) * sizeof (char *));
          break;
        }
    }
  n_args = g_strv_length (args) - 2;

  if (command->id == EOC_CLI_COMMAND_HELP)
    {
      g_autofree char *help = NULL;

      if (n_args > 1)
        return usage_error (command, _("help takes at most one command"));
      if (n_args == 1)
        {
          const EocCliCommand *about = eoc_cli_command_lookup (args[2]);

          if (about == NULL)
            return usage_error (NULL, _("unknown command “%s”"), args[2]);
          help = eoc_cli_help_command (about);
        }
      else
        {
          help = eoc_cli_help_main ();
        }
      g_print ("%s", help);
      return EOC_CLI_EXIT_OK;
    }

  if (cli->opt_help)
    {
      g_autofree char *help = eoc_cli_help_command (command);

      g_print ("%s", help);
      return EOC_CLI_EXIT_OK;
    }

  if (n_args != command->n_arguments)
    {
      if (n_args < command->n_arguments)
        return usage_error (command, _("%s needs %s"), command->name, command->arguments);
      return usage_error (command, _("%s takes only %s; unexpected “%s”"), command->name,
                          *command->arguments != '\0' ? command->arguments : _("no arguments"),
                          args[2 + command->n_arguments]);
    }

  for (guint i = 0; i < n_args; i++)
    {
      if (*args[2 + i] == '\0')
        return usage_error (command, _("an argument is empty"));
    }

  if ((command->options & EOC_CLI_OPTION_LIMIT) && cli->opt_limit != -1 &&
      (cli->opt_limit < 1 || cli->opt_limit > 500))
    return usage_error (command, _("--limit must be between 1 and 500"));

  if (command->options & EOC_CLI_OPTION_NAME && cli->opt_name != NULL)
    {
      g_strstrip (cli->opt_name);
      if (*cli->opt_name == '\0')
        return usage_error (command, _("--name is empty"));
    }

  if (command->id == EOC_CLI_COMMAND_SCHEDULE && !eoc_cli_check_schedule_options (cli, &error))
    return usage_error (command, "%s", error->message);

  cli->args = g_strdupv (args + 2);
  return -1;
}

/* The run */

static void
run_command (EocCli *cli)
{
  switch (cli->command->id)
    {
    case EOC_CLI_COMMAND_ENVIRONMENTS:
      eoc_cli_cmd_environments (cli);
      break;
    case EOC_CLI_COMMAND_SHOW:
      eoc_cli_cmd_show (cli);
      break;
    case EOC_CLI_COMMAND_BACKUPS:
      eoc_cli_cmd_backups (cli);
      break;
    case EOC_CLI_COMMAND_BACKUP:
      eoc_cli_cmd_backup (cli);
      break;
    case EOC_CLI_COMMAND_RESTORE:
      eoc_cli_cmd_restore (cli);
      break;
    case EOC_CLI_COMMAND_IMPORT:
      eoc_cli_cmd_import (cli);
      break;
    case EOC_CLI_COMMAND_EXPORT:
      eoc_cli_cmd_export (cli);
      break;
    case EOC_CLI_COMMAND_DOWNLOAD:
      eoc_cli_cmd_download (cli);
      break;
    case EOC_CLI_COMMAND_DELETE_BACKUP:
      eoc_cli_cmd_delete_backup (cli);
      break;
    case EOC_CLI_COMMAND_UPDATE:
      eoc_cli_cmd_update (cli);
      break;
    case EOC_CLI_COMMAND_SCHEDULE:
      eoc_cli_cmd_schedule (cli);
      break;
    case EOC_CLI_COMMAND_ACTIVITY:
      eoc_cli_cmd_activity (cli);
      break;
    case EOC_CLI_COMMAND_WATCH:
      eoc_cli_cmd_watch (cli);
      break;
    case EOC_CLI_COMMAND_HELP:
    default:
      g_assert_not_reached ();
    }
}

/**
 * eoc_cli_run:
 * @argc: the number of arguments
 * @argv: the arguments, the program's name first
 *
 * Runs eocctl: parses the arguments, finds the service and the token, runs
 * the command on a main loop, and returns the exit status.
 *
 * Returns: the exit status (see #EocCliExit)
 */
int
eoc_cli_run (int    argc,
             char **argv)
{
  g_autoptr(EocCli) cli = g_new0 (EocCli, 1);
  g_autoptr(EocCliConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  guint sigint_id;
  guint sigterm_id;
  int status;

  cli->opt_retention = -1;
  cli->opt_limit = -1;
  cli->stdin_is_tty = isatty (STDIN_FILENO);
  cli->stdout_is_tty = isatty (STDOUT_FILENO);
  cli->stderr_is_tty = isatty (STDERR_FILENO);

  status = parse_arguments (cli, argc, argv);
  if (status >= 0)
    return status;

  connection = eoc_cli_connection_resolve (cli->opt_server, cli->opt_token, NULL, &error);
  if (connection == NULL)
    {
      g_printerr ("eocctl: %s\n", error->message);
      return EOC_CLI_EXIT_USAGE;
    }

  cli->server_url = g_strdup (connection->url);
  cli->token_source = g_strdup (connection->token_source);
  cli->client = eoc_client_new (connection->url, connection->token);
  cli->cancellable = g_cancellable_new ();
  cli->loop = g_main_loop_new (NULL, FALSE);

  sigint_id = g_unix_signal_add (SIGINT, interrupt_cb, cli);
  sigterm_id = g_unix_signal_add (SIGTERM, interrupt_cb, cli);

  run_command (cli);
  if (!cli->finished)
    g_main_loop_run (cli->loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  fflush (stdout);

  return cli->exit_status;
}
