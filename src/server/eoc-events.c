/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "eoc-events"

#include "config.h"

#include <string.h>

#include "eoc-events.h"
#include "eoc-json.h"
#include "eoc-util.h"

#define HEARTBEAT_SECONDS 15

/*
 * A WebSocket may only be used from the main context of the thread whose
 * server accepted it. Events come from any thread: each is queued on the
 * context of every thread with subscribers, which sends it to its own.
 */
typedef struct {
  EocEvents               *events;
  SoupWebsocketConnection *connection;
  GMainContext            *context;     /* the only one that uses the connection */
  GSource                 *heartbeat;   /* attached to @context */
} Subscriber;

struct _EocEvents {
  GMutex     mutex;
  GPtrArray *subscribers;   /* Subscriber; under @mutex */
};

typedef struct {
  EocEvents    *events;
  GMainContext *context;   /* not a reference: the one this runs on, if it runs */
  GBytes       *text;
} Pending;

static void
subscriber_free (gpointer data)
{
  Subscriber *subscriber = data;

  g_signal_handlers_disconnect_by_data (subscriber->connection, subscriber);
  g_object_unref (subscriber->connection);
  g_main_context_unref (subscriber->context);
  g_source_destroy (subscriber->heartbeat);
  g_source_unref (subscriber->heartbeat);
  g_free (subscriber);
}

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  g_bytes_unref (pending->text);
  g_free (pending);
}

/* The connections accepted on @context (references). */
static GPtrArray *
connections_on (EocEvents    *self,
                GMainContext *context)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  GPtrArray *connections = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->subscribers->len; i++)
    {
      Subscriber *subscriber = g_ptr_array_index (self->subscribers, i);

      if (subscriber->context == context)
        g_ptr_array_add (connections, g_object_ref (subscriber->connection));
    }
  return connections;
}

/* On @pending's context: sends it to the connections accepted there. */
static gboolean
send_pending_cb (gpointer data)
{
  Pending *pending = data;
  g_autoptr(GPtrArray) connections = connections_on (pending->events, pending->context);
  gsize length;
  const char *text = g_bytes_get_data (pending->text, &length);

  for (guint i = 0; i < connections->len; i++)
    {
      SoupWebsocketConnection *connection = g_ptr_array_index (connections, i);

      if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_send_text (connection, text);
    }
  return G_SOURCE_REMOVE;
}

static char *
event_text (const char *type,
            const char *member,
            JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *event = json_object_new ();

  json_object_set_string_member (event, "type", type);
  if (member != NULL && object != NULL)
    json_object_set_object_member (event, member, json_object_ref (object));
  json_node_take_object (node, event);
  return eoc_json_to_string (node);
}

void
eoc_events_emit (EocEvents  *self,
                 const char *type,
                 const char *member,
                 JsonObject *object)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) contexts = NULL;
  g_autoptr(GBytes) text = NULL;
  char *json;

  if (self == NULL)
    return;

  json = event_text (type, member, object);
  text = g_bytes_new_take (json, strlen (json));
  contexts = g_ptr_array_new ();

  /* Queued under the lock, so every context gets the events in one order.
   * Always queued, never run here: sending takes the lock. */
  locker = g_mutex_locker_new (&self->mutex);
  for (guint i = 0; i < self->subscribers->len; i++)
    {
      Subscriber *subscriber = g_ptr_array_index (self->subscribers, i);

      if (!g_ptr_array_find (contexts, subscriber->context, NULL))
        g_ptr_array_add (contexts, subscriber->context);
    }
  for (guint i = 0; i < contexts->len; i++)
    {
      g_autoptr(GSource) source = g_idle_source_new ();
      Pending *pending = g_new0 (Pending, 1);

      pending->events = self;
      pending->context = g_ptr_array_index (contexts, i);
      pending->text = g_bytes_ref (text);
      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, send_pending_cb, pending, pending_free);
      g_source_attach (source, pending->context);
    }
}

static void
send_time (SoupWebsocketConnection *connection,
           const char              *type)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *text = NULL;
  g_autofree char *now = eoc_time_format (eoc_now ());
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "type", type);
  json_object_set_string_member (object, "server_time", now);
  json_node_set_object (node, object);
  text = eoc_json_to_string (node);
  soup_websocket_connection_send_text (connection, text);
}

static gboolean
heartbeat_cb (gpointer data)
{
  Subscriber *subscriber = data;

  if (soup_websocket_connection_get_state (subscriber->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    send_time (subscriber->connection, "heartbeat");
  return G_SOURCE_CONTINUE;
}

static void
message_cb (SoupWebsocketConnection *connection,
            gint                     type,
            GBytes                  *message,
            Subscriber              *subscriber)
{
  gsize length;
  const char *data = g_bytes_get_data (message, &length);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  JsonNode *kind;

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    return;

  node = eoc_json_parse (data, length, 8, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  object = json_node_get_object (node);

  /* An application-level ping, for clients that measure the round trip. Not
   * json_object_get_string_member_with_default(): it fails a check (a
   * critical, fatal under G_DEBUG=fatal-criticals) when "type" is an object. */
  kind = json_object_get_member (object, "type");
  if (kind != NULL && JSON_NODE_HOLDS_VALUE (kind) &&
      json_node_get_value_type (kind) == G_TYPE_STRING &&
      g_strcmp0 (json_node_get_string (kind), "ping") == 0)
    {
      g_autoptr(JsonNode) reply = json_node_new (JSON_NODE_OBJECT);
      g_autoptr(JsonObject) pong = json_object_new ();
      g_autofree char *text = NULL;
      JsonNode *id = json_object_get_member (object, "id");

      json_object_set_string_member (pong, "type", "pong");
      if (id != NULL && JSON_NODE_HOLDS_VALUE (id))
        json_object_set_member (pong, "id", json_node_copy (id));
      json_node_set_object (reply, pong);
      text = eoc_json_to_string (reply);
      soup_websocket_connection_send_text (connection, text);
    }
}

static void
closed_cb (SoupWebsocketConnection *connection,
           Subscriber              *subscriber)
{
  EocEvents *self = subscriber->events;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

  /* Frees @subscriber. */
  g_ptr_array_remove (self->subscribers, subscriber);
}

gboolean
eoc_events_add_connection (EocEvents               *self,
                           SoupWebsocketConnection *connection)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  Subscriber *subscriber;

  if (self->subscribers->len >= EOC_EVENTS_MAX_CONNECTIONS)
    {
      g_clear_pointer (&locker, g_mutex_locker_free);
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                                       "Too many connections");
      return FALSE;
    }

  g_object_set (connection,
                "max-incoming-payload-size", (guint64) EOC_EVENTS_MAX_INCOMING,
                "keepalive-interval", (guint) HEARTBEAT_SECONDS,
                NULL);

  subscriber = g_new0 (Subscriber, 1);
  subscriber->events = self;
  subscriber->connection = g_object_ref (connection);
  subscriber->context = g_main_context_ref_thread_default ();
  subscriber->heartbeat = g_timeout_source_new_seconds (HEARTBEAT_SECONDS);
  g_source_set_callback (subscriber->heartbeat, heartbeat_cb, subscriber, NULL);
  g_source_attach (subscriber->heartbeat, subscriber->context);
  g_ptr_array_add (self->subscribers, subscriber);
  g_clear_pointer (&locker, g_mutex_locker_free);

  g_signal_connect (connection, "message", G_CALLBACK (message_cb), subscriber);
  g_signal_connect (connection, "closed", G_CALLBACK (closed_cb), subscriber);
  send_time (connection, "hello");
  return TRUE;
}

void
eoc_events_close_all (EocEvents *self)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  g_autoptr(GPtrArray) connections = connections_on (self, context);

  for (guint i = 0; i < connections->len; i++)
    {
      SoupWebsocketConnection *connection = g_ptr_array_index (connections, i);

      if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY,
                                         "The service is stopping");
    }
}

guint
eoc_events_count_connections (EocEvents *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

  return self->subscribers->len;
}

EocEvents *
eoc_events_new (void)
{
  EocEvents *self = g_new0 (EocEvents, 1);

  g_mutex_init (&self->mutex);
  self->subscribers = g_ptr_array_new_with_free_func (subscriber_free);
  return self;
}

void
eoc_events_free (EocEvents *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->subscribers);
  g_mutex_clear (&self->mutex);
  g_free (self);
}
