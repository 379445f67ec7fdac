/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-app-utils.h: what the app's tests share: GTK set-up, waiting on the
 * main loop, and reading the window as a user would (visible text).
 */
#pragma once

#include <adwaita.h>

#include "eoc-test-server.h"
#include "eoc-window.h"

G_BEGIN_DECLS

typedef gboolean (*EocTestCondition) (gpointer user_data);

/* gtk_test_init() and libadwaita, the app's resources and types. */
void        eoc_test_app_init          (int              *argc,
                                        char           ***argv);

/* Runs the main loop until @condition holds or @timeout_ms pass; TRUE if it held. */
gboolean    eoc_test_wait_until        (EocTestCondition  condition,
                                        gpointer          user_data,
                                        guint             timeout_ms);
/* Runs the main loop for @ms milliseconds. */
void        eoc_test_wait              (guint             ms);

/* The text of the visible labels under @widget, in tree order, joined by "|". */
char       *eoc_test_widget_text       (GtkWidget        *widget);
/* Whether @text shows in a visible label under @widget. */
gboolean    eoc_test_widget_shows      (GtkWidget        *widget,
                                        const char       *text);

/* Visible widgets of @type under @widget, in tree order. */
GPtrArray  *eoc_test_find_widgets      (GtkWidget        *widget,
                                        GType             type);
/* The visible button under @widget whose label is @label (mnemonics ignored). */
GtkWidget  *eoc_test_find_button       (GtkWidget        *widget,
                                        const char       *label);

/* A window on @url with @token, presented; waits until the environments show. */
EocWindow  *eoc_test_open_window       (const char       *url,
                                        const char       *token);
/* The environment rows shown, in order (EocEnvironmentRow). */
GPtrArray  *eoc_test_window_rows       (EocWindow        *window);
/* The row showing @name, or NULL. */
GtkWidget  *eoc_test_window_find_row   (EocWindow        *window,
                                        const char       *name);
/* A template child of the window. */
gpointer    eoc_test_window_child      (EocWindow        *window,
                                        const char       *name);
/* Closes and destroys @window, letting its requests end. */
void        eoc_test_close_window      (EocWindow        *window);

/* A client of its own on the service, for changes made "elsewhere". */
EocClient  *eoc_test_client_new        (const char       *url,
                                        const char       *token);
/* Makes a non-production environment called @name at @version and waits for
 * it; fails the test when the service refuses. Returns it. */
EocEnvironment *eoc_test_create_environment (EocClient  *client,
                                             const char *name,
                                             const char *version);
/* The id of the environment called @name on the service. */
char       *eoc_test_environment_id    (EocClient        *client,
                                        const char       *name);

G_END_DECLS
