/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "eoc-backup-row"

#include "config.h"

#include <glib/gi18n.h>

#include "eoc-backup-row.h"
#include "eoc-format.h"
#include "eoc-tooltip.h"

struct _EocBackupRow
{
  GtkWidget       parent_instance;

  GtkInscription *name_label;
  GtkInscription *details_label;
  GtkBox         *text_box;
  GtkWidget      *creating_box;     /* made when first needed */
  GtkSpinner     *spinner;
  GtkInscription *size_label;
  GtkButton      *menu_button;
  GtkWidget      *menu;             /* the Options menu while it is open, or closing */

  EocBackup      *backup;
  GSignalGroup   *backup_signals;
};

G_DEFINE_FINAL_TYPE (EocBackupRow, eoc_backup_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BACKUP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The Options menu: its items name this backup. It is made when it opens:
 * making it (a popover and its widgets) each time a recycled row shows
 * another backup cost most of a frame when scrolling through long lists. */

static GMenuModel *
options_menu_new (EocBackup *backup)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) danger = g_menu_new ();
  g_autoptr(GMenuItem) restore = NULL;
  g_autoptr(GMenuItem) download = NULL;
  g_autoptr(GMenuItem) delete = NULL;
  const char *id = eoc_backup_get_id (backup);
  const char *environment_id = eoc_backup_get_environment_id (backup);

  restore = g_menu_item_new (_("_Restore…"), NULL);
  g_menu_item_set_action_and_target_value (restore, "win.restore-backup",
                                           g_variant_new ("(ss)", environment_id, id));
  download = g_menu_item_new (_("_Download…"), NULL);
  g_menu_item_set_action_and_target_value (download, "backups.download", g_variant_new_string (id));
  delete = g_menu_item_new (_("De_lete…"), NULL);
  g_menu_item_set_action_and_target_value (delete, "backups.delete", g_variant_new_string (id));

  g_menu_append_item (menu, restore);
  g_menu_append_item (menu, download);
  g_menu_append_item (danger, delete);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (danger));
  return G_MENU_MODEL (menu);
}

static void
drop_menu (EocBackupRow *self)
{
  GtkWidget *menu = g_steal_pointer (&self->menu);

  if (menu == NULL)
    return;

  g_signal_handlers_disconnect_by_data (menu, self);
  gtk_popover_popdown (GTK_POPOVER (menu));
  gtk_widget_unparent (menu);
}

/* Once closed, and once the item chosen has run its action (which needs the
 * menu still in the window to find it). */
static gboolean
drop_menu_cb (gpointer data)
{
  g_autoptr(EocBackupRow) self = data;

  drop_menu (self);
  return G_SOURCE_REMOVE;
}

static void
menu_closed_cb (EocBackupRow *self)
{
  g_idle_add (drop_menu_cb, g_object_ref (self));
}

static void
menu_clicked_cb (EocBackupRow *self)
{
  g_autoptr(GMenuModel) model = NULL;

  if (self->backup == NULL)
    return;

  drop_menu (self);
  model = options_menu_new (self->backup);
  self->menu = gtk_popover_menu_new_from_model (model);
  gtk_widget_set_parent (self->menu, GTK_WIDGET (self->menu_button));
  g_signal_connect_swapped (self->menu, "closed", G_CALLBACK (menu_closed_cb), self);
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

/* What the row shows of its backup. Set here rather than through bindings in
 * the template: a row is bound again for each backup scrolled past, and eight
 * expression watches made that cost a third of a frame when scrolling fast. */

static char *
format_details (EocBackup *backup)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  GDateTime *created_at = eoc_backup_get_created_at (backup);
  const char *creator = eoc_backup_get_creator (backup);
  const char *version = eoc_backup_get_version (backup);

  if (created_at != NULL)
    g_ptr_array_add (parts, eoc_format_time (created_at));
  if (eoc_backup_get_origin (backup) == EOC_BACKUP_ORIGIN_SCHEDULED)
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

/* A spinner and "Creating Backup", under the details. */
static void
add_creating_box (EocBackupRow *self)
{
  GtkWidget *label = gtk_label_new (_("Creating Backup"));

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "accent");
  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  self->creating_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (self->creating_box), GTK_WIDGET (self->spinner));
  gtk_box_append (GTK_BOX (self->creating_box), label);
  gtk_box_append (self->text_box, self->creating_box);
}

static void
update (EocBackupRow *self)
{
  g_autofree char *details = NULL;
  g_autofree char *size = NULL;
  g_autofree char *label = NULL;
  gboolean creating;

  /* A menu made for the backup shown before, or for its old name: made again when it opens. */
  drop_menu (self);

  if (self->backup == NULL)
    return;

  creating = eoc_backup_get_state (self->backup) == EOC_BACKUP_STATE_CREATING;
  details = format_details (self->backup);
  if (eoc_backup_get_size (self->backup) >= 0)
    size = g_format_size ((guint64) eoc_backup_get_size (self->backup));

  gtk_inscription_set_text (self->name_label, eoc_backup_get_name (self->backup));
  gtk_inscription_set_text (self->details_label, details);
  gtk_inscription_set_text (self->size_label, size);
  if (creating && self->creating_box == NULL)
    add_creating_box (self);
  if (self->creating_box != NULL)
    {
      gtk_widget_set_visible (self->creating_box, creating);
      gtk_spinner_set_spinning (self->spinner, creating);
    }

  /* Nothing can be done with a backup still being made. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->menu_button),
                            eoc_backup_get_state (self->backup) == EOC_BACKUP_STATE_AVAILABLE);

  /* Translators: %s is a backup's name. */
  label = g_strdup_printf (_("Options for “%s”"), eoc_backup_get_name (self->backup));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* The same for every row, but asked for: set on each menu button as it is made, it would
 * cost a round trip to the X server per row (see eoc-tooltip.h). */
static gboolean
menu_query_tooltip_cb (EocBackupRow *self,
                       int           x,
                       int           y,
                       gboolean      keyboard,
                       GtkTooltip   *tooltip)
{
  /* Not over its own open menu. */
  if (self->menu != NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, _("Options"));
  return TRUE;
}

/* GObject. */

static void
eoc_backup_row_dispose (GObject *object)
{
  EocBackupRow *self = (EocBackupRow *) object;
  GtkWidget *child;

  g_signal_group_set_target (self->backup_signals, NULL);
  g_clear_object (&self->backup_signals);
  g_clear_object (&self->backup);

  drop_menu (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), EOC_TYPE_BACKUP_ROW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (eoc_backup_row_parent_class)->dispose (object);
}

static void
eoc_backup_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  EocBackupRow *self = EOC_BACKUP_ROW (object);

  switch (prop_id)
    {
    case PROP_BACKUP:
      g_value_set_object (value, self->backup);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_backup_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  EocBackupRow *self = EOC_BACKUP_ROW (object);

  switch (prop_id)
    {
    case PROP_BACKUP:
      eoc_backup_row_set_backup (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_backup_row_class_init (EocBackupRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = eoc_backup_row_dispose;
  object_class->get_property = eoc_backup_row_get_property;
  object_class->set_property = eoc_backup_row_set_property;

  properties[PROP_BACKUP] =
    g_param_spec_object ("backup", NULL, NULL, EOC_TYPE_BACKUP,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (EOC_TYPE_BACKUP);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/envops/Center/eoc-backup-row.ui");
  gtk_widget_class_bind_template_child (widget_class, EocBackupRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, EocBackupRow, details_label);
  gtk_widget_class_bind_template_child (widget_class, EocBackupRow, text_box);
  gtk_widget_class_bind_template_child (widget_class, EocBackupRow, size_label);
  gtk_widget_class_bind_template_child (widget_class, EocBackupRow, menu_button);
  gtk_widget_class_bind_template_callback (widget_class, eoc_query_tooltip_if_cut_short);
  gtk_widget_class_bind_template_callback (widget_class, menu_query_tooltip_cb);
  gtk_widget_class_bind_template_callback (widget_class, menu_clicked_cb);
}

static void
eoc_backup_row_init (EocBackupRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->backup_signals = g_signal_group_new (EOC_TYPE_BACKUP);
  g_signal_group_connect_swapped (self->backup_signals, "notify", G_CALLBACK (update), self);
}

GtkWidget *
eoc_backup_row_new (void)
{
  return g_object_new (EOC_TYPE_BACKUP_ROW, NULL);
}

EocBackup *
eoc_backup_row_get_backup (EocBackupRow *self)
{
  g_return_val_if_fail (EOC_IS_BACKUP_ROW (self), NULL);

  return self->backup;
}

void
eoc_backup_row_set_backup (EocBackupRow *self,
                           EocBackup    *backup)
{
  g_return_if_fail (EOC_IS_BACKUP_ROW (self));
  g_return_if_fail (backup == NULL || EOC_IS_BACKUP (backup));

  if (!g_set_object (&self->backup, backup))
    return;

  g_signal_group_set_target (self->backup_signals, backup);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BACKUP]);
}

/**
 * eoc_backup_row_get_menu:
 * @self: a row
 *
 * Returns: (nullable) (transfer none): the Options menu while it is open
 */
GtkPopover *
eoc_backup_row_get_menu (EocBackupRow *self)
{
  g_return_val_if_fail (EOC_IS_BACKUP_ROW (self), NULL);

  return self->menu != NULL ? GTK_POPOVER (self->menu) : NULL;
}
