/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "eoc-connection.h"

struct _EocConnection
{
  GObject  parent_instance;

  char    *id;
  char    *name;
  char    *url;
};

G_DEFINE_FINAL_TYPE (EocConnection, eoc_connection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_URL,
  PROP_LOCAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
eoc_connection_finalize (GObject *object)
{
  EocConnection *self = (EocConnection *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->url, g_free);

  G_OBJECT_CLASS (eoc_connection_parent_class)->finalize (object);
}

static void
eoc_connection_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  EocConnection *self = EOC_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_URL:
      g_value_set_string (value, self->url);
      break;

    case PROP_LOCAL:
      g_value_set_boolean (value, eoc_connection_is_local (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_connection_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  EocConnection *self = EOC_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;

    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;

    case PROP_URL:
      self->url = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_connection_class_init (EocConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = eoc_connection_finalize;
  object_class->get_property = eoc_connection_get_property;
  object_class->set_property = eoc_connection_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCAL] =
    g_param_spec_boolean ("local", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
eoc_connection_init (EocConnection *self)
{
}

EocConnection *
eoc_connection_new (const char *id,
                    const char *name,
                    const char *url)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (EOC_TYPE_CONNECTION,
                       "id", id,
                       "name", name != NULL ? name : "",
                       "url", url != NULL ? url : "",
                       NULL);
}

EocConnection *
eoc_connection_new_local (void)
{
  return eoc_connection_new (EOC_CONNECTION_LOCAL_ID, _("This Computer"), "");
}

const char *
eoc_connection_get_id (EocConnection *self)
{
  g_return_val_if_fail (EOC_IS_CONNECTION (self), NULL);

  return self->id;
}

const char *
eoc_connection_get_name (EocConnection *self)
{
  g_return_val_if_fail (EOC_IS_CONNECTION (self), NULL);

  return self->name;
}

const char *
eoc_connection_get_url (EocConnection *self)
{
  g_return_val_if_fail (EOC_IS_CONNECTION (self), NULL);

  return self->url;
}

gboolean
eoc_connection_is_local (EocConnection *self)
{
  g_return_val_if_fail (EOC_IS_CONNECTION (self), FALSE);

  return g_strcmp0 (self->id, EOC_CONNECTION_LOCAL_ID) == 0;
}
