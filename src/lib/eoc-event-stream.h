/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "eoc-client.h"

G_BEGIN_DECLS

/**
 * EocEventStreamState:
 * @EOC_EVENT_STREAM_STATE_DISCONNECTED: not connected: stopped, or waiting to try again
 * @EOC_EVENT_STREAM_STATE_CONNECTING: opening the connection
 * @EOC_EVENT_STREAM_STATE_CONNECTED: receiving events
 *
 * Where an #EocEventStream's connection stands.
 */
typedef enum {
  EOC_EVENT_STREAM_STATE_DISCONNECTED,
  EOC_EVENT_STREAM_STATE_CONNECTING,
  EOC_EVENT_STREAM_STATE_CONNECTED,
} EocEventStreamState;

#define EOC_TYPE_EVENT_STREAM_STATE (eoc_event_stream_state_get_type ())
GType eoc_event_stream_state_get_type (void) G_GNUC_CONST;

#define EOC_TYPE_EVENT_STREAM (eoc_event_stream_get_type ())
G_DECLARE_FINAL_TYPE (EocEventStream, eoc_event_stream, EOC, EVENT_STREAM, GObject)

EocEventStream      *eoc_event_stream_new              (EocClient            *client);

EocClient           *eoc_event_stream_get_client       (EocEventStream       *self);
EocEventStreamState  eoc_event_stream_get_state        (EocEventStream       *self);
guint                eoc_event_stream_get_idle_timeout (EocEventStream       *self);
void                 eoc_event_stream_set_idle_timeout (EocEventStream       *self,
                                                        guint                 seconds);

void                 eoc_event_stream_start            (EocEventStream       *self);
void                 eoc_event_stream_stop             (EocEventStream       *self);

void                 eoc_event_stream_ping_async       (EocEventStream       *self,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gint64               eoc_event_stream_ping_finish      (EocEventStream       *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
