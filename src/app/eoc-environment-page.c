/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "eoc-environment-page.h"

struct _EocEnvironmentPage
{
  AdwBin           parent_instance;

  EocActivityPage *activity_page;
  EocBackupsPage  *backups_page;
  EocOverviewPage *overview_page;
  AdwViewStack    *stack;

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

static void
eoc_environment_page_dispose (GObject *object)
{
  EocEnvironmentPage *self = (EocEnvironmentPage *) object;

  /* The template's child goes through AdwBin, which would otherwise keep
   * a pointer to it once the template is gone. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), EOC_TYPE_ENVIRONMENT_PAGE);
  g_clear_object (&self->environment);

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

  g_type_ensure (EOC_TYPE_ACTIVITY_PAGE);
  g_type_ensure (EOC_TYPE_BACKUPS_PAGE);
  g_type_ensure (EOC_TYPE_OVERVIEW_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/envops/Center/eoc-environment-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EocEnvironmentPage, activity_page);
  gtk_widget_class_bind_template_child (widget_class, EocEnvironmentPage, backups_page);
  gtk_widget_class_bind_template_child (widget_class, EocEnvironmentPage, overview_page);
  gtk_widget_class_bind_template_child (widget_class, EocEnvironmentPage, stack);
  gtk_widget_class_bind_template_callback (widget_class, add_toast_cb);
}

static void
eoc_environment_page_init (EocEnvironmentPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
eoc_environment_page_set_session (EocEnvironmentPage *self,
                                  EocClient          *client,
                                  EocEventStream     *stream)
{
  g_return_if_fail (EOC_IS_ENVIRONMENT_PAGE (self));

  /* The environment belongs to the previous session. */
  eoc_environment_page_set_environment (self, NULL);
  eoc_overview_page_set_session (self->overview_page, client, stream);
  eoc_backups_page_set_session (self->backups_page, client, stream);
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

EocBackupsPage *
eoc_environment_page_get_backups (EocEnvironmentPage *self)
{
  g_return_val_if_fail (EOC_IS_ENVIRONMENT_PAGE (self), NULL);

  return self->backups_page;
}

EocActivityPage *
eoc_environment_page_get_activity (EocEnvironmentPage *self)
{
  g_return_val_if_fail (EOC_IS_ENVIRONMENT_PAGE (self), NULL);

  return self->activity_page;
}

void
eoc_environment_page_refresh (EocEnvironmentPage *self)
{
  g_return_if_fail (EOC_IS_ENVIRONMENT_PAGE (self));

  eoc_overview_page_refresh (self->overview_page);
  eoc_backups_page_refresh (self->backups_page);
  eoc_activity_page_refresh (self->activity_page);
}
