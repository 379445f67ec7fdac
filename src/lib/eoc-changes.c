/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "eoc-changes.h"
#include "eoc-models-private.h"

/**
 * EocChange:
 *
 * One setting or file that differs: its path, whether it is added, removed or
 * changed, and for settings the old and new values as compact JSON text.
 * A change never changes once made.
 */

struct _EocChange {
  GObject        parent_instance;

  char          *path;
  EocChangeKind  kind;
  char          *old_value;
  char          *new_value;
};

G_DEFINE_FINAL_TYPE (EocChange, eoc_change, G_TYPE_OBJECT)

enum {
  CHANGE_PROP_0,
  CHANGE_PROP_PATH,
  CHANGE_PROP_KIND,
  CHANGE_PROP_OLD_VALUE,
  CHANGE_PROP_NEW_VALUE,
  CHANGE_N_PROPS
};

static GParamSpec *change_properties[CHANGE_N_PROPS];

static void
eoc_change_finalize (GObject *object)
{
  EocChange *self = (EocChange *) object;

  g_free (self->path);
  g_free (self->old_value);
  g_free (self->new_value);

  G_OBJECT_CLASS (eoc_change_parent_class)->finalize (object);
}

static void
eoc_change_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  EocChange *self = EOC_CHANGE (object);

  switch (prop_id)
    {
    case CHANGE_PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case CHANGE_PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case CHANGE_PROP_OLD_VALUE:
      g_value_set_string (value, self->old_value);
      break;

    case CHANGE_PROP_NEW_VALUE:
      g_value_set_string (value, self->new_value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_change_class_init (EocChangeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = eoc_change_finalize;
  object_class->get_property = eoc_change_get_property;

  /**
   * EocChange:path:
   *
   * For a setting, a JSON-pointer-like path such as "/db/host"; for a file,
   * its path under files/, such as "certs/ca.pem".
   */
  change_properties[CHANGE_PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocChange:kind:
   *
   * Added, removed or changed.
   */
  change_properties[CHANGE_PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       EOC_TYPE_CHANGE_KIND, EOC_CHANGE_KIND_CHANGED,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocChange:old-value:
   *
   * A setting's current value as JSON text, or %NULL (added, or a file).
   */
  change_properties[CHANGE_PROP_OLD_VALUE] =
    g_param_spec_string ("old-value", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocChange:new-value:
   *
   * A setting's new value as JSON text, or %NULL (removed, or a file).
   */
  change_properties[CHANGE_PROP_NEW_VALUE] =
    g_param_spec_string ("new-value", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, CHANGE_N_PROPS, change_properties);
}

static void
eoc_change_init (EocChange *self)
{
  self->kind = EOC_CHANGE_KIND_CHANGED;
}

EocChange *
eoc_change_new_internal (const char    *path,
                         EocChangeKind  kind,
                         const char    *old_value,
                         const char    *new_value)
{
  EocChange *self = g_object_new (EOC_TYPE_CHANGE, NULL);

  self->path = g_strdup (path);
  self->kind = kind;
  self->old_value = g_strdup (old_value);
  self->new_value = g_strdup (new_value);
  return self;
}

/**
 * eoc_change_get_path:
 * @self: a change
 *
 * Returns: (transfer none): the #EocChange:path property
 */
const char *
eoc_change_get_path (EocChange *self)
{
  g_return_val_if_fail (EOC_IS_CHANGE (self), NULL);

  return self->path;
}

/**
 * eoc_change_get_kind:
 * @self: a change
 *
 * Returns: the #EocChange:kind property
 */
EocChangeKind
eoc_change_get_kind (EocChange *self)
{
  g_return_val_if_fail (EOC_IS_CHANGE (self), EOC_CHANGE_KIND_CHANGED);

  return self->kind;
}

/**
 * eoc_change_get_old_value:
 * @self: a change
 *
 * Returns: (nullable) (transfer none): the #EocChange:old-value property
 */
const char *
eoc_change_get_old_value (EocChange *self)
{
  g_return_val_if_fail (EOC_IS_CHANGE (self), NULL);

  return self->old_value;
}

/**
 * eoc_change_get_new_value:
 * @self: a change
 *
 * Returns: (nullable) (transfer none): the #EocChange:new-value property
 */
const char *
eoc_change_get_new_value (EocChange *self)
{
  g_return_val_if_fail (EOC_IS_CHANGE (self), NULL);

  return self->new_value;
}

/**
 * EocChanges:
 *
 * The settings and files that would change, as two lists of #EocChange a
 * list view can show, and the counts of the service's summary.
 */

struct _EocChanges {
  GObject     parent_instance;

  GListStore *settings;
  GListStore *files;
  guint       n_added;
  guint       n_removed;
  guint       n_changed;
};

G_DEFINE_FINAL_TYPE (EocChanges, eoc_changes, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_FILES,
  PROP_N_ADDED,
  PROP_N_REMOVED,
  PROP_N_CHANGED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
eoc_changes_dispose (GObject *object)
{
  EocChanges *self = (EocChanges *) object;

  g_clear_object (&self->settings);
  g_clear_object (&self->files);

  G_OBJECT_CLASS (eoc_changes_parent_class)->dispose (object);
}

static void
eoc_changes_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  EocChanges *self = EOC_CHANGES (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_FILES:
      g_value_set_object (value, self->files);
      break;

    case PROP_N_ADDED:
      g_value_set_uint (value, self->n_added);
      break;

    case PROP_N_REMOVED:
      g_value_set_uint (value, self->n_removed);
      break;

    case PROP_N_CHANGED:
      g_value_set_uint (value, self->n_changed);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_changes_class_init (EocChangesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = eoc_changes_dispose;
  object_class->get_property = eoc_changes_get_property;

  /**
   * EocChanges:settings:
   *
   * The settings that differ, a #GListModel of #EocChange, in the service's order.
   */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocChanges:files:
   *
   * The files that differ, a #GListModel of #EocChange.
   */
  properties[PROP_FILES] =
    g_param_spec_object ("files", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocChanges:n-added:
   *
   * How many settings and files would be added.
   */
  properties[PROP_N_ADDED] =
    g_param_spec_uint ("n-added", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocChanges:n-removed:
   *
   * How many settings and files would be removed.
   */
  properties[PROP_N_REMOVED] =
    g_param_spec_uint ("n-removed", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocChanges:n-changed:
   *
   * How many settings and files would change.
   */
  properties[PROP_N_CHANGED] =
    g_param_spec_uint ("n-changed", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
eoc_changes_init (EocChanges *self)
{
}

EocChanges *
eoc_changes_new_internal (GListStore *settings,
                          GListStore *files,
                          guint       n_added,
                          guint       n_removed,
                          guint       n_changed)
{
  EocChanges *self = g_object_new (EOC_TYPE_CHANGES, NULL);

  self->settings = g_object_ref (settings);
  self->files = g_object_ref (files);
  self->n_added = n_added;
  self->n_removed = n_removed;
  self->n_changed = n_changed;
  return self;
}

/**
 * eoc_changes_get_settings:
 * @self: changes
 *
 * Returns: (transfer none): the #EocChanges:settings property
 */
GListModel *
eoc_changes_get_settings (EocChanges *self)
{
  g_return_val_if_fail (EOC_IS_CHANGES (self), NULL);

  return G_LIST_MODEL (self->settings);
}

/**
 * eoc_changes_get_files:
 * @self: changes
 *
 * Returns: (transfer none): the #EocChanges:files property
 */
GListModel *
eoc_changes_get_files (EocChanges *self)
{
  g_return_val_if_fail (EOC_IS_CHANGES (self), NULL);

  return G_LIST_MODEL (self->files);
}

/**
 * eoc_changes_get_n_added:
 * @self: changes
 *
 * Returns: the #EocChanges:n-added property
 */
guint
eoc_changes_get_n_added (EocChanges *self)
{
  g_return_val_if_fail (EOC_IS_CHANGES (self), 0);

  return self->n_added;
}

/**
 * eoc_changes_get_n_removed:
 * @self: changes
 *
 * Returns: the #EocChanges:n-removed property
 */
guint
eoc_changes_get_n_removed (EocChanges *self)
{
  g_return_val_if_fail (EOC_IS_CHANGES (self), 0);

  return self->n_removed;
}

/**
 * eoc_changes_get_n_changed:
 * @self: changes
 *
 * Returns: the #EocChanges:n-changed property
 */
guint
eoc_changes_get_n_changed (EocChanges *self)
{
  g_return_val_if_fail (EOC_IS_CHANGES (self), 0);

  return self->n_changed;
}

/**
 * eoc_changes_is_empty:
 * @self: changes
 *
 * Returns: %TRUE when nothing would change
 */
gboolean
eoc_changes_is_empty (EocChanges *self)
{
  g_return_val_if_fail (EOC_IS_CHANGES (self), TRUE);

  return g_list_model_get_n_items (G_LIST_MODEL (self->settings)) == 0 &&
         g_list_model_get_n_items (G_LIST_MODEL (self->files)) == 0;
}
