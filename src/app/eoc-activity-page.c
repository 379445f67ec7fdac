/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "eoc-activity-page"

#include "config.h"

#include <glib/gi18n.h>

#include "eoc-activity-list.h"
#include "eoc-activity-page.h"
#include "eoc-activity-row.h"
#include "eoc-format.h"
#include "eoc-row-factory.h"
#include "eoc-time-label.h"
#include "eoc-toast.h"

struct _EocActivityPage
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
  EocActivityList   *activity;
  gboolean           loaded;        /* the first page came, or failed */
  gboolean           load_pending;  /* to load when next shown */
  GCancellable      *cancellable;   /* this environment's requests */
};

G_DEFINE_FINAL_TYPE (EocActivityPage, eoc_activity_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ENVIRONMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ADD_TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void load_more (EocActivityPage *self);

/* Closures of the rows. */

/* State. */

static void
add_toast (EocActivityPage *self,
           AdwToast        *toast)
{
  if (toast != NULL)
    g_signal_emit (self, signals[ADD_TOAST], 0, toast);
}

static void
update_state (EocActivityPage *self)
{
  const GError *error;
  gboolean loading;
  guint n_items;

  if (self->activity == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "loading");
      gtk_spinner_stop (self->spinner);
      return;
    }

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->activity));
  loading = eoc_activity_list_get_loading (self->activity);
  error = eoc_activity_list_get_error (self->activity);

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
activity_notify_cb (EocActivityPage *self)
{
  update_state (self);
}

static void
activity_items_changed_cb (EocActivityPage *self)
{
  update_state (self);
}

static void
loaded (EocActivityPage *self,
        EocActivityList *activity,
        const GError    *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || activity != self->activity)
    return;

  self->loaded = TRUE;
  update_state (self);

  /* Connection problems show in the window's bar; others are told here, once the list shows. */
  if (error != NULL && g_list_model_get_n_items (G_LIST_MODEL (activity)) > 0 &&
      !g_error_matches (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_CANNOT_CONNECT) &&
      !g_error_matches (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_TIMED_OUT) &&
      !g_error_matches (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_UNAUTHORIZED))
    {
      g_autofree char *text = g_strdup_printf (_("Could not load more activity: %s"),
                                               error->message);

      add_toast (self, eoc_toast_new (text));
    }
}

static void
refresh_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(EocActivityPage) self = user_data;
  g_autoptr(GError) error = NULL;

  eoc_activity_list_refresh_finish (EOC_ACTIVITY_LIST (object), result, &error);
  loaded (self, EOC_ACTIVITY_LIST (object), error);
}

static void
load_more_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(EocActivityPage) self = user_data;
  g_autoptr(GError) error = NULL;

  eoc_activity_list_load_more_finish (EOC_ACTIVITY_LIST (object), result, &error);
  loaded (self, EOC_ACTIVITY_LIST (object), error);
}

static void
load_more (EocActivityPage *self)
{
  if (self->activity == NULL ||
      eoc_activity_list_get_loading (self->activity) ||
      !eoc_activity_list_get_has_more (self->activity))
    return;

  eoc_activity_list_load_more_async (self->activity, self->cancellable, load_more_cb,
                                     g_object_ref (self));
}

static void
edge_reached_cb (EocActivityPage   *self,
                 GtkPositionType    position,
                 GtkScrolledWindow *scrolled_window)
{
  if (position == GTK_POS_BOTTOM)
    load_more (self);
}

/* When the rows do not fill the page, no scrolling can ask for more. */
static void
adjustment_changed_cb (EocActivityPage *self,
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
  eoc_activity_page_refresh (EOC_ACTIVITY_PAGE (widget));
}

/* Asks for the activity now if the page is shown, else when it is (see
 * eoc-backups-page.c). */
static void
load (EocActivityPage *self)
{
  self->load_pending = !gtk_widget_get_mapped (GTK_WIDGET (self));
  if (self->load_pending)
    return;

  eoc_activity_list_refresh_async (self->activity, self->cancellable, refresh_cb,
                                   g_object_ref (self));
}

static void
rebuild (EocActivityPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->activity != NULL)
    g_signal_handlers_disconnect_by_data (self->activity, self);
  g_clear_object (&self->activity);
  self->loaded = FALSE;

  if (self->client != NULL && self->environment != NULL)
    {
      self->activity = eoc_activity_list_new (self->client, self->stream,
                                              eoc_environment_get_id (self->environment));
      g_signal_connect_swapped (self->activity, "notify::loading",
                                G_CALLBACK (activity_notify_cb), self);
      g_signal_connect_swapped (self->activity, "notify::error",
                                G_CALLBACK (activity_notify_cb), self);
      g_signal_connect_swapped (self->activity, "items-changed",
                                G_CALLBACK (activity_items_changed_cb), self);
    }

  gtk_no_selection_set_model (self->selection, G_LIST_MODEL (self->activity));
  update_state (self);

  if (self->activity != NULL)
    load (self);
}

/* GtkWidget. */

static void
eoc_activity_page_map (GtkWidget *widget)
{
  EocActivityPage *self = EOC_ACTIVITY_PAGE (widget);

  GTK_WIDGET_CLASS (eoc_activity_page_parent_class)->map (widget);

  if (self->load_pending && self->activity != NULL)
    load (self);
}

/* GObject. */

static void
eoc_activity_page_dispose (GObject *object)
{
  EocActivityPage *self = (EocActivityPage *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->activity != NULL)
    g_signal_handlers_disconnect_by_data (self->activity, self);
  g_clear_object (&self->activity);
  g_clear_object (&self->environment);
  g_clear_object (&self->client);
  g_clear_object (&self->stream);

  /* The template's child goes through AdwBin, which would otherwise keep
   * a pointer to it once the template is gone. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), EOC_TYPE_ACTIVITY_PAGE);

  G_OBJECT_CLASS (eoc_activity_page_parent_class)->dispose (object);
}

static void
eoc_activity_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  EocActivityPage *self = EOC_ACTIVITY_PAGE (object);

  switch (prop_id)
    {
    case PROP_ENVIRONMENT:
      g_value_set_object (value, self->environment);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_activity_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  EocActivityPage *self = EOC_ACTIVITY_PAGE (object);

  switch (prop_id)
    {
    case PROP_ENVIRONMENT:
      eoc_activity_page_set_environment (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_activity_page_class_init (EocActivityPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = eoc_activity_page_dispose;
  object_class->get_property = eoc_activity_page_get_property;
  object_class->set_property = eoc_activity_page_set_property;

  widget_class->map = eoc_activity_page_map;

  properties[PROP_ENVIRONMENT] =
    g_param_spec_object ("environment", NULL, NULL, EOC_TYPE_ENVIRONMENT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ADD_TOAST] =
    g_signal_new ("add-toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  g_type_ensure (EOC_TYPE_TIME_LABEL);
  g_type_ensure (EOC_TYPE_ACTIVITY);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/envops/Center/eoc-activity-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EocActivityPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, EocActivityPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, EocActivityPage, more_revealer);
  gtk_widget_class_bind_template_child (widget_class, EocActivityPage, more_spinner);
  gtk_widget_class_bind_template_child (widget_class, EocActivityPage, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, EocActivityPage, selection);
  gtk_widget_class_bind_template_child (widget_class, EocActivityPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, EocActivityPage, stack);
  gtk_widget_class_bind_template_callback (widget_class, edge_reached_cb);

  gtk_widget_class_install_action (widget_class, "activity.retry", NULL, retry_action);
}

static void
eoc_activity_page_init (EocActivityPage *self)
{
  g_autoptr(GtkListItemFactory) factory =
    eoc_row_factory_new (eoc_activity_row_new, (EocRowSetFunc) eoc_activity_row_set_activity,
                         FALSE);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_view_set_factory (self->list_view, factory);

  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scrolled_window), "changed",
                           G_CALLBACK (adjustment_changed_cb), self, G_CONNECT_SWAPPED);
  update_state (self);
}

void
eoc_activity_page_set_session (EocActivityPage *self,
                               EocClient       *client,
                               EocEventStream  *stream)
{
  g_return_if_fail (EOC_IS_ACTIVITY_PAGE (self));

  if (self->client == client && self->stream == stream)
    return;

  g_set_object (&self->client, client);
  g_set_object (&self->stream, stream);
  rebuild (self);
}

EocEnvironment *
eoc_activity_page_get_environment (EocActivityPage *self)
{
  g_return_val_if_fail (EOC_IS_ACTIVITY_PAGE (self), NULL);

  return self->environment;
}

void
eoc_activity_page_set_environment (EocActivityPage *self,
                                   EocEnvironment  *environment)
{
  g_return_if_fail (EOC_IS_ACTIVITY_PAGE (self));
  g_return_if_fail (environment == NULL || EOC_IS_ENVIRONMENT (environment));

  if (!g_set_object (&self->environment, environment))
    return;

  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENVIRONMENT]);
}

GListModel *
eoc_activity_page_get_model (EocActivityPage *self)
{
  g_return_val_if_fail (EOC_IS_ACTIVITY_PAGE (self), NULL);

  return G_LIST_MODEL (self->activity);
}

void
eoc_activity_page_refresh (EocActivityPage *self)
{
  g_return_if_fail (EOC_IS_ACTIVITY_PAGE (self));

  if (self->activity == NULL)
    return;

  load (self);
}
