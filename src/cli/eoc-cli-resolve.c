/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-cli-resolve.c: the environment and the backup named on the command
 * line, by name or by id. Environments come from the list (there are few);
 * backups are searched for with the service's name filter, then matched
 * exactly. A name that several share is refused, with the candidates.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "eoc-cli-format.h"
#include "eoc-cli-private.h"

/* Environments */

static char *
environment_names (GPtrArray *environments)
{
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < environments->len; i++)
    {
      EocEnvironment *environment = g_ptr_array_index (environments, i);

      if (i > 0)
        g_string_append (names, ", ");
      g_string_append (names, eoc_environment_get_name (environment));
    }

  return g_string_free (names, FALSE);
}

static void
list_environments_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  EocCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) environments = NULL;
  g_autoptr(GPtrArray) matches = g_ptr_array_new ();
  const char *wanted = cli->environment_query;

  environments = eoc_client_list_environments_finish (EOC_CLIENT (source), result, &error);
  if (environments == NULL)
    {
      eoc_cli_fail (cli, error);
      return;
    }

  /* An id, then an exact name, then a name in another case if only one has it. */
  for (guint i = 0; i < environments->len && matches->len == 0; i++)
    {
      EocEnvironment *environment = g_ptr_array_index (environments, i);

      if (g_strcmp0 (eoc_environment_get_id (environment), wanted) == 0)
        g_ptr_array_add (matches, environment);
    }
  for (guint i = 0; i < environments->len && matches->len == 0; i++)
    {
      EocEnvironment *environment = g_ptr_array_index (environments, i);

      if (g_strcmp0 (eoc_environment_get_name (environment), wanted) == 0)
        g_ptr_array_add (matches, environment);
    }
  if (matches->len == 0)
    {
      g_autofree char *folded = g_utf8_casefold (wanted, -1);

      for (guint i = 0; i < environments->len; i++)
        {
          EocEnvironment *environment = g_ptr_array_index (environments, i);
          g_autofree char *name = g_utf8_casefold (eoc_environment_get_name (environment), -1);

          if (g_strcmp0 (name, folded) == 0)
            g_ptr_array_add (matches, environment);
        }
    }

  if (matches->len == 1)
    {
      g_set_object (&cli->environment, g_ptr_array_index (matches, 0));
      cli->resolved (cli);
      return;
    }

  if (matches->len > 1)
    {
      GString *candidates = g_string_new (NULL);

      for (guint i = 0; i < matches->len; i++)
        {
          EocEnvironment *environment = g_ptr_array_index (matches, i);

          g_string_append_printf (candidates, "\n  %s  %s", eoc_environment_get_id (environment),
                                  eoc_environment_get_name (environment));
        }
      eoc_cli_fail_message (cli, EOC_CLI_EXIT_FAILED,
                            _("“%s” matches several environments; give the id of one:%s"),
                            wanted, candidates->str);
      g_string_free (candidates, TRUE);
      return;
    }

  if (environments->len == 0)
    {
      eoc_cli_fail_message (cli, EOC_CLI_EXIT_FAILED,
                            _("no environment named “%s”: the service has no environments"),
                            wanted);
      return;
    }

  {
    g_autofree char *names = environment_names (environments);

    eoc_cli_fail_message (cli, EOC_CLI_EXIT_FAILED,
                          _("no environment named “%s”. The environments are: %s"), wanted, names);
  }
}

/**
 * eoc_cli_resolve_environment:
 * @cli: the run
 * @name_or_id: what the user typed
 * @resolved: called with cli->environment set
 *
 * Finds the environment, or ends the run saying why not.
 */
void
eoc_cli_resolve_environment (EocCli             *cli,
                             const char         *name_or_id,
                             EocCliResolvedFunc  resolved)
{
  cli->resolved = resolved;
  cli->environment_query = name_or_id;
  eoc_client_list_environments_async (cli->client, cli->cancellable, list_environments_cb, cli);
}

/* Backups */

static void
backup_found (EocCli    *cli,
              EocBackup *backup)
{
  g_set_object (&cli->backup, backup);
  cli->resolved (cli);
}

static void
fail_backup_not_found (EocCli    *cli,
                       GPtrArray *similar)
{
  const char *env = eoc_environment_get_name (cli->environment);

  if (similar != NULL && similar->len > 0)
    {
      GString *candidates = g_string_new (NULL);

      for (guint i = 0; i < similar->len && i < 10; i++)
        {
          EocBackup *backup = g_ptr_array_index (similar, i);

          g_string_append_printf (candidates, "\n  %s", eoc_backup_get_name (backup));
        }
      eoc_cli_fail_message (cli, EOC_CLI_EXIT_FAILED,
                            _("%s has no backup named “%s”. Backups with similar names:%s"),
                            env, cli->backup_query, candidates->str);
      g_string_free (candidates, TRUE);
      return;
    }

  eoc_cli_fail_message (cli, EOC_CLI_EXIT_FAILED,
                        _("%s has no backup named “%s”. List them with: eocctl backups %s"),
                        env, cli->backup_query, env);
}

static void
search_backups_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  EocCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GPtrArray) matches = g_ptr_array_new ();

  backups = eoc_client_list_backups_finish (EOC_CLIENT (source), result, NULL, &error);
  if (backups == NULL)
    {
      eoc_cli_fail (cli, error);
      return;
    }

  for (guint i = 0; i < backups->len; i++)
    {
      EocBackup *backup = g_ptr_array_index (backups, i);

      if (g_strcmp0 (eoc_backup_get_name (backup), cli->backup_query) == 0)
        g_ptr_array_add (matches, backup);
    }

  if (matches->len == 1)
    {
      backup_found (cli, g_ptr_array_index (matches, 0));
      return;
    }

  if (matches->len > 1)
    {
      g_autoptr(EocCliTable) table = eoc_cli_table_new (_("ID"), _("CREATED"), _("VERSION"), NULL);
      g_autofree char *text = NULL;

      for (guint i = 0; i < matches->len; i++)
        {
          EocBackup *backup = g_ptr_array_index (matches, i);
          g_autofree char *created = eoc_backup_get_created_at (backup) != NULL ?
            eoc_cli_format_local_time (eoc_backup_get_created_at (backup)) : g_strdup ("-");

          eoc_cli_table_add_row (table, eoc_backup_get_id (backup), created,
                                 eoc_backup_get_version (backup), NULL);
        }
      text = eoc_cli_table_to_string (table);
      g_strchomp (text);
      eoc_cli_fail_message (cli, EOC_CLI_EXIT_FAILED,
                            _("%u backups of %s are named “%s”; give the id of one:\n%s"),
                            matches->len, eoc_environment_get_name (cli->environment),
                            cli->backup_query, text);
      return;
    }

  fail_backup_not_found (cli, backups);
}

static void
search_backups (EocCli *cli)
{
  eoc_client_list_backups_async (cli->client, eoc_environment_get_id (cli->environment),
                                 cli->backup_query, 500, NULL, cli->cancellable,
                                 search_backups_cb, cli);
}

static void
get_backup_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  EocCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocBackup) backup = NULL;

  backup = eoc_client_get_backup_finish (EOC_CLIENT (source), result, &error);
  if (backup != NULL)
    {
      backup_found (cli, backup);
      return;
    }

  /* Not a backup's id after all: perhaps a name that looks like one. */
  if (g_error_matches (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_NOT_FOUND))
    {
      search_backups (cli);
      return;
    }

  eoc_cli_fail (cli, error);
}

/**
 * eoc_cli_resolve_backup:
 * @cli: the run, with cli->environment set
 * @name_or_id: what the user typed
 * @resolved: called with cli->backup set
 *
 * Finds the backup of cli->environment, or ends the run saying why not.
 */
void
eoc_cli_resolve_backup (EocCli             *cli,
                        const char         *name_or_id,
                        EocCliResolvedFunc  resolved)
{
  cli->resolved = resolved;
  cli->backup_query = name_or_id;

  if (g_uuid_string_is_valid (name_or_id))
    eoc_client_get_backup_async (cli->client, eoc_environment_get_id (cli->environment),
                                 name_or_id, cli->cancellable, get_backup_cb, cli);
  else
    search_backups (cli);
}
