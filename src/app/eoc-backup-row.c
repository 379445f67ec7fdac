/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "eoc-backup-row"

#include "config.h"

#include <glib/gi18n.h>

#include "eoc-backup-row.h"
#include "eoc-format.h"

struct _EocBackupRow
{
  AdwBin         parent_instance;

  GtkMenuButton *menu_button;

  EocBackup     *backup;
  GSignalGroup  *backup_signals;
};

G_DEFINE_FINAL_TYPE (EocBackupRow, eoc_backup_row, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BACKUP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Closures of the template. */

static char *
backup_details_cb (gpointer    this,
                   GDateTime  *created_at,
                   const char *creator,
                   const char *version,
                   int         origin)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (created_at != NULL)
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

/* The Options menu: its items name this backup. */

static void
update_menu (EocBackupRow *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) danger = g_menu_new ();
  g_autoptr(GMenuItem) restore = NULL;
  g_autoptr(GMenuItem) download = NULL;
  g_autoptr(GMenuItem) delete = NULL;
  g_autofree char *label = NULL;
  const char *id, *environment_id;
  gboolean available;

  if (self->backup == NULL)
    {
      gtk_menu_button_set_menu_model (self->menu_button, NULL);
      return;
    }

  id = eoc_backup_get_id (self->backup);
  environment_id = eoc_backup_get_environment_id (self->backup);
  available = eoc_backup_get_state (self->backup) == EOC_BACKUP_STATE_AVAILABLE;

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

  gtk_menu_button_set_menu_model (self->menu_button, G_MENU_MODEL (menu));
  /* Nothing can be done with a backup still being made. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->menu_button), available);

  /* Translators: %s is a backup's name. */
  label = g_strdup_printf (_("Options for “%s”"), eoc_backup_get_name (self->backup));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->menu_button), _("Options"));
}

/* GObject. */

static void
eoc_backup_row_dispose (GObject *object)
{
  EocBackupRow *self = (EocBackupRow *) object;

  g_signal_group_set_target (self->backup_signals, NULL);
  g_clear_object (&self->backup_signals);
  g_clear_object (&self->backup);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), EOC_TYPE_BACKUP_ROW);

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
  gtk_widget_class_bind_template_child (widget_class, EocBackupRow, menu_button);
  gtk_widget_class_bind_template_callback (widget_class, backup_details_cb);
  gtk_widget_class_bind_template_callback (widget_class, backup_size_cb);
  gtk_widget_class_bind_template_callback (widget_class, is_creating_cb);
}

static void
eoc_backup_row_init (EocBackupRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->backup_signals = g_signal_group_new (EOC_TYPE_BACKUP);
  g_signal_group_connect_swapped (self->backup_signals, "notify::state",
                                  G_CALLBACK (update_menu), self);
  g_signal_group_connect_swapped (self->backup_signals, "notify::name",
                                  G_CALLBACK (update_menu), self);
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
  update_menu (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BACKUP]);
}
