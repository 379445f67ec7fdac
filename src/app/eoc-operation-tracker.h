/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-operation-tracker.h: follows the long operations this app started
 * (backups, restores, imports, updates) until they end, from the live event
 * stream, and asks the service again after the stream missed events. The
 * window tells the user how each one ended.
 */
#pragma once

#include <gio/gio.h>

#include "eoc-client.h"
#include "eoc-event-stream.h"

G_BEGIN_DECLS

#define EOC_TYPE_OPERATION_TRACKER (eoc_operation_tracker_get_type ())
G_DECLARE_FINAL_TYPE (EocOperationTracker, eoc_operation_tracker, EOC, OPERATION_TRACKER, GObject)

EocOperationTracker *eoc_operation_tracker_new       (EocClient           *client,
                                                      EocEventStream      *stream);
/* Follows @operation; @environment_name, @subject (what the messages name:
 * the backup restored) and @subject_id (that backup's id) come back with
 * ::finished. */
void                 eoc_operation_tracker_add       (EocOperationTracker *self,
                                                      EocOperation        *operation,
                                                      const char          *environment_name,
                                                      const char          *subject,
                                                      const char          *subject_id);
guint                eoc_operation_tracker_get_n_running (EocOperationTracker *self);

G_END_DECLS
