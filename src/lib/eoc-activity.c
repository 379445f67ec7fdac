/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "eoc-activity.h"
#include "eoc-models-private.h"

/**
 * EocActivity:
 *
 * Something that happened to an environment: who did what, when, and how it went.
 */

G_DEFINE_FINAL_TYPE (EocActivity, eoc_activity, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ENVIRONMENT_ID,
  PROP_TIME,
  PROP_USER,
  PROP_ACTION,
  PROP_SUMMARY,
  PROP_OUTCOME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
eoc_activity_finalize (GObject *object)
{
  EocActivity *self = (EocActivity *) object;

  g_free (self->id);
  g_free (self->environment_id);
  g_clear_pointer (&self->time, g_date_time_unref);
  g_free (self->user);
  g_free (self->action);
  g_free (self->summary);

  G_OBJECT_CLASS (eoc_activity_parent_class)->finalize (object);
}

static void
eoc_activity_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  EocActivity *self = EOC_ACTIVITY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_ENVIRONMENT_ID:
      g_value_set_string (value, self->environment_id);
      break;

    case PROP_TIME:
      g_value_set_boxed (value, self->time);
      break;

    case PROP_USER:
      g_value_set_string (value, self->user);
      break;

    case PROP_ACTION:
      g_value_set_string (value, self->action);
      break;

    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;

    case PROP_OUTCOME:
      g_value_set_enum (value, self->outcome);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_activity_class_init (EocActivityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = eoc_activity_finalize;
  object_class->get_property = eoc_activity_get_property;

  /**
   * EocActivity:id:
   *
   * The entry's identifier.
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocActivity:environment-id:
   *
   * The identifier of its environment.
   */
  properties[PROP_ENVIRONMENT_ID] =
    g_param_spec_string ("environment-id", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocActivity:time:
   *
   * When it happened.
   */
  properties[PROP_TIME] =
    g_param_spec_boxed ("time", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocActivity:user:
   *
   * Who did it.
   */
  properties[PROP_USER] =
    g_param_spec_string ("user", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocActivity:action:
   *
   * What was done, such as "backup_created" (see the API).
   */
  properties[PROP_ACTION] =
    g_param_spec_string ("action", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocActivity:summary:
   *
   * A sentence saying what happened.
   */
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocActivity:outcome:
   *
   * Whether it worked.
   */
  properties[PROP_OUTCOME] =
    g_param_spec_enum ("outcome", NULL, NULL,
                       EOC_TYPE_ACTIVITY_OUTCOME, EOC_ACTIVITY_OUTCOME_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
eoc_activity_init (EocActivity *self)
{
  self->outcome = EOC_ACTIVITY_OUTCOME_UNKNOWN;
}

/**
 * eoc_activity_get_id:
 * @self: an activity entry
 *
 * Returns: (nullable) (transfer none): the #EocActivity:id property
 */
const char *
eoc_activity_get_id (EocActivity *self)
{
  g_return_val_if_fail (EOC_IS_ACTIVITY (self), NULL);

  return self->id;
}

/**
 * eoc_activity_get_environment_id:
 * @self: an activity entry
 *
 * Returns: (nullable) (transfer none): the #EocActivity:environment-id property
 */
const char *
eoc_activity_get_environment_id (EocActivity *self)
{
  g_return_val_if_fail (EOC_IS_ACTIVITY (self), NULL);

  return self->environment_id;
}

/**
 * eoc_activity_get_time:
 * @self: an activity entry
 *
 * Returns: (nullable) (transfer none): the #EocActivity:time property
 */
GDateTime *
eoc_activity_get_time (EocActivity *self)
{
  g_return_val_if_fail (EOC_IS_ACTIVITY (self), NULL);

  return self->time;
}

/**
 * eoc_activity_get_user:
 * @self: an activity entry
 *
 * Returns: (nullable) (transfer none): the #EocActivity:user property
 */
const char *
eoc_activity_get_user (EocActivity *self)
{
  g_return_val_if_fail (EOC_IS_ACTIVITY (self), NULL);

  return self->user;
}

/**
 * eoc_activity_get_action:
 * @self: an activity entry
 *
 * Returns: (nullable) (transfer none): the #EocActivity:action property
 */
const char *
eoc_activity_get_action (EocActivity *self)
{
  g_return_val_if_fail (EOC_IS_ACTIVITY (self), NULL);

  return self->action;
}

/**
 * eoc_activity_get_summary:
 * @self: an activity entry
 *
 * Returns: (nullable) (transfer none): the #EocActivity:summary property
 */
const char *
eoc_activity_get_summary (EocActivity *self)
{
  g_return_val_if_fail (EOC_IS_ACTIVITY (self), NULL);

  return self->summary;
}

/**
 * eoc_activity_get_outcome:
 * @self: an activity entry
 *
 * Returns: the #EocActivity:outcome property
 */
EocActivityOutcome
eoc_activity_get_outcome (EocActivity *self)
{
  g_return_val_if_fail (EOC_IS_ACTIVITY (self), EOC_ACTIVITY_OUTCOME_UNKNOWN);

  return self->outcome;
}

/**
 * eoc_activity_update_from:
 * @self: an activity entry
 * @other: a newer description of the same activity
 *
 * Copies every property of @other into @self, notifying only those that
 * change, so that whatever is bound to @self follows.
 */
void
eoc_activity_update_from (EocActivity *self,
                          EocActivity *other)
{
  GObject *object = (GObject *) self;

  g_return_if_fail (EOC_IS_ACTIVITY (self));
  g_return_if_fail (EOC_IS_ACTIVITY (other));

  if (self == other)
    return;

  g_object_freeze_notify (object);

  if (eoc_model_set_string (&self->id, other->id))
    g_object_notify_by_pspec (object, properties[PROP_ID]);

  if (eoc_model_set_string (&self->environment_id, other->environment_id))
    g_object_notify_by_pspec (object, properties[PROP_ENVIRONMENT_ID]);

  if (eoc_model_set_date_time (&self->time, other->time))
    g_object_notify_by_pspec (object, properties[PROP_TIME]);

  if (eoc_model_set_string (&self->user, other->user))
    g_object_notify_by_pspec (object, properties[PROP_USER]);

  if (eoc_model_set_string (&self->action, other->action))
    g_object_notify_by_pspec (object, properties[PROP_ACTION]);

  if (eoc_model_set_string (&self->summary, other->summary))
    g_object_notify_by_pspec (object, properties[PROP_SUMMARY]);

  if (self->outcome != other->outcome)
    {
      self->outcome = other->outcome;
      g_object_notify_by_pspec (object, properties[PROP_OUTCOME]);
    }

  g_object_thaw_notify (object);
}
