/* SPDX-License-Identifier: GPL-3.0-or-later */
/* eoc-demo.h: sample environments for a new data directory (--demo). */
#pragma once

#include "eoc-context.h"

G_BEGIN_DECLS

gboolean eoc_demo_populate (EocContext *ctx,
                            GError    **error);

G_END_DECLS
