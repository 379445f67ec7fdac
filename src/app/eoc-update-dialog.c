/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "eoc-update-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "eoc-toast.h"
#include "eoc-update-dialog.h"

struct _EocUpdateDialog
{
  AdwWindow       parent_instance;

  GtkButton      *cancel_button;
  GtkLabel       *current_label;
  GtkLabel       *downgrade_label;
  GtkLabel       *error_label;
  AdwStatusPage  *failed_page;
  GtkSwitch      *safety_switch;
  GtkSpinner     *spinner;
  GtkStack       *stack;
  AdwStatusPage  *up_to_date_page;
  GtkButton      *update_button;
  AdwComboRow    *version_row;
  AdwWindowTitle *window_title;

  EocClient      *client;
  EocEnvironment *environment;
  char           *version;        /* the version asked for, or NULL */
  GtkStringList  *versions;       /* the newer versions, oldest first */
  gboolean        updating;       /* the request is on its way */
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (EocUpdateDialog, eoc_update_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_ENVIRONMENT,
  PROP_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ADD_TOAST,
  OPERATION_STARTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/*
 * Orders versions as the service does: "2.10.0" after "2.9.0". Versions that
 * are not three numbers compare as text.
 */
static gboolean
parse_version (const char *text,
               guint64     parts[3])
{
  g_auto(GStrv) fields = NULL;

  if (text == NULL)
    return FALSE;

  fields = g_strsplit (text, ".", -1);
  if (g_strv_length (fields) != 3)
    return FALSE;

  for (guint i = 0; i < 3; i++)
    {
      if (!g_ascii_string_to_unsigned (fields[i], 10, 0, G_MAXUINT32, &parts[i], NULL))
        return FALSE;
    }

  return TRUE;
}

static int
compare_versions (const char *a,
                  const char *b)
{
  guint64 pa[3], pb[3];

  if (!parse_version (a, pa) || !parse_version (b, pb))
    return g_strcmp0 (a, b);

  for (guint i = 0; i < 3; i++)
    {
      if (pa[i] != pb[i])
        return pa[i] < pb[i] ? -1 : 1;
    }

  return 0;
}

static const char *
environment_name (EocUpdateDialog *self)
{
  const char *name = eoc_environment_get_name (self->environment);

  return name != NULL && *name != '\0' ? name : _("Unnamed environment");
}

static const char *
current_version (EocUpdateDialog *self)
{
  const char *version = eoc_environment_get_version (self->environment);

  return version != NULL ? version : "";
}

static const char *
selected_version (EocUpdateDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->version_row);

  if (self->versions == NULL || selected == GTK_INVALID_LIST_POSITION)
    return NULL;

  return gtk_string_list_get_string (self->versions, selected);
}

static void
update_actions (EocUpdateDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "update.update",
                                 !self->updating && selected_version (self) != NULL);
}

/* Why the version asked for is not offered, or NULL when it is. */
static char *
explain_version (EocUpdateDialog *self)
{
  int order;

  if (self->version == NULL || *self->version == '\0')
    return NULL;

  order = compare_versions (self->version, current_version (self));
  if (order < 0)
    /* Translators: an environment's name, its version, and an older version. */
    return g_strdup_printf (_("“%s” runs version %s: an environment cannot be downgraded to "
                              "an older version such as %s."),
                            environment_name (self), current_version (self), self->version);
  if (order == 0)
    return g_strdup_printf (_("“%s” already runs version %s."),
                            environment_name (self), self->version);

  for (guint i = 0; self->versions != NULL &&
                    i < g_list_model_get_n_items (G_LIST_MODEL (self->versions)); i++)
    {
      if (g_strcmp0 (gtk_string_list_get_string (self->versions, i), self->version) == 0)
        return NULL;
    }

  return g_strdup_printf (_("Version %s is not a version this service knows."), self->version);
}

/* Loading. */

static void
show_versions (EocUpdateDialog    *self,
               const char * const *all)
{
  g_autofree char *problem = NULL;
  guint preselect = GTK_INVALID_LIST_POSITION;
  guint n;

  g_clear_object (&self->versions);
  self->versions = gtk_string_list_new (NULL);
  for (guint i = 0; all != NULL && all[i] != NULL; i++)
    {
      /* The service refuses anything but a newer version. */
      if (compare_versions (all[i], current_version (self)) > 0)
        gtk_string_list_append (self->versions, all[i]);
    }

  gtk_spinner_stop (self->spinner);
  problem = explain_version (self);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->versions));

  if (n == 0)
    {
      g_autofree char *description = NULL;
      g_autofree char *markup = NULL;

      /* Translators: an environment's name and its version. */
      description = g_strdup_printf (_("“%s” runs version %s, the newest version this service "
                                       "knows."), environment_name (self), current_version (self));
      if (problem != NULL)
        {
          g_autofree char *both = g_strdup_printf ("%s\n%s", description, problem);

          g_free (description);
          description = g_steal_pointer (&both);
        }
      /* The description is markup. */
      markup = g_markup_escape_text (description, -1);
      adw_status_page_set_description (self->up_to_date_page, markup);
      gtk_stack_set_visible_child_name (self->stack, "up-to-date");
      gtk_widget_set_visible (GTK_WIDGET (self->update_button), FALSE);
      gtk_button_set_label (self->cancel_button, _("_Close"));
      update_actions (self);
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      if (g_strcmp0 (gtk_string_list_get_string (self->versions, i), self->version) == 0)
        preselect = i;
    }

  adw_combo_row_set_model (self->version_row, G_LIST_MODEL (self->versions));
  /* Without a version asked for, or one that cannot be, the newest. */
  adw_combo_row_set_selected (self->version_row,
                              preselect != GTK_INVALID_LIST_POSITION ? preselect : n - 1);

  gtk_label_set_label (self->downgrade_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->downgrade_label), problem != NULL);

  gtk_stack_set_visible_child_name (self->stack, "choose");
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->version_row));
}

static void
list_versions_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(EocUpdateDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) versions = NULL;

  versions = eoc_client_list_versions_finish (EOC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      g_autofree char *markup = g_markup_escape_text (error->message, -1);

      gtk_spinner_stop (self->spinner);
      adw_status_page_set_description (self->failed_page, markup);
      gtk_stack_set_visible_child_name (self->stack, "failed");
      gtk_widget_set_visible (GTK_WIDGET (self->update_button), FALSE);
      return;
    }

  show_versions (self, (const char * const *) versions);
}

/* Updating. */

static void
set_updating (EocUpdateDialog *self,
              gboolean         updating)
{
  self->updating = updating;
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), !updating);
  update_actions (self);
}

static void
update_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(EocUpdateDialog) self = user_data;
  g_autoptr(EocOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *version;

  operation = eoc_client_update_environment_finish (EOC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (operation == NULL)
    {
      set_updating (self, FALSE);
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  version = selected_version (self);
  g_signal_emit (self, signals[OPERATION_STARTED], 0, operation);

  /* Translators: an environment's name and the version it is being updated to. */
  text = g_strdup_printf (_("“%s” is being updated to version %s. This can take up to one hour."),
                          environment_name (self), version != NULL ? version : "");
  g_signal_emit (self, signals[ADD_TOAST], 0, eoc_toast_new_lasting (text));

  gtk_window_close (GTK_WINDOW (self));
}

static void
update_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EocUpdateDialog *self = EOC_UPDATE_DIALOG (widget);
  const char *version = selected_version (self);

  if (version == NULL || self->updating)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_updating (self, TRUE);
  eoc_client_update_environment_async (self->client, eoc_environment_get_id (self->environment),
                                       version, gtk_switch_get_active (self->safety_switch),
                                       self->cancellable, update_cb, g_object_ref (self));
}

/* GObject. */

static gboolean
eoc_update_dialog_close_request (GtkWindow *window)
{
  EocUpdateDialog *self = EOC_UPDATE_DIALOG (window);

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (eoc_update_dialog_parent_class)->close_request (window);
}

static void
eoc_update_dialog_constructed (GObject *object)
{
  EocUpdateDialog *self = EOC_UPDATE_DIALOG (object);

  G_OBJECT_CLASS (eoc_update_dialog_parent_class)->constructed (object);

  g_return_if_fail (self->client != NULL && self->environment != NULL);

  adw_window_title_set_subtitle (self->window_title, environment_name (self));
  gtk_label_set_label (self->current_label, current_version (self));
  update_actions (self);
  eoc_client_list_versions_async (self->client, self->cancellable, list_versions_cb,
                                  g_object_ref (self));
}

static void
eoc_update_dialog_dispose (GObject *object)
{
  EocUpdateDialog *self = EOC_UPDATE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), EOC_TYPE_UPDATE_DIALOG);

  g_clear_object (&self->client);
  g_clear_object (&self->environment);
  g_clear_object (&self->versions);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (eoc_update_dialog_parent_class)->dispose (object);
}

static void
eoc_update_dialog_finalize (GObject *object)
{
  EocUpdateDialog *self = EOC_UPDATE_DIALOG (object);

  g_free (self->version);

  G_OBJECT_CLASS (eoc_update_dialog_parent_class)->finalize (object);
}

static void
eoc_update_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  EocUpdateDialog *self = EOC_UPDATE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_ENVIRONMENT:
      g_value_set_object (value, self->environment);
      break;

    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_update_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  EocUpdateDialog *self = EOC_UPDATE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_ENVIRONMENT:
      self->environment = g_value_dup_object (value);
      break;

    case PROP_VERSION:
      self->version = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_update_dialog_class_init (EocUpdateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = eoc_update_dialog_constructed;
  object_class->dispose = eoc_update_dialog_dispose;
  object_class->finalize = eoc_update_dialog_finalize;
  object_class->get_property = eoc_update_dialog_get_property;
  object_class->set_property = eoc_update_dialog_set_property;

  window_class->close_request = eoc_update_dialog_close_request;

  /**
   * EocUpdateDialog:client:
   *
   * The client of the service the environment is on.
   */
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         EOC_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocUpdateDialog:environment:
   *
   * The environment to update.
   */
  properties[PROP_ENVIRONMENT] =
    g_param_spec_object ("environment", NULL, NULL,
                         EOC_TYPE_ENVIRONMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocUpdateDialog:version:
   *
   * The version chosen when the dialog opens, or %NULL for the newest.
   */
  properties[PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EocUpdateDialog::add-toast:
   * @toast: what to show
   *
   * Asks the window to show a toast, once the update has started.
   */
  signals[ADD_TOAST] =
    g_signal_new ("add-toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  /**
   * EocUpdateDialog::operation-started:
   * @operation: the update's operation
   *
   * The service has started the update; the dialog closes.
   */
  signals[OPERATION_STARTED] =
    g_signal_new ("operation-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, EOC_TYPE_OPERATION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/envops/Center/eoc-update-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, EocUpdateDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, EocUpdateDialog, current_label);
  gtk_widget_class_bind_template_child (widget_class, EocUpdateDialog, downgrade_label);
  gtk_widget_class_bind_template_child (widget_class, EocUpdateDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, EocUpdateDialog, failed_page);
  gtk_widget_class_bind_template_child (widget_class, EocUpdateDialog, safety_switch);
  gtk_widget_class_bind_template_child (widget_class, EocUpdateDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, EocUpdateDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, EocUpdateDialog, up_to_date_page);
  gtk_widget_class_bind_template_child (widget_class, EocUpdateDialog, update_button);
  gtk_widget_class_bind_template_child (widget_class, EocUpdateDialog, version_row);
  gtk_widget_class_bind_template_child (widget_class, EocUpdateDialog, window_title);

  gtk_widget_class_install_action (widget_class, "update.update", NULL, update_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
eoc_update_dialog_init (EocUpdateDialog *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "loading");
}

/**
 * eoc_update_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @client: the client of the service
 * @environment: the environment to update
 * @version: (nullable): a version to choose at first, or %NULL for the newest
 *
 * Returns: (transfer none): a new dialog, not yet presented; it loads the
 *   versions at once
 */
EocUpdateDialog *
eoc_update_dialog_new (GtkWindow      *parent,
                       EocClient      *client,
                       EocEnvironment *environment,
                       const char     *version)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (EOC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (EOC_IS_ENVIRONMENT (environment), NULL);

  return g_object_new (EOC_TYPE_UPDATE_DIALOG,
                       "transient-for", parent,
                       "client", client,
                       "environment", environment,
                       "version", version,
                       NULL);
}

EocClient *
eoc_update_dialog_get_client (EocUpdateDialog *self)
{
  g_return_val_if_fail (EOC_IS_UPDATE_DIALOG (self), NULL);

  return self->client;
}

EocEnvironment *
eoc_update_dialog_get_environment (EocUpdateDialog *self)
{
  g_return_val_if_fail (EOC_IS_UPDATE_DIALOG (self), NULL);

  return self->environment;
}

const char *
eoc_update_dialog_get_version (EocUpdateDialog *self)
{
  g_return_val_if_fail (EOC_IS_UPDATE_DIALOG (self), NULL);

  return self->version;
}
