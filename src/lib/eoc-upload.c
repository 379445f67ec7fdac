/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "eoc-upload.h"
#include "eoc-models-private.h"

/**
 * EocUpload:
 *
 * A configuration file the service has checked and keeps until it is imported,
 * discarded or expires.
 */

G_DEFINE_FINAL_TYPE (EocUpload, eoc_upload, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ENVIRONMENT_ID,
  PROP_FILENAME,
  PROP_SIZE,
  PROP_SHA256,
  PROP_VERSION,
  PROP_CREATED_AT,
  PROP_EXPIRES_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
eoc_upload_finalize (GObject *object)
{
  EocUpload *self = (EocUpload *) object;

  g_free (self->id);
  g_free (self->environment_id);
  g_free (self->filename);
  g_free (self->sha256);
  g_free (self->version);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->expires_at, g_date_time_unref);

  G_OBJECT_CLASS (eoc_upload_parent_class)->finalize (object);
}

static void
eoc_upload_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  EocUpload *self = EOC_UPLOAD (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_ENVIRONMENT_ID:
      g_value_set_string (value, self->environment_id);
      break;

    case PROP_FILENAME:
      g_value_set_string (value, self->filename);
      break;

    case PROP_SIZE:
      g_value_set_int64 (value, self->size);
      break;

    case PROP_SHA256:
      g_value_set_string (value, self->sha256);
      break;

    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;

    case PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;

    case PROP_EXPIRES_AT:
      g_value_set_boxed (value, self->expires_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_upload_class_init (EocUploadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = eoc_upload_finalize;
  object_class->get_property = eoc_upload_get_property;

  /**
   * EocUpload:id:
   *
   * The upload's identifier.
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocUpload:environment-id:
   *
   * The identifier of the environment it is for.
   */
  properties[PROP_ENVIRONMENT_ID] =
    g_param_spec_string ("environment-id", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocUpload:filename:
   *
   * The name of the file that was sent.
   */
  properties[PROP_FILENAME] =
    g_param_spec_string ("filename", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocUpload:size:
   *
   * Its size in bytes.
   */
  properties[PROP_SIZE] =
    g_param_spec_int64 ("size", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocUpload:sha256:
   *
   * Its SHA-256 (hexadecimal).
   */
  properties[PROP_SHA256] =
    g_param_spec_string ("sha256", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocUpload:version:
   *
   * The environment version the configuration is for.
   */
  properties[PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocUpload:created-at:
   *
   * When it was uploaded.
   */
  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocUpload:expires-at:
   *
   * When the service discards it if it is not imported.
   */
  properties[PROP_EXPIRES_AT] =
    g_param_spec_boxed ("expires-at", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
eoc_upload_init (EocUpload *self)
{
  self->size = -1;
}

/**
 * eoc_upload_get_id:
 * @self: an upload
 *
 * Returns: (nullable) (transfer none): the #EocUpload:id property
 */
const char *
eoc_upload_get_id (EocUpload *self)
{
  g_return_val_if_fail (EOC_IS_UPLOAD (self), NULL);

  return self->id;
}

/**
 * eoc_upload_get_environment_id:
 * @self: an upload
 *
 * Returns: (nullable) (transfer none): the #EocUpload:environment-id property
 */
const char *
eoc_upload_get_environment_id (EocUpload *self)
{
  g_return_val_if_fail (EOC_IS_UPLOAD (self), NULL);

  return self->environment_id;
}

/**
 * eoc_upload_get_filename:
 * @self: an upload
 *
 * Returns: (nullable) (transfer none): the #EocUpload:filename property
 */
const char *
eoc_upload_get_filename (EocUpload *self)
{
  g_return_val_if_fail (EOC_IS_UPLOAD (self), NULL);

  return self->filename;
}

/**
 * eoc_upload_get_size:
 * @self: an upload
 *
 * Returns: the #EocUpload:size property
 */
gint64
eoc_upload_get_size (EocUpload *self)
{
  g_return_val_if_fail (EOC_IS_UPLOAD (self), -1);

  return self->size;
}

/**
 * eoc_upload_get_sha256:
 * @self: an upload
 *
 * Returns: (nullable) (transfer none): the #EocUpload:sha256 property
 */
const char *
eoc_upload_get_sha256 (EocUpload *self)
{
  g_return_val_if_fail (EOC_IS_UPLOAD (self), NULL);

  return self->sha256;
}

/**
 * eoc_upload_get_version:
 * @self: an upload
 *
 * Returns: (nullable) (transfer none): the #EocUpload:version property
 */
const char *
eoc_upload_get_version (EocUpload *self)
{
  g_return_val_if_fail (EOC_IS_UPLOAD (self), NULL);

  return self->version;
}

/**
 * eoc_upload_get_created_at:
 * @self: an upload
 *
 * Returns: (nullable) (transfer none): the #EocUpload:created-at property
 */
GDateTime *
eoc_upload_get_created_at (EocUpload *self)
{
  g_return_val_if_fail (EOC_IS_UPLOAD (self), NULL);

  return self->created_at;
}

/**
 * eoc_upload_get_expires_at:
 * @self: an upload
 *
 * Returns: (nullable) (transfer none): the #EocUpload:expires-at property
 */
GDateTime *
eoc_upload_get_expires_at (EocUpload *self)
{
  g_return_val_if_fail (EOC_IS_UPLOAD (self), NULL);

  return self->expires_at;
}

/**
 * eoc_upload_update_from:
 * @self: an upload
 * @other: a newer description of the same upload
 *
 * Copies every property of @other into @self, notifying only those that
 * change, so that whatever is bound to @self follows.
 */
void
eoc_upload_update_from (EocUpload *self,
                        EocUpload *other)
{
  GObject *object = (GObject *) self;

  g_return_if_fail (EOC_IS_UPLOAD (self));
  g_return_if_fail (EOC_IS_UPLOAD (other));

  if (self == other)
    return;

  g_object_freeze_notify (object);

  if (eoc_model_set_string (&self->id, other->id))
    g_object_notify_by_pspec (object, properties[PROP_ID]);

  if (eoc_model_set_string (&self->environment_id, other->environment_id))
    g_object_notify_by_pspec (object, properties[PROP_ENVIRONMENT_ID]);

  if (eoc_model_set_string (&self->filename, other->filename))
    g_object_notify_by_pspec (object, properties[PROP_FILENAME]);

  if (self->size != other->size)
    {
      self->size = other->size;
      g_object_notify_by_pspec (object, properties[PROP_SIZE]);
    }

  if (eoc_model_set_string (&self->sha256, other->sha256))
    g_object_notify_by_pspec (object, properties[PROP_SHA256]);

  if (eoc_model_set_string (&self->version, other->version))
    g_object_notify_by_pspec (object, properties[PROP_VERSION]);

  if (eoc_model_set_date_time (&self->created_at, other->created_at))
    g_object_notify_by_pspec (object, properties[PROP_CREATED_AT]);

  if (eoc_model_set_date_time (&self->expires_at, other->expires_at))
    g_object_notify_by_pspec (object, properties[PROP_EXPIRES_AT]);

  g_object_thaw_notify (object);
}
