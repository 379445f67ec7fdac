/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "eoc-environment-row.h"
#include "eoc-status.h"
#include "eoc-tooltip.h"

struct _EocEnvironmentRow
{
  GtkWidget       parent_instance;

  GtkInscription *text_label;       /* the name, and below it the type and version */
  GtkSpinner     *spinner;          /* made when first needed */
  GtkLabel       *status_label;

  EocEnvironment *environment;
  GSignalGroup   *environment_signals;
  GSignalGroup   *operation_signals;
  char           *status_class;
};

G_DEFINE_FINAL_TYPE (EocEnvironmentRow, eoc_environment_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ENVIRONMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Shows a spinner before the status while an operation runs, made the first time. */
static void
set_working (EocEnvironmentRow *self,
             gboolean           working)
{
  if (self->spinner == NULL)
    {
      if (!working)
        return;
      self->spinner = GTK_SPINNER (gtk_spinner_new ());
      gtk_widget_set_valign (GTK_WIDGET (self->spinner), GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->spinner), _("An operation is running"));
      gtk_widget_insert_before (GTK_WIDGET (self->spinner), GTK_WIDGET (self),
                                GTK_WIDGET (self->status_label));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), working);
  gtk_spinner_set_spinning (self->spinner, working);
}

/* The name, and below it @details as a subtitle: smaller, and dimmed as Adwaita's
 * .dim-label is. Attributes rather than markup: nothing to escape or parse (and GTK 4.8's
 * gtk_inscription_set_markup() leaks the attributes it parses; see also dispose). */
static void
set_lines (EocEnvironmentRow *self,
           const char        *name,
           const char        *details)
{
  g_autofree char *text = g_strconcat (name, "\n", details, NULL);
  PangoAttrList *attributes = pango_attr_list_new ();
  guint start = strlen (name) + 1;
  PangoAttribute *attribute;

  attribute = pango_attr_scale_new (PANGO_SCALE_SMALL);
  attribute->start_index = start;
  pango_attr_list_insert (attributes, attribute);
  attribute = pango_attr_foreground_alpha_new ((guint16) (0.55 * G_MAXUINT16));
  attribute->start_index = start;
  pango_attr_list_insert (attributes, attribute);

  gtk_inscription_set_text (self->text_label, text);
  gtk_inscription_set_attributes (self->text_label, attributes);
  pango_attr_list_unref (attributes);
}

static void
update (EocEnvironmentRow *self)
{
  g_autofree char *details = NULL;
  g_autofree char *accessible = NULL;
  const char *name, *version, *type, *status;
  EocEnvironmentStatus status_value;
  gboolean working;

  if (self->environment == NULL)
    {
      gtk_inscription_set_text (self->text_label, NULL);
      gtk_label_set_label (self->status_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
      set_working (self, FALSE);
      return;
    }

  name = eoc_environment_get_name (self->environment);
  if (name == NULL || *name == '\0')
    name = _("Unnamed environment");
  version = eoc_environment_get_version (self->environment);
  if (version == NULL || *version == '\0')
    version = _("unknown version");
  type = eoc_environment_type_to_label (eoc_environment_get_environment_type (self->environment));
  status_value = eoc_environment_get_status (self->environment);
  status = eoc_status_to_label (status_value);
  working = eoc_environment_is_working (self->environment);

  /* Translators: an environment's type and version: "Production · 2.1.0". */
  details = g_strdup_printf (C_("environment row", "%s · %s"), type, version);
  set_lines (self, name, details);

  gtk_label_set_label (self->status_label, status);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
  if (self->status_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), self->status_class);
  g_free (self->status_class);
  self->status_class = g_strdup (eoc_status_to_css_class (status_value));
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), self->status_class);

  set_working (self, working);

  /* Translators: what a screen reader says for a row: name, type and version, status. */
  accessible = g_strdup_printf (C_("environment row", "%s, %s, %s"), name, details, status);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
environment_notify_cb (EocEnvironmentRow *self,
                       GParamSpec        *pspec,
                       EocEnvironment    *environment)
{
  if (g_strcmp0 (pspec->name, "operation") == 0)
    g_signal_group_set_target (self->operation_signals,
                               eoc_environment_get_operation (environment));
  update (self);
}

static void
operation_notify_cb (EocEnvironmentRow *self,
                     GParamSpec        *pspec,
                     EocOperation      *operation)
{
  update (self);
}

static void
eoc_environment_row_dispose (GObject *object)
{
  EocEnvironmentRow *self = (EocEnvironmentRow *) object;
  GtkWidget *child;

  g_signal_group_set_target (self->environment_signals, NULL);
  g_signal_group_set_target (self->operation_signals, NULL);
  g_clear_object (&self->environment);
  /* GTK 4.8's GtkInscription does not release its attributes when finalized. */
  if (self->text_label != NULL)
    gtk_inscription_set_attributes (self->text_label, NULL);
  self->text_label = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->spinner = NULL;

  G_OBJECT_CLASS (eoc_environment_row_parent_class)->dispose (object);
}

static void
eoc_environment_row_finalize (GObject *object)
{
  EocEnvironmentRow *self = (EocEnvironmentRow *) object;

  g_clear_object (&self->environment_signals);
  g_clear_object (&self->operation_signals);
  g_free (self->status_class);

  G_OBJECT_CLASS (eoc_environment_row_parent_class)->finalize (object);
}

static void
eoc_environment_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  EocEnvironmentRow *self = EOC_ENVIRONMENT_ROW (object);

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
eoc_environment_row_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  EocEnvironmentRow *self = EOC_ENVIRONMENT_ROW (object);

  switch (prop_id)
    {
    case PROP_ENVIRONMENT:
      eoc_environment_row_set_environment (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_environment_row_class_init (EocEnvironmentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = eoc_environment_row_dispose;
  object_class->finalize = eoc_environment_row_finalize;
  object_class->get_property = eoc_environment_row_get_property;
  object_class->set_property = eoc_environment_row_set_property;

  properties[PROP_ENVIRONMENT] =
    g_param_spec_object ("environment", NULL, NULL, EOC_TYPE_ENVIRONMENT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

/* Made in code rather than from a template: a list view makes a row for each of the first
 * environments at once, before the window's first frame, and instantiating a template
 * cost 1.6 times as much as these calls (callgrind: 0.48 M instructions a row against 0.30 M). */
static void
eoc_environment_row_init (EocEnvironmentRow *self)
{
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                              12);
  gtk_widget_add_css_class (GTK_WIDGET (self), "environment-row");

  /* One inscription for both lines rather than one each in a box: two widgets fewer in each
   * of the rows made before the first frame. An inscription's size does not depend on its
   * text, so the list's rows are not laid out again as they fill (see eoc-backup-row.ui). */
  self->text_label = GTK_INSCRIPTION (gtk_inscription_new (NULL));
  gtk_inscription_set_text_overflow (self->text_label, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_nat_chars (self->text_label, 24);
  gtk_inscription_set_min_lines (self->text_label, 2);
  gtk_inscription_set_nat_lines (self->text_label, 2);
  gtk_widget_set_hexpand (GTK_WIDGET (self->text_label), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->text_label), TRUE);
  g_signal_connect (self->text_label, "query-tooltip",
                    G_CALLBACK (eoc_query_tooltip_if_cut_short), NULL);
  gtk_widget_set_parent (GTK_WIDGET (self->text_label), GTK_WIDGET (self));

  /* The spinner goes before the status when an operation runs: see set_working(). */
  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_valign (GTK_WIDGET (self->status_label), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "status-badge");
  gtk_widget_set_parent (GTK_WIDGET (self->status_label), GTK_WIDGET (self));

  self->environment_signals = g_signal_group_new (EOC_TYPE_ENVIRONMENT);
  g_signal_group_connect_swapped (self->environment_signals, "notify",
                                  G_CALLBACK (environment_notify_cb), self);
  self->operation_signals = g_signal_group_new (EOC_TYPE_OPERATION);
  g_signal_group_connect_swapped (self->operation_signals, "notify",
                                  G_CALLBACK (operation_notify_cb), self);
}

GtkWidget *
eoc_environment_row_new (void)
{
  return g_object_new (EOC_TYPE_ENVIRONMENT_ROW, NULL);
}

EocEnvironment *
eoc_environment_row_get_environment (EocEnvironmentRow *self)
{
  g_return_val_if_fail (EOC_IS_ENVIRONMENT_ROW (self), NULL);

  return self->environment;
}

void
eoc_environment_row_set_environment (EocEnvironmentRow *self,
                                     EocEnvironment    *environment)
{
  g_return_if_fail (EOC_IS_ENVIRONMENT_ROW (self));
  g_return_if_fail (environment == NULL || EOC_IS_ENVIRONMENT (environment));

  if (!g_set_object (&self->environment, environment))
    return;

  g_signal_group_set_target (self->environment_signals, environment);
  g_signal_group_set_target (self->operation_signals,
                             environment != NULL ? eoc_environment_get_operation (environment)
                                                 : NULL);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENVIRONMENT]);
}
