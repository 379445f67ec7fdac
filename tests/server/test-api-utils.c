/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>
#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>

#include "eoc-configuration.h"
#include "test-api-utils.h"

static SoupSession *session;

SoupSession *
api_session (void)
{
  if (session == NULL)
    session = soup_session_new_with_options ("timeout", 30, "max-conns-per-host", 6, NULL);
  return session;
}

void
api_session_reset (void)
{
  if (session != NULL)
    soup_session_abort (session);
}

void
api_response_free (ApiResponse *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->headers, soup_message_headers_unref);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_clear_pointer (&self->json, json_node_unref);
  g_free (self);
}

JsonNode *
api_parse (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (json_parser_get_root (parser));
  return json_node_copy (json_parser_get_root (parser));
}

/* json_node_copy () shares objects and arrays: this copies them too. */
JsonNode *
api_deep_copy (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  return api_parse (text);
}

ApiResponse *
api_request (EocTestServer *server,
             const char    *token,
             const char    *method,
             const char    *path,
             const char    *content_type,
             GBytes        *body)
{
  g_autofree char *url = g_strconcat (server->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  ApiResponse *response;
  const char *type;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);

  /* Not soup_session_send_and_read(): it crashes when the server answers early (PITFALLS). */
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

  type = soup_message_headers_get_content_type (response->headers, NULL);
  if (g_strcmp0 (type, "application/json") == 0 && g_bytes_get_size (response->body) > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize size;
      const char *data = g_bytes_get_data (response->body, &size);

      json_parser_load_from_data (parser, data, (gssize) size, &error);
      g_assert_no_error (error);
      response->json = json_node_copy (json_parser_get_root (parser));
    }

  return response;
}

ApiResponse *
api_json (EocTestServer *server,
          const char    *token,
          const char    *method,
          const char    *path,
          const char    *json)
{
  g_autoptr(GBytes) body = json != NULL ? g_bytes_new (json, strlen (json)) : NULL;

  return api_request (server, token, method, path, "application/json", body);
}

ApiResponse *
api_get (EocTestServer *server,
         const char    *token,
         const char    *path)
{
  return api_request (server, token, "GET", path, NULL, NULL);
}

JsonObject *
api_object (ApiResponse *response)
{
  if (response->json == NULL || !JSON_NODE_HOLDS_OBJECT (response->json))
    g_error ("Expected a JSON object, got status %u and “%.*s”", response->status,
             (int) MIN (g_bytes_get_size (response->body), 500),
             (const char *) g_bytes_get_data (response->body, NULL));
  return json_node_get_object (response->json);
}

static void
check_status (ApiResponse *response,
              guint        status)
{
  if (response->status != status)
    g_error ("Expected status %u, got %u: “%.*s”", status, response->status,
             (int) MIN (g_bytes_get_size (response->body), 500),
             (const char *) g_bytes_get_data (response->body, NULL));
}

JsonObject *
api_expect (ApiResponse *response,
            guint        status)
{
  check_status (response, status);
  return api_object (response);
}

JsonObject *
api_expect_error (ApiResponse *response,
                  guint        status,
                  const char  *code)
{
  JsonObject *root;
  JsonObject *error;

  check_status (response, status);
  g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==,
                   "application/json");
  root = api_object (response);
  g_assert_true (json_object_has_member (root, "error"));
  error = json_object_get_object_member (root, "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  g_assert_nonnull (json_object_get_string_member (error, "message"));
  g_assert_cmpuint (strlen (json_object_get_string_member (error, "message")), >, 0);
  g_assert_true (json_object_has_member (error, "details"));
  g_assert_nonnull (json_object_get_object_member (error, "details"));
  return json_object_get_object_member (error, "details");
}

const char *
api_header (ApiResponse *response,
            const char  *name)
{
  return soup_message_headers_get_one (response->headers, name);
}

JsonObject *
api_wait_operation (EocTestServer *server,
                    const char    *token,
                    const char    *operation_id)
{
  g_autofree char *path = g_strconcat ("/api/v1/operations/", operation_id, NULL);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(ApiResponse) response = api_get (server, token, path);
      JsonObject *op = api_expect (response, 200);
      const char *state = json_object_get_string_member (op, "state");

      g_assert_cmpstr (json_object_get_string_member (op, "id"), ==, operation_id);
      if (g_str_equal (state, "succeeded") || g_str_equal (state, "failed"))
        return json_object_ref (op);

      g_assert_true (g_str_equal (state, "running") || g_str_equal (state, "queued"));
      if (g_get_monotonic_time () > deadline)
        g_error ("Operation %s did not end within 30 s", operation_id);
      g_usleep (50 * 1000);
    }
}

JsonObject *
api_find_environment (EocTestServer *server,
                      const char    *name)
{
  g_autoptr(ApiResponse) response = api_get (server, server->viewer_token, "/api/v1/environments");
  JsonArray *environments = json_object_get_array_member (api_expect (response, 200),
                                                          "environments");

  for (guint i = 0; i < json_array_get_length (environments); i++)
    {
      JsonObject *env = json_array_get_object_element (environments, i);

      if (g_strcmp0 (json_object_get_string_member (env, "name"), name) == 0)
        return json_object_ref (env);
    }

  g_error ("No environment named %s", name);
  return NULL;
}

JsonObject *
api_get_environment (EocTestServer *server,
                     const char    *environment_id)
{
  g_autofree char *path = g_strconcat ("/api/v1/environments/", environment_id, NULL);
  g_autoptr(ApiResponse) response = api_get (server, server->viewer_token, path);

  return json_object_ref (api_expect (response, 200));
}

JsonObject *
api_create_environment (EocTestServer *server,
                        const char    *name,
                        const char    *type,
                        const char    *version)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(ApiResponse) response = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, version);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, "Made by a test");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);

  response = api_json (server, server->admin_token, "POST", "/api/v1/environments", text);
  return json_object_ref (api_expect (response, 201));
}

JsonObject *
api_make_backup (EocTestServer *server,
                 const char    *environment_id,
                 const char    *name)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/environments/%s/backups", environment_id);
  g_autofree char *body = NULL;
  g_autoptr(ApiResponse) response = NULL;
  g_autoptr(ApiResponse) got = NULL;
  g_autoptr(JsonObject) op = NULL;
  g_autofree char *backup_path = NULL;
  JsonObject *answer, *backup;

  if (name != NULL)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
      g_autofree char *quoted = NULL;

      json_node_set_string (node, name);
      quoted = json_to_string (node, FALSE);
      body = g_strdup_printf ("{\"name\": %s}", quoted);
    }
  response = api_json (server, server->operator_token, "POST", path, body != NULL ? body : "{}");
  answer = api_expect (response, 202);
  backup = json_object_get_object_member (answer, "backup");
  op = api_wait_operation (server, server->operator_token,
                           json_object_get_string_member (json_object_get_object_member (answer,
                                                                                         "operation"),
                                                          "id"));
  g_assert_cmpstr (json_object_get_string_member (op, "state"), ==, "succeeded");

  backup_path = g_strdup_printf ("%s/%s", path, json_object_get_string_member (backup, "id"));
  got = api_get (server, server->viewer_token, backup_path);
  return json_object_ref (api_expect (got, 200));
}

ApiResponse *
api_upload (EocTestServer *server,
            const char    *token,
            const char    *environment_id,
            const char    *filename,
            GBytes        *bytes)
{
  g_autofree char *escaped = g_uri_escape_string (filename, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/environments/%s/uploads?filename=%s",
                                           environment_id, escaped);

  return api_request (server, token, "POST", path, "application/zip", bytes);
}

JsonArray *
api_activity (EocTestServer *server,
              const char    *environment_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/environments/%s/activity", environment_id);
  g_autoptr(ApiResponse) response = api_get (server, server->viewer_token, path);

  return json_array_ref (json_object_get_array_member (api_expect (response, 200), "activity"));
}

GBytes *
api_make_configuration (const char        *version,
                        const char        *settings_json,
                        const char *const *files)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) settings = api_parse (settings_json);
  g_autoptr(EocConfiguration) configuration = NULL;
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (
    (GDestroyNotify) eoc_configuration_source_free);
  g_autofree char *dir = g_dir_make_tmp ("eoc-test-config-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_no_error (error);
  path = g_build_filename (dir, "configuration.zip", NULL);

  for (guint i = 0; files != NULL && files[i] != NULL; i += 2)
    {
      GBytes *content = g_bytes_new (files[i + 1], strlen (files[i + 1]));

      g_ptr_array_add (sources, eoc_configuration_source_new (files[i], content));
    }

  configuration = eoc_configuration_new (version, settings);
  configuration->taken_at = g_strdup ("2026-11-22T10:04:05Z");
  eoc_configuration_write (path, configuration, NULL, sources, NULL, &error);
  g_assert_no_error (error);

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, ==, configuration->size);
  eoc_test_rm_rf (dir);

  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

EocConfiguration *
api_read_configuration (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("eoc-test-read-XXXXXX", &error);
  g_autofree char *file = NULL;
  EocConfiguration *configuration;

  g_assert_no_error (error);
  file = g_build_filename (dir, "configuration.zip", NULL);
  g_file_set_contents (file, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes),
                       &error);
  g_assert_no_error (error);
  configuration = eoc_configuration_read (file, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (configuration);
  eoc_test_rm_rf (dir);
  return configuration;
}

EocConfiguration *
api_download_configuration (EocTestServer *server,
                            const char    *environment_id,
                            char         **sha256)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/environments/%s/configuration", environment_id);
  g_autoptr(ApiResponse) response = api_get (server, server->viewer_token, path);
  g_autofree char *computed = NULL;

  if (response->status != 200)
    g_error ("GET %s: %u", path, response->status);
  g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==,
                   "application/zip");
  computed = api_sha256 (response->body);
  g_assert_cmpstr (api_header (response, "X-Content-SHA256"), ==, computed);
  if (sha256 != NULL)
    *sha256 = g_steal_pointer (&computed);
  return api_read_configuration (response->body);
}

char *
api_settings_text (EocConfiguration *configuration)
{
  return json_to_string (configuration->settings, FALSE);
}

static la_ssize_t
zip_write_cb (struct archive *archive,
              void           *data,
              const void     *buffer,
              size_t          length)
{
  g_byte_array_append (data, buffer, (guint) length);
  return (la_ssize_t) length;
}

GBytes *
api_make_zip (const char *const *entries)
{
  struct archive *archive = archive_write_new ();
  GByteArray *bytes = g_byte_array_new ();

  g_assert_cmpint (archive_write_set_format_zip (archive), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_open (archive, bytes, NULL, zip_write_cb, NULL), ==, ARCHIVE_OK);

  for (guint i = 0; entries != NULL && entries[i] != NULL; i += 2)
    {
      struct archive_entry *entry = archive_entry_new ();
      size_t length = strlen (entries[i + 1]);

      archive_entry_set_pathname (entry, entries[i]);
      archive_entry_set_filetype (entry, AE_IFREG);
      archive_entry_set_perm (entry, 0644);
      archive_entry_set_size (entry, (la_int64_t) length);
      archive_entry_set_mtime (entry, 1700000000, 0);
      g_assert_cmpint (archive_write_header (archive, entry), ==, ARCHIVE_OK);
      g_assert_cmpint (archive_write_data (archive, entries[i + 1], length), ==, (la_ssize_t) length);
      archive_entry_free (entry);
    }

  g_assert_cmpint (archive_write_close (archive), ==, ARCHIVE_OK);
  archive_write_free (archive);
  return g_byte_array_free_to_bytes (bytes);
}

char *
api_sha256 (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

guint
api_count_files (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  guint count = 0;

  while (listing != NULL && g_dir_read_name (listing) != NULL)
    count++;
  return count;
}
