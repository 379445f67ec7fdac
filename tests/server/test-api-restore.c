/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The service's API: restoring backups (and what a restore changes), safety
 * backups, versions that do not match, an apply that fails, updates, and
 * starting and stopping environments.
 */

#include "config.h"

#include <string.h>

#include "test-api-utils.h"

static char *
env_path (const char *environment_id,
          const char *rest)
{
  return g_strdup_printf ("/api/v1/environments/%s%s", environment_id, rest != NULL ? rest : "");
}

static char *
backup_path (const char *environment_id,
             const char *backup_id,
             const char *rest)
{
  return g_strdup_printf ("/api/v1/environments/%s/backups/%s%s", environment_id, backup_id,
                          rest != NULL ? rest : "");
}

static guint
count_backups (EocTestServer *server,
               const char    *environment_id)
{
  g_autofree char *path = env_path (environment_id, "/backups?limit=500");
  g_autoptr(ApiResponse) response = api_get (server, server->viewer_token, path);

  return json_array_get_length (json_object_get_array_member (api_expect (response, 200),
                                                              "backups"));
}

static JsonObject *
changes_of_backup (EocTestServer *server,
                   const char    *environment_id,
                   const char    *backup_id)
{
  g_autofree char *path = backup_path (environment_id, backup_id, "/changes");
  g_autoptr(ApiResponse) response = api_get (server, server->viewer_token, path);

  return json_object_ref (api_expect (response, 200));
}

static void
assert_summary (JsonObject *changes,
                gint64      added,
                gint64      removed,
                gint64      changed)
{
  JsonObject *summary = json_object_get_object_member (changes, "summary");

  g_assert_nonnull (summary);
  g_assert_cmpint (json_object_get_int_member (summary, "added"), ==, added);
  g_assert_cmpint (json_object_get_int_member (summary, "removed"), ==, removed);
  g_assert_cmpint (json_object_get_int_member (summary, "changed"), ==, changed);
}

/* Starts an operation with POST @path @body as the operator; returns its id. */
static char *
start_operation (EocTestServer *server,
                 const char    *path,
                 const char    *body,
                 const char    *kind)
{
  g_autoptr(ApiResponse) response = api_json (server, server->operator_token, "POST", path, body);
  JsonObject *op = api_expect (response, 202);

  g_assert_cmpstr (json_object_get_string_member (op, "kind"), ==, kind);
  g_assert_cmpstr (json_object_get_string_member (op, "user"), ==, "olivia");
  return g_strdup (json_object_get_string_member (op, "id"));
}

static JsonObject *
run_operation (EocTestServer *server,
               const char    *path,
               const char    *body,
               const char    *kind)
{
  g_autofree char *id = start_operation (server, path, body, kind);

  return api_wait_operation (server, server->viewer_token, id);
}

/* Settings @base with the database host changed, "region" removed and "extra" added. */
static char *
changed_settings (JsonNode *base)
{
  g_autoptr(JsonNode) copy = api_deep_copy (base);
  JsonObject *settings = json_node_get_object (copy);
  JsonObject *extra = json_object_new ();

  json_object_set_string_member (json_object_get_object_member (settings, "database"), "host",
                                 "db.moved.internal");
  json_object_remove_member (settings, "region");
  json_object_set_boolean_member (extra, "on", TRUE);
  json_object_set_object_member (settings, "extra", extra);
  return json_to_string (copy, FALSE);
}

/* Uploads and imports a configuration of @version with @settings and @files; waits. */
static void
import_configuration (EocTestServer     *server,
                      const char        *environment_id,
                      const char        *version,
                      const char        *settings,
                      const char *const *files)
{
  g_autoptr(GBytes) bytes = api_make_configuration (version, settings, files);
  g_autoptr(ApiResponse) upload = api_upload (server, server->operator_token, environment_id,
                                              "changed.zip", bytes);
  g_autofree char *path = env_path (environment_id, "/import");
  g_autofree char *body = g_strdup_printf ("{\"upload_id\": \"%s\"}",
                                           json_object_get_string_member (api_expect (upload, 201),
                                                                          "id"));
  g_autoptr(JsonObject) op = run_operation (server, path, body, "import");

  g_assert_cmpstr (json_object_get_string_member (op, "state"), ==, "succeeded");
}

static JsonObject *
find_change (JsonArray  *changes,
             const char *path)
{
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);

      if (g_strcmp0 (json_object_get_string_member (change, "path"), path) == 0)
        return change;
    }
  g_error ("No change at %s", path);
  return NULL;
}

/* With --apply-delay 1 the restore takes a second: the environment reads "updating" meanwhile. */
static void
test_restore (void)
{
  const char *const args[] = { "--demo", "--apply-delay", "1", NULL };
  g_autoptr(EocTestServer) server = eoc_test_server_new (args);
  g_autoptr(JsonObject) staging = api_find_environment (server, "Staging");
  const char *id = json_object_get_string_member (staging, "id");
  g_autoptr(JsonObject) backup = api_make_backup (server, id, "Known good");
  const char *backup_id = json_object_get_string_member (backup, "id");
  g_autoptr(EocConfiguration) original = api_download_configuration (server, id, NULL);
  g_autofree char *settings = changed_settings (original->settings);
  const char *const files[] = { "notes.txt", "Moved the database\n", NULL };
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) during = NULL;
  g_autoptr(JsonObject) op = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) changes = NULL;
  g_autoptr(JsonArray) activity = NULL;
  g_autoptr(EocConfiguration) restored = NULL;
  g_autofree char *restore = backup_path (id, backup_id, "/restore");
  g_autofree char *op_id = NULL;
  JsonObject *entry;
  guint backups;

  import_configuration (server, id, "2.1.0", settings, files);
  before = changes_of_backup (server, id, backup_id);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (before, "settings")), >, 0);
  backups = count_backups (server, id);

  op_id = start_operation (server, restore, "{\"safety_backup\": false}", "restore");

  during = api_get_environment (server, id);
  g_assert_cmpstr (json_object_get_string_member (during, "status"), ==, "updating");
  g_assert_false (json_object_get_null_member (during, "operation"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (during,
                                                                                 "operation"),
                                                  "id"), ==, op_id);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (during,
                                                                                 "operation"),
                                                  "kind"), ==, "restore");

  op = api_wait_operation (server, server->viewer_token, op_id);
  g_assert_cmpstr (json_object_get_string_member (op, "state"), ==, "succeeded");
  g_assert_true (json_object_get_null_member (op, "error"));
  g_assert_cmpfloat (json_object_get_double_member (op, "progress"), ==, 1.0);

  after = api_get_environment (server, id);
  g_assert_cmpstr (json_object_get_string_member (after, "status"), ==, "operational");
  g_assert_true (json_object_get_null_member (after, "operation"));
  g_assert_cmpstr (json_object_get_string_member (after, "version"), ==, "2.1.0");

  /* The configuration is the backup's now: nothing left to change. */
  changes = changes_of_backup (server, id, backup_id);
  assert_summary (changes, 0, 0, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (changes, "settings")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (changes, "files")), ==, 0);
  restored = api_download_configuration (server, id, NULL);
  g_assert_true (json_node_equal (restored->settings, original->settings));
  g_assert_cmpuint (restored->files->len, ==, original->files->len);

  /* No safety backup was asked for. */
  g_assert_cmpuint (count_backups (server, id), ==, backups);

  activity = api_activity (server, id);
  entry = json_array_get_object_element (activity, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "action"), ==, "backup_restored");
  g_assert_cmpstr (json_object_get_string_member (entry, "user"), ==, "olivia");
  g_assert_cmpstr (json_object_get_string_member (entry, "outcome"), ==, "succeeded");
  g_assert_nonnull (strstr (json_object_get_string_member (entry, "summary"), "Known good"));
}

static void
test_restore_requests (void)
{
  const char *const args[] = { "--demo", NULL };
  g_autoptr(EocTestServer) server = eoc_test_server_new (args);
  g_autoptr(JsonObject) staging = api_find_environment (server, "Staging");
  const char *id = json_object_get_string_member (staging, "id");
  g_autoptr(JsonObject) backup = api_make_backup (server, id, "Target");
  g_autofree char *restore = backup_path (id, json_object_get_string_member (backup, "id"),
                                          "/restore");
  g_autofree char *unknown = backup_path (id, "no-such-backup", "/restore");
  g_autoptr(ApiResponse) viewer = api_json (server, server->viewer_token, "POST", restore, "{}");
  g_autoptr(ApiResponse) bad_type = api_json (server, server->operator_token, "POST", restore,
                                              "{\"safety_backup\": \"yes\"}");
  g_autoptr(ApiResponse) broken = api_json (server, server->operator_token, "POST", restore,
                                            "{\"safety_backup\": tru");
  g_autoptr(ApiResponse) missing = api_json (server, server->operator_token, "POST", unknown, "{}");
  g_autoptr(JsonObject) env = NULL;
  JsonObject *details;

  details = api_expect_error (viewer, 403, "forbidden");
  g_assert_cmpstr (json_object_get_string_member (details, "required_role"), ==, "operator");
  api_expect_error (bad_type, 400, "bad_request");
  api_expect_error (broken, 400, "bad_request");
  api_expect_error (missing, 404, "not_found");

  /* None of them started anything. */
  env = api_get_environment (server, id);
  g_assert_true (json_object_get_null_member (env, "operation"));
  g_assert_cmpstr (json_object_get_string_member (env, "status"), ==, "operational");

  /* Without a body, it is a restore without a safety backup. */
  {
    guint before = count_backups (server, id);
    g_autoptr(JsonObject) op = run_operation (server, restore, NULL, "restore");

    g_assert_cmpstr (json_object_get_string_member (op, "state"), ==, "succeeded");
    g_assert_cmpuint (count_backups (server, id), ==, before);
  }
}

static void
test_safety_backup (void)
{
  const char *const args[] = { "--demo", NULL };
  g_autoptr(EocTestServer) server = eoc_test_server_new (args);
  g_autoptr(JsonObject) qa = api_find_environment (server, "QA");
  const char *id = json_object_get_string_member (qa, "id");
  g_autoptr(JsonObject) backup = api_make_backup (server, id, "Old settings");
  g_autoptr(EocConfiguration) original = api_download_configuration (server, id, NULL);
  g_autofree char *settings = changed_settings (original->settings);
  g_autoptr(EocConfiguration) changed = NULL;
  g_autoptr(JsonObject) op = NULL;
  g_autoptr(EocConfiguration) safety = NULL;
  g_autofree char *restore = backup_path (id, json_object_get_string_member (backup, "id"),
                                          "/restore");
  g_autofree char *list_path = env_path (id, "/backups?limit=1");
  g_autoptr(ApiResponse) list = NULL;
  JsonObject *newest;
  guint before;

  import_configuration (server, id, "2.0.0", settings, NULL);
  changed = api_download_configuration (server, id, NULL);
  before = count_backups (server, id);

  op = run_operation (server, restore, "{\"safety_backup\": true}", "restore");
  g_assert_cmpstr (json_object_get_string_member (op, "state"), ==, "succeeded");
  g_assert_cmpuint (count_backups (server, id), ==, before + 1);

  /* The new backup holds what the environment had before the restore. */
  list = api_get (server, server->viewer_token, list_path);
  newest = json_array_get_object_element (json_object_get_array_member (api_expect (list, 200),
                                                                        "backups"), 0);
  g_assert_cmpstr (json_object_get_string_member (newest, "state"), ==, "available");
  g_assert_cmpstr (json_object_get_string_member (newest, "version"), ==, "2.0.0");
  g_assert_cmpstr (json_object_get_string_member (newest, "name"), !=, "Old settings");
  {
    g_autofree char *content = backup_path (id, json_object_get_string_member (newest, "id"),
                                            "/content");
    g_autoptr(ApiResponse) download = api_get (server, server->viewer_token, content);

    g_assert_cmpuint (download->status, ==, 200);
    safety = api_read_configuration (download->body);
  }
  g_assert_true (json_node_equal (safety->settings, changed->settings));
  g_assert_false (json_node_equal (safety->settings, original->settings));

  /* And the environment has the restored one. */
  {
    g_autoptr(EocConfiguration) now = api_download_configuration (server, id, NULL);

    g_assert_true (json_node_equal (now->settings, original->settings));
  }
}

static void
test_version_mismatch (void)
{
  const char *const args[] = { "--demo", NULL };
  g_autoptr(EocTestServer) server = eoc_test_server_new (args);
  g_autoptr(JsonObject) staging = api_find_environment (server, "Staging");
  const char *id = json_object_get_string_member (staging, "id");
  g_autoptr(JsonObject) backup = api_make_backup (server, id, "On 2.1.0");
  g_autofree char *update = env_path (id, "/update");
  g_autofree char *restore = backup_path (id, json_object_get_string_member (backup, "id"),
                                          "/restore");
  g_autoptr(JsonObject) op = NULL;
  g_autoptr(JsonObject) env = NULL;
  g_autoptr(ApiResponse) refused = NULL;
  g_autoptr(JsonArray) activity = NULL;
  JsonObject *details;

  g_assert_cmpstr (json_object_get_string_member (backup, "version"), ==, "2.1.0");
  op = run_operation (server, update, "{\"version\": \"2.2.0\"}", "update");
  g_assert_cmpstr (json_object_get_string_member (op, "state"), ==, "succeeded");

  refused = api_json (server, server->operator_token, "POST", restore, "{}");
  details = api_expect_error (refused, 409, "version_mismatch");
  g_assert_cmpstr (json_object_get_string_member (details, "environment_version"), ==, "2.2.0");
  g_assert_cmpstr (json_object_get_string_member (details, "configuration_version"), ==, "2.1.0");

  env = api_get_environment (server, id);
  g_assert_cmpstr (json_object_get_string_member (env, "version"), ==, "2.2.0");
  g_assert_cmpstr (json_object_get_string_member (env, "status"), ==, "operational");
  g_assert_true (json_object_get_null_member (env, "operation"));

  /* Nothing was tried, so nothing was logged. */
  activity = api_activity (server, id);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (activity, 0),
                                                  "action"), ==, "environment_updated");
}

/* The changes a restore would make, before making them. */
static void
test_changes (void)
{
  const char *const args[] = { "--demo", NULL };
  g_autoptr(EocTestServer) server = eoc_test_server_new (args);
  g_autoptr(JsonObject) staging = api_find_environment (server, "Staging");
  const char *id = json_object_get_string_member (staging, "id");
  g_autoptr(JsonObject) backup = api_make_backup (server, id, "Before the move");
  const char *backup_id = json_object_get_string_member (backup, "id");
  g_autoptr(EocConfiguration) original = api_download_configuration (server, id, NULL);
  g_autofree char *settings = changed_settings (original->settings);
  const char *const files[] = {
    "certificates/ca.pem", "-----BEGIN CERTIFICATE-----\nnew\n-----END CERTIFICATE-----\n",
    "notes.txt", "Moved the database\n",
    NULL,
  };
  g_autoptr(JsonObject) same = NULL;
  g_autoptr(JsonObject) changes = NULL;
  JsonArray *setting_changes, *file_changes;
  JsonObject *change, *old_value;
  const char *original_host;
  gboolean found_schema = FALSE, found_script = FALSE;

  /* A fresh backup changes nothing. */
  same = changes_of_backup (server, id, backup_id);
  assert_summary (same, 0, 0, 0);

  original_host = json_object_get_string_member (
    json_object_get_object_member (json_node_get_object (original->settings), "database"), "host");

  import_configuration (server, id, "2.1.0", settings, files);
  changes = changes_of_backup (server, id, backup_id);

  /* Restoring the backup would put the host back, add "region" back and remove "extra". */
  setting_changes = json_object_get_array_member (changes, "settings");
  g_assert_cmpuint (json_array_get_length (setting_changes), ==, 3);

  change = find_change (setting_changes, "/database/host");
  g_assert_cmpstr (json_object_get_string_member (change, "change"), ==, "changed");
  g_assert_cmpstr (json_object_get_string_member (change, "old"), ==, "db.moved.internal");
  g_assert_cmpstr (json_object_get_string_member (change, "new"), ==, original_host);

  change = find_change (setting_changes, "/region");
  g_assert_cmpstr (json_object_get_string_member (change, "change"), ==, "added");
  g_assert_false (json_object_has_member (change, "old"));
  g_assert_cmpstr (json_object_get_string_member (change, "new"), ==,
                   json_object_get_string_member (json_node_get_object (original->settings),
                                                  "region"));

  change = find_change (setting_changes, "/extra");
  g_assert_cmpstr (json_object_get_string_member (change, "change"), ==, "removed");
  g_assert_false (json_object_has_member (change, "new"));
  old_value = json_object_get_object_member (change, "old");
  g_assert_nonnull (old_value);
  g_assert_true (json_object_get_boolean_member (old_value, "on"));

  /* Files: the certificate differs, the notes go, the schema and script come back. */
  file_changes = json_object_get_array_member (changes, "files");
  g_assert_cmpuint (json_array_get_length (file_changes), ==, 4);
  change = find_change (file_changes, "certificates/ca.pem");
  g_assert_cmpstr (json_object_get_string_member (change, "change"), ==, "changed");
  change = find_change (file_changes, "notes.txt");
  g_assert_cmpstr (json_object_get_string_member (change, "change"), ==, "removed");
  for (guint i = 0; i < original->files->len; i++)
    {
      EocConfigurationFile *file = g_ptr_array_index (original->files, i);

      if (g_str_equal (file->path, "certificates/ca.pem"))
        continue;
      change = find_change (file_changes, file->path);
      g_assert_cmpstr (json_object_get_string_member (change, "change"), ==, "added");
      found_schema |= g_str_has_prefix (file->path, "schemas/");
      found_script |= g_str_has_prefix (file->path, "scripts/");
    }
  g_assert_true (found_schema && found_script);

  /* Counted over settings and files. */
  assert_summary (changes, 1 + 2, 1 + 1, 1 + 1);

  /* Asking changed nothing. */
  {
    g_autoptr(EocConfiguration) now = api_download_configuration (server, id, NULL);

    g_assert_false (json_node_equal (now->settings, original->settings));
  }
}

/* The apply command fails: the operation fails with its reason, nothing changes. */
static void
test_failing_apply (void)
{
  const char *const args[] = { "--demo", "--apply-command", "sh -c 'echo boom >&2; exit 3'", NULL };
  g_autoptr(EocTestServer) server = eoc_test_server_new (args);
  g_autoptr(JsonObject) staging = api_find_environment (server, "Staging");
  const char *id = json_object_get_string_member (staging, "id");
  g_autoptr(JsonObject) backup = NULL;
  g_autoptr(JsonObject) op = NULL;
  g_autoptr(JsonObject) env = NULL;
  g_autoptr(JsonArray) activity = NULL;
  g_autofree char *sha256_before = NULL;
  g_autofree char *sha256_after = NULL;
  g_autofree char *restore = NULL;
  g_autoptr(EocConfiguration) before = NULL;
  g_autoptr(EocConfiguration) after = NULL;
  g_autofree char *env_dir = NULL;
  const char *error, *log;
  JsonObject *entry;

  /* A backup taken a second later than the configuration, so that its bytes differ from it. */
  g_usleep (1100 * 1000);
  backup = api_make_backup (server, id, "Will not apply");
  restore = backup_path (id, json_object_get_string_member (backup, "id"), "/restore");
  before = api_download_configuration (server, id, &sha256_before);
  g_assert_cmpstr (sha256_before, !=, json_object_get_string_member (backup, "sha256"));
  env_dir = g_build_filename (server->data_dir, "environments", id, NULL);
  g_assert_cmpuint (api_count_files (env_dir), ==, 1);

  op = run_operation (server, restore, "{}", "restore");
  g_assert_cmpstr (json_object_get_string_member (op, "state"), ==, "failed");
  error = json_object_get_string_member (op, "error");
  g_assert_nonnull (error);
  g_test_message ("Reason: %s", error);
  g_assert_nonnull (strstr (error, "boom"));
  g_assert_nonnull (strstr (error, "3"));
  log = json_object_get_string_member (op, "log");
  g_assert_nonnull (log);
  g_assert_nonnull (strstr (log, "boom"));
  g_assert_nonnull (json_object_get_string_member (op, "finished_at"));

  env = api_get_environment (server, id);
  g_assert_cmpstr (json_object_get_string_member (env, "status"), ==, "update_failed");
  g_assert_true (json_object_get_null_member (env, "operation"));
  g_assert_cmpstr (json_object_get_string_member (env, "version"), ==, "2.1.0");

  after = api_download_configuration (server, id, &sha256_after);
  g_assert_cmpstr (sha256_after, ==, sha256_before);
  g_assert_true (json_node_equal (after->settings, before->settings));
  /* No half-placed file is left beside it. */
  g_assert_cmpuint (api_count_files (env_dir), ==, 1);

  activity = api_activity (server, id);
  entry = json_array_get_object_element (activity, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "action"), ==, "backup_restored");
  g_assert_cmpstr (json_object_get_string_member (entry, "user"), ==, "olivia");
  g_assert_cmpstr (json_object_get_string_member (entry, "outcome"), ==, "failed");

  /* An update through the same command fails the same way and keeps the version. */
  {
    g_autoptr(JsonObject) qa = api_find_environment (server, "QA");
    g_autofree char *update = env_path (json_object_get_string_member (qa, "id"), "/update");
    g_autoptr(JsonObject) failed = run_operation (server, update, "{\"version\": \"2.1.0\"}",
                                                  "update");
    g_autoptr(JsonObject) qa_after = api_get_environment (server,
                                                          json_object_get_string_member (qa, "id"));

    g_assert_cmpstr (json_object_get_string_member (failed, "state"), ==, "failed");
    g_assert_nonnull (strstr (json_object_get_string_member (failed, "error"), "boom"));
    g_assert_cmpstr (json_object_get_string_member (qa_after, "version"), ==, "2.0.0");
    g_assert_cmpstr (json_object_get_string_member (qa_after, "status"), ==, "update_failed");
  }
}

static void
expect_update_error (EocTestServer *server,
                     const char    *path,
                     const char    *body,
                     guint          status,
                     const char    *code)
{
  g_autoptr(ApiResponse) response = api_json (server, server->operator_token, "POST", path, body);

  g_test_message ("POST %s %s", path, body);
  api_expect_error (response, status, code);
}

static void
test_update (void)
{
  const char *const args[] = { "--demo", NULL };
  g_autoptr(EocTestServer) server = eoc_test_server_new (args);
  g_autoptr(JsonObject) staging = api_find_environment (server, "Staging");
  const char *id = json_object_get_string_member (staging, "id");
  g_autofree char *update = env_path (id, "/update");
  g_autoptr(JsonObject) op = NULL;
  g_autoptr(JsonObject) env = NULL;
  g_autoptr(JsonArray) activity = NULL;
  JsonObject *entry;

  expect_update_error (server, update, "{\"version\": \"2.1.0\"}", 400, "invalid_version");
  expect_update_error (server, update, "{\"version\": \"2.0.0\"}", 400, "invalid_version");
  expect_update_error (server, update, "{\"version\": \"1.0.0\"}", 400, "invalid_version");
  expect_update_error (server, update, "{\"version\": \"9.9.9\"}", 400, "invalid_version");
  expect_update_error (server, update, "{\"version\": \"2.1.1\"}", 400, "invalid_version");
  expect_update_error (server, update, "{\"version\": \"newest\"}", 400, "invalid_version");
  expect_update_error (server, update, "{\"version\": 3}", 400, "bad_request");
  expect_update_error (server, update, "{}", 400, "bad_request");
  expect_update_error (server, update, "{\"version\": ", 400, "bad_request");
  {
    g_autoptr(ApiResponse) viewer = api_json (server, server->viewer_token, "POST", update,
                                              "{\"version\": \"3.0.0\"}");
    JsonObject *details = api_expect_error (viewer, 403, "forbidden");

    g_assert_cmpstr (json_object_get_string_member (details, "required_role"), ==, "operator");
  }

  env = api_get_environment (server, id);
  g_assert_cmpstr (json_object_get_string_member (env, "version"), ==, "2.1.0");
  g_clear_pointer (&env, json_object_unref);

  op = run_operation (server, update, "{\"version\": \"3.0.0\"}", "update");
  g_assert_cmpstr (json_object_get_string_member (op, "state"), ==, "succeeded");

  env = api_get_environment (server, id);
  g_assert_cmpstr (json_object_get_string_member (env, "version"), ==, "3.0.0");
  g_assert_cmpstr (json_object_get_string_member (env, "status"), ==, "operational");
  g_assert_true (json_object_get_null_member (env, "operation"));

  activity = api_activity (server, id);
  entry = json_array_get_object_element (activity, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "action"), ==, "environment_updated");
  g_assert_cmpstr (json_object_get_string_member (entry, "user"), ==, "olivia");
  g_assert_cmpstr (json_object_get_string_member (entry, "outcome"), ==, "succeeded");

  /* Now 3.0.0 is the current one: not newer any more. */
  expect_update_error (server, update, "{\"version\": \"3.0.0\"}", 400, "invalid_version");
  expect_update_error (server, update, "{\"version\": \"2.2.0\"}", 400, "invalid_version");

  /* New backups carry the new version. */
  {
    g_autoptr(JsonObject) backup = api_make_backup (server, id, "On 3.0.0");

    g_assert_cmpstr (json_object_get_string_member (backup, "version"), ==, "3.0.0");
  }
}

static JsonObject *
power (EocTestServer *server,
       const char    *environment_id,
       const char    *verb)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/environments/%s/%s", environment_id, verb);

  return run_operation (server, path, NULL, verb);
}

static void
expect_power_error (EocTestServer *server,
                    const char    *environment_id,
                    const char    *verb,
                    guint          status,
                    const char    *code)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/environments/%s/%s", environment_id, verb);
  g_autoptr(ApiResponse) response = api_json (server, server->operator_token, "POST", path, NULL);

  g_test_message ("POST %s", path);
  api_expect_error (response, status, code);
}

static const char *
status_of (EocTestServer *server,
           const char    *environment_id)
{
  static char status[32];
  g_autoptr(JsonObject) env = api_get_environment (server, environment_id);

  g_strlcpy (status, json_object_get_string_member (env, "status"), sizeof status);
  return status;
}

/* An update can back the current configuration up first, as a restore can. */
static void
test_update_safety_backup (void)
{
  const char *const args[] = { "--demo", NULL };
  g_autoptr(EocTestServer) server = eoc_test_server_new (args);
  g_autoptr(JsonObject) qa = api_find_environment (server, "QA");
  const char *id = json_object_get_string_member (qa, "id");
  g_autoptr(EocConfiguration) before_update = api_download_configuration (server, id, NULL);
  g_autoptr(EocConfiguration) safety = NULL;
  g_autofree char *update = env_path (id, "/update");
  g_autofree char *list_path = env_path (id, "/backups?limit=1");
  g_autoptr(ApiResponse) list = NULL;
  g_autoptr(JsonObject) op = NULL;
  g_autoptr(JsonObject) env = NULL;
  JsonObject *newest;
  guint before = count_backups (server, id);

  expect_update_error (server, update, "{\"version\": \"2.1.0\", \"safety_backup\": \"yes\"}",
                       400, "bad_request");
  g_assert_cmpuint (count_backups (server, id), ==, before);

  /* Without it, no backup is made. */
  op = run_operation (server, update, "{\"version\": \"2.1.0\", \"safety_backup\": false}",
                      "update");
  g_assert_cmpstr (json_object_get_string_member (op, "state"), ==, "succeeded");
  g_assert_cmpuint (count_backups (server, id), ==, before);
  g_clear_pointer (&op, json_object_unref);

  op = run_operation (server, update, "{\"version\": \"2.2.0\", \"safety_backup\": true}",
                      "update");
  g_assert_cmpstr (json_object_get_string_member (op, "state"), ==, "succeeded");
  g_assert_cmpuint (count_backups (server, id), ==, before + 1);

  env = api_get_environment (server, id);
  g_assert_cmpstr (json_object_get_string_member (env, "version"), ==, "2.2.0");
  g_assert_cmpstr (json_object_get_string_member (env, "status"), ==, "operational");

  /* The new backup holds the configuration as it was, at the version it was. */
  list = api_get (server, server->viewer_token, list_path);
  newest = json_array_get_object_element (json_object_get_array_member (api_expect (list, 200),
                                                                        "backups"), 0);
  g_assert_cmpstr (json_object_get_string_member (newest, "state"), ==, "available");
  g_assert_cmpstr (json_object_get_string_member (newest, "version"), ==, "2.1.0");
  {
    g_autofree char *content = backup_path (id, json_object_get_string_member (newest, "id"),
                                            "/content");
    g_autoptr(ApiResponse) download = api_get (server, server->viewer_token, content);

    g_assert_cmpuint (download->status, ==, 200);
    safety = api_read_configuration (download->body);
  }
  g_assert_true (json_node_equal (safety->settings, before_update->settings));
}

static void
test_start_stop (void)
{
  const char *const args[] = { "--demo", NULL };
  g_autoptr(EocTestServer) server = eoc_test_server_new (args);
  g_autoptr(JsonObject) production = api_find_environment (server, "Production");
  g_autoptr(JsonObject) staging = api_find_environment (server, "Staging");
  g_autoptr(JsonObject) training = api_find_environment (server, "Training");
  const char *prod_id = json_object_get_string_member (production, "id");
  const char *id = json_object_get_string_member (staging, "id");
  g_autoptr(JsonObject) stopped = NULL;
  g_autoptr(JsonObject) started = NULL;
  g_autoptr(JsonObject) training_started = NULL;
  g_autoptr(JsonArray) activity = NULL;

  /* Production is never started or stopped from here. */
  expect_power_error (server, prod_id, "stop", 409, "invalid_state");
  expect_power_error (server, prod_id, "start", 409, "invalid_state");
  g_assert_cmpstr (status_of (server, prod_id), ==, "operational");

  /* Viewers may not. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/environments/%s/stop", id);
    g_autoptr(ApiResponse) viewer = api_json (server, server->viewer_token, "POST", path, NULL);
    JsonObject *details = api_expect_error (viewer, 403, "forbidden");

    g_assert_cmpstr (json_object_get_string_member (details, "required_role"), ==, "operator");
  }

  /* An operational one cannot be started. */
  expect_power_error (server, id, "start", 409, "invalid_state");

  stopped = power (server, id, "stop");
  g_assert_cmpstr (json_object_get_string_member (stopped, "state"), ==, "succeeded");
  g_assert_cmpstr (status_of (server, id), ==, "offline");
  expect_power_error (server, id, "stop", 409, "invalid_state");

  started = power (server, id, "start");
  g_assert_cmpstr (json_object_get_string_member (started, "state"), ==, "succeeded");
  g_assert_cmpstr (status_of (server, id), ==, "operational");

  activity = api_activity (server, id);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (activity, 0),
                                                  "action"), ==, "environment_started");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (activity, 1),
                                                  "action"), ==, "environment_stopped");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (activity, 1),
                                                  "user"), ==, "olivia");

  /* The sample that starts offline can be started. */
  g_assert_cmpstr (status_of (server, json_object_get_string_member (training, "id")), ==,
                   "offline");
  training_started = power (server, json_object_get_string_member (training, "id"), "start");
  g_assert_cmpstr (json_object_get_string_member (training_started, "state"), ==, "succeeded");
  g_assert_cmpstr (status_of (server, json_object_get_string_member (training, "id")), ==,
                   "operational");
}

/* While a start or stop runs, the environment says so. */
static void
test_stopping_status (void)
{
  const char *const args[] = { "--demo", "--apply-delay", "1", NULL };
  g_autoptr(EocTestServer) server = eoc_test_server_new (args);
  g_autoptr(JsonObject) staging = api_find_environment (server, "Staging");
  const char *id = json_object_get_string_member (staging, "id");
  g_autofree char *stop = env_path (id, "/stop");
  g_autofree char *start = env_path (id, "/start");
  g_autofree char *op_id = NULL;
  g_autoptr(JsonObject) op = NULL;
  g_autoptr(JsonObject) again = NULL;

  op_id = start_operation (server, stop, NULL, "stop");
  g_assert_cmpstr (status_of (server, id), ==, "stopping");
  op = api_wait_operation (server, server->viewer_token, op_id);
  g_assert_cmpstr (json_object_get_string_member (op, "state"), ==, "succeeded");
  g_assert_cmpstr (status_of (server, id), ==, "offline");

  g_free (op_id);
  op_id = start_operation (server, start, NULL, "start");
  g_assert_cmpstr (status_of (server, id), ==, "starting");
  again = api_wait_operation (server, server->viewer_token, op_id);
  g_assert_cmpstr (json_object_get_string_member (again, "state"), ==, "succeeded");
  g_assert_cmpstr (status_of (server, id), ==, "operational");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/api/restore/restore", test_restore);
  g_test_add_func ("/api/restore/requests", test_restore_requests);
  g_test_add_func ("/api/restore/safety-backup", test_safety_backup);
  g_test_add_func ("/api/restore/version-mismatch", test_version_mismatch);
  g_test_add_func ("/api/restore/changes", test_changes);
  g_test_add_func ("/api/restore/failing-apply", test_failing_apply);
  g_test_add_func ("/api/restore/update", test_update);
  g_test_add_func ("/api/restore/update-safety-backup", test_update_safety_backup);
  g_test_add_func ("/api/restore/start-stop", test_start_stop);
  g_test_add_func ("/api/restore/stopping-status", test_stopping_status);

  return g_test_run ();
}
