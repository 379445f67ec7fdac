/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-format.h: times, schedules and activity in words, for the interface.
 */
#pragma once

#include <glib.h>

#include "eoc-schedule.h"

G_BEGIN_DECLS

/* "Just now", "5 minutes ago", "Yesterday", "3 November 2026"; @now NULL means now. */
char       *eoc_format_relative_time (GDateTime   *time,
                                      GDateTime   *now);
/* The full local date and time, for tooltips and details. */
char       *eoc_format_exact_time    (GDateTime   *time);
/* A shorter local date and time: "22 Nov 2026, 10:04". */
char       *eoc_format_time          (GDateTime   *time);
/* A time to come, local: "Today at 14:00", "Tomorrow at 02:00", "Friday at 02:00" (within a
 * week), "15 December 2026 at 02:00"; @now NULL means now. */
char       *eoc_format_future_time   (GDateTime   *time,
                                      GDateTime   *now);
/* "Every day at 02:00 (UTC)"; NULL when @schedule is NULL or not enabled. */
char       *eoc_format_schedule      (EocSchedule *schedule);
/* "Backup created" for "backup_created"; unknown actions in a readable form. */
char       *eoc_format_action        (const char  *action);

G_END_DECLS
