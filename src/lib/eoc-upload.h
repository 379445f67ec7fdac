/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-upload.h: a configuration file uploaded to the service, waiting to be
 * imported or discarded.
 */
#pragma once

#include <glib-object.h>

#include "eoc-enum-types.h"
#include "eoc-enums.h"

G_BEGIN_DECLS

#define EOC_TYPE_UPLOAD (eoc_upload_get_type ())
G_DECLARE_FINAL_TYPE (EocUpload, eoc_upload, EOC, UPLOAD, GObject)

const char *eoc_upload_get_id             (EocUpload *self);
const char *eoc_upload_get_environment_id (EocUpload *self);
const char *eoc_upload_get_filename       (EocUpload *self);
gint64      eoc_upload_get_size           (EocUpload *self);
const char *eoc_upload_get_sha256         (EocUpload *self);
const char *eoc_upload_get_version        (EocUpload *self);
GDateTime  *eoc_upload_get_created_at     (EocUpload *self);
GDateTime  *eoc_upload_get_expires_at     (EocUpload *self);
void        eoc_upload_update_from        (EocUpload *self,
                                           EocUpload *other);

G_END_DECLS
