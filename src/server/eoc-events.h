/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-events.h: the live event hub behind /api/v1/events. Events may be
 * emitted from any thread; each connected WebSocket gets them all, in the
 * order they were emitted, from the main context of the thread whose server
 * accepted it (the only one that may use it).
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

EocEvents *eoc_events_new            (void);
void       eoc_events_free           (EocEvents               *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EocEvents, eoc_events_free)

/* On the thread-default context of the thread whose server accepted @connection.
 * Takes a reference. FALSE when there are too many connections. */
gboolean   eoc_events_add_connection (EocEvents               *self,
                                      SoupWebsocketConnection *connection);
/* Closes the connections accepted on the calling thread's thread-default context. */
void       eoc_events_close_all      (EocEvents               *self);
/* Any thread: how many connections there are. */
guint      eoc_events_count_connections (EocEvents            *self);

/* Any thread: sends {"type": @type, @member: @object}. @object is not taken. */
void       eoc_events_emit           (EocEvents               *self,
                                      const char              *type,
                                      const char              *member,
                                      JsonObject              *object);

G_END_DECLS
