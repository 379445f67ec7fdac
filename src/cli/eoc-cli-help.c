/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "eoc-cli-help.h"

static const EocCliCommand commands[] = {
  { EOC_CLI_COMMAND_ENVIRONMENTS, "environments", "", 0, 0,
    N_("List the environments"),
    N_("Lists every environment with its type, version, status and last backup.\n"),
    "  eocctl environments\n"
    "  eocctl environments --json | jq -r '.[].name'\n" },

  { EOC_CLI_COMMAND_SHOW, "show", "ENV", 1, 0,
    N_("Show an environment's details"),
    N_("Shows an environment: its description, type, version, status, when it was\n"
       "created, updated and last backed up, and the operation running on it.\n"),
    "  eocctl show Staging\n" },

  { EOC_CLI_COMMAND_BACKUPS, "backups", "ENV", 1, EOC_CLI_OPTION_LIMIT,
    N_("List an environment's backups"),
    N_("Lists an environment's backups, newest first: name, when and by whom each\n"
       "was made, its version, size and state.\n"),
    "  eocctl backups Production\n"
    "  eocctl backups Production --limit 200\n" },

  { EOC_CLI_COMMAND_BACKUP, "backup", "ENV", 1, EOC_CLI_OPTION_NAME | EOC_CLI_OPTION_WAIT,
    N_("Back an environment up"),
    N_("Backs up an environment's current configuration. Without --name the service\n"
       "picks a name such as “Staging backup 2026-11-22 10:04”. The backup is made in\n"
       "the background; with --wait, eocctl waits until it is available.\n"),
    "  eocctl backup Staging --name \"Before the 2.2 update\" --wait\n" },

  { EOC_CLI_COMMAND_RESTORE, "restore", "ENV BACKUP", 2,
    EOC_CLI_OPTION_SAFETY_BACKUP | EOC_CLI_OPTION_WAIT,
    N_("Restore an environment from a backup"),
    N_("Replaces an environment's configuration with the one in a backup. This\n"
       "erases the current configuration: --safety-backup backs it up first.\n"
       "\n"
       "A backup can only be restored to an environment at the same version. When\n"
       "the versions differ, update the environment to the backup's version first\n"
       "(eocctl update ENV VERSION).\n"
       "\n"
       "The restore runs in the background; with --wait, eocctl shows its progress\n"
       "and exits with status 1 when it fails.\n"),
    "  eocctl restore Staging \"Before the 2.2 update\" --safety-backup --wait\n" },

  { EOC_CLI_COMMAND_IMPORT, "import", "ENV FILE", 2,
    EOC_CLI_OPTION_SAFETY_BACKUP | EOC_CLI_OPTION_WAIT | EOC_CLI_OPTION_YES,
    N_("Import a configuration file into an environment"),
    N_("Uploads a configuration file (as written by export or download), shows\n"
       "what it would change, and imports it, replacing the environment's current\n"
       "configuration. On a terminal eocctl asks before importing; --yes skips the\n"
       "question, and is required when standard input is not a terminal.\n"
       "--safety-backup backs the current configuration up first.\n"
       "\n"
       "The file's version must match the environment's. The import runs in the\n"
       "background; with --wait, eocctl shows its progress and exits with status 1\n"
       "when it fails.\n"),
    "  eocctl import QA qa-config.zip\n"
    "  eocctl import QA qa-config.zip --yes --safety-backup --wait\n" },

  { EOC_CLI_COMMAND_EXPORT, "export", "ENV FILE", 2, EOC_CLI_OPTION_FORCE,
    N_("Save an environment's current configuration to a file"),
    N_("Downloads an environment's current configuration to FILE, a ZIP file that\n"
       "import accepts, and checks its SHA-256 checksum. An existing FILE is only\n"
       "replaced with --force.\n"),
    "  eocctl export Production production.zip\n" },

  { EOC_CLI_COMMAND_DOWNLOAD, "download", "ENV BACKUP FILE", 3, EOC_CLI_OPTION_FORCE,
    N_("Save a backup to a file"),
    N_("Downloads a backup to FILE, a ZIP file that import accepts, and checks its\n"
       "SHA-256 checksum. An existing FILE is only replaced with --force.\n"),
    "  eocctl download Production \"Initial configuration\" initial.zip\n" },

  { EOC_CLI_COMMAND_DELETE_BACKUP, "delete-backup", "ENV BACKUP", 2, 0,
    N_("Delete a backup"),
    N_("Deletes a backup for good. A backup still being made cannot be deleted.\n"),
    "  eocctl delete-backup Staging \"Staging backup 2026-11-22 10:04\"\n" },

  { EOC_CLI_COMMAND_UPDATE, "update", "ENV VERSION", 2,
    EOC_CLI_OPTION_SAFETY_BACKUP | EOC_CLI_OPTION_WAIT,
    N_("Update an environment to a newer version"),
    N_("Updates an environment to VERSION, which must be newer than its current\n"
       "one. --safety-backup backs the current configuration up first. The update\n"
       "runs in the background; with --wait, eocctl shows its progress and exits\n"
       "with status 1 when it fails.\n"),
    "  eocctl update QA 2.1.0 --safety-backup --wait\n" },

  { EOC_CLI_COMMAND_SCHEDULE, "schedule", "ENV", 1, EOC_CLI_OPTION_SCHEDULE,
    N_("Show or change an environment's backup schedule"),
    N_("Without options, shows the schedule. With options, changes what they say\n"
       "and keeps the rest:\n"
       "\n"
       "  --enable, --disable   Turn scheduled backups on or off\n"
       "  --frequency F         every_2_hours, every_4_hours, every_8_hours,\n"
       "                        every_12_hours, daily, weekly or monthly\n"
       "  --time HH:MM          When they run (24-hour clock)\n"
       "  --time-zone TZ        In which time zone, such as Europe/Paris (default UTC)\n"
       "  --retention DAYS      How long scheduled backups are kept: 10, 20, 30 or 60\n"
       "  --day N               Weekly: the day of the week, 1 (Monday) to 7, or its\n"
       "                        name; monthly: the day of the month, 1 to 28\n"),
    "  eocctl schedule Production\n"
    "  eocctl schedule Staging --enable --frequency weekly --day monday --time 03:30\n" },

  { EOC_CLI_COMMAND_ACTIVITY, "activity", "ENV", 1, EOC_CLI_OPTION_LIMIT,
    N_("Show an environment's activity log"),
    N_("Lists what happened to an environment, newest first: when, who, what, and\n"
       "whether it worked.\n"),
    "  eocctl activity Production --limit 10\n" },

  { EOC_CLI_COMMAND_WATCH, "watch", "", 0, 0,
    N_("Print what happens on the service, live"),
    N_("Prints a line for each event the service sends: environments changing\n"
       "status, backups made and deleted, operations progressing and ending, new\n"
       "activity. With --json, prints each event as one line of JSON. Runs until\n"
       "interrupted; reconnects when the connection drops.\n"),
    "  eocctl watch\n"
    "  eocctl watch --json | jq -c 'select(.type == \"activity.added\")'\n" },

  { EOC_CLI_COMMAND_HELP, "help", "[COMMAND]", 1, 0,
    N_("Show help for eocctl or a command"),
    N_("Shows the help of eocctl, or of COMMAND.\n"),
    "  eocctl help restore\n" },
};

const EocCliCommand *
eoc_cli_commands (guint *n_commands)
{
  *n_commands = G_N_ELEMENTS (commands);
  return commands;
}

/**
 * eoc_cli_command_lookup:
 * @name: a command's name
 *
 * Returns: (nullable): the command, or %NULL when there is none of that name
 */
const EocCliCommand *
eoc_cli_command_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_strcmp0 (commands[i].name, name) == 0)
        return &commands[i];
    }

  return NULL;
}

static const char *
options_synopsis (EocCliOptions options)
{
  switch ((int) options)
    {
    case EOC_CLI_OPTION_LIMIT:
      return " [--limit N]";
    case EOC_CLI_OPTION_NAME | EOC_CLI_OPTION_WAIT:
      return " [--name NAME] [--wait]";
    case EOC_CLI_OPTION_SAFETY_BACKUP | EOC_CLI_OPTION_WAIT:
      return " [--safety-backup] [--wait]";
    case EOC_CLI_OPTION_SAFETY_BACKUP | EOC_CLI_OPTION_WAIT | EOC_CLI_OPTION_YES:
      return " [--yes] [--safety-backup] [--wait]";
    case EOC_CLI_OPTION_FORCE:
      return " [--force]";
    case EOC_CLI_OPTION_WAIT:
      return " [--wait]";
    case EOC_CLI_OPTION_SCHEDULE:
      return " [--enable|--disable] [--frequency F] [--time HH:MM]\n"
             "                     [--time-zone TZ] [--retention DAYS] [--day N]";
    default:
      return "";
    }
}

/**
 * eoc_cli_usage_line:
 * @command: a command
 *
 * Returns: (transfer full): "Usage: eocctl [OPTION...] restore ENV BACKUP [--safety-backup] [--wait]"
 */
char *
eoc_cli_usage_line (const EocCliCommand *command)
{
  return g_strdup_printf (_("Usage: eocctl [OPTION...] %s%s%s%s\n"), command->name,
                          *command->arguments != '\0' ? " " : "", command->arguments,
                          options_synopsis (command->options));
}

static void
append_global_options (GString *out)
{
  g_string_append (out, _("Global options:\n"
                          "  -s, --server URL    The service's address, such as https://eoc.example.com\n"
                          "  -t, --token TOKEN   The token to sign in with (other users can see it in\n"
                          "                      the process list: prefer EOC_TOKEN or the file)\n"
                          "      --json          Print the service's JSON objects instead of tables\n"
                          "  -h, --help          Show this help\n"));
}

static void
append_exit_status (GString *out)
{
  g_string_append (out, _("Exit status:\n"
                          "  0   Success.\n"
                          "  1   The operation failed, or the service refused it (not allowed, not\n"
                          "      found, version mismatch, invalid file...).\n"
                          "  2   Usage error: wrong arguments or options, no URL or token, or an\n"
                          "      unsafe or invalid configuration file.\n"
                          "  3   Cannot connect to the service, or it did not accept the token.\n"
                          "  130 Interrupted (Ctrl+C).\n"));
}

/**
 * eoc_cli_help_main:
 *
 * Returns: (transfer full): eocctl's help, for `eocctl --help`
 */
char *
eoc_cli_help_main (void)
{
  g_autofree char *config_path = g_build_filename (g_get_user_config_dir (),
                                                   "env-ops-center", "eocctl.conf", NULL);
  GString *out = g_string_new (NULL);

  g_string_append (out, _("Usage: eocctl [OPTION...] COMMAND [ARGUMENT...]\n"
                          "\n"
                          "Runs the everyday tasks of Env Ops Center from a shell or a script: list\n"
                          "environments, back them up, restore and import configurations, update\n"
                          "them, and follow what happens.\n"
                          "\n"
                          "Commands:\n"));
  {
    guint n;
    const EocCliCommand *all = eoc_cli_commands (&n);

    for (guint i = 0; i < n; i++)
      {
        g_autofree char *left = g_strdup_printf ("%s %s", all[i].name, all[i].arguments);

        g_string_append_printf (out, "  %-27s %s\n", left, _(all[i].summary));
      }
  }

  g_string_append (out, _("\n"
                          "ENV is an environment's name or id, BACKUP a backup's name or id. Names are\n"
                          "matched exactly; when several match, eocctl lists them and asks for the id.\n"
                          "\n"));
  append_global_options (out);
  g_string_append (out, _("      --version       Show the version\n"
                          "\n"
                          "Run “eocctl COMMAND --help” for a command's own options.\n"
                          "\n"
                          "Output:\n"
                          "  Data goes to standard output, messages and progress to standard error.\n"
                          "  Tables are for people; use --json in scripts. Progress bars are only\n"
                          "  drawn on a terminal.\n"
                          "\n"
                          "Connection:\n"
                          "  The service's URL and the token are taken from --server and --token,\n"
                          "  else from the environment variables EOC_SERVER_URL and EOC_TOKEN, else\n"
                          "  from the configuration file:\n"
                          "\n"));
  g_string_append_printf (out, "    %s\n", config_path);
  g_string_append (out, _("\n"
                          "      [connection]\n"
                          "      url=https://eoc.example.com:8443\n"
                          "      token=eoc_...\n"
                          "\n"
                          "  The file holds a secret: like ssh, eocctl refuses to read it when others\n"
                          "  may read or change it (chmod 600 it).\n"
                          "\n"));
  append_exit_status (out);

  return g_string_free (out, FALSE);
}

/**
 * eoc_cli_help_command:
 * @command: a command
 *
 * Returns: (transfer full): the command's help, for `eocctl COMMAND --help`
 */
char *
eoc_cli_help_command (const EocCliCommand *command)
{
  g_autofree char *usage = eoc_cli_usage_line (command);
  GString *out = g_string_new (usage);

  g_string_append_printf (out, "\n%s.\n\n", _(command->summary));
  g_string_append (out, _(command->description));

  if (command->options & EOC_CLI_OPTION_NAME)
    g_string_append (out, _("\nOptions:\n"
                            "      --name NAME       The backup's name (default: chosen by the service)\n"));
  else if (command->options & (EOC_CLI_OPTION_WAIT | EOC_CLI_OPTION_SAFETY_BACKUP |
                               EOC_CLI_OPTION_YES | EOC_CLI_OPTION_LIMIT | EOC_CLI_OPTION_FORCE))
    g_string_append (out, _("\nOptions:\n"));

  if (command->options & EOC_CLI_OPTION_YES)
    g_string_append (out, _("  -y, --yes             Import without asking\n"));
  if (command->options & EOC_CLI_OPTION_SAFETY_BACKUP)
    g_string_append (out, _("      --safety-backup   Back the current configuration up first\n"));
  if (command->options & EOC_CLI_OPTION_WAIT)
    g_string_append (out, _("  -w, --wait            Wait until it has finished, showing progress\n"));
  if (command->options & EOC_CLI_OPTION_LIMIT)
    g_string_append (out, _("  -n, --limit N         Show at most N entries, 1 to 500 (default 50)\n"));
  if (command->options & EOC_CLI_OPTION_FORCE)
    g_string_append (out, _("  -f, --force           Replace FILE if it exists\n"));

  if (command->id != EOC_CLI_COMMAND_HELP)
    {
      g_string_append_c (out, '\n');
      append_global_options (out);
    }

  g_string_append (out, _("\nExamples:\n"));
  g_string_append (out, command->examples);

  if (command->id != EOC_CLI_COMMAND_HELP)
    {
      g_string_append_c (out, '\n');
      append_exit_status (out);
    }

  return g_string_free (out, FALSE);
}
