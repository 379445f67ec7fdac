/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-window-private.h: what the window's files share. eoc-window.c holds
 * the session and the layout; eoc-window-actions.c the dialogs that act on
 * an environment and the reports of what they started.
 */
#pragma once

#include "eoc-environment-page.h"
#include "eoc-operation-tracker.h"
#include "eoc-window.h"

G_BEGIN_DECLS

struct _EocWindow
{
  AdwApplicationWindow  parent_instance;

  GtkStack             *content_stack;
  GtkRevealer          *content_problem_revealer;
  EocEnvironmentPage   *environment_page;
  GtkFilterListModel   *filter_model;
  GtkSliceListModel    *first_rows;     /* the filtered list, held back before the first frame */
  guint                 all_rows_id;    /* showing all of it once that frame is drawn */
  AdwLeaflet           *leaflet;
  GtkListView          *list_view;
  GtkMenuButton        *menu_button;
  GMenuModel           *primary_menu;
  AdwStatusPage        *loading_page;
  GtkSpinner           *loading_spinner;
  GtkStringFilter      *name_filter;
  AdwStatusPage        *problem_page;
  GtkLabel             *problem_label;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkSingleSelection   *selection;
  GtkRevealer          *sidebar_problem_revealer;
  GtkStack             *sidebar_stack;
  AdwWindowTitle       *sidebar_title;
  AdwViewSwitcherBar   *switcher_bar;
  AdwSqueezer          *title_squeezer;
  AdwViewSwitcher      *view_switcher;
  AdwWindowTitle       *content_title;
  AdwToastOverlay      *toast_overlay;

  GSettings            *settings;
  EocConnection        *connection;
  GError               *failure;        /* the connection could not be opened */
  guint                 present_id;     /* presenting when the list comes, at the latest */

  /* The session. */
  EocClient            *client;
  EocEventStream       *stream;
  EocEnvironmentList   *environments;
  EocUser              *user;
  GError               *stream_error;   /* the live connection's last failure, until it is back */
  gboolean              loaded;         /* the environments came at least once */
  gboolean              subscribed;     /* the live connection was up at least once */
  gboolean              fetching_user;  /* who is signed in: asked, no answer yet */
  guint                 live_tick_id;   /* starting the live connection at the first frame */
  GCancellable         *cancellable;    /* this session's requests */
  EocOperationTracker  *tracker;        /* what this window started, until it ends */
  GHashTable           *progress_toasts; /* operation id → the toast saying it runs (weak) */

  char                 *selected_id;    /* the environment shown, kept across reloads */
  GBinding             *title_binding;
};

/* eoc-window-actions.c */
void eoc_window_class_add_environment_actions (GtkWidgetClass *widget_class);
void eoc_window_init_environment_actions      (EocWindow      *self);
void eoc_window_update_environment_actions    (EocWindow      *self);
void eoc_window_operation_finished_cb         (EocWindow      *self,
                                               EocOperation   *operation,
                                               const char     *environment_name,
                                               const char     *subject,
                                               const char     *subject_id);

G_END_DECLS
