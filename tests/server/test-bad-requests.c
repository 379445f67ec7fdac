/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The corpus of malformed requests in tests/data/bad-requests/ (see its
 * README), sent to the real service: each gets a 4xx with a JSON error body
 * (the exact code where the case says), never a 5xx; after each batch the
 * service is healthy and everything it keeps is as before.
 */

#include "config.h"

#include <string.h>
#include <archive.h>
#include <archive_entry.h>

#include "test-api-utils.h"
#include "test-guard-utils.h"

static EocTestServer *server;
static char *env_id;
static char *env_version;
static char *backup_id;
static char *upload_id;
static char *operation_id;
static guint n_cases;

static const char *
role_token (const char *role)
{
  if (g_str_equal (role, "admin"))
    return server->admin_token;
  if (g_str_equal (role, "operator"))
    return server->operator_token;
  if (g_str_equal (role, "viewer"))
    return server->viewer_token;
  if (g_str_equal (role, "wrong"))
    return "eoc_0000000000000000000000000000000000000000000000000000000000000000";
  g_assert_cmpstr (role, ==, "none");
  return NULL;
}

/* Expands {env}, {backup}, {upload}, {op}, {version}, {a*N} (N times "a"),
 * {token:ROLE}, {token:ROLE:-1} (without its last character), {hash:ROLE}. */
static char *
expand (const char *text)
{
  GString *out = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      const char *close;
      g_autofree char *key = NULL;

      if (*p != '{' || (close = strchr (p, '}')) == NULL)
        {
          g_string_append_c (out, *p++);
          continue;
        }
      key = g_strndup (p + 1, (gsize) (close - p - 1));
      if (g_str_equal (key, "env"))
        g_string_append (out, env_id);
      else if (g_str_equal (key, "backup"))
        g_string_append (out, backup_id);
      else if (g_str_equal (key, "upload"))
        g_string_append (out, upload_id);
      else if (g_str_equal (key, "op"))
        g_string_append (out, operation_id);
      else if (g_str_equal (key, "version"))
        g_string_append (out, env_version);
      else if (g_str_has_prefix (key, "a*"))
        {
          guint64 n = g_ascii_strtoull (key + 2, NULL, 10);

          for (guint64 i = 0; i < n; i++)
            g_string_append_c (out, 'a');
        }
      else if (g_str_has_prefix (key, "token:") || g_str_has_prefix (key, "hash:"))
        {
          g_auto(GStrv) parts = g_strsplit (key, ":", 3);
          const char *token = role_token (parts[1]);

          if (g_str_equal (parts[0], "hash"))
            {
              g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
              g_string_append (out, hash);
            }
          else if (parts[2] != NULL)
            g_string_append_len (out, token, (gssize) strlen (token) - 1);
          else
            g_string_append (out, token);
        }
      else
        {
          /* Not a placeholder: JSON text in a body, say. */
          g_string_append_c (out, *p++);
          continue;
        }
      p = close + 1;
    }

  return g_string_free (out, FALSE);
}

static GBytes *generate (JsonObject *spec);

static la_ssize_t
write_cb (struct archive *archive,
          void           *data,
          const void     *buffer,
          size_t          length)
{
  g_byte_array_append (data, buffer, (guint) length);
  return (la_ssize_t) length;
}

static GBytes *
entry_content (JsonObject *entry)
{
  if (json_object_has_member (entry, "generate"))
    return generate (json_object_get_object_member (entry, "generate"));
  if (json_object_has_member (entry, "hex"))
    {
      JsonObject *spec = json_object_new ();
      GBytes *bytes;

      json_object_set_string_member (spec, "kind", "hex");
      json_object_set_string_member (spec, "hex", json_object_get_string_member (entry, "hex"));
      bytes = generate (spec);
      json_object_unref (spec);
      return bytes;
    }
  {
    char *text = expand (json_object_get_string_member_with_default (entry, "content", ""));
    return g_bytes_new_take (text, strlen (text));
  }
}

/* A ZIP (or tar) archive written with libarchive from a list of entries. */
static GBytes *
make_archive (JsonArray *entries,
              gboolean   tar)
{
  struct archive *archive = archive_write_new ();
  GByteArray *bytes = g_byte_array_new ();

  if (tar)
    g_assert_cmpint (archive_write_set_format_pax_restricted (archive), ==, ARCHIVE_OK);
  else
    g_assert_cmpint (archive_write_set_format_zip (archive), ==, ARCHIVE_OK);
  /* No padding to 10 KiB blocks: a truncated archive must really lose its end. */
  archive_write_set_bytes_in_last_block (archive, 1);
  g_assert_cmpint (archive_write_open (archive, bytes, NULL, write_cb, NULL), ==, ARCHIVE_OK);

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *spec = json_array_get_object_element (entries, i);
      const char *type = json_object_get_string_member_with_default (spec, "type", "file");
      struct archive_entry *entry = archive_entry_new ();
      g_autoptr(GBytes) content = NULL;
      gsize size = 0;

      archive_entry_set_pathname (entry, json_object_get_string_member (spec, "name"));
      archive_entry_set_mtime (entry, 1700000000, 0);
      if (g_str_equal (type, "dir"))
        {
          archive_entry_set_filetype (entry, AE_IFDIR);
          archive_entry_set_perm (entry, 0755);
        }
      else if (g_str_equal (type, "symlink"))
        {
          archive_entry_set_filetype (entry, AE_IFLNK);
          archive_entry_set_perm (entry, 0777);
          archive_entry_set_symlink (entry, json_object_get_string_member (spec, "target"));
        }
      else if (g_str_equal (type, "hardlink"))
        {
          archive_entry_set_filetype (entry, AE_IFREG);
          archive_entry_set_perm (entry, 0644);
          archive_entry_set_hardlink (entry, json_object_get_string_member (spec, "target"));
        }
      else if (g_str_equal (type, "fifo"))
        {
          archive_entry_set_filetype (entry, AE_IFIFO);
          archive_entry_set_perm (entry, 0644);
        }
      else
        {
          content = entry_content (spec);
          size = g_bytes_get_size (content);
          archive_entry_set_filetype (entry, AE_IFREG);
          archive_entry_set_perm (entry, 0644);
          archive_entry_set_size (entry, (la_int64_t) size);
        }

      /* libarchive itself may refuse some of these (a FIFO in a ZIP): then the
       * entry is left out and the case still stands for what remains. */
      if (archive_write_header (archive, entry) >= ARCHIVE_WARN && content != NULL)
        g_assert_cmpint (archive_write_data (archive, g_bytes_get_data (content, NULL), size), ==,
                         (la_ssize_t) size);
      archive_entry_free (entry);
    }

  g_assert_cmpint (archive_write_close (archive), ==, ARCHIVE_OK);
  archive_write_free (archive);
  return g_byte_array_free_to_bytes (bytes);
}

/* Many empty files and a valid manifest. */
static GBytes *
make_many (guint count)
{
  g_autoptr(JsonArray) entries = json_array_new ();
  JsonObject *manifest = json_object_new ();

  json_object_set_string_member (manifest, "name", "manifest.json");
  json_object_set_string_member (manifest, "content",
                                 "{\"format\": \"env-ops-center-configuration\", "
                                 "\"format_version\": 1, \"environment_version\": \"{version}\", "
                                 "\"settings\": {}}");
  json_array_add_object_element (entries, manifest);
  for (guint i = 0; i < count; i++)
    {
      JsonObject *file = json_object_new ();
      g_autofree char *name = g_strdup_printf ("files/f%05u", i);

      json_object_set_string_member (file, "name", name);
      json_object_set_string_member (file, "content", "");
      json_array_add_object_element (entries, file);
    }
  return make_archive (entries, FALSE);
}

static GBytes *
generate (JsonObject *spec)
{
  const char *kind = json_object_get_string_member (spec, "kind");

  if (g_str_equal (kind, "text"))
    {
      const char *text = json_object_get_string_member (spec, "text");
      return g_bytes_new (text, strlen (text));
    }

  if (g_str_equal (kind, "hex"))
    {
      const char *hex = json_object_get_string_member (spec, "hex");
      GByteArray *bytes = g_byte_array_new ();

      for (const char *p = hex; p[0] != '\0' && p[1] != '\0'; p += 2)
        {
          guint8 b = (guint8) (g_ascii_xdigit_value (p[0]) * 16 + g_ascii_xdigit_value (p[1]));
          g_byte_array_append (bytes, &b, 1);
        }
      return g_byte_array_free_to_bytes (bytes);
    }

  if (g_str_equal (kind, "nested"))
    {
      const char *open = json_object_get_string_member (spec, "open");
      const char *close = json_object_get_string_member (spec, "close");
      gint64 depth = json_object_get_int_member (spec, "depth");
      GString *out = g_string_new (NULL);

      for (gint64 i = 0; i < depth; i++)
        g_string_append (out, open);
      g_string_append (out, "1");
      for (gint64 i = 0; i < depth; i++)
        g_string_append (out, close);
      return g_string_free_to_bytes (out);
    }

  if (g_str_equal (kind, "repeat"))
    {
      g_autofree char *prefix =
        expand (json_object_get_string_member_with_default (spec, "prefix", ""));
      g_autofree char *suffix =
        expand (json_object_get_string_member_with_default (spec, "suffix", ""));
      const char *text = json_object_get_string_member (spec, "text");
      gint64 count = json_object_get_int_member (spec, "count");
      GString *out = g_string_new (prefix);
      gsize text_length = MAX (strlen (text), 1);   /* "\u0000" is one NUL byte */

      for (gint64 i = 0; i < count; i++)
        g_string_append_len (out, text, (gssize) text_length);
      g_string_append (out, suffix);
      return g_string_free_to_bytes (out);
    }

  if (g_str_equal (kind, "zip") || g_str_equal (kind, "tar"))
    return make_archive (json_object_get_array_member (spec, "entries"), g_str_equal (kind, "tar"));

  if (g_str_equal (kind, "truncate"))
    {
      g_autoptr(GBytes) whole = generate (json_object_get_object_member (spec, "of"));
      gsize size = g_bytes_get_size (whole);
      gsize keep = json_object_has_member (spec, "fraction")
        ? (gsize) (size * json_object_get_double_member (spec, "fraction"))
        : size - (gsize) json_object_get_int_member (spec, "drop");

      return g_bytes_new_from_bytes (whole, 0, keep);
    }

  if (g_str_equal (kind, "bomb"))
    {
      guint entries = (guint) json_object_get_int_member (spec, "entries");
      guint64 total = (guint64) json_object_get_int_member (spec, "gib") << 30;

      return guard_make_zip_bomb (env_version, entries, total / entries,
                                  json_object_get_boolean_member_with_default (spec, "lie", FALSE));
    }

  if (g_str_equal (kind, "many"))
    return make_many ((guint) json_object_get_int_member (spec, "count"));

  g_error ("Unknown generator “%s”", kind);
  return NULL;
}

/* Sends a case with libsoup: status 0 when the service closed without an answer. */
static guint
send_case (JsonObject  *spec,
           JsonNode   **json)
{
  g_autofree char *path = expand (json_object_get_string_member (spec, "path"));
  g_autofree char *url = g_strconcat (server->url, path, NULL);
  const char *method = json_object_get_string_member (spec, "method");
  const char *token = role_token (json_object_get_string_member_with_default (spec, "auth",
                                                                              "admin"));
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) answer = NULL;
  SoupMessageHeaders *headers;
  const char *type;

  msg = soup_message_new (method, url);
  g_assert_nonnull (msg);
  headers = soup_message_get_request_headers (msg);
  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (headers, "Authorization", bearer);
    }
  if (json_object_has_member (spec, "headers"))
    {
      JsonObject *extra = json_object_get_object_member (spec, "headers");
      g_autoptr(GList) names = json_object_get_members (extra);

      for (GList *l = names; l != NULL; l = l->next)
        {
          g_autofree char *value = expand (json_object_get_string_member (extra, l->data));
          soup_message_headers_replace (headers, l->data, value);
        }
    }

  if (json_object_has_member (spec, "generate"))
    body = generate (json_object_get_object_member (spec, "generate"));
  else if (json_object_has_member (spec, "body"))
    {
      char *text = expand (json_object_get_string_member (spec, "body"));
      body = g_bytes_new_take (text, strlen (text));
    }
  if (body != NULL && g_getenv ("EOC_CORPUS_DUMP") != NULL)
    {
      g_autofree char *safe = g_strdelimit (g_strdup (json_object_get_string_member (spec, "name")),
                                            "/", '_');
      g_autofree char *file = g_build_filename (g_getenv ("EOC_CORPUS_DUMP"), safe, NULL);

      g_file_set_contents (file, g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body),
                           NULL);
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, json_object_get_string_member_with_default (
                                                      spec, "content_type", "application/json"),
                                              body);

  in = soup_session_send (api_session (), msg, NULL, &error);
  if (in == NULL)
    {
      g_test_message ("  no answer: %s", error->message);
      return 0;
    }
  out = g_memory_output_stream_new_resizable ();
  g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                                   G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, NULL);
  answer = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);
  if (g_strcmp0 (type, "application/json") == 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize length;
      const char *data = g_bytes_get_data (answer, &length);

      if (json_parser_load_from_data (parser, data, (gssize) length, NULL))
        *json = json_node_copy (json_parser_get_root (parser));
    }
  g_test_message ("  %u %.*s", soup_message_get_status (msg),
                  (int) MIN (g_bytes_get_size (answer), 300),
                  (const char *) g_bytes_get_data (answer, NULL));
  return soup_message_get_status (msg);
}

static guint
send_raw_case (JsonObject  *spec,
               JsonNode   **json)
{
  g_autofree char *text = expand (json_object_get_string_member (spec, "raw"));
  JsonObject *expect = json_object_get_object_member (spec, "expect");
  gboolean may_not_answer = json_object_get_boolean_member_with_default (expect, "may_not_answer",
                                                                         FALSE);
  g_autoptr(GBytes) request = g_bytes_new (text, strlen (text));
  g_autoptr(GuardRawResponse) response = NULL;

  response = guard_raw_request (server->port, request, may_not_answer ? 1000 : 5000);
  g_test_message ("  %u %s", response->status, response->head != NULL ? response->head : "");
  if (response->json != NULL)
    *json = json_node_ref (response->json);
  return response->status;
}

static gboolean
code_matches (JsonNode   *expected,
              const char *code)
{
  if (expected == NULL || JSON_NODE_HOLDS_NULL (expected))
    return TRUE;
  if (JSON_NODE_HOLDS_ARRAY (expected))
    {
      JsonArray *codes = json_node_get_array (expected);

      for (guint i = 0; i < json_array_get_length (codes); i++)
        if (g_strcmp0 (json_array_get_string_element (codes, i), code) == 0)
          return TRUE;
      return FALSE;
    }
  return g_strcmp0 (json_node_get_string (expected), code) == 0;
}

/* An accepted upload (a case that may be accepted) is removed again. */
static void
discard_upload (JsonNode *json)
{
  const char *id = json_object_get_string_member (json_node_get_object (json), "id");
  g_autofree char *path = g_strdup_printf ("/api/v1/environments/%s/uploads/%s", env_id, id);
  g_autoptr(ApiResponse) response = api_request (server, server->operator_token, "DELETE", path,
                                                 NULL, NULL);

  g_assert_cmpuint (response->status, ==, 204);
}

static void
run_case (JsonObject *spec,
          GString    *failures)
{
  const char *name = json_object_get_string_member (spec, "name");
  JsonObject *expect = json_object_get_object_member (spec, "expect");
  g_autoptr(JsonNode) json = NULL;
  gboolean raw = json_object_has_member (spec, "raw");
  gboolean may_not_answer = json_object_get_boolean_member_with_default (expect, "may_not_answer",
                                                                         FALSE);
  gint64 status_class = json_object_get_int_member_with_default (expect, "status_class", 0);
  gint64 status_expected = json_object_get_int_member_with_default (expect, "status", 0);
  JsonNode *codes = json_object_get_member (expect, "code");
  const char *code;
  guint status;

  g_test_message ("case %s", name);
  status = raw ? send_raw_case (spec, &json) : send_case (spec, &json);
  n_cases++;

  if (status == 0 && may_not_answer)
    return;

  if (status == 201 && json_object_get_boolean_member_with_default (expect, "or_accepted", FALSE))
    {
      discard_upload (json);
      return;
    }

  /* libsoup's own answer to a protocol it does not speak (HTTP/7.3): the exact status. */
  if (raw && json_object_get_boolean_member_with_default (expect, "protocol_level", FALSE) &&
      status == (guint) status_expected)
    return;

  if (status >= 500 || status < 400)
    {
      g_string_append_printf (failures, "%s: status %u\n", name, status);
      return;
    }
  if (status_expected != 0 && status != (guint) status_expected)
    g_string_append_printf (failures, "%s: status %u, expected %" G_GINT64_FORMAT "\n", name,
                            status, status_expected);
  if (status_class != 0 && status / 100 != (guint) status_class)
    g_string_append_printf (failures, "%s: status %u, expected %" G_GINT64_FORMAT "xx\n", name,
                            status, status_class);

  /* Raw cases refused by libsoup itself before the service saw them carry no JSON. */
  if (raw && (codes == NULL || JSON_NODE_HOLDS_NULL (codes)))
    return;

  code = guard_error_code (json);
  if (code == NULL)
    g_string_append_printf (failures, "%s: status %u without a JSON error body\n", name, status);
  else if (!code_matches (codes, code))
    g_string_append_printf (failures, "%s: code %s\n", name, code);
}

static void
test_batch (gconstpointer data)
{
  const char *file = data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) failures = g_string_new (NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  JsonArray *cases;
  gint64 start = g_get_monotonic_time ();

  json_parser_load_from_file (parser, file, &error);
  g_assert_no_error (error);
  cases = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                        "cases");
  g_assert_cmpuint (json_array_get_length (cases), >, 0);

  before = guard_snapshot (server);
  for (guint i = 0; i < json_array_get_length (cases); i++)
    run_case (json_array_get_object_element (cases, i), failures);

  guard_assert_healthy (server);
  after = guard_snapshot (server);
  g_test_message ("%u cases in %.2f s", json_array_get_length (cases),
                  (g_get_monotonic_time () - start) / 1e6);

  if (failures->len > 0)
    {
      g_test_message ("Failures:\n%s", failures->str);
      g_test_fail_printf ("%s", failures->str);
    }
  guard_assert_same (before, after);
}

static void
test_count (void)
{
  /* The corpus is at least 200 cases (run before this test). */
  g_assert_cmpuint (n_cases, >=, 200);
}

static void
prepare (void)
{
  g_autoptr(ApiResponse) list = api_get (server, server->viewer_token, "/api/v1/environments");
  JsonArray *environments = json_object_get_array_member (api_expect (list, 200), "environments");
  g_autoptr(JsonObject) backup = NULL;
  g_autoptr(JsonArray) activity = NULL;
  g_autoptr(ApiResponse) upload = NULL;
  g_autoptr(GBytes) configuration = NULL;
  g_autofree char *backups_path = NULL;
  g_autoptr(ApiResponse) backups = NULL;

  /* A non-production environment that is running: every route can be tried on it. */
  for (guint i = 0; i < json_array_get_length (environments) && env_id == NULL; i++)
    {
      JsonObject *env = json_array_get_object_element (environments, i);

      if (g_strcmp0 (json_object_get_string_member (env, "type"), "non_production") == 0)
        {
          env_id = g_strdup (json_object_get_string_member (env, "id"));
          env_version = g_strdup (json_object_get_string_member (env, "version"));
        }
    }
  g_assert_nonnull (env_id);

  backup = api_make_backup (server, env_id, "Corpus backup");
  backup_id = g_strdup (json_object_get_string_member (backup, "id"));

  backups_path = g_strdup_printf ("/api/v1/environments/%s/activity", env_id);
  backups = api_get (server, server->viewer_token, backups_path);
  activity = json_array_ref (json_object_get_array_member (api_expect (backups, 200), "activity"));
  g_assert_cmpuint (json_array_get_length (activity), >, 0);
  operation_id = g_strdup (json_object_get_string_member_with_default (
    json_array_get_object_element (activity, 0), "operation_id", "no-operation"));

  configuration = api_make_configuration (env_version, "{\"a\": 1}", NULL);
  upload = api_upload (server, server->operator_token, env_id, "ok.zip", configuration);
  upload_id = g_strdup (json_object_get_string_member (api_expect (upload, 201), "id"));
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

int
main (int   argc,
      char *argv[])
{
  const char *const args[] = { "--demo", NULL };
  const char *source = g_getenv ("EOC_SOURCE_DIR");
  g_autofree char *dir = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  int status;

  g_test_init (&argc, &argv, NULL);

  g_assert_nonnull (source);
  dir = g_build_filename (source, "tests", "data", "bad-requests", NULL);
  listing = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (files, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (files, compare_names);

  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *base = g_path_get_basename (g_ptr_array_index (files, i));
      g_autofree char *test = NULL;

      *strrchr (base, '.') = '\0';
      test = g_strdup_printf ("/bad-requests/%s", base);
      g_test_add_data_func (test, g_ptr_array_index (files, i), test_batch);
    }
  g_test_add_func ("/bad-requests/~count", test_count);

  server = eoc_test_server_new (args);
  prepare ();
  status = g_test_run ();
  eoc_test_server_free (server);
  return status;
}
