/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "eoc-backups-page"

#include "config.h"

#include <glib/gi18n.h>

#include "eoc-backup-list.h"
#include "eoc-backups-page.h"
#include "eoc-format.h"
#include "eoc-toast.h"

struct _EocBackupsPage
{
  AdwBin             parent_instance;

  AdwStatusPage     *error_page;
  GtkListView       *list_view;
  GtkRevealer       *more_revealer;
  GtkSpinner        *more_spinner;
  GtkScrolledWindow *scrolled_window;
  GtkNoSelection    *selection;
  GtkSpinner        *spinner;
  GtkStack          *stack;

  EocClient         *client;
  EocEventStream    *stream;
  EocEnvironment    *environment;
  EocBackupList   *backups;
  gboolean           loaded;        /* the first page came, or failed */
  gboolean           can_operate;
  GCancellable      *cancellable;   /* this environment's requests */
};

G_DEFINE_FINAL_TYPE (EocBackupsPage, eoc_backups_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ENVIRONMENT,
  PROP_CAN_OPERATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ADD_TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void load_more (EocBackupsPage *self);

/* Closures of the rows. */

static char *
backup_details_cb (gpointer    this,
                   GDateTime  *created_at,
                   const char *creator,
                   const char *version,
                   int         origin)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (parts, eoc_format_time (created_at));
  if (origin == EOC_BACKUP_ORIGIN_SCHEDULED)
    g_ptr_array_add (parts, g_strdup (C_("backup origin", "Scheduled")));
  else if (creator != NULL && *creator != '\0')
    /* Translators: who made the backup. */
    g_ptr_array_add (parts, g_strdup_printf (_("By %s"), creator));
  if (version != NULL && *version != '\0')
    /* Translators: the environment version a backup was taken from. */
    g_ptr_array_add (parts, g_strdup_printf (_("Version %s"), version));
  g_ptr_array_add (parts, NULL);

  /* Translators: the separator between a backup's details. */
  return g_strjoinv (C_("backup details", " · "), (char **) parts->pdata);
}

static gboolean
is_creating_cb (gpointer this,
                int      state)
{
  return state == EOC_BACKUP_STATE_CREATING;
}

static char *
backup_size_cb (gpointer this,
                gint64   size)
{
  if (size < 0)
    return g_strdup ("");

  return g_format_size ((guint64) size);
}

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

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->backups));
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
  else
    {
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

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  eoc_backups_page_refresh (EOC_BACKUPS_PAGE (widget));
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
      self->backups = eoc_backup_list_new (self->client, self->stream,
                                              eoc_environment_get_id (self->environment));
      g_signal_connect_swapped (self->backups, "notify::loading",
                                G_CALLBACK (backups_notify_cb), self);
      g_signal_connect_swapped (self->backups, "notify::error",
                                G_CALLBACK (backups_notify_cb), self);
      g_signal_connect_swapped (self->backups, "items-changed",
                                G_CALLBACK (backups_items_changed_cb), self);
    }

  gtk_no_selection_set_model (self->selection, G_LIST_MODEL (self->backups));
  update_state (self);

  if (self->backups != NULL)
    eoc_backup_list_refresh_async (self->backups, self->cancellable, refresh_cb,
                                     g_object_ref (self));
}

/* GObject. */

static void
eoc_backups_page_dispose (GObject *object)
{
  EocBackupsPage *self = (EocBackupsPage *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->backups != NULL)
    g_signal_handlers_disconnect_by_data (self->backups, self);
  g_clear_object (&self->backups);
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

  properties[PROP_ENVIRONMENT] =
    g_param_spec_object ("environment", NULL, NULL, EOC_TYPE_ENVIRONMENT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAN_OPERATE] =
    g_param_spec_boolean ("can-operate", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ADD_TOAST] =
    g_signal_new ("add-toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  g_type_ensure (EOC_TYPE_BACKUP);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/envops/Center/eoc-backups-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EocBackupsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, EocBackupsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, EocBackupsPage, more_revealer);
  gtk_widget_class_bind_template_child (widget_class, EocBackupsPage, more_spinner);
  gtk_widget_class_bind_template_child (widget_class, EocBackupsPage, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, EocBackupsPage, selection);
  gtk_widget_class_bind_template_child (widget_class, EocBackupsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, EocBackupsPage, stack);
  gtk_widget_class_bind_template_callback (widget_class, backup_details_cb);
  gtk_widget_class_bind_template_callback (widget_class, backup_size_cb);
  gtk_widget_class_bind_template_callback (widget_class, edge_reached_cb);
  gtk_widget_class_bind_template_callback (widget_class, is_creating_cb);

  gtk_widget_class_install_action (widget_class, "backups.retry", NULL, retry_action);
}

static void
eoc_backups_page_init (EocBackupsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_OPERATE]);
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

  eoc_backup_list_refresh_async (self->backups, self->cancellable, refresh_cb,
                                   g_object_ref (self));
}
