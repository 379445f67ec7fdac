/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-eocctl.c: the real eocctl, run as a user would run it (a child
 * process, its output and exit status), against the real service with the
 * demo environments (Production, Staging, QA, Development, Training).
 *
 * The URL and token come from EOC_SERVER_URL and EOC_TOKEN, except in the
 * configuration file tests; XDG_CONFIG_HOME is a temporary folder, so that
 * the user's own configuration is never read.
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "eoc-test-server.h"

typedef struct {
  EocTestServer *server;
  char          *dir;          /* files written by the tests */
  char          *config_home;  /* XDG_CONFIG_HOME */
} Fixture;

typedef struct {
  int   status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static const char *
eocctl_path (void)
{
  const char *path = g_getenv ("EOCCTL");

  g_assert_nonnull (path);
  return path;
}

/* The service's arguments are the test's data: the demo environments by default. */
static const char *const demo_args[] = { "--demo", NULL };

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *const *args = data != NULL ? data : demo_args;
  g_autoptr(GError) error = NULL;

  fixture->server = eoc_test_server_new (args);
  fixture->dir = g_dir_make_tmp ("eocctl-test-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->config_home = g_build_filename (fixture->dir, "config", NULL);
  g_assert_cmpint (g_mkdir_with_parents (fixture->config_home, 0700), ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  eoc_test_server_free (fixture->server);
  eoc_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->config_home);
}

static char *
path_in (Fixture    *fixture,
         const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

static GSubprocessLauncher *
launcher_new (Fixture    *fixture,
              const char *url,
              const char *token)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                             G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                             G_SUBPROCESS_FLAGS_STDERR_PIPE);

  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", fixture->config_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "TZ", "UTC", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "COLUMNS");
  if (url != NULL)
    g_subprocess_launcher_setenv (launcher, "EOC_SERVER_URL", url, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "EOC_SERVER_URL");
  if (token != NULL)
    g_subprocess_launcher_setenv (launcher, "EOC_TOKEN", token, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "EOC_TOKEN");

  return launcher;
}

/* Runs PROGRAM ARGS... with this URL and token (NULL: not in the
 * environment), standard input from @input, and returns what it did. */
static Result
run_program (Fixture           *fixture,
             const char        *url,
             const char        *token,
             const char        *input,
             const char        *program,
             const char *const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (fixture, url, token);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Result result = { 0 };

  g_ptr_array_add (argv, (gpointer) program);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input != NULL ? input : "", NULL, &result.out,
                                 &result.err, &error);
  g_assert_no_error (error);

  g_assert_true (g_subprocess_get_if_exited (process));
  result.status = g_subprocess_get_exit_status (process);
  {
    g_autofree char *command = g_strjoinv (" ", (char **) args);

    g_test_message ("%s %s → %d\nstdout:\n%s\nstderr:\n%s", program, command, result.status,
                    result.out, result.err);
  }
  return result;
}

/* Runs eocctl ARGS... */
static Result
run_full (Fixture           *fixture,
          const char        *url,
          const char        *token,
          const char        *input,
          const char *const *args)
{
  return run_program (fixture, url, token, input, eocctl_path (), args);
}

/* eocctl ARGS... as the operator. */
#define RUN(fixture, ...) \
  run_full ((fixture), (fixture)->server->url, (fixture)->server->operator_token, NULL, \
            (const char *const[]) { __VA_ARGS__, NULL })

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” is not in:\n%s", needle, haystack);
}

static void
assert_not_contains (const char *haystack,
                     const char *needle)
{
  if (strstr (haystack, needle) != NULL)
    g_error ("“%s” should not be in:\n%s", needle, haystack);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* The id of the environment named @name, from `eocctl environments --json`. */
static char *
environment_id (Fixture    *fixture,
                const char *name)
{
  g_auto(Result) result = RUN (fixture, "environments", "--json");
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;

  g_assert_cmpint (result.status, ==, 0);
  root = parse_json (result.out);
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_str_equal (json_object_get_string_member (object, "name"), name))
        return g_strdup (json_object_get_string_member (object, "id"));
    }

  g_assert_not_reached ();
}

/* Tests */

static void
test_environments (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char *const names[] = { "Production", "Staging", "QA", "Development", "Training" };
  g_auto(Result) result = RUN (fixture, "environments");
  g_auto(GStrv) lines = NULL;
  const char *version_column;
  gsize column;

  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.err, ==, "");

  lines = g_strsplit (result.out, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "NAME"));
  version_column = strstr (lines[0], "VERSION");
  g_assert_nonnull (version_column);
  column = (gsize) (version_column - lines[0]);

  /* One line per environment, sorted by name, and the columns line up. */
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + G_N_ELEMENTS (names) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      gboolean found = FALSE;

      for (guint l = 1; lines[l] != NULL && *lines[l] != '\0'; l++)
        {
          if (g_str_has_prefix (lines[l], names[i]) && lines[l][strlen (names[i])] == ' ')
            {
              found = TRUE;
              g_assert_true (g_ascii_isdigit (lines[l][column]));
              g_assert_cmpint (lines[l][column - 1], ==, ' ');
            }
        }
      if (!found)
        g_error ("%s is not listed:\n%s", names[i], result.out);
    }

  assert_contains (result.out, "Production   Production");
  assert_contains (result.out, "Offline");
  assert_contains (result.out, "just now");
}

static void
test_show (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *id = environment_id (fixture, "Staging");

  {
    g_auto(Result) result = RUN (fixture, "show", "Staging");

    g_assert_cmpint (result.status, ==, 0);
    assert_contains (result.out, "Name:");
    assert_contains (result.out, "Staging");
    assert_contains (result.out, id);
    assert_contains (result.out, "2.1.0");
    assert_contains (result.out, "Non-production");
    assert_contains (result.out, "Operational");
    assert_contains (result.out, "Release candidates");
  }

  /* By id, and by name in another case. */
  {
    g_auto(Result) result = RUN (fixture, "show", id);

    g_assert_cmpint (result.status, ==, 0);
    assert_contains (result.out, "Staging");
  }
  {
    g_auto(Result) result = RUN (fixture, "show", "staging");

    g_assert_cmpint (result.status, ==, 0);
    assert_contains (result.out, id);
  }

  /* An unknown name lists the ones there are. */
  {
    g_auto(Result) result = RUN (fixture, "show", "Staging2");

    g_assert_cmpint (result.status, ==, 1);
    g_assert_cmpstr (result.out, ==, "");
    assert_contains (result.err, "no environment named “Staging2”");
    assert_contains (result.err, "Development, Production, QA, Staging, Training");
  }
}

static void
test_backup (Fixture       *fixture,
             gconstpointer  data)
{
  {
    g_auto(Result) result = RUN (fixture, "backup", "Staging", "--name", "Before the 2.2 update",
                                 "--wait");

    g_assert_cmpint (result.status, ==, 0);
    assert_contains (result.err, "The backup “Before the 2.2 update” of Staging is available.");
  }

  {
    g_auto(Result) result = RUN (fixture, "backups", "Staging");
    g_auto(GStrv) lines = g_strsplit (result.out, "\n", -1);

    g_assert_cmpint (result.status, ==, 0);
    g_assert_true (g_str_has_prefix (lines[0], "NAME"));
    /* Newest first. */
    g_assert_true (g_str_has_prefix (lines[1], "Before the 2.2 update "));
    g_assert_true (g_str_has_prefix (lines[2], "Initial configuration "));
    assert_contains (lines[1], "olivia");
    assert_contains (lines[1], "Available");
    assert_contains (lines[1], "manual");
    assert_contains (lines[1], "2.1.0");
    g_assert_true (g_regex_match_simple ("[0-9.]+ (bytes|kB|MB)", lines[1], 0, 0));
  }

  /* Without a name the service picks one; without --wait, eocctl does not wait. */
  {
    g_auto(Result) result = RUN (fixture, "backup", "Staging", "--json");
    g_autoptr(JsonNode) root = NULL;
    JsonObject *backup;

    g_assert_cmpint (result.status, ==, 0);
    root = parse_json (result.out);
    backup = json_node_get_object (root);
    g_assert_true (g_str_has_prefix (json_object_get_string_member (backup, "name"),
                                     "Staging backup "));
    assert_contains (result.err, "It goes on in the background");
  }

  /* A name that is taken (once the backup above, not waited for, is made). */
  {
    g_auto(Result) result = RUN (fixture, "backup", "Staging", "--name", "Before the 2.2 update");

    for (guint tries = 0; strstr (result.err, "already running") != NULL && tries < 100; tries++)
      {
        result_clear (&result);
        g_usleep (100 * 1000);
        result = RUN (fixture, "backup", "Staging", "--name", "Before the 2.2 update");
      }

    g_assert_cmpint (result.status, ==, 1);
    assert_contains (result.err, "already taken");
  }
}

static void
test_restore (Fixture       *fixture,
              gconstpointer  data)
{
  {
    g_auto(Result) result = RUN (fixture, "restore", "Staging", "Initial configuration",
                                 "--safety-backup", "--wait");

    g_assert_cmpint (result.status, ==, 0);
    assert_contains (result.err, "Staging is restored from the backup “Initial configuration”.");
    /* Not a terminal: plain lines, no bar redrawn in place. */
    assert_not_contains (result.err, "\r");
    assert_not_contains (result.err, "\033[");
  }

  {
    g_auto(Result) result = RUN (fixture, "activity", "Staging");

    g_assert_cmpint (result.status, ==, 0);
    assert_contains (result.out, "olivia");
    assert_contains (result.out, "Initial configuration");
  }

  /* The safety backup is there. */
  {
    g_auto(Result) result = RUN (fixture, "backups", "Staging", "--json");
    g_autoptr(JsonNode) root = NULL;

    g_assert_cmpint (result.status, ==, 0);
    root = parse_json (result.out);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 2);
  }

  /* A backup that does not exist. */
  {
    g_auto(Result) result = RUN (fixture, "restore", "Staging", "Nope", "--wait");

    g_assert_cmpint (result.status, ==, 1);
    assert_contains (result.err, "Staging has no backup named “Nope”");
  }
}

/* An operation that fails: --wait says why and exits with 1. */
static const char *const failing_args[] = { "--demo", "--apply-command", "false", NULL };

static void
test_restore_fails (Fixture       *fixture,
                    gconstpointer  data)
{
  {
    g_auto(Result) result = RUN (fixture, "restore", "Staging", "Initial configuration", "--wait");

    g_assert_cmpint (result.status, ==, 1);
    assert_contains (result.err, "Restoring Staging from the backup “Initial configuration”.");
    assert_contains (result.err, "eocctl: the restore of Staging failed: ");
    assert_contains (result.err, "exit status 1");
    assert_contains (result.err, "eocctl show Staging");
  }
  {
    g_auto(Result) result = RUN (fixture, "show", "Staging");

    g_assert_cmpint (result.status, ==, 0);
    assert_contains (result.out, "Update Failed");
  }
  /* Without --wait, starting it is what succeeded. */
  {
    g_auto(Result) result = RUN (fixture, "update", "QA", "2.1.0", "--json");
    g_autoptr(JsonNode) root = NULL;

    g_assert_cmpint (result.status, ==, 0);
    root = parse_json (result.out);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "kind"), ==,
                     "update");
    assert_contains (result.err, "It goes on in the background");
  }
}

static void
test_version_mismatch (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *development = path_in (fixture, "development.zip");

  /* QA's only backup is of 2.0.0; once QA runs 2.1.0 it cannot be restored. */
  {
    g_auto(Result) result = RUN (fixture, "update", "QA", "2.1.0", "--wait");

    g_assert_cmpint (result.status, ==, 0);
  }
  {
    g_auto(Result) result = RUN (fixture, "restore", "QA", "Initial configuration", "--wait");

    g_assert_cmpint (result.status, ==, 1);
    g_assert_cmpstr (result.out, ==, "");
    assert_contains (result.err, "cannot restore “Initial configuration” to QA: the backup is of "
                                 "version 2.0.0, and QA runs version 2.1.0.");
    assert_contains (result.err, "QA cannot go back to version 2.0.0");
  }

  /* A configuration newer than the environment: update first. */
  {
    g_auto(Result) result = RUN (fixture, "export", "Development", development);

    g_assert_cmpint (result.status, ==, 0);
  }
  {
    g_auto(Result) result = RUN (fixture, "import", "QA", development, "--yes", "--wait");

    g_assert_cmpint (result.status, ==, 1);
    assert_contains (result.err, "the file is of version 2.2.0, and QA runs version 2.1.0.");
    assert_contains (result.err, "Update QA to 2.2.0 first: eocctl update QA 2.2.0");
  }
  {
    g_auto(Result) result = RUN (fixture, "update", "QA", "2.2.0", "--wait");

    g_assert_cmpint (result.status, ==, 0);
  }
  {
    g_auto(Result) result = RUN (fixture, "import", "QA", development, "--yes", "--wait");

    g_assert_cmpint (result.status, ==, 0);
  }
}

static void
test_import (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *file = path_in (fixture, "qa.zip");
  g_autofree char *staging = path_in (fixture, "staging.zip");

  {
    g_auto(Result) result = RUN (fixture, "export", "QA", file);

    g_assert_cmpint (result.status, ==, 0);
    assert_contains (result.err, "Saved the current configuration of QA to ");
    g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
  }

  /* Its own configuration: nothing changes, and it imports. */
  {
    g_auto(Result) result = RUN (fixture, "import", "QA", file, "--yes", "--wait");

    g_assert_cmpint (result.status, ==, 0);
    assert_contains (result.out, "“qa.zip” (version 2.0.0, ");
    assert_contains (result.out, "Nothing: it holds the same configuration as QA.");
    assert_contains (result.err, "Uploaded 100%");
    assert_contains (result.err, "QA is restored from the configuration file “qa.zip”.");
    assert_not_contains (result.err, "\r");
  }

  /* Another environment's configuration of the same version: the changes are shown. */
  {
    g_auto(Result) result = RUN (fixture, "export", "Staging", staging);

    g_assert_cmpint (result.status, ==, 0);
  }
  {
    g_auto(Result) result = RUN (fixture, "update", "QA", "2.1.0", "--wait");

    g_assert_cmpint (result.status, ==, 0);
  }
  {
    g_auto(Result) result = RUN (fixture, "import", "QA", staging, "--yes", "--wait", "--json");
    g_autoptr(JsonNode) root = NULL;
    JsonObject *object;
    JsonObject *changes;

    g_assert_cmpint (result.status, ==, 0);
    root = parse_json (result.out);
    object = json_node_get_object (root);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "upload"),
                                                    "filename"), ==, "staging.zip");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "operation"),
                                                    "state"), ==, "succeeded");
    changes = json_object_get_object_member (object, "changes");
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (changes, "summary"),
                                                 "changed"), >, 0);
  }

  /* Without a terminal, --yes is required, and nothing is sent. */
  {
    g_auto(Result) result = RUN (fixture, "import", "QA", file);

    g_assert_cmpint (result.status, ==, 2);
    assert_contains (result.err, "--yes");
  }

  /* A file that is not there. */
  {
    g_autofree char *missing = path_in (fixture, "missing.zip");
    g_auto(Result) result = RUN (fixture, "import", "QA", missing, "--yes");

    g_assert_cmpint (result.status, ==, 1);
    assert_contains (result.err, "missing.zip");
  }
}

static void
test_import_invalid (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *file = path_in (fixture, "notes.zip");
  g_autoptr(GError) error = NULL;

  g_file_set_contents (file, "These are my notes, not a configuration.\n", -1, &error);
  g_assert_no_error (error);

  {
    g_auto(Result) result = RUN (fixture, "import", "QA", file, "--yes", "--wait");

    g_assert_cmpint (result.status, ==, 1);
    assert_contains (result.err, "notes.zip is not a valid configuration file: ");
    /* The service's reason. */
    assert_contains (result.err, "not a ZIP archive");
  }
}

static void
test_download (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *file = path_in (fixture, "initial.zip");
  g_autofree char *contents = NULL;
  g_autofree char *sha256 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *backup;
  gsize length;

  {
    g_auto(Result) result = RUN (fixture, "backups", "Production", "--json");

    g_assert_cmpint (result.status, ==, 0);
    root = parse_json (result.out);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
    backup = json_array_get_object_element (json_node_get_array (root), 0);
    g_assert_cmpstr (json_object_get_string_member (backup, "name"), ==, "Initial configuration");
  }

  {
    g_auto(Result) result = RUN (fixture, "download", "Production", "Initial configuration", file);

    g_assert_cmpint (result.status, ==, 0);
    assert_contains (result.err, "Saved the backup “Initial configuration” of Production to ");
    assert_contains (result.err, "SHA-256 checked");
  }

  g_file_get_contents (file, &contents, &length, &error);
  g_assert_no_error (error);
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
  g_assert_cmpstr (sha256, ==, json_object_get_string_member (backup, "sha256"));
  g_assert_cmpint ((gint64) length, ==, json_object_get_int_member (backup, "size"));

  /* An existing file is only replaced when asked; by id works too. */
  {
    g_auto(Result) result = RUN (fixture, "download", "Production", "Initial configuration", file);

    g_assert_cmpint (result.status, ==, 1);
    assert_contains (result.err, "already exists: add --force to replace it");
  }
  {
    g_auto(Result) result = RUN (fixture, "download", "Production",
                                 json_object_get_string_member (backup, "id"), file, "--force");

    g_assert_cmpint (result.status, ==, 0);
  }
}

static void
test_delete_backup (Fixture       *fixture,
                    gconstpointer  data)
{
  {
    g_auto(Result) result = RUN (fixture, "backup", "Development", "--name", "Scratch", "--wait");

    g_assert_cmpint (result.status, ==, 0);
  }
  {
    g_auto(Result) result = RUN (fixture, "delete-backup", "Development", "Scratch");

    g_assert_cmpint (result.status, ==, 0);
    assert_contains (result.err, "Deleted the backup “Scratch” of Development.");
  }
  {
    g_auto(Result) result = RUN (fixture, "backups", "Development");

    g_assert_cmpint (result.status, ==, 0);
    assert_not_contains (result.out, "Scratch");
    assert_contains (result.out, "Initial configuration");
  }
  {
    g_auto(Result) result = RUN (fixture, "delete-backup", "Development", "Scratch");

    g_assert_cmpint (result.status, ==, 1);
    assert_contains (result.err, "Development has no backup named “Scratch”");
  }
}

static guint
count_backups (Fixture    *fixture,
               const char *environment)
{
  g_auto(Result) result = RUN (fixture, "backups", environment, "--json");
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpint (result.status, ==, 0);
  root = parse_json (result.out);
  return json_array_get_length (json_node_get_array (root));
}

static void
test_update (Fixture       *fixture,
             gconstpointer  data)
{
  guint before = count_backups (fixture, "QA");

  {
    g_auto(Result) result = RUN (fixture, "update", "QA", "2.1.0", "--wait");

    g_assert_cmpint (result.status, ==, 0);
    assert_contains (result.err, "QA now runs version 2.1.0.");
  }
  g_assert_cmpuint (count_backups (fixture, "QA"), ==, before);

  /* --safety-backup backs the configuration up first, at the version it had. */
  {
    g_auto(Result) result = RUN (fixture, "update", "QA", "2.2.0", "--safety-backup", "--wait");

    g_assert_cmpint (result.status, ==, 0);
    assert_contains (result.err, "after a safety backup");
    assert_contains (result.err, "QA now runs version 2.2.0.");
  }
  g_assert_cmpuint (count_backups (fixture, "QA"), ==, before + 1);
  {
    g_auto(Result) result = RUN (fixture, "backups", "QA");

    g_assert_cmpint (result.status, ==, 0);
    assert_contains (result.out, "Before update to 2.2.0");
  }
  {
    g_auto(Result) result = RUN (fixture, "show", "QA");

    g_assert_cmpint (result.status, ==, 0);
    assert_contains (result.out, "2.2.0");
    assert_contains (result.out, "Operational");
  }

  /* Not newer, and unknown: the service says why. */
  {
    g_auto(Result) result = RUN (fixture, "update", "QA", "1.0.0");

    g_assert_cmpint (result.status, ==, 1);
    assert_contains (result.err, "newer");
  }
  {
    g_auto(Result) result = RUN (fixture, "update", "QA", "9.9.9");

    g_assert_cmpint (result.status, ==, 1);
    assert_contains (result.err, "9.9.9");
  }
}

static void
test_schedule (Fixture       *fixture,
               gconstpointer  data)
{
  {
    g_auto(Result) result = RUN (fixture, "schedule", "Production");

    g_assert_cmpint (result.status, ==, 0);
    assert_contains (result.out, "Scheduled backups:");
    assert_contains (result.out, "Daily at 02:00");
    assert_contains (result.out, "30 days");
  }

  {
    g_auto(Result) result = RUN (fixture, "schedule", "Staging", "--enable", "--frequency", "weekly",
                                 "--day", "tuesday", "--time", "3:30", "--time-zone",
                                 "Europe/Paris", "--retention", "20");

    g_assert_cmpint (result.status, ==, 0);
    assert_contains (result.err, "The backup schedule of Staging is saved.");
  }

  {
    g_auto(Result) result = RUN (fixture, "schedule", "Staging");

    g_assert_cmpint (result.status, ==, 0);
    assert_contains (result.out, "On");
    assert_contains (result.out, "Weekly, on Tuesday at 03:30");
    assert_contains (result.out, "Europe/Paris");
    assert_contains (result.out, "20 days");
  }

  {
    g_auto(Result) result = RUN (fixture, "schedule", "Staging", "--json");
    g_autoptr(JsonNode) root = NULL;
    JsonObject *schedule;

    g_assert_cmpint (result.status, ==, 0);
    root = parse_json (result.out);
    schedule = json_node_get_object (root);
    g_assert_true (json_object_get_boolean_member (schedule, "enabled"));
    g_assert_cmpstr (json_object_get_string_member (schedule, "frequency"), ==, "weekly");
    g_assert_cmpint (json_object_get_int_member (schedule, "day_of_week"), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (schedule, "time"), ==, "03:30");
    g_assert_cmpint (json_object_get_int_member (schedule, "retention_days"), ==, 20);
    g_assert_false (json_object_get_null_member (schedule, "next_run"));
  }

  /* Only what is given changes. */
  {
    g_auto(Result) result = RUN (fixture, "schedule", "Staging", "--disable");

    g_assert_cmpint (result.status, ==, 0);
    assert_contains (result.out, "Off");
    assert_contains (result.out, "Weekly, on Tuesday at 03:30");
  }

  /* Values checked before anything is sent. */
  {
    g_auto(Result) result = RUN (fixture, "schedule", "Staging", "--retention", "15");

    g_assert_cmpint (result.status, ==, 2);
    assert_contains (result.err, "10, 20, 30 or 60");
  }
  {
    g_auto(Result) result = RUN (fixture, "schedule", "Staging", "--time", "25:00");

    g_assert_cmpint (result.status, ==, 2);
  }
  {
    g_auto(Result) result = RUN (fixture, "schedule", "Staging", "--frequency", "daily",
                                 "--day", "3");

    g_assert_cmpint (result.status, ==, 2);
    assert_contains (result.err, "weekly or monthly");
  }
}

static void
test_activity (Fixture       *fixture,
               gconstpointer  data)
{
  {
    g_auto(Result) result = RUN (fixture, "backup", "Training", "--name", "Course material",
                                 "--wait");

    g_assert_cmpint (result.status, ==, 0);
  }
  {
    g_auto(Result) result = RUN (fixture, "activity", "Training");
    g_auto(GStrv) lines = g_strsplit (result.out, "\n", -1);

    g_assert_cmpint (result.status, ==, 0);
    g_assert_true (g_str_has_prefix (lines[0], "WHEN"));
    /* Newest first: the backup just made. */
    assert_contains (lines[1], "olivia");
    assert_contains (lines[1], "Course material");
    assert_contains (lines[1], "Succeeded");
    g_assert_cmpuint (g_strv_length (lines), >=, 4);
  }
  {
    g_auto(Result) result = RUN (fixture, "activity", "Training", "--json", "--limit", "1");
    g_autoptr(JsonNode) root = NULL;
    JsonObject *entry;

    g_assert_cmpint (result.status, ==, 0);
    root = parse_json (result.out);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
    entry = json_array_get_object_element (json_node_get_array (root), 0);
    g_assert_cmpstr (json_object_get_string_member (entry, "action"), ==, "backup_created");
    g_assert_cmpstr (json_object_get_string_member (entry, "user"), ==, "olivia");
  }
}

static void
test_json (Fixture       *fixture,
           gconstpointer  data)
{
  {
    g_auto(Result) result = RUN (fixture, "--json", "environments");
    g_autoptr(JsonNode) root = NULL;
    JsonArray *array;

    g_assert_cmpint (result.status, ==, 0);
    root = parse_json (result.out);
    array = json_node_get_array (root);
    g_assert_cmpuint (json_array_get_length (array), ==, 5);
    for (guint i = 0; i < 5; i++)
      {
        JsonObject *env = json_array_get_object_element (array, i);
        GDateTime *created;

        g_assert_true (json_object_has_member (env, "id"));
        g_assert_true (json_object_has_member (env, "operation"));
        created = g_date_time_new_from_iso8601 (json_object_get_string_member (env, "created_at"),
                                                NULL);
        g_assert_nonnull (created);
        g_date_time_unref (created);
      }
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0),
                                                    "name"), ==, "Development");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1),
                                                    "type"), ==, "production");
  }
  {
    g_auto(Result) result = RUN (fixture, "show", "Training", "--json");
    g_autoptr(JsonNode) root = NULL;

    g_assert_cmpint (result.status, ==, 0);
    root = parse_json (result.out);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "status"), ==,
                     "offline");
  }
  {
    g_auto(Result) result = RUN (fixture, "update", "QA", "2.1.0", "--wait", "--json");
    g_autoptr(JsonNode) root = NULL;
    JsonObject *operation;

    g_assert_cmpint (result.status, ==, 0);
    root = parse_json (result.out);
    operation = json_node_get_object (root);
    g_assert_cmpstr (json_object_get_string_member (operation, "kind"), ==, "update");
    g_assert_cmpstr (json_object_get_string_member (operation, "state"), ==, "succeeded");
  }
}

static void
test_viewer (Fixture       *fixture,
             gconstpointer  data)
{
  const char *url = fixture->server->url;
  const char *token = fixture->server->viewer_token;

  {
    g_auto(Result) result = run_full (fixture, url, token, NULL,
                                      (const char *const[]) { "environments", NULL });

    g_assert_cmpint (result.status, ==, 0);
  }
  {
    g_auto(Result) result = run_full (fixture, url, token, NULL,
                                      (const char *const[]) { "backup", "Staging", NULL });

    g_assert_cmpint (result.status, ==, 1);
    assert_contains (result.err, "not allowed: your role may not make backups");
    assert_contains (result.err, "“operator” role");
  }
  {
    g_auto(Result) result = run_full (fixture, url, token, NULL,
                                      (const char *const[]) { "restore", "Staging",
                                                              "Initial configuration", NULL });

    g_assert_cmpint (result.status, ==, 1);
    assert_contains (result.err, "not allowed");
  }
}

static void
test_connection (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *closed_url = NULL;
  guint16 port;

  /* A port nothing listens on: take a free one, and close it. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  closed_url = g_strdup_printf ("http://127.0.0.1:%u", port);

  {
    g_auto(Result) result = run_full (fixture, closed_url, fixture->server->operator_token, NULL,
                                      (const char *const[]) { "environments", NULL });

    g_assert_cmpint (result.status, ==, 3);
    assert_contains (result.err, "cannot connect");
    g_assert_cmpstr (result.out, ==, "");
  }
  {
    g_auto(Result) result = run_full (fixture, fixture->server->url, "eoc_not_a_token", NULL,
                                      (const char *const[]) { "environments", NULL });

    g_assert_cmpint (result.status, ==, 3);
    assert_contains (result.err, "did not accept the token (from EOC_TOKEN)");
  }
  /* --server and --token win over the environment. */
  {
    g_auto(Result) result = run_full (fixture, closed_url, "eoc_not_a_token", NULL,
                                      (const char *const[]) {
                                        "--server", fixture->server->url,
                                        "environments",
                                        "--token", fixture->server->operator_token, NULL });

    g_assert_cmpint (result.status, ==, 0);
  }
}

static void
test_config_file (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (fixture->config_home, "env-ops-center", NULL);
  g_autofree char *path = g_build_filename (folder, "eocctl.conf", NULL);
  g_autofree char *text = g_strdup_printf ("[connection]\nurl=%s\ntoken=%s\n",
                                           fixture->server->url,
                                           fixture->server->operator_token);
  g_autoptr(GError) error = NULL;

  /* Nothing anywhere. */
  {
    g_auto(Result) result = run_full (fixture, NULL, NULL, NULL,
                                      (const char *const[]) { "environments", NULL });

    g_assert_cmpint (result.status, ==, 2);
    assert_contains (result.err, "EOC_SERVER_URL");
  }

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);

  /* Readable by others: refused, like ssh. */
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  {
    g_auto(Result) result = run_full (fixture, NULL, NULL, NULL,
                                      (const char *const[]) { "environments", NULL });

    g_assert_cmpint (result.status, ==, 2);
    assert_contains (result.err, "Permissions 0644");
    assert_contains (result.err, "too open");
    assert_contains (result.err, "chmod 600");
    g_assert_cmpstr (result.out, ==, "");
  }

  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  {
    g_auto(Result) result = run_full (fixture, NULL, NULL, NULL,
                                      (const char *const[]) { "environments", NULL });

    g_assert_cmpint (result.status, ==, 0);
    assert_contains (result.out, "Production");
  }
}

static void
test_usage (Fixture       *fixture,
            gconstpointer  data)
{
  {
    g_auto(Result) result = RUN (fixture, "--help");

    g_assert_cmpint (result.status, ==, 0);
    assert_contains (result.out, "Usage: eocctl");
    assert_contains (result.out, "Exit status:");
    assert_contains (result.out, "  3   Cannot connect");
    assert_contains (result.out, "eocctl.conf");
    g_assert_cmpstr (result.err, ==, "");
  }
  {
    g_auto(Result) result = RUN (fixture, "restore", "--help");

    g_assert_cmpint (result.status, ==, 0);
    assert_contains (result.out, "Usage: eocctl [OPTION...] restore ENV BACKUP");
    assert_contains (result.out, "--safety-backup");
    assert_contains (result.out, "eocctl update ENV VERSION");
  }
  {
    g_auto(Result) result = run_full (fixture, NULL, NULL, NULL, (const char *const[]) { NULL });

    g_assert_cmpint (result.status, ==, 2);
    assert_contains (result.err, "Usage: eocctl");
  }
  {
    g_auto(Result) result = RUN (fixture, "restor", "Staging", "x");

    g_assert_cmpint (result.status, ==, 2);
    assert_contains (result.err, "unknown command “restor”; did you mean “restore”?");
  }
  {
    g_auto(Result) result = RUN (fixture, "restore", "Staging");

    g_assert_cmpint (result.status, ==, 2);
    assert_contains (result.err, "restore needs ENV BACKUP");
  }
  {
    g_auto(Result) result = RUN (fixture, "environments", "--wait");

    g_assert_cmpint (result.status, ==, 2);
    assert_contains (result.err, "--wait");
  }
  {
    g_auto(Result) result = RUN (fixture, "backups", "Staging", "--limit", "0");

    g_assert_cmpint (result.status, ==, 2);
  }
}

/* On a terminal (script(1) gives eocctl one), the upload and the wait are
 * bars redrawn in place; elsewhere plain lines (see test_import). */
static void
test_terminal (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *script = g_find_program_in_path ("script");
  g_autofree char *file = path_in (fixture, "qa.zip");
  g_autofree char *quoted_eocctl = g_shell_quote (eocctl_path ());
  g_autofree char *quoted_file = NULL;
  g_autofree char *command = NULL;

  if (script == NULL)
    {
      g_test_skip ("script(1) is not installed");
      return;
    }

  {
    g_auto(Result) result = RUN (fixture, "export", "QA", file);

    g_assert_cmpint (result.status, ==, 0);
  }

  quoted_file = g_shell_quote (file);
  command = g_strdup_printf ("%s import QA %s --yes --wait", quoted_eocctl, quoted_file);
  {
    g_auto(Result) result = run_program (fixture, fixture->server->url,
                                         fixture->server->operator_token, NULL, script,
                                         (const char *const[]) { "-q", "-e", "-c", command,
                                                                 "/dev/null", NULL });

    g_assert_cmpint (result.status, ==, 0);
    /* The upload's bar, then the import's, each redrawn with \r and ended with a line end. */
    assert_contains (result.out, "\r[");
    assert_contains (result.out, "] 100%  ");
    assert_contains (result.out, " of ");
    assert_contains (result.out, "Importing configuration file");
    assert_contains (result.out, "\033[K");
    assert_contains (result.out, "QA is restored from the configuration file “qa.zip”.");
    /* Not the plain lines of a log. */
    assert_not_contains (result.out, "Uploaded 100%");
  }
}

static void
test_watch (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (fixture, fixture->server->url,
                                                          fixture->server->viewer_token);
  g_autoptr(GSubprocess) watch = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GDataInputStream) err = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  gboolean seen_backup = FALSE;
  gboolean seen_activity = FALSE;

  watch = g_subprocess_launcher_spawn (launcher, &error, eocctl_path (), "watch", "--json", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (watch));
  err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (watch));

  /* Connected. */
  do
    {
      g_free (first);
      first = g_data_input_stream_read_line_utf8 (err, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (first);
    }
  while (strstr (first, "Watching") == NULL);
  assert_contains (first, fixture->server->url);

  {
    g_auto(Result) result = RUN (fixture, "backup", "Staging", "--name", "Watched", "--wait");

    g_assert_cmpint (result.status, ==, 0);
  }

  /* Each event is a line of JSON. */
  while (!seen_backup || !seen_activity)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
      g_autoptr(JsonNode) root = NULL;
      JsonObject *event;
      const char *type;

      g_assert_no_error (error);
      g_assert_nonnull (line);
      root = parse_json (line);
      event = json_node_get_object (root);
      type = json_object_get_string_member (event, "type");

      if (g_str_has_prefix (type, "backup.") &&
          g_strcmp0 (json_object_get_string_member (json_object_get_object_member (event, "backup"),
                                                    "name"), "Watched") == 0)
        seen_backup = TRUE;
      if (g_str_equal (type, "activity.added"))
        seen_activity = TRUE;
    }

  g_subprocess_send_signal (watch, SIGINT);
  g_subprocess_wait (watch, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (watch));
  g_assert_cmpint (g_subprocess_get_exit_status (watch), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ((path), Fixture, NULL, fixture_set_up, (func), fixture_tear_down)

  ADD ("/cli/eocctl/environments", test_environments);
  ADD ("/cli/eocctl/show", test_show);
  ADD ("/cli/eocctl/backup", test_backup);
  ADD ("/cli/eocctl/restore", test_restore);
  g_test_add ("/cli/eocctl/restore-fails", Fixture, failing_args, fixture_set_up,
              test_restore_fails, fixture_tear_down);
  ADD ("/cli/eocctl/version-mismatch", test_version_mismatch);
  ADD ("/cli/eocctl/import", test_import);
  ADD ("/cli/eocctl/import-invalid", test_import_invalid);
  ADD ("/cli/eocctl/download", test_download);
  ADD ("/cli/eocctl/delete-backup", test_delete_backup);
  ADD ("/cli/eocctl/update", test_update);
  ADD ("/cli/eocctl/schedule", test_schedule);
  ADD ("/cli/eocctl/activity", test_activity);
  ADD ("/cli/eocctl/json", test_json);
  ADD ("/cli/eocctl/viewer", test_viewer);
  ADD ("/cli/eocctl/connection", test_connection);
  ADD ("/cli/eocctl/config-file", test_config_file);
  ADD ("/cli/eocctl/usage", test_usage);
  ADD ("/cli/eocctl/terminal", test_terminal);
  ADD ("/cli/eocctl/watch", test_watch);

  return g_test_run ();
}
