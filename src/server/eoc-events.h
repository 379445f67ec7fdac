/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-events.h: the live event hub behind /api/v1/events. Events may be
 * emitted from any thread; they are sent from the server's main context to
 * every connected WebSocket, in order.
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _EocEvents EocEvents;

/* Largest message a client may send us. */
#define EOC_EVENTS_MAX_INCOMING 4096
/* Most connections at once. */
#define EOC_EVENTS_MAX_CONNECTIONS 256

EocEvents *eoc_events_new            (GMainContext            *context);
void       eoc_events_free           (EocEvents               *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EocEvents, eoc_events_free)

/* Main context only. Takes a reference. FALSE when there are too many connections. */
gboolean   eoc_events_add_connection (EocEvents               *self,
                                      SoupWebsocketConnection *connection);
void       eoc_events_close_all      (EocEvents               *self);

/* Any thread: sends {"type": @type, @member: @object}. @object is not taken. */
void       eoc_events_emit           (EocEvents               *self,
                                      const char              *type,
                                      const char              *member,
                                      JsonObject              *object);

G_END_DECLS
