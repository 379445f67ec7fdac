/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "eoc-overview-page"

#include "config.h"

#include <glib/gi18n.h>

#include "eoc-format.h"
#include "eoc-overview-page.h"
#include "eoc-status.h"
#include "eoc-toast.h"
#include "eoc-tooltip.h"

struct _EocOverviewPage
{
  AdwBin          parent_instance;

  GtkLabel       *created_value;
  GtkLabel       *description_label;
  GtkLabel       *last_backup_value;
  GtkLabel       *name_label;
  GtkWidget      *next_backup_row;
  GtkLabel       *next_backup_value;
  GtkBox         *operation_card;
  GtkLabel       *operation_details_label;
  GtkLabel       *operation_label;
  GtkLabel       *operation_percent_label;
  GtkProgressBar *operation_progress;
  GtkSpinner     *operation_spinner;
  GtkWidget      *schedule_row;
  GtkLabel       *schedule_value;
  GtkButton      *start_button;
  GtkLabel       *status_label;
  GtkLabel       *status_value;
  GtkButton      *stop_button;
  GtkLabel       *type_value;
  GtkButton      *update_button;
  GtkLabel       *updated_value;
  GtkLabel       *version_value;

  EocClient      *client;
  EocEventStream *stream;
  EocEnvironment *environment;
  EocOperation   *operation;          /* the running one shown, or NULL */
  EocSchedule    *schedule;
  gboolean        can_operate;
  gboolean        requesting;         /* a start or stop request is on its way */
  char           *status_class;

  GSignalGroup   *environment_signals;
  GSignalGroup   *operation_signals;
  GSignalGroup   *stream_signals;
  GCancellable   *cancellable;        /* this environment's requests */
};

G_DEFINE_FINAL_TYPE (EocOverviewPage, eoc_overview_page, ADW_TYPE_BIN)

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

static void
add_toast (EocOverviewPage *self,
           AdwToast        *toast)
{
  if (toast != NULL)
    g_signal_emit (self, signals[ADD_TOAST], 0, toast);
}

static const char *
environment_name (EocOverviewPage *self)
{
  const char *name = self->environment != NULL ? eoc_environment_get_name (self->environment) : NULL;

  return name != NULL && *name != '\0' ? name : _("Unnamed environment");
}

static void
set_time_label (GtkLabel   *label,
                GDateTime  *time,
                const char *none)
{
  g_autofree char *text = NULL;
  g_autofree char *exact = NULL;

  if (time == NULL)
    {
      gtk_label_set_label (label, none);
      eoc_widget_set_tooltip (GTK_WIDGET (label), NULL);
      return;
    }

  text = eoc_format_time (time);
  exact = eoc_format_exact_time (time);
  gtk_label_set_label (label, text);
  eoc_widget_set_tooltip (GTK_WIDGET (label), exact);
}

static void
update_operation (EocOverviewPage *self)
{
  g_autofree char *percent = NULL;
  g_autofree char *details = NULL;
  gboolean visible;
  double progress;

  visible = self->operation != NULL && !eoc_operation_is_finished (self->operation);
  gtk_widget_set_visible (GTK_WIDGET (self->operation_card), visible);
  if (!visible)
    {
      gtk_spinner_stop (self->operation_spinner);
      return;
    }

  gtk_spinner_start (self->operation_spinner);
  gtk_label_set_label (self->operation_label, eoc_operation_to_label (self->operation));

  progress = CLAMP (eoc_operation_get_progress (self->operation), 0.0, 1.0);
  gtk_progress_bar_set_fraction (self->operation_progress, progress);
  /* Translators: an operation's progress, as a percentage. */
  percent = g_strdup_printf (_("%d %%"), (int) (progress * 100.0 + 0.5));
  gtk_label_set_label (self->operation_percent_label, percent);

  if (eoc_operation_get_state (self->operation) == EOC_OPERATION_STATE_QUEUED)
    details = g_strdup (_("Waiting for another operation to end"));
  else if (eoc_operation_get_user (self->operation) != NULL &&
           *eoc_operation_get_user (self->operation) != '\0')
    /* Translators: who started the running operation. */
    details = g_strdup_printf (_("Started by %s"), eoc_operation_get_user (self->operation));
  gtk_label_set_label (self->operation_details_label, details != NULL ? details : "");
  gtk_widget_set_visible (GTK_WIDGET (self->operation_details_label), details != NULL);
}

static void
update_schedule (EocOverviewPage *self)
{
  g_autofree char *words = eoc_format_schedule (self->schedule);
  GDateTime *next_run = NULL;

  gtk_widget_set_visible (self->schedule_row, words != NULL);
  gtk_label_set_label (self->schedule_value, words != NULL ? words : "");

  if (words != NULL)
    next_run = eoc_schedule_get_next_run (self->schedule);
  gtk_widget_set_visible (self->next_backup_row, next_run != NULL);
  set_time_label (self->next_backup_value, next_run, "");
}

static void
update_actions (EocOverviewPage *self)
{
  EocEnvironmentStatus status;
  gboolean non_production, working, offline;
  const char *why_not = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->update_button), self->environment != NULL);
  if (self->environment == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->start_button), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->stop_button), FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "overview.start", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "overview.stop", FALSE);
      return;
    }

  status = eoc_environment_get_status (self->environment);
  non_production = eoc_environment_get_environment_type (self->environment) == EOC_ENVIRONMENT_TYPE_NON_PRODUCTION;
  working = eoc_environment_is_working (self->environment) || self->requesting;
  offline = status == EOC_ENVIRONMENT_STATUS_OFFLINE;

  /* Production environments are never started or stopped from here. */
  gtk_widget_set_visible (GTK_WIDGET (self->start_button), non_production && offline);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), non_production && !offline);

  if (!self->can_operate)
    why_not = offline ? _("Only operators and administrators can start environments")
                      : _("Only operators and administrators can stop environments");
  else if (working)
    why_not = _("Wait until the current operation ends");
  else if (!offline && status != EOC_ENVIRONMENT_STATUS_OPERATIONAL)
    why_not = _("Only an operational environment can be stopped");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "overview.start",
                                 non_production && offline && why_not == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "overview.stop",
                                 non_production && !offline && why_not == NULL);
  eoc_widget_set_tooltip (GTK_WIDGET (self->start_button),
                               why_not != NULL ? why_not : _("Start the environment"));
  eoc_widget_set_tooltip (GTK_WIDGET (self->stop_button),
                               why_not != NULL ? why_not : _("Stop the environment"));

  /* The window's action, on this environment. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->update_button), "(ss)",
                                    eoc_environment_get_id (self->environment), "");
  eoc_widget_set_tooltip (GTK_WIDGET (self->update_button),
                               self->can_operate
                                 ? _("Update the environment to a newer version")
                                 : _("Only operators and administrators can update environments"));
}

static void
update (EocOverviewPage *self)
{
  EocEnvironmentStatus status;
  const char *description, *version;

  if (self->environment == NULL)
    {
      update_actions (self);
      update_operation (self);
      return;
    }

  status = eoc_environment_get_status (self->environment);

  gtk_label_set_label (self->name_label, environment_name (self));

  description = eoc_environment_get_description (self->environment);
  gtk_label_set_label (self->description_label, description != NULL ? description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->description_label),
                          description != NULL && *description != '\0');

  gtk_label_set_label (self->status_label, eoc_status_to_label (status));
  if (self->status_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), self->status_class);
  g_free (self->status_class);
  self->status_class = g_strdup (eoc_status_to_css_class (status));
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), self->status_class);

  if (status == EOC_ENVIRONMENT_STATUS_UPDATE_FAILED)
    gtk_label_set_label (self->status_value,
                         _("Update Failed: restore a backup or update the environment again"));
  else
    gtk_label_set_label (self->status_value, eoc_status_to_label (status));

  version = eoc_environment_get_version (self->environment);
  gtk_label_set_label (self->version_value,
                       version != NULL && *version != '\0' ? version : _("Unknown"));
  gtk_label_set_label (self->type_value,
                       eoc_environment_type_to_label (eoc_environment_get_environment_type (self->environment)));

  set_time_label (self->created_value, eoc_environment_get_created_at (self->environment),
                  _("Unknown"));
  set_time_label (self->updated_value, eoc_environment_get_updated_at (self->environment),
                  _("Unknown"));
  set_time_label (self->last_backup_value, eoc_environment_get_last_backup_at (self->environment),
                  _("Never"));

  update_actions (self);
  update_operation (self);
}

static void
set_operation (EocOverviewPage *self,
               EocOperation    *operation)
{
  if (operation != NULL && eoc_operation_is_finished (operation))
    operation = NULL;

  if (g_set_object (&self->operation, operation))
    g_signal_group_set_target (self->operation_signals, operation);
  update_operation (self);
}

/* The schedule. */

/* The schedule as the service has it: shown here, and followed by the Backups view. */
static void
set_schedule (EocOverviewPage *self,
              EocSchedule     *schedule)
{
  if (!g_set_object (&self->schedule, schedule))
    return;

  update_schedule (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCHEDULE]);
}

static void
get_schedule_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(EocOverviewPage) self = user_data;
  g_autoptr(EocSchedule) schedule = NULL;
  g_autoptr(GError) error = NULL;

  schedule = eoc_client_get_schedule_finish (EOC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* A schedule that cannot be read is not shown; the lasting problem bar says why. */
  if (error != NULL)
    g_debug ("Could not read the schedule: %s", error->message);

  set_schedule (self, schedule);
}

static void
fetch_schedule (EocOverviewPage *self)
{
  if (self->client == NULL || self->environment == NULL)
    return;

  eoc_client_get_schedule_async (self->client, eoc_environment_get_id (self->environment),
                                 self->cancellable, get_schedule_cb, g_object_ref (self));
}

/* Events. */

static void
environment_notify_cb (EocOverviewPage *self,
                       GParamSpec      *pspec,
                       EocEnvironment  *environment)
{
  if (g_strcmp0 (pspec->name, "operation") == 0)
    set_operation (self, eoc_environment_get_operation (environment));
  update (self);
}

static void
operation_notify_cb (EocOverviewPage *self,
                     GParamSpec      *pspec,
                     EocOperation    *operation)
{
  if (eoc_operation_is_finished (operation))
    set_operation (self, NULL);
  else
    update_operation (self);
  update_actions (self);
}

static void
operation_changed_cb (EocOverviewPage *self,
                      EocOperation    *operation,
                      EocEventStream  *stream)
{
  if (self->environment == NULL ||
      g_strcmp0 (eoc_operation_get_environment_id (operation),
                 eoc_environment_get_id (self->environment)) != 0)
    return;

  if (self->operation != NULL &&
      g_strcmp0 (eoc_operation_get_id (self->operation), eoc_operation_get_id (operation)) == 0)
    eoc_operation_update_from (self->operation, operation);
  else if (!eoc_operation_is_finished (operation))
    set_operation (self, operation);
}

static void
activity_added_cb (EocOverviewPage *self,
                   EocActivity     *activity,
                   EocEventStream  *stream)
{
  if (self->environment != NULL &&
      g_strcmp0 (eoc_activity_get_environment_id (activity),
                 eoc_environment_get_id (self->environment)) == 0 &&
      g_strcmp0 (eoc_activity_get_action (activity), "schedule_changed") == 0)
    fetch_schedule (self);
}

static void
resynchronize_cb (EocOverviewPage *self,
                  EocEventStream  *stream)
{
  fetch_schedule (self);
}

/* Start and stop. */

static void
request_done (EocOverviewPage *self,
              EocOperation    *operation,
              const GError    *error,
              gboolean         stopping)
{
  self->requesting = FALSE;

  if (error != NULL)
    {
      g_autofree char *what = NULL;

      what = g_strdup_printf (stopping ? _("Could not stop “%s”") : _("Could not start “%s”"),
                              environment_name (self));
      add_toast (self, eoc_toast_new_error (what, error));
    }
  else if (operation != NULL)
    {
      operation_changed_cb (self, operation, NULL);
    }

  update_actions (self);
}

static void
start_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(EocOverviewPage) self = user_data;
  g_autoptr(EocOperation) operation = NULL;
  g_autoptr(GError) error = NULL;

  operation = eoc_client_start_environment_finish (EOC_CLIENT (object), result, &error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    request_done (self, operation, error, FALSE);
}

static void
stop_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(EocOverviewPage) self = user_data;
  g_autoptr(EocOperation) operation = NULL;
  g_autoptr(GError) error = NULL;

  operation = eoc_client_stop_environment_finish (EOC_CLIENT (object), result, &error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    request_done (self, operation, error, TRUE);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  EocOverviewPage *self = EOC_OVERVIEW_PAGE (widget);

  if (self->client == NULL || self->environment == NULL)
    return;

  self->requesting = TRUE;
  update_actions (self);
  eoc_client_start_environment_async (self->client, eoc_environment_get_id (self->environment),
                                      self->cancellable, start_cb, g_object_ref (self));
}

static void
stop_response_cb (EocOverviewPage  *self,
                  const char       *response,
                  AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "stop") != 0 || self->client == NULL || self->environment == NULL)
    return;

  self->requesting = TRUE;
  update_actions (self);
  eoc_client_stop_environment_async (self->client, eoc_environment_get_id (self->environment),
                                     self->cancellable, stop_cb, g_object_ref (self));
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EocOverviewPage *self = EOC_OVERVIEW_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;
  g_autofree char *heading = NULL;

  if (self->environment == NULL)
    return;

  /* Translators: %s is an environment's name. */
  heading = g_strdup_printf (_("Stop “%s”?"), environment_name (self));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("The environment will be offline until someone starts it again."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "stop", _("_Stop"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "stop",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (stop_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GObject. */

static void
eoc_overview_page_dispose (GObject *object)
{
  EocOverviewPage *self = (EocOverviewPage *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_signal_group_set_target (self->environment_signals, NULL);
  g_signal_group_set_target (self->operation_signals, NULL);
  g_signal_group_set_target (self->stream_signals, NULL);
  g_clear_object (&self->environment);
  g_clear_object (&self->operation);
  g_clear_object (&self->schedule);
  g_clear_object (&self->client);
  g_clear_object (&self->stream);

  /* The template's child goes through AdwBin, which would otherwise keep
   * a pointer to it once the template is gone. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), EOC_TYPE_OVERVIEW_PAGE);

  G_OBJECT_CLASS (eoc_overview_page_parent_class)->dispose (object);
}

static void
eoc_overview_page_finalize (GObject *object)
{
  EocOverviewPage *self = (EocOverviewPage *) object;

  g_clear_object (&self->environment_signals);
  g_clear_object (&self->operation_signals);
  g_clear_object (&self->stream_signals);
  g_free (self->status_class);

  G_OBJECT_CLASS (eoc_overview_page_parent_class)->finalize (object);
}

static void
eoc_overview_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  EocOverviewPage *self = EOC_OVERVIEW_PAGE (object);

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
eoc_overview_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  EocOverviewPage *self = EOC_OVERVIEW_PAGE (object);

  switch (prop_id)
    {
    case PROP_ENVIRONMENT:
      eoc_overview_page_set_environment (self, g_value_get_object (value));
      break;

    case PROP_CAN_OPERATE:
      eoc_overview_page_set_can_operate (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_overview_page_class_init (EocOverviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = eoc_overview_page_dispose;
  object_class->finalize = eoc_overview_page_finalize;
  object_class->get_property = eoc_overview_page_get_property;
  object_class->set_property = eoc_overview_page_set_property;

  properties[PROP_ENVIRONMENT] =
    g_param_spec_object ("environment", NULL, NULL, EOC_TYPE_ENVIRONMENT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAN_OPERATE] =
    g_param_spec_boolean ("can-operate", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* The environment's schedule, or NULL while unknown. */
  properties[PROP_SCHEDULE] =
    g_param_spec_object ("schedule", NULL, NULL, EOC_TYPE_SCHEDULE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EocOverviewPage::add-toast:
   * @toast: what to show
   *
   * Asks the window to show a toast.
   */
  signals[ADD_TOAST] =
    g_signal_new ("add-toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/envops/Center/eoc-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EocOverviewPage, created_value);
  gtk_widget_class_bind_template_child (widget_class, EocOverviewPage, description_label);
  gtk_widget_class_bind_template_child (widget_class, EocOverviewPage, last_backup_value);
  gtk_widget_class_bind_template_child (widget_class, EocOverviewPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, EocOverviewPage, next_backup_row);
  gtk_widget_class_bind_template_child (widget_class, EocOverviewPage, next_backup_value);
  gtk_widget_class_bind_template_child (widget_class, EocOverviewPage, operation_card);
  gtk_widget_class_bind_template_child (widget_class, EocOverviewPage, operation_details_label);
  gtk_widget_class_bind_template_child (widget_class, EocOverviewPage, operation_label);
  gtk_widget_class_bind_template_child (widget_class, EocOverviewPage, operation_percent_label);
  gtk_widget_class_bind_template_child (widget_class, EocOverviewPage, operation_progress);
  gtk_widget_class_bind_template_child (widget_class, EocOverviewPage, operation_spinner);
  gtk_widget_class_bind_template_child (widget_class, EocOverviewPage, schedule_row);
  gtk_widget_class_bind_template_child (widget_class, EocOverviewPage, schedule_value);
  gtk_widget_class_bind_template_child (widget_class, EocOverviewPage, start_button);
  gtk_widget_class_bind_template_child (widget_class, EocOverviewPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, EocOverviewPage, status_value);
  gtk_widget_class_bind_template_child (widget_class, EocOverviewPage, stop_button);
  gtk_widget_class_bind_template_child (widget_class, EocOverviewPage, type_value);
  gtk_widget_class_bind_template_child (widget_class, EocOverviewPage, update_button);
  gtk_widget_class_bind_template_child (widget_class, EocOverviewPage, updated_value);
  gtk_widget_class_bind_template_child (widget_class, EocOverviewPage, version_value);

  gtk_widget_class_install_action (widget_class, "overview.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "overview.stop", NULL, stop_action);
}

static void
eoc_overview_page_init (EocOverviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->environment_signals = g_signal_group_new (EOC_TYPE_ENVIRONMENT);
  g_signal_group_connect_swapped (self->environment_signals, "notify",
                                  G_CALLBACK (environment_notify_cb), self);
  self->operation_signals = g_signal_group_new (EOC_TYPE_OPERATION);
  g_signal_group_connect_swapped (self->operation_signals, "notify",
                                  G_CALLBACK (operation_notify_cb), self);
  self->stream_signals = g_signal_group_new (EOC_TYPE_EVENT_STREAM);
  g_signal_group_connect_swapped (self->stream_signals, "operation-changed",
                                  G_CALLBACK (operation_changed_cb), self);
  g_signal_group_connect_swapped (self->stream_signals, "activity-added",
                                  G_CALLBACK (activity_added_cb), self);
  g_signal_group_connect_swapped (self->stream_signals, "resynchronize",
                                  G_CALLBACK (resynchronize_cb), self);

  self->cancellable = g_cancellable_new ();
  update (self);
}

void
eoc_overview_page_set_session (EocOverviewPage *self,
                               EocClient       *client,
                               EocEventStream  *stream)
{
  g_return_if_fail (EOC_IS_OVERVIEW_PAGE (self));

  g_set_object (&self->client, client);
  g_set_object (&self->stream, stream);
  g_signal_group_set_target (self->stream_signals, stream);
}

EocEnvironment *
eoc_overview_page_get_environment (EocOverviewPage *self)
{
  g_return_val_if_fail (EOC_IS_OVERVIEW_PAGE (self), NULL);

  return self->environment;
}

void
eoc_overview_page_set_environment (EocOverviewPage *self,
                                   EocEnvironment  *environment)
{
  g_return_if_fail (EOC_IS_OVERVIEW_PAGE (self));
  g_return_if_fail (environment == NULL || EOC_IS_ENVIRONMENT (environment));

  if (self->environment == environment)
    return;

  /* Requests about the previous environment no longer matter. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->requesting = FALSE;

  g_set_object (&self->environment, environment);
  g_signal_group_set_target (self->environment_signals, environment);
  set_schedule (self, NULL);
  update_schedule (self);
  set_operation (self, environment != NULL ? eoc_environment_get_operation (environment) : NULL);
  update (self);
  fetch_schedule (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENVIRONMENT]);
}

gboolean
eoc_overview_page_get_can_operate (EocOverviewPage *self)
{
  g_return_val_if_fail (EOC_IS_OVERVIEW_PAGE (self), FALSE);

  return self->can_operate;
}

void
eoc_overview_page_set_can_operate (EocOverviewPage *self,
                                   gboolean         can_operate)
{
  g_return_if_fail (EOC_IS_OVERVIEW_PAGE (self));

  can_operate = !!can_operate;
  if (self->can_operate == can_operate)
    return;

  self->can_operate = can_operate;
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_OPERATE]);
}

void
eoc_overview_page_refresh (EocOverviewPage *self)
{
  g_return_if_fail (EOC_IS_OVERVIEW_PAGE (self));

  fetch_schedule (self);
}
