/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-client.c: the client of the service's HTTP API.
 *
 * Every request goes the same way: soup_session_send_async(), then the answer
 * is read as it comes (never with send_and_read: see PITFALLS.md), then
 * parsed — in a worker thread when it is large — into models. Each step is a
 * callback that hands the GTask on with g_steal_pointer() and returns early
 * when the caller has cancelled.
 *
 * Uploads stream the file as the request body, so their memory does not grow
 * with the file, and send "Expect: 100-continue" so that a refusal (too large,
 * not allowed) comes before the body is sent. Downloads stream into a
 * temporary file next to the destination, computing its SHA-256 as they
 * write, and rename it into place only when complete and matching the
 * service's X-Content-SHA256.
 */

#define G_LOG_DOMAIN "eoc-client"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <gio/gfiledescriptorbased.h>
#include <glib/gi18n-lib.h>

#include "eoc-client.h"
#include "eoc-client-error-private.h"
#include "eoc-json.h"
#include "eoc-models-json.h"

#define API_PREFIX "/api/v1"

/* Answers are read this much at a time. */
#define READ_CHUNK (64 * 1024)
/* The largest JSON answer accepted (a page of 500 backups is about 250 KiB). */
#define MAX_JSON_ANSWER (64 * 1024 * 1024)
/* The longest string accepted in a JSON answer: names and descriptions are
 * short; a text of megabytes is not an answer the window could show. */
#define MAX_JSON_STRING (1024 * 1024)
/* Larger JSON answers are parsed in a worker thread. */
#define PARSE_IN_THREAD_ABOVE (32 * 1024)
/* Progress is reported at most this often. */
#define PROGRESS_INTERVAL (100 * G_TIME_SPAN_MILLISECOND)

#define DEFAULT_TIMEOUT 30
#define DEFAULT_MAX_CONNS_PER_HOST 6

/**
 * EocClient:
 *
 * The client of one Env Ops Center service: its base URI, the token it signs
 * in with, and the #SoupSession it talks through (injectable, for tests and
 * for sharing one session in the application).
 */

/* How long a prefetched list of environments stays good to hand out. */
#define PREFETCH_MAX_AGE_USEC (5 * G_USEC_PER_SEC)

typedef struct _Prefetch Prefetch;

struct _EocClient {
  GObject      parent_instance;

  char        *base_uri;
  GUri        *base;        /* parsed, or NULL when not an http(s) URI */
  char        *service;     /* the base URI as said in messages */
  char        *token;
  SoupSession *session;

  Prefetch    *prefetch;    /* eoc_client_prefetch_environments(), until taken */
};

G_DEFINE_FINAL_TYPE (EocClient, eoc_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URI,
  PROP_TOKEN,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Whether @host is this machine: 127.0.0.0/8, ::1 or localhost. */
static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static void
eoc_client_constructed (GObject *object)
{
  EocClient *self = (EocClient *) object;
  GUri *uri;

  G_OBJECT_CLASS (eoc_client_parent_class)->constructed (object);

  uri = self->base_uri != NULL ? g_uri_parse (self->base_uri, SOUP_HTTP_URI_FLAGS, NULL) : NULL;
  if (uri != NULL &&
      (g_strcmp0 (g_uri_get_scheme (uri), "http") == 0 ||
       g_strcmp0 (g_uri_get_scheme (uri), "https") == 0) &&
      g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0')
    {
      self->base = uri;
      self->service = g_uri_to_string_partial (uri, G_URI_HIDE_USERINFO | G_URI_HIDE_QUERY |
                                                    G_URI_HIDE_FRAGMENT);
      if (g_str_has_suffix (self->service, "/"))
        self->service[strlen (self->service) - 1] = '\0';
    }
  else
    {
      g_clear_pointer (&uri, g_uri_unref);
      self->service = g_strdup (self->base_uri != NULL ? self->base_uri : "");
    }

  if (self->session == NULL)
    {
      self->session = soup_session_new_with_options ("timeout", DEFAULT_TIMEOUT,
                                                     "max-conns-per-host", DEFAULT_MAX_CONNS_PER_HOST,
                                                     "user-agent", "env-ops-center/" PACKAGE_VERSION " ",
                                                     NULL);
      /* A service on this machine is never reached through a proxy (the system's proxy
       * settings leave loopback addresses out). Without a resolver, the first request does
       * not load GIO's proxy modules and libproxy on the main thread first: the local
       * service's window, the main use, opens that much sooner. */
      if (self->base != NULL && host_is_loopback (g_uri_get_host (self->base)))
        soup_session_set_proxy_resolver (self->session, NULL);
    }
}

static void prefetch_drop (Prefetch *prefetch);

static void
eoc_client_dispose (GObject *object)
{
  EocClient *self = (EocClient *) object;

  g_clear_pointer (&self->prefetch, prefetch_drop);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (eoc_client_parent_class)->dispose (object);
}

static void
eoc_client_finalize (GObject *object)
{
  EocClient *self = (EocClient *) object;

  g_free (self->base_uri);
  g_clear_pointer (&self->base, g_uri_unref);
  g_free (self->service);
  g_free (self->token);

  G_OBJECT_CLASS (eoc_client_parent_class)->finalize (object);
}

static void
eoc_client_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  EocClient *self = EOC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URI:
      g_value_set_string (value, self->base_uri);
      break;

    case PROP_TOKEN:
      g_value_set_string (value, self->token);
      break;

    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_client_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  EocClient *self = EOC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URI:
      self->base_uri = g_value_dup_string (value);
      break;

    case PROP_TOKEN:
      eoc_client_set_token (self, g_value_get_string (value));
      break;

    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_client_class_init (EocClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = eoc_client_constructed;
  object_class->dispose = eoc_client_dispose;
  object_class->finalize = eoc_client_finalize;
  object_class->get_property = eoc_client_get_property;
  object_class->set_property = eoc_client_set_property;

  /**
   * EocClient:base-uri:
   *
   * The service's address, such as "https://ops.example.com" (the API is
   * under /api/v1 there).
   */
  properties[PROP_BASE_URI] =
    g_param_spec_string ("base-uri", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * EocClient:token:
   *
   * The bearer token sent with every request, or %NULL.
   */
  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocClient:session:
   *
   * The session requests go through. When none is given, one is made with a
   * timeout of 30 s and 6 connections per host.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         SOUP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
eoc_client_init (EocClient *self)
{
}

/**
 * eoc_client_new:
 * @base_uri: the service's address, such as "https://ops.example.com"
 * @token: (nullable): the bearer token to sign in with
 *
 * Returns: (transfer full): a new client with a session of its own
 */
EocClient *
eoc_client_new (const char *base_uri,
                const char *token)
{
  g_return_val_if_fail (base_uri != NULL, NULL);

  return g_object_new (EOC_TYPE_CLIENT, "base-uri", base_uri, "token", token, NULL);
}

/**
 * eoc_client_new_with_session:
 * @base_uri: the service's address
 * @token: (nullable): the bearer token to sign in with
 * @session: (nullable): the session to use, or %NULL for a new one
 *
 * Returns: (transfer full): a new client
 */
EocClient *
eoc_client_new_with_session (const char  *base_uri,
                             const char  *token,
                             SoupSession *session)
{
  g_return_val_if_fail (base_uri != NULL, NULL);
  g_return_val_if_fail (session == NULL || SOUP_IS_SESSION (session), NULL);

  return g_object_new (EOC_TYPE_CLIENT,
                       "base-uri", base_uri,
                       "token", token,
                       "session", session,
                       NULL);
}

/**
 * eoc_client_get_base_uri:
 * @self: a client
 *
 * Returns: (transfer none): the #EocClient:base-uri property
 */
const char *
eoc_client_get_base_uri (EocClient *self)
{
  g_return_val_if_fail (EOC_IS_CLIENT (self), NULL);

  return self->base_uri;
}

/**
 * eoc_client_get_token:
 * @self: a client
 *
 * Returns: (transfer none) (nullable): the #EocClient:token property
 */
const char *
eoc_client_get_token (EocClient *self)
{
  g_return_val_if_fail (EOC_IS_CLIENT (self), NULL);

  return self->token;
}

/**
 * eoc_client_set_token:
 * @self: a client
 * @token: (nullable): the bearer token for the next requests
 *
 * Sets the #EocClient:token property.
 */
void
eoc_client_set_token (EocClient  *self,
                      const char *token)
{
  g_return_if_fail (EOC_IS_CLIENT (self));

  if (g_strcmp0 (self->token, token) == 0)
    return;

  g_free (self->token);
  self->token = g_strdup (token);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);
}

/**
 * eoc_client_get_session:
 * @self: a client
 *
 * Returns: (transfer none): the #EocClient:session property
 */
SoupSession *
eoc_client_get_session (EocClient *self)
{
  g_return_val_if_fail (EOC_IS_CLIENT (self), NULL);

  return self->session;
}

/**
 * eoc_client_build_uri:
 * @self: a client
 * @path_and_query: an absolute path under the base URI, already escaped,
 *   with an optional query, such as "/api/v1/events"
 *
 * Returns: (transfer full) (nullable): the full URI, or %NULL when the
 *   base URI is not an http or https URI
 */
GUri *
eoc_client_build_uri (EocClient  *self,
                      const char *path_and_query)
{
  g_autofree char *path = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *path_only = NULL;
  const char *query;

  g_return_val_if_fail (EOC_IS_CLIENT (self), NULL);
  g_return_val_if_fail (path_and_query != NULL && path_and_query[0] == '/', NULL);

  if (self->base == NULL)
    return NULL;

  prefix = g_strdup (g_uri_get_path (self->base));
  while (g_str_has_suffix (prefix, "/"))
    prefix[strlen (prefix) - 1] = '\0';

  query = strchr (path_and_query, '?');
  if (query != NULL)
    path_only = g_strndup (path_and_query, query - path_and_query);
  path = g_strconcat (prefix, path_only != NULL ? path_only : path_and_query, NULL);

  return g_uri_build (SOUP_HTTP_URI_FLAGS,
                      g_uri_get_scheme (self->base),
                      NULL,
                      g_uri_get_host (self->base),
                      g_uri_get_port (self->base),
                      path,
                      query != NULL ? query + 1 : NULL,
                      NULL);
}

/**
 * eoc_client_new_message:
 * @self: a client
 * @method: an HTTP method, such as %SOUP_METHOD_GET
 * @path_and_query: as for eoc_client_build_uri()
 *
 * Makes a message to the service that signs in with the client's token and
 * does not follow redirects (which could carry the token elsewhere).
 *
 * Returns: (transfer full) (nullable): the message, or %NULL when the base
 *   URI is not an http or https URI
 */
SoupMessage *
eoc_client_new_message (EocClient  *self,
                        const char *method,
                        const char *path_and_query)
{
  g_autoptr(GUri) uri = NULL;
  SoupMessageHeaders *headers;
  SoupMessage *msg;

  g_return_val_if_fail (EOC_IS_CLIENT (self), NULL);
  g_return_val_if_fail (method != NULL, NULL);

  uri = eoc_client_build_uri (self, path_and_query);
  if (uri == NULL)
    return NULL;

  msg = soup_message_new_from_uri (method, uri);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);

  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (self->token != NULL && *self->token != '\0')
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
    }

  return msg;
}

/* Paths. */

/* "/api/v1/SEGMENT/SEGMENT...", each segment escaped. */
static char *
api_path (const char *first,
          ...)
{
  GString *path = g_string_new (API_PREFIX);
  const char *segment;
  va_list args;

  va_start (args, first);
  for (segment = first; segment != NULL; segment = va_arg (args, const char *))
    {
      g_string_append_c (path, '/');
      g_string_append_uri_escaped (path, segment, NULL, FALSE);
    }
  va_end (args);

  return g_string_free (path, FALSE);
}

static void
append_query (GString    *path,
              const char *name,
              const char *value)
{
  if (value == NULL)
    return;

  g_string_append_c (path, strchr (path->str, '?') == NULL ? '?' : '&');
  g_string_append (path, name);
  g_string_append_c (path, '=');
  g_string_append_uri_escaped (path, value, NULL, FALSE);
}

static GError *
invalid_address_error (EocClient *self)
{
  g_autofree char *message =
    g_strdup_printf (_("“%s” is not the address of a service. "
                       "Use an address such as https://ops.example.com."), self->service);

  return eoc_client_error_new_literal (EOC_CLIENT_ERROR_CANNOT_CONNECT, message);
}

/* Progress, throttled. */

typedef struct {
  EocProgressFunc func;
  gpointer        data;
  GDestroyNotify  destroy;
  gint64          last_time;
} Progress;

static void
progress_clear (Progress *progress)
{
  if (progress->destroy != NULL)
    g_clear_pointer (&progress->data, progress->destroy);
  progress->func = NULL;
}

static void
progress_report (Progress *progress,
                 guint64   done,
                 guint64   total,
                 gboolean  force)
{
  gint64 now;

  if (progress->func == NULL)
    return;

  now = g_get_monotonic_time ();
  if (!force && now - progress->last_time < PROGRESS_INTERVAL)
    return;

  progress->last_time = now;
  progress->func (done, total, progress->data);
}

/* Answer streams. libsoup 3.2 closes a response stream synchronously when its
 * last reference goes, running the message to its end on the spot: after an
 * early refusal of a request with "Expect: 100-continue" that blocks until the
 * session's timeout. So every answer stream is closed asynchronously before
 * it is dropped. */

static void
answer_closed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_input_stream_close_finish (G_INPUT_STREAM (source), result, NULL);
  g_object_unref (source);
}

static void
answer_close (GInputStream *stream)
{
  if (stream == NULL || g_input_stream_is_closed (stream))
    return;

  g_input_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL, answer_closed_cb,
                              g_object_ref (stream));
}

/* Reading a whole answer body, up to a limit; the stream is then closed. */

typedef struct {
  GInputStream *stream;
  GByteArray   *data;
  gsize         max;
  gboolean      keep_open;   /* at its end, the caller deals with the stream */
} ReadBody;

static void
read_body_free (ReadBody *read)
{
  g_clear_object (&read->stream);
  g_clear_pointer (&read->data, g_byte_array_unref);
  g_free (read);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReadBody, read_body_free)

static void read_body_next (GTask *task);

static void
read_body_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReadBody *read = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;
  gsize size;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (bytes == NULL)
    {
      answer_close (read->stream);
      g_task_return_error (task, error);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    {
      answer_close (read->stream);
      return;
    }

  size = g_bytes_get_size (bytes);
  if (size == 0)
    {
      if (!read->keep_open)
        answer_close (read->stream);
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&read->data)),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (read->data->len + size > read->max)
    {
      answer_close (read->stream);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                               "The answer is larger than %" G_GSIZE_FORMAT " bytes", read->max);
      return;
    }

  g_byte_array_append (read->data, g_bytes_get_data (bytes, NULL), size);
  read_body_next (g_steal_pointer (&task));
}

static void
read_body_next (GTask *task)
{
  ReadBody *read = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (read->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), read_body_cb, task);
}

static void
read_body_async (GInputStream        *stream,
                 gsize                max,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  ReadBody *read = g_new0 (ReadBody, 1);

  g_task_set_source_tag (task, read_body_async);
  read->stream = g_object_ref (stream);
  read->data = g_byte_array_new ();
  read->max = max;
  g_task_set_task_data (task, read, (GDestroyNotify) read_body_free);
  read_body_next (task);
}

/* An upload's answer. After an early refusal (a request sent with "Expect:
 * 100-continue" answered at once), libsoup 3.2 frees the message's I/O while
 * the answer stream still points at it: closing that stream asynchronously
 * then crashes inside libsoup, and closing it synchronously (dropping it)
 * blocks until the session's timeout. So the stream is left open at its end
 * and kept, unclosed, until its message says it finished; dropped then, it
 * has nothing left to close. */

typedef struct {
  SoupMessage  *msg;
  GInputStream *stream;
  gulong        finished_id;
} Linger;

static void
linger_finished_cb (SoupMessage *msg,
                    Linger      *linger)
{
  g_signal_handler_disconnect (linger->msg, linger->finished_id);
  g_object_unref (linger->stream);
  g_object_unref (linger->msg);
  g_free (linger);
}

static void
linger_until_finished (SoupMessage  *msg,
                       GInputStream *stream)
{
  Linger *linger = g_new0 (Linger, 1);

  linger->msg = g_object_ref (msg);
  linger->stream = g_object_ref (stream);
  linger->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (linger_finished_cb),
                                          linger);
}

static void
read_upload_answer_async (GInputStream        *stream,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  ReadBody *read = g_new0 (ReadBody, 1);

  g_task_set_source_tag (task, read_body_async);
  read->stream = g_object_ref (stream);
  read->data = g_byte_array_new ();
  read->max = MAX_JSON_ANSWER;
  read->keep_open = TRUE;
  g_task_set_task_data (task, read, (GDestroyNotify) read_body_free);
  read_body_next (task);
}

static GBytes *
read_body_finish (GAsyncResult  *result,
                  GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The error for an answer that is not 2xx, or NULL when it is. */
static GError *
answer_error (EocClient   *self,
              SoupMessage *msg,
              GBytes      *body)
{
  guint status = soup_message_get_status (msg);

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    return NULL;

  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      const char *location =
        soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");
      g_autofree char *why =
        g_strdup_printf (_("it redirects to %s; if that is the service, use its address"),
                         location != NULL ? location : "another address");

      return eoc_client_error_new_invalid_response (self->service, why);
    }

  return eoc_client_error_new_from_response (status, body, self->service);
}

/* libsoup 3.2 reads a body that ends before its Content-Length as if it were
 * complete: a connection lost mid-answer would pass for an answer (cut JSON
 * read as "not understood", or worse, a shorter list). The error for that,
 * or NULL when the body is whole. */
static GError *
cut_short_error (EocClient   *self,
                 SoupMessage *msg,
                 GBytes      *body)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  g_autoptr(GError) lost = NULL;

  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH ||
      (guint64) soup_message_headers_get_content_length (headers) <= g_bytes_get_size (body))
    return NULL;

  lost = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                              _("the answer was cut short"));
  return eoc_client_error_new_from_transport (lost, self->service);
}

/* A successful answer that says it is not JSON (a proxy's or a web
 * server's page): the error, naming what came, or NULL. */
static GError *
not_json_error (EocClient   *self,
                SoupMessage *msg)
{
  const char *type;
  g_autofree char *why = NULL;

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)))
    return NULL;
  type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);
  if (type == NULL || g_ascii_strcasecmp (type, "application/json") == 0)
    return NULL;

  why = g_strdup_printf (_("a “%s” document instead of JSON"), type);
  return eoc_client_error_new_invalid_response (self->service, why);
}

/* A read error while receiving an answer. */
static GError *
read_error (EocClient    *self,
            const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
    return eoc_client_error_new_invalid_response (self->service, _("the answer is too large"));
  return eoc_client_error_new_from_transport (error, self->service);
}

/* Parses an answer's JSON; errors are in EOC_CLIENT_ERROR. */
static JsonNode *
parse_answer (EocClient  *self,
              GBytes     *body,
              GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (body, &length);
  gsize longest = eoc_json_longest_string (data, length);
  JsonNode *root;

  if (longest > MAX_JSON_STRING)
    {
      g_autofree char *size = g_format_size (longest);
      g_autofree char *why = g_strdup_printf (_("it holds a text of %s"), size);

      g_propagate_error (error, eoc_client_error_new_invalid_response (self->service, why));
      return NULL;
    }

  root = eoc_json_parse (data, length, EOC_JSON_MAX_DEPTH, &local_error);
  if (root == NULL)
    {
      g_autofree char *why = g_strdup_printf (_("not valid JSON: %s"), local_error->message);

      g_propagate_error (error, eoc_client_error_new_invalid_response (self->service, why));
      return NULL;
    }

  return root;
}

/* JSON requests. */

typedef struct _Call Call;
typedef gpointer (*ParseFunc) (Call *call, JsonNode *root, GError **error);

struct _Call {
  EocClient       *client;
  SoupMessage     *msg;
  GBytes          *body;
  ParseFunc        parse;          /* NULL: the answer's body is not read */
  GDestroyNotify   result_free;
  EocModelNewFunc  model_new;      /* for parse_model and parse_page */
  const char      *member;         /* for parse_page */
};

static void
call_free (Call *call)
{
  g_clear_object (&call->client);
  g_clear_object (&call->msg);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_free (call);
}

static GTask *
call_new (EocClient           *self,
          const char          *method,
          const char          *path_and_query,
          JsonObject          *body,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Call *call = g_new0 (Call, 1);

  g_task_set_source_tag (task, source_tag);
  call->client = g_object_ref (self);
  call->msg = eoc_client_new_message (self, method, path_and_query);
  if (call->msg != NULL && body != NULL)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      g_autoptr(GBytes) bytes = NULL;
      char *text;

      json_node_set_object (node, body);
      text = eoc_json_to_string (node);
      bytes = g_bytes_new_take (text, strlen (text));
      soup_message_set_request_body_from_bytes (call->msg, "application/json", bytes);
    }

  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  return task;
}

static void
call_parse_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Call *call = task_data;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  gpointer result;

  root = parse_answer (call->client, call->body, &error);
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  result = call->parse (call, root, &error);
  if (result == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, result, call->result_free);
}

static void
call_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GError *answer;

  call->body = read_body_finish (result, &error);
  if (call->body == NULL)
    {
      g_task_return_error (task, read_error (call->client, error));
      return;
    }

  answer = cut_short_error (call->client, call->msg, call->body);
  if (answer == NULL)
    answer = answer_error (call->client, call->msg, call->body);
  if (answer == NULL && call->parse != NULL)
    answer = not_json_error (call->client, call->msg);
  if (answer != NULL)
    {
      g_task_return_error (task, answer);
      return;
    }

  if (call->parse == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (g_bytes_get_size (call->body) > PARSE_IN_THREAD_ABOVE)
    g_task_run_in_thread (task, call_parse_thread);
  else
    call_parse_thread (task, call->client, call, g_task_get_cancellable (task));
}

static void
call_sent_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, eoc_client_error_new_from_transport (error, call->client->service));
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    {
      answer_close (stream);
      return;
    }

  read_body_async (stream, MAX_JSON_ANSWER, cancellable, call_read_cb,
                   g_steal_pointer (&task));
}

/* Sends the call's message; the task's result is what call->parse returns,
 * or TRUE when it is NULL. */
static void
call_send (GTask *task)
{
  Call *call = g_task_get_task_data (task);

  if (call->msg == NULL)
    {
      g_task_return_error (task, invalid_address_error (call->client));
      g_object_unref (task);
      return;
    }

  soup_session_send_async (call->client->session, call->msg, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), call_sent_cb, task);
}

static gpointer
call_finish (EocClient     *self,
             GAsyncResult  *result,
             gpointer       source_tag,
             GError       **error)
{
  g_return_val_if_fail (EOC_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
call_finish_boolean (EocClient     *self,
                     GAsyncResult  *result,
                     gpointer       source_tag,
                     GError       **error)
{
  g_return_val_if_fail (EOC_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Parsers. */

static GError *
unexpected_answer (Call       *call,
                   const char *what)
{
  g_autofree char *why = g_strdup_printf (_("%s is missing"), what);

  return eoc_client_error_new_invalid_response (call->client->service, why);
}

static JsonObject *
root_object (Call      *call,
             JsonNode  *root,
             GError   **error)
{
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_propagate_error (error, unexpected_answer (call, _("the answer's object")));
      return NULL;
    }
  return json_node_get_object (root);
}

static gpointer
parse_model (Call      *call,
             JsonNode  *root,
             GError   **error)
{
  JsonObject *object = root_object (call, root, error);
  gpointer model;

  if (object == NULL)
    return NULL;

  model = call->model_new (object);
  if (model == NULL)
    g_propagate_error (error, unexpected_answer (call, _("the object's identifier")));
  return model;
}

typedef struct {
  GPtrArray *items;
  char      *next_cursor;
} Page;

static void
page_free (Page *page)
{
  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_free (page->next_cursor);
  g_free (page);
}

static gpointer
parse_page (Call      *call,
            JsonNode  *root,
            GError   **error)
{
  JsonObject *object = root_object (call, root, error);
  JsonNode *items, *cursor;
  Page *page;

  if (object == NULL)
    return NULL;

  items = json_object_get_member (object, call->member);
  if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items))
    {
      g_autofree char *what = g_strdup_printf ("“%s”", call->member);

      g_propagate_error (error, unexpected_answer (call, what));
      return NULL;
    }

  page = g_new0 (Page, 1);
  page->items = eoc_models_new_array_from_json (json_node_get_array (items), call->model_new);

  cursor = json_object_get_member (object, "next_cursor");
  if (cursor != NULL && JSON_NODE_HOLDS_VALUE (cursor) &&
      json_node_get_value_type (cursor) == G_TYPE_STRING &&
      *json_node_get_string (cursor) != '\0')
    page->next_cursor = g_strdup (json_node_get_string (cursor));

  return page;
}

static GPtrArray *
page_finish (EocClient     *self,
             GAsyncResult  *result,
             gpointer       source_tag,
             char         **next_cursor,
             GError       **error)
{
  Page *page = call_finish (self, result, source_tag, error);
  GPtrArray *items;

  if (next_cursor != NULL)
    *next_cursor = NULL;
  if (page == NULL)
    return NULL;

  if (next_cursor != NULL)
    *next_cursor = g_steal_pointer (&page->next_cursor);
  items = g_steal_pointer (&page->items);
  page_free (page);
  return items;
}

static gpointer
parse_string_member (Call      *call,
                     JsonNode  *root,
                     GError   **error)
{
  JsonObject *object = root_object (call, root, error);
  JsonNode *node;

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, call->member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *what = g_strdup_printf ("“%s”", call->member);

      g_propagate_error (error, unexpected_answer (call, what));
      return NULL;
    }

  return g_strdup (json_node_get_string (node));
}

/* Starts a request whose answer is one model made by @model_new. */
static void
request_model (EocClient           *self,
               const char          *method,
               const char          *path,
               JsonObject          *body,
               EocModelNewFunc      model_new,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task = call_new (self, method, path, body, source_tag, cancellable, callback, user_data);
  Call *call = g_task_get_task_data (task);

  call->parse = parse_model;
  call->model_new = model_new;
  call->result_free = g_object_unref;
  call_send (task);
}

/* Starts a request whose answer is {"@member": [...], "next_cursor": ...}. */
static void
request_page (EocClient           *self,
              const char          *path,
              const char          *member,
              EocModelNewFunc      model_new,
              gpointer             source_tag,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  GTask *task = call_new (self, SOUP_METHOD_GET, path, NULL, source_tag, cancellable, callback,
                          user_data);
  Call *call = g_task_get_task_data (task);

  call->parse = parse_page;
  call->member = member;
  call->model_new = model_new;
  call->result_free = (GDestroyNotify) page_free;
  call_send (task);
}

/* Starts a request whose answer is ignored (204). */
static void
request_no_answer (EocClient           *self,
                   const char          *method,
                   const char          *path,
                   gpointer             source_tag,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  call_send (call_new (self, method, path, NULL, source_tag, cancellable, callback, user_data));
}

#define CHECK_ID(id) g_return_if_fail ((id) != NULL && *(id) != '\0')

/* The service. */

/**
 * eoc_client_get_health_async:
 * @self: a client
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Checks that the service answers (GET /health; no sign-in needed).
 */
void
eoc_client_get_health_async (EocClient           *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autofree char *path = api_path ("health", NULL);
  GTask *task;
  Call *call;

  g_return_if_fail (EOC_IS_CLIENT (self));

  task = call_new (self, SOUP_METHOD_GET, path, NULL, eoc_client_get_health_async, cancellable,
                   callback, user_data);
  call = g_task_get_task_data (task);
  call->parse = parse_string_member;
  call->member = "version";
  call->result_free = g_free;
  call_send (task);
}

/**
 * eoc_client_get_health_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): the service's version, or %NULL with @error set
 */
char *
eoc_client_get_health_finish (EocClient     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return call_finish (self, result, eoc_client_get_health_async, error);
}

/**
 * eoc_client_get_me_async:
 * @self: a client
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Asks who the token signs in as, and what they may do.
 */
void
eoc_client_get_me_async (EocClient           *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autofree char *path = api_path ("me", NULL);

  g_return_if_fail (EOC_IS_CLIENT (self));

  request_model (self, SOUP_METHOD_GET, path, NULL, (EocModelNewFunc) eoc_user_new_from_json,
                 eoc_client_get_me_async, cancellable, callback, user_data);
}

/**
 * eoc_client_get_me_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): the signed-in user, or %NULL with @error set
 */
EocUser *
eoc_client_get_me_finish (EocClient     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return call_finish (self, result, eoc_client_get_me_async, error);
}

static gpointer
parse_versions (Call      *call,
                JsonNode  *root,
                GError   **error)
{
  JsonObject *object = root_object (call, root, error);
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonNode *node;
  JsonArray *array;

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, "versions");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_propagate_error (error, unexpected_answer (call, "“versions”"));
      return NULL;
    }

  builder = g_strv_builder_new ();
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonNode *version = NULL;

      if (JSON_NODE_HOLDS_OBJECT (element))
        version = json_object_get_member (json_node_get_object (element), "version");
      else
        version = element;

      if (version != NULL && JSON_NODE_HOLDS_VALUE (version) &&
          json_node_get_value_type (version) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (version));
    }

  return g_strv_builder_end (builder);
}

/**
 * eoc_client_list_versions_async:
 * @self: a client
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Lists the versions environments can run, oldest first.
 */
void
eoc_client_list_versions_async (EocClient           *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *path = api_path ("versions", NULL);
  GTask *task;
  Call *call;

  g_return_if_fail (EOC_IS_CLIENT (self));

  task = call_new (self, SOUP_METHOD_GET, path, NULL, eoc_client_list_versions_async, cancellable,
                   callback, user_data);
  call = g_task_get_task_data (task);
  call->parse = parse_versions;
  call->result_free = (GDestroyNotify) g_strfreev;
  call_send (task);
}

/**
 * eoc_client_list_versions_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): the versions, such as "2.1.0", or %NULL with
 *   @error set
 */
GStrv
eoc_client_list_versions_finish (EocClient     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return call_finish (self, result, eoc_client_list_versions_async, error);
}

/* Environments. */

/* Prefetching the environments: the answer of a list asked for before anyone
 * needs it, handed to the next eoc_client_list_environments_async(). */
struct _Prefetch {
  GCancellable *cancellable;
  gboolean      done;
  gint64        done_at;     /* monotonic, once done */
  GPtrArray    *items;       /* once done: the answer, or NULL with @error */
  GError       *error;

  /* A list call made while the answer was on its way, and its cancellable's handler. */
  GTask        *waiting;
  gulong        waiting_cancelled_id;
};

static void
prefetch_free (Prefetch *prefetch)
{
  g_assert (prefetch->waiting == NULL);
  g_clear_object (&prefetch->cancellable);
  g_clear_pointer (&prefetch->items, g_ptr_array_unref);
  g_clear_error (&prefetch->error);
  g_free (prefetch);
}

/* The client no longer wants it: stop it, or forget its answer. */
static void
prefetch_drop (Prefetch *prefetch)
{
  if (prefetch->done)
    prefetch_free (prefetch);
  else
    g_cancellable_cancel (prefetch->cancellable);   /* prefetch_cb frees it */
}

/* Gives @task (a list call) what @prefetch got. */
static void
prefetch_answer (Prefetch *prefetch,
                 GTask    *task)
{
  Page *page;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (prefetch->items == NULL)
    {
      g_task_return_error (task, g_error_copy (prefetch->error));
      return;
    }

  page = g_new0 (Page, 1);
  page->items = g_ptr_array_ref (prefetch->items);
  g_task_return_pointer (task, page, (GDestroyNotify) page_free);
}

static void
prefetch_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  EocClient *self = EOC_CLIENT (object);
  Prefetch *prefetch = user_data;
  g_autoptr(GTask) waiting = g_steal_pointer (&prefetch->waiting);

  prefetch->items = eoc_client_list_environments_finish (self, result, &prefetch->error);
  prefetch->done = TRUE;
  prefetch->done_at = g_get_monotonic_time ();

  /* Taken (its answer may start another list call: detached first), or
   * dropped meanwhile, or kept for a call to come. */
  if (self->prefetch == prefetch &&
      (waiting != NULL || g_cancellable_is_cancelled (prefetch->cancellable)))
    self->prefetch = NULL;
  if (waiting != NULL)
    {
      g_cancellable_disconnect (g_task_get_cancellable (waiting),
                                prefetch->waiting_cancelled_id);
      prefetch_answer (prefetch, waiting);
    }
  if (self->prefetch != prefetch)
    prefetch_free (prefetch);
}

/**
 * eoc_client_prefetch_environments:
 * @self: a client
 *
 * Asks for the list of environments now, for the first
 * eoc_client_list_environments_async() to come, which gets this answer
 * instead of asking again: while the answer travels, the caller can do
 * something else (build a window, say). The answer is handed out once, and
 * only in the few seconds after it arrived; a failure is handed out only
 * to a call that came while the answer was on its way.
 */
void
eoc_client_prefetch_environments (EocClient *self)
{
  Prefetch *prefetch;

  g_return_if_fail (EOC_IS_CLIENT (self));

  g_clear_pointer (&self->prefetch, prefetch_drop);
  prefetch = self->prefetch = g_new0 (Prefetch, 1);
  prefetch->cancellable = g_cancellable_new ();
  eoc_client_list_environments_async (self, prefetch->cancellable, prefetch_cb, prefetch);
}

/* The call waiting on the prefetch gave up: so does the prefetch. */
static void
waiting_cancelled_cb (GCancellable *cancellable,
                      gpointer      data)
{
  g_cancellable_cancel (data);
}

/* Answers a list call from the prefetch, if there is one to take. */
static gboolean
take_prefetch (EocClient           *self,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  Prefetch *prefetch = self->prefetch;
  g_autoptr(GTask) task = NULL;

  /* None, the prefetch's own call, or one already waits. */
  if (prefetch == NULL || cancellable == prefetch->cancellable || prefetch->waiting != NULL)
    return FALSE;

  if (prefetch->done &&
      (prefetch->items == NULL ||
       g_get_monotonic_time () - prefetch->done_at > PREFETCH_MAX_AGE_USEC))
    {
      g_clear_pointer (&self->prefetch, prefetch_free);
      return FALSE;
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, eoc_client_list_environments_async);

  if (!prefetch->done)
    {
      prefetch->waiting = g_object_ref (task);
      if (cancellable != NULL)
        prefetch->waiting_cancelled_id =
          g_cancellable_connect (cancellable, G_CALLBACK (waiting_cancelled_cb),
                                 g_object_ref (prefetch->cancellable), g_object_unref);
      return TRUE;
    }

  self->prefetch = NULL;
  prefetch_answer (prefetch, task);
  prefetch_free (prefetch);
  return TRUE;
}

/**
 * eoc_client_list_environments_async:
 * @self: a client
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Lists the environments, by name.
 */
void
eoc_client_list_environments_async (EocClient           *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (EOC_IS_CLIENT (self));

  if (take_prefetch (self, cancellable, callback, user_data))
    return;

  path = api_path ("environments", NULL);
  request_page (self, path, "environments", (EocModelNewFunc) eoc_environment_new_from_json,
                eoc_client_list_environments_async, cancellable, callback, user_data);
}

/**
 * eoc_client_list_environments_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type EocEnvironment): the environments,
 *   or %NULL with @error set
 */
GPtrArray *
eoc_client_list_environments_finish (EocClient     *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return page_finish (self, result, eoc_client_list_environments_async, NULL, error);
}

/**
 * eoc_client_get_environment_async:
 * @self: a client
 * @environment_id: an environment's identifier
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Gets one environment.
 */
void
eoc_client_get_environment_async (EocClient           *self,
                                  const char          *environment_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (EOC_IS_CLIENT (self));
  CHECK_ID (environment_id);

  path = api_path ("environments", environment_id, NULL);
  request_model (self, SOUP_METHOD_GET, path, NULL, (EocModelNewFunc) eoc_environment_new_from_json,
                 eoc_client_get_environment_async, cancellable, callback, user_data);
}

/**
 * eoc_client_get_environment_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): the environment, or %NULL with @error set
 */
EocEnvironment *
eoc_client_get_environment_finish (EocClient     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return call_finish (self, result, eoc_client_get_environment_async, error);
}

/**
 * eoc_client_create_environment_async:
 * @self: a client
 * @name: the new environment's name
 * @type: production or not
 * @version: the version it runs, one of eoc_client_list_versions_async()'s
 * @description: (nullable): a free description
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Creates an environment, with an empty configuration (administrators only).
 */
void
eoc_client_create_environment_async (EocClient           *self,
                                     const char          *name,
                                     EocEnvironmentType   type,
                                     const char          *version,
                                     const char          *description,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *path = api_path ("environments", NULL);
  g_autoptr(JsonObject) body = json_object_new ();

  g_return_if_fail (EOC_IS_CLIENT (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (version != NULL);

  json_object_set_string_member (body, "name", name);
  json_object_set_string_member (body, "type", eoc_enum_to_nick (EOC_TYPE_ENVIRONMENT_TYPE, type));
  json_object_set_string_member (body, "version", version);
  if (description != NULL)
    json_object_set_string_member (body, "description", description);

  request_model (self, SOUP_METHOD_POST, path, body,
                 (EocModelNewFunc) eoc_environment_new_from_json,
                 eoc_client_create_environment_async, cancellable, callback, user_data);
}

/**
 * eoc_client_create_environment_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): the new environment, or %NULL with @error set
 */
EocEnvironment *
eoc_client_create_environment_finish (EocClient     *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return call_finish (self, result, eoc_client_create_environment_async, error);
}

/**
 * eoc_client_update_environment_async:
 * @self: a client
 * @environment_id: an environment's identifier
 * @version: the newer version to update it to
 * @safety_backup: whether to back the current configuration up first
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Starts updating an environment to a newer version.
 */
void
eoc_client_update_environment_async (EocClient           *self,
                                     const char          *environment_id,
                                     const char          *version,
                                     gboolean             safety_backup,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) body = json_object_new ();

  g_return_if_fail (EOC_IS_CLIENT (self));
  CHECK_ID (environment_id);
  g_return_if_fail (version != NULL);

  path = api_path ("environments", environment_id, "update", NULL);
  json_object_set_string_member (body, "version", version);
  json_object_set_boolean_member (body, "safety_backup", safety_backup);
  request_model (self, SOUP_METHOD_POST, path, body, (EocModelNewFunc) eoc_operation_new_from_json,
                 eoc_client_update_environment_async, cancellable, callback, user_data);
}

/**
 * eoc_client_update_environment_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): the update's operation, or %NULL with @error set
 */
EocOperation *
eoc_client_update_environment_finish (EocClient     *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return call_finish (self, result, eoc_client_update_environment_async, error);
}

/**
 * eoc_client_start_environment_async:
 * @self: a client
 * @environment_id: an offline non-production environment's identifier
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Starts an environment.
 */
void
eoc_client_start_environment_async (EocClient           *self,
                                    const char          *environment_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (EOC_IS_CLIENT (self));
  CHECK_ID (environment_id);

  path = api_path ("environments", environment_id, "start", NULL);
  request_model (self, SOUP_METHOD_POST, path, NULL, (EocModelNewFunc) eoc_operation_new_from_json,
                 eoc_client_start_environment_async, cancellable, callback, user_data);
}

/**
 * eoc_client_start_environment_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): the start's operation, or %NULL with @error set
 */
EocOperation *
eoc_client_start_environment_finish (EocClient     *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return call_finish (self, result, eoc_client_start_environment_async, error);
}

/**
 * eoc_client_stop_environment_async:
 * @self: a client
 * @environment_id: an operational non-production environment's identifier
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Stops an environment.
 */
void
eoc_client_stop_environment_async (EocClient           *self,
                                   const char          *environment_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (EOC_IS_CLIENT (self));
  CHECK_ID (environment_id);

  path = api_path ("environments", environment_id, "stop", NULL);
  request_model (self, SOUP_METHOD_POST, path, NULL, (EocModelNewFunc) eoc_operation_new_from_json,
                 eoc_client_stop_environment_async, cancellable, callback, user_data);
}

/**
 * eoc_client_stop_environment_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): the stop's operation, or %NULL with @error set
 */
EocOperation *
eoc_client_stop_environment_finish (EocClient     *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return call_finish (self, result, eoc_client_stop_environment_async, error);
}

/* Backups. */

/**
 * eoc_client_list_backups_async:
 * @self: a client
 * @environment_id: an environment's identifier
 * @query: (nullable): only backups whose name contains this (ignoring case)
 * @limit: how many to list at most (1 to 500), or 0 for the service's default
 * @cursor: (nullable): where to go on from, as given by the previous page
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Lists one page of an environment's backups, newest first.
 */
void
eoc_client_list_backups_async (EocClient           *self,
                               const char          *environment_id,
                               const char          *query,
                               guint                limit,
                               const char          *cursor,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *base = NULL;
  g_autofree char *limit_text = NULL;
  GString *path;

  g_return_if_fail (EOC_IS_CLIENT (self));
  CHECK_ID (environment_id);

  base = api_path ("environments", environment_id, "backups", NULL);
  path = g_string_new (base);
  if (limit > 0)
    limit_text = g_strdup_printf ("%u", limit);
  append_query (path, "limit", limit_text);
  append_query (path, "cursor", cursor);
  if (query != NULL && *query != '\0')
    append_query (path, "q", query);

  request_page (self, path->str, "backups", (EocModelNewFunc) eoc_backup_new_from_json,
                eoc_client_list_backups_async, cancellable, callback, user_data);
  g_string_free (path, TRUE);
}

/**
 * eoc_client_list_backups_finish:
 * @self: a client
 * @result: the result
 * @next_cursor: (out) (optional) (nullable) (transfer full): the cursor of
 *   the next page, or %NULL when this is the last
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type EocBackup): the page's backups, or
 *   %NULL with @error set
 */
GPtrArray *
eoc_client_list_backups_finish (EocClient     *self,
                                GAsyncResult  *result,
                                char         **next_cursor,
                                GError       **error)
{
  return page_finish (self, result, eoc_client_list_backups_async, next_cursor, error);
}

/**
 * eoc_client_get_suggested_backup_name_async:
 * @self: a client
 * @environment_id: an environment's identifier
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Asks for a name for a new backup, unique among the environment's.
 */
void
eoc_client_get_suggested_backup_name_async (EocClient           *self,
                                            const char          *environment_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;
  Call *call;

  g_return_if_fail (EOC_IS_CLIENT (self));
  CHECK_ID (environment_id);

  path = api_path ("environments", environment_id, "backups", "suggested-name", NULL);
  task = call_new (self, SOUP_METHOD_GET, path, NULL, eoc_client_get_suggested_backup_name_async,
                   cancellable, callback, user_data);
  call = g_task_get_task_data (task);
  call->parse = parse_string_member;
  call->member = "name";
  call->result_free = g_free;
  call_send (task);
}

/**
 * eoc_client_get_suggested_backup_name_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): the name, or %NULL with @error set
 */
char *
eoc_client_get_suggested_backup_name_finish (EocClient     *self,
                                             GAsyncResult  *result,
                                             GError       **error)
{
  return call_finish (self, result, eoc_client_get_suggested_backup_name_async, error);
}

typedef struct {
  EocBackup    *backup;
  EocOperation *operation;
} CreatedBackup;

static void
created_backup_free (CreatedBackup *created)
{
  g_clear_object (&created->backup);
  g_clear_object (&created->operation);
  g_free (created);
}

static gpointer
parse_created_backup (Call      *call,
                      JsonNode  *root,
                      GError   **error)
{
  JsonObject *object = root_object (call, root, error);
  JsonNode *backup, *operation;
  CreatedBackup *created;

  if (object == NULL)
    return NULL;

  backup = json_object_get_member (object, "backup");
  operation = json_object_get_member (object, "operation");

  created = g_new0 (CreatedBackup, 1);
  if (backup != NULL && JSON_NODE_HOLDS_OBJECT (backup))
    created->backup = eoc_backup_new_from_json (json_node_get_object (backup));
  if (operation != NULL && JSON_NODE_HOLDS_OBJECT (operation))
    created->operation = eoc_operation_new_from_json (json_node_get_object (operation));

  if (created->backup == NULL)
    {
      created_backup_free (created);
      g_propagate_error (error, unexpected_answer (call, "“backup”"));
      return NULL;
    }

  return created;
}

/**
 * eoc_client_create_backup_async:
 * @self: a client
 * @environment_id: an environment's identifier
 * @name: (nullable): the backup's name, or %NULL for one the service makes
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Starts a backup of the environment's configuration.
 */
void
eoc_client_create_backup_async (EocClient           *self,
                                const char          *environment_id,
                                const char          *name,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  GTask *task;
  Call *call;

  g_return_if_fail (EOC_IS_CLIENT (self));
  CHECK_ID (environment_id);

  path = api_path ("environments", environment_id, "backups", NULL);
  if (name != NULL)
    json_object_set_string_member (body, "name", name);

  task = call_new (self, SOUP_METHOD_POST, path, body, eoc_client_create_backup_async, cancellable,
                   callback, user_data);
  call = g_task_get_task_data (task);
  call->parse = parse_created_backup;
  call->result_free = (GDestroyNotify) created_backup_free;
  call_send (task);
}

/**
 * eoc_client_create_backup_finish:
 * @self: a client
 * @result: the result
 * @operation: (out) (optional) (nullable) (transfer full): the operation
 *   that creates the backup
 * @error: return location for an error
 *
 * Returns: (transfer full): the new backup (state creating), or %NULL with
 *   @error set
 */
EocBackup *
eoc_client_create_backup_finish (EocClient     *self,
                                 GAsyncResult  *result,
                                 EocOperation **operation,
                                 GError       **error)
{
  CreatedBackup *created = call_finish (self, result, eoc_client_create_backup_async, error);
  EocBackup *backup;

  if (operation != NULL)
    *operation = NULL;
  if (created == NULL)
    return NULL;

  if (operation != NULL)
    *operation = g_steal_pointer (&created->operation);
  backup = g_steal_pointer (&created->backup);
  created_backup_free (created);
  return backup;
}

/**
 * eoc_client_get_backup_async:
 * @self: a client
 * @environment_id: an environment's identifier
 * @backup_id: one of its backups' identifier
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Gets one backup.
 */
void
eoc_client_get_backup_async (EocClient           *self,
                             const char          *environment_id,
                             const char          *backup_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (EOC_IS_CLIENT (self));
  CHECK_ID (environment_id);
  CHECK_ID (backup_id);

  path = api_path ("environments", environment_id, "backups", backup_id, NULL);
  request_model (self, SOUP_METHOD_GET, path, NULL, (EocModelNewFunc) eoc_backup_new_from_json,
                 eoc_client_get_backup_async, cancellable, callback, user_data);
}

/**
 * eoc_client_get_backup_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): the backup, or %NULL with @error set
 */
EocBackup *
eoc_client_get_backup_finish (EocClient     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return call_finish (self, result, eoc_client_get_backup_async, error);
}

/**
 * eoc_client_delete_backup_async:
 * @self: a client
 * @environment_id: an environment's identifier
 * @backup_id: one of its backups' identifier
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Deletes a backup.
 */
void
eoc_client_delete_backup_async (EocClient           *self,
                                const char          *environment_id,
                                const char          *backup_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (EOC_IS_CLIENT (self));
  CHECK_ID (environment_id);
  CHECK_ID (backup_id);

  path = api_path ("environments", environment_id, "backups", backup_id, NULL);
  request_no_answer (self, SOUP_METHOD_DELETE, path, eoc_client_delete_backup_async, cancellable,
                     callback, user_data);
}

/**
 * eoc_client_delete_backup_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: %TRUE when the backup is deleted
 */
gboolean
eoc_client_delete_backup_finish (EocClient     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return call_finish_boolean (self, result, eoc_client_delete_backup_async, error);
}

/**
 * eoc_client_get_backup_changes_async:
 * @self: a client
 * @environment_id: an environment's identifier
 * @backup_id: one of its backups' identifier
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Asks what restoring the backup would change.
 */
void
eoc_client_get_backup_changes_async (EocClient           *self,
                                     const char          *environment_id,
                                     const char          *backup_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (EOC_IS_CLIENT (self));
  CHECK_ID (environment_id);
  CHECK_ID (backup_id);

  path = api_path ("environments", environment_id, "backups", backup_id, "changes", NULL);
  request_model (self, SOUP_METHOD_GET, path, NULL, (EocModelNewFunc) eoc_changes_new_from_json,
                 eoc_client_get_backup_changes_async, cancellable, callback, user_data);
}

/**
 * eoc_client_get_backup_changes_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): the changes, or %NULL with @error set
 */
EocChanges *
eoc_client_get_backup_changes_finish (EocClient     *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return call_finish (self, result, eoc_client_get_backup_changes_async, error);
}

/**
 * eoc_client_restore_backup_async:
 * @self: a client
 * @environment_id: an environment's identifier
 * @backup_id: one of its backups' identifier
 * @safety_backup: whether to back the current configuration up first
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Starts restoring a backup.
 */
void
eoc_client_restore_backup_async (EocClient           *self,
                                 const char          *environment_id,
                                 const char          *backup_id,
                                 gboolean             safety_backup,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) body = json_object_new ();

  g_return_if_fail (EOC_IS_CLIENT (self));
  CHECK_ID (environment_id);
  CHECK_ID (backup_id);

  path = api_path ("environments", environment_id, "backups", backup_id, "restore", NULL);
  json_object_set_boolean_member (body, "safety_backup", safety_backup);
  request_model (self, SOUP_METHOD_POST, path, body, (EocModelNewFunc) eoc_operation_new_from_json,
                 eoc_client_restore_backup_async, cancellable, callback, user_data);
}

/**
 * eoc_client_restore_backup_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): the restore's operation, or %NULL with @error set
 */
EocOperation *
eoc_client_restore_backup_finish (EocClient     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return call_finish (self, result, eoc_client_restore_backup_async, error);
}

/* Uploads. */

/**
 * eoc_client_get_upload_async:
 * @self: a client
 * @environment_id: an environment's identifier
 * @upload_id: an upload's identifier
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Gets an upload waiting to be imported.
 */
void
eoc_client_get_upload_async (EocClient           *self,
                             const char          *environment_id,
                             const char          *upload_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (EOC_IS_CLIENT (self));
  CHECK_ID (environment_id);
  CHECK_ID (upload_id);

  path = api_path ("environments", environment_id, "uploads", upload_id, NULL);
  request_model (self, SOUP_METHOD_GET, path, NULL, (EocModelNewFunc) eoc_upload_new_from_json,
                 eoc_client_get_upload_async, cancellable, callback, user_data);
}

/**
 * eoc_client_get_upload_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): the upload, or %NULL with @error set
 */
EocUpload *
eoc_client_get_upload_finish (EocClient     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return call_finish (self, result, eoc_client_get_upload_async, error);
}

/**
 * eoc_client_discard_upload_async:
 * @self: a client
 * @environment_id: an environment's identifier
 * @upload_id: an upload's identifier
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Discards an upload that will not be imported.
 */
void
eoc_client_discard_upload_async (EocClient           *self,
                                 const char          *environment_id,
                                 const char          *upload_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (EOC_IS_CLIENT (self));
  CHECK_ID (environment_id);
  CHECK_ID (upload_id);

  path = api_path ("environments", environment_id, "uploads", upload_id, NULL);
  request_no_answer (self, SOUP_METHOD_DELETE, path, eoc_client_discard_upload_async, cancellable,
                     callback, user_data);
}

/**
 * eoc_client_discard_upload_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: %TRUE when the upload is discarded
 */
gboolean
eoc_client_discard_upload_finish (EocClient     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return call_finish_boolean (self, result, eoc_client_discard_upload_async, error);
}

/**
 * eoc_client_get_upload_changes_async:
 * @self: a client
 * @environment_id: an environment's identifier
 * @upload_id: an upload's identifier
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Asks what importing the upload would change.
 */
void
eoc_client_get_upload_changes_async (EocClient           *self,
                                     const char          *environment_id,
                                     const char          *upload_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (EOC_IS_CLIENT (self));
  CHECK_ID (environment_id);
  CHECK_ID (upload_id);

  path = api_path ("environments", environment_id, "uploads", upload_id, "changes", NULL);
  request_model (self, SOUP_METHOD_GET, path, NULL, (EocModelNewFunc) eoc_changes_new_from_json,
                 eoc_client_get_upload_changes_async, cancellable, callback, user_data);
}

/**
 * eoc_client_get_upload_changes_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): the changes, or %NULL with @error set
 */
EocChanges *
eoc_client_get_upload_changes_finish (EocClient     *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return call_finish (self, result, eoc_client_get_upload_changes_async, error);
}

/**
 * eoc_client_import_upload_async:
 * @self: a client
 * @environment_id: an environment's identifier
 * @upload_id: an upload's identifier
 * @safety_backup: whether to back the current configuration up first
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Starts importing an uploaded configuration into the environment.
 */
void
eoc_client_import_upload_async (EocClient           *self,
                                const char          *environment_id,
                                const char          *upload_id,
                                gboolean             safety_backup,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) body = json_object_new ();

  g_return_if_fail (EOC_IS_CLIENT (self));
  CHECK_ID (environment_id);
  CHECK_ID (upload_id);

  path = api_path ("environments", environment_id, "import", NULL);
  json_object_set_string_member (body, "upload_id", upload_id);
  json_object_set_boolean_member (body, "safety_backup", safety_backup);
  request_model (self, SOUP_METHOD_POST, path, body, (EocModelNewFunc) eoc_operation_new_from_json,
                 eoc_client_import_upload_async, cancellable, callback, user_data);
}

/**
 * eoc_client_import_upload_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): the import's operation, or %NULL with @error set
 */
EocOperation *
eoc_client_import_upload_finish (EocClient     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return call_finish (self, result, eoc_client_import_upload_async, error);
}

/* Schedule. */

/**
 * eoc_client_get_schedule_async:
 * @self: a client
 * @environment_id: an environment's identifier
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Gets the environment's backup schedule.
 */
void
eoc_client_get_schedule_async (EocClient           *self,
                               const char          *environment_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (EOC_IS_CLIENT (self));
  CHECK_ID (environment_id);

  path = api_path ("environments", environment_id, "schedule", NULL);
  request_model (self, SOUP_METHOD_GET, path, NULL, (EocModelNewFunc) eoc_schedule_new_from_json,
                 eoc_client_get_schedule_async, cancellable, callback, user_data);
}

/**
 * eoc_client_get_schedule_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): the schedule, or %NULL with @error set
 */
EocSchedule *
eoc_client_get_schedule_finish (EocClient     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return call_finish (self, result, eoc_client_get_schedule_async, error);
}

/**
 * eoc_client_set_schedule_async:
 * @self: a client
 * @environment_id: an environment's identifier
 * @schedule: the schedule wanted
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Changes the environment's backup schedule.
 */
void
eoc_client_set_schedule_async (EocClient           *self,
                               const char          *environment_id,
                               EocSchedule         *schedule,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) body = NULL;

  g_return_if_fail (EOC_IS_CLIENT (self));
  CHECK_ID (environment_id);
  g_return_if_fail (EOC_IS_SCHEDULE (schedule));

  path = api_path ("environments", environment_id, "schedule", NULL);
  body = eoc_schedule_to_json (schedule);
  request_model (self, SOUP_METHOD_PUT, path, body, (EocModelNewFunc) eoc_schedule_new_from_json,
                 eoc_client_set_schedule_async, cancellable, callback, user_data);
}

/**
 * eoc_client_set_schedule_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): the schedule as the service now has it (with its
 *   next run), or %NULL with @error set
 */
EocSchedule *
eoc_client_set_schedule_finish (EocClient     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return call_finish (self, result, eoc_client_set_schedule_async, error);
}

/* Activity and operations. */

/**
 * eoc_client_list_activity_async:
 * @self: a client
 * @environment_id: an environment's identifier
 * @limit: how many entries at most (1 to 500), or 0 for the service's default
 * @cursor: (nullable): where to go on from, as given by the previous page
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Lists one page of the environment's activity, newest first.
 */
void
eoc_client_list_activity_async (EocClient           *self,
                                const char          *environment_id,
                                guint                limit,
                                const char          *cursor,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *base = NULL;
  g_autofree char *limit_text = NULL;
  GString *path;

  g_return_if_fail (EOC_IS_CLIENT (self));
  CHECK_ID (environment_id);

  base = api_path ("environments", environment_id, "activity", NULL);
  path = g_string_new (base);
  if (limit > 0)
    limit_text = g_strdup_printf ("%u", limit);
  append_query (path, "limit", limit_text);
  append_query (path, "cursor", cursor);

  request_page (self, path->str, "activity", (EocModelNewFunc) eoc_activity_new_from_json,
                eoc_client_list_activity_async, cancellable, callback, user_data);
  g_string_free (path, TRUE);
}

/**
 * eoc_client_list_activity_finish:
 * @self: a client
 * @result: the result
 * @next_cursor: (out) (optional) (nullable) (transfer full): the cursor of
 *   the next page, or %NULL when this is the last
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type EocActivity): the page's entries,
 *   or %NULL with @error set
 */
GPtrArray *
eoc_client_list_activity_finish (EocClient     *self,
                                 GAsyncResult  *result,
                                 char         **next_cursor,
                                 GError       **error)
{
  return page_finish (self, result, eoc_client_list_activity_async, next_cursor, error);
}

/**
 * eoc_client_get_operation_async:
 * @self: a client
 * @operation_id: an operation's identifier
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Gets an operation and how far it has got.
 */
void
eoc_client_get_operation_async (EocClient           *self,
                                const char          *operation_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (EOC_IS_CLIENT (self));
  CHECK_ID (operation_id);

  path = api_path ("operations", operation_id, NULL);
  request_model (self, SOUP_METHOD_GET, path, NULL, (EocModelNewFunc) eoc_operation_new_from_json,
                 eoc_client_get_operation_async, cancellable, callback, user_data);
}

/**
 * eoc_client_get_operation_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): the operation, or %NULL with @error set
 */
EocOperation *
eoc_client_get_operation_finish (EocClient     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return call_finish (self, result, eoc_client_get_operation_async, error);
}

/* Parses a small JSON answer's object on the calling thread. */
static JsonObject *
answer_object (EocClient  *self,
               GBytes     *body,
               GError    **error)
{
  g_autoptr(JsonNode) root = NULL;

  root = parse_answer (self, body, error);
  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_propagate_error (error, eoc_client_error_new_invalid_response (self->service,
                                                                       _("not a JSON object")));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/*
 * Uploading a configuration file.
 *
 * The file is the request body, read as it is sent. Cancelling before the
 * body is completely sent stops the transfer: the service throws the partial
 * body away. Cancelling later cannot stop the service from storing the file,
 * so the client waits for its answer and discards the upload it made before
 * reporting the cancellation: either way nothing is left on the service.
 */

typedef struct {
  EocClient    *client;
  char         *environment_id;
  GFile        *file;
  GInputStream *input;
  goffset       size;
  SoupMessage  *msg;
  GCancellable *transfer;       /* cancels the request while the body is being sent */
  GSource      *cancel_source;  /* watches the caller's cancellable */
  gboolean      body_written;
  gboolean          finished;      /* the message ended: libsoup freed its I/O */
  guint64       sent;
  Progress      progress;
} Upload;

static void
upload_free (Upload *upload)
{
  if (upload->cancel_source != NULL)
    {
      g_source_destroy (upload->cancel_source);
      g_source_unref (upload->cancel_source);
    }
  if (upload->msg != NULL)
    g_signal_handlers_disconnect_by_data (upload->msg, upload);
  g_clear_object (&upload->msg);
  g_clear_object (&upload->input);
  g_clear_object (&upload->file);
  g_clear_object (&upload->transfer);
  g_clear_object (&upload->client);
  g_free (upload->environment_id);
  progress_clear (&upload->progress);
  g_free (upload);
}

static void
upload_return_cancelled (GTask *task)
{
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                           _("The upload was cancelled"));
}

static gboolean
upload_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  Upload *upload = user_data;

  /* Once the body is sent, the answer is awaited (see above). */
  if (!upload->body_written)
    g_cancellable_cancel (upload->transfer);

  return G_SOURCE_REMOVE;
}

static void
upload_wrote_body_data_cb (SoupMessage *msg,
                           guint        chunk_size,
                           Upload      *upload)
{
  upload->sent += chunk_size;
  progress_report (&upload->progress, MIN (upload->sent, (guint64) upload->size),
                   (guint64) upload->size, FALSE);
}

static void
upload_wrote_body_cb (SoupMessage *msg,
                      Upload      *upload)
{
  upload->body_written = TRUE;
  upload->sent = (guint64) upload->size;
  progress_report (&upload->progress, upload->sent, (guint64) upload->size, TRUE);
}

/* libsoup closes a request body stream once it has sent it, so the body is
 * a wrapper that leaves the file open: a restarted message gets a new
 * wrapper over the same file, rewound (no I/O but a seek). */
static void
upload_set_body (Upload *upload)
{
  g_autoptr(GInputStream) body = g_buffered_input_stream_new_sized (upload->input, READ_CHUNK);

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (body), FALSE);
  soup_message_set_request_body (upload->msg, "application/zip", body, upload->size);
}

/* After an authentication retry (or a redirect, were they followed), the body
 * is sent again from its start. */
static void
upload_restarted_cb (SoupMessage *msg,
                     Upload      *upload)
{
  g_autoptr(GError) error = NULL;

  upload->body_written = FALSE;
  upload->sent = 0;

  if (!g_seekable_seek (G_SEEKABLE (upload->input), 0, G_SEEK_SET, NULL, &error))
    {
      g_warning ("Cannot send the file again: %s", error->message);
      g_cancellable_cancel (upload->transfer);
      return;
    }

  upload_set_body (upload);
  progress_report (&upload->progress, 0, (guint64) upload->size, TRUE);
}

static void
upload_finished_cb (SoupMessage *msg,
                    Upload      *upload)
{
  upload->finished = TRUE;
}

static void
upload_discarded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!eoc_client_discard_upload_finish (EOC_CLIENT (source), result, &error))
    g_warning ("Could not discard a cancelled upload: %s", error->message);

  upload_return_cancelled (task);
}

static void
upload_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Upload *upload = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(EocUpload) model = NULL;
  gboolean cancelled = g_cancellable_is_cancelled (g_task_get_cancellable (task));
  GError *answer;

  body = read_body_finish (result, &error);
  /* See read_upload_answer_async (). */
  if (!upload->finished)
    linger_until_finished (upload->msg,
                           ((ReadBody *) g_task_get_task_data (G_TASK (result)))->stream);
  if (body == NULL)
    {
      if (cancelled)
        upload_return_cancelled (task);
      else
        g_task_return_error (task, read_error (upload->client, error));
      return;
    }

  answer = cut_short_error (upload->client, upload->msg, body);
  if (answer == NULL)
    answer = answer_error (upload->client, upload->msg, body);
  if (answer == NULL)
    answer = not_json_error (upload->client, upload->msg);
  if (answer != NULL)
    {
      if (cancelled)
        {
          g_error_free (answer);
          upload_return_cancelled (task);
        }
      else
        g_task_return_error (task, answer);
      return;
    }

  object = answer_object (upload->client, body, &error);
  if (object != NULL)
    model = eoc_upload_new_from_json (object);

  if (cancelled)
    {
      if (model == NULL)
        {
          upload_return_cancelled (task);
          return;
        }
      eoc_client_discard_upload_async (upload->client, upload->environment_id,
                                       eoc_upload_get_id (model), NULL, upload_discarded_cb,
                                       g_steal_pointer (&task));
      return;
    }

  if (object == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (model == NULL)
    {
      g_task_return_error (task, eoc_client_error_new_invalid_response (upload->client->service,
                                                                        _("the upload's identifier is missing")));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&model), g_object_unref);
}

static void
upload_sent_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Upload *upload = g_task_get_task_data (task);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (stream == NULL)
    {
      if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
        upload_return_cancelled (task);
      else
        g_task_return_error (task, eoc_client_error_new_from_transport (error,
                                                                        upload->client->service));
      return;
    }

  /* Not the caller's cancellable: a late cancellation still reads the answer. */
  read_upload_answer_async (stream, upload->transfer, upload_read_cb, g_steal_pointer (&task));
}

static void
upload_queried_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Upload *upload = g_task_get_task_data (task);
  EocClient *self = upload->client;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  GCancellable *cancellable = g_task_get_cancellable (task);
  GString *path;

  info = g_file_input_stream_query_info_finish (G_FILE_INPUT_STREAM (source), result, &error);
  if (info == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  name = g_file_get_basename (upload->file);
  if (g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_TYPE) &&
      g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                               _("“%s” is not a file. Choose a configuration file."), name);
      return;
    }

  upload->size = g_file_info_get_size (info);
  if (upload->size <= 0)
    {
      g_autofree char *message =
        g_strdup_printf (_("The file “%s” is empty. Choose a configuration file."), name);

      g_task_return_error (task, eoc_client_error_new_literal (EOC_CLIENT_ERROR_INVALID_CONFIGURATION,
                                                               message));
      return;
    }

  base = api_path ("environments", upload->environment_id, "uploads", NULL);
  path = g_string_new (base);
  append_query (path, "filename", name);
  upload->msg = eoc_client_new_message (self, SOUP_METHOD_POST, path->str);
  g_string_free (path, TRUE);
  if (upload->msg == NULL)
    {
      g_task_return_error (task, invalid_address_error (self));
      return;
    }

  upload_set_body (upload);
  /* A refusal (too large, not allowed) then comes before the body is sent. */
  soup_message_headers_set_expectations (soup_message_get_request_headers (upload->msg),
                                         SOUP_EXPECTATION_CONTINUE);
  g_signal_connect (upload->msg, "wrote-body-data", G_CALLBACK (upload_wrote_body_data_cb), upload);
  g_signal_connect (upload->msg, "wrote-body", G_CALLBACK (upload_wrote_body_cb), upload);
  g_signal_connect (upload->msg, "restarted", G_CALLBACK (upload_restarted_cb), upload);
  g_signal_connect (upload->msg, "finished", G_CALLBACK (upload_finished_cb), upload);

  upload->transfer = g_cancellable_new ();
  if (cancellable != NULL)
    {
      upload->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (upload->cancel_source, G_SOURCE_FUNC (upload_cancelled_cb), upload,
                             NULL);
      g_source_attach (upload->cancel_source, g_task_get_context (task));
    }

  progress_report (&upload->progress, 0, (guint64) upload->size, TRUE);
  soup_session_send_async (self->session, upload->msg, G_PRIORITY_DEFAULT, upload->transfer,
                           upload_sent_cb, g_steal_pointer (&task));
}

static void
upload_opened_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Upload *upload = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(GError) error = NULL;

  input = g_file_read_finish (G_FILE (source), result, &error);
  if (input == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  upload->input = G_INPUT_STREAM (g_steal_pointer (&input));
  g_file_input_stream_query_info_async (G_FILE_INPUT_STREAM (upload->input),
                                        G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_PRIORITY_DEFAULT, cancellable,
                                        upload_queried_cb, g_steal_pointer (&task));
}

/**
 * eoc_client_upload_configuration_async:
 * @self: a client
 * @environment_id: the environment the configuration is for
 * @file: a configuration file (a ZIP archive)
 * @progress: (nullable) (scope notified): called with the bytes sent so far
 * @progress_data: data for @progress
 * @progress_data_destroy: (nullable): frees @progress_data when done
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Sends a configuration file to the service, which checks it and keeps it
 * as an upload until it is imported (eoc_client_import_upload_async()) or
 * discarded. The file is read as it is sent, whatever its size. Cancelling
 * at any moment leaves nothing on the service.
 */
void
eoc_client_upload_configuration_async (EocClient           *self,
                                       const char          *environment_id,
                                       GFile               *file,
                                       EocProgressFunc      progress,
                                       gpointer             progress_data,
                                       GDestroyNotify       progress_data_destroy,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GTask *task;
  Upload *upload;

  g_return_if_fail (EOC_IS_CLIENT (self));
  CHECK_ID (environment_id);
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, eoc_client_upload_configuration_async);
  /* Cancellation is reported explicitly, once the service is left clean. */
  g_task_set_check_cancellable (task, FALSE);

  upload = g_new0 (Upload, 1);
  upload->client = g_object_ref (self);
  upload->environment_id = g_strdup (environment_id);
  upload->file = g_object_ref (file);
  upload->progress.func = progress;
  upload->progress.data = progress_data;
  upload->progress.destroy = progress_data_destroy;
  g_task_set_task_data (task, upload, (GDestroyNotify) upload_free);

  g_file_read_async (file, G_PRIORITY_DEFAULT, cancellable, upload_opened_cb, task);
}

/**
 * eoc_client_upload_configuration_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full): the upload, or %NULL with @error set
 */
EocUpload *
eoc_client_upload_configuration_finish (EocClient     *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return call_finish (self, result, eoc_client_upload_configuration_async, error);
}

/*
 * Downloading a file (a backup, the current configuration).
 *
 * The answer is written to a temporary file next to the destination as it
 * arrives, and hashed on the way. Only when it is complete and its SHA-256 is
 * the one the service announced (X-Content-SHA256) is it synced and renamed
 * over the destination; otherwise, or when cancelled, the temporary file is
 * removed before the caller hears of it.
 */

typedef struct {
  EocClient         *client;
  SoupMessage       *msg;
  GInputStream      *answer;
  GFile             *destination;
  GFile             *temporary;
  GFileOutputStream *output;
  GChecksum         *checksum;
  char              *expected_sha256;
  GBytes            *chunk;        /* being written */
  guint64            received;
  guint64            total;        /* 0 when unknown */
  Progress           progress;
  GError            *error;        /* why it failed, said after cleaning up */
} Download;

static void
download_free (Download *download)
{
  g_clear_object (&download->client);
  g_clear_object (&download->msg);
  g_clear_object (&download->answer);
  g_clear_object (&download->destination);
  g_clear_object (&download->temporary);
  g_clear_object (&download->output);
  g_clear_pointer (&download->checksum, g_checksum_free);
  g_free (download->expected_sha256);
  g_clear_pointer (&download->chunk, g_bytes_unref);
  g_clear_error (&download->error);
  progress_clear (&download->progress);
  g_free (download);
}

static gboolean
is_sha256 (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return TRUE;
}

/* In a worker: rename the complete file into place, or remove it. */
static void
download_finish_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  Download *download = task_data;
  GOutputStream *output = G_OUTPUT_STREAM (download->output);
  GError *error = g_steal_pointer (&download->error);

  if (error == NULL)
    g_cancellable_set_error_if_cancelled (cancellable, &error);

  if (error == NULL && G_IS_FILE_DESCRIPTOR_BASED (output) &&
      fsync (g_file_descriptor_based_get_fd (G_FILE_DESCRIPTOR_BASED (output))) != 0)
    {
      int saved = errno;

      g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write the downloaded file: %s"), g_strerror (saved));
    }

  if (error == NULL)
    g_output_stream_close (output, NULL, &error);

  if (error == NULL &&
      g_file_move (download->temporary, download->destination,
                   G_FILE_COPY_OVERWRITE | G_FILE_COPY_NOFOLLOW_SYMLINKS, NULL, NULL, NULL,
                   &error))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_output_stream_close (output, NULL, NULL);
  g_file_delete (download->temporary, NULL, NULL);
  g_task_return_error (task, error);
}

static void
download_end (GTask  *task,
              GError *error)
{
  Download *download = g_task_get_task_data (task);

  answer_close (download->answer);
  g_clear_error (&download->error);
  download->error = error;
  g_task_run_in_thread (task, download_finish_thread);
}

static void download_read_next (GTask *task);

static void
download_written_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Download *download = g_task_get_task_data (task);
  GError *error = NULL;
  gsize written = 0;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, &written, &error))
    {
      download_end (task, error);
      return;
    }

  download->received += written;
  g_clear_pointer (&download->chunk, g_bytes_unref);
  progress_report (&download->progress, download->received, download->total, FALSE);
  download_read_next (g_steal_pointer (&task));
}

static void
download_complete (GTask *task)
{
  Download *download = g_task_get_task_data (task);
  const char *sha256 = g_checksum_get_string (download->checksum);

  if (download->total > 0 && download->received != download->total)
    {
      g_autoptr(GError) lost = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                                                    _("the file was cut short"));

      download_end (task, eoc_client_error_new_from_transport (lost, download->client->service));
      return;
    }

  if (g_ascii_strcasecmp (sha256, download->expected_sha256) != 0)
    {
      g_autofree char *message =
        g_strdup_printf (_("The downloaded file is damaged: its SHA-256 is %s, but the service "
                           "announced %s. Try again."), sha256, download->expected_sha256);

      download_end (task, eoc_client_error_new_literal (EOC_CLIENT_ERROR_INVALID_RESPONSE,
                                                        message));
      return;
    }

  progress_report (&download->progress, download->received,
                   download->total > 0 ? download->total : download->received, TRUE);
  download_end (task, NULL);
}

static void
download_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Download *download = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize size;
  const guint8 *data;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (bytes == NULL)
    {
      download_end (task, eoc_client_error_new_from_transport (error, download->client->service));
      return;
    }

  data = g_bytes_get_data (bytes, &size);
  if (size == 0)
    {
      download_complete (task);
      return;
    }

  g_checksum_update (download->checksum, data, size);
  download->chunk = g_steal_pointer (&bytes);
  g_output_stream_write_all_async (G_OUTPUT_STREAM (download->output), data, size,
                                   G_PRIORITY_DEFAULT, cancellable,
                                   download_written_cb, g_steal_pointer (&task));
}

static void
download_read_next (GTask *task)
{
  Download *download = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (download->answer, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), download_read_cb, task);
}

static void
download_created_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Download *download = g_task_get_task_data (task);
  GError *error = NULL;

  download->output = g_file_create_finish (G_FILE (source), result, &error);
  if (download->output == NULL)
    {
      answer_close (download->answer);
      g_task_return_error (task, error);
      return;
    }

  progress_report (&download->progress, 0, download->total, TRUE);
  download_read_next (g_steal_pointer (&task));
}

static void
download_error_read_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Download *download = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = read_body_finish (result, &error);
  if (body == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_error (task, answer_error (download->client, download->msg, body));
}

static void
download_sent_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Download *download = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  SoupMessageHeaders *headers;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autofree char *name = NULL;
  g_autofree char *temporary_name = NULL;
  const char *sha256;

  download->answer = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (download->answer == NULL)
    {
      g_task_return_error (task, eoc_client_error_new_from_transport (error,
                                                                      download->client->service));
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    {
      answer_close (download->answer);
      return;
    }

  if (soup_message_get_status (download->msg) != SOUP_STATUS_OK)
    {
      read_body_async (download->answer, 256 * 1024, cancellable,
                       download_error_read_cb, g_steal_pointer (&task));
      return;
    }

  headers = soup_message_get_response_headers (download->msg);
  sha256 = soup_message_headers_get_one (headers, "X-Content-SHA256");
  if (!is_sha256 (sha256))
    {
      answer_close (download->answer);
      g_task_return_error (task, eoc_client_error_new_invalid_response (download->client->service,
                                                                        _("the file's SHA-256 is missing")));
      return;
    }
  download->expected_sha256 = g_strdup (sha256);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    download->total = (guint64) MAX (soup_message_headers_get_content_length (headers), 0);

  parent = g_file_get_parent (download->destination);
  name = g_file_get_basename (download->destination);
  if (parent == NULL || name == NULL)
    {
      answer_close (download->answer);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                               _("Choose a file to save to, not a folder."));
      return;
    }

  temporary_name = g_strdup_printf (".%s.%08x.part", name, g_random_int ());
  download->temporary = g_file_get_child (parent, temporary_name);
  download->checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_file_create_async (download->temporary, G_FILE_CREATE_PRIVATE, G_PRIORITY_DEFAULT,
                       cancellable, download_created_cb,
                       g_steal_pointer (&task));
}

static void
download_start (EocClient           *self,
                const char          *path,
                GFile               *destination,
                EocProgressFunc      progress,
                gpointer             progress_data,
                GDestroyNotify       progress_data_destroy,
                gpointer             source_tag,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Download *download = g_new0 (Download, 1);

  g_task_set_source_tag (task, source_tag);
  /* Cancellation is checked once more before the rename, and reported then. */
  g_task_set_check_cancellable (task, FALSE);

  download->client = g_object_ref (self);
  download->destination = g_object_ref (destination);
  download->progress.func = progress;
  download->progress.data = progress_data;
  download->progress.destroy = progress_data_destroy;
  download->msg = eoc_client_new_message (self, SOUP_METHOD_GET, path);
  g_task_set_task_data (task, download, (GDestroyNotify) download_free);

  if (download->msg == NULL)
    {
      g_task_return_error (task, invalid_address_error (self));
      g_object_unref (task);
      return;
    }

  soup_message_headers_replace (soup_message_get_request_headers (download->msg), "Accept",
                                "application/zip, application/json");
  soup_session_send_async (self->session, download->msg, G_PRIORITY_DEFAULT, cancellable,
                           download_sent_cb, task);
}

/**
 * eoc_client_download_backup_async:
 * @self: a client
 * @environment_id: an environment's identifier
 * @backup_id: one of its available backups' identifier
 * @destination: the file to save it as (replaced only once the download is
 *   complete and checked)
 * @progress: (nullable) (scope notified): called with the bytes received so far
 * @progress_data: data for @progress
 * @progress_data_destroy: (nullable): frees @progress_data when done
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Downloads a backup's configuration file.
 */
void
eoc_client_download_backup_async (EocClient           *self,
                                  const char          *environment_id,
                                  const char          *backup_id,
                                  GFile               *destination,
                                  EocProgressFunc      progress,
                                  gpointer             progress_data,
                                  GDestroyNotify       progress_data_destroy,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (EOC_IS_CLIENT (self));
  CHECK_ID (environment_id);
  CHECK_ID (backup_id);
  g_return_if_fail (G_IS_FILE (destination));

  path = api_path ("environments", environment_id, "backups", backup_id, "content", NULL);
  download_start (self, path, destination, progress, progress_data, progress_data_destroy,
                  eoc_client_download_backup_async, cancellable, callback, user_data);
}

/**
 * eoc_client_download_backup_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: %TRUE when the file is in place and matches its SHA-256
 */
gboolean
eoc_client_download_backup_finish (EocClient     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return call_finish_boolean (self, result, eoc_client_download_backup_async, error);
}

/**
 * eoc_client_download_configuration_async:
 * @self: a client
 * @environment_id: an environment's identifier
 * @destination: the file to save it as (replaced only once the download is
 *   complete and checked)
 * @progress: (nullable) (scope notified): called with the bytes received so far
 * @progress_data: data for @progress
 * @progress_data_destroy: (nullable): frees @progress_data when done
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Downloads the environment's current configuration file.
 */
void
eoc_client_download_configuration_async (EocClient           *self,
                                         const char          *environment_id,
                                         GFile               *destination,
                                         EocProgressFunc      progress,
                                         gpointer             progress_data,
                                         GDestroyNotify       progress_data_destroy,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (EOC_IS_CLIENT (self));
  CHECK_ID (environment_id);
  g_return_if_fail (G_IS_FILE (destination));

  path = api_path ("environments", environment_id, "configuration", NULL);
  download_start (self, path, destination, progress, progress_data, progress_data_destroy,
                  eoc_client_download_configuration_async, cancellable, callback, user_data);
}

/**
 * eoc_client_download_configuration_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Returns: %TRUE when the file is in place and matches its SHA-256
 */
gboolean
eoc_client_download_configuration_finish (EocClient     *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return call_finish_boolean (self, result, eoc_client_download_configuration_async, error);
}
