/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "eoc-environment-page.h"

struct _EocEnvironmentPage
{
  AdwBin           parent_instance;

  EocActivityPage *activity_page;   /* NULL until first shown */
  AdwBin          *activity_bin;
  EocBackupsPage  *backups_page;    /* NULL until first shown */
  AdwBin          *backups_bin;
  EocOverviewPage *overview_page;
  AdwViewStack    *stack;

  EocClient       *client;
  EocEventStream  *stream;

  EocEnvironment  *environment;
  gboolean         can_operate;
};

G_DEFINE_FINAL_TYPE (EocEnvironmentPage, eoc_environment_page, ADW_TYPE_BIN)

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

static void
add_toast_cb (EocEnvironmentPage *self,
              AdwToast           *toast)
{
  g_signal_emit (self, signals[ADD_TOAST], 0, toast);
}

/* The Backups and Activity views. */

static void
add_backups_page (EocEnvironmentPage *self)
{
  self->backups_page = g_object_new (EOC_TYPE_BACKUPS_PAGE, NULL);
  eoc_backups_page_set_session (self->backups_page, self->client, self->stream);
  g_object_bind_property (self, "environment", self->backups_page, "environment",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self, "can-operate", self->backups_page, "can-operate",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->overview_page, "schedule", self->backups_page, "schedule",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (self->backups_page, "add-toast", G_CALLBACK (add_toast_cb), self);
  adw_bin_set_child (self->backups_bin, GTK_WIDGET (self->backups_page));
}

static void
add_activity_page (EocEnvironmentPage *self)
{
  self->activity_page = g_object_new (EOC_TYPE_ACTIVITY_PAGE, NULL);
  eoc_activity_page_set_session (self->activity_page, self->client, self->stream);
  g_object_bind_property (self, "environment", self->activity_page, "environment",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (self->activity_page, "add-toast", G_CALLBACK (add_toast_cb), self);
  adw_bin_set_child (self->activity_bin, GTK_WIDGET (self->activity_page));
}

/* Makes the view called @name if it is not made yet. The Overview is what a window shows
 * first: the other two views cost as much to make, measure and style again, before the
 * first frame, for nothing. */
static void
ensure_page (EocEnvironmentPage *self,
             const char         *name)
{
  if (g_strcmp0 (name, "backups") == 0 && self->backups_page == NULL)
    add_backups_page (self);
  else if (g_strcmp0 (name, "activity") == 0 && self->activity_page == NULL)
    add_activity_page (self);
}

static void
visible_child_cb (EocEnvironmentPage *self)
{
  ensure_page (self, adw_view_stack_get_visible_child_name (self->stack));
}

static void
eoc_environment_page_dispose (GObject *object)
{
  EocEnvironmentPage *self = (EocEnvironmentPage *) object;

  /* The template's child goes through AdwBin, which would otherwise keep
   * a pointer to it once the template is gone. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), EOC_TYPE_ENVIRONMENT_PAGE);
  self->backups_page = NULL;
  self->activity_page = NULL;
  g_clear_object (&self->environment);
  g_clear_object (&self->client);
  g_clear_object (&self->stream);

  G_OBJECT_CLASS (eoc_environment_page_parent_class)->dispose (object);
}

static void
eoc_environment_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  EocEnvironmentPage *self = EOC_ENVIRONMENT_PAGE (object);

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
eoc_environment_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  EocEnvironmentPage *self = EOC_ENVIRONMENT_PAGE (object);

  switch (prop_id)
    {
    case PROP_ENVIRONMENT:
      eoc_environment_page_set_environment (self, g_value_get_object (value));
      break;

    case PROP_CAN_OPERATE:
      eoc_environment_page_set_can_operate (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_environment_page_class_init (EocEnvironmentPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = eoc_environment_page_dispose;
  object_class->get_property = eoc_environment_page_get_property;
  object_class->set_property = eoc_environment_page_set_property;

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

  g_type_ensure (EOC_TYPE_OVERVIEW_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/envops/Center/eoc-environment-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EocEnvironmentPage, activity_bin);
  gtk_widget_class_bind_template_child (widget_class, EocEnvironmentPage, backups_bin);
  gtk_widget_class_bind_template_child (widget_class, EocEnvironmentPage, overview_page);
  gtk_widget_class_bind_template_child (widget_class, EocEnvironmentPage, stack);
  gtk_widget_class_bind_template_callback (widget_class, add_toast_cb);
  gtk_widget_class_bind_template_callback (widget_class, visible_child_cb);
}

static void
eoc_environment_page_init (EocEnvironmentPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  visible_child_cb (self);
}

void
eoc_environment_page_set_session (EocEnvironmentPage *self,
                                  EocClient          *client,
                                  EocEventStream     *stream)
{
  g_return_if_fail (EOC_IS_ENVIRONMENT_PAGE (self));

  /* The environment belongs to the previous session. */
  eoc_environment_page_set_environment (self, NULL);
  g_set_object (&self->client, client);
  g_set_object (&self->stream, stream);
  eoc_overview_page_set_session (self->overview_page, client, stream);
  if (self->backups_page != NULL)
    eoc_backups_page_set_session (self->backups_page, client, stream);
  if (self->activity_page != NULL)
    eoc_activity_page_set_session (self->activity_page, client, stream);
}

EocEnvironment *
eoc_environment_page_get_environment (EocEnvironmentPage *self)
{
  g_return_val_if_fail (EOC_IS_ENVIRONMENT_PAGE (self), NULL);

  return self->environment;
}

void
eoc_environment_page_set_environment (EocEnvironmentPage *self,
                                      EocEnvironment     *environment)
{
  g_return_if_fail (EOC_IS_ENVIRONMENT_PAGE (self));
  g_return_if_fail (environment == NULL || EOC_IS_ENVIRONMENT (environment));

  if (!g_set_object (&self->environment, environment))
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENVIRONMENT]);
}

gboolean
eoc_environment_page_get_can_operate (EocEnvironmentPage *self)
{
  g_return_val_if_fail (EOC_IS_ENVIRONMENT_PAGE (self), FALSE);

  return self->can_operate;
}

void
eoc_environment_page_set_can_operate (EocEnvironmentPage *self,
                                      gboolean            can_operate)
{
  g_return_if_fail (EOC_IS_ENVIRONMENT_PAGE (self));

  can_operate = !!can_operate;
  if (self->can_operate == can_operate)
    return;

  self->can_operate = can_operate;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_OPERATE]);
}

AdwViewStack *
eoc_environment_page_get_stack (EocEnvironmentPage *self)
{
  g_return_val_if_fail (EOC_IS_ENVIRONMENT_PAGE (self), NULL);

  return self->stack;
}

EocOverviewPage *
eoc_environment_page_get_overview (EocEnvironmentPage *self)
{
  g_return_val_if_fail (EOC_IS_ENVIRONMENT_PAGE (self), NULL);

  return self->overview_page;
}

/* Made if it was not yet. */
EocBackupsPage *
eoc_environment_page_get_backups (EocEnvironmentPage *self)
{
  g_return_val_if_fail (EOC_IS_ENVIRONMENT_PAGE (self), NULL);

  ensure_page (self, "backups");
  return self->backups_page;
}

/* Made if it was not yet. */
EocActivityPage *
eoc_environment_page_get_activity (EocEnvironmentPage *self)
{
  g_return_val_if_fail (EOC_IS_ENVIRONMENT_PAGE (self), NULL);

  ensure_page (self, "activity");
  return self->activity_page;
}

void
eoc_environment_page_refresh (EocEnvironmentPage *self)
{
  g_return_if_fail (EOC_IS_ENVIRONMENT_PAGE (self));

  eoc_overview_page_refresh (self->overview_page);
  if (self->backups_page != NULL)
    eoc_backups_page_refresh (self->backups_page);
  if (self->activity_page != NULL)
    eoc_activity_page_refresh (self->activity_page);
}
