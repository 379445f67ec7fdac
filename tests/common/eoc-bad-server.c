/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-bad-server.c: a misbehaving service for the tests. One request per
 * connection (every answer says "Connection: close"), each connection in its
 * own thread with blocking I/O, interrupted by one GCancellable at the end.
 */

#include "config.h"

#include <string.h>

#include "eoc-bad-server.h"

#define WEBSOCKET_GUID "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
#define DEEP_LEVELS 100000
#define HUGE_STRING_BYTES (50 * 1024 * 1024)
#define MAX_BODY_READ (64 * 1024 * 1024)

typedef struct {
  char         *prefix;
  EocBadAnswer  answer;
} Rule;

struct _EocBadServer {
  GSocketService *service;
  char           *url;
  GCancellable   *stop;

  GMutex          lock;
  GCond           cond;
  GPtrArray      *rules;        /* of Rule, the last set first */
  guint           requests;
  guint           active;       /* connections being handled */
  gboolean        stopping;
};

static void
rule_free (Rule *rule)
{
  g_free (rule->prefix);
  g_free (rule);
}

static EocBadAnswer
answer_for (EocBadServer *self,
            const char   *path)
{
  EocBadAnswer answer = EOC_BAD_ANSWER_OK;

  g_mutex_lock (&self->lock);
  self->requests++;
  for (guint i = self->rules->len; i > 0; i--)
    {
      Rule *rule = g_ptr_array_index (self->rules, i - 1);

      if (g_str_has_prefix (path, rule->prefix))
        {
          answer = rule->answer;
          break;
        }
    }
  g_mutex_unlock (&self->lock);

  return answer;
}

/* Writing. Errors are ignored: the client may well have given up. */

static gboolean
write_all (GIOStream    *stream,
           const void   *data,
           gsize         length,
           GCancellable *cancellable)
{
  return g_output_stream_write_all (g_io_stream_get_output_stream (stream), data, length,
                                    NULL, cancellable, NULL);
}

static void
write_head (GIOStream    *stream,
            guint         status,
            const char   *reason,
            const char   *content_type,
            gsize         content_length,
            const char   *extra,
            GCancellable *cancellable)
{
  g_autofree char *head =
    g_strdup_printf ("HTTP/1.1 %u %s\r\n"
                     "Content-Type: %s\r\n"
                     "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                     "Connection: close\r\n"
                     "%s"
                     "\r\n", status, reason, content_type, content_length,
                     extra != NULL ? extra : "");

  write_all (stream, head, strlen (head), cancellable);
}

static void
write_answer (GIOStream    *stream,
              guint         status,
              const char   *reason,
              const char   *content_type,
              GBytes       *body,
              const char   *extra,
              GCancellable *cancellable)
{
  gsize length;
  const char *data = g_bytes_get_data (body, &length);

  write_head (stream, status, reason, content_type, length, extra, cancellable);
  write_all (stream, data, length, cancellable);
}

/* Bodies. */

/* What the path is: the member of a list ("environments"), an object, the
 * content of a backup, or nothing known. */
typedef enum {
  SHAPE_UNKNOWN,
  SHAPE_LIST,
  SHAPE_ENVIRONMENT,
  SHAPE_OPERATION,
  SHAPE_UPLOAD,
  SHAPE_HEALTH,
  SHAPE_ME,
  SHAPE_VERSIONS,
  SHAPE_CONTENT,
} Shape;

static Shape
shape_of (const char  *method,
          const char  *path,
          const char **member)
{
  g_auto(GStrv) parts = g_strsplit (path + strlen ("/api/v1/"), "/", -1);
  guint n = g_strv_length (parts);

  *member = NULL;
  if (!g_str_has_prefix (path, "/api/v1/") || n == 0)
    return SHAPE_UNKNOWN;

  if (g_str_equal (parts[0], "health"))
    return SHAPE_HEALTH;
  if (g_str_equal (parts[0], "me"))
    return SHAPE_ME;
  if (g_str_equal (parts[0], "versions"))
    return SHAPE_VERSIONS;
  if (g_str_equal (parts[0], "operations") && n == 2)
    return SHAPE_OPERATION;
  if (!g_str_equal (parts[0], "environments"))
    return SHAPE_UNKNOWN;

  if (n == 1 && g_str_equal (method, "GET"))
    {
      *member = "environments";
      return SHAPE_LIST;
    }
  if (n == 2)
    return SHAPE_ENVIRONMENT;
  if (n == 3 && g_str_equal (parts[2], "backups") && g_str_equal (method, "GET"))
    {
      *member = "backups";
      return SHAPE_LIST;
    }
  if (n == 3 && g_str_equal (parts[2], "activity"))
    {
      *member = "activity";
      return SHAPE_LIST;
    }
  if (n == 3 && g_str_equal (parts[2], "uploads"))
    return SHAPE_UPLOAD;
  if (n == 3 && (g_str_equal (parts[2], "import") || g_str_equal (parts[2], "update") ||
                 g_str_equal (parts[2], "start") || g_str_equal (parts[2], "stop")))
    return SHAPE_OPERATION;
  if (n == 5 && g_str_equal (parts[4], "restore"))
    return SHAPE_OPERATION;
  if ((n == 5 && g_str_equal (parts[4], "content")) ||
      (n == 3 && g_str_equal (parts[2], "configuration")))
    return SHAPE_CONTENT;

  return SHAPE_UNKNOWN;
}

#define ENVIRONMENT_JSON \
  "{\"id\": \"env-1\", \"name\": \"Staging\", \"description\": \"\", \"type\": \"staging\", " \
  "\"version\": \"1.0.0\", \"status\": \"running\", " \
  "\"created_at\": \"2024-01-01T00:00:00Z\", \"updated_at\": \"2024-01-01T00:00:00Z\"}"
#define OPERATION_JSON \
  "{\"id\": \"op-1\", \"environment_id\": \"env-1\", \"kind\": \"restore\", " \
  "\"state\": \"running\", \"progress\": 0.5}"
#define UPLOAD_JSON \
  "{\"id\": \"upload-1\", \"environment_id\": \"env-1\", \"filename\": \"a.zip\", \"size\": 4}"
#define CONTENT "PK\005\006\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"

static GBytes *
valid_body (Shape       shape,
            const char *member)
{
  switch (shape)
    {
    case SHAPE_LIST:
      if (g_str_equal (member, "environments"))
        return g_bytes_new_static ("{\"environments\": [" ENVIRONMENT_JSON "], "
                                   "\"next_cursor\": null}", strlen ("{\"environments\": ["
                                   ENVIRONMENT_JSON "], \"next_cursor\": null}"));
      return g_bytes_new_take (g_strdup_printf ("{\"%s\": [], \"next_cursor\": null}", member),
                               strlen (member) + strlen ("{\"\": [], \"next_cursor\": null}"));
    case SHAPE_ENVIRONMENT:
      return g_bytes_new_static (ENVIRONMENT_JSON, strlen (ENVIRONMENT_JSON));
    case SHAPE_OPERATION:
      return g_bytes_new_static (OPERATION_JSON, strlen (OPERATION_JSON));
    case SHAPE_UPLOAD:
      return g_bytes_new_static (UPLOAD_JSON, strlen (UPLOAD_JSON));
    case SHAPE_HEALTH:
      return g_bytes_new_static ("{\"status\": \"ok\", \"version\": \"1.0.0\"}",
                                 strlen ("{\"status\": \"ok\", \"version\": \"1.0.0\"}"));
    case SHAPE_ME:
      return g_bytes_new_static ("{\"id\": \"u-1\", \"name\": \"admin\", \"role\": \"admin\"}",
                                 strlen ("{\"id\": \"u-1\", \"name\": \"admin\", "
                                         "\"role\": \"admin\"}"));
    case SHAPE_VERSIONS:
      return g_bytes_new_static ("{\"versions\": [{\"version\": \"1.0.0\"}]}",
                                 strlen ("{\"versions\": [{\"version\": \"1.0.0\"}]}"));
    case SHAPE_CONTENT:
      return g_bytes_new_static (CONTENT, sizeof CONTENT - 1);
    case SHAPE_UNKNOWN:
    default:
      return NULL;
    }
}

/* An object of the path's shape whose fields are given by @fields (JSON
 * members without braces), wrapped in a list when the path is one. */
static GBytes *
shaped (Shape       shape,
        const char *member,
        const char *fields)
{
  g_autofree char *object = g_strdup_printf ("{%s}", fields);
  char *text;

  if (shape == SHAPE_LIST)
    text = g_strdup_printf ("{\"%s\": [%s], \"next_cursor\": null}", member, object);
  else
    text = g_steal_pointer (&object);
  return g_bytes_new_take (text, strlen (text));
}

static GBytes *
deep_body (void)
{
  GString *text = g_string_sized_new (2 * DEEP_LEVELS + 2);

  for (guint i = 0; i < DEEP_LEVELS; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < DEEP_LEVELS; i++)
    g_string_append_c (text, ']');
  return g_string_free_to_bytes (text);
}

static GBytes *
huge_string_body (Shape       shape,
                  const char *member)
{
  GString *text = g_string_sized_new (HUGE_STRING_BYTES + 256);

  if (shape == SHAPE_LIST)
    g_string_append_printf (text, "{\"%s\": [", member);
  g_string_append (text, "{\"id\": \"env-1\", \"environment_id\": \"env-1\", "
                         "\"status\": \"running\", \"state\": \"available\", \"name\": \"");
  g_string_set_size (text, text->len + HUGE_STRING_BYTES);
  memset (text->str + text->len - HUGE_STRING_BYTES, 'x', HUGE_STRING_BYTES);
  g_string_append (text, "\"}");
  if (shape == SHAPE_LIST)
    g_string_append (text, "], \"next_cursor\": null}");
  return g_string_free_to_bytes (text);
}

static const char html_page[] =
  "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n"
  "<body><h1>Bad Gateway</h1><p>The proxy could not reach the upstream.</p></body></html>\n";

/* Requests. */

typedef struct {
  char       *method;
  char       *path;
  GHashTable *headers;   /* lower-case name → value */
} Request;

static void
request_free (Request *request)
{
  g_free (request->method);
  g_free (request->path);
  g_clear_pointer (&request->headers, g_hash_table_unref);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

static Request *
read_request (GDataInputStream *in,
              GCancellable     *cancellable)
{
  g_autoptr(Request) request = g_new0 (Request, 1);
  g_autofree char *line = NULL;
  g_auto(GStrv) words = NULL;
  char *query;

  line = g_data_input_stream_read_line (in, NULL, cancellable, NULL);
  if (line == NULL)
    return NULL;
  words = g_strsplit (g_strchomp (line), " ", 3);
  if (g_strv_length (words) != 3)
    return NULL;
  request->method = g_strdup (words[0]);
  request->path = g_strdup (words[1]);
  if ((query = strchr (request->path, '?')) != NULL)
    *query = '\0';
  request->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (;;)
    {
      g_autofree char *header = g_data_input_stream_read_line (in, NULL, cancellable, NULL);
      char *colon;

      if (header == NULL)
        return NULL;
      g_strchomp (header);
      if (*header == '\0')
        break;
      if ((colon = strchr (header, ':')) == NULL)
        continue;
      *colon = '\0';
      g_hash_table_replace (request->headers, g_ascii_strdown (header, -1),
                            g_strdup (g_strstrip (colon + 1)));
    }

  return g_steal_pointer (&request);
}

/* Reads and drops the request's body (after a 100 Continue when asked). */
static gboolean
skip_body (GIOStream        *stream,
           GDataInputStream *in,
           Request          *request,
           GCancellable     *cancellable)
{
  const char *length = g_hash_table_lookup (request->headers, "content-length");
  const char *expect = g_hash_table_lookup (request->headers, "expect");
  guint64 size = length != NULL ? g_ascii_strtoull (length, NULL, 10) : 0;

  if (size == 0)
    return TRUE;
  if (expect != NULL && g_ascii_strcasecmp (expect, "100-continue") == 0)
    write_all (stream, "HTTP/1.1 100 Continue\r\n\r\n", 25, cancellable);
  return g_input_stream_skip (G_INPUT_STREAM (in), MIN (size, MAX_BODY_READ), cancellable,
                              NULL) >= 0;
}

/* WebSocket. */

static void
write_frame (GIOStream    *stream,
             guint8        opcode,
             const char   *data,
             gsize         length,
             GCancellable *cancellable)
{
  guint8 head[10];
  gsize head_length;

  head[0] = 0x80 | opcode;
  if (length < 126)
    {
      head[1] = (guint8) length;
      head_length = 2;
    }
  else if (length < 65536)
    {
      head[1] = 126;
      head[2] = (guint8) (length >> 8);
      head[3] = (guint8) length;
      head_length = 4;
    }
  else
    {
      head[1] = 127;
      for (guint i = 0; i < 8; i++)
        head[2 + i] = (guint8) ((guint64) length >> (8 * (7 - i)));
      head_length = 10;
    }
  write_all (stream, head, head_length, cancellable);
  write_all (stream, data, length, cancellable);
}

static void
write_text (GIOStream    *stream,
            const char   *text,
            GCancellable *cancellable)
{
  write_frame (stream, 0x1, text, strlen (text), cancellable);
}

static void
handle_events (EocBadServer     *self,
               GIOStream        *stream,
               GDataInputStream *in,
               Request          *request,
               EocBadAnswer      answer)
{
  const char *key = g_hash_table_lookup (request->headers, "sec-websocket-key");
  g_autoptr(GChecksum) sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  g_autofree char *accept = NULL;
  g_autofree char *head = NULL;
  guint8 digest[20];
  gsize digest_length = sizeof digest;
  char buffer[4096];

  if (key == NULL)
    return;

  g_checksum_update (sha1, (const guchar *) key, -1);
  g_checksum_update (sha1, (const guchar *) WEBSOCKET_GUID, -1);
  g_checksum_get_digest (sha1, digest, &digest_length);
  accept = g_base64_encode (digest, digest_length);
  head = g_strdup_printf ("HTTP/1.1 101 Switching Protocols\r\n"
                          "Upgrade: websocket\r\n"
                          "Connection: Upgrade\r\n"
                          "Sec-WebSocket-Accept: %s\r\n"
                          "\r\n", accept);
  write_all (stream, head, strlen (head), self->stop);
  write_text (stream, "{\"type\": \"hello\"}", self->stop);

  if (answer == EOC_BAD_ANSWER_GARBAGE_EVENTS)
    {
      static const char *const garbage[] = {
        "not JSON at all",
        "[1, 2, 3]",
        "\"a string\"",
        "{}",
        "{\"type\": 5}",
        "{\"type\": \"environment.changed\"}",
        "{\"type\": \"environment.changed\", \"environment\": 5}",
        "{\"type\": \"environment.changed\", \"environment\": {\"name\": \"No id\"}}",
        "{\"type\": \"environment.changed\", \"environment\": {\"id\": 7}}",
        "{\"type\": \"backup.created\", \"backup\": {\"id\": \"b-1\"}}",
        "{\"type\": \"backup.deleted\", \"backup\": {\"id\": 5}}",
        "{\"type\": \"operation.changed\", \"operation\": []}",
        "{\"type\": \"activity.added\", \"activity\": {\"id\": \"a-1\"}}",
        "{\"type\": \"pong\", \"id\": {}}",
        "{\"type\": \"from.the.future\", \"x\": 1}",
        "{\"type\": \"environment.changed\", \"environment\": {\"id\": \"env-1\"",
      };
      g_autoptr(GBytes) deep = deep_body ();
      gsize deep_length;
      const char *deep_data = g_bytes_get_data (deep, &deep_length);

      for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
        write_text (stream, garbage[i], self->stop);
      write_frame (stream, 0x1, deep_data, deep_length, self->stop);
      write_frame (stream, 0x2, "\x01\x02\x03", 3, self->stop);
      write_text (stream, "{\"type\": \"environment.changed\", \"environment\": "
                          "{\"id\": \"env-1\", \"name\": \"After the garbage\", "
                          "\"status\": \"levitating\"}}", self->stop);
      /* Then the connection drops without a close frame: the stream must
       * reconnect. A moment first, so that the client reads what was sent. */
      g_usleep (200 * 1000);
      return;
    }

  /* Reads (and drops) the client's frames until it or the test goes. */
  while (g_input_stream_read (G_INPUT_STREAM (in), buffer, sizeof buffer, self->stop, NULL) > 0)
    ;
}

/* Connections. */

static void
stall (EocBadServer *self)
{
  g_mutex_lock (&self->lock);
  while (!self->stopping)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);
}

static void
handle (EocBadServer     *self,
        GIOStream        *stream,
        GDataInputStream *in)
{
  g_autoptr(Request) request = read_request (in, self->stop);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) valid = NULL;
  EocBadAnswer answer;
  const char *member;
  Shape shape;

  if (request == NULL)
    return;

  answer = answer_for (self, request->path);
  shape = shape_of (request->method, request->path, &member);

  if (g_str_equal (request->path, "/api/v1/events"))
    {
      if (answer == EOC_BAD_ANSWER_OK || answer == EOC_BAD_ANSWER_GARBAGE_EVENTS)
        {
          handle_events (self, stream, in, request, answer);
          return;
        }
    }

  switch (answer)
    {
    case EOC_BAD_ANSWER_STALL:
      stall (self);
      return;

    case EOC_BAD_ANSWER_CLOSE:
      return;

    case EOC_BAD_ANSWER_HTML:
    case EOC_BAD_ANSWER_HTML_ERROR:
      body = g_bytes_new_static (html_page, sizeof html_page - 1);
      if (answer == EOC_BAD_ANSWER_HTML)
        write_answer (stream, 200, "OK", "text/html; charset=utf-8", body, NULL, self->stop);
      else
        write_answer (stream, 502, "Bad Gateway", "text/html; charset=utf-8", body, NULL,
                      self->stop);
      return;

    default:
      break;
    }

  valid = valid_body (shape, member);
  if (valid == NULL)
    {
      body = g_bytes_new_static ("{\"error\": {\"code\": \"not_found\", "
                                 "\"message\": \"Not found.\"}}",
                                 strlen ("{\"error\": {\"code\": \"not_found\", "
                                         "\"message\": \"Not found.\"}}"));
      write_answer (stream, 404, "Not Found", "application/json", body, NULL, self->stop);
      return;
    }

  switch (answer)
    {
    case EOC_BAD_ANSWER_TRUNCATED:
      {
        gsize length;
        const char *data = g_bytes_get_data (valid, &length);

        write_head (stream, 200, "OK", shape == SHAPE_CONTENT ? "application/zip"
                    : "application/json", length + 1000,
                    shape == SHAPE_CONTENT
                    ? "X-Content-SHA256: 0000000000000000000000000000000000000000000000000000000000000000\r\n"
                    : NULL, self->stop);
        write_all (stream, data, length / 2, self->stop);
        return;
      }
    case EOC_BAD_ANSWER_DEEP:
      body = deep_body ();
      break;
    case EOC_BAD_ANSWER_HUGE_STRING:
      body = huge_string_body (shape, member);
      break;
    case EOC_BAD_ANSWER_WRONG_TYPES:
      if (shape == SHAPE_LIST)
        {
          g_autofree char *text = g_strdup_printf ("{\"%s\": {}, \"next_cursor\": 5}", member);

          body = g_bytes_new (text, strlen (text));
        }
      else
        body = shaped (shape, member, "\"id\": \"env-1\", \"environment_id\": [], \"name\": 5, "
                                      "\"status\": 5, \"state\": 5, \"type\": [], \"kind\": {}, "
                                      "\"progress\": \"half\", \"created_at\": 12, "
                                      "\"size\": \"big\", \"version\": true, "
                                      "\"versions\": \"1.0.0\"");
      break;
    case EOC_BAD_ANSWER_MISSING_FIELDS:
      if (shape == SHAPE_LIST)
        body = g_bytes_new_static ("{\"next_cursor\": null}", strlen ("{\"next_cursor\": null}"));
      else
        body = g_bytes_new_static ("{\"name\": \"Staging\"}", strlen ("{\"name\": \"Staging\"}"));
      break;
    case EOC_BAD_ANSWER_UNKNOWN_ENUM:
      body = shaped (shape, member, "\"id\": \"env-1\", \"environment_id\": \"env-1\", "
                                    "\"name\": \"Lunar\", \"type\": \"lunar\", "
                                    "\"version\": \"1.0.0\", \"status\": \"levitating\", "
                                    "\"state\": \"dreaming\", \"kind\": \"teleport\", "
                                    "\"origin\": \"elsewhere\", \"role\": \"emperor\"");
      break;
    case EOC_BAD_ANSWER_OK:
    default:
      if (shape == SHAPE_UPLOAD || shape == SHAPE_OPERATION)
        skip_body (stream, in, request, self->stop);
      body = g_bytes_ref (valid);
      break;
    }

  if (shape == SHAPE_CONTENT && answer == EOC_BAD_ANSWER_OK)
    {
      g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, body);
      g_autofree char *extra = g_strdup_printf ("X-Content-SHA256: %s\r\n", sha);

      write_answer (stream, 200, "OK", "application/zip", body, extra, self->stop);
      return;
    }

  write_answer (stream, shape == SHAPE_UPLOAD ? 201 : shape == SHAPE_OPERATION &&
                g_str_equal (request->method, "POST") ? 202 : 200,
                "OK", "application/json", body, NULL, self->stop);
}

static gboolean
run_cb (GThreadedSocketService *service,
        GSocketConnection      *connection,
        GObject                *source_object,
        gpointer                user_data)
{
  EocBadServer *self = user_data;
  g_autoptr(GDataInputStream) in = NULL;

  g_mutex_lock (&self->lock);
  if (self->stopping)
    {
      g_mutex_unlock (&self->lock);
      return TRUE;
    }
  self->active++;
  g_mutex_unlock (&self->lock);

  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (in), FALSE);
  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_LF);
  handle (self, G_IO_STREAM (connection), in);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  g_mutex_lock (&self->lock);
  self->active--;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  return TRUE;
}

static void
release_cb (gpointer  data,
            GClosure *closure)
{
  EocBadServer *self = data;

  g_object_unref (self->stop);
  g_ptr_array_unref (self->rules);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self->url);
  g_free (self);
}

EocBadServer *
eoc_bad_server_new (void)
{
  EocBadServer *self = g_new0 (EocBadServer, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) rule_free);
  self->stop = g_cancellable_new ();
  self->service = g_threaded_socket_service_new (32);
  g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                 &effective, &error);
  g_assert_no_error (error);
  self->url = g_strdup_printf ("http://127.0.0.1:%u",
                               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
  /* The service's threads may still start a connection's handler after
   * eoc_bad_server_free(): the state goes with the service's last reference,
   * which each handler's job holds. */
  g_signal_connect_data (self->service, "run", G_CALLBACK (run_cb), self,
                         (GClosureNotify) release_cb, 0);
  g_socket_service_start (self->service);

  return self;
}

const char *
eoc_bad_server_get_url (EocBadServer *self)
{
  return self->url;
}

void
eoc_bad_server_set_answer (EocBadServer *self,
                           const char   *path_prefix,
                           EocBadAnswer  answer)
{
  Rule *rule = g_new0 (Rule, 1);

  rule->prefix = g_strdup (path_prefix);
  rule->answer = answer;
  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->rules, rule);
  g_mutex_unlock (&self->lock);
}

guint
eoc_bad_server_get_requests (EocBadServer *self)
{
  guint requests;

  g_mutex_lock (&self->lock);
  requests = self->requests;
  g_mutex_unlock (&self->lock);
  return requests;
}

void
eoc_bad_server_free (EocBadServer *self)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));

  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  g_cancellable_cancel (self->stop);

  g_mutex_lock (&self->lock);
  while (self->active > 0)
    {
      if (!g_cond_wait_until (&self->cond, &self->lock, deadline))
        g_error ("The bad server's connections did not end");
    }
  g_mutex_unlock (&self->lock);

  /* The rest goes in release_cb (), with the service. */
  g_object_unref (self->service);
}
