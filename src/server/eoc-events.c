/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "eoc-events"

#include "config.h"

#include "eoc-events.h"
#include "eoc-json.h"
#include "eoc-util.h"

#define HEARTBEAT_SECONDS 15

struct _EocEvents {
  GMainContext *context;
  GPtrArray    *connections;   /* SoupWebsocketConnection */
  GSource      *heartbeat;
};

typedef struct {
  EocEvents *events;
  char      *text;
} Pending;

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  g_free (pending->text);
  g_free (pending);
}

static void
broadcast (EocEvents  *self,
           const char *text)
{
  for (guint i = 0; i < self->connections->len; i++)
    {
      SoupWebsocketConnection *connection = g_ptr_array_index (self->connections, i);

      if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_send_text (connection, text);
    }
}

static gboolean
send_pending_cb (gpointer data)
{
  Pending *pending = data;

  broadcast (pending->events, pending->text);
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
  Pending *pending;

  if (self == NULL)
    return;

  pending = g_new0 (Pending, 1);
  pending->events = self;
  pending->text = event_text (type, member, object);
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, send_pending_cb, pending,
                              pending_free);
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
  EocEvents *self = data;

  for (guint i = 0; i < self->connections->len; i++)
    {
      SoupWebsocketConnection *connection = g_ptr_array_index (self->connections, i);

      if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
        send_time (connection, "heartbeat");
    }

  return G_SOURCE_CONTINUE;
}

static void
message_cb (SoupWebsocketConnection *connection,
            gint                     type,
            GBytes                  *message,
            EocEvents               *self)
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
           EocEvents               *self)
{
  g_signal_handlers_disconnect_by_data (connection, self);
  g_ptr_array_remove (self->connections, connection);
}

gboolean
eoc_events_add_connection (EocEvents               *self,
                           SoupWebsocketConnection *connection)
{
  if (self->connections->len >= EOC_EVENTS_MAX_CONNECTIONS)
    {
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                                       "Too many connections");
      return FALSE;
    }

  g_object_set (connection,
                "max-incoming-payload-size", (guint64) EOC_EVENTS_MAX_INCOMING,
                "keepalive-interval", (guint) HEARTBEAT_SECONDS,
                NULL);
  g_ptr_array_add (self->connections, g_object_ref (connection));
  g_signal_connect (connection, "message", G_CALLBACK (message_cb), self);
  g_signal_connect (connection, "closed", G_CALLBACK (closed_cb), self);
  send_time (connection, "hello");
  return TRUE;
}

void
eoc_events_close_all (EocEvents *self)
{
  g_autoptr(GPtrArray) connections = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->connections->len; i++)
    g_ptr_array_add (connections, g_object_ref (g_ptr_array_index (self->connections, i)));
  for (guint i = 0; i < connections->len; i++)
    {
      SoupWebsocketConnection *connection = g_ptr_array_index (connections, i);

      if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY,
                                         "The service is stopping");
    }
}

EocEvents *
eoc_events_new (GMainContext *context)
{
  EocEvents *self = g_new0 (EocEvents, 1);

  self->context = g_main_context_ref (context);
  self->connections = g_ptr_array_new_with_free_func (g_object_unref);
  self->heartbeat = g_timeout_source_new_seconds (HEARTBEAT_SECONDS);
  g_source_set_callback (self->heartbeat, heartbeat_cb, self, NULL);
  g_source_attach (self->heartbeat, context);
  return self;
}

void
eoc_events_free (EocEvents *self)
{
  if (self == NULL)
    return;

  g_source_destroy (self->heartbeat);
  g_source_unref (self->heartbeat);
  for (guint i = 0; i < self->connections->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->connections, i), self);
  g_ptr_array_unref (self->connections);
  g_main_context_unref (self->context);
  g_free (self);
}
