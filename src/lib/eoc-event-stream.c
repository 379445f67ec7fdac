/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-event-stream.c: the service's live events, as signals.
 *
 * One WebSocket to /api/v1/events. Each message is parsed with a depth limit
 * (it comes from the network) and becomes a model and a signal; anything
 * unreadable is skipped. The service says something at least every 15 s (a
 * heartbeat), so silence for longer than #EocEventStream:idle-timeout means the
 * connection is dead even if TCP has not noticed: it is dropped and opened
 * again. Reconnection waits 0.5 s, then twice as long after each failure, up
 * to 30 s; a refused token waits the longest straight away. After a
 * reconnection the stream emits ::resynchronize, because events may have been
 * missed meanwhile: the live lists then fetch again what they show.
 */

#define G_LOG_DOMAIN "eoc-event-stream"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "eoc-client-error-private.h"
#include "eoc-event-stream.h"
#include "eoc-event-stream-private.h"
#include "eoc-json.h"
#include "eoc-models-json.h"

#define MAX_PAYLOAD_SIZE (1024 * 1024)
#define DEFAULT_IDLE_TIMEOUT_SECONDS 45
#define FIRST_RETRY_MS 500
/* The longest the stream handles events before letting the main loop draw (µs). */
#define INBOX_SLICE_US 8000
#define LAST_RETRY_MS (30 * 1000)
#define PING_TIMEOUT_SECONDS 10

typedef struct _Ping Ping;

struct _EocEventStream {
  GObject                  parent_instance;

  EocClient               *client;
  EocEventStreamState      state;
  guint                    idle_timeout;

  gboolean                 started;
  gboolean                 resync_needed;   /* events may have been missed */
  guint                    retry_ms;        /* the next wait before reconnecting */

  GCancellable            *cancellable;     /* the connection attempt */
  SoupMessage             *handshake;
  SoupWebsocketConnection *connection;
  guint                    retry_id;
  guint                    idle_id;

  GHashTable              *pings;           /* id → Ping */
  guint                    next_ping_id;

  /* Messages received, handled in slices at idle priority (below redrawing). */
  GQueue                   inbox;
  guint                    inbox_id;
};

struct _Ping {
  EocEventStream *self;
  guint           id;
  GTask          *task;
  gint64          sent_at;
  guint           timeout_id;
  GCancellable   *cancellable;
  gulong          cancelled_id;
  guint           cancelled_idle_id;
};

G_DEFINE_FINAL_TYPE (EocEventStream, eoc_event_stream, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (EocEventStreamState, eoc_event_stream_state,
                    G_DEFINE_ENUM_VALUE (EOC_EVENT_STREAM_STATE_DISCONNECTED, "disconnected"),
                    G_DEFINE_ENUM_VALUE (EOC_EVENT_STREAM_STATE_CONNECTING, "connecting"),
                    G_DEFINE_ENUM_VALUE (EOC_EVENT_STREAM_STATE_CONNECTED, "connected"))

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_STATE,
  PROP_IDLE_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ENVIRONMENT_CHANGED,
  BACKUP_CHANGED,
  BACKUP_DELETED,
  OPERATION_CHANGED,
  ACTIVITY_ADDED,
  RESYNCHRONIZE,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void connect_now (EocEventStream *self);

static void
set_state (EocEventStream      *self,
           EocEventStreamState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* Pings */

static void
ping_free (Ping *ping)
{
  g_clear_handle_id (&ping->timeout_id, g_source_remove);
  g_clear_handle_id (&ping->cancelled_idle_id, g_source_remove);
  if (ping->cancellable != NULL)
    g_cancellable_disconnect (ping->cancellable, ping->cancelled_id);
  g_clear_object (&ping->cancellable);
  g_clear_object (&ping->task);
  g_free (ping);
}

/* Answers the ping's task and forgets the ping. @error is taken. */
static void
ping_complete (Ping   *ping,
               GError *error)
{
  EocEventStream *self = ping->self;
  g_autoptr(GTask) task = g_steal_pointer (&ping->task);
  gint64 round_trip = g_get_monotonic_time () - ping->sent_at;

  g_hash_table_remove (self->pings, GUINT_TO_POINTER (ping->id));

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, round_trip);
}

static void
fail_pings (EocEventStream *self,
            const char     *why)
{
  g_autoptr(GList) pending = g_hash_table_get_values (self->pings);

  for (GList *l = pending; l != NULL; l = l->next)
    ping_complete (l->data, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, why));
}

static gboolean
ping_timeout_cb (gpointer user_data)
{
  Ping *ping = user_data;

  ping->timeout_id = 0;
  ping_complete (ping, g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                    _("The service did not answer within %d seconds"),
                                    PING_TIMEOUT_SECONDS));
  return G_SOURCE_REMOVE;
}

static gboolean
ping_cancelled_idle_cb (gpointer user_data)
{
  Ping *ping = user_data;

  ping->cancelled_idle_id = 0;
  ping_complete (ping, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                            "Operation was cancelled"));
  return G_SOURCE_REMOVE;
}

/* Runs inside g_cancellable_cancel(), which must happen on the main thread:
 * the ping cannot be answered (nor the handler disconnected) from here. */
static void
ping_cancelled_cb (GCancellable *cancellable,
                   Ping         *ping)
{
  if (ping->cancelled_idle_id == 0)
    ping->cancelled_idle_id = g_idle_add (ping_cancelled_idle_cb, ping);
}

static void
receive_pong (EocEventStream *self,
              JsonObject     *object)
{
  JsonNode *id = json_object_get_member (object, "id");
  Ping *ping;

  if (id == NULL || json_node_get_value_type (id) != G_TYPE_INT64)
    return;

  ping = g_hash_table_lookup (self->pings, GUINT_TO_POINTER ((guint) json_node_get_int (id)));
  if (ping != NULL)
    ping_complete (ping, NULL);
}

/* The connection */

static void
disconnect_handlers (EocEventStream *self)
{
  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
}

/* Forgets the connection, closing it if it is still open. */
static void flush_inbox (EocEventStream *self);

static void
drop_connection (EocEventStream *self,
                 gushort         code,
                 const char     *why)
{
  g_clear_handle_id (&self->idle_id, g_source_remove);

  /* What the connection said before it ended comes first. */
  flush_inbox (self);

  if (self->connection != NULL)
    {
      disconnect_handlers (self);
      if (soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->connection, code, NULL);
      g_clear_object (&self->connection);
    }

  fail_pings (self, why);
}

static gboolean
retry_cb (gpointer user_data)
{
  EocEventStream *self = user_data;

  self->retry_id = 0;
  connect_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (EocEventStream *self)
{
  guint delay;

  if (!self->started || self->retry_id != 0)
    return;

  /* Up to a quarter more, so that many apps do not come back all at once. */
  delay = self->retry_ms + (guint) g_random_int_range (0, (gint32) (self->retry_ms / 4 + 1));
  g_debug ("Connecting again in %u ms", delay);
  self->retry_id = g_timeout_add (delay, retry_cb, self);
  self->retry_ms = MIN (self->retry_ms * 2, LAST_RETRY_MS);
}

/* The connection is gone (closed, broken or silent): try again. */
static void
connection_lost (EocEventStream *self,
                 const char     *why)
{
  g_debug ("Connection lost: %s", why);
  drop_connection (self, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, why);
  self->resync_needed = TRUE;
  set_state (self, EOC_EVENT_STREAM_STATE_DISCONNECTED);
  schedule_retry (self);
}

static gboolean
idle_timeout_cb (gpointer user_data)
{
  EocEventStream *self = user_data;

  self->idle_id = 0;
  connection_lost (self, _("The service has been silent for too long"));
  return G_SOURCE_REMOVE;
}

static void
restart_idle_timer (EocEventStream *self)
{
  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->idle_timeout > 0)
    self->idle_id = g_timeout_add_seconds (self->idle_timeout, idle_timeout_cb, self);
}

/* A string member, or NULL (json-glib's _with_default getters fail a check,
 * loudly, on a member that is an object or an array). */
static const char *
get_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
get_object_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

static void
dispatch (EocEventStream *self,
          const char     *type,
          JsonObject     *object)
{
  JsonObject *member;

  if (g_str_equal (type, "heartbeat") || g_str_equal (type, "hello"))
    return;

  if (g_str_equal (type, "pong"))
    {
      receive_pong (self, object);
      return;
    }

  if (g_str_equal (type, "environment.changed"))
    {
      g_autoptr(EocEnvironment) environment = NULL;

      if ((member = get_object_member (object, "environment")) != NULL &&
          (environment = eoc_environment_new_from_json (member)) != NULL)
        g_signal_emit (self, signals[ENVIRONMENT_CHANGED], 0, environment);
      else
        g_debug ("Skipping an unreadable %s event", type);
    }
  else if (g_str_equal (type, "backup.created") || g_str_equal (type, "backup.updated"))
    {
      g_autoptr(EocBackup) backup = NULL;

      if ((member = get_object_member (object, "backup")) != NULL &&
          (backup = eoc_backup_new_from_json (member)) != NULL &&
          eoc_backup_get_environment_id (backup) != NULL)
        g_signal_emit (self, signals[BACKUP_CHANGED], 0, backup);
      else
        g_debug ("Skipping an unreadable %s event", type);
    }
  else if (g_str_equal (type, "backup.deleted"))
    {
      const char *id = NULL;
      const char *environment_id = NULL;

      if ((member = get_object_member (object, "backup")) != NULL)
        {
          id = get_string_member (member, "id");
          environment_id = get_string_member (member, "environment_id");
        }
      if (id != NULL && environment_id != NULL)
        g_signal_emit (self, signals[BACKUP_DELETED], 0, environment_id, id);
      else
        g_debug ("Skipping an unreadable %s event", type);
    }
  else if (g_str_equal (type, "operation.changed"))
    {
      g_autoptr(EocOperation) operation = NULL;

      if ((member = get_object_member (object, "operation")) != NULL &&
          (operation = eoc_operation_new_from_json (member)) != NULL)
        g_signal_emit (self, signals[OPERATION_CHANGED], 0, operation);
      else
        g_debug ("Skipping an unreadable %s event", type);
    }
  else if (g_str_equal (type, "activity.added"))
    {
      g_autoptr(EocActivity) activity = NULL;

      if ((member = get_object_member (object, "activity")) != NULL &&
          (activity = eoc_activity_new_from_json (member)) != NULL &&
          eoc_activity_get_environment_id (activity) != NULL)
        g_signal_emit (self, signals[ACTIVITY_ADDED], 0, activity);
      else
        g_debug ("Skipping an unreadable %s event", type);
    }
  else
    {
      g_debug ("Skipping an event of unknown type “%s”", type);
    }
}

/**
 * eoc_event_stream_receive_text:
 * @self: an event stream
 * @data: a text message's bytes, untrusted, not necessarily nul-terminated
 * @length: their length
 *
 * Turns one text message from the service into the signals it stands for;
 * a message that cannot be understood is skipped.
 */
void
eoc_event_stream_receive_text (EocEventStream *self,
                               const char     *data,
                               gsize           length)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  const char *type;

  node = eoc_json_parse (data, length, EOC_JSON_MAX_DEPTH, &error);
  if (node == NULL)
    {
      g_debug ("Skipping an unreadable message: %s", error->message);
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_debug ("Skipping a message that is not an object");
      return;
    }

  type = get_string_member (json_node_get_object (node), "type");
  if (type == NULL)
    {
      g_debug ("Skipping a message without a type");
      return;
    }

  dispatch (self, type, json_node_get_object (node));
}

static void
handle_message (EocEventStream *self,
                GBytes         *message)
{
  g_autoptr(EocEventStream) hold = g_object_ref (self);
  const char *data;
  gsize length;

  data = g_bytes_get_data (message, &length);
  eoc_event_stream_receive_text (self, data, length);
}

/*
 * Handles the messages received, in order, for at most INBOX_SLICE_US at a time, then
 * pauses as long: however many events come, the window keeps drawing between slices,
 * and a burst is handled at half the main loop's time at least.
 */
static gboolean
inbox_cb (gpointer user_data)
{
  EocEventStream *self = user_data;
  g_autoptr(EocEventStream) hold = g_object_ref (self);
  gint64 deadline = g_get_monotonic_time () + INBOX_SLICE_US;

  /* This source ends here; handling a message may flush or stop the stream. */
  self->inbox_id = 0;

  while (!g_queue_is_empty (&self->inbox))
    {
      g_autoptr(GBytes) message = g_queue_pop_head (&self->inbox);

      handle_message (self, message);
      if (g_get_monotonic_time () >= deadline)
        break;
    }

  /* More to do: the next slice after a pause as long as this one, in which
   * the window draws. (An idle source below the redraw priority starved
   * whenever frames took longer than their interval: with a spinner on a
   * slow machine, events were never handled.) */
  if (!g_queue_is_empty (&self->inbox) && self->inbox_id == 0)
    self->inbox_id = g_timeout_add_full (G_PRIORITY_DEFAULT, INBOX_SLICE_US / 1000, inbox_cb,
                                         self, NULL);
  return G_SOURCE_REMOVE;
}

/* Handles every message received, now. */
static void
flush_inbox (EocEventStream *self)
{
  g_autoptr(EocEventStream) hold = g_object_ref (self);

  g_clear_handle_id (&self->inbox_id, g_source_remove);
  while (!g_queue_is_empty (&self->inbox))
    {
      g_autoptr(GBytes) message = g_queue_pop_head (&self->inbox);

      handle_message (self, message);
    }
}

static void
message_cb (SoupWebsocketConnection *connection,
            gint                     data_type,
            GBytes                  *message,
            EocEventStream          *self)
{
  /* Anything at all shows that the connection lives. */
  restart_idle_timer (self);
  /* A connection that says something is a success: retries start short again. */
  self->retry_ms = FIRST_RETRY_MS;

  if (data_type != SOUP_WEBSOCKET_DATA_TEXT)
    {
      g_debug ("Skipping a binary message");
      return;
    }

  g_queue_push_tail (&self->inbox, g_bytes_ref (message));
  if (self->inbox_id == 0)
    self->inbox_id = g_idle_add_full (G_PRIORITY_DEFAULT, inbox_cb, self, NULL);
}

static void
closed_cb (SoupWebsocketConnection *connection,
           EocEventStream          *self)
{
  g_debug ("Closed with code %u", soup_websocket_connection_get_close_code (connection));
  connection_lost (self, _("The connection to the service was lost"));
}

static void
error_cb (SoupWebsocketConnection *connection,
          GError                  *error,
          EocEventStream          *self)
{
  /* libsoup closes the connection after this: closed_cb follows. */
  g_debug ("Connection error: %s", error->message);
}

static GError *
handshake_error (EocEventStream *self,
                 const GError   *error)
{
  const char *service = eoc_client_get_base_uri (self->client);
  guint status = self->handshake != NULL ? soup_message_get_status (self->handshake) : 0;

  /* A refused handshake carries the service's own error, like any request. */
  if (status >= 300 && status != SOUP_STATUS_SWITCHING_PROTOCOLS)
    return eoc_client_error_new_from_response (status, NULL, service);

  return eoc_client_error_new_from_transport (error, service);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  EocEventStream *self = user_data;
  g_autoptr(SoupWebsocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  gboolean resync;

  /* No reference is held during the attempt: stopping (and disposing)
   * cancels it, and then @self is not touched. */
  connection = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);

  if (connection == NULL)
    {
      g_autoptr(GError) failure = handshake_error (self, error);

      g_clear_object (&self->handshake);
      g_debug ("Could not connect: %s", failure->message);

      /* A refused token will not be accepted on the next try: wait the
       * longest before asking again. */
      if (g_error_matches (failure, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_UNAUTHORIZED) ||
          g_error_matches (failure, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_FORBIDDEN))
        self->retry_ms = LAST_RETRY_MS;

      self->resync_needed = TRUE;
      set_state (self, EOC_EVENT_STREAM_STATE_DISCONNECTED);
      schedule_retry (self);
      g_signal_emit (self, signals[FAILED], 0, failure);
      return;
    }

  g_clear_object (&self->handshake);
  self->connection = g_steal_pointer (&connection);
  soup_websocket_connection_set_max_incoming_payload_size (self->connection, MAX_PAYLOAD_SIZE);
  g_signal_connect (self->connection, "message", G_CALLBACK (message_cb), self);
  g_signal_connect (self->connection, "closed", G_CALLBACK (closed_cb), self);
  g_signal_connect (self->connection, "error", G_CALLBACK (error_cb), self);
  restart_idle_timer (self);

  resync = self->resync_needed;
  self->resync_needed = FALSE;
  set_state (self, EOC_EVENT_STREAM_STATE_CONNECTED);
  if (resync && self->state == EOC_EVENT_STREAM_STATE_CONNECTED)
    g_signal_emit (self, signals[RESYNCHRONIZE], 0);
}

static void
connect_now (EocEventStream *self)
{
  g_return_if_fail (self->connection == NULL);
  g_return_if_fail (self->cancellable == NULL);

  self->handshake = eoc_client_new_message (self->client, "GET", "/api/v1/events");
  if (self->handshake == NULL)
    {
      g_autoptr(GError) error = NULL;

      error = g_error_new (EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_CANNOT_CONNECT,
                           _("“%s” is not the address of a service"),
                           eoc_client_get_base_uri (self->client));
      /* It will not get better by itself: wait the longest. */
      self->retry_ms = LAST_RETRY_MS;
      self->resync_needed = TRUE;
      set_state (self, EOC_EVENT_STREAM_STATE_DISCONNECTED);
      schedule_retry (self);
      g_signal_emit (self, signals[FAILED], 0, error);
      return;
    }

  set_state (self, EOC_EVENT_STREAM_STATE_CONNECTING);
  self->cancellable = g_cancellable_new ();
  soup_session_websocket_connect_async (eoc_client_get_session (self->client), self->handshake,
                                        NULL, NULL, G_PRIORITY_DEFAULT, self->cancellable,
                                        connect_cb, self);
}

/**
 * eoc_event_stream_start:
 * @self: a #EocEventStream
 *
 * Connects, and keeps connecting again whenever the connection is lost,
 * until eoc_event_stream_stop().
 */
void
eoc_event_stream_start (EocEventStream *self)
{
  g_return_if_fail (EOC_IS_EVENT_STREAM (self));

  if (self->started)
    return;

  self->started = TRUE;
  self->retry_ms = FIRST_RETRY_MS;
  connect_now (self);
}

/**
 * eoc_event_stream_stop:
 * @self: a #EocEventStream
 *
 * Closes the connection and stops trying. Pending pings fail.
 */
void
eoc_event_stream_stop (EocEventStream *self)
{
  g_return_if_fail (EOC_IS_EVENT_STREAM (self));

  self->started = FALSE;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->handshake);
  /* Stopped: nothing more is told, and listeners resynchronise after the next start. */
  g_clear_handle_id (&self->inbox_id, g_source_remove);
  g_queue_clear_full (&self->inbox, (GDestroyNotify) g_bytes_unref);
  drop_connection (self, SOUP_WEBSOCKET_CLOSE_NORMAL, _("The connection was closed"));
  /* Whatever happens until the next start is unknown to the listeners. */
  self->resync_needed = TRUE;
  set_state (self, EOC_EVENT_STREAM_STATE_DISCONNECTED);
}

/**
 * eoc_event_stream_ping_async:
 * @self: a #EocEventStream
 * @cancellable: (nullable): a #GCancellable, cancelled from the main thread
 * @callback: called when the service answers
 * @user_data: data for @callback
 *
 * Sends the service an application-level ping over the live connection, to
 * measure the round trip. Fails when not connected, when the connection is
 * lost before the answer, or after 10 seconds without one.
 */
void
eoc_event_stream_ping_async (EocEventStream      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  JsonObject *object;
  Ping *ping;

  g_return_if_fail (EOC_IS_EVENT_STREAM (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, eoc_event_stream_ping_async);

  if (self->state != EOC_EVENT_STREAM_STATE_CONNECTED)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                               _("Not connected to the service"));
      return;
    }

  ping = g_new0 (Ping, 1);
  ping->self = self;
  ping->id = ++self->next_ping_id;
  ping->task = g_steal_pointer (&task);
  ping->sent_at = g_get_monotonic_time ();
  ping->timeout_id = g_timeout_add_seconds (PING_TIMEOUT_SECONDS, ping_timeout_cb, ping);
  g_hash_table_insert (self->pings, GUINT_TO_POINTER (ping->id), ping);

  if (cancellable != NULL)
    {
      ping->cancellable = g_object_ref (cancellable);
      ping->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (ping_cancelled_cb),
                                                  ping, NULL);
    }

  object = json_object_new ();
  json_object_set_string_member (object, "type", "ping");
  json_object_set_int_member (object, "id", ping->id);
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  text = eoc_json_to_string (node);
  soup_websocket_connection_send_text (self->connection, text);
}

/**
 * eoc_event_stream_ping_finish:
 * @self: a #EocEventStream
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: the round trip in microseconds, or -1 with @error set.
 */
gint64
eoc_event_stream_ping_finish (EocEventStream  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);

  return g_task_propagate_int (G_TASK (result), error);
}

/**
 * eoc_event_stream_get_client:
 * @self: a #EocEventStream
 *
 * Returns: (transfer none): the client whose service this listens to.
 */
EocClient *
eoc_event_stream_get_client (EocEventStream *self)
{
  g_return_val_if_fail (EOC_IS_EVENT_STREAM (self), NULL);

  return self->client;
}

/**
 * eoc_event_stream_get_state:
 * @self: a #EocEventStream
 *
 * Returns: where the connection stands.
 */
EocEventStreamState
eoc_event_stream_get_state (EocEventStream *self)
{
  g_return_val_if_fail (EOC_IS_EVENT_STREAM (self), EOC_EVENT_STREAM_STATE_DISCONNECTED);

  return self->state;
}

/**
 * eoc_event_stream_get_idle_timeout:
 * @self: a #EocEventStream
 *
 * Returns: the seconds of silence after which the connection is taken for dead.
 */
guint
eoc_event_stream_get_idle_timeout (EocEventStream *self)
{
  g_return_val_if_fail (EOC_IS_EVENT_STREAM (self), 0);

  return self->idle_timeout;
}

/**
 * eoc_event_stream_set_idle_timeout:
 * @self: a #EocEventStream
 * @seconds: seconds of silence after which the connection is taken for dead,
 *   or 0 for never
 *
 * The service sends a heartbeat every 15 seconds; the default is 45.
 */
void
eoc_event_stream_set_idle_timeout (EocEventStream *self,
                                   guint           seconds)
{
  g_return_if_fail (EOC_IS_EVENT_STREAM (self));

  if (self->idle_timeout == seconds)
    return;

  self->idle_timeout = seconds;
  if (self->connection != NULL)
    restart_idle_timer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE_TIMEOUT]);
}

static void
eoc_event_stream_dispose (GObject *object)
{
  EocEventStream *self = EOC_EVENT_STREAM (object);

  if (self->pings != NULL)
    eoc_event_stream_stop (self);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (eoc_event_stream_parent_class)->dispose (object);
}

static void
eoc_event_stream_finalize (GObject *object)
{
  EocEventStream *self = EOC_EVENT_STREAM (object);

  g_clear_pointer (&self->pings, g_hash_table_unref);
  g_clear_handle_id (&self->inbox_id, g_source_remove);
  g_queue_clear_full (&self->inbox, (GDestroyNotify) g_bytes_unref);

  G_OBJECT_CLASS (eoc_event_stream_parent_class)->finalize (object);
}

static void
eoc_event_stream_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  EocEventStream *self = EOC_EVENT_STREAM (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_IDLE_TIMEOUT:
      g_value_set_uint (value, self->idle_timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_event_stream_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  EocEventStream *self = EOC_EVENT_STREAM (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_IDLE_TIMEOUT:
      eoc_event_stream_set_idle_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_event_stream_class_init (EocEventStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = eoc_event_stream_dispose;
  object_class->finalize = eoc_event_stream_finalize;
  object_class->get_property = eoc_event_stream_get_property;
  object_class->set_property = eoc_event_stream_set_property;

  /**
   * EocEventStream:client:
   *
   * The client whose service this listens to.
   */
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, EOC_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * EocEventStream:state:
   *
   * Where the connection stands.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, EOC_TYPE_EVENT_STREAM_STATE,
                       EOC_EVENT_STREAM_STATE_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocEventStream:idle-timeout:
   *
   * Seconds of silence after which the connection is taken for dead and
   * opened again (0: never). The service sends a heartbeat every 15 seconds.
   */
  properties[PROP_IDLE_TIMEOUT] =
    g_param_spec_uint ("idle-timeout", NULL, NULL, 0, G_MAXUINT, DEFAULT_IDLE_TIMEOUT_SECONDS,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS |
                       G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EocEventStream::environment-changed:
   * @self: the stream
   * @environment: the environment as it is now (a new object each time)
   *
   * An environment was created or changed.
   */
  signals[ENVIRONMENT_CHANGED] =
    g_signal_new ("environment-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, EOC_TYPE_ENVIRONMENT);

  /**
   * EocEventStream::backup-changed:
   * @self: the stream
   * @backup: the backup as it is now
   *
   * A backup was created or changed (it became available, for example).
   */
  signals[BACKUP_CHANGED] =
    g_signal_new ("backup-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, EOC_TYPE_BACKUP);

  /**
   * EocEventStream::backup-deleted:
   * @self: the stream
   * @environment_id: the environment it belonged to
   * @backup_id: the backup
   *
   * A backup was deleted.
   */
  signals[BACKUP_DELETED] =
    g_signal_new ("backup-deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * EocEventStream::operation-changed:
   * @self: the stream
   * @operation: the operation as it is now
   *
   * An operation started, made progress or ended.
   */
  signals[OPERATION_CHANGED] =
    g_signal_new ("operation-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, EOC_TYPE_OPERATION);

  /**
   * EocEventStream::activity-added:
   * @self: the stream
   * @activity: the new entry
   *
   * Something was recorded in an environment's activity.
   */
  signals[ACTIVITY_ADDED] =
    g_signal_new ("activity-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, EOC_TYPE_ACTIVITY);

  /**
   * EocEventStream::resynchronize:
   * @self: the stream
   *
   * The stream is connected again after a time without a connection, when
   * events may have been missed: listeners fetch again what they show.
   */
  signals[RESYNCHRONIZE] =
    g_signal_new ("resynchronize", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * EocEventStream::failed:
   * @self: the stream
   * @error: why, in %EOC_CLIENT_ERROR
   *
   * A connection attempt failed; the stream tries again later, after 30
   * seconds when the token was refused (%EOC_CLIENT_ERROR_UNAUTHORIZED).
   */
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
eoc_event_stream_init (EocEventStream *self)
{
  self->pings = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) ping_free);
  self->retry_ms = FIRST_RETRY_MS;
}

/**
 * eoc_event_stream_new:
 * @client: the client of the service to listen to
 *
 * Returns: (transfer full): a stream, not yet started.
 */
EocEventStream *
eoc_event_stream_new (EocClient *client)
{
  g_return_val_if_fail (EOC_IS_CLIENT (client), NULL);

  return g_object_new (EOC_TYPE_EVENT_STREAM, "client", client, NULL);
}
