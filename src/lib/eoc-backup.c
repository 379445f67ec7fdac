/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "eoc-backup.h"
#include "eoc-models-private.h"

/**
 * EocBackup:
 *
 * A backup, as the service describes it.
 */

G_DEFINE_FINAL_TYPE (EocBackup, eoc_backup, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ENVIRONMENT_ID,
  PROP_NAME,
  PROP_CREATED_AT,
  PROP_CREATOR,
  PROP_VERSION,
  PROP_STATE,
  PROP_ORIGIN,
  PROP_SIZE,
  PROP_SHA256,
  PROP_OPERATION_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
eoc_backup_finalize (GObject *object)
{
  EocBackup *self = (EocBackup *) object;

  g_free (self->id);
  g_free (self->environment_id);
  g_free (self->name);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_free (self->creator);
  g_free (self->version);
  g_free (self->sha256);
  g_free (self->operation_id);

  G_OBJECT_CLASS (eoc_backup_parent_class)->finalize (object);
}

static void
eoc_backup_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  EocBackup *self = EOC_BACKUP (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_ENVIRONMENT_ID:
      g_value_set_string (value, self->environment_id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;

    case PROP_CREATOR:
      g_value_set_string (value, self->creator);
      break;

    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_ORIGIN:
      g_value_set_enum (value, self->origin);
      break;

    case PROP_SIZE:
      g_value_set_int64 (value, self->size);
      break;

    case PROP_SHA256:
      g_value_set_string (value, self->sha256);
      break;

    case PROP_OPERATION_ID:
      g_value_set_string (value, self->operation_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_backup_class_init (EocBackupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = eoc_backup_finalize;
  object_class->get_property = eoc_backup_get_property;

  /**
   * EocBackup:id:
   *
   * The backup's identifier.
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocBackup:environment-id:
   *
   * The identifier of its environment.
   */
  properties[PROP_ENVIRONMENT_ID] =
    g_param_spec_string ("environment-id", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocBackup:name:
   *
   * Its name.
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocBackup:created-at:
   *
   * When it was made.
   */
  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocBackup:creator:
   *
   * Who made it (a user name, or the scheduler).
   */
  properties[PROP_CREATOR] =
    g_param_spec_string ("creator", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocBackup:version:
   *
   * The environment version it was taken from.
   */
  properties[PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocBackup:state:
   *
   * Whether it is complete.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       EOC_TYPE_BACKUP_STATE, EOC_BACKUP_STATE_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocBackup:origin:
   *
   * Made by someone or by the schedule.
   */
  properties[PROP_ORIGIN] =
    g_param_spec_enum ("origin", NULL, NULL,
                       EOC_TYPE_BACKUP_ORIGIN, EOC_BACKUP_ORIGIN_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocBackup:size:
   *
   * Its size in bytes, or -1 while it is being created.
   */
  properties[PROP_SIZE] =
    g_param_spec_int64 ("size", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocBackup:sha256:
   *
   * The SHA-256 of its file (hexadecimal), or %NULL while it is being created.
   */
  properties[PROP_SHA256] =
    g_param_spec_string ("sha256", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocBackup:operation-id:
   *
   * The operation that creates it, or %NULL.
   */
  properties[PROP_OPERATION_ID] =
    g_param_spec_string ("operation-id", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
eoc_backup_init (EocBackup *self)
{
  self->state = EOC_BACKUP_STATE_UNKNOWN;
  self->origin = EOC_BACKUP_ORIGIN_UNKNOWN;
  self->size = -1;
}

/**
 * eoc_backup_get_id:
 * @self: a backup
 *
 * Returns: (nullable) (transfer none): the #EocBackup:id property
 */
const char *
eoc_backup_get_id (EocBackup *self)
{
  g_return_val_if_fail (EOC_IS_BACKUP (self), NULL);

  return self->id;
}

/**
 * eoc_backup_get_environment_id:
 * @self: a backup
 *
 * Returns: (nullable) (transfer none): the #EocBackup:environment-id property
 */
const char *
eoc_backup_get_environment_id (EocBackup *self)
{
  g_return_val_if_fail (EOC_IS_BACKUP (self), NULL);

  return self->environment_id;
}

/**
 * eoc_backup_get_name:
 * @self: a backup
 *
 * Returns: (nullable) (transfer none): the #EocBackup:name property
 */
const char *
eoc_backup_get_name (EocBackup *self)
{
  g_return_val_if_fail (EOC_IS_BACKUP (self), NULL);

  return self->name;
}

/**
 * eoc_backup_get_created_at:
 * @self: a backup
 *
 * Returns: (nullable) (transfer none): the #EocBackup:created-at property
 */
GDateTime *
eoc_backup_get_created_at (EocBackup *self)
{
  g_return_val_if_fail (EOC_IS_BACKUP (self), NULL);

  return self->created_at;
}

/**
 * eoc_backup_get_creator:
 * @self: a backup
 *
 * Returns: (nullable) (transfer none): the #EocBackup:creator property
 */
const char *
eoc_backup_get_creator (EocBackup *self)
{
  g_return_val_if_fail (EOC_IS_BACKUP (self), NULL);

  return self->creator;
}

/**
 * eoc_backup_get_version:
 * @self: a backup
 *
 * Returns: (nullable) (transfer none): the #EocBackup:version property
 */
const char *
eoc_backup_get_version (EocBackup *self)
{
  g_return_val_if_fail (EOC_IS_BACKUP (self), NULL);

  return self->version;
}

/**
 * eoc_backup_get_state:
 * @self: a backup
 *
 * Returns: the #EocBackup:state property
 */
EocBackupState
eoc_backup_get_state (EocBackup *self)
{
  g_return_val_if_fail (EOC_IS_BACKUP (self), EOC_BACKUP_STATE_UNKNOWN);

  return self->state;
}

/**
 * eoc_backup_get_origin:
 * @self: a backup
 *
 * Returns: the #EocBackup:origin property
 */
EocBackupOrigin
eoc_backup_get_origin (EocBackup *self)
{
  g_return_val_if_fail (EOC_IS_BACKUP (self), EOC_BACKUP_ORIGIN_UNKNOWN);

  return self->origin;
}

/**
 * eoc_backup_get_size:
 * @self: a backup
 *
 * Returns: the #EocBackup:size property
 */
gint64
eoc_backup_get_size (EocBackup *self)
{
  g_return_val_if_fail (EOC_IS_BACKUP (self), -1);

  return self->size;
}

/**
 * eoc_backup_get_sha256:
 * @self: a backup
 *
 * Returns: (nullable) (transfer none): the #EocBackup:sha256 property
 */
const char *
eoc_backup_get_sha256 (EocBackup *self)
{
  g_return_val_if_fail (EOC_IS_BACKUP (self), NULL);

  return self->sha256;
}

/**
 * eoc_backup_get_operation_id:
 * @self: a backup
 *
 * Returns: (nullable) (transfer none): the #EocBackup:operation-id property
 */
const char *
eoc_backup_get_operation_id (EocBackup *self)
{
  g_return_val_if_fail (EOC_IS_BACKUP (self), NULL);

  return self->operation_id;
}

/**
 * eoc_backup_update_from:
 * @self: a backup
 * @other: a newer description of the same backup
 *
 * Copies every property of @other into @self, notifying only those that
 * change, so that whatever is bound to @self follows.
 */
void
eoc_backup_update_from (EocBackup *self,
                        EocBackup *other)
{
  GObject *object = (GObject *) self;

  g_return_if_fail (EOC_IS_BACKUP (self));
  g_return_if_fail (EOC_IS_BACKUP (other));

  if (self == other)
    return;

  g_object_freeze_notify (object);

  if (eoc_model_set_string (&self->id, other->id))
    g_object_notify_by_pspec (object, properties[PROP_ID]);

  if (eoc_model_set_string (&self->environment_id, other->environment_id))
    g_object_notify_by_pspec (object, properties[PROP_ENVIRONMENT_ID]);

  if (eoc_model_set_string (&self->name, other->name))
    g_object_notify_by_pspec (object, properties[PROP_NAME]);

  if (eoc_model_set_date_time (&self->created_at, other->created_at))
    g_object_notify_by_pspec (object, properties[PROP_CREATED_AT]);

  if (eoc_model_set_string (&self->creator, other->creator))
    g_object_notify_by_pspec (object, properties[PROP_CREATOR]);

  if (eoc_model_set_string (&self->version, other->version))
    g_object_notify_by_pspec (object, properties[PROP_VERSION]);

  if (self->state != other->state)
    {
      self->state = other->state;
      g_object_notify_by_pspec (object, properties[PROP_STATE]);
    }

  if (self->origin != other->origin)
    {
      self->origin = other->origin;
      g_object_notify_by_pspec (object, properties[PROP_ORIGIN]);
    }

  if (self->size != other->size)
    {
      self->size = other->size;
      g_object_notify_by_pspec (object, properties[PROP_SIZE]);
    }

  if (eoc_model_set_string (&self->sha256, other->sha256))
    g_object_notify_by_pspec (object, properties[PROP_SHA256]);

  if (eoc_model_set_string (&self->operation_id, other->operation_id))
    g_object_notify_by_pspec (object, properties[PROP_OPERATION_ID]);

  g_object_thaw_notify (object);
}
