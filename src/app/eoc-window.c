/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "eoc-window"

#include "config.h"

#include <glib/gi18n.h>

#include "eoc-app-resources.h"
#include "eoc-application.h"
#include "eoc-environment-page.h"
#include "eoc-environment-row.h"
#include "eoc-row-factory.h"
#include "eoc-toast.h"
#include "eoc-window-private.h"

G_DEFINE_FINAL_TYPE (EocWindow, eoc_window, ADW_TYPE_APPLICATION_WINDOW)

static void update_state (EocWindow *self);
static void fetch_user (EocWindow *self);

static gboolean
is_connection_problem (const GError *error)
{
  return g_error_matches (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_CANNOT_CONNECT) ||
         g_error_matches (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_TIMED_OUT);
}

/* What is wrong with the session now, if anything. */
static const GError *
get_problem (EocWindow *self)
{
  const GError *error;

  if (self->client == NULL)
    return self->failure;

  error = eoc_environment_list_get_error (self->environments);
  if (error != NULL && self->stream_error != NULL && is_connection_problem (self->stream_error))
    return self->stream_error;

  return error != NULL ? error : self->stream_error;
}

static void
show_problem_page (EocWindow    *self,
                   const GError *error)
{
  g_autofree char *description = NULL;
  const char *icon, *title;

  if (self->client == NULL)
    {
      icon = "dialog-error-symbolic";
      title = _("Cannot Open the Service");
      description = g_strdup (error->message);
    }
  else if (g_error_matches (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_UNAUTHORIZED))
    {
      icon = "dialog-password-symbolic";
      title = _("Signed Out");
      description = g_strdup (_("The service no longer accepts this connection’s token. "
                                "Enter a valid token in Connections, then select Retry."));
    }
  else if (is_connection_problem (error))
    {
      icon = "network-offline-symbolic";
      title = _("Cannot Reach the Service");
      /* Translators: %s is the service's address. */
      description = g_strdup_printf (_("%s does not answer. Check that the service is running "
                                       "and that its address is right; the app keeps trying."),
                                     eoc_client_get_base_uri (self->client));
    }
  else if (g_error_matches (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_INVALID_RESPONSE))
    {
      icon = "dialog-error-symbolic";
      title = _("Unexpected Answer");
      /* The client's message already says the answer was not understood, and why. */
      description = g_strdup (error->message);
    }
  else
    {
      icon = "dialog-error-symbolic";
      title = _("Cannot Load the Environments");
      description = g_strdup (error->message);
    }

  adw_status_page_set_icon_name (self->problem_page, icon);
  adw_status_page_set_title (self->problem_page, title);
  adw_status_page_set_description (self->problem_page, description);
}

static char *
problem_bar_text (const GError *error)
{
  if (g_error_matches (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_UNAUTHORIZED))
    return g_strdup (_("Signed out: the service no longer accepts this connection’s token"));
  if (is_connection_problem (error))
    return g_strdup (_("The service cannot be reached. Trying again…"));

  return g_strdup (error->message);
}

/* Shows the page @name of @stack. The pages that may never be needed (a problem,
 * an empty list) are hidden until first shown: a hidden page is not styled. */
static void
show_stack_page (GtkStack   *stack,
                 const char *name)
{
  gtk_widget_set_visible (gtk_stack_get_child_by_name (stack, name), TRUE);
  gtk_stack_set_visible_child_name (stack, name);
}

static void
update_state (EocWindow *self)
{
  const GError *problem = get_problem (self);
  const char *page;
  gboolean show_bar;

  if (self->client == NULL)
    page = self->failure != NULL ? "problem" : "loading";
  else if (!self->loaded)
    page = problem != NULL && !eoc_environment_list_get_loading (self->environments) ? "problem"
                                                                                       : "loading";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->environments)) == 0)
    page = "empty";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) == 0)
    page = "no-results";
  else
    page = "list";

  if (g_str_equal (page, "problem"))
    show_problem_page (self, problem);

  show_stack_page (self->sidebar_stack, page);
  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (page, "loading"));

  /* A lasting problem shows as a bar, unless the whole sidebar already says it. */
  show_bar = problem != NULL && !g_str_equal (page, "problem");
  if (show_bar)
    {
      g_autofree char *text = problem_bar_text (problem);

      gtk_label_set_label (self->problem_label, text);
    }
  gtk_revealer_set_reveal_child (self->content_problem_revealer, show_bar);
  gtk_revealer_set_reveal_child (self->sidebar_problem_revealer,
                                 show_bar && adw_leaflet_get_folded (self->leaflet));
}

static void
update_title (EocWindow *self)
{
  adw_window_title_set_subtitle (self->sidebar_title,
                                 self->connection != NULL
                                   ? eoc_connection_get_name (self->connection) : NULL);
}

/* The views: in the header while they fit there, else in the bar at the bottom. */

static void
set_views_enabled (EocWindow *self,
                   gboolean   enabled)
{
  AdwSqueezerPage *page = adw_squeezer_get_page (self->title_squeezer,
                                                 GTK_WIDGET (self->view_switcher));

  adw_squeezer_page_set_enabled (page, enabled);
}

static void
sync_switcher_bar (EocWindow *self)
{
  gboolean title_shown;

  /* Still building the window. */
  if (self->switcher_bar == NULL || self->title_squeezer == NULL)
    return;

  title_shown = adw_squeezer_get_visible_child (self->title_squeezer) ==
                GTK_WIDGET (self->content_title);
  gtk_widget_set_visible (GTK_WIDGET (self->switcher_bar), title_shown);
  adw_view_switcher_bar_set_reveal (self->switcher_bar, title_shown);
}

/* The environment shown. */

static void
show_environment (EocWindow      *self,
                  EocEnvironment *environment)
{
  if (environment == eoc_environment_page_get_environment (self->environment_page))
    return;

  g_clear_pointer (&self->title_binding, g_binding_unbind);

  if (environment == NULL)
    {
      eoc_environment_page_set_environment (self->environment_page, NULL);
      show_stack_page (self->content_stack, "none");
      adw_window_title_set_title (self->content_title, _("Env Ops Center"));
      set_views_enabled (self, FALSE);
      if (adw_leaflet_get_folded (self->leaflet))
        adw_leaflet_set_visible_child_name (self->leaflet, "sidebar");
      return;
    }

  g_free (self->selected_id);
  self->selected_id = g_strdup (eoc_environment_get_id (environment));
  g_settings_set_string (self->settings, "last-environment", self->selected_id);

  eoc_environment_page_set_environment (self->environment_page, environment);
  gtk_stack_set_visible_child_name (self->content_stack, "environment");
  set_views_enabled (self, TRUE);
  self->title_binding = g_object_bind_property (environment, "name",
                                                self->content_title, "title",
                                                G_BINDING_SYNC_CREATE);
  /* The binding goes by itself when the environment does (a list of an
   * earlier session, say): forget it then, rather than unbind it later. */
  g_object_add_weak_pointer (G_OBJECT (self->title_binding), (gpointer *) &self->title_binding);
}

static gboolean
find_position (GListModel *model,
               const char *id,
               guint      *position)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EocEnvironment) environment = g_list_model_get_item (model, i);

      if (g_strcmp0 (eoc_environment_get_id (environment), id) == 0)
        {
          *position = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* The first frame's rows.
 *
 * A list view of GTK 4.8 makes, binds, styles and measures a row for each of
 * the first 200 items as soon as it has them, though a window shows a
 * screenful. Before the window's first frame, it is given only what that
 * frame can show; the rest follows as soon as the frame is drawn. */

/* No row is shorter: a window @height pixels high shows at most height / this rows. */
#define ROW_MIN_HEIGHT 32

static void
show_all_rows (EocWindow *self)
{
  g_clear_handle_id (&self->all_rows_id, g_source_remove);
  gtk_slice_list_model_set_size (self->first_rows, G_MAXUINT);
}

static gboolean
show_all_rows_cb (gpointer data)
{
  EocWindow *self = data;

  self->all_rows_id = 0;
  show_all_rows (self);
  return G_SOURCE_REMOVE;
}

/* Before the window is shown: a screenful, at its size (any, when it opens maximized). */
static void
hold_back_rows (EocWindow *self)
{
  int width = 0, height = 0;

  if (gtk_window_is_maximized (GTK_WINDOW (self)) || gtk_window_is_fullscreen (GTK_WINDOW (self)))
    return;
  /* Both: GTK 4.8 does not take NULL for either. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (height <= 0)
    return;
  gtk_slice_list_model_set_size (self->first_rows, (guint) height / ROW_MIN_HEIGHT + 1);
}

/* Selects @position of the filtered list, held back or not. */
static void
select_position (EocWindow *self,
                 guint      position)
{
  if (position != GTK_INVALID_LIST_POSITION &&
      position >= gtk_slice_list_model_get_size (self->first_rows))
    show_all_rows (self);
  gtk_single_selection_set_selected (self->selection, position);
}

/* After the list changed: follow the shown environment, and select it again. */
static void
sync_selection (EocWindow *self)
{
  EocEnvironment *shown = eoc_environment_page_get_environment (self->environment_page);
  g_autofree char *remembered = NULL;
  const char *id = self->selected_id;
  guint position;

  if (self->environments == NULL || !self->loaded)
    return;

  if (id != NULL)
    {
      EocEnvironment *current = eoc_environment_list_find (self->environments, id);

      if (current == NULL)
        {
          /* Gone from the service. */
          g_clear_pointer (&self->selected_id, g_free);
          show_environment (self, NULL);
          id = NULL;
        }
      else if (current != shown)
        {
          show_environment (self, current);
        }
    }

  if (gtk_single_selection_get_selected_item (self->selection) != NULL)
    return;

  if (id == NULL)
    {
      remembered = g_settings_get_string (self->settings, "last-environment");
      if (*remembered != '\0' && eoc_environment_list_find (self->environments, remembered) != NULL)
        id = remembered;
    }

  if (id != NULL && find_position (G_LIST_MODEL (self->filter_model), id, &position))
    select_position (self, position);
  else if (id == NULL && !adw_leaflet_get_folded (self->leaflet) &&
           g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) > 0)
    select_position (self, 0);
}

static void
selected_item_cb (EocWindow *self)
{
  EocEnvironment *environment = gtk_single_selection_get_selected_item (self->selection);

  /* A search that hides the shown environment keeps it shown. */
  if (environment != NULL)
    show_environment (self, environment);
}

static void
filtered_items_changed_cb (EocWindow *self)
{
  sync_selection (self);
  update_state (self);
}

static void
list_activate_cb (EocWindow *self,
                  guint      position)
{
  gtk_single_selection_set_selected (self->selection, position);
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

static void
leaflet_folded_cb (EocWindow *self)
{
  update_state (self);
}

static void
search_changed_cb (EocWindow *self)
{
  gtk_string_filter_set_search (self->name_filter,
                                gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  update_state (self);
}

static void
stop_search_cb (EocWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

/* The session. */

/* Presenting. */

static void
present_now (EocWindow *self)
{
  if (self->present_id == 0)
    return;

  g_clear_handle_id (&self->present_id, g_source_remove);
  gtk_window_present (GTK_WINDOW (self));
}

static gboolean
present_timeout_cb (gpointer data)
{
  EocWindow *self = data;

  self->present_id = 0;
  gtk_window_present (GTK_WINDOW (self));
  return G_SOURCE_REMOVE;
}

/* Whether the window has what its first frame should show: the list, or why there is none. */
static gboolean
is_ready (EocWindow *self)
{
  return self->loaded || self->failure != NULL ||
         (self->environments != NULL &&
          eoc_environment_list_get_error (self->environments) != NULL);
}

void
eoc_window_present_when_ready (EocWindow *self,
                               guint      max_wait_ms)
{
  g_return_if_fail (EOC_IS_WINDOW (self));

  if (max_wait_ms == 0 || is_ready (self) || gtk_widget_get_visible (GTK_WIDGET (self)))
    {
      g_clear_handle_id (&self->present_id, g_source_remove);
      gtk_window_present (GTK_WINDOW (self));
      return;
    }

  if (self->present_id == 0)
    self->present_id = g_timeout_add (max_wait_ms, present_timeout_cb, self);
}

static void
environments_changed_cb (EocWindow *self)
{
  if (!self->loaded && !eoc_environment_list_get_loading (self->environments) &&
      eoc_environment_list_get_error (self->environments) == NULL)
    self->loaded = TRUE;

  sync_selection (self);
  update_state (self);
  if (is_ready (self))
    present_now (self);
}

static void
refresh_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(EocWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!eoc_environment_list_refresh_finish (EOC_ENVIRONMENT_LIST (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("Could not list the environments: %s", error->message);
    }

  if ((gpointer) object != self->environments)
    return;

  if (error == NULL)
    self->loaded = TRUE;
  sync_selection (self);
  update_state (self);
}

static void
refresh_environments (EocWindow *self)
{
  if (self->environments != NULL)
    eoc_environment_list_refresh_async (self->environments, self->cancellable, refresh_cb,
                                        g_object_ref (self));
}

static void
get_me_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(EocWindow) self = user_data;
  g_autoptr(EocUser) user = NULL;
  g_autoptr(GError) error = NULL;

  user = eoc_client_get_me_finish (EOC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      (gpointer) object != self->client)
    return;
  self->fetching_user = FALSE;

  if (user == NULL)
    {
      /* Until the role is known, nothing is offered that it might not allow. */
      g_debug ("Could not read who is signed in: %s", error->message);
      return;
    }

  g_set_object (&self->user, user);
  eoc_environment_page_set_can_operate (self->environment_page, eoc_user_get_can_operate (user));
  eoc_window_update_environment_actions (self);
}

static void
fetch_user (EocWindow *self)
{
  if (self->client == NULL || self->fetching_user)
    return;

  self->fetching_user = TRUE;
  eoc_client_get_me_async (self->client, self->cancellable, get_me_cb, g_object_ref (self));
}

static void
stream_state_cb (EocWindow *self)
{
  if (eoc_event_stream_get_state (self->stream) != EOC_EVENT_STREAM_STATE_CONNECTED)
    return;

  /* Back: the stream resynchronizes the lists; what never loaded is fetched now.
   * Up for the first time: the list came, or is coming, from an answer that
   * may be older than the subscription (a prefetched one, say), and a change
   * made in between would never show: it is fetched once more. */
  g_clear_error (&self->stream_error);
  if (!self->subscribed || !self->loaded ||
      eoc_environment_list_get_error (self->environments) != NULL)
    refresh_environments (self);
  self->subscribed = TRUE;
  if (self->user == NULL)
    fetch_user (self);
  update_state (self);
}

static void
stream_failed_cb (EocWindow      *self,
                  const GError   *error,
                  EocEventStream *stream)
{
  g_debug ("The live connection failed: %s", error->message);
  g_clear_error (&self->stream_error);
  self->stream_error = g_error_copy (error);
  update_state (self);
}

/* The live connection, and who is signed in. */
static void
start_live (EocWindow *self)
{
  eoc_event_stream_start (self->stream);
  fetch_user (self);
}

static gboolean
start_live_tick_cb (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       data)
{
  EocWindow *self = EOC_WINDOW (widget);

  self->live_tick_id = 0;
  start_live (self);
  /* Once this frame is drawn (an idle comes after it). */
  if (gtk_slice_list_model_get_size (self->first_rows) != G_MAXUINT && self->all_rows_id == 0)
    self->all_rows_id = g_idle_add (show_all_rows_cb, self);
  return G_SOURCE_REMOVE;
}

static void
end_session (EocWindow *self)
{
  if (self->live_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->live_tick_id);
      self->live_tick_id = 0;
    }
  if (self->first_rows != NULL)
    show_all_rows (self);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->stream != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->stream, self);
      eoc_event_stream_stop (self->stream);
    }
  if (self->environments != NULL)
    g_signal_handlers_disconnect_by_data (self->environments, self);

  if (self->environment_page != NULL)
    {
      g_clear_pointer (&self->title_binding, g_binding_unbind);
      eoc_environment_page_set_session (self->environment_page, NULL, NULL);
      eoc_environment_page_set_can_operate (self->environment_page, FALSE);
      show_environment (self, NULL);
    }
  if (self->filter_model != NULL)
    gtk_filter_list_model_set_model (self->filter_model, NULL);

  if (self->tracker != NULL)
    g_signal_handlers_disconnect_by_data (self->tracker, self);
  g_clear_object (&self->tracker);
  g_clear_object (&self->environments);
  g_clear_object (&self->stream);
  g_clear_object (&self->client);
  g_clear_object (&self->user);
  g_clear_error (&self->stream_error);
  g_clear_error (&self->failure);
  self->loaded = FALSE;
  self->subscribed = FALSE;
  self->fetching_user = FALSE;
  eoc_window_update_environment_actions (self);
}

static void
set_connection (EocWindow     *self,
                EocConnection *connection)
{
  if (self->connection == NULL || connection == NULL ||
      g_strcmp0 (eoc_connection_get_id (self->connection), eoc_connection_get_id (connection)) != 0)
    g_clear_pointer (&self->selected_id, g_free);

  g_set_object (&self->connection, connection);
  update_title (self);
}

void
eoc_window_set_connecting (EocWindow     *self,
                           EocConnection *connection)
{
  g_autofree char *title = NULL;

  g_return_if_fail (EOC_IS_WINDOW (self));
  g_return_if_fail (EOC_IS_CONNECTION (connection));

  end_session (self);
  set_connection (self, connection);

  if (eoc_connection_is_local (connection))
    title = g_strdup (_("Starting the Local Service"));
  else
    /* Translators: %s is the name of a service. */
    title = g_strdup_printf (_("Connecting to %s"), eoc_connection_get_name (connection));
  adw_status_page_set_title (self->loading_page, title);

  update_state (self);
}

void
eoc_window_set_failed (EocWindow     *self,
                       EocConnection *connection,
                       const GError  *error)
{
  g_return_if_fail (EOC_IS_WINDOW (self));
  g_return_if_fail (EOC_IS_CONNECTION (connection));
  g_return_if_fail (error != NULL);

  end_session (self);
  set_connection (self, connection);
  self->failure = g_error_copy (error);
  update_state (self);
  present_now (self);
}

void
eoc_window_set_client (EocWindow     *self,
                       EocConnection *connection,
                       EocClient     *client)
{
  g_return_if_fail (EOC_IS_WINDOW (self));
  g_return_if_fail (EOC_IS_CONNECTION (connection));
  g_return_if_fail (EOC_IS_CLIENT (client));

  end_session (self);
  set_connection (self, connection);

  self->cancellable = g_cancellable_new ();
  self->client = g_object_ref (client);
  self->stream = eoc_event_stream_new (client);
  self->environments = eoc_environment_list_new (client, self->stream);
  self->tracker = eoc_operation_tracker_new (client, self->stream);
  g_signal_connect_object (self->tracker, "finished",
                           G_CALLBACK (eoc_window_operation_finished_cb), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect_object (self->stream, "notify::state", G_CALLBACK (stream_state_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stream, "failed", G_CALLBACK (stream_failed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->environments, "notify::loading",
                           G_CALLBACK (environments_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->environments, "notify::error",
                           G_CALLBACK (environments_changed_cb), self, G_CONNECT_SWAPPED);

  adw_status_page_set_title (self->loading_page, _("Loading Environments"));
  gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (self->environments));
  eoc_environment_page_set_session (self->environment_page, client, self->stream);

  /* A window still to be shown draws its first frame first: the answers of
   * the live connection's handshake and of who is signed in, which that frame
   * does not need, would come in before it. They are asked for as it starts. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      start_live (self);
    }
  else
    {
      hold_back_rows (self);
      self->live_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), start_live_tick_cb,
                                                         NULL, NULL);
    }
  refresh_environments (self);
  update_state (self);
}

/* Actions. */

static void
retry (EocWindow *self)
{
  if (self->client == NULL)
    {
      if (self->connection != NULL)
        gtk_widget_activate_action (GTK_WIDGET (self), "app.open-connection", "s",
                                    eoc_connection_is_local (self->connection)
                                      ? "" : eoc_connection_get_id (self->connection));
      return;
    }

  /* Try the live connection again now rather than at its next turn. */
  if (eoc_event_stream_get_state (self->stream) != EOC_EVENT_STREAM_STATE_CONNECTED)
    {
      eoc_event_stream_stop (self->stream);
      eoc_event_stream_start (self->stream);
    }
  refresh_environments (self);
  if (self->user == NULL)
    fetch_user (self);
  if (eoc_environment_page_get_environment (self->environment_page) != NULL)
    eoc_environment_page_refresh (self->environment_page);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  retry (EOC_WINDOW (widget));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  retry (EOC_WINDOW (widget));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EocWindow *self = EOC_WINDOW (widget);

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "sidebar");
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EocWindow *self = EOC_WINDOW (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "sidebar");
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  EocWindow *self = EOC_WINDOW (widget);
  AdwViewStack *stack = eoc_environment_page_get_stack (self->environment_page);

  if (eoc_environment_page_get_environment (self->environment_page) == NULL)
    return;

  adw_view_stack_set_visible_child_name (stack, g_variant_get_string (parameter, NULL));
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

/* GtkWindow. */

static gboolean
eoc_window_close_request (GtkWindow *window)
{
  EocWindow *self = EOC_WINDOW (window);
  GtkApplication *application = gtk_window_get_application (window);

  /* A restore outlives the window: the app follows it to its end. */
  if (self->tracker != NULL && eoc_operation_tracker_get_n_running (self->tracker) > 0 &&
      EOC_IS_APPLICATION (application))
    eoc_application_follow_operations (EOC_APPLICATION (application), self->tracker,
                                       self->stream);

  end_session (self);

  return GTK_WINDOW_CLASS (eoc_window_parent_class)->close_request (window);
}

static void
eoc_window_dispose (GObject *object)
{
  EocWindow *self = (EocWindow *) object;

  end_session (self);
  g_clear_handle_id (&self->present_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), EOC_TYPE_WINDOW);
  g_clear_object (&self->connection);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (eoc_window_parent_class)->dispose (object);
}

static void
eoc_window_finalize (GObject *object)
{
  EocWindow *self = (EocWindow *) object;

  g_free (self->selected_id);
  g_clear_pointer (&self->progress_toasts, g_hash_table_unref);

  G_OBJECT_CLASS (eoc_window_parent_class)->finalize (object);
}

static void
eoc_window_class_init (EocWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = eoc_window_dispose;
  object_class->finalize = eoc_window_finalize;
  window_class->close_request = eoc_window_close_request;

  /* Links the resources in from the static library; they register themselves. */
  (void) eoc_app_get_resource ();

  g_type_ensure (EOC_TYPE_ENVIRONMENT);
  g_type_ensure (EOC_TYPE_ENVIRONMENT_PAGE);
  g_type_ensure (EOC_TYPE_ENVIRONMENT_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/envops/Center/eoc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, EocWindow, content_problem_revealer);
  gtk_widget_class_bind_template_child (widget_class, EocWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, EocWindow, environment_page);
  gtk_widget_class_bind_template_child (widget_class, EocWindow, filter_model);
  gtk_widget_class_bind_template_child (widget_class, EocWindow, first_rows);
  gtk_widget_class_bind_template_child (widget_class, EocWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, EocWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, EocWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, EocWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, EocWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, EocWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, EocWindow, name_filter);
  gtk_widget_class_bind_template_child (widget_class, EocWindow, problem_label);
  gtk_widget_class_bind_template_child (widget_class, EocWindow, problem_page);
  gtk_widget_class_bind_template_child (widget_class, EocWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, EocWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, EocWindow, selection);
  gtk_widget_class_bind_template_child (widget_class, EocWindow, sidebar_problem_revealer);
  gtk_widget_class_bind_template_child (widget_class, EocWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, EocWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, EocWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, EocWindow, title_squeezer);
  gtk_widget_class_bind_template_child (widget_class, EocWindow, view_switcher);
  gtk_widget_class_bind_template_child (widget_class, EocWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, EocWindow, toast_overlay);
  gtk_widget_class_bind_template_callback_full (widget_class, "adw_toast_overlay_add_toast",
                                                G_CALLBACK (adw_toast_overlay_add_toast));
  gtk_widget_class_bind_template_callback (widget_class, sync_switcher_bar);
  gtk_widget_class_bind_template_callback (widget_class, filtered_items_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, selected_item_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  eoc_window_class_add_environment_actions (widget_class);
}

/* The main menu's popover (about thirty widgets) is made when it first opens, by a click or
 * F10, rather than with the window. */
static void
create_primary_menu (GtkMenuButton *button,
                     gpointer       user_data)
{
  EocWindow *self = user_data;

  /* GTK 4.8 asks each time it opens: setting the model again would make a new popover. */
  if (gtk_menu_button_get_menu_model (button) == NULL)
    gtk_menu_button_set_menu_model (button, self->primary_menu);
}

static void
eoc_window_init (EocWindow *self)
{
  g_autoptr(GtkListItemFactory) factory =
    eoc_row_factory_new (eoc_environment_row_new,
                         (EocRowSetFunc) eoc_environment_row_set_environment, TRUE);
  AdwViewStack *stack;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_menu_button_set_create_popup_func (self->menu_button, create_primary_menu, self, NULL);
  eoc_window_init_environment_actions (self);

  self->settings = g_settings_new (APPLICATION_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  stack = eoc_environment_page_get_stack (self->environment_page);
  adw_view_switcher_set_stack (self->view_switcher, stack);
  adw_view_switcher_bar_set_stack (self->switcher_bar, stack);
  set_views_enabled (self, FALSE);
  sync_switcher_bar (self);

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));

  update_title (self);
  update_state (self);
  eoc_window_update_environment_actions (self);
}

EocWindow *
eoc_window_new (GtkApplication *application)
{
  return g_object_new (EOC_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

EocConnection *
eoc_window_get_connection (EocWindow *self)
{
  g_return_val_if_fail (EOC_IS_WINDOW (self), NULL);

  return self->connection;
}

EocClient *
eoc_window_get_client (EocWindow *self)
{
  g_return_val_if_fail (EOC_IS_WINDOW (self), NULL);

  return self->client;
}

EocEventStream *
eoc_window_get_stream (EocWindow *self)
{
  g_return_val_if_fail (EOC_IS_WINDOW (self), NULL);

  return self->stream;
}

EocEnvironmentList *
eoc_window_get_environments (EocWindow *self)
{
  g_return_val_if_fail (EOC_IS_WINDOW (self), NULL);

  return self->environments;
}

EocUser *
eoc_window_get_user (EocWindow *self)
{
  g_return_val_if_fail (EOC_IS_WINDOW (self), NULL);

  return self->user;
}

EocEnvironment *
eoc_window_get_environment (EocWindow *self)
{
  g_return_val_if_fail (EOC_IS_WINDOW (self), NULL);

  return eoc_environment_page_get_environment (self->environment_page);
}

gboolean
eoc_window_select_environment (EocWindow  *self,
                               const char *id)
{
  guint position;

  g_return_val_if_fail (EOC_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!find_position (G_LIST_MODEL (self->filter_model), id, &position))
    return FALSE;

  select_position (self, position);
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
  return TRUE;
}

void
eoc_window_add_toast (EocWindow *self,
                      AdwToast  *toast)
{
  g_return_if_fail (EOC_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
