/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "eoc-environment.h"
#include "eoc-models-private.h"

/**
 * EocEnvironment:
 *
 * An environment and what it is doing now. Every property follows the service:
 * eoc_environment_update_from() copies a newer description in and notifies only
 * what changed, so a row bound to the object follows it.
 */

G_DEFINE_FINAL_TYPE (EocEnvironment, eoc_environment, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_TYPE,
  PROP_VERSION,
  PROP_STATUS,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_LAST_BACKUP_AT,
  PROP_OPERATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
eoc_environment_dispose (GObject *object)
{
  EocEnvironment *self = (EocEnvironment *) object;

  g_clear_object (&self->operation);

  G_OBJECT_CLASS (eoc_environment_parent_class)->dispose (object);
}

static void
eoc_environment_finalize (GObject *object)
{
  EocEnvironment *self = (EocEnvironment *) object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->description);
  g_free (self->version);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  g_clear_pointer (&self->last_backup_at, g_date_time_unref);

  G_OBJECT_CLASS (eoc_environment_parent_class)->finalize (object);
}

static void
eoc_environment_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  EocEnvironment *self = EOC_ENVIRONMENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_TYPE:
      g_value_set_enum (value, self->type);
      break;

    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;

    case PROP_UPDATED_AT:
      g_value_set_boxed (value, self->updated_at);
      break;

    case PROP_LAST_BACKUP_AT:
      g_value_set_boxed (value, self->last_backup_at);
      break;

    case PROP_OPERATION:
      g_value_set_object (value, self->operation);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_environment_class_init (EocEnvironmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = eoc_environment_dispose;
  object_class->finalize = eoc_environment_finalize;
  object_class->get_property = eoc_environment_get_property;

  /**
   * EocEnvironment:id:
   *
   * The environment's identifier.
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocEnvironment:name:
   *
   * The environment's name, unique on the service.
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocEnvironment:description:
   *
   * A free description, or %NULL.
   */
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocEnvironment:type:
   *
   * Production or not.
   */
  properties[PROP_TYPE] =
    g_param_spec_enum ("type", NULL, NULL,
                       EOC_TYPE_ENVIRONMENT_TYPE, EOC_ENVIRONMENT_TYPE_PRODUCTION,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocEnvironment:version:
   *
   * The version it runs, such as "2.1.0".
   */
  properties[PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocEnvironment:status:
   *
   * What state it is in.
   */
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       EOC_TYPE_ENVIRONMENT_STATUS, EOC_ENVIRONMENT_STATUS_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocEnvironment:created-at:
   *
   * When it was created.
   */
  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocEnvironment:updated-at:
   *
   * When it last changed.
   */
  properties[PROP_UPDATED_AT] =
    g_param_spec_boxed ("updated-at", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocEnvironment:last-backup-at:
   *
   * When its last backup was made, or %NULL.
   */
  properties[PROP_LAST_BACKUP_AT] =
    g_param_spec_boxed ("last-backup-at", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocEnvironment:operation:
   *
   * The operation running on it, or %NULL.
   */
  properties[PROP_OPERATION] =
    g_param_spec_object ("operation", NULL, NULL,
                         EOC_TYPE_OPERATION,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
eoc_environment_init (EocEnvironment *self)
{
  self->type = EOC_ENVIRONMENT_TYPE_PRODUCTION;
  self->status = EOC_ENVIRONMENT_STATUS_UNKNOWN;
}

/**
 * eoc_environment_get_id:
 * @self: an environment
 *
 * Returns: (nullable) (transfer none): the #EocEnvironment:id property
 */
const char *
eoc_environment_get_id (EocEnvironment *self)
{
  g_return_val_if_fail (EOC_IS_ENVIRONMENT (self), NULL);

  return self->id;
}

/**
 * eoc_environment_get_name:
 * @self: an environment
 *
 * Returns: (nullable) (transfer none): the #EocEnvironment:name property
 */
const char *
eoc_environment_get_name (EocEnvironment *self)
{
  g_return_val_if_fail (EOC_IS_ENVIRONMENT (self), NULL);

  return self->name;
}

/**
 * eoc_environment_get_description:
 * @self: an environment
 *
 * Returns: (nullable) (transfer none): the #EocEnvironment:description property
 */
const char *
eoc_environment_get_description (EocEnvironment *self)
{
  g_return_val_if_fail (EOC_IS_ENVIRONMENT (self), NULL);

  return self->description;
}

/**
 * eoc_environment_get_environment_type:
 * @self: an environment
 *
 * Returns: the #EocEnvironment:type property
 */
EocEnvironmentType
eoc_environment_get_environment_type (EocEnvironment *self)
{
  g_return_val_if_fail (EOC_IS_ENVIRONMENT (self), EOC_ENVIRONMENT_TYPE_PRODUCTION);

  return self->type;
}

/**
 * eoc_environment_get_version:
 * @self: an environment
 *
 * Returns: (nullable) (transfer none): the #EocEnvironment:version property
 */
const char *
eoc_environment_get_version (EocEnvironment *self)
{
  g_return_val_if_fail (EOC_IS_ENVIRONMENT (self), NULL);

  return self->version;
}

/**
 * eoc_environment_get_status:
 * @self: an environment
 *
 * Returns: the #EocEnvironment:status property
 */
EocEnvironmentStatus
eoc_environment_get_status (EocEnvironment *self)
{
  g_return_val_if_fail (EOC_IS_ENVIRONMENT (self), EOC_ENVIRONMENT_STATUS_UNKNOWN);

  return self->status;
}

/**
 * eoc_environment_get_created_at:
 * @self: an environment
 *
 * Returns: (nullable) (transfer none): the #EocEnvironment:created-at property
 */
GDateTime *
eoc_environment_get_created_at (EocEnvironment *self)
{
  g_return_val_if_fail (EOC_IS_ENVIRONMENT (self), NULL);

  return self->created_at;
}

/**
 * eoc_environment_get_updated_at:
 * @self: an environment
 *
 * Returns: (nullable) (transfer none): the #EocEnvironment:updated-at property
 */
GDateTime *
eoc_environment_get_updated_at (EocEnvironment *self)
{
  g_return_val_if_fail (EOC_IS_ENVIRONMENT (self), NULL);

  return self->updated_at;
}

/**
 * eoc_environment_get_last_backup_at:
 * @self: an environment
 *
 * Returns: (nullable) (transfer none): the #EocEnvironment:last-backup-at property
 */
GDateTime *
eoc_environment_get_last_backup_at (EocEnvironment *self)
{
  g_return_val_if_fail (EOC_IS_ENVIRONMENT (self), NULL);

  return self->last_backup_at;
}

/**
 * eoc_environment_get_operation:
 * @self: an environment
 *
 * Returns: (nullable) (transfer none): the #EocEnvironment:operation property
 */
EocOperation *
eoc_environment_get_operation (EocEnvironment *self)
{
  g_return_val_if_fail (EOC_IS_ENVIRONMENT (self), NULL);

  return self->operation;
}

/* The same operation (same id) is updated in place, so that a progress bar
 * bound to it keeps following; another one replaces it. */
static void
update_operation (EocEnvironment *self,
                  EocOperation   *operation)
{
  if (self->operation != NULL && operation != NULL &&
      g_strcmp0 (eoc_operation_get_id (self->operation), eoc_operation_get_id (operation)) == 0)
    {
      eoc_operation_update_from (self->operation, operation);
      return;
    }

  if (g_set_object (&self->operation, operation))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPERATION]);
}

/**
 * eoc_environment_update_from:
 * @self: an environment
 * @other: a newer description of the same environment
 *
 * Copies every property of @other into @self, notifying only those that
 * change, so that whatever is bound to @self follows.
 */
void
eoc_environment_update_from (EocEnvironment *self,
                             EocEnvironment *other)
{
  GObject *object = (GObject *) self;

  g_return_if_fail (EOC_IS_ENVIRONMENT (self));
  g_return_if_fail (EOC_IS_ENVIRONMENT (other));

  if (self == other)
    return;

  g_object_freeze_notify (object);

  if (eoc_model_set_string (&self->id, other->id))
    g_object_notify_by_pspec (object, properties[PROP_ID]);

  if (eoc_model_set_string (&self->name, other->name))
    g_object_notify_by_pspec (object, properties[PROP_NAME]);

  if (eoc_model_set_string (&self->description, other->description))
    g_object_notify_by_pspec (object, properties[PROP_DESCRIPTION]);

  if (self->type != other->type)
    {
      self->type = other->type;
      g_object_notify_by_pspec (object, properties[PROP_TYPE]);
    }

  if (eoc_model_set_string (&self->version, other->version))
    g_object_notify_by_pspec (object, properties[PROP_VERSION]);

  if (self->status != other->status)
    {
      self->status = other->status;
      g_object_notify_by_pspec (object, properties[PROP_STATUS]);
    }

  if (eoc_model_set_date_time (&self->created_at, other->created_at))
    g_object_notify_by_pspec (object, properties[PROP_CREATED_AT]);

  if (eoc_model_set_date_time (&self->updated_at, other->updated_at))
    g_object_notify_by_pspec (object, properties[PROP_UPDATED_AT]);

  if (eoc_model_set_date_time (&self->last_backup_at, other->last_backup_at))
    g_object_notify_by_pspec (object, properties[PROP_LAST_BACKUP_AT]);

  update_operation (self, other->operation);

  g_object_thaw_notify (object);
}
