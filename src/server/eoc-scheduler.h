/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-scheduler.h: scheduled backups (and the clean-up that runs beside
 * them: retention, expired uploads). Called from worker threads.
 */
#pragma once

#include "eoc-context.h"

G_BEGIN_DECLS

/* The API's Schedule object for an environment (the defaults, disabled, when none was set). */
JsonObject *eoc_scheduler_get  (EocContext *ctx,
                                const char *environment_id,
                                GError    **error);
/* Validates and stores @changes over the current schedule; records the change in the activity log. */
JsonObject *eoc_scheduler_set  (EocContext *ctx,
                                const char *environment_id,
                                JsonObject *changes,
                                const char *user,
                                GError    **error);
/* Runs what is due at @now (a missed run after downtime runs once), prunes
 * scheduled backups past retention and removes expired uploads. */
void        eoc_scheduler_tick (EocContext *ctx,
                                gint64      now);

G_END_DECLS
