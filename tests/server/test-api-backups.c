/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The service's API: backups. Suggested names, creating one (and what the
 * environment, the operation and the activity show), names taken, paging and
 * searching, downloading, deleting, roles, and one operation at a time.
 */

#include "config.h"

#include <string.h>

#include "test-api-utils.h"

/* A service with the sample environments, where everything is instant. */
static EocTestServer *server;

static char *
backups_path (const char *environment_id,
              const char *rest)
{
  return g_strdup_printf ("/api/v1/environments/%s/backups%s", environment_id,
                          rest != NULL ? rest : "");
}

static JsonArray *
list_backups (const char *environment_id,
              const char *query,
              char      **next_cursor)
{
  g_autofree char *path = backups_path (environment_id, query);
  g_autoptr(ApiResponse) response = api_get (server, server->viewer_token, path);
  JsonObject *page = api_expect (response, 200);

  g_assert_true (json_object_has_member (page, "next_cursor"));
  if (next_cursor != NULL)
    *next_cursor = json_object_get_null_member (page, "next_cursor")
                     ? NULL
                     : g_strdup (json_object_get_string_member (page, "next_cursor"));
  else
    g_assert_true (json_object_get_null_member (page, "next_cursor"));
  return json_array_ref (json_object_get_array_member (page, "backups"));
}

static char *
suggested_name (const char *environment_id)
{
  g_autofree char *path = backups_path (environment_id, "/suggested-name");
  g_autoptr(ApiResponse) response = api_get (server, server->viewer_token, path);

  return g_strdup (json_object_get_string_member (api_expect (response, 200), "name"));
}

static gboolean
name_listed (JsonArray  *backups,
             const char *name)
{
  for (guint i = 0; i < json_array_get_length (backups); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (backups, i),
                                                  "name"), name) == 0)
      return TRUE;
  return FALSE;
}

static void
test_suggested_name (void)
{
  g_autoptr(JsonObject) env = api_create_environment (server, "Suggest", "non_production", "2.1.0");
  const char *id = json_object_get_string_member (env, "id");
  g_autofree char *first = suggested_name (id);
  g_autofree char *same = suggested_name (id);
  g_autofree char *after = NULL;
  g_autofree char *third = NULL;
  g_autoptr(JsonObject) taken = NULL;
  g_autoptr(JsonObject) unnamed = NULL;
  g_autoptr(JsonArray) backups = NULL;
  g_autoptr(GRegex) pattern = g_regex_new ("^Suggest backup \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d"
                                           "( \\(\\d+\\))?$", 0, 0, NULL);

  g_assert_true (g_regex_match (pattern, first, 0, NULL));
  /* Asking does not reserve anything. */
  g_assert_true (g_str_equal (first, same) || !g_str_has_prefix (same, first));

  /* Once a backup has the suggested name, the next suggestion differs. */
  taken = api_make_backup (server, id, first);
  g_assert_cmpstr (json_object_get_string_member (taken, "name"), ==, first);
  after = suggested_name (id);
  g_assert_true (g_regex_match (pattern, after, 0, NULL));
  g_assert_cmpstr (after, !=, first);

  /* A backup made without a name takes a fresh one too. */
  unnamed = api_make_backup (server, id, NULL);
  g_assert_true (g_regex_match (pattern, json_object_get_string_member (unnamed, "name"), 0, NULL));
  g_assert_cmpstr (json_object_get_string_member (unnamed, "name"), !=, first);

  third = suggested_name (id);
  g_assert_cmpstr (third, !=, first);
  g_assert_cmpstr (third, !=, json_object_get_string_member (unnamed, "name"));
  backups = list_backups (id, NULL, NULL);
  g_assert_cmpuint (json_array_get_length (backups), ==, 2);
  g_assert_false (name_listed (backups, third));

  /* Within the same minute, the suffixes count up. */
  if (g_str_has_prefix (after, first))
    g_assert_cmpstr (after + strlen (first), ==, " (2)");

  {
    g_autoptr(ApiResponse) unknown = api_get (server, server->viewer_token,
                                              "/api/v1/environments/nope/backups/suggested-name");

    api_expect_error (unknown, 404, "not_found");
  }
}

static void
assert_sha256_text (const char *text)
{
  g_assert_nonnull (text);
  g_assert_cmpuint (strlen (text), ==, 64);
  for (const char *p = text; *p != '\0'; p++)
    g_assert_true (g_ascii_isxdigit (*p) && !g_ascii_isupper (*p));
}

static void
test_create (void)
{
  g_autoptr(JsonObject) env = api_create_environment (server, "Backed up", "non_production",
                                                      "2.1.0");
  const char *id = json_object_get_string_member (env, "id");
  g_autofree char *path = backups_path (id, NULL);
  g_autoptr(ApiResponse) response = NULL;
  g_autoptr(JsonObject) op = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonArray) activity = NULL;
  g_autoptr(JsonArray) backups = NULL;
  g_autofree char *backup_id = NULL;
  g_autofree char *op_id = NULL;
  JsonObject *answer, *backup, *started, *entry;

  g_assert_true (json_object_get_null_member (env, "last_backup_at"));

  response = api_json (server, server->operator_token, "POST", path,
                       "{\"name\": \"Before the upgrade\"}");
  answer = api_expect (response, 202);
  backup = json_object_get_object_member (answer, "backup");
  started = json_object_get_object_member (answer, "operation");
  g_assert_nonnull (backup);
  g_assert_nonnull (started);

  /* The row exists at once, being created. */
  backup_id = g_strdup (json_object_get_string_member (backup, "id"));
  op_id = g_strdup (json_object_get_string_member (started, "id"));
  g_assert_cmpstr (json_object_get_string_member (backup, "state"), ==, "creating");
  g_assert_cmpstr (json_object_get_string_member (backup, "name"), ==, "Before the upgrade");
  g_assert_cmpstr (json_object_get_string_member (backup, "environment_id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (backup, "creator"), ==, "olivia");
  g_assert_cmpstr (json_object_get_string_member (backup, "version"), ==, "2.1.0");
  g_assert_cmpstr (json_object_get_string_member (backup, "origin"), ==, "manual");
  g_assert_true (json_object_get_null_member (backup, "size"));
  g_assert_true (json_object_get_null_member (backup, "sha256"));
  g_assert_cmpstr (json_object_get_string_member (backup, "operation_id"), ==, op_id);
  g_assert_nonnull (json_object_get_string_member (backup, "created_at"));

  g_assert_cmpstr (json_object_get_string_member (started, "kind"), ==, "backup");
  g_assert_cmpstr (json_object_get_string_member (started, "environment_id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (started, "user"), ==, "olivia");
  g_assert_cmpstr (json_object_get_string_member (started, "backup_id"), ==, backup_id);
  g_assert_true (g_str_equal (json_object_get_string_member (started, "state"), "running") ||
                 g_str_equal (json_object_get_string_member (started, "state"), "queued"));
  g_assert_true (json_object_get_null_member (started, "finished_at"));
  g_assert_true (json_object_get_null_member (started, "error"));

  op = api_wait_operation (server, server->viewer_token, op_id);
  g_assert_cmpstr (json_object_get_string_member (op, "state"), ==, "succeeded");
  g_assert_cmpstr (json_object_get_string_member (op, "kind"), ==, "backup");
  g_assert_true (json_object_get_null_member (op, "error"));
  g_assert_nonnull (json_object_get_string_member (op, "started_at"));
  g_assert_nonnull (json_object_get_string_member (op, "finished_at"));
  g_assert_cmpfloat (json_object_get_double_member (op, "progress"), ==, 1.0);

  /* Available, with its size and SHA-256. */
  {
    g_autofree char *one = backups_path (id, NULL);
    g_autofree char *get_path = g_strdup_printf ("%s/%s", one, backup_id);
    g_autoptr(ApiResponse) got = api_get (server, server->viewer_token, get_path);
    JsonObject *done = api_expect (got, 200);

    g_assert_cmpstr (json_object_get_string_member (done, "state"), ==, "available");
    g_assert_cmpint (json_object_get_int_member (done, "size"), >, 0);
    assert_sha256_text (json_object_get_string_member (done, "sha256"));
    g_assert_cmpstr (json_object_get_string_member (done, "name"), ==, "Before the upgrade");
  }

  /* The environment knows when it was last backed up, and runs nothing. */
  after = api_get_environment (server, id);
  g_assert_nonnull (json_object_get_string_member (after, "last_backup_at"));
  g_assert_true (json_object_get_null_member (after, "operation"));
  g_assert_cmpstr (json_object_get_string_member (after, "status"), ==, "operational");

  /* The activity says who did it. */
  activity = api_activity (server, id);
  entry = json_array_get_object_element (activity, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "action"), ==, "backup_created");
  g_assert_cmpstr (json_object_get_string_member (entry, "user"), ==, "olivia");
  g_assert_cmpstr (json_object_get_string_member (entry, "outcome"), ==, "succeeded");
  g_assert_cmpstr (json_object_get_string_member (entry, "environment_id"), ==, id);
  g_assert_nonnull (strstr (json_object_get_string_member (entry, "summary"), "Before the upgrade"));

  /* The same name again is refused, saying which. */
  {
    g_autoptr(ApiResponse) taken = api_json (server, server->operator_token, "POST", path,
                                             "{\"name\": \"Before the upgrade\"}");
    JsonObject *details = api_expect_error (taken, 409, "name_taken");

    g_assert_cmpstr (json_object_get_string_member (details, "name"), ==, "Before the upgrade");
  }

  /* Bad names and bodies. */
  {
    g_autofree char *long_name = g_strnfill (101, 'x');
    g_autofree char *long_body = g_strdup_printf ("{\"name\": \"%s\"}", long_name);
    g_autoptr(ApiResponse) empty = api_json (server, server->operator_token, "POST", path,
                                             "{\"name\": \"  \"}");
    g_autoptr(ApiResponse) too_long = api_json (server, server->operator_token, "POST", path,
                                                long_body);
    g_autoptr(ApiResponse) control = api_json (server, server->operator_token, "POST", path,
                                               "{\"name\": \"a\\u001bb\"}");
    g_autoptr(ApiResponse) number = api_json (server, server->operator_token, "POST", path,
                                              "{\"name\": 42}");
    g_autoptr(ApiResponse) broken = api_json (server, server->operator_token, "POST", path,
                                              "{\"name\": ");

    api_expect_error (empty, 400, "invalid_name");
    api_expect_error (too_long, 400, "invalid_name");
    api_expect_error (control, 400, "invalid_name");
    api_expect_error (number, 400, "bad_request");
    api_expect_error (broken, 400, "bad_request");
  }

  backups = list_backups (id, NULL, NULL);
  g_assert_cmpuint (json_array_get_length (backups), ==, 1);
}

static void
test_paging (void)
{
  g_autoptr(JsonObject) env = api_create_environment (server, "Paged", "non_production", "2.2.0");
  const char *id = json_object_get_string_member (env, "id");
  g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = NULL;
  guint pages = 0, position = 0;

  for (guint i = 1; i <= 7; i++)
    {
      g_autofree char *name = g_strdup_printf ("Page backup %u", i);
      g_autoptr(JsonObject) backup = api_make_backup (server, id, name);

      g_ptr_array_add (made, g_strdup (json_object_get_string_member (backup, "id")));
    }

  /* limit=3: pages of 3, 3 and 1, newest first, each backup once. */
  do
    {
      g_autofree char *query = cursor == NULL ? g_strdup ("?limit=3")
                                              : g_strdup_printf ("?limit=3&cursor=%s", cursor);
      g_autofree char *next = NULL;
      g_autoptr(JsonArray) page = list_backups (id, query, &next);
      guint expected = pages < 2 ? 3 : 1;

      g_assert_cmpuint (json_array_get_length (page), ==, expected);
      for (guint i = 0; i < json_array_get_length (page); i++)
        {
          JsonObject *backup = json_array_get_object_element (page, i);
          const char *backup_id = json_object_get_string_member (backup, "id");

          g_assert_true (g_hash_table_add (seen, g_strdup (backup_id)));
          /* Newest first: the reverse of the order they were made in. */
          g_assert_cmpstr (backup_id, ==, g_ptr_array_index (made, 6 - position));
          position++;
        }

      pages++;
      g_free (cursor);
      cursor = g_steal_pointer (&next);
      if (pages < 3)
        g_assert_nonnull (cursor);
    }
  while (cursor != NULL && pages < 10);

  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 7);

  /* Without a limit, all of them in one page and no cursor; a limit equal to the count too. */
  {
    g_autoptr(JsonArray) all = list_backups (id, NULL, NULL);
    g_autoptr(JsonArray) exact = list_backups (id, "?limit=7", NULL);
    g_autofree char *next = NULL;
    g_autoptr(JsonArray) six = list_backups (id, "?limit=6", &next);

    g_assert_cmpuint (json_array_get_length (all), ==, 7);
    g_assert_cmpuint (json_array_get_length (exact), ==, 7);
    g_assert_cmpuint (json_array_get_length (six), ==, 6);
    g_assert_nonnull (next);
  }

  /* A page made before a new backup does not show it again later, nor skip one. */
  {
    g_autofree char *next = NULL;
    g_autoptr(JsonArray) first = list_backups (id, "?limit=4", &next);
    g_autoptr(JsonObject) newer = api_make_backup (server, id, "Page backup 8");
    g_autofree char *query = g_strdup_printf ("?limit=4&cursor=%s", next);
    g_autoptr(JsonArray) rest = list_backups (id, query, NULL);

    g_assert_cmpuint (json_array_get_length (first), ==, 4);
    g_assert_cmpuint (json_array_get_length (rest), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rest, 0), "id"),
                     ==, g_ptr_array_index (made, 2));
    g_assert_false (name_listed (rest, "Page backup 8"));
  }
}

static void
test_query (void)
{
  g_autoptr(JsonObject) env = api_create_environment (server, "Searched", "non_production", "2.1.0");
  const char *id = json_object_get_string_member (env, "id");
  const char *const names[] = { "Alpha one", "Beta", "the ALPHA two", "Gamma" };
  g_autoptr(JsonArray) alpha = NULL;
  g_autoptr(JsonArray) beta = NULL;
  g_autoptr(JsonArray) none = NULL;
  g_autoptr(JsonArray) first = NULL;
  g_autoptr(JsonArray) second = NULL;
  g_autofree char *next = NULL;
  g_autofree char *query = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(JsonObject) backup = api_make_backup (server, id, names[i]);
    }

  alpha = list_backups (id, "?q=alpha", NULL);
  g_assert_cmpuint (json_array_get_length (alpha), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (alpha, 0), "name"),
                   ==, "the ALPHA two");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (alpha, 1), "name"),
                   ==, "Alpha one");

  beta = list_backups (id, "?q=bEt", NULL);
  g_assert_cmpuint (json_array_get_length (beta), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (beta, 0), "name"),
                   ==, "Beta");

  none = list_backups (id, "?q=delta", NULL);
  g_assert_cmpuint (json_array_get_length (none), ==, 0);

  /* Search and paging together. */
  first = list_backups (id, "?q=ALPHA&limit=1", &next);
  g_assert_cmpuint (json_array_get_length (first), ==, 1);
  g_assert_nonnull (next);
  query = g_strdup_printf ("?q=ALPHA&limit=1&cursor=%s", next);
  second = list_backups (id, query, NULL);
  g_assert_cmpuint (json_array_get_length (second), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (second, 0), "name"),
                   ==, "Alpha one");

  /* Characters that mean something to SQL are plain text. */
  {
    g_autoptr(JsonArray) percent = list_backups (id, "?q=%25", NULL);
    g_autoptr(JsonArray) underscore = list_backups (id, "?q=_", NULL);

    g_assert_cmpuint (json_array_get_length (percent), ==, 0);
    g_assert_cmpuint (json_array_get_length (underscore), ==, 0);
  }
}

static void
test_bad_paging (void)
{
  g_autoptr(JsonObject) staging = api_find_environment (server, "Staging");
  const char *id = json_object_get_string_member (staging, "id");
  const char *const queries[] = {
    "?limit=0", "?limit=501", "?limit=abc", "?limit=-1", "?limit=2.5", "?limit=99999999999999999999",
    "?cursor=abc", "?cursor=-3", "?limit=3&cursor=x1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *path = backups_path (id, queries[i]);
      g_autoptr(ApiResponse) response = api_get (server, server->viewer_token, path);

      g_test_message ("GET %s", path);
      api_expect_error (response, 400, "bad_request");
    }

  /* The bounds themselves are fine. */
  {
    g_autoptr(JsonArray) one = list_backups (id, "?limit=1", NULL);
    g_autoptr(JsonArray) max = list_backups (id, "?limit=500", NULL);

    g_assert_cmpuint (json_array_get_length (one), ==, 1);
    g_assert_cmpuint (json_array_get_length (max), ==, 1);
  }
}

static void
test_download (void)
{
  g_autoptr(JsonObject) staging = api_find_environment (server, "Staging");
  const char *id = json_object_get_string_member (staging, "id");
  g_autoptr(JsonObject) backup = api_make_backup (server, id, "To download");
  g_autofree char *base = backups_path (id, NULL);
  g_autofree char *content_path = g_strdup_printf ("%s/%s/content", base,
                                                   json_object_get_string_member (backup, "id"));
  g_autoptr(ApiResponse) content = api_get (server, server->viewer_token, content_path);
  g_autofree char *body_sha256 = NULL;
  g_autofree char *current_sha256 = NULL;
  g_autoptr(EocConfiguration) downloaded = NULL;
  g_autoptr(EocConfiguration) current = NULL;
  const char *disposition;

  g_assert_cmpuint (content->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (content->headers, NULL), ==,
                   "application/zip");
  disposition = api_header (content, "Content-Disposition");
  g_assert_nonnull (disposition);
  g_assert_true (g_str_has_prefix (disposition, "attachment"));
  g_assert_nonnull (strstr (disposition, ".zip"));

  body_sha256 = api_sha256 (content->body);
  g_assert_cmpstr (api_header (content, "X-Content-SHA256"), ==,
                   json_object_get_string_member (backup, "sha256"));
  g_assert_cmpstr (body_sha256, ==, json_object_get_string_member (backup, "sha256"));
  g_assert_cmpint ((gint64) g_bytes_get_size (content->body), ==,
                   json_object_get_int_member (backup, "size"));

  /* A configuration file of the environment's version, with its settings and files. */
  downloaded = api_read_configuration (content->body);
  current = api_download_configuration (server, id, &current_sha256);
  g_assert_cmpstr (downloaded->environment_version, ==, "2.1.0");
  g_assert_true (json_node_equal (downloaded->settings, current->settings));
  g_assert_cmpuint (downloaded->files->len, ==, current->files->len);
  for (guint i = 0; i < current->files->len; i++)
    {
      EocConfigurationFile *a = g_ptr_array_index (downloaded->files, i);
      EocConfigurationFile *b = g_ptr_array_index (current->files, i);

      g_assert_cmpstr (a->path, ==, b->path);
      g_assert_cmpstr (a->sha256, ==, b->sha256);
    }

  /* The same bytes every time. */
  {
    g_autoptr(ApiResponse) again = api_get (server, server->admin_token, content_path);

    g_assert_cmpuint (again->status, ==, 200);
    g_assert_true (g_bytes_equal (again->body, content->body));
  }
}

static void
test_delete (void)
{
  g_autoptr(JsonObject) env = api_create_environment (server, "Pruned", "non_production", "2.1.0");
  const char *id = json_object_get_string_member (env, "id");
  g_autoptr(JsonObject) keep = api_make_backup (server, id, "Keep me");
  g_autoptr(JsonObject) drop = api_make_backup (server, id, "Drop me");
  g_autofree char *base = backups_path (id, NULL);
  g_autofree char *drop_path = g_strdup_printf ("%s/%s", base,
                                                json_object_get_string_member (drop, "id"));
  g_autofree char *content_path = g_strconcat (drop_path, "/content", NULL);
  g_autofree char *changes_path = g_strconcat (drop_path, "/changes", NULL);
  g_autofree char *backups_dir = g_build_filename (server->data_dir, "backups", NULL);
  g_autoptr(ApiResponse) viewer = NULL;
  g_autoptr(ApiResponse) removed = NULL;
  g_autoptr(ApiResponse) get = NULL;
  g_autoptr(ApiResponse) content = NULL;
  g_autoptr(ApiResponse) changes = NULL;
  g_autoptr(ApiResponse) again = NULL;
  g_autoptr(JsonArray) backups = NULL;
  g_autoptr(JsonArray) activity = NULL;
  JsonObject *details, *entry;
  guint files_before = api_count_files (backups_dir);

  /* Viewers may look, not delete. */
  viewer = api_request (server, server->viewer_token, "DELETE", drop_path, NULL, NULL);
  details = api_expect_error (viewer, 403, "forbidden");
  g_assert_cmpstr (json_object_get_string_member (details, "required_role"), ==, "operator");

  removed = api_request (server, server->operator_token, "DELETE", drop_path, NULL, NULL);
  g_assert_cmpuint (removed->status, ==, 204);
  g_assert_cmpuint (g_bytes_get_size (removed->body), ==, 0);

  get = api_get (server, server->viewer_token, drop_path);
  api_expect_error (get, 404, "not_found");
  content = api_get (server, server->viewer_token, content_path);
  api_expect_error (content, 404, "not_found");
  changes = api_get (server, server->viewer_token, changes_path);
  api_expect_error (changes, 404, "not_found");
  again = api_request (server, server->operator_token, "DELETE", drop_path, NULL, NULL);
  api_expect_error (again, 404, "not_found");

  backups = list_backups (id, NULL, NULL);
  g_assert_cmpuint (json_array_get_length (backups), ==, 1);
  g_assert_true (name_listed (backups, "Keep me"));
  /* Its file is gone too. */
  g_assert_cmpuint (api_count_files (backups_dir), ==, files_before - 1);

  activity = api_activity (server, id);
  entry = json_array_get_object_element (activity, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "action"), ==, "backup_deleted");
  g_assert_cmpstr (json_object_get_string_member (entry, "user"), ==, "olivia");
  g_assert_cmpstr (json_object_get_string_member (entry, "outcome"), ==, "succeeded");
  g_assert_nonnull (strstr (json_object_get_string_member (entry, "summary"), "Drop me"));

  /* A backup of another environment cannot be reached through this one. */
  {
    g_autoptr(JsonObject) staging = api_find_environment (server, "Staging");
    g_autofree char *other = g_strdup_printf ("/api/v1/environments/%s/backups/%s",
                                              json_object_get_string_member (staging, "id"),
                                              json_object_get_string_member (keep, "id"));
    g_autoptr(ApiResponse) cross = api_request (server, server->operator_token, "DELETE", other,
                                                NULL, NULL);
    g_autoptr(ApiResponse) still = NULL;
    g_autofree char *keep_path = g_strdup_printf ("%s/%s", base,
                                                  json_object_get_string_member (keep, "id"));

    api_expect_error (cross, 404, "not_found");
    still = api_get (server, server->viewer_token, keep_path);
    api_expect (still, 200);
  }
}

static void
test_viewer_cannot_create (void)
{
  g_autoptr(JsonObject) staging = api_find_environment (server, "Staging");
  g_autofree char *path = backups_path (json_object_get_string_member (staging, "id"), NULL);
  g_autoptr(JsonArray) before = list_backups (json_object_get_string_member (staging, "id"), NULL,
                                              NULL);
  g_autoptr(JsonArray) after = NULL;
  g_autoptr(ApiResponse) response = api_json (server, server->viewer_token, "POST", path,
                                              "{\"name\": \"Viewer backup\"}");
  JsonObject *details = api_expect_error (response, 403, "forbidden");

  g_assert_cmpstr (json_object_get_string_member (details, "required_role"), ==, "operator");
  after = list_backups (json_object_get_string_member (staging, "id"), NULL, NULL);
  g_assert_cmpuint (json_array_get_length (after), ==, json_array_get_length (before));
}

/* One operation at a time per environment: with --apply-delay 2 a backup takes 2 s. */
static void
test_operation_in_progress (void)
{
  const char *const args[] = { "--demo", "--apply-delay", "2", NULL };
  g_autoptr(EocTestServer) slow = eoc_test_server_new (args);
  g_autoptr(JsonObject) staging = api_find_environment (slow, "Staging");
  g_autoptr(JsonObject) qa = api_find_environment (slow, "QA");
  const char *id = json_object_get_string_member (staging, "id");
  g_autofree char *path = backups_path (id, NULL);
  g_autoptr(ApiResponse) first = NULL;
  g_autoptr(JsonObject) op = NULL;
  g_autoptr(JsonObject) env = NULL;
  g_autofree char *op_id = NULL;
  g_autofree char *backup_path = NULL;
  g_autofree char *initial_id = NULL;
  JsonObject *answer, *details;

  {
    g_autoptr(ApiResponse) list = api_get (slow, slow->viewer_token, path);
    JsonArray *backups = json_object_get_array_member (api_expect (list, 200), "backups");

    initial_id = g_strdup (json_object_get_string_member (json_array_get_object_element (backups, 0),
                                                          "id"));
  }

  first = api_json (slow, slow->operator_token, "POST", path, "{\"name\": \"Slow one\"}");
  answer = api_expect (first, 202);
  op_id = g_strdup (json_object_get_string_member (json_object_get_object_member (answer,
                                                                                  "operation"),
                                                   "id"));
  backup_path = g_strdup_printf ("%s/%s", path,
                                 json_object_get_string_member (json_object_get_object_member (
                                                                  answer, "backup"), "id"));

  /* The environment shows what it is doing. */
  env = api_get_environment (slow, id);
  g_assert_false (json_object_get_null_member (env, "operation"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (env, "operation"),
                                                  "id"), ==, op_id);

  /* Anything else on this environment waits its turn. */
  {
    g_autofree char *restore = g_strdup_printf ("%s/%s/restore", path, initial_id);
    g_autofree char *update = g_strdup_printf ("/api/v1/environments/%s/update", id);
    g_autofree char *stop = g_strdup_printf ("/api/v1/environments/%s/stop", id);
    struct {
      const char *path;
      const char *body;
    } cases[] = {
      { path, "{\"name\": \"Second one\"}" },
      { path, NULL },
      { restore, "{}" },
      { update, "{\"version\": \"3.0.0\"}" },
      { stop, NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(ApiResponse) refused = api_json (slow, slow->operator_token, "POST",
                                                   cases[i].path, cases[i].body);

        g_test_message ("POST %s", cases[i].path);
        details = api_expect_error (refused, 409, "operation_in_progress");
        g_assert_cmpstr (json_object_get_string_member (details, "operation_id"), ==, op_id);
        g_assert_cmpstr (json_object_get_string_member (details, "kind"), ==, "backup");
      }
  }

  /* The backup being made cannot be downloaded, compared, restored or deleted yet. */
  {
    g_autofree char *content = g_strconcat (backup_path, "/content", NULL);
    g_autofree char *changes = g_strconcat (backup_path, "/changes", NULL);
    g_autoptr(ApiResponse) get = api_get (slow, slow->viewer_token, backup_path);
    g_autoptr(ApiResponse) download = api_get (slow, slow->viewer_token, content);
    g_autoptr(ApiResponse) diff = api_get (slow, slow->viewer_token, changes);
    g_autoptr(ApiResponse) removed = api_request (slow, slow->operator_token, "DELETE",
                                                  backup_path, NULL, NULL);

    g_assert_cmpstr (json_object_get_string_member (api_expect (get, 200), "state"), ==,
                     "creating");
    api_expect_error (download, 409, "invalid_state");
    api_expect_error (diff, 409, "invalid_state");
    api_expect_error (removed, 409, "invalid_state");
  }

  /* Other environments are not held up. */
  {
    g_autofree char *qa_path = backups_path (json_object_get_string_member (qa, "id"), NULL);
    g_autoptr(ApiResponse) other = api_json (slow, slow->operator_token, "POST", qa_path, "{}");
    g_autoptr(JsonObject) other_op = NULL;

    answer = api_expect (other, 202);
    other_op = api_wait_operation (slow, slow->viewer_token,
                                   json_object_get_string_member (
                                     json_object_get_object_member (answer, "operation"), "id"));
    g_assert_cmpstr (json_object_get_string_member (other_op, "state"), ==, "succeeded");
  }

  op = api_wait_operation (slow, slow->viewer_token, op_id);
  g_assert_cmpstr (json_object_get_string_member (op, "state"), ==, "succeeded");

  /* Then the next one may start. */
  {
    g_autoptr(ApiResponse) next = api_json (slow, slow->operator_token, "POST", path,
                                            "{\"name\": \"Second one\"}");
    g_autoptr(JsonObject) next_op = NULL;
    g_autoptr(ApiResponse) get = api_get (slow, slow->viewer_token, backup_path);

    answer = api_expect (next, 202);
    g_assert_cmpstr (json_object_get_string_member (api_expect (get, 200), "state"), ==,
                     "available");
    next_op = api_wait_operation (slow, slow->viewer_token,
                                  json_object_get_string_member (
                                    json_object_get_object_member (answer, "operation"), "id"));
    g_assert_cmpstr (json_object_get_string_member (next_op, "state"), ==, "succeeded");
  }
}

int
main (int   argc,
      char *argv[])
{
  const char *const args[] = { "--demo", NULL };
  int status;

  g_test_init (&argc, &argv, NULL);

  server = eoc_test_server_new (args);

  g_test_add_func ("/api/backups/suggested-name", test_suggested_name);
  g_test_add_func ("/api/backups/create", test_create);
  g_test_add_func ("/api/backups/paging", test_paging);
  g_test_add_func ("/api/backups/query", test_query);
  g_test_add_func ("/api/backups/bad-paging", test_bad_paging);
  g_test_add_func ("/api/backups/download", test_download);
  g_test_add_func ("/api/backups/delete", test_delete);
  g_test_add_func ("/api/backups/viewer-cannot-create", test_viewer_cannot_create);
  g_test_add_func ("/api/backups/operation-in-progress", test_operation_in_progress);

  status = g_test_run ();

  eoc_test_server_free (server);
  return status;
}
