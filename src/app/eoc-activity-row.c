/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "eoc-activity-row"

#include "config.h"

#include <glib/gi18n.h>

#include "eoc-activity-row.h"
#include "eoc-format.h"
#include "eoc-time-label.h"
#include "eoc-tooltip.h"

struct _EocActivityRow
{
  AdwBin          parent_instance;

  GtkImage       *outcome_image;
  GtkInscription *action_label;
  GtkInscription *summary_label;
  GtkInscription *user_label;
  EocTimeLabel   *time_label;

  EocActivity    *activity;
  GSignalGroup   *activity_signals;
  char           *outcome_class;
};

G_DEFINE_FINAL_TYPE (EocActivityRow, eoc_activity_row, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ACTIVITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
outcome_label (EocActivityOutcome outcome)
{
  switch (outcome)
    {
    case EOC_ACTIVITY_OUTCOME_SUCCEEDED:
      return C_("activity outcome", "Succeeded");
    case EOC_ACTIVITY_OUTCOME_FAILED:
      return C_("activity outcome", "Failed");
    default:
      return C_("activity outcome", "Unknown outcome");
    }
}

/* Asked for when the pointer rests on the icon: set on each bind, a tooltip
 * costs a round trip to the X server (see eoc-tooltip.h). */
static gboolean
outcome_query_tooltip_cb (GtkWidget      *image,
                          int             x,
                          int             y,
                          gboolean        keyboard,
                          GtkTooltip     *tooltip,
                          EocActivityRow *self)
{
  if (self->activity == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, outcome_label (eoc_activity_get_outcome (self->activity)));
  return TRUE;
}

/* What the row shows of its entry, set here rather than through bindings:
 * rows are bound again for each entry scrolled past (see eoc-backup-row.c). */
static void
update (EocActivityRow *self)
{
  g_autofree char *action = NULL;
  g_autofree char *user = NULL;
  EocActivityOutcome outcome;
  const char *summary, *who, *icon, *outcome_class;

  if (self->activity == NULL)
    return;

  outcome = eoc_activity_get_outcome (self->activity);
  switch (outcome)
    {
    case EOC_ACTIVITY_OUTCOME_SUCCEEDED:
      icon = "emblem-ok-symbolic";
      outcome_class = "outcome-succeeded";
      break;
    case EOC_ACTIVITY_OUTCOME_FAILED:
      icon = "dialog-error-symbolic";
      outcome_class = "outcome-failed";
      break;
    default:
      icon = "dialog-question-symbolic";
      outcome_class = NULL;
      break;
    }

  gtk_image_set_from_icon_name (self->outcome_image, icon);
  if (g_strcmp0 (self->outcome_class, outcome_class) != 0)
    {
      if (self->outcome_class != NULL)
        gtk_widget_remove_css_class (GTK_WIDGET (self->outcome_image), self->outcome_class);
      g_free (self->outcome_class);
      self->outcome_class = g_strdup (outcome_class);
      if (outcome_class != NULL)
        gtk_widget_add_css_class (GTK_WIDGET (self->outcome_image), outcome_class);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->outcome_image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, outcome_label (outcome), -1);

  action = eoc_format_action (eoc_activity_get_action (self->activity));
  if (outcome == EOC_ACTIVITY_OUTCOME_FAILED)
    {
      g_autofree char *plain = g_steal_pointer (&action);

      /* Translators: an action that did not succeed: "Backup restored (failed)". */
      action = g_strdup_printf (_("%s (failed)"), plain);
    }
  gtk_inscription_set_text (self->action_label, action);

  summary = eoc_activity_get_summary (self->activity);
  gtk_inscription_set_text (self->summary_label, summary);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), summary != NULL && *summary != '\0');

  who = eoc_activity_get_user (self->activity);
  if (who == NULL || *who == '\0')
    user = g_strdup (_("By the service"));
  else
    /* Translators: who did it. */
    user = g_strdup_printf (_("By %s"), who);
  gtk_inscription_set_text (self->user_label, user);

  eoc_time_label_set_time (self->time_label, eoc_activity_get_time (self->activity));
}

/* GObject. */

static void
eoc_activity_row_dispose (GObject *object)
{
  EocActivityRow *self = (EocActivityRow *) object;

  g_signal_group_set_target (self->activity_signals, NULL);
  g_clear_object (&self->activity_signals);
  g_clear_object (&self->activity);
  g_clear_pointer (&self->outcome_class, g_free);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), EOC_TYPE_ACTIVITY_ROW);

  G_OBJECT_CLASS (eoc_activity_row_parent_class)->dispose (object);
}

static void
eoc_activity_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  EocActivityRow *self = EOC_ACTIVITY_ROW (object);

  switch (prop_id)
    {
    case PROP_ACTIVITY:
      g_value_set_object (value, self->activity);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_activity_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  EocActivityRow *self = EOC_ACTIVITY_ROW (object);

  switch (prop_id)
    {
    case PROP_ACTIVITY:
      eoc_activity_row_set_activity (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_activity_row_class_init (EocActivityRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = eoc_activity_row_dispose;
  object_class->get_property = eoc_activity_row_get_property;
  object_class->set_property = eoc_activity_row_set_property;

  properties[PROP_ACTIVITY] =
    g_param_spec_object ("activity", NULL, NULL, EOC_TYPE_ACTIVITY,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (EOC_TYPE_TIME_LABEL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/envops/Center/eoc-activity-row.ui");
  gtk_widget_class_bind_template_child (widget_class, EocActivityRow, outcome_image);
  gtk_widget_class_bind_template_child (widget_class, EocActivityRow, action_label);
  gtk_widget_class_bind_template_child (widget_class, EocActivityRow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, EocActivityRow, user_label);
  gtk_widget_class_bind_template_child (widget_class, EocActivityRow, time_label);
  gtk_widget_class_bind_template_callback (widget_class, outcome_query_tooltip_cb);
  gtk_widget_class_bind_template_callback (widget_class, eoc_query_tooltip_if_cut_short);
}

static void
eoc_activity_row_init (EocActivityRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* An entry is written once, but a reload after a reconnection may correct it. */
  self->activity_signals = g_signal_group_new (EOC_TYPE_ACTIVITY);
  g_signal_group_connect_swapped (self->activity_signals, "notify", G_CALLBACK (update), self);
}

GtkWidget *
eoc_activity_row_new (void)
{
  return g_object_new (EOC_TYPE_ACTIVITY_ROW, NULL);
}

EocActivity *
eoc_activity_row_get_activity (EocActivityRow *self)
{
  g_return_val_if_fail (EOC_IS_ACTIVITY_ROW (self), NULL);

  return self->activity;
}

void
eoc_activity_row_set_activity (EocActivityRow *self,
                               EocActivity    *activity)
{
  g_return_if_fail (EOC_IS_ACTIVITY_ROW (self));
  g_return_if_fail (activity == NULL || EOC_IS_ACTIVITY (activity));

  if (!g_set_object (&self->activity, activity))
    return;

  g_signal_group_set_target (self->activity_signals, activity);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVITY]);
}
