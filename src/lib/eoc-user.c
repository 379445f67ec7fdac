/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "eoc-user.h"
#include "eoc-models-private.h"

/**
 * EocUser:
 *
 * The signed-in user.
 */

G_DEFINE_FINAL_TYPE (EocUser, eoc_user, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_ROLE,
  PROP_CAN_OPERATE,
  PROP_IS_ADMIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
eoc_user_finalize (GObject *object)
{
  EocUser *self = (EocUser *) object;

  g_free (self->name);

  G_OBJECT_CLASS (eoc_user_parent_class)->finalize (object);
}

static void
eoc_user_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  EocUser *self = EOC_USER (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;

    case PROP_CAN_OPERATE:
      g_value_set_boolean (value, self->can_operate);
      break;

    case PROP_IS_ADMIN:
      g_value_set_boolean (value, self->is_admin);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_user_class_init (EocUserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = eoc_user_finalize;
  object_class->get_property = eoc_user_get_property;

  /**
   * EocUser:name:
   *
   * The user's name.
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocUser:role:
   *
   * The user's role.
   */
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL,
                       EOC_TYPE_USER_ROLE, EOC_USER_ROLE_VIEWER,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocUser:can-operate:
   *
   * Whether the user may make backups, restore, import, update, start and stop.
   */
  properties[PROP_CAN_OPERATE] =
    g_param_spec_boolean ("can-operate", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocUser:is-admin:
   *
   * Whether the user may create environments and manage users.
   */
  properties[PROP_IS_ADMIN] =
    g_param_spec_boolean ("is-admin", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
eoc_user_init (EocUser *self)
{
  self->role = EOC_USER_ROLE_VIEWER;
}

/**
 * eoc_user_get_name:
 * @self: a user
 *
 * Returns: (nullable) (transfer none): the #EocUser:name property
 */
const char *
eoc_user_get_name (EocUser *self)
{
  g_return_val_if_fail (EOC_IS_USER (self), NULL);

  return self->name;
}

/**
 * eoc_user_get_role:
 * @self: a user
 *
 * Returns: the #EocUser:role property
 */
EocUserRole
eoc_user_get_role (EocUser *self)
{
  g_return_val_if_fail (EOC_IS_USER (self), EOC_USER_ROLE_VIEWER);

  return self->role;
}

/**
 * eoc_user_get_can_operate:
 * @self: a user
 *
 * Returns: the #EocUser:can-operate property
 */
gboolean
eoc_user_get_can_operate (EocUser *self)
{
  g_return_val_if_fail (EOC_IS_USER (self), FALSE);

  return self->can_operate;
}

/**
 * eoc_user_get_is_admin:
 * @self: a user
 *
 * Returns: the #EocUser:is-admin property
 */
gboolean
eoc_user_get_is_admin (EocUser *self)
{
  g_return_val_if_fail (EOC_IS_USER (self), FALSE);

  return self->is_admin;
}

/**
 * eoc_user_update_from:
 * @self: a user
 * @other: a newer description of the same user
 *
 * Copies every property of @other into @self, notifying only those that
 * change, so that whatever is bound to @self follows.
 */
void
eoc_user_update_from (EocUser *self,
                      EocUser *other)
{
  GObject *object = (GObject *) self;

  g_return_if_fail (EOC_IS_USER (self));
  g_return_if_fail (EOC_IS_USER (other));

  if (self == other)
    return;

  g_object_freeze_notify (object);

  if (eoc_model_set_string (&self->name, other->name))
    g_object_notify_by_pspec (object, properties[PROP_NAME]);

  if (self->role != other->role)
    {
      self->role = other->role;
      g_object_notify_by_pspec (object, properties[PROP_ROLE]);
    }

  if (self->can_operate != other->can_operate)
    {
      self->can_operate = other->can_operate;
      g_object_notify_by_pspec (object, properties[PROP_CAN_OPERATE]);
    }

  if (self->is_admin != other->is_admin)
    {
      self->is_admin = other->is_admin;
      g_object_notify_by_pspec (object, properties[PROP_IS_ADMIN]);
    }

  g_object_thaw_notify (object);
}
