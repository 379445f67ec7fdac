/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-window-actions.c: the window's actions on an environment (create a
 * backup, restore one, import a configuration file, update, schedule), each
 * a dialog, and the reports of how what they started ended: a toast, and a
 * desktop notification when the window is not in front.
 */

#define G_LOG_DOMAIN "eoc-window"

#include "config.h"

#include <glib/gi18n.h>

#include "eoc-backup-dialog.h"
#include "eoc-import-dialog.h"
#include "eoc-operation-report.h"
#include "eoc-restore-dialog.h"
#include "eoc-schedule-dialog.h"
#include "eoc-toast.h"
#include "eoc-update-dialog.h"
#include "eoc-window-private.h"

static const char *const environment_actions[] = {
  "win.create-backup",
  "win.import-configuration",
  "win.restore-backup",
  "win.update-environment",
  "win.edit-schedule",
};

static EocEnvironment *
find_environment (EocWindow  *self,
                  const char *id)
{
  if (self->environments == NULL || id == NULL)
    return NULL;

  return eoc_environment_list_find (self->environments, id);
}

/* Dialogs. */

static void open_update_dialog (EocWindow      *self,
                                EocEnvironment *environment,
                                const char     *version);

static void
operation_started_cb (EocWindow    *self,
                      EocOperation *operation,
                      GtkWidget    *dialog)
{
  EocEnvironment *environment;

  /* The toast the dialog sends next says it runs: its end makes it stale. */
  g_object_set_data_full (G_OBJECT (dialog), "eoc-operation-id",
                          g_strdup (eoc_operation_get_id (operation)), g_free);

  if (self->tracker == NULL)
    return;

  environment = find_environment (self, eoc_operation_get_environment_id (operation));
  eoc_operation_tracker_add (self->tracker, operation,
                             environment != NULL ? eoc_environment_get_name (environment) : NULL,
                             g_object_get_data (G_OBJECT (dialog), "eoc-subject"),
                             g_object_get_data (G_OBJECT (dialog), "eoc-subject-id"));
}

/* Read (or not): the operation's end gets a toast of its own. */
static void
progress_toast_dismissed_cb (EocWindow *self,
                             AdwToast  *toast)
{
  g_hash_table_remove (self->progress_toasts,
                       g_object_get_data (G_OBJECT (toast), "eoc-operation-id"));
}

static void
dialog_toast_cb (EocWindow *self,
                 AdwToast  *toast,
                 GtkWidget *dialog)
{
  const char *operation_id = g_object_get_data (G_OBJECT (dialog), "eoc-operation-id");

  if (operation_id != NULL)
    {
      GWeakRef *ref = g_new0 (GWeakRef, 1);

      g_weak_ref_init (ref, toast);
      g_hash_table_replace (self->progress_toasts, g_strdup (operation_id), ref);
      g_object_set_data_full (G_OBJECT (toast), "eoc-operation-id", g_strdup (operation_id),
                              g_free);
      g_signal_connect_object (toast, "dismissed", G_CALLBACK (progress_toast_dismissed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  eoc_window_add_toast (self, toast);
}

static void
update_requested_cb (EocWindow  *self,
                     const char *version,
                     GtkWidget  *dialog)
{
  EocEnvironment *environment = g_object_get_data (G_OBJECT (dialog), "eoc-environment");

  if (environment != NULL)
    open_update_dialog (self, environment, version);
}

static void
dialog_destroyed_cb (EocWindow *self)
{
  /* What the dialog saved (a schedule) shows at once. */
  if (eoc_environment_page_get_environment (self->environment_page) != NULL)
    eoc_environment_page_refresh (self->environment_page);
}

/* Shows @dialog, its reports routed to this window; @subject names what it acts
 * on in the report of how its operation ended. */
static void
present_dialog (EocWindow      *self,
                GtkWidget      *dialog,
                EocEnvironment *environment,
                const char     *subject,
                const char     *subject_id)
{
  g_object_set_data_full (G_OBJECT (dialog), "eoc-environment", g_object_ref (environment),
                          g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "eoc-subject", g_strdup (subject), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "eoc-subject-id", g_strdup (subject_id), g_free);

  if (g_signal_lookup ("operation-started", G_OBJECT_TYPE (dialog)) != 0)
    g_signal_connect_object (dialog, "operation-started", G_CALLBACK (operation_started_cb), self,
                             G_CONNECT_SWAPPED);
  if (g_signal_lookup ("update-requested", G_OBJECT_TYPE (dialog)) != 0)
    g_signal_connect_object (dialog, "update-requested", G_CALLBACK (update_requested_cb), self,
                             G_CONNECT_SWAPPED);
  if (g_signal_lookup ("add-toast", G_OBJECT_TYPE (dialog)) != 0)
    g_signal_connect_object (dialog, "add-toast", G_CALLBACK (dialog_toast_cb), self,
                             G_CONNECT_SWAPPED);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_update_dialog (EocWindow      *self,
                    EocEnvironment *environment,
                    const char     *version)
{
  GtkWidget *dialog;

  dialog = GTK_WIDGET (eoc_update_dialog_new (GTK_WINDOW (self), self->client, environment,
                                              version));
  present_dialog (self, dialog, environment, NULL, NULL);
}

static EocEnvironment *
action_environment (EocWindow  *self,
                    const char *id)
{
  EocEnvironment *environment = find_environment (self, id);

  if (environment == NULL && self->client != NULL)
    eoc_window_add_toast (self, eoc_toast_new (_("This environment is no longer on the service")));

  return environment;
}

static void
create_backup_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  EocWindow *self = EOC_WINDOW (widget);
  EocEnvironment *environment = action_environment (self, g_variant_get_string (parameter, NULL));
  GtkWidget *dialog;

  if (environment == NULL)
    return;

  dialog = GTK_WIDGET (eoc_backup_dialog_new (GTK_WINDOW (self), self->client, environment));
  present_dialog (self, dialog, environment, NULL, NULL);
}

static EocImportDialog *
open_import_dialog (EocWindow      *self,
                    EocEnvironment *environment)
{
  EocImportDialog *dialog = eoc_import_dialog_new (GTK_WINDOW (self), self->client, environment);

  present_dialog (self, GTK_WIDGET (dialog), environment, NULL, NULL);
  return dialog;
}

static void
import_configuration_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  EocWindow *self = EOC_WINDOW (widget);
  EocEnvironment *environment = action_environment (self, g_variant_get_string (parameter, NULL));

  if (environment != NULL)
    open_import_dialog (self, environment);
}

static void
get_backup_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(EocWindow) self = user_data;
  g_autoptr(EocBackup) backup = NULL;
  g_autoptr(GError) error = NULL;
  EocEnvironment *environment;
  GtkWidget *dialog;

  backup = eoc_client_get_backup_finish (EOC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      (gpointer) object != self->client)
    return;

  if (backup == NULL)
    {
      eoc_window_add_toast (self, eoc_toast_new_error (_("Could not open the backup"), error));
      return;
    }

  environment = action_environment (self, eoc_backup_get_environment_id (backup));
  if (environment == NULL)
    return;

  dialog = GTK_WIDGET (eoc_restore_dialog_new (GTK_WINDOW (self), self->client, environment,
                                               backup));
  present_dialog (self, dialog, environment, eoc_backup_get_name (backup),
                  eoc_backup_get_id (backup));
}

static void
restore_backup_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  EocWindow *self = EOC_WINDOW (widget);
  const char *environment_id, *backup_id;

  if (self->client == NULL)
    return;

  /* The backup as it is now on the service: its state and version may have changed. */
  g_variant_get (parameter, "(&s&s)", &environment_id, &backup_id);
  eoc_client_get_backup_async (self->client, environment_id, backup_id, self->cancellable,
                               get_backup_cb, g_object_ref (self));
}

static void
update_environment_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  EocWindow *self = EOC_WINDOW (widget);
  const char *environment_id, *version;
  EocEnvironment *environment;

  g_variant_get (parameter, "(&s&s)", &environment_id, &version);
  environment = action_environment (self, environment_id);
  if (environment != NULL)
    open_update_dialog (self, environment, *version != '\0' ? version : NULL);
}

static void
edit_schedule_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  EocWindow *self = EOC_WINDOW (widget);
  EocEnvironment *environment = action_environment (self, g_variant_get_string (parameter, NULL));
  GtkWidget *dialog;

  if (environment == NULL)
    return;

  dialog = GTK_WIDGET (eoc_schedule_dialog_new (GTK_WINDOW (self), self->client, environment));
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (dialog_destroyed_cb), self,
                           G_CONNECT_SWAPPED);
  present_dialog (self, dialog, environment, NULL, NULL);
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

/* A configuration file dropped on the window restores the shown environment
 * from it, through the Import configuration dialog. */
static gboolean
window_drop_cb (EocWindow     *self,
                const GValue  *value,
                double         x,
                double         y,
                GtkDropTarget *target)
{
  GdkFileList *list = g_value_get_boxed (value);
  g_autoptr(GSList) listed = list != NULL ? gdk_file_list_get_files (list) : NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  for (GSList *l = listed; l != NULL; l = l->next)
    g_ptr_array_add (files, l->data);
  if (files->len == 0)
    return FALSE;

  eoc_window_open_files (self, (GFile **) files->pdata, (int) files->len);
  return TRUE;
}

void
eoc_window_init_environment_actions (EocWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  self->progress_toasts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 (GDestroyNotify) weak_ref_free);

  g_signal_connect_object (target, "drop", G_CALLBACK (window_drop_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

void
eoc_window_class_add_environment_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.create-backup", "s", create_backup_action);
  gtk_widget_class_install_action (widget_class, "win.import-configuration", "s",
                                   import_configuration_action);
  gtk_widget_class_install_action (widget_class, "win.restore-backup", "(ss)",
                                   restore_backup_action);
  gtk_widget_class_install_action (widget_class, "win.update-environment", "(ss)",
                                   update_environment_action);
  gtk_widget_class_install_action (widget_class, "win.edit-schedule", "s", edit_schedule_action);
}

/* Offered only to who may: until the role is known, nothing is. */
void
eoc_window_update_environment_actions (EocWindow *self)
{
  gboolean enabled = self->client != NULL && self->user != NULL &&
                     eoc_user_get_can_operate (self->user);

  for (guint i = 0; i < G_N_ELEMENTS (environment_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), environment_actions[i], enabled);
}

/* Reports. */

static void
try_again_cb (EocWindow *self,
              AdwToast  *toast)
{
  gtk_widget_activate_action_variant (GTK_WIDGET (self),
                                      g_object_get_data (G_OBJECT (toast), "eoc-action"),
                                      g_object_get_data (G_OBJECT (toast), "eoc-target"));
}

void
eoc_window_operation_finished_cb (EocWindow    *self,
                                  EocOperation *operation,
                                  const char   *environment_name,
                                  const char   *subject,
                                  const char   *subject_id)
{
  g_auto(EocOperationReport) report = { NULL, };
  g_autoptr(AdwToast) progress = NULL;
  EocEnvironment *environment;
  GApplication *application;
  AdwToast *toast;

  environment = find_environment (self, eoc_operation_get_environment_id (operation));
  if (environment_name == NULL)
    environment_name = environment != NULL ? eoc_environment_get_name (environment)
                                           : _("the environment");
  eoc_operation_report_init (&report, operation, environment_name, subject, subject_id,
                             environment != NULL ? eoc_environment_get_version (environment) : NULL);

  /* "It is being updated" is stale now: when still shown (or waiting to be),
   * that toast says how it ended, in place. Dismissing it and adding another
   * at once made libadwaita 1.2 free a toast twice. */
  {
    GWeakRef *ref = g_hash_table_lookup (self->progress_toasts, eoc_operation_get_id (operation));

    progress = ref != NULL ? g_weak_ref_get (ref) : NULL;
    g_hash_table_remove (self->progress_toasts, eoc_operation_get_id (operation));
  }

  if (progress != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (report.text, -1);

      g_signal_handlers_disconnect_by_data (progress, self);
      adw_toast_set_title (progress, escaped);
      toast = progress;
    }
  else
    toast = eoc_toast_new_lasting (report.text);
  if (report.retry_action != NULL)
    {
      /* Activated from the window: the toast's own widget is gone once its
       * button dismissed it, and its action with it. */
      adw_toast_set_button_label (toast, _("_Try Again"));
      g_object_set_data_full (G_OBJECT (toast), "eoc-action", g_strdup (report.retry_action),
                              g_free);
      g_object_set_data_full (G_OBJECT (toast), "eoc-target",
                              g_variant_ref (report.retry_target),
                              (GDestroyNotify) g_variant_unref);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (try_again_cb), self,
                               G_CONNECT_SWAPPED);
    }
  if (progress == NULL)
    eoc_window_add_toast (self, toast);

  /* A long operation often ends while the user is elsewhere. */
  application = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  if (application != NULL && !gtk_window_is_active (GTK_WINDOW (self)))
    eoc_operation_report_notify (&report, application, operation);
}

/* Files opened with the app: a configuration file to import. */

void
eoc_window_open_files (EocWindow  *self,
                       GFile     **files,
                       int         n_files)
{
  EocEnvironment *environment;
  EocImportDialog *dialog;

  g_return_if_fail (EOC_IS_WINDOW (self));

  if (n_files < 1)
    return;

  if (n_files > 1)
    {
      eoc_window_add_toast (self, eoc_toast_new_lasting (_("Open one configuration file at a "
                                                           "time: an environment is restored "
                                                           "from a single file")));
      return;
    }

  environment = eoc_environment_page_get_environment (self->environment_page);
  if (environment == NULL || self->client == NULL)
    {
      g_autofree char *name = g_file_get_basename (files[0]);
      g_autofree char *text = NULL;

      /* Translators: %s is a file name. */
      text = g_strdup_printf (_("To import “%s”, select the environment to restore, then open "
                                "the file again"), name);
      eoc_window_add_toast (self, eoc_toast_new_lasting (text));
      return;
    }

  if (self->user == NULL || !eoc_user_get_can_operate (self->user))
    {
      eoc_window_add_toast (self, eoc_toast_new_lasting (_("Your role on this service does not "
                                                           "allow restoring environments")));
      return;
    }

  dialog = open_import_dialog (self, environment);
  eoc_import_dialog_upload_file (dialog, files[0]);
}
