/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-event-stream-private.h: the event stream's message handling, for the
 * fuzz targets. Not for the application.
 */
#pragma once

#include "eoc-event-stream.h"

G_BEGIN_DECLS

void eoc_event_stream_receive_text (EocEventStream *self,
                                    const char     *data,
                                    gsize           length);

G_END_DECLS
