/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-cli-cmd-backup.c: the commands that change things: backup, restore,
 * delete-backup and update, and what import shares with them: the end of a
 * followed operation and the version mismatch message.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "eoc-cli-format.h"
#include "eoc-cli-private.h"

static const char *
env_name (EocCli *cli)
{
  return eoc_environment_get_name (cli->environment);
}

/* Compares dotted versions as numbers: 2.10.0 is newer than 2.9.0. */
static int
compare_versions (const char *a,
                  const char *b)
{
  g_auto(GStrv) as = g_strsplit (a != NULL ? a : "", ".", -1);
  g_auto(GStrv) bs = g_strsplit (b != NULL ? b : "", ".", -1);

  for (guint i = 0; as[i] != NULL || bs[i] != NULL; i++)
    {
      guint64 x = as[i] != NULL ? g_ascii_strtoull (as[i], NULL, 10) : 0;
      guint64 y = bs[i] != NULL ? g_ascii_strtoull (bs[i], NULL, 10) : 0;

      if (x != y)
        return x < y ? -1 : 1;
      if (as[i] == NULL || bs[i] == NULL)
        break;
    }

  return 0;
}

/**
 * eoc_cli_fail_version_mismatch:
 * @cli: the run, with cli->environment set
 * @what: what was refused ("restore “X” to QA")
 * @environment_version: the environment's version
 * @configuration_version: the backup's or file's version
 *
 * Ends the run saying why the versions stop it, and what to do: update the
 * environment when the configuration is newer; otherwise (an environment
 * cannot go back) use a configuration of the environment's version.
 */
void
eoc_cli_fail_version_mismatch (EocCli     *cli,
                               const char *what,
                               const char *environment_version,
                               const char *configuration_version)
{
  const char *name = env_name (cli);
  gboolean is_backup = cli->command->id == EOC_CLI_COMMAND_RESTORE;
  g_autofree char *why = NULL;

  why = g_strdup_printf (is_backup ?
                         _("cannot %s: the backup is of version %s, and %s runs version %s.") :
                         _("cannot %s: the file is of version %s, and %s runs version %s."),
                         what, configuration_version, name, environment_version);

  if (compare_versions (configuration_version, environment_version) > 0)
    {
      eoc_cli_fail_message (cli, EOC_CLI_EXIT_FAILED,
                            _("%s\nUpdate %s to %s first: eocctl update %s %s"),
                            why, name, configuration_version, name, configuration_version);
      return;
    }

  eoc_cli_fail_message (cli, EOC_CLI_EXIT_FAILED,
                        is_backup ?
                        _("%s\n%s cannot go back to version %s. Restore a backup made at version "
                          "%s instead (eocctl backups %s), or import a configuration of that "
                          "version.") :
                        _("%s\n%s cannot go back to version %s. Import a configuration of "
                          "version %s instead, such as a backup made since the update "
                          "(eocctl backups %s)."),
                        why, name, configuration_version, environment_version, name);
}

/* The end of a followed operation */

/* What --json prints for an operation: the operation; for an import, the
 * upload and its changes too, so that scripts see what was imported. */
static JsonNode *
operation_json (EocCli *cli)
{
  JsonObject *object;
  JsonNode *node;

  if (cli->command->id != EOC_CLI_COMMAND_IMPORT || cli->upload == NULL)
    return eoc_cli_json_operation (cli->operation);

  object = json_object_new ();
  json_object_set_member (object, "upload", eoc_cli_json_upload (cli->upload));
  if (cli->changes != NULL)
    json_object_set_member (object, "changes", eoc_cli_json_changes (cli->changes));
  json_object_set_member (object, "operation", eoc_cli_json_operation (cli->operation));
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}

/**
 * eoc_cli_operation_done:
 * @cli: the run, with cli->operation finished
 *
 * Says how the operation ended, prints it with --json, and ends the run: 0
 * when it succeeded, 1 when it failed.
 */
void
eoc_cli_operation_done (EocCli *cli)
{
  EocOperation *operation = cli->operation;
  const char *name = env_name (cli);
  const char *reason = eoc_operation_get_error (operation);

  if (cli->opt_json)
    eoc_cli_print_json (cli, operation_json (cli));

  if (eoc_operation_get_state (operation) != EOC_OPERATION_STATE_SUCCEEDED)
    {
      if (reason == NULL || *reason == '\0')
        reason = _("the service gave no reason");

      switch (eoc_operation_get_kind (operation))
        {
        case EOC_OPERATION_KIND_BACKUP:
          eoc_cli_fail_message (cli, EOC_CLI_EXIT_FAILED, _("the backup of %s failed: %s"),
                                name, reason);
          break;
        case EOC_OPERATION_KIND_RESTORE:
        case EOC_OPERATION_KIND_IMPORT:
        case EOC_OPERATION_KIND_UPDATE:
          eoc_cli_fail_message (cli, EOC_CLI_EXIT_FAILED,
                                _("the %s of %s failed: %s\nSee what happened with: eocctl show "
                                  "%s; eocctl activity %s"),
                                eoc_cli_kind_label (eoc_operation_get_kind (operation)), name,
                                reason, name, name);
          break;
        case EOC_OPERATION_KIND_START:
        case EOC_OPERATION_KIND_STOP:
        case EOC_OPERATION_KIND_UNKNOWN:
        default:
          eoc_cli_fail_message (cli, EOC_CLI_EXIT_FAILED, _("the %s of %s failed: %s"),
                                eoc_cli_kind_label (eoc_operation_get_kind (operation)), name,
                                reason);
          break;
        }
      return;
    }

  switch (eoc_operation_get_kind (operation))
    {
    case EOC_OPERATION_KIND_BACKUP:
      eoc_cli_message (cli, _("The backup “%s” of %s is available."),
                       cli->backup != NULL ? eoc_backup_get_name (cli->backup) : "?", name);
      break;
    case EOC_OPERATION_KIND_RESTORE:
      eoc_cli_message (cli, _("%s is restored from the backup “%s”."), name,
                       cli->backup != NULL ? eoc_backup_get_name (cli->backup) : "?");
      break;
    case EOC_OPERATION_KIND_IMPORT:
      eoc_cli_message (cli, _("%s is restored from the configuration file “%s”."), name,
                       cli->upload != NULL ? eoc_upload_get_filename (cli->upload) : "?");
      break;
    case EOC_OPERATION_KIND_UPDATE:
      eoc_cli_message (cli, _("%s now runs version %s."), name, cli->args[1]);
      break;
    case EOC_OPERATION_KIND_START:
    case EOC_OPERATION_KIND_STOP:
    case EOC_OPERATION_KIND_UNKNOWN:
    default:
      eoc_cli_message (cli, _("The %s of %s is done."),
                       eoc_cli_kind_label (eoc_operation_get_kind (operation)), name);
      break;
    }

  eoc_cli_finish (cli, EOC_CLI_EXIT_OK);
}

/**
 * eoc_cli_operation_started:
 * @cli: the run, with cli->environment set
 * @operation: the operation the service just started
 * @started: what it is doing, for people ("Restoring QA from “X”.")
 *
 * Follows the operation with --wait; otherwise says it runs in the
 * background, prints it with --json, and ends the run.
 */
void
eoc_cli_operation_started (EocCli       *cli,
                           EocOperation *operation,
                           const char   *started)
{
  g_set_object (&cli->operation, operation);

  if (cli->opt_wait)
    {
      eoc_cli_message (cli, "%s", started);
      eoc_cli_wait_operation (cli, operation, eoc_cli_operation_done);
      return;
    }

  eoc_cli_message (cli, _("%s It goes on in the background; follow it with: eocctl show %s"),
                   started, env_name (cli));
  if (cli->opt_json)
    eoc_cli_print_json (cli, operation_json (cli));
  eoc_cli_finish (cli, EOC_CLI_EXIT_OK);
}

/* backup */

static void
get_made_backup_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  EocCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocBackup) backup = NULL;

  backup = eoc_client_get_backup_finish (EOC_CLIENT (source), result, &error);
  if (backup == NULL)
    {
      eoc_cli_fail (cli, error);
      return;
    }

  eoc_cli_print_json (cli, eoc_cli_json_backup (backup));
  eoc_cli_finish (cli, EOC_CLI_EXIT_OK);
}

static void
backup_waited (EocCli *cli)
{
  if (eoc_operation_get_state (cli->operation) != EOC_OPERATION_STATE_SUCCEEDED)
    {
      cli->opt_json = FALSE;
      eoc_cli_operation_done (cli);
      return;
    }

  eoc_cli_message (cli, _("The backup “%s” of %s is available."),
                   eoc_backup_get_name (cli->backup), env_name (cli));
  if (!cli->opt_json)
    {
      eoc_cli_finish (cli, EOC_CLI_EXIT_OK);
      return;
    }

  eoc_client_get_backup_async (cli->client, eoc_environment_get_id (cli->environment),
                               eoc_backup_get_id (cli->backup), cli->cancellable,
                               get_made_backup_cb, cli);
}

static void
create_backup_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  EocCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocBackup) backup = NULL;
  g_autoptr(EocOperation) operation = NULL;

  backup = eoc_client_create_backup_finish (EOC_CLIENT (source), result, &operation, &error);
  if (backup == NULL)
    {
      eoc_cli_fail (cli, error);
      return;
    }
  g_set_object (&cli->backup, backup);

  if (cli->opt_wait && operation != NULL)
    {
      g_set_object (&cli->operation, operation);
      eoc_cli_message (cli, _("Backing up %s as “%s”."), env_name (cli),
                       eoc_backup_get_name (backup));
      eoc_cli_wait_operation (cli, operation, backup_waited);
      return;
    }

  eoc_cli_message (cli, _("Backing up %s as “%s”. It goes on in the background; follow it with: "
                          "eocctl backups %s"),
                   env_name (cli), eoc_backup_get_name (backup), env_name (cli));
  if (cli->opt_json)
    eoc_cli_print_json (cli, eoc_cli_json_backup (backup));
  eoc_cli_finish (cli, EOC_CLI_EXIT_OK);
}

static void
backup_resolved (EocCli *cli)
{
  eoc_client_create_backup_async (cli->client, eoc_environment_get_id (cli->environment),
                                  cli->opt_name, cli->cancellable, create_backup_cb, cli);
}

void
eoc_cli_cmd_backup (EocCli *cli)
{
  eoc_cli_resolve_environment (cli, cli->args[0], backup_resolved);
}

/* restore */

static void
restore_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  EocCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocOperation) operation = NULL;
  g_autofree char *started = NULL;

  operation = eoc_client_restore_backup_finish (EOC_CLIENT (source), result, &error);
  if (operation == NULL)
    {
      g_autofree char *environment_version = NULL;
      g_autofree char *configuration_version = NULL;

      if (g_error_matches (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_VERSION_MISMATCH) &&
          eoc_client_error_parse_versions (error, &environment_version, &configuration_version))
        {
          g_autofree char *what = g_strdup_printf (_("restore “%s” to %s"),
                                                   eoc_backup_get_name (cli->backup),
                                                   env_name (cli));

          eoc_cli_fail_version_mismatch (cli, what, environment_version, configuration_version);
          return;
        }

      if (g_error_matches (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_INVALID_STATE) &&
          eoc_backup_get_state (cli->backup) == EOC_BACKUP_STATE_CREATING)
        {
          eoc_cli_fail_message (cli, EOC_CLI_EXIT_FAILED,
                                _("the backup “%s” is still being made; restore it once it is "
                                  "available (eocctl backups %s)"),
                                eoc_backup_get_name (cli->backup), env_name (cli));
          return;
        }

      eoc_cli_fail (cli, error);
      return;
    }

  started = g_strdup_printf (cli->opt_safety_backup ?
                             _("Restoring %s from the backup “%s”, after a safety backup.") :
                             _("Restoring %s from the backup “%s”."),
                             env_name (cli), eoc_backup_get_name (cli->backup));
  eoc_cli_operation_started (cli, operation, started);
}

static void
restore_backup_resolved (EocCli *cli)
{
  eoc_client_restore_backup_async (cli->client, eoc_environment_get_id (cli->environment),
                                   eoc_backup_get_id (cli->backup), cli->opt_safety_backup,
                                   cli->cancellable, restore_cb, cli);
}

static void
restore_resolved (EocCli *cli)
{
  eoc_cli_resolve_backup (cli, cli->args[1], restore_backup_resolved);
}

void
eoc_cli_cmd_restore (EocCli *cli)
{
  eoc_cli_resolve_environment (cli, cli->args[0], restore_resolved);
}

/* delete-backup */

static void
delete_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  EocCli *cli = user_data;
  g_autoptr(GError) error = NULL;

  if (!eoc_client_delete_backup_finish (EOC_CLIENT (source), result, &error))
    {
      if (g_error_matches (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_INVALID_STATE))
        {
          eoc_cli_fail_message (cli, EOC_CLI_EXIT_FAILED,
                                _("the backup “%s” is still being made; delete it once it is "
                                  "available"), eoc_backup_get_name (cli->backup));
          return;
        }
      eoc_cli_fail (cli, error);
      return;
    }

  eoc_cli_message (cli, _("Deleted the backup “%s” of %s."), eoc_backup_get_name (cli->backup),
                   env_name (cli));
  eoc_cli_finish (cli, EOC_CLI_EXIT_OK);
}

static void
delete_backup_resolved (EocCli *cli)
{
  eoc_client_delete_backup_async (cli->client, eoc_environment_get_id (cli->environment),
                                  eoc_backup_get_id (cli->backup), cli->cancellable,
                                  delete_cb, cli);
}

static void
delete_resolved (EocCli *cli)
{
  eoc_cli_resolve_backup (cli, cli->args[1], delete_backup_resolved);
}

void
eoc_cli_cmd_delete_backup (EocCli *cli)
{
  eoc_cli_resolve_environment (cli, cli->args[0], delete_resolved);
}

/* update */

static void
update_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  EocCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocOperation) operation = NULL;
  g_autofree char *started = NULL;

  operation = eoc_client_update_environment_finish (EOC_CLIENT (source), result, &error);
  if (operation == NULL)
    {
      eoc_cli_fail (cli, error);
      return;
    }

  started = g_strdup_printf (cli->opt_safety_backup ?
                             _("Updating %s from version %s to %s, after a safety backup.") :
                             _("Updating %s from version %s to %s."), env_name (cli),
                             eoc_environment_get_version (cli->environment), cli->args[1]);
  eoc_cli_operation_started (cli, operation, started);
}

static void
update_resolved (EocCli *cli)
{
  if (g_strcmp0 (eoc_environment_get_version (cli->environment), cli->args[1]) == 0)
    {
      eoc_cli_fail_message (cli, EOC_CLI_EXIT_FAILED, _("%s already runs version %s"),
                            env_name (cli), cli->args[1]);
      return;
    }

  eoc_client_update_environment_async (cli->client, eoc_environment_get_id (cli->environment),
                                       cli->args[1], cli->opt_safety_backup, cli->cancellable,
                                       update_cb, cli);
}

void
eoc_cli_cmd_update (EocCli *cli)
{
  eoc_cli_resolve_environment (cli, cli->args[0], update_resolved);
}
