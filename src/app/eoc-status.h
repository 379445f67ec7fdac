/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-status.h: how an environment's status, type and operation read in the
 * interface: the seeds' words ("Operational", "Update Failed") and the style
 * class of the status badge.
 */
#pragma once

#include <glib.h>

#include "eoc-environment.h"

G_BEGIN_DECLS

const char *eoc_status_to_label         (EocEnvironmentStatus  status);
const char *eoc_status_to_css_class     (EocEnvironmentStatus  status);
/* TRUE while the environment is changing (updating, starting, stopping). */
gboolean    eoc_status_is_busy          (EocEnvironmentStatus  status);
const char *eoc_environment_type_to_label (EocEnvironmentType  type);
/* The operation's own message when it has one, else a sentence for its kind. */
const char *eoc_operation_to_label      (EocOperation         *operation);
/* TRUE when @environment has an operation that has not finished. */
gboolean    eoc_environment_is_working  (EocEnvironment       *environment);

G_END_DECLS
