/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>
#include <zlib.h>

#include "test-api-utils.h"
#include "test-guard-utils.h"

/* Every page of a list, as text. */
static void
append_pages (GString       *out,
              EocTestServer *server,
              const char    *path,
              const char    *member)
{
  g_autofree char *cursor = NULL;

  for (guint page = 0; page < 100; page++)
    {
      g_autofree char *url = cursor != NULL
        ? g_strdup_printf ("%s?limit=500&cursor=%s", path, cursor)
        : g_strdup_printf ("%s?limit=500", path);
      g_autoptr(ApiResponse) response = api_get (server, server->admin_token, url);
      JsonObject *object = api_expect (response, 200);
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      g_autofree char *text = NULL;

      json_node_set_array (node, json_object_get_array_member (object, member));
      text = json_to_string (node, FALSE);
      g_string_append_printf (out, "%s %s\n", url, text);

      g_clear_pointer (&cursor, g_free);
      if (json_object_get_null_member (object, "next_cursor") ||
          !json_object_has_member (object, "next_cursor"))
        break;
      cursor = g_strdup (json_object_get_string_member (object, "next_cursor"));
      if (cursor == NULL)
        break;
    }
}

static void
append_get (GString       *out,
            EocTestServer *server,
            const char    *path)
{
  g_autoptr(ApiResponse) response = api_get (server, server->admin_token, path);

  g_string_append_printf (out, "%s %u %.*s\n", path, response->status,
                          (int) g_bytes_get_size (response->body),
                          (const char *) g_bytes_get_data (response->body, NULL));
}

char *
guard_snapshot (EocTestServer *server)
{
  GString *out = g_string_new (NULL);
  g_autoptr(ApiResponse) list = api_get (server, server->admin_token, "/api/v1/environments");
  JsonArray *environments = json_object_get_array_member (api_expect (list, 200), "environments");
  static const char *const dirs[] = { "uploads", "backups", "tmp", "environments" };

  append_get (out, server, "/api/v1/users");
  append_get (out, server, "/api/v1/environments");
  for (guint i = 0; i < json_array_get_length (environments); i++)
    {
      const char *id = json_object_get_string_member (json_array_get_object_element (environments,
                                                                                     i),
                                                      "id");
      g_autofree char *backups = g_strdup_printf ("/api/v1/environments/%s/backups", id);
      g_autofree char *activity = g_strdup_printf ("/api/v1/environments/%s/activity", id);
      g_autofree char *schedule = g_strdup_printf ("/api/v1/environments/%s/schedule", id);

      append_pages (out, server, backups, "backups");
      append_pages (out, server, activity, "activity");
      append_get (out, server, schedule);
    }

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (server->data_dir, dirs[i], NULL);

      g_string_append_printf (out, "%s/: %u files\n", dirs[i], api_count_files (path));
    }

  return g_string_free (out, FALSE);
}

void
guard_assert_same (const char *before,
                   const char *after)
{
  g_auto(GStrv) a = NULL;
  g_auto(GStrv) b = NULL;

  if (g_strcmp0 (before, after) == 0)
    return;

  a = g_strsplit (before, "\n", 0);
  b = g_strsplit (after, "\n", 0);
  for (guint i = 0; a[i] != NULL || b[i] != NULL; i++)
    {
      if (a[i] == NULL || b[i] == NULL || g_strcmp0 (a[i], b[i]) != 0)
        {
          g_test_message ("before: %.2000s", a[i] != NULL ? a[i] : "(nothing)");
          g_test_message ("after:  %.2000s", b[i] != NULL ? b[i] : "(nothing)");
          break;
        }
      if (a[i] == NULL || b[i] == NULL)
        break;
    }
  g_error ("The service's state changed (see the lines above)");
}

void
guard_assert_healthy (EocTestServer *server)
{
  g_autoptr(ApiResponse) response = api_get (server, NULL, "/api/v1/health");

  g_assert_cmpuint (response->status, ==, 200);
}

void
guard_raw_response_free (GuardRawResponse *self)
{
  if (self == NULL)
    return;
  g_free (self->head);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_clear_pointer (&self->json, json_node_unref);
  g_free (self);
}

/* Reads into @buffer until @done says so, the peer closes, or the deadline. */
static gboolean
read_some (GSocket    *socket,
           GByteArray *buffer,
           gint64      deadline)
{
  guint8 chunk[16384];
  gint64 now = g_get_monotonic_time ();
  gssize n;

  if (now >= deadline)
    return FALSE;
  g_socket_set_timeout (socket, 0);
  if (!g_socket_condition_timed_wait (socket, G_IO_IN, deadline - now, NULL, NULL))
    return FALSE;
  n = g_socket_receive (socket, (char *) chunk, sizeof chunk, NULL, NULL);
  if (n <= 0)
    return FALSE;
  g_byte_array_append (buffer, chunk, (guint) n);
  return TRUE;
}

GuardRawResponse *
guard_raw_request (guint16  port,
                   GBytes  *request,
                   guint    timeout_ms)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  GuardRawResponse *response = g_new0 (GuardRawResponse, 1);
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  GSocket *socket;
  gsize size, written = 0;
  const guint8 *data = g_bytes_get_data (request, &size);
  const char *end = NULL;

  g_socket_client_set_timeout (client, (timeout_ms + 999) / 1000);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);
  socket = g_socket_connection_get_socket (connection);
  g_socket_set_blocking (socket, TRUE);
  g_socket_set_timeout (socket, (timeout_ms + 999) / 1000);

  /* The service may answer and close before it read everything: that is fine. */
  while (written < size)
    {
      gssize n = g_socket_send (socket, (const char *) data + written, size - written, NULL, NULL);

      if (n <= 0)
        break;
      written += (gsize) n;
    }

  /* The head. */
  while (buffer->len == 0 ||
         (end = g_strstr_len ((const char *) buffer->data, buffer->len, "\r\n\r\n")) == NULL)
    if (!read_some (socket, buffer, deadline))
      break;

  if (end != NULL)
    {
      gsize head_length = (gsize) (end - (const char *) buffer->data);
      g_autofree char *head = g_strndup ((const char *) buffer->data, head_length);
      g_auto(GStrv) lines = g_strsplit (head, "\r\n", 0);
      gsize body_start = head_length + 4;
      gint64 content_length = -1;
      gboolean json = FALSE;

      if (g_str_has_prefix (lines[0], "HTTP/1.") && strlen (lines[0]) >= 12)
        response->status = (guint) g_ascii_strtoull (lines[0] + 9, NULL, 10);
      for (guint i = 1; lines[i] != NULL; i++)
        {
          if (g_ascii_strncasecmp (lines[i], "Content-Length:", 15) == 0)
            content_length = g_ascii_strtoll (lines[i] + 15, NULL, 10);
          if (g_ascii_strncasecmp (lines[i], "Content-Type:", 13) == 0 &&
              strstr (lines[i], "application/json") != NULL)
            json = TRUE;
        }

      /* 1xx: an interim answer (100 Continue); the test only asks for the final one. */
      while (content_length >= 0 && buffer->len - body_start < (gsize) content_length)
        if (!read_some (socket, buffer, deadline))
          break;

      response->head = g_steal_pointer (&head);
      response->body = g_bytes_new (buffer->data + body_start,
                                    content_length >= 0
                                      ? MIN ((gsize) content_length, buffer->len - body_start)
                                      : buffer->len - body_start);
      if (json)
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          gsize length;
          const char *text = g_bytes_get_data (response->body, &length);

          if (json_parser_load_from_data (parser, text, (gssize) length, NULL))
            response->json = json_node_copy (json_parser_get_root (parser));
        }
    }

  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return response;
}

const char *
guard_error_code (JsonNode *json)
{
  JsonObject *root, *error;
  const char *message;

  if (json == NULL || !JSON_NODE_HOLDS_OBJECT (json))
    return NULL;
  root = json_node_get_object (json);
  if (!json_object_has_member (root, "error"))
    return NULL;
  error = json_object_get_object_member (root, "error");
  if (error == NULL)
    return NULL;
  message = json_object_get_string_member_with_default (error, "message", "");
  if (*message == '\0')
    return NULL;
  return json_object_get_string_member_with_default (error, "code", NULL);
}

/* ZIP by hand: libarchive would have to deflate every zero byte. */

static void
put16 (GByteArray *out,
       guint16     value)
{
  guint8 b[2] = { value & 0xff, value >> 8 };

  g_byte_array_append (out, b, 2);
}

static void
put32 (GByteArray *out,
       guint32     value)
{
  put16 (out, value & 0xffff);
  put16 (out, value >> 16);
}

static void
put64 (GByteArray *out,
       guint64     value)
{
  put32 (out, value & 0xffffffff);
  put32 (out, value >> 32);
}

#define ZERO_CHUNK (16 * 1024 * 1024)

/* Deflates ZERO_CHUNK zero bytes, ending with a full flush: copies of it
 * can be put one after another in a deflate stream. */
static GBytes *
deflated_zeros (void)
{
  static GBytes *cached;
  z_stream z = { 0 };
  g_autofree guint8 *zeros = NULL;
  guint8 *out;

  if (cached != NULL)
    return g_bytes_ref (cached);

  zeros = g_malloc0 (ZERO_CHUNK);
  out = g_malloc (ZERO_CHUNK / 100);
  g_assert_cmpint (deflateInit2 (&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY), ==, Z_OK);
  z.next_in = zeros;
  z.avail_in = ZERO_CHUNK;
  z.next_out = out;
  z.avail_out = ZERO_CHUNK / 100;
  g_assert_cmpint (deflate (&z, Z_FULL_FLUSH), ==, Z_OK);
  g_assert_cmpuint (z.avail_in, ==, 0);
  cached = g_bytes_new_take (out, ZERO_CHUNK / 100 - z.avail_out);
  deflateEnd (&z);
  return g_bytes_ref (cached);
}

typedef struct {
  char    *name;
  guint32  crc;
  guint64  compressed;
  guint64  size;
  guint64  offset;
  guint16  method;
} BombEntry;

static void
local_header (GByteArray *out,
              BombEntry  *entry,
              gboolean    lie)
{
  put32 (out, 0x04034b50);
  put16 (out, 45);
  put16 (out, 0);
  put16 (out, entry->method);
  put16 (out, 0);
  put16 (out, 0x5821);
  put32 (out, entry->crc);
  if (lie)
    {
      put32 (out, (guint32) MIN (entry->compressed, 1000));
      put32 (out, 1000);
      put16 (out, (guint16) strlen (entry->name));
      put16 (out, 0);
      g_byte_array_append (out, (const guint8 *) entry->name, (guint) strlen (entry->name));
      return;
    }
  put32 (out, 0xffffffff);
  put32 (out, 0xffffffff);
  put16 (out, (guint16) strlen (entry->name));
  put16 (out, 20);
  g_byte_array_append (out, (const guint8 *) entry->name, (guint) strlen (entry->name));
  put16 (out, 0x0001);
  put16 (out, 16);
  put64 (out, entry->size);
  put64 (out, entry->compressed);
}

static void
central_header (GByteArray *out,
                BombEntry  *entry,
                gboolean    lie)
{
  put32 (out, 0x02014b50);
  put16 (out, 45 | (3 << 8));
  put16 (out, 45);
  put16 (out, 0);
  put16 (out, entry->method);
  put16 (out, 0);
  put16 (out, 0x5821);
  put32 (out, entry->crc);
  if (lie)
    {
      put32 (out, (guint32) MIN (entry->compressed, 1000));
      put32 (out, 1000);
    }
  else
    {
      put32 (out, 0xffffffff);
      put32 (out, 0xffffffff);
    }
  put16 (out, (guint16) strlen (entry->name));
  put16 (out, lie ? 12 : 28);
  put16 (out, 0);
  put16 (out, 0);
  put16 (out, 0);
  put32 (out, (guint32) (0100644u << 16));
  put32 (out, 0xffffffff);
  g_byte_array_append (out, (const guint8 *) entry->name, (guint) strlen (entry->name));
  put16 (out, 0x0001);
  if (lie)
    {
      put16 (out, 8);
      put64 (out, entry->offset);
      return;
    }
  put16 (out, 24);
  put64 (out, entry->size);
  put64 (out, entry->compressed);
  put64 (out, entry->offset);
}

GBytes *
guard_make_zip_bomb (const char *version,
                     guint       n_entries,
                     guint64     entry_size,
                     gboolean    lie)
{
  g_autoptr(GBytes) chunk = deflated_zeros ();
  g_autofree guint8 *zeros = g_malloc0 (ZERO_CHUNK);
  GByteArray *out = g_byte_array_new ();
  g_autofree char *manifest =
    g_strdup_printf ("{\"format\": \"env-ops-center-configuration\", \"format_version\": 1, "
                     "\"environment_version\": \"%s\", \"settings\": {}}", version);
  BombEntry *entries = g_new0 (BombEntry, n_entries + 1);
  guint32 chunk_crc = (guint32) crc32 (0, zeros, ZERO_CHUNK);
  guint64 central_start, central_size, zip64_end;
  static const guint8 final_block[] = { 0x03, 0x00 };

  g_assert_cmpuint (entry_size % ZERO_CHUNK, ==, 0);

  /* The manifest, stored. */
  entries[0].name = g_strdup ("manifest.json");
  entries[0].size = entries[0].compressed = strlen (manifest);
  entries[0].crc = (guint32) crc32 (0, (const guint8 *) manifest, (guint) strlen (manifest));
  entries[0].method = 0;
  entries[0].offset = out->len;
  local_header (out, &entries[0], FALSE);
  g_byte_array_append (out, (const guint8 *) manifest, (guint) strlen (manifest));

  for (guint i = 1; i <= n_entries; i++)
    {
      BombEntry *entry = &entries[i];
      guint64 n_chunks = entry_size / ZERO_CHUNK;

      entry->name = g_strdup_printf ("files/bomb-%u", i);
      entry->size = entry_size;
      entry->compressed = n_chunks * g_bytes_get_size (chunk) + sizeof final_block;
      entry->method = 8;
      entry->crc = 0;
      for (guint64 c = 0; c < n_chunks; c++)
        entry->crc = (guint32) crc32_combine (entry->crc, chunk_crc, ZERO_CHUNK);
      entry->offset = out->len;
      local_header (out, entry, lie);
      for (guint64 c = 0; c < n_chunks; c++)
        g_byte_array_append (out, g_bytes_get_data (chunk, NULL), (guint) g_bytes_get_size (chunk));
      g_byte_array_append (out, final_block, sizeof final_block);
    }

  central_start = out->len;
  for (guint i = 0; i <= n_entries; i++)
    central_header (out, &entries[i], lie && i > 0);
  central_size = out->len - central_start;

  /* ZIP64 end of central directory, its locator, then the classic end. */
  zip64_end = out->len;
  put32 (out, 0x06064b50);
  put64 (out, 44);
  put16 (out, 45);
  put16 (out, 45);
  put32 (out, 0);
  put32 (out, 0);
  put64 (out, n_entries + 1);
  put64 (out, n_entries + 1);
  put64 (out, central_size);
  put64 (out, central_start);
  put32 (out, 0x07064b50);
  put32 (out, 0);
  put64 (out, zip64_end);
  put32 (out, 1);
  put32 (out, 0x06054b50);
  put16 (out, 0);
  put16 (out, 0);
  put16 (out, 0xffff);
  put16 (out, 0xffff);
  put32 (out, 0xffffffff);
  put32 (out, 0xffffffff);
  put16 (out, 0);

  for (guint i = 0; i <= n_entries; i++)
    g_free (entries[i].name);
  g_free (entries);
  return g_byte_array_free_to_bytes (out);
}
