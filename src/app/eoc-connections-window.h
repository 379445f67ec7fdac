/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-connections-window.h: the Connections preferences: the local service and
 * the remote ones the user added, to switch between, add, edit and remove.
 * Switching activates app.open-connection.
 */
#pragma once

#include <adwaita.h>

#include "eoc-connection-store.h"

G_BEGIN_DECLS

#define EOC_TYPE_CONNECTIONS_WINDOW (eoc_connections_window_get_type ())
G_DECLARE_FINAL_TYPE (EocConnectionsWindow, eoc_connections_window, EOC, CONNECTIONS_WINDOW,
                      AdwPreferencesWindow)

/* @current_id: the connection shown now, or NULL. */
EocConnectionsWindow *eoc_connections_window_new (EocConnectionStore *store,
                                                  const char         *current_id);

G_END_DECLS
