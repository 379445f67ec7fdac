/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-cli-cmd-transfer.c: the commands that move files: import (upload,
 * show what changes, ask, import), export and download.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>

#include "eoc-cli-format.h"
#include "eoc-cli-private.h"

static const char *
env_name (EocCli *cli)
{
  return eoc_environment_get_name (cli->environment);
}

static char *
file_name (EocCli *cli)
{
  return g_file_get_parse_name (cli->file);
}

/* import */

static const char *
change_label (EocChangeKind kind)
{
  switch (kind)
    {
    case EOC_CHANGE_KIND_ADDED:
      return _("added");
    case EOC_CHANGE_KIND_REMOVED:
      return _("removed");
    case EOC_CHANGE_KIND_CHANGED:
    default:
      return _("changed");
    }
}

static void
print_change_list (GListModel *changes,
                   gboolean    with_values)
{
  g_autoptr(EocCliTable) table = eoc_cli_table_new ("", "", NULL);
  g_autofree char *text = NULL;
  guint n = g_list_model_get_n_items (changes);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EocChange) change = g_list_model_get_item (changes, i);
      const char *old_value = eoc_change_get_old_value (change);
      const char *new_value = eoc_change_get_new_value (change);
      g_autofree char *line = NULL;

      if (!with_values)
        line = g_strdup (eoc_change_get_path (change));
      else if (eoc_change_get_kind (change) == EOC_CHANGE_KIND_CHANGED)
        line = g_strdup_printf ("%s: %s → %s", eoc_change_get_path (change),
                                old_value != NULL ? old_value : "null",
                                new_value != NULL ? new_value : "null");
      else if (eoc_change_get_kind (change) == EOC_CHANGE_KIND_ADDED && new_value != NULL)
        line = g_strdup_printf ("%s: %s", eoc_change_get_path (change), new_value);
      else if (old_value != NULL)
        line = g_strdup_printf (_("%s (was %s)"), eoc_change_get_path (change), old_value);
      else
        line = g_strdup (eoc_change_get_path (change));

      eoc_cli_table_add_row (table, change_label (eoc_change_get_kind (change)), line, NULL);
    }

  text = eoc_cli_table_to_string (table);
  /* Skip the empty header line, and indent. */
  {
    g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

    for (guint i = 1; lines[i] != NULL; i++)
      {
        if (*lines[i] != '\0')
          printf ("    %s\n", lines[i]);
      }
  }
}

static void
print_changes (EocCli *cli)
{
  EocChanges *changes = cli->changes;
  GListModel *settings = eoc_changes_get_settings (changes);
  GListModel *files = eoc_changes_get_files (changes);
  g_autofree char *size = eoc_cli_format_size ((guint64) MAX (eoc_upload_get_size (cli->upload), 0));

  printf (_("“%s” (version %s, %s) would change in %s:\n"), eoc_upload_get_filename (cli->upload),
          eoc_upload_get_version (cli->upload) != NULL ? eoc_upload_get_version (cli->upload) : "?",
          size, env_name (cli));

  if (eoc_changes_is_empty (changes))
    {
      printf (_("  Nothing: it holds the same configuration as %s.\n"), env_name (cli));
      fflush (stdout);
      return;
    }

  printf (_("  %u added, %u removed, %u changed\n"), eoc_changes_get_n_added (changes),
          eoc_changes_get_n_removed (changes), eoc_changes_get_n_changed (changes));
  if (g_list_model_get_n_items (settings) > 0)
    {
      printf (_("  Settings:\n"));
      print_change_list (settings, TRUE);
    }
  if (g_list_model_get_n_items (files) > 0)
    {
      printf (_("  Files:\n"));
      print_change_list (files, FALSE);
    }
  fflush (stdout);
}

/* Ends the run after the service refused the upload or the import: a
 * version mismatch says what to do. */
static void
fail_import (EocCli       *cli,
             const GError *error)
{
  g_autofree char *environment_version = NULL;
  g_autofree char *configuration_version = NULL;

  if (g_error_matches (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_VERSION_MISMATCH) &&
      eoc_client_error_parse_versions (error, &environment_version, &configuration_version))
    {
      g_autofree char *basename = g_file_get_basename (cli->file);
      g_autofree char *what = g_strdup_printf (_("import “%s” into %s"),
                                               cli->upload != NULL ?
                                               eoc_upload_get_filename (cli->upload) : basename,
                                               env_name (cli));

      eoc_cli_fail_version_mismatch (cli, what, environment_version, configuration_version);
      return;
    }

  eoc_cli_fail (cli, error);
}

static void
import_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  EocCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocOperation) operation = NULL;
  g_autofree char *started = NULL;

  operation = eoc_client_import_upload_finish (EOC_CLIENT (source), result, &error);
  if (operation == NULL)
    {
      fail_import (cli, error);
      return;
    }

  started = g_strdup_printf (cli->opt_safety_backup ?
                             _("Importing “%s” into %s, after a safety backup.") :
                             _("Importing “%s” into %s."),
                             eoc_upload_get_filename (cli->upload), env_name (cli));
  eoc_cli_operation_started (cli, operation, started);
}

static void
import_now (EocCli *cli)
{
  eoc_client_import_upload_async (cli->client, eoc_environment_get_id (cli->environment),
                                  eoc_upload_get_id (cli->upload), cli->opt_safety_backup,
                                  cli->cancellable, import_cb, cli);
}

static void
declined_discard_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  EocCli *cli = user_data;

  /* The upload expires on its own anyway: a failure here changes nothing. */
  eoc_client_discard_upload_finish (EOC_CLIENT (source), result, NULL);
  eoc_cli_fail_message (cli, EOC_CLI_EXIT_FAILED, _("nothing imported: %s is unchanged"),
                        env_name (cli));
}

static void
answer_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  EocCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL,
                                                    &error);
  if (error != NULL)
    {
      eoc_cli_fail (cli, error);
      return;
    }

  if (line != NULL)
    {
      g_strstrip (line);
      if (g_ascii_strcasecmp (line, "y") == 0 || g_ascii_strcasecmp (line, "yes") == 0 ||
          g_ascii_strcasecmp (line, _("y")) == 0 || g_ascii_strcasecmp (line, _("yes")) == 0)
        {
          import_now (cli);
          return;
        }
    }
  else
    {
      g_printerr ("\n");
    }

  eoc_client_discard_upload_async (cli->client, eoc_environment_get_id (cli->environment),
                                   eoc_upload_get_id (cli->upload), NULL,
                                   declined_discard_cb, cli);
}

static void
ask (EocCli *cli)
{
  g_autoptr(GInputStream) in = g_unix_input_stream_new (0, FALSE);

  fflush (stdout);
  g_printerr (cli->opt_safety_backup ?
              _("Import it into %s, replacing its current configuration (after a safety "
                "backup)? [y/N] ") :
              _("Import it into %s, replacing its current configuration? [y/N] "),
              env_name (cli));

  cli->stdin_lines = g_data_input_stream_new (in);
  g_data_input_stream_read_line_async (cli->stdin_lines, G_PRIORITY_DEFAULT, cli->cancellable,
                                       answer_cb, cli);
}

static void
changes_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  EocCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocChanges) changes = NULL;

  changes = eoc_client_get_upload_changes_finish (EOC_CLIENT (source), result, &error);
  if (changes == NULL)
    {
      eoc_cli_fail (cli, error);
      return;
    }
  g_set_object (&cli->changes, changes);

  if (!cli->opt_json)
    print_changes (cli);

  if (cli->opt_yes)
    import_now (cli);
  else
    ask (cli);
}

static void
mismatch_discard_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  EocCli *cli = user_data;
  g_autofree char *what = NULL;

  eoc_client_discard_upload_finish (EOC_CLIENT (source), result, NULL);
  what = g_strdup_printf (_("import “%s” into %s"), eoc_upload_get_filename (cli->upload),
                          env_name (cli));
  eoc_cli_fail_version_mismatch (cli, what, eoc_environment_get_version (cli->environment),
                                 eoc_upload_get_version (cli->upload));
}

static void
upload_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  EocCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocUpload) upload = NULL;

  upload = eoc_client_upload_configuration_finish (EOC_CLIENT (source), result, &error);
  eoc_cli_progress_end (cli->progress);
  if (upload == NULL)
    {
      fail_import (cli, error);
      return;
    }
  g_set_object (&cli->upload, upload);

  /* Refused before asking anything: the import could not work. */
  if (eoc_upload_get_version (upload) != NULL &&
      g_strcmp0 (eoc_upload_get_version (upload),
                 eoc_environment_get_version (cli->environment)) != 0)
    {
      eoc_client_discard_upload_async (cli->client, eoc_environment_get_id (cli->environment),
                                       eoc_upload_get_id (upload), NULL, mismatch_discard_cb, cli);
      return;
    }

  eoc_client_get_upload_changes_async (cli->client, eoc_environment_get_id (cli->environment),
                                       eoc_upload_get_id (upload), cli->cancellable,
                                       changes_cb, cli);
}

static void
import_resolved (EocCli *cli)
{
  g_autofree char *file = file_name (cli);

  if (!cli->stderr_is_tty)
    eoc_cli_message (cli, _("Uploading %s to %s…"), file, env_name (cli));

  cli->progress = eoc_cli_progress_new (cli, _("Uploaded"));
  eoc_client_upload_configuration_async (cli->client, eoc_environment_get_id (cli->environment),
                                         cli->file, eoc_cli_progress_update, cli->progress, NULL,
                                         cli->cancellable, upload_cb, cli);
}

void
eoc_cli_cmd_import (EocCli *cli)
{
  /* Without a terminal nobody can be asked: the caller must have said yes. */
  if (!cli->opt_yes && !cli->stdin_is_tty)
    {
      eoc_cli_fail_message (cli, EOC_CLI_EXIT_USAGE,
                            _("standard input is not a terminal, so eocctl cannot ask before "
                              "importing: add --yes to import without asking"));
      return;
    }

  cli->file = g_file_new_for_commandline_arg (cli->args[1]);
  eoc_cli_resolve_environment (cli, cli->args[0], import_resolved);
}

/* export and download */

static void
download_done (EocCli   *cli,
               gboolean  ok,
               GError   *error)
{
  g_autofree char *file = file_name (cli);
  g_autofree char *size = NULL;

  eoc_cli_progress_end (cli->progress);
  if (!ok)
    {
      eoc_cli_fail (cli, error);
      return;
    }

  size = eoc_cli_format_size (cli->transferred);
  if (cli->command->id == EOC_CLI_COMMAND_EXPORT)
    eoc_cli_message (cli, _("Saved the current configuration of %s to %s (%s, SHA-256 checked)."),
                     env_name (cli), file, size);
  else
    eoc_cli_message (cli, _("Saved the backup “%s” of %s to %s (%s, SHA-256 checked)."),
                     eoc_backup_get_name (cli->backup), env_name (cli), file, size);
  eoc_cli_finish (cli, EOC_CLI_EXIT_OK);
}

static void
download_configuration_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  EocCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = eoc_client_download_configuration_finish (EOC_CLIENT (source), result, &error);
  download_done (cli, ok, error);
}

static void
download_backup_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  EocCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = eoc_client_download_backup_finish (EOC_CLIENT (source), result, &error);
  download_done (cli, ok, error);
}

static void
start_download (EocCli *cli)
{
  cli->progress = eoc_cli_progress_new (cli, _("Downloaded"));

  if (cli->command->id == EOC_CLI_COMMAND_EXPORT)
    eoc_client_download_configuration_async (cli->client,
                                             eoc_environment_get_id (cli->environment), cli->file,
                                             eoc_cli_progress_update, cli->progress, NULL,
                                             cli->cancellable, download_configuration_cb, cli);
  else
    eoc_client_download_backup_async (cli->client, eoc_environment_get_id (cli->environment),
                                      eoc_backup_get_id (cli->backup), cli->file,
                                      eoc_cli_progress_update, cli->progress, NULL,
                                      cli->cancellable, download_backup_cb, cli);
}

static void
destination_info_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  EocCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *file = file_name (cli);

  info = g_file_query_info_finish (G_FILE (source), result, &error);
  if (info == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      eoc_cli_fail (cli, error);
      return;
    }

  if (info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      eoc_cli_fail_message (cli, EOC_CLI_EXIT_FAILED,
                            _("%s is a folder: give the name of the file to write"), file);
      return;
    }

  if (info != NULL && !cli->opt_force)
    {
      eoc_cli_fail_message (cli, EOC_CLI_EXIT_FAILED,
                            _("%s already exists: add --force to replace it"), file);
      return;
    }

  start_download (cli);
}

static void
check_destination (EocCli *cli)
{
  g_file_query_info_async (cli->file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_DEFAULT, cli->cancellable, destination_info_cb, cli);
}

void
eoc_cli_cmd_export (EocCli *cli)
{
  cli->file = g_file_new_for_commandline_arg (cli->args[1]);
  eoc_cli_resolve_environment (cli, cli->args[0], check_destination);
}

static void
download_backup_resolved (EocCli *cli)
{
  if (eoc_backup_get_state (cli->backup) == EOC_BACKUP_STATE_CREATING)
    {
      eoc_cli_fail_message (cli, EOC_CLI_EXIT_FAILED,
                            _("the backup “%s” is still being made; download it once it is "
                              "available"), eoc_backup_get_name (cli->backup));
      return;
    }

  check_destination (cli);
}

static void
download_resolved (EocCli *cli)
{
  eoc_cli_resolve_backup (cli, cli->args[1], download_backup_resolved);
}

void
eoc_cli_cmd_download (EocCli *cli)
{
  cli->file = g_file_new_for_commandline_arg (cli->args[2]);
  eoc_cli_resolve_environment (cli, cli->args[0], download_resolved);
}
