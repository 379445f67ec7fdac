/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "eoc-operation.h"
#include "eoc-models-private.h"

/**
 * EocOperation:
 *
 * A long operation and how far it has got.
 */

G_DEFINE_FINAL_TYPE (EocOperation, eoc_operation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ENVIRONMENT_ID,
  PROP_KIND,
  PROP_STATE,
  PROP_PROGRESS,
  PROP_MESSAGE,
  PROP_USER,
  PROP_CREATED_AT,
  PROP_STARTED_AT,
  PROP_FINISHED_AT,
  PROP_ERROR,
  PROP_BACKUP_ID,
  PROP_LOG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
eoc_operation_finalize (GObject *object)
{
  EocOperation *self = (EocOperation *) object;

  g_free (self->id);
  g_free (self->environment_id);
  g_free (self->message);
  g_free (self->user);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->started_at, g_date_time_unref);
  g_clear_pointer (&self->finished_at, g_date_time_unref);
  g_free (self->error);
  g_free (self->backup_id);
  g_free (self->log);

  G_OBJECT_CLASS (eoc_operation_parent_class)->finalize (object);
}

static void
eoc_operation_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  EocOperation *self = EOC_OPERATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_ENVIRONMENT_ID:
      g_value_set_string (value, self->environment_id);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    case PROP_USER:
      g_value_set_string (value, self->user);
      break;

    case PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;

    case PROP_STARTED_AT:
      g_value_set_boxed (value, self->started_at);
      break;

    case PROP_FINISHED_AT:
      g_value_set_boxed (value, self->finished_at);
      break;

    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;

    case PROP_BACKUP_ID:
      g_value_set_string (value, self->backup_id);
      break;

    case PROP_LOG:
      g_value_set_string (value, self->log);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_operation_class_init (EocOperationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = eoc_operation_finalize;
  object_class->get_property = eoc_operation_get_property;

  /**
   * EocOperation:id:
   *
   * The operation's identifier.
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocOperation:environment-id:
   *
   * The identifier of its environment.
   */
  properties[PROP_ENVIRONMENT_ID] =
    g_param_spec_string ("environment-id", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocOperation:kind:
   *
   * What it does.
   */
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       EOC_TYPE_OPERATION_KIND, EOC_OPERATION_KIND_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocOperation:state:
   *
   * Whether it waits, runs or has finished.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       EOC_TYPE_OPERATION_STATE, EOC_OPERATION_STATE_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocOperation:progress:
   *
   * How far it has got, from 0 to 1.
   */
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL,
                         0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocOperation:message:
   *
   * What it is doing now, such as "Creating environment backup".
   */
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocOperation:user:
   *
   * Who started it.
   */
  properties[PROP_USER] =
    g_param_spec_string ("user", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocOperation:created-at:
   *
   * When it was asked for.
   */
  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocOperation:started-at:
   *
   * When it started, or %NULL.
   */
  properties[PROP_STARTED_AT] =
    g_param_spec_boxed ("started-at", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocOperation:finished-at:
   *
   * When it finished, or %NULL.
   */
  properties[PROP_FINISHED_AT] =
    g_param_spec_boxed ("finished-at", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocOperation:error:
   *
   * Why it failed, or %NULL.
   */
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocOperation:backup-id:
   *
   * The backup it made: the one a backup makes, or the safety backup of a restore or import; %NULL otherwise.
   */
  properties[PROP_BACKUP_ID] =
    g_param_spec_string ("backup-id", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocOperation:log:
   *
   * What it has written to its log so far.
   */
  properties[PROP_LOG] =
    g_param_spec_string ("log", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
eoc_operation_init (EocOperation *self)
{
  self->kind = EOC_OPERATION_KIND_UNKNOWN;
  self->state = EOC_OPERATION_STATE_UNKNOWN;
}

/**
 * eoc_operation_get_id:
 * @self: an operation
 *
 * Returns: (nullable) (transfer none): the #EocOperation:id property
 */
const char *
eoc_operation_get_id (EocOperation *self)
{
  g_return_val_if_fail (EOC_IS_OPERATION (self), NULL);

  return self->id;
}

/**
 * eoc_operation_get_environment_id:
 * @self: an operation
 *
 * Returns: (nullable) (transfer none): the #EocOperation:environment-id property
 */
const char *
eoc_operation_get_environment_id (EocOperation *self)
{
  g_return_val_if_fail (EOC_IS_OPERATION (self), NULL);

  return self->environment_id;
}

/**
 * eoc_operation_get_kind:
 * @self: an operation
 *
 * Returns: the #EocOperation:kind property
 */
EocOperationKind
eoc_operation_get_kind (EocOperation *self)
{
  g_return_val_if_fail (EOC_IS_OPERATION (self), EOC_OPERATION_KIND_UNKNOWN);

  return self->kind;
}

/**
 * eoc_operation_get_state:
 * @self: an operation
 *
 * Returns: the #EocOperation:state property
 */
EocOperationState
eoc_operation_get_state (EocOperation *self)
{
  g_return_val_if_fail (EOC_IS_OPERATION (self), EOC_OPERATION_STATE_UNKNOWN);

  return self->state;
}

/**
 * eoc_operation_get_progress:
 * @self: an operation
 *
 * Returns: the #EocOperation:progress property
 */
double
eoc_operation_get_progress (EocOperation *self)
{
  g_return_val_if_fail (EOC_IS_OPERATION (self), 0.0);

  return self->progress;
}

/**
 * eoc_operation_get_message:
 * @self: an operation
 *
 * Returns: (nullable) (transfer none): the #EocOperation:message property
 */
const char *
eoc_operation_get_message (EocOperation *self)
{
  g_return_val_if_fail (EOC_IS_OPERATION (self), NULL);

  return self->message;
}

/**
 * eoc_operation_get_user:
 * @self: an operation
 *
 * Returns: (nullable) (transfer none): the #EocOperation:user property
 */
const char *
eoc_operation_get_user (EocOperation *self)
{
  g_return_val_if_fail (EOC_IS_OPERATION (self), NULL);

  return self->user;
}

/**
 * eoc_operation_get_created_at:
 * @self: an operation
 *
 * Returns: (nullable) (transfer none): the #EocOperation:created-at property
 */
GDateTime *
eoc_operation_get_created_at (EocOperation *self)
{
  g_return_val_if_fail (EOC_IS_OPERATION (self), NULL);

  return self->created_at;
}

/**
 * eoc_operation_get_started_at:
 * @self: an operation
 *
 * Returns: (nullable) (transfer none): the #EocOperation:started-at property
 */
GDateTime *
eoc_operation_get_started_at (EocOperation *self)
{
  g_return_val_if_fail (EOC_IS_OPERATION (self), NULL);

  return self->started_at;
}

/**
 * eoc_operation_get_finished_at:
 * @self: an operation
 *
 * Returns: (nullable) (transfer none): the #EocOperation:finished-at property
 */
GDateTime *
eoc_operation_get_finished_at (EocOperation *self)
{
  g_return_val_if_fail (EOC_IS_OPERATION (self), NULL);

  return self->finished_at;
}

/**
 * eoc_operation_get_error:
 * @self: an operation
 *
 * Returns: (nullable) (transfer none): the #EocOperation:error property
 */
const char *
eoc_operation_get_error (EocOperation *self)
{
  g_return_val_if_fail (EOC_IS_OPERATION (self), NULL);

  return self->error;
}

/**
 * eoc_operation_get_backup_id:
 * @self: an operation
 *
 * Returns: (nullable) (transfer none): the #EocOperation:backup-id property
 */
const char *
eoc_operation_get_backup_id (EocOperation *self)
{
  g_return_val_if_fail (EOC_IS_OPERATION (self), NULL);

  return self->backup_id;
}

/**
 * eoc_operation_get_log:
 * @self: an operation
 *
 * Returns: (nullable) (transfer none): the #EocOperation:log property
 */
const char *
eoc_operation_get_log (EocOperation *self)
{
  g_return_val_if_fail (EOC_IS_OPERATION (self), NULL);

  return self->log;
}

/**
 * eoc_operation_is_finished:
 * @self: an operation
 *
 * Returns: %TRUE when it has succeeded or failed
 */
gboolean
eoc_operation_is_finished (EocOperation *self)
{
  g_return_val_if_fail (EOC_IS_OPERATION (self), FALSE);

  return self->state == EOC_OPERATION_STATE_SUCCEEDED || self->state == EOC_OPERATION_STATE_FAILED;
}

/**
 * eoc_operation_update_from:
 * @self: an operation
 * @other: a newer description of the same operation
 *
 * Copies every property of @other into @self, notifying only those that
 * change, so that whatever is bound to @self follows.
 */
void
eoc_operation_update_from (EocOperation *self,
                           EocOperation *other)
{
  GObject *object = (GObject *) self;

  g_return_if_fail (EOC_IS_OPERATION (self));
  g_return_if_fail (EOC_IS_OPERATION (other));

  if (self == other)
    return;

  g_object_freeze_notify (object);

  if (eoc_model_set_string (&self->id, other->id))
    g_object_notify_by_pspec (object, properties[PROP_ID]);

  if (eoc_model_set_string (&self->environment_id, other->environment_id))
    g_object_notify_by_pspec (object, properties[PROP_ENVIRONMENT_ID]);

  if (self->kind != other->kind)
    {
      self->kind = other->kind;
      g_object_notify_by_pspec (object, properties[PROP_KIND]);
    }

  if (self->state != other->state)
    {
      self->state = other->state;
      g_object_notify_by_pspec (object, properties[PROP_STATE]);
    }

  if (self->progress != other->progress)
    {
      self->progress = other->progress;
      g_object_notify_by_pspec (object, properties[PROP_PROGRESS]);
    }

  if (eoc_model_set_string (&self->message, other->message))
    g_object_notify_by_pspec (object, properties[PROP_MESSAGE]);

  if (eoc_model_set_string (&self->user, other->user))
    g_object_notify_by_pspec (object, properties[PROP_USER]);

  if (eoc_model_set_date_time (&self->created_at, other->created_at))
    g_object_notify_by_pspec (object, properties[PROP_CREATED_AT]);

  if (eoc_model_set_date_time (&self->started_at, other->started_at))
    g_object_notify_by_pspec (object, properties[PROP_STARTED_AT]);

  if (eoc_model_set_date_time (&self->finished_at, other->finished_at))
    g_object_notify_by_pspec (object, properties[PROP_FINISHED_AT]);

  if (eoc_model_set_string (&self->error, other->error))
    g_object_notify_by_pspec (object, properties[PROP_ERROR]);

  if (eoc_model_set_string (&self->backup_id, other->backup_id))
    g_object_notify_by_pspec (object, properties[PROP_BACKUP_ID]);

  if (eoc_model_set_string (&self->log, other->log))
    g_object_notify_by_pspec (object, properties[PROP_LOG]);

  g_object_thaw_notify (object);
}
