/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"


#include "eoc-format.h"
#include "eoc-time-label.h"

/* Relative times are worded in minutes at the finest: check twice a minute. */
#define REFRESH_SECONDS 30

struct _EocTimeLabel
{
  AdwBin     parent_instance;

  GtkLabel  *label;
  GDateTime *time;
  guint      refresh_id;
};

G_DEFINE_FINAL_TYPE (EocTimeLabel, eoc_time_label, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_TIME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update (EocTimeLabel *self)
{
  g_autofree char *text = NULL;
  g_autofree char *exact = NULL;

  if (self->time == NULL)
    {
      gtk_label_set_label (self->label, "");
      return;
    }

  text = eoc_format_relative_time (self->time, NULL);
  exact = eoc_format_exact_time (self->time);
  gtk_label_set_label (self->label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, exact,
                                  -1);
}

/* The exact time, asked for when the pointer rests on the label: time labels
 * are in rows, bound by the hundred, and setting a tooltip costs a round trip
 * to the X server each time (see eoc-tooltip.h). */
static gboolean
eoc_time_label_query_tooltip (GtkWidget  *widget,
                              int         x,
                              int         y,
                              gboolean    keyboard,
                              GtkTooltip *tooltip)
{
  EocTimeLabel *self = EOC_TIME_LABEL (widget);
  g_autofree char *exact = NULL;

  if (self->time == NULL)
    return FALSE;

  exact = eoc_format_exact_time (self->time);
  gtk_tooltip_set_text (tooltip, exact);
  return TRUE;
}

static gboolean
refresh_cb (gpointer user_data)
{
  update (user_data);
  return G_SOURCE_CONTINUE;
}

static void
eoc_time_label_map (GtkWidget *widget)
{
  EocTimeLabel *self = EOC_TIME_LABEL (widget);

  GTK_WIDGET_CLASS (eoc_time_label_parent_class)->map (widget);

  update (self);
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, refresh_cb, self);
}

static void
eoc_time_label_unmap (GtkWidget *widget)
{
  EocTimeLabel *self = EOC_TIME_LABEL (widget);

  g_clear_handle_id (&self->refresh_id, g_source_remove);

  GTK_WIDGET_CLASS (eoc_time_label_parent_class)->unmap (widget);
}

static void
eoc_time_label_dispose (GObject *object)
{
  EocTimeLabel *self = (EocTimeLabel *) object;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_pointer (&self->time, g_date_time_unref);

  G_OBJECT_CLASS (eoc_time_label_parent_class)->dispose (object);
}

static void
eoc_time_label_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  EocTimeLabel *self = EOC_TIME_LABEL (object);

  switch (prop_id)
    {
    case PROP_TIME:
      g_value_set_boxed (value, self->time);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_time_label_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  EocTimeLabel *self = EOC_TIME_LABEL (object);

  switch (prop_id)
    {
    case PROP_TIME:
      eoc_time_label_set_time (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_time_label_class_init (EocTimeLabelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = eoc_time_label_dispose;
  object_class->get_property = eoc_time_label_get_property;
  object_class->set_property = eoc_time_label_set_property;

  widget_class->map = eoc_time_label_map;
  widget_class->unmap = eoc_time_label_unmap;
  widget_class->query_tooltip = eoc_time_label_query_tooltip;

  properties[PROP_TIME] =
    g_param_spec_boxed ("time", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
eoc_time_label_init (EocTimeLabel *self)
{
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->label, 1.0);
  gtk_widget_add_css_class (GTK_WIDGET (self->label), "numeric");
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->label));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
eoc_time_label_new (void)
{
  return g_object_new (EOC_TYPE_TIME_LABEL, NULL);
}

GDateTime *
eoc_time_label_get_time (EocTimeLabel *self)
{
  g_return_val_if_fail (EOC_IS_TIME_LABEL (self), NULL);

  return self->time;
}

void
eoc_time_label_set_time (EocTimeLabel *self,
                         GDateTime    *time)
{
  g_return_if_fail (EOC_IS_TIME_LABEL (self));

  if (self->time == time ||
      (self->time != NULL && time != NULL && g_date_time_equal (self->time, time)))
    return;

  g_clear_pointer (&self->time, g_date_time_unref);
  if (time != NULL)
    self->time = g_date_time_ref (time);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME]);
}

const char *
eoc_time_label_get_text (EocTimeLabel *self)
{
  g_return_val_if_fail (EOC_IS_TIME_LABEL (self), NULL);

  return gtk_label_get_label (self->label);
}
