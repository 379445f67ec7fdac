/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "eoc-connections-window"

#include "config.h"

#include <glib/gi18n.h>

#include "eoc-connections-window.h"
#include "eoc-toast.h"

struct _EocConnectionsWindow
{
  AdwPreferencesWindow  parent_instance;

  GtkListBox           *list_box;

  EocConnectionStore   *store;
  char                 *current_id;
  GtkCheckButton       *group;          /* leads the rows' radio group, never shown */
  GCancellable         *cancellable;

  /* The editor subpage, while open. */
  char                 *editing_id;     /* NULL when adding */
  AdwEntryRow          *name_row;
  AdwEntryRow          *url_row;
  AdwPasswordEntryRow  *token_row;
  GtkLabel             *error_label;
  GtkButton            *save_button;
  gboolean              saving;
};

G_DEFINE_FINAL_TYPE (EocConnectionsWindow, eoc_connections_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
show_error (EocConnectionsWindow *self,
            const GError         *error)
{
  AdwToast *toast = eoc_toast_new_error (NULL, error);

  if (toast != NULL)
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

static void
open_connection (EocConnectionsWindow *self,
                 const char           *id)
{
  g_free (self->current_id);
  self->current_id = g_strdup (id);
  gtk_widget_activate_action (GTK_WIDGET (self), "app.open-connection", "s",
                              g_strcmp0 (id, EOC_CONNECTION_LOCAL_ID) == 0 ? "" : id);
}

/* Rows. */

static void
check_toggled_cb (EocConnectionsWindow *self,
                  GtkCheckButton       *check)
{
  const char *id = g_object_get_data (G_OBJECT (check), "connection-id");

  if (gtk_check_button_get_active (check) && g_strcmp0 (id, self->current_id) != 0)
    open_connection (self, id);
}

static void edit_connection (EocConnectionsWindow *self,
                             EocConnection        *connection);

static void
edit_clicked_cb (EocConnectionsWindow *self,
                 GtkButton            *button)
{
  EocConnection *connection = g_object_get_data (G_OBJECT (button), "connection");

  edit_connection (self, connection);
}

static void
remove_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(EocConnectionsWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!eoc_connection_store_remove_finish (EOC_CONNECTION_STORE (object), result, &error))
    show_error (self, error);
}

static void
remove_response_cb (EocConnectionsWindow *self,
                    const char           *response,
                    AdwMessageDialog     *dialog)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "connection-id");

  if (g_strcmp0 (response, "remove") != 0)
    return;

  if (g_strcmp0 (id, self->current_id) == 0)
    open_connection (self, EOC_CONNECTION_LOCAL_ID);

  eoc_connection_store_remove_async (self->store, id, self->cancellable, remove_cb,
                                     g_object_ref (self));
}

static void
remove_clicked_cb (EocConnectionsWindow *self,
                   GtkButton            *button)
{
  EocConnection *connection = g_object_get_data (G_OBJECT (button), "connection");
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  /* Translators: %s is the name of a service. */
  heading = g_strdup_printf (_("Remove “%s”?"), eoc_connection_get_name (connection));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("Its token will be deleted from your keyring. The service "
                                     "itself and its environments are not changed."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "connection-id",
                          g_strdup (eoc_connection_get_id (connection)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
icon_button (const char *icon_name,
             const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  return button;
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  EocConnectionsWindow *self = user_data;
  EocConnection *connection = item;
  const char *id = eoc_connection_get_id (connection);
  GtkWidget *row, *check;

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), eoc_connection_get_name (connection));
  if (eoc_connection_is_local (connection))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                 _("A private service on this computer, with sample environments"));
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), eoc_connection_get_url (connection));

  check = gtk_check_button_new ();
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_group (GTK_CHECK_BUTTON (check), self->group);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                               g_strcmp0 (id, self->current_id) == 0 ||
                               (self->current_id == NULL && eoc_connection_is_local (connection)));
  g_object_set_data_full (G_OBJECT (check), "connection-id", g_strdup (id), g_free);
  g_signal_connect_object (check, "toggled", G_CALLBACK (check_toggled_cb), self,
                           G_CONNECT_SWAPPED);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);

  if (!eoc_connection_is_local (connection))
    {
      g_autofree char *edit_label = NULL;
      g_autofree char *remove_label = NULL;
      GtkWidget *edit, *remove;

      /* Translators: %s is the name of a service. */
      edit_label = g_strdup_printf (_("Edit “%s”"), eoc_connection_get_name (connection));
      edit = icon_button ("document-edit-symbolic", edit_label);
      g_object_set_data_full (G_OBJECT (edit), "connection", g_object_ref (connection),
                              g_object_unref);
      g_signal_connect_object (edit, "clicked", G_CALLBACK (edit_clicked_cb), self,
                               G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);

      /* Translators: %s is the name of a service. */
      remove_label = g_strdup_printf (_("Remove “%s”"), eoc_connection_get_name (connection));
      remove = icon_button ("user-trash-symbolic", remove_label);
      g_object_set_data_full (G_OBJECT (remove), "connection", g_object_ref (connection),
                              g_object_unref);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_clicked_cb), self,
                               G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
    }

  return row;
}

/* The editor. */

static void
update_save_button (EocConnectionsWindow *self)
{
  const char *url, *token;
  gboolean ready;

  if (self->save_button == NULL)
    return;

  url = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  token = gtk_editable_get_text (GTK_EDITABLE (self->token_row));
  ready = !self->saving && *url != '\0' && (self->editing_id != NULL || *token != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connections.save", ready);
}

static void
editor_changed_cb (EocConnectionsWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
  update_save_button (self);
}

static void
back_clicked_cb (EocConnectionsWindow *self)
{
  adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (self));
}

static void
editor_destroyed_cb (EocConnectionsWindow *self)
{
  self->name_row = NULL;
  self->url_row = NULL;
  self->token_row = NULL;
  self->error_label = NULL;
  self->save_button = NULL;
  g_clear_pointer (&self->editing_id, g_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connections.save", FALSE);
}

static void
edit_connection (EocConnectionsWindow *self,
                 EocConnection        *connection)
{
  GtkWidget *box, *header, *back, *page, *group, *button_group, *button;
  const char *title;

  g_clear_pointer (&self->editing_id, g_free);
  if (connection != NULL)
    self->editing_id = g_strdup (eoc_connection_get_id (connection));
  self->saving = FALSE;
  title = connection != NULL ? _("Edit Service") : _("Add a Service");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  g_signal_connect_object (box, "destroy", G_CALLBACK (editor_destroyed_cb), self,
                           G_CONNECT_SWAPPED);

  header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (title, NULL));
  back = icon_button ("go-previous-symbolic", _("Back"));
  gtk_widget_remove_css_class (back, "flat");
  g_signal_connect_object (back, "clicked", G_CALLBACK (back_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), back);
  gtk_box_append (GTK_BOX (box), header);

  page = adw_preferences_page_new ();
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);

  group = adw_preferences_group_new ();
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         connection != NULL
                                           ? _("Leave the token empty to keep the one in your keyring.")
                                           : _("Ask the service’s administrator for its address and "
                                               "a token. The token is kept in your keyring."));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  self->name_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name_row), _("Name"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->name_row));

  self->url_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->url_row),
                                 _("Address, such as https://eoc.example.com"));
  adw_entry_row_set_input_purpose (self->url_row, GTK_INPUT_PURPOSE_URL);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->url_row));

  self->token_row = ADW_PASSWORD_ENTRY_ROW (adw_password_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->token_row), _("Token"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->token_row));

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0.0);
  gtk_widget_set_margin_top (GTK_WIDGET (self->error_label), 12);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->error_label));

  button_group = adw_preferences_group_new ();
  button = gtk_button_new_with_mnemonic (connection != NULL ? _("_Save") : _("_Add"));
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "connections.save");
  self->save_button = GTK_BUTTON (button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (button_group), button);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (button_group));

  if (connection != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), eoc_connection_get_name (connection));
      gtk_editable_set_text (GTK_EDITABLE (self->url_row), eoc_connection_get_url (connection));
    }

  g_signal_connect_object (self->url_row, "changed", G_CALLBACK (editor_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->token_row, "changed", G_CALLBACK (editor_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_save_button (self);

  adw_preferences_window_present_subpage (ADW_PREFERENCES_WINDOW (self), box);
  if (connection != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->token_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(EocConnectionsWindow) self = user_data;
  g_autoptr(EocConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  gboolean was_current;

  connection = eoc_connection_store_save_finish (EOC_CONNECTION_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->saving = FALSE;

  if (connection == NULL)
    {
      if (self->error_label != NULL)
        {
          gtk_label_set_label (self->error_label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
          update_save_button (self);
        }
      else
        {
          show_error (self, error);
        }
      return;
    }

  /* A new service is opened; a changed one that is shown is opened again. */
  was_current = g_strcmp0 (eoc_connection_get_id (connection), self->current_id) == 0;
  if (self->editing_id == NULL || was_current)
    open_connection (self, eoc_connection_get_id (connection));

  if (self->save_button != NULL)
    adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EocConnectionsWindow *self = EOC_CONNECTIONS_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  const char *url;

  if (self->url_row == NULL || self->saving)
    return;

  url = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  if (!eoc_connection_store_check_url (url, &error))
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->url_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
      return;
    }

  self->saving = TRUE;
  update_save_button (self);
  eoc_connection_store_save_async (self->store, self->editing_id,
                                   gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                                   url,
                                   gtk_editable_get_text (GTK_EDITABLE (self->token_row)),
                                   self->cancellable, save_cb, g_object_ref (self));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  edit_connection (EOC_CONNECTIONS_WINDOW (widget), NULL);
}

/* GObject. */

static void
eoc_connections_window_dispose (GObject *object)
{
  EocConnectionsWindow *self = (EocConnectionsWindow *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* The store outlives this window: its changes must not reach the rows' factory. */
  if (self->list_box != NULL)
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), EOC_TYPE_CONNECTIONS_WINDOW);
  g_clear_object (&self->group);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (eoc_connections_window_parent_class)->dispose (object);
}

static void
eoc_connections_window_finalize (GObject *object)
{
  EocConnectionsWindow *self = (EocConnectionsWindow *) object;

  g_free (self->current_id);
  g_free (self->editing_id);

  G_OBJECT_CLASS (eoc_connections_window_parent_class)->finalize (object);
}

static void
eoc_connections_window_class_init (EocConnectionsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = eoc_connections_window_dispose;
  object_class->finalize = eoc_connections_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/envops/Center/eoc-connections-window.ui");
  gtk_widget_class_bind_template_child (widget_class, EocConnectionsWindow, list_box);

  gtk_widget_class_install_action (widget_class, "connections.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "connections.save", NULL, save_action);
}

static void
eoc_connections_window_init (EocConnectionsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->group = g_object_ref_sink (GTK_CHECK_BUTTON (gtk_check_button_new ()));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connections.save", FALSE);
}

EocConnectionsWindow *
eoc_connections_window_new (EocConnectionStore *store,
                            const char         *current_id)
{
  EocConnectionsWindow *self;

  g_return_val_if_fail (EOC_IS_CONNECTION_STORE (store), NULL);

  self = g_object_new (EOC_TYPE_CONNECTIONS_WINDOW, NULL);
  self->store = g_object_ref (store);
  self->current_id = g_strdup (current_id != NULL && *current_id != '\0'
                                 ? current_id : EOC_CONNECTION_LOCAL_ID);
  gtk_list_box_bind_model (self->list_box, eoc_connection_store_get_connections (store),
                           create_row_cb, self, NULL);

  return self;
}
