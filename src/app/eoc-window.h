/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-window.h: the main window: the environments in a sidebar, the selected
 * one as content, folding to one pane on narrow widths. It holds the session
 * with the service: the client, the live event stream and the list.
 */
#pragma once

#include <adwaita.h>

#include "eoc-client.h"
#include "eoc-connection.h"
#include "eoc-environment-list.h"
#include "eoc-event-stream.h"
#include "eoc-user.h"

G_BEGIN_DECLS

#define EOC_TYPE_WINDOW (eoc_window_get_type ())
G_DECLARE_FINAL_TYPE (EocWindow, eoc_window, EOC, WINDOW, AdwApplicationWindow)

EocWindow          *eoc_window_new              (GtkApplication *application);
/* While the connection opens (the local service starts, the token is read). */
void                eoc_window_set_connecting   (EocWindow      *self,
                                                 EocConnection  *connection);
/* The connection could not be opened: says why, offers Retry and Connections. */
void                eoc_window_set_failed       (EocWindow      *self,
                                                 EocConnection  *connection,
                                                 const GError   *error);
/* Presents the window once its environments are listed (or could not be), or
 * after @max_wait_ms: its first frame shows them rather than a "Loading" page
 * for a few tens of milliseconds. 0: at once. */
void                eoc_window_present_when_ready (EocWindow    *self,
                                                   guint         max_wait_ms);
/* Opens a session on @client: lists the environments and follows events. */
void                eoc_window_set_client       (EocWindow      *self,
                                                 EocConnection  *connection,
                                                 EocClient      *client);
EocConnection      *eoc_window_get_connection   (EocWindow      *self);
EocClient          *eoc_window_get_client       (EocWindow      *self);
EocEventStream     *eoc_window_get_stream       (EocWindow      *self);
EocEnvironmentList *eoc_window_get_environments (EocWindow      *self);
/* Who is signed in, once the service said; NULL until then. */
EocUser            *eoc_window_get_user         (EocWindow      *self);
/* The environment shown as content, or NULL. */
EocEnvironment     *eoc_window_get_environment  (EocWindow      *self);
/* Shows the environment with @id, if listed; TRUE when it is. */
gboolean            eoc_window_select_environment (EocWindow    *self,
                                                   const char   *id);
void                eoc_window_add_toast        (EocWindow      *self,
                                                 AdwToast       *toast);
void                eoc_window_open_files       (EocWindow      *self,
                                                 GFile         **files,
                                                 int             n_files);

G_END_DECLS
