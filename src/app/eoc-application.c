/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "eoc-application"

#include "config.h"

#include <glib/gi18n.h>

#include "eoc-application.h"
#include "eoc-client.h"
#include "eoc-connections-window.h"
#include "eoc-local-service.h"
#include "eoc-operation-report.h"
#include "eoc-window.h"

/* How long a new window may wait for its list before it shows (with "Loading" instead). */
#define PRESENT_MAX_WAIT_MS 300

/* How long to wait before starting the local service again when it died. */
#define LOCAL_RESTART_DELAY_MS 1000

struct _EocApplication
{
  AdwApplication      parent_instance;

  GSettings          *settings;
  EocConnectionStore *store;
  EocLocalService    *local_service;
  EocConnection      *connection;
  GCancellable       *cancellable;     /* opening the current connection */
  guint               restart_id;

  /* The main window is made once the connection is on its way (make_window_cb):
   * until then, what the connection came to. */
  guint               window_id;
  EocClient          *pending_client;
  GError             *pending_failure;

  /* --server URL, with the token from EOC_TOKEN: nothing is stored. */
  char               *server_url;
  char               *server_token;

  /* Operations followed after their window closed: the app stays until they end. */
  GPtrArray          *followed;        /* of EocOperationTracker */
};

G_DEFINE_FINAL_TYPE (EocApplication, eoc_application, ADW_TYPE_APPLICATION)

static EocWindow *
get_main_window (EocApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (EOC_IS_WINDOW (l->data))
        return l->data;
    }

  return NULL;
}

static void
open_client (EocApplication *self,
             const char     *uri,
             const char     *token)
{
  g_autoptr(EocClient) client = eoc_client_new (uri, token);
  EocWindow *window = get_main_window (self);

  if (window != NULL)
    {
      eoc_window_set_client (window, self->connection, client);
      return;
    }

  /* The window is on its way: the list it will show can be too. */
  eoc_client_prefetch_environments (client);
  g_set_object (&self->pending_client, client);
}

static void
show_failure (EocApplication *self,
              const GError   *error)
{
  EocWindow *window = get_main_window (self);

  if (window != NULL)
    eoc_window_set_failed (window, self->connection, error);
  else if (self->pending_failure == NULL)
    self->pending_failure = g_error_copy (error);
}

static void
clear_pending (EocApplication *self)
{
  g_clear_object (&self->pending_client);
  g_clear_error (&self->pending_failure);
}

/* The local service. */

static void
local_started_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(EocApplication) self = user_data;
  EocLocalService *service = EOC_LOCAL_SERVICE (object);
  g_autoptr(GError) error = NULL;

  if (!eoc_local_service_start_finish (service, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autoptr(GError) shown = NULL;

          g_warning ("The local service did not start: %s", error->message);
          shown = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The local service did not start: %s"), error->message);
          show_failure (self, shown);
        }
      return;
    }

  if (service != self->local_service || self->connection == NULL ||
      !eoc_connection_is_local (self->connection))
    return;

  open_client (self,
               eoc_local_service_get_uri (service),
               eoc_local_service_get_token (service));
}

static void
start_local_service (EocApplication *self)
{
  if (eoc_local_service_get_running (self->local_service))
    {
      open_client (self,
                   eoc_local_service_get_uri (self->local_service),
                   eoc_local_service_get_token (self->local_service));
      return;
    }

  eoc_local_service_start_async (self->local_service, self->cancellable,
                                 local_started_cb, g_object_ref (self));
}

static gboolean
restart_local_cb (gpointer user_data)
{
  EocApplication *self = user_data;

  self->restart_id = 0;
  if (self->connection != NULL && eoc_connection_is_local (self->connection))
    start_local_service (self);

  return G_SOURCE_REMOVE;
}

static void
local_exited_cb (EocApplication  *self,
                 EocLocalService *service)
{
  /* The window shows the service as unreachable meanwhile. */
  g_clear_handle_id (&self->restart_id, g_source_remove);
  if (self->connection != NULL && eoc_connection_is_local (self->connection))
    self->restart_id = g_timeout_add (LOCAL_RESTART_DELAY_MS, restart_local_cb, self);
}

/* Remote services. */

static void
lookup_token_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(EocApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  token = eoc_connection_store_lookup_token_finish (EOC_CONNECTION_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      show_failure (self, error);
      return;
    }

  if (token == NULL)
    {
      g_autoptr(GError) missing = NULL;

      missing = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             _("No token is stored for “%s”. Enter its token in Connections."),
                             eoc_connection_get_name (self->connection));
      show_failure (self, missing);
      return;
    }

  open_client (self, eoc_connection_get_url (self->connection), token);
}

void
eoc_application_open_connection (EocApplication *self,
                                 const char     *id)
{
  g_autoptr(EocConnection) connection = NULL;
  EocWindow *window;

  g_return_if_fail (EOC_IS_APPLICATION (self));

  if (id != NULL && *id != '\0')
    connection = eoc_connection_store_lookup (self->store, id);
  if (connection == NULL)
    connection = eoc_connection_store_lookup (self->store, EOC_CONNECTION_LOCAL_ID);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_handle_id (&self->restart_id, g_source_remove);

  g_set_object (&self->connection, connection);
  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->server_token, g_free);
  g_settings_set_string (self->settings, "last-connection",
                         eoc_connection_is_local (connection) ? "" : eoc_connection_get_id (connection));

  clear_pending (self);
  window = get_main_window (self);
  if (window != NULL)
    eoc_window_set_connecting (window, connection);

  if (eoc_connection_is_local (connection))
    start_local_service (self);
  else
    eoc_connection_store_lookup_token_async (self->store, eoc_connection_get_id (connection),
                                             self->cancellable, lookup_token_cb,
                                             g_object_ref (self));
}

static void
open_initial_connection (EocApplication *self)
{
  g_autofree char *last = NULL;

  if (self->server_url != NULL)
    {
      g_autoptr(EocConnection) connection = NULL;

      connection = eoc_connection_new ("command-line", self->server_url, self->server_url);
      g_set_object (&self->connection, connection);
      clear_pending (self);
      open_client (self, self->server_url, self->server_token);
      return;
    }

  last = g_settings_get_string (self->settings, "last-connection");
  eoc_application_open_connection (self, last);
}

/* Actions. */

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  EocApplication *self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing the windows lets each save its state and cancel its work. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  EocApplication *self = user_data;
  static const char *developers[] = { "Env Ops Center contributors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "modal", TRUE,
                        "application-icon", APPLICATION_ID,
                        "application-name", _("Env Ops Center"),
                        "developer-name", _("Env Ops Center contributors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Back up, restore and watch your environments"),
                        "copyright", "© 2026 Env Ops Center contributors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: put your names here, one a line. */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
connections_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  EocApplication *self = user_data;
  GtkWindow *parent = GTK_WINDOW (get_main_window (self));
  EocConnectionsWindow *window;
  const char *current = NULL;

  if (self->connection != NULL && self->server_url == NULL)
    current = eoc_connection_get_id (self->connection);

  window = eoc_connections_window_new (self->store, current);
  gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (self));
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_present (GTK_WINDOW (window));
}

static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  EocApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (!GTK_IS_APPLICATION_WINDOW (window))
    return;

  /* Made when first asked for, not kept at gtk/help-overlay.ui: GtkApplication
   * would build it with every window, at start-up, for a window rarely opened
   * (a fiftieth of start-up's instructions). */
  if (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)) == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource ("/io/github/envops/Center/eoc-shortcuts-window.ui");
      GObject *overlay = gtk_builder_get_object (builder, "help_overlay");

      gtk_application_window_set_help_overlay (GTK_APPLICATION_WINDOW (window),
                                               GTK_SHORTCUTS_WINDOW (overlay));
    }
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static void
open_connection_action (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  eoc_application_open_connection (user_data, g_variant_get_string (parameter, NULL));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "connections", connections_action },
  { "shortcuts", shortcuts_action },
  { "open-connection", open_connection_action, "s" },
};

/* GApplication. */

static int
eoc_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  EocApplication *self = EOC_APPLICATION (app);
  g_autoptr(GError) error = NULL;
  const char *server = NULL;
  const char *token;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "eoc-center", PACKAGE_VERSION);
      return 0;
    }

  if (!g_variant_dict_lookup (options, "server", "&s", &server))
    return -1;

  if (!eoc_connection_store_check_url (server, &error))
    {
      g_printerr ("%s: %s\n", server, error->message);
      return 1;
    }

  token = g_getenv ("EOC_TOKEN");
  if (token == NULL || *token == '\0')
    {
      g_printerr ("%s\n", _("Set the service’s token in the EOC_TOKEN environment variable."));
      return 1;
    }

  self->server_url = g_strdup (server);
  self->server_token = g_strdup (token);
  /* A window on a given service, for kiosks and tests: its own instance. */
  g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);

  return -1;
}

static void
eoc_application_startup (GApplication *app)
{
  EocApplication *self = EOC_APPLICATION (app);
  static const char *quit_accels[] = { "<Primary>q", NULL };
  static const char *connections_accels[] = { "<Primary>comma", NULL };
  static const char *shortcuts_accels[] = { "<Primary>question", NULL };
  static const char *refresh_accels[] = { "F5", "<Primary>r", NULL };
  static const char *search_accels[] = { "<Primary>f", NULL };
  static const char *close_accels[] = { "<Primary>w", NULL };
  static const char *overview_accels[] = { "<Alt>1", NULL };
  static const char *backups_accels[] = { "<Alt>2", NULL };
  static const char *activity_accels[] = { "<Alt>3", NULL };

  G_APPLICATION_CLASS (eoc_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.connections",
                                         connections_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.shortcuts",
                                         shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.refresh", refresh_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.search", search_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-page('overview')",
                                         overview_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-page('backups')",
                                         backups_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-page('activity')",
                                         activity_accels);
}

/* Makes the main window, and gives it the connection as it stands. */
static EocWindow *
make_window (EocApplication *self)
{
  EocWindow *window = eoc_window_new (GTK_APPLICATION (self));

  if (self->pending_failure != NULL)
    eoc_window_set_failed (window, self->connection, self->pending_failure);
  else if (self->pending_client != NULL)
    eoc_window_set_client (window, self->connection, self->pending_client);
  else
    eoc_window_set_connecting (window, self->connection);
  clear_pending (self);

  eoc_window_present_when_ready (window, PRESENT_MAX_WAIT_MS);
  return window;
}

static gboolean
make_window_cb (gpointer user_data)
{
  EocApplication *self = user_data;

  self->window_id = 0;
  make_window (self);
  g_application_release (G_APPLICATION (self));
  return G_SOURCE_REMOVE;
}

/* The main window, made now if it is still to come. */
static EocWindow *
ensure_window (EocApplication *self)
{
  EocWindow *window = get_main_window (self);

  if (window == NULL && self->window_id != 0)
    {
      g_clear_handle_id (&self->window_id, g_source_remove);
      window = make_window (self);
      g_application_release (G_APPLICATION (self));
    }
  return window;
}

static void
eoc_application_activate (GApplication *app)
{
  EocApplication *self = EOC_APPLICATION (app);
  EocWindow *window = get_main_window (self);

  if (window != NULL)
    {
      gtk_window_present (GTK_WINDOW (window));
      return;
    }
  if (self->window_id != 0)
    return;

  /* The connection first: the local service starts, or the list's request
   * goes out, and its answer travels while the window is built. The window
   * comes when the main loop has nothing more urgent, so after the request
   * is sent. */
  open_initial_connection (self);
  g_application_hold (app);
  self->window_id = g_idle_add (make_window_cb, self);
}

static void
eoc_application_open (GApplication  *app,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  EocApplication *self = EOC_APPLICATION (app);

  eoc_application_activate (app);
  if (n_files > 0)
    {
      EocWindow *window = ensure_window (self);

      /* The import dialog goes on the window: show it first. */
      eoc_window_present_when_ready (window, 0);
      eoc_window_open_files (window, files, n_files);
    }
}

/* Following operations after the window closed. */

static void
followed_finished_cb (EocApplication      *self,
                      EocOperation        *operation,
                      const char          *environment_name,
                      const char          *subject,
                      const char          *subject_id,
                      EocOperationTracker *tracker)
{
  g_auto(EocOperationReport) report = { NULL, };

  eoc_operation_report_init (&report, operation,
                             environment_name != NULL ? environment_name : _("the environment"),
                             subject, subject_id, NULL);
  eoc_operation_report_notify (&report, G_APPLICATION (self), operation);

  if (eoc_operation_tracker_get_n_running (tracker) == 0)
    {
      g_signal_handlers_disconnect_by_data (tracker, self);
      g_ptr_array_remove (self->followed, tracker);
      g_application_release (G_APPLICATION (self));
    }
}

static gboolean
restart_stream_cb (gpointer data)
{
  EocEventStream *stream = data;

  /* Its window stopped it as it closed; events are what the tracker follows. */
  eoc_event_stream_start (stream);
  return G_SOURCE_REMOVE;
}

void
eoc_application_follow_operations (EocApplication      *self,
                                   EocOperationTracker *tracker,
                                   EocEventStream      *stream)
{
  g_return_if_fail (EOC_IS_APPLICATION (self));
  g_return_if_fail (EOC_IS_OPERATION_TRACKER (tracker));
  g_return_if_fail (EOC_IS_EVENT_STREAM (stream));

  if (eoc_operation_tracker_get_n_running (tracker) == 0)
    return;

  g_application_hold (G_APPLICATION (self));
  g_ptr_array_add (self->followed, g_object_ref (tracker));
  g_signal_connect_object (tracker, "finished", G_CALLBACK (followed_finished_cb), self,
                           G_CONNECT_SWAPPED);
  g_idle_add_full (G_PRIORITY_DEFAULT, restart_stream_cb, g_object_ref (stream), g_object_unref);
}

static void
eoc_application_shutdown (GApplication *app)
{
  EocApplication *self = EOC_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->restart_id, g_source_remove);
  clear_pending (self);
  if (self->local_service != NULL)
    eoc_local_service_stop (self->local_service);

  G_APPLICATION_CLASS (eoc_application_parent_class)->shutdown (app);
}

static void
eoc_application_dispose (GObject *object)
{
  EocApplication *self = (EocApplication *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->restart_id, g_source_remove);
  g_clear_handle_id (&self->window_id, g_source_remove);
  clear_pending (self);
  g_clear_object (&self->local_service);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->connection);
  g_clear_pointer (&self->followed, g_ptr_array_unref);

  G_OBJECT_CLASS (eoc_application_parent_class)->dispose (object);
}

static void
eoc_application_finalize (GObject *object)
{
  EocApplication *self = (EocApplication *) object;

  g_free (self->server_url);
  g_free (self->server_token);

  G_OBJECT_CLASS (eoc_application_parent_class)->finalize (object);
}

static void
eoc_application_class_init (EocApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = eoc_application_dispose;
  object_class->finalize = eoc_application_finalize;

  app_class->handle_local_options = eoc_application_handle_local_options;
  app_class->startup = eoc_application_startup;
  app_class->activate = eoc_application_activate;
  app_class->open = eoc_application_open;
  app_class->shutdown = eoc_application_shutdown;
}

static void
eoc_application_init (EocApplication *self)
{
  static const GOptionEntry options[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING, NULL,
      N_("Open the service at URL with the token in the EOC_TOKEN environment variable, storing nothing"),
      N_("URL") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE…]"));

  self->followed = g_ptr_array_new_with_free_func (g_object_unref);
  self->settings = g_settings_new (APPLICATION_ID);
  self->store = eoc_connection_store_new (self->settings);
  self->local_service = eoc_local_service_new ();
  eoc_local_service_set_demo (self->local_service, TRUE);
  g_signal_connect_object (self->local_service, "exited",
                           G_CALLBACK (local_exited_cb), self, G_CONNECT_SWAPPED);
}

EocApplication *
eoc_application_new (void)
{
  return g_object_new (EOC_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/envops/Center",
                       NULL);
}

EocConnectionStore *
eoc_application_get_connection_store (EocApplication *self)
{
  g_return_val_if_fail (EOC_IS_APPLICATION (self), NULL);

  return self->store;
}

EocConnection *
eoc_application_get_connection (EocApplication *self)
{
  g_return_val_if_fail (EOC_IS_APPLICATION (self), NULL);

  return self->connection;
}
