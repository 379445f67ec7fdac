/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "eoc-backups-page"

#include "config.h"

#include <glib/gi18n.h>

#include "eoc-backup-list.h"
#include "eoc-backup-row.h"
#include "eoc-backups-page.h"
#include "eoc-format.h"
#include "eoc-row-factory.h"
#include "eoc-toast.h"
#include "eoc-tooltip.h"

struct _EocBackupsPage
{
  AdwBin              parent_instance;

  GtkButton          *backup_button;
  AdwStatusPage      *empty_page;
  AdwStatusPage      *error_page;
  GtkListView        *list_view;
  GtkRevealer        *more_revealer;
  GtkSpinner         *more_spinner;
  GtkButton          *restore_button;
  GtkBox             *schedule_box;
  GtkButton          *schedule_button;
  GtkLabel           *schedule_details_label;
  GtkLabel           *schedule_label;
  GtkScrolledWindow  *scrolled_window;
  GtkSearchEntry     *search_entry;
  GtkNoSelection     *selection;
  GtkSpinner         *spinner;
  GtkStack           *stack;

  EocClient          *client;
  EocEventStream     *stream;
  EocEnvironment     *environment;
  EocBackupList      *backups;
  EocSchedule        *schedule;
  GtkFilterListModel *shown;         /* the backups, less those whose delete can be undone */
  GtkCustomFilter    *pending_filter;
  GHashTable         *pending_deletes; /* backup id → EocBackup, until the toast goes */
  gboolean            loaded;        /* the first page came, or failed */
  gboolean            load_pending;  /* to load when next shown */
  gboolean            can_operate;
  GCancellable       *cancellable;   /* this environment's requests */
  GCancellable       *downloads;     /* the downloads started here, until the page goes */
};
G_DEFINE_FINAL_TYPE (EocBackupsPage, eoc_backups_page, ADW_TYPE_BIN)

#define BACKUPS_PAGE_SIZE 30

enum {
  PROP_0,
  PROP_ENVIRONMENT,
  PROP_CAN_OPERATE,
  PROP_SCHEDULE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ADD_TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void load_more       (EocBackupsPage *self);
static void update_schedule (EocBackupsPage *self);
static void update_targets  (EocBackupsPage *self);

/* State. */

static void
add_toast (EocBackupsPage *self,
           AdwToast        *toast)
{
  if (toast != NULL)
    g_signal_emit (self, signals[ADD_TOAST], 0, toast);
}

static void
update_state (EocBackupsPage *self)
{
  const GError *error;
  gboolean loading;
  guint n_items;

  if (self->backups == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "loading");
      gtk_spinner_stop (self->spinner);
      return;
    }

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->shown));
  loading = eoc_backup_list_get_loading (self->backups);
  error = eoc_backup_list_get_error (self->backups);

  gtk_revealer_set_reveal_child (self->more_revealer, n_items > 0 && loading);
  gtk_spinner_set_spinning (self->more_spinner, n_items > 0 && loading);
  gtk_spinner_set_spinning (self->spinner, n_items == 0 && loading);

  if (n_items > 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "list");
    }
  else if (error != NULL && !loading)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else if (loading || !self->loaded)
    {
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }
  else if (eoc_backup_list_get_query (self->backups) != NULL)
    {
      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Results Found"));
      adw_status_page_set_description (self->empty_page,
                                       _("No backup’s name contains this text."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "document-save-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Backups"));
      adw_status_page_set_description (self->empty_page,
                                       _("Backups of this environment, made by hand or by its "
                                         "schedule, will be listed here. Select Backup to make "
                                         "one now."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
}

static void
backups_notify_cb (EocBackupsPage *self)
{
  update_state (self);
}

static void
backups_items_changed_cb (EocBackupsPage *self)
{
  update_state (self);
}

static void
loaded (EocBackupsPage *self,
        EocBackupList *backups,
        const GError    *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || backups != self->backups)
    return;

  self->loaded = TRUE;
  update_state (self);

  /* Connection problems show in the window's bar; others are told here, once the list shows. */
  if (error != NULL && g_list_model_get_n_items (G_LIST_MODEL (backups)) > 0 &&
      !g_error_matches (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_CANNOT_CONNECT) &&
      !g_error_matches (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_TIMED_OUT) &&
      !g_error_matches (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_UNAUTHORIZED))
    {
      g_autofree char *text = g_strdup_printf (_("Could not load more backups: %s"),
                                               error->message);

      add_toast (self, eoc_toast_new (text));
    }
}

static void
refresh_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(EocBackupsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  eoc_backup_list_refresh_finish (EOC_BACKUP_LIST (object), result, &error);
  loaded (self, EOC_BACKUP_LIST (object), error);
}

static void
load_more_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(EocBackupsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  eoc_backup_list_load_more_finish (EOC_BACKUP_LIST (object), result, &error);
  loaded (self, EOC_BACKUP_LIST (object), error);
}

static void
load_more (EocBackupsPage *self)
{
  if (self->backups == NULL ||
      eoc_backup_list_get_loading (self->backups) ||
      !eoc_backup_list_get_has_more (self->backups))
    return;

  eoc_backup_list_load_more_async (self->backups, self->cancellable, load_more_cb,
                                     g_object_ref (self));
}

static void
edge_reached_cb (EocBackupsPage   *self,
                 GtkPositionType    position,
                 GtkScrolledWindow *scrolled_window)
{
  if (position == GTK_POS_BOTTOM)
    load_more (self);
}

/* When the rows do not fill the page, no scrolling can ask for more. */
static void
adjustment_changed_cb (EocBackupsPage *self,
                       GtkAdjustment   *adjustment)
{
  if (self->loaded &&
      gtk_adjustment_get_upper (adjustment) <= gtk_adjustment_get_page_size (adjustment) + 1.0)
    load_more (self);
}

/* The schedule line. */

static void
update_schedule (EocBackupsPage *self)
{
  g_autofree char *words = eoc_format_schedule (self->schedule);
  g_autofree char *details = NULL;
  GDateTime *next_run = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->schedule_box), self->environment != NULL);

  if (words == NULL)
    {
      gtk_label_set_label (self->schedule_label, _("No Scheduled Backups"));
      gtk_label_set_label (self->schedule_details_label,
                           _("Backups are made only when you select Backup"));
      return;
    }

  next_run = eoc_schedule_get_next_run (self->schedule);
  if (next_run != NULL)
    {
      g_autofree char *when = eoc_format_future_time (next_run, NULL);

      /* Translators: the schedule in words, then when the next backup is made
       * ("Tomorrow at 02:00"). */
      details = g_strdup_printf (_("%s · Next: %s"), words, when);
    }
  gtk_label_set_label (self->schedule_label, C_("backups", "Scheduled"));
  gtk_label_set_label (self->schedule_details_label, details != NULL ? details : words);
}

/* The buttons act on this page's environment, through the window's actions. */
static void
update_targets (EocBackupsPage *self)
{
  GtkActionable *actionables[] = {
    GTK_ACTIONABLE (self->backup_button),
    GTK_ACTIONABLE (self->restore_button),
    GTK_ACTIONABLE (self->schedule_button),
  };
  const char *id = self->environment != NULL ? eoc_environment_get_id (self->environment) : "";
  const char *why = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (actionables); i++)
    gtk_actionable_set_action_target (actionables[i], "s", id);

  if (!self->can_operate)
    why = _("Your role on this service does not allow making or restoring backups");
  eoc_widget_set_tooltip (GTK_WIDGET (self->backup_button),
                               why != NULL ? why : _("Create a backup of this environment"));
  eoc_widget_set_tooltip (GTK_WIDGET (self->restore_button),
                               why != NULL ? why : _("Restore from a configuration file"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "backups.delete", self->can_operate);
}

static void
search_changed_cb (EocBackupsPage *self)
{
  if (self->backups == NULL)
    return;

  eoc_backup_list_set_query (self->backups,
                             gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  update_state (self);
}

/* Deleting, with a few seconds to undo. */

static gboolean
not_pending_cb (gpointer item,
                gpointer user_data)
{
  EocBackupsPage *self = user_data;

  return !g_hash_table_contains (self->pending_deletes, eoc_backup_get_id (item));
}

static void
delete_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(EocBackup) backup = user_data;
  g_autoptr(GError) error = NULL;
  EocBackupsPage *self;

  eoc_client_delete_backup_finish (EOC_CLIENT (object), result, &error);

  /* The page may be gone: the delete was sent as it went. */
  self = g_object_get_data (G_OBJECT (backup), "eoc-backups-page");
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_hash_table_remove (self->pending_deletes, eoc_backup_get_id (backup));
  g_object_set_data (G_OBJECT (backup), "eoc-backups-page", NULL);

  if (error != NULL)
    {
      g_autofree char *what = NULL;

      /* It shows again. */
      gtk_filter_changed (GTK_FILTER (self->pending_filter), GTK_FILTER_CHANGE_LESS_STRICT);
      update_state (self);
      /* Translators: %s is a backup's name. */
      what = g_strdup_printf (_("Could not delete “%s”"), eoc_backup_get_name (backup));
      add_toast (self, eoc_toast_new_error (what, error));
    }
}

static void
send_delete (EocBackupsPage *self,
             EocBackup      *backup)
{
  /* Not cancelled with the page: once the toast is gone, the delete is due. */
  eoc_client_delete_backup_async (self->client, eoc_backup_get_environment_id (backup),
                                  eoc_backup_get_id (backup), NULL, delete_cb,
                                  g_object_ref (backup));
}

static void
delete_toast_dismissed_cb (EocBackupsPage *self,
                           AdwToast       *toast)
{
  const char *id = g_object_get_data (G_OBJECT (toast), "eoc-backup-id");
  EocBackup *backup = g_hash_table_lookup (self->pending_deletes, id);

  /* Undone, or already sent. */
  if (backup == NULL || g_object_get_data (G_OBJECT (backup), "eoc-backups-page") != NULL)
    return;

  g_object_set_data (G_OBJECT (backup), "eoc-backups-page", self);
  send_delete (self, backup);
}

static void
undo_clicked_cb (EocBackupsPage *self,
                 AdwToast       *toast)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "backups.undo-delete", "s",
                              g_object_get_data (G_OBJECT (toast), "eoc-backup-id"));
}

static void
delete_response_cb (EocBackupsPage   *self,
                    const char       *response,
                    AdwMessageDialog *dialog)
{
  EocBackup *backup = g_object_get_data (G_OBJECT (dialog), "eoc-backup");
  g_autofree char *text = NULL;
  AdwToast *toast;

  if (!g_str_equal (response, "delete") || self->client == NULL)
    return;

  g_hash_table_insert (self->pending_deletes, g_strdup (eoc_backup_get_id (backup)),
                       g_object_ref (backup));
  gtk_filter_changed (GTK_FILTER (self->pending_filter), GTK_FILTER_CHANGE_MORE_STRICT);
  update_state (self);

  /* Translators: %s is a backup's name. */
  text = g_strdup_printf (_("“%s” deleted"), eoc_backup_get_name (backup));
  toast = eoc_toast_new (text);
  adw_toast_set_timeout (toast, 5);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data_full (G_OBJECT (toast), "eoc-backup-id",
                          g_strdup (eoc_backup_get_id (backup)), g_free);
  /* Not the toast's action: its widget, and the action with it, is gone
   * once its button dismissed it. */
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (delete_toast_dismissed_cb), self,
                           G_CONNECT_SWAPPED);
  add_toast (self, toast);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EocBackupsPage *self = EOC_BACKUPS_PAGE (widget);
  EocBackup *backup;
  GtkWidget *dialog;

  if (self->backups == NULL ||
      (backup = eoc_backup_list_find (self->backups, g_variant_get_string (parameter, NULL))) == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Delete Backup?"), NULL);
  /* Translators: %s is a backup's name. */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” will be deleted from the service. A deleted backup "
                                    "cannot be restored."),
                                  eoc_backup_get_name (backup));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "eoc-backup", g_object_ref (backup), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
undo_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EocBackupsPage *self = EOC_BACKUPS_PAGE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  EocBackup *backup = g_hash_table_lookup (self->pending_deletes, id);

  /* Too late once it was sent. */
  if (backup == NULL || g_object_get_data (G_OBJECT (backup), "eoc-backups-page") != NULL)
    return;

  g_hash_table_remove (self->pending_deletes, id);
  gtk_filter_changed (GTK_FILTER (self->pending_filter), GTK_FILTER_CHANGE_LESS_STRICT);
  update_state (self);
}

/* Downloading a backup as a configuration file. */

/* "Before the upgrade.zip": the name, with what file systems refuse replaced. */
static char *
backup_file_name (const char *name)
{
  GString *file_name = g_string_new (NULL);

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/' || c == '\\' || c == ':' || g_unichar_iscntrl (c))
        g_string_append_c (file_name, '-');
      else
        g_string_append_unichar (file_name, c);
    }
  if (file_name->len == 0 || file_name->str[0] == '.')
    g_string_prepend (file_name, "backup");
  g_string_append (file_name, ".zip");

  return g_string_free (file_name, FALSE);
}

typedef struct {
  EocBackupsPage *self;
  EocBackup      *backup;
} DownloadData;

static void
download_data_free (DownloadData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->backup);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DownloadData, download_data_free)

static void
download_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DownloadData) data = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *name = eoc_backup_get_name (data->backup);

  if (!eoc_client_download_backup_finish (EOC_CLIENT (object), result, &error))
    {
      g_autofree char *what = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s is a backup's name. */
      what = g_strdup_printf (_("Could not download “%s”"), name);
      add_toast (data->self, eoc_toast_new_error (what, error));
      return;
    }

  /* Translators: %s is a backup's name. */
  text = g_strdup_printf (_("“%s” downloaded"), name);
  add_toast (data->self, eoc_toast_new (text));
}

static void
download_response_cb (GtkNativeDialog *chooser,
                      int              response,
                      gpointer         user_data)
{
  g_autoptr(DownloadData) data = user_data;
  EocBackupsPage *self = data->self;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->client != NULL &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    {
      g_autofree char *text = NULL;

      /* Translators: %s is a backup's name. */
      text = g_strdup_printf (_("Downloading “%s”…"), eoc_backup_get_name (data->backup));
      add_toast (self, eoc_toast_new (text));
      eoc_client_download_backup_async (self->client,
                                        eoc_backup_get_environment_id (data->backup),
                                        eoc_backup_get_id (data->backup), file,
                                        NULL, NULL, NULL, self->downloads,
                                        download_cb, g_steal_pointer (&data));
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
download_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  EocBackupsPage *self = EOC_BACKUPS_PAGE (widget);
  g_autofree char *file_name = NULL;
  GtkFileChooserNative *chooser;
  EocBackup *backup;
  DownloadData *data;

  if (self->backups == NULL ||
      (backup = eoc_backup_list_find (self->backups, g_variant_get_string (parameter, NULL))) == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Download Backup"),
                                         GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  file_name = backup_file_name (eoc_backup_get_name (backup));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), file_name);

  data = g_new0 (DownloadData, 1);
  data->self = g_object_ref (self);
  data->backup = g_object_ref (backup);
  g_signal_connect (chooser, "response", G_CALLBACK (download_response_cb), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  eoc_backups_page_refresh (EOC_BACKUPS_PAGE (widget));
}

/* Asks for the backups now if the page is shown, else when it is: the window
 * opens on the Overview, and start-up need not wait for lists nobody sees. */
static void
load (EocBackupsPage *self)
{
  self->load_pending = !gtk_widget_get_mapped (GTK_WIDGET (self));
  if (self->load_pending)
    return;

  eoc_backup_list_refresh_async (self->backups, self->cancellable, refresh_cb,
                                 g_object_ref (self));
}

static void
rebuild (EocBackupsPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->backups != NULL)
    g_signal_handlers_disconnect_by_data (self->backups, self);
  g_clear_object (&self->backups);
  self->loaded = FALSE;

  if (self->client != NULL && self->environment != NULL)
    {
      /* A first page that fills the view a few times over, no more: each row
       * costs its measuring, and scrolling asks for the next. */
      self->backups = g_object_new (EOC_TYPE_BACKUP_LIST,
                                    "client", self->client,
                                    "stream", self->stream,
                                    "environment-id", eoc_environment_get_id (self->environment),
                                    "page-size", BACKUPS_PAGE_SIZE,
                                    NULL);
      g_signal_connect_swapped (self->backups, "notify::loading",
                                G_CALLBACK (backups_notify_cb), self);
      g_signal_connect_swapped (self->backups, "notify::error",
                                G_CALLBACK (backups_notify_cb), self);
    }

  gtk_filter_list_model_set_model (self->shown, G_LIST_MODEL (self->backups));
  update_schedule (self);
  update_targets (self);
  update_state (self);

  if (self->backups != NULL)
    {
      const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

      eoc_backup_list_set_query (self->backups, query);
      load (self);
    }
}

/* GtkWidget. */

static void
eoc_backups_page_map (GtkWidget *widget)
{
  EocBackupsPage *self = EOC_BACKUPS_PAGE (widget);

  GTK_WIDGET_CLASS (eoc_backups_page_parent_class)->map (widget);

  if (self->load_pending && self->backups != NULL)
    load (self);
}

/* GObject. */

static void
eoc_backups_page_dispose (GObject *object)
{
  EocBackupsPage *self = (EocBackupsPage *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->downloads);
  g_clear_object (&self->downloads);

  /* Deletes whose Undo is still offered are due now. */
  if (self->pending_deletes != NULL && self->client != NULL)
    {
      GHashTableIter iter;
      EocBackup *backup;

      g_hash_table_iter_init (&iter, self->pending_deletes);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &backup))
        {
          if (g_object_get_data (G_OBJECT (backup), "eoc-backups-page") == NULL)
            send_delete (self, backup);
          g_object_set_data (G_OBJECT (backup), "eoc-backups-page", NULL);
        }
    }
  g_clear_pointer (&self->pending_deletes, g_hash_table_unref);

  if (self->backups != NULL)
    g_signal_handlers_disconnect_by_data (self->backups, self);
  g_clear_object (&self->backups);
  g_clear_object (&self->schedule);
  g_clear_object (&self->shown);
  g_clear_object (&self->pending_filter);
  g_clear_object (&self->environment);
  g_clear_object (&self->client);
  g_clear_object (&self->stream);

  /* The template's child goes through AdwBin, which would otherwise keep
   * a pointer to it once the template is gone. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), EOC_TYPE_BACKUPS_PAGE);

  G_OBJECT_CLASS (eoc_backups_page_parent_class)->dispose (object);
}

static void
eoc_backups_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  EocBackupsPage *self = EOC_BACKUPS_PAGE (object);

  switch (prop_id)
    {
    case PROP_ENVIRONMENT:
      g_value_set_object (value, self->environment);
      break;

    case PROP_CAN_OPERATE:
      g_value_set_boolean (value, self->can_operate);
      break;

    case PROP_SCHEDULE:
      g_value_set_object (value, self->schedule);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_backups_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  EocBackupsPage *self = EOC_BACKUPS_PAGE (object);

  switch (prop_id)
    {
    case PROP_ENVIRONMENT:
      eoc_backups_page_set_environment (self, g_value_get_object (value));
      break;

    case PROP_CAN_OPERATE:
      eoc_backups_page_set_can_operate (self, g_value_get_boolean (value));
      break;

    case PROP_SCHEDULE:
      eoc_backups_page_set_schedule (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_backups_page_class_init (EocBackupsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = eoc_backups_page_dispose;
  object_class->get_property = eoc_backups_page_get_property;
  object_class->set_property = eoc_backups_page_set_property;

  widget_class->map = eoc_backups_page_map;

  properties[PROP_ENVIRONMENT] =
    g_param_spec_object ("environment", NULL, NULL, EOC_TYPE_ENVIRONMENT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAN_OPERATE] =
    g_param_spec_boolean ("can-operate", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* The environment's schedule, for the schedule line: the Overview reads it
   * and follows its changes; the environment page binds the two. */
  properties[PROP_SCHEDULE] =
    g_param_spec_object ("schedule", NULL, NULL, EOC_TYPE_SCHEDULE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ADD_TOAST] =
    g_signal_new ("add-toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  g_type_ensure (EOC_TYPE_BACKUP);
  g_type_ensure (EOC_TYPE_BACKUP_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/envops/Center/eoc-backups-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EocBackupsPage, backup_button);
  gtk_widget_class_bind_template_child (widget_class, EocBackupsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, EocBackupsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, EocBackupsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, EocBackupsPage, more_revealer);
  gtk_widget_class_bind_template_child (widget_class, EocBackupsPage, more_spinner);
  gtk_widget_class_bind_template_child (widget_class, EocBackupsPage, restore_button);
  gtk_widget_class_bind_template_child (widget_class, EocBackupsPage, schedule_box);
  gtk_widget_class_bind_template_child (widget_class, EocBackupsPage, schedule_button);
  gtk_widget_class_bind_template_child (widget_class, EocBackupsPage, schedule_details_label);
  gtk_widget_class_bind_template_child (widget_class, EocBackupsPage, schedule_label);
  gtk_widget_class_bind_template_child (widget_class, EocBackupsPage, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, EocBackupsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, EocBackupsPage, selection);
  gtk_widget_class_bind_template_child (widget_class, EocBackupsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, EocBackupsPage, stack);
  gtk_widget_class_bind_template_callback (widget_class, edge_reached_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);

  gtk_widget_class_install_action (widget_class, "backups.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "backups.download", "s", download_action);
  gtk_widget_class_install_action (widget_class, "backups.delete", "s", delete_action);
  gtk_widget_class_install_action (widget_class, "backups.undo-delete", "s", undo_delete_action);
}

static void
eoc_backups_page_init (EocBackupsPage *self)
{
  g_autoptr(GtkListItemFactory) factory =
    eoc_row_factory_new (eoc_backup_row_new, (EocRowSetFunc) eoc_backup_row_set_backup, FALSE);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_view_set_factory (self->list_view, factory);

  self->cancellable = g_cancellable_new ();
  self->downloads = g_cancellable_new ();
  self->pending_deletes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->pending_filter = gtk_custom_filter_new (not_pending_cb, self, NULL);
  self->shown = gtk_filter_list_model_new (NULL, g_object_ref (GTK_FILTER (self->pending_filter)));
  gtk_no_selection_set_model (self->selection, G_LIST_MODEL (self->shown));
  g_signal_connect_object (self->shown, "items-changed", G_CALLBACK (backups_items_changed_cb),
                           self, G_CONNECT_SWAPPED);
  update_schedule (self);
  update_targets (self);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scrolled_window), "changed",
                           G_CALLBACK (adjustment_changed_cb), self, G_CONNECT_SWAPPED);
  update_state (self);
}

void
eoc_backups_page_set_session (EocBackupsPage *self,
                               EocClient       *client,
                               EocEventStream  *stream)
{
  g_return_if_fail (EOC_IS_BACKUPS_PAGE (self));

  if (self->client == client && self->stream == stream)
    return;

  g_set_object (&self->client, client);
  g_set_object (&self->stream, stream);
  rebuild (self);
}

EocEnvironment *
eoc_backups_page_get_environment (EocBackupsPage *self)
{
  g_return_val_if_fail (EOC_IS_BACKUPS_PAGE (self), NULL);

  return self->environment;
}

void
eoc_backups_page_set_environment (EocBackupsPage *self,
                                   EocEnvironment  *environment)
{
  g_return_if_fail (EOC_IS_BACKUPS_PAGE (self));
  g_return_if_fail (environment == NULL || EOC_IS_ENVIRONMENT (environment));

  if (!g_set_object (&self->environment, environment))
    return;

  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENVIRONMENT]);
}

gboolean
eoc_backups_page_get_can_operate (EocBackupsPage *self)
{
  g_return_val_if_fail (EOC_IS_BACKUPS_PAGE (self), FALSE);

  return self->can_operate;
}

void
eoc_backups_page_set_can_operate (EocBackupsPage *self,
                                  gboolean        can_operate)
{
  g_return_if_fail (EOC_IS_BACKUPS_PAGE (self));

  can_operate = !!can_operate;
  if (self->can_operate == can_operate)
    return;

  self->can_operate = can_operate;
  update_targets (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_OPERATE]);
}

void
eoc_backups_page_set_schedule (EocBackupsPage *self,
                               EocSchedule    *schedule)
{
  g_return_if_fail (EOC_IS_BACKUPS_PAGE (self));
  g_return_if_fail (schedule == NULL || EOC_IS_SCHEDULE (schedule));

  if (!g_set_object (&self->schedule, schedule))
    return;

  update_schedule (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCHEDULE]);
}

GListModel *
eoc_backups_page_get_model (EocBackupsPage *self)
{
  g_return_val_if_fail (EOC_IS_BACKUPS_PAGE (self), NULL);

  return G_LIST_MODEL (self->backups);
}

void
eoc_backups_page_refresh (EocBackupsPage *self)
{
  g_return_if_fail (EOC_IS_BACKUPS_PAGE (self));

  if (self->backups == NULL)
    return;

  load (self);
}
