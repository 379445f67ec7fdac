/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-application.h: Env Ops Center. Opens the service chosen last (or the
 * app's own private local one, or the one given with --server), and keeps the
 * connections the user added.
 */
#pragma once

#include <adwaita.h>

#include "eoc-connection-store.h"
#include "eoc-event-stream.h"
#include "eoc-operation-tracker.h"

G_BEGIN_DECLS

#define EOC_TYPE_APPLICATION (eoc_application_get_type ())
G_DECLARE_FINAL_TYPE (EocApplication, eoc_application, EOC, APPLICATION, AdwApplication)

EocApplication     *eoc_application_new                  (void);
EocConnectionStore *eoc_application_get_connection_store (EocApplication *self);
/* The connection the window shows, or NULL before the first one opened. */
EocConnection      *eoc_application_get_connection       (EocApplication *self);
/* Opens the connection @id ("" or "local" for the local service) in the main
 * window and remembers it for the next start (except with --server). */
void                eoc_application_open_connection      (EocApplication *self,
                                                          const char     *id);
/* A window closed while operations it started run: the app stays, following
 * them on @stream, and says with a desktop notification how each ended. */
void                eoc_application_follow_operations    (EocApplication      *self,
                                                          EocOperationTracker *tracker,
                                                          EocEventStream      *stream);

G_END_DECLS
