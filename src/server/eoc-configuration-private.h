/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-configuration-private.h: the parts of the configuration reader that the
 * fuzz targets call directly. Not for the rest of the service.
 */
#pragma once

#include "eoc-configuration.h"

G_BEGIN_DECLS

/*
 * Validates manifest.json's bytes (@length of them, untrusted, nested at most
 * @max_depth levels) and fills @self's environment_version, taken_at,
 * environment_* and settings from them. Errors: EOC_CONFIGURATION_ERROR_INVALID.
 */
gboolean eoc_configuration_parse_manifest (EocConfiguration *self,
                                           const guint8     *data,
                                           gsize             length,
                                           guint             max_depth,
                                           GError          **error);

G_END_DECLS
