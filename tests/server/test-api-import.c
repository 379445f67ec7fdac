/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The service's API: uploading configuration files (valid, invalid, of the
 * wrong version, too large, cut short), their changes, discarding them, and
 * importing them.
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "test-api-utils.h"

/* A service with the sample environments, where everything is instant. */
static EocTestServer *server;
static char *staging_id;     /* version 2.1.0 */

static const char *const sample_files[] = {
  "certificates/ca.pem", "-----BEGIN CERTIFICATE-----\nimported\n-----END CERTIFICATE-----\n",
  "notes/README.txt", "Imported by a test\n",
  NULL,
};

static const char *imported_settings =
  "{\"database\": {\"host\": \"db.imported.internal\", \"port\": 6432, \"tls\": false},"
  " \"features\": {\"audit_log\": true}, \"integrations\": [\"smtp\"], \"region\": \"us-east-1\"}";

static char *
uploads_dir (EocTestServer *which)
{
  return g_build_filename (which->data_dir, "uploads", NULL);
}

static char *
tmp_dir (EocTestServer *which)
{
  return g_build_filename (which->data_dir, "tmp", NULL);
}

static char *
upload_path (const char *upload_id,
             const char *rest)
{
  return g_strdup_printf ("/api/v1/environments/%s/uploads/%s%s", staging_id, upload_id,
                          rest != NULL ? rest : "");
}

static JsonObject *
upload_ok (GBytes     *bytes,
           const char *filename)
{
  g_autoptr(ApiResponse) response = api_upload (server, server->operator_token, staging_id,
                                                filename, bytes);

  return json_object_ref (api_expect (response, 201));
}

static JsonObject *
changes_of_upload (const char *upload_id)
{
  g_autofree char *path = upload_path (upload_id, "/changes");
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

  g_assert_cmpint (json_object_get_int_member (summary, "added"), ==, added);
  g_assert_cmpint (json_object_get_int_member (summary, "removed"), ==, removed);
  g_assert_cmpint (json_object_get_int_member (summary, "changed"), ==, changed);
}

static void
test_upload (void)
{
  g_autoptr(GBytes) bytes = api_make_configuration ("2.1.0", imported_settings, sample_files);
  g_autofree char *sha256 = api_sha256 (bytes);
  g_autoptr(JsonObject) upload = upload_ok (bytes, "new settings.zip");
  g_autofree char *path = upload_path (json_object_get_string_member (upload, "id"), NULL);
  g_autoptr(ApiResponse) got = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GDateTime) expires = NULL;
  JsonObject *again;

  g_assert_nonnull (json_object_get_string_member (upload, "id"));
  g_assert_cmpstr (json_object_get_string_member (upload, "environment_id"), ==, staging_id);
  g_assert_cmpstr (json_object_get_string_member (upload, "filename"), ==, "new settings.zip");
  g_assert_cmpint (json_object_get_int_member (upload, "size"), ==,
                   (gint64) g_bytes_get_size (bytes));
  g_assert_cmpstr (json_object_get_string_member (upload, "sha256"), ==, sha256);
  g_assert_cmpstr (json_object_get_string_member (upload, "version"), ==, "2.1.0");
  created = g_date_time_new_from_iso8601 (json_object_get_string_member (upload, "created_at"),
                                          NULL);
  expires = g_date_time_new_from_iso8601 (json_object_get_string_member (upload, "expires_at"),
                                          NULL);
  g_assert_nonnull (created);
  g_assert_nonnull (expires);
  /* Kept for the upload TTL (an hour by default). */
  g_assert_cmpint (g_date_time_difference (expires, created) / G_TIME_SPAN_SECOND, >=, 3590);
  g_assert_cmpint (g_date_time_difference (expires, created) / G_TIME_SPAN_SECOND, <=, 3610);

  /* Anyone may look at it. */
  got = api_get (server, server->viewer_token, path);
  again = api_expect (got, 200);
  g_assert_cmpstr (json_object_get_string_member (again, "id"), ==,
                   json_object_get_string_member (upload, "id"));
  g_assert_cmpstr (json_object_get_string_member (again, "sha256"), ==, sha256);

  /* Viewers may not upload. */
  {
    g_autoptr(ApiResponse) viewer = api_upload (server, server->viewer_token, staging_id, "v.zip",
                                                bytes);
    JsonObject *details = api_expect_error (viewer, 403, "forbidden");

    g_assert_cmpstr (json_object_get_string_member (details, "required_role"), ==, "operator");
  }

  /* Uploading to an environment that does not exist. */
  {
    g_autoptr(ApiResponse) nowhere = api_upload (server, server->operator_token, "no-such-env",
                                                 "x.zip", bytes);

    api_expect_error (nowhere, 404, "not_found");
  }

  /* An empty body is not a file. */
  {
    g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
    g_autoptr(ApiResponse) response = api_upload (server, server->operator_token, staging_id,
                                                  "empty.zip", empty);

    api_expect_error (response, 400, "bad_request");
  }
}

static GBytes *
manifest_zip (const char *manifest)
{
  const char *const entries[] = { "manifest.json", manifest, "files/a.txt", "a\n", NULL };

  return api_make_zip (entries);
}

static void
test_invalid (void)
{
  g_autofree char *uploads = uploads_dir (server);
  g_autofree char *tmp = tmp_dir (server);
  guint uploads_before = api_count_files (uploads);
  g_autoptr(GBytes) valid = api_make_configuration ("2.1.0", "{\"a\": 1}", sample_files);
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  const char *good_manifest =
    "{\"format\": \"env-ops-center-configuration\", \"format_version\": 1, "
    "\"environment_version\": \"2.1.0\", \"settings\": {}}";
  GString *deep = g_string_new ("{\"format\": \"env-ops-center-configuration\", "
                                "\"format_version\": 1, \"environment_version\": \"2.1.0\", "
                                "\"settings\": ");

  for (guint i = 0; i < 200; i++)
    g_string_append (deep, "{\"a\": ");
  g_string_append (deep, "1");
  for (guint i = 0; i < 200; i++)
    g_string_append_c (deep, '}');
  g_string_append_c (deep, '}');

  /* Not a ZIP archive at all. */
  g_ptr_array_add (cases, g_bytes_new_static ("This is not a ZIP archive, just some text.\n", 43));
  /* Half of a valid one. */
  g_ptr_array_add (cases, g_bytes_new_from_bytes (valid, 0, g_bytes_get_size (valid) / 2));
  /* No manifest. */
  {
    const char *const entries[] = { "files/a.txt", "a\n", NULL };
    g_ptr_array_add (cases, api_make_zip (entries));
  }
  /* The manifest is not JSON, or not what it should be. */
  g_ptr_array_add (cases, manifest_zip ("{not json"));
  g_ptr_array_add (cases, manifest_zip ("[1, 2]"));
  g_ptr_array_add (cases, manifest_zip ("{\"format\": \"something-else\", \"format_version\": 1, "
                                        "\"environment_version\": \"2.1.0\", \"settings\": {}}"));
  g_ptr_array_add (cases, manifest_zip ("{\"format\": \"env-ops-center-configuration\", "
                                        "\"format_version\": 2, "
                                        "\"environment_version\": \"2.1.0\", \"settings\": {}}"));
  g_ptr_array_add (cases, manifest_zip ("{\"format\": \"env-ops-center-configuration\", "
                                        "\"format_version\": 1, \"settings\": {}}"));
  g_ptr_array_add (cases, manifest_zip ("{\"format\": \"env-ops-center-configuration\", "
                                        "\"format_version\": 1, "
                                        "\"environment_version\": \"2.1.0\", \"settings\": [1]}"));
  g_ptr_array_add (cases, manifest_zip (deep->str));
  g_string_free (deep, TRUE);
  /* Entries where they may not be. */
  {
    const char *const outside[] = { "manifest.json", good_manifest, "other/x.txt", "x", NULL };
    const char *const dotdot[] = { "manifest.json", good_manifest, "files/../../evil", "x", NULL };
    const char *const absolute[] = { "manifest.json", good_manifest, "/etc/evil", "x", NULL };
    const char *const duplicate[] = {
      "manifest.json", good_manifest, "files/a.txt", "1", "files/a.txt", "2", NULL
    };
    const char *const two_manifests[] = {
      "manifest.json", good_manifest, "manifest.json", good_manifest, NULL
    };

    g_ptr_array_add (cases, api_make_zip (outside));
    g_ptr_array_add (cases, api_make_zip (dotdot));
    g_ptr_array_add (cases, api_make_zip (absolute));
    g_ptr_array_add (cases, api_make_zip (duplicate));
    g_ptr_array_add (cases, api_make_zip (two_manifests));
  }

  /* The well-formed manifest alone is fine, first or last in the archive: the
   * cases above fail for their own reason. */
  {
    const char *const last[] = { "files/a.txt", "a\n", "manifest.json", good_manifest, NULL };
    g_autoptr(GBytes) first_zip = manifest_zip (good_manifest);
    g_autoptr(GBytes) last_zip = api_make_zip (last);
    GBytes *fine[] = { first_zip, last_zip };

    for (guint i = 0; i < G_N_ELEMENTS (fine); i++)
      {
        g_autoptr(JsonObject) accepted = upload_ok (fine[i], "fine.zip");
        g_autofree char *path = upload_path (json_object_get_string_member (accepted, "id"), NULL);
        g_autoptr(ApiResponse) removed = api_request (server, server->operator_token, "DELETE",
                                                      path, NULL, NULL);

        g_assert_cmpuint (removed->status, ==, 204);
      }
  }

  for (guint i = 0; i < cases->len; i++)
    {
      g_autoptr(ApiResponse) response = api_upload (server, server->operator_token, staging_id,
                                                    "bad.zip", g_ptr_array_index (cases, i));
      JsonObject *details;
      const char *reason;

      g_test_message ("Invalid case %u", i);
      details = api_expect_error (response, 400, "invalid_configuration");
      reason = json_object_get_string_member (details, "reason");
      g_assert_nonnull (reason);
      g_assert_cmpuint (strlen (reason), >, 0);
      g_test_message ("  reason: %s", reason);
    }

  /* Nothing of them was kept. */
  g_assert_cmpuint (api_count_files (uploads), ==, uploads_before);
  g_assert_cmpuint (api_count_files (tmp), ==, 0);
}

static void
test_version_mismatch (void)
{
  g_autoptr(GBytes) older = api_make_configuration ("2.0.0", "{}", NULL);
  g_autoptr(GBytes) unknown = api_make_configuration ("7.7.7", "{}", NULL);
  g_autoptr(ApiResponse) response = api_upload (server, server->operator_token, staging_id,
                                                "older.zip", older);
  g_autoptr(ApiResponse) unknown_response = NULL;
  g_autofree char *uploads = uploads_dir (server);
  guint uploads_before = api_count_files (uploads);
  JsonObject *details = api_expect_error (response, 409, "version_mismatch");

  g_assert_cmpstr (json_object_get_string_member (details, "environment_version"), ==, "2.1.0");
  g_assert_cmpstr (json_object_get_string_member (details, "configuration_version"), ==, "2.0.0");

  unknown_response = api_upload (server, server->operator_token, staging_id, "unknown.zip", unknown);
  details = api_expect_error (unknown_response, 409, "version_mismatch");
  g_assert_cmpstr (json_object_get_string_member (details, "configuration_version"), ==, "7.7.7");

  g_assert_cmpuint (api_count_files (uploads), ==, uploads_before);
}

static ApiResponse *
upload_with_expect (EocTestServer *which,
                    GBytes        *bytes)
{
  g_autofree char *url = g_strdup_printf ("%s/api/v1/environments/%s/uploads?filename=big.zip",
                                          which->url, staging_id);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autofree char *bearer = g_strconcat ("Bearer ", which->operator_token, NULL);
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  ApiResponse *response;
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  soup_message_headers_replace (headers, "Authorization", bearer);
  soup_message_headers_set_expectations (headers, SOUP_EXPECTATION_CONTINUE);
  soup_message_set_request_body_from_bytes (msg, "application/zip", bytes);
  in = soup_session_send (api_session (), msg, NULL, &error);
  g_assert_no_error (error);
  out = g_memory_output_stream_new_resizable ();
  g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                                   G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);

  response = g_new0 (ApiResponse, 1);
  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  response->body = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  if (g_strcmp0 (soup_message_headers_get_content_type (response->headers, NULL),
                 "application/json") == 0)
    response->json = api_parse (g_bytes_get_data (response->body, NULL));
  return response;
}

static void
test_too_large (void)
{
  const char *const args[] = { "--demo", "--max-upload-size", "100000", NULL };
  g_autoptr(EocTestServer) small = eoc_test_server_new (args);
  g_autoptr(JsonObject) staging = api_find_environment (small, "Staging");
  g_autofree char *big_text = g_malloc (150000);
  g_autoptr(GBytes) big = NULL;
  g_autoptr(GBytes) fits = api_make_configuration ("2.1.0", "{\"a\": 1}", NULL);
  g_autoptr(ApiResponse) refused = NULL;
  g_autoptr(ApiResponse) refused_early = NULL;
  g_autoptr(ApiResponse) accepted = NULL;
  g_autofree char *uploads = uploads_dir (small);
  g_autofree char *tmp = tmp_dir (small);
  JsonObject *details;

  g_free (staging_id);
  staging_id = g_strdup (json_object_get_string_member (staging, "id"));

  for (guint i = 0; i < 150000; i++)
    big_text[i] = (char) g_random_int_range (0, 256);
  big = g_bytes_new_take (g_steal_pointer (&big_text), 150000);

  refused = api_upload (small, small->operator_token, staging_id, "big.zip", big);
  details = api_expect_error (refused, 413, "too_large");
  g_assert_cmpint (json_object_get_int_member (details, "limit"), ==, 100000);

  /* A client that waits for "100 Continue" hears the answer before sending the body. */
  refused_early = upload_with_expect (small, big);
  details = api_expect_error (refused_early, 413, "too_large");
  g_assert_cmpint (json_object_get_int_member (details, "limit"), ==, 100000);

  g_assert_cmpuint (api_count_files (uploads), ==, 0);
  g_assert_cmpuint (api_count_files (tmp), ==, 0);

  /* What fits is taken, from the same connection. */
  g_assert_cmpuint (g_bytes_get_size (fits), <, 100000);
  accepted = api_upload (small, small->operator_token, staging_id, "fits.zip", fits);
  api_expect (accepted, 201);
  g_assert_cmpuint (api_count_files (uploads), ==, 1);

  /* Back to the shared service. */
  {
    g_autoptr(JsonObject) shared = api_find_environment (server, "Staging");

    g_free (staging_id);
    staging_id = g_strdup (json_object_get_string_member (shared, "id"));
  }
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

static void
test_upload_changes (void)
{
  g_autoptr(EocConfiguration) current = api_download_configuration (server, staging_id, NULL);
  g_autoptr(JsonNode) copy = api_deep_copy (current->settings);
  g_autofree char *settings = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonObject) upload = NULL;
  g_autoptr(JsonObject) changes = NULL;
  g_autoptr(EocConfiguration) after = NULL;
  JsonArray *setting_changes, *file_changes;
  JsonObject *change;
  JsonObject *database = json_object_get_object_member (json_node_get_object (copy), "database");
  gint64 old_port = json_object_get_int_member (database, "port");

  json_object_set_int_member (database, "port", old_port + 1);
  json_object_set_string_member (json_node_get_object (copy), "owner", "platform team");
  settings = json_to_string (copy, FALSE);
  /* No files: all of the current ones would go. */
  bytes = api_make_configuration ("2.1.0", settings, NULL);
  upload = upload_ok (bytes, "port.zip");
  changes = changes_of_upload (json_object_get_string_member (upload, "id"));

  setting_changes = json_object_get_array_member (changes, "settings");
  g_assert_cmpuint (json_array_get_length (setting_changes), ==, 2);
  change = find_change (setting_changes, "/database/port");
  g_assert_cmpstr (json_object_get_string_member (change, "change"), ==, "changed");
  g_assert_cmpint (json_object_get_int_member (change, "old"), ==, old_port);
  g_assert_cmpint (json_object_get_int_member (change, "new"), ==, old_port + 1);
  change = find_change (setting_changes, "/owner");
  g_assert_cmpstr (json_object_get_string_member (change, "change"), ==, "added");
  g_assert_cmpstr (json_object_get_string_member (change, "new"), ==, "platform team");
  g_assert_false (json_object_has_member (change, "old"));

  file_changes = json_object_get_array_member (changes, "files");
  g_assert_cmpuint (json_array_get_length (file_changes), ==, current->files->len);
  for (guint i = 0; i < json_array_get_length (file_changes); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (file_changes, i),
                                                    "change"), ==, "removed");

  assert_summary (changes, 1, current->files->len, 1);

  /* Looking changed nothing. */
  after = api_download_configuration (server, staging_id, NULL);
  g_assert_true (json_node_equal (after->settings, current->settings));

  {
    g_autofree char *unknown = upload_path ("no-such-upload", "/changes");
    g_autoptr(ApiResponse) response = api_get (server, server->viewer_token, unknown);

    api_expect_error (response, 404, "not_found");
  }
}

static void
test_delete_upload (void)
{
  g_autoptr(GBytes) bytes = api_make_configuration ("2.1.0", "{\"b\": 2}", NULL);
  g_autoptr(JsonObject) upload = upload_ok (bytes, "discard.zip");
  const char *id = json_object_get_string_member (upload, "id");
  g_autofree char *path = upload_path (id, NULL);
  g_autofree char *changes = upload_path (id, "/changes");
  g_autofree char *uploads = uploads_dir (server);
  g_autofree char *import = g_strdup_printf ("/api/v1/environments/%s/import", staging_id);
  g_autofree char *import_body = g_strdup_printf ("{\"upload_id\": \"%s\"}", id);
  g_autoptr(ApiResponse) viewer = NULL;
  g_autoptr(ApiResponse) removed = NULL;
  g_autoptr(ApiResponse) get = NULL;
  g_autoptr(ApiResponse) diff = NULL;
  g_autoptr(ApiResponse) again = NULL;
  g_autoptr(ApiResponse) imported = NULL;
  guint files_before = api_count_files (uploads);
  JsonObject *details;

  viewer = api_request (server, server->viewer_token, "DELETE", path, NULL, NULL);
  details = api_expect_error (viewer, 403, "forbidden");
  g_assert_cmpstr (json_object_get_string_member (details, "required_role"), ==, "operator");

  removed = api_request (server, server->operator_token, "DELETE", path, NULL, NULL);
  g_assert_cmpuint (removed->status, ==, 204);
  g_assert_cmpuint (g_bytes_get_size (removed->body), ==, 0);
  g_assert_cmpuint (api_count_files (uploads), ==, files_before - 1);

  get = api_get (server, server->viewer_token, path);
  api_expect_error (get, 404, "not_found");
  diff = api_get (server, server->viewer_token, changes);
  api_expect_error (diff, 404, "not_found");
  again = api_request (server, server->operator_token, "DELETE", path, NULL, NULL);
  api_expect_error (again, 404, "not_found");
  imported = api_json (server, server->operator_token, "POST", import, import_body);
  api_expect_error (imported, 404, "not_found");
}

static void
test_import (void)
{
  g_autoptr(GBytes) bytes = api_make_configuration ("2.1.0", imported_settings, sample_files);
  g_autoptr(JsonObject) upload = upload_ok (bytes, "imported.zip");
  g_autoptr(JsonObject) before = changes_of_upload (json_object_get_string_member (upload, "id"));
  g_autofree char *import = g_strdup_printf ("/api/v1/environments/%s/import", staging_id);
  g_autofree char *body = g_strdup_printf ("{\"upload_id\": \"%s\"}",
                                           json_object_get_string_member (upload, "id"));
  g_autoptr(ApiResponse) started = NULL;
  g_autoptr(JsonObject) op = NULL;
  g_autoptr(JsonObject) env = NULL;
  g_autoptr(JsonArray) activity = NULL;
  g_autoptr(EocConfiguration) now = NULL;
  g_autoptr(EocConfiguration) expected = api_read_configuration (bytes);
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autofree char *list_path = g_strdup_printf ("/api/v1/environments/%s/backups?limit=500",
                                                staging_id);
  JsonObject *answer, *entry;
  guint backups_before;

  /* It would change something. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (before, "settings")), >, 0);

  /* Who may, and what the body must be. */
  {
    g_autoptr(ApiResponse) viewer = api_json (server, server->viewer_token, "POST", import, body);
    g_autoptr(ApiResponse) missing = api_json (server, server->operator_token, "POST", import, "{}");
    g_autoptr(ApiResponse) wrong = api_json (server, server->operator_token, "POST", import,
                                             "{\"upload_id\": 12}");
    g_autoptr(ApiResponse) unknown = api_json (server, server->operator_token, "POST", import,
                                               "{\"upload_id\": \"no-such-upload\"}");
    JsonObject *details = api_expect_error (viewer, 403, "forbidden");

    g_assert_cmpstr (json_object_get_string_member (details, "required_role"), ==, "operator");
    api_expect_error (missing, 400, "bad_request");
    api_expect_error (wrong, 400, "bad_request");
    api_expect_error (unknown, 404, "not_found");
  }

  {
    g_autoptr(ApiResponse) list = api_get (server, server->viewer_token, list_path);

    backups_before = json_array_get_length (json_object_get_array_member (api_expect (list, 200),
                                                                          "backups"));
  }

  started = api_json (server, server->operator_token, "POST", import, body);
  answer = api_expect (started, 202);
  g_assert_cmpstr (json_object_get_string_member (answer, "kind"), ==, "import");
  g_assert_cmpstr (json_object_get_string_member (answer, "user"), ==, "olivia");
  g_assert_cmpstr (json_object_get_string_member (answer, "environment_id"), ==, staging_id);
  op = api_wait_operation (server, server->viewer_token,
                           json_object_get_string_member (answer, "id"));
  g_assert_cmpstr (json_object_get_string_member (op, "state"), ==, "succeeded");
  g_assert_true (json_object_get_null_member (op, "error"));

  env = api_get_environment (server, staging_id);
  g_assert_cmpstr (json_object_get_string_member (env, "status"), ==, "operational");
  g_assert_true (json_object_get_null_member (env, "operation"));

  /* The environment's configuration is the file's. */
  now = api_download_configuration (server, staging_id, NULL);
  g_assert_true (json_node_equal (now->settings, expected->settings));
  g_assert_cmpuint (now->files->len, ==, 2);
  for (guint i = 0; i < now->files->len; i++)
    g_assert_cmpstr (((EocConfigurationFile *) g_ptr_array_index (now->files, i))->sha256, ==,
                     ((EocConfigurationFile *) g_ptr_array_index (expected->files, i))->sha256);

  /* The same file again would change nothing. */
  again = upload_ok (bytes, "imported again.zip");
  after = changes_of_upload (json_object_get_string_member (again, "id"));
  assert_summary (after, 0, 0, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (after, "settings")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (after, "files")), ==, 0);

  activity = api_activity (server, staging_id);
  entry = json_array_get_object_element (activity, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "action"), ==, "configuration_imported");
  g_assert_cmpstr (json_object_get_string_member (entry, "user"), ==, "olivia");
  g_assert_cmpstr (json_object_get_string_member (entry, "outcome"), ==, "succeeded");
  g_assert_nonnull (strstr (json_object_get_string_member (entry, "summary"), "imported.zip"));

  /* No safety backup unless asked; with one, a backup more. */
  {
    g_autoptr(ApiResponse) list = api_get (server, server->viewer_token, list_path);
    g_autoptr(GBytes) other = api_make_configuration ("2.1.0", "{\"c\": 3}", NULL);
    g_autoptr(JsonObject) second = upload_ok (other, "second.zip");
    g_autofree char *safety_body = g_strdup_printf ("{\"upload_id\": \"%s\", \"safety_backup\": true}",
                                                    json_object_get_string_member (second, "id"));
    g_autoptr(ApiResponse) second_started = NULL;
    g_autoptr(JsonObject) second_op = NULL;
    g_autoptr(ApiResponse) list_after = NULL;
    g_autoptr(EocConfiguration) last = NULL;

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (api_expect (list, 200),
                                                                           "backups")), ==,
                      backups_before);

    second_started = api_json (server, server->operator_token, "POST", import, safety_body);
    second_op = api_wait_operation (server, server->viewer_token,
                                    json_object_get_string_member (api_expect (second_started, 202),
                                                                   "id"));
    g_assert_cmpstr (json_object_get_string_member (second_op, "state"), ==, "succeeded");
    list_after = api_get (server, server->viewer_token, list_path);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                        api_expect (list_after, 200), "backups")), ==, backups_before + 1);
    last = api_download_configuration (server, staging_id, NULL);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (last->settings), "c"), ==, 3);
  }
}

/* Sends the headers of an upload announcing @announced bytes, then @sent
 * bytes, then closes the connection. */
static void
send_truncated (EocTestServer *which,
                gsize          announced,
                gsize          sent)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  g_autofree char *body = g_malloc0 (MAX (sent, 1));
  GOutputStream *out;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", which->port, NULL, &error);
  g_assert_no_error (error);
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  head = g_strdup_printf ("POST /api/v1/environments/%s/uploads?filename=cut.zip HTTP/1.1\r\n"
                          "Host: 127.0.0.1:%u\r\n"
                          "Authorization: Bearer %s\r\n"
                          "Content-Type: application/zip\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "\r\n", staging_id, which->port, which->operator_token, announced);
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, &error);
  g_assert_no_error (error);
  if (sent > 0)
    {
      memcpy (body, "PK\003\004", MIN (sent, 4));
      g_output_stream_write_all (out, body, sent, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  /* Let the service start writing it down before the connection goes. */
  g_usleep (200 * 1000);
  g_io_stream_close (G_IO_STREAM (connection), NULL, &error);
  g_assert_no_error (error);
}

static void
wait_for_empty (const char *dir)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (api_count_files (dir) > 0 && g_get_monotonic_time () < deadline)
    g_usleep (50 * 1000);
  g_assert_cmpuint (api_count_files (dir), ==, 0);
}

static void
test_truncated (void)
{
  g_autofree char *uploads = uploads_dir (server);
  g_autofree char *tmp = tmp_dir (server);
  guint uploads_before = api_count_files (uploads);
  g_autoptr(ApiResponse) health = NULL;
  g_autoptr(GBytes) bytes = api_make_configuration ("2.1.0", "{\"after\": true}", NULL);
  g_autoptr(JsonObject) upload = NULL;

  /* Cut in the middle of the body. */
  send_truncated (server, 500000, 100000);
  wait_for_empty (tmp);
  g_assert_cmpuint (api_count_files (uploads), ==, uploads_before);

  /* Cut right after the headers. */
  send_truncated (server, 500000, 0);
  wait_for_empty (tmp);
  g_assert_cmpuint (api_count_files (uploads), ==, uploads_before);

  /* The service still answers, and takes a whole upload. */
  health = api_get (server, NULL, "/api/v1/health");
  api_expect (health, 200);
  upload = upload_ok (bytes, "whole.zip");
  g_assert_cmpuint (api_count_files (uploads), ==, uploads_before + 1);
  g_assert_cmpuint (api_count_files (tmp), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  const char *const args[] = { "--demo", NULL };
  int status;

  g_test_init (&argc, &argv, NULL);

  server = eoc_test_server_new (args);
  {
    g_autoptr(JsonObject) staging = api_find_environment (server, "Staging");

    staging_id = g_strdup (json_object_get_string_member (staging, "id"));
  }

  g_test_add_func ("/api/import/upload", test_upload);
  g_test_add_func ("/api/import/invalid", test_invalid);
  g_test_add_func ("/api/import/version-mismatch", test_version_mismatch);
  g_test_add_func ("/api/import/too-large", test_too_large);
  g_test_add_func ("/api/import/upload-changes", test_upload_changes);
  g_test_add_func ("/api/import/delete-upload", test_delete_upload);
  g_test_add_func ("/api/import/import", test_import);
  g_test_add_func ("/api/import/truncated", test_truncated);

  status = g_test_run ();

  eoc_test_server_free (server);
  g_free (staging_id);
  return status;
}
