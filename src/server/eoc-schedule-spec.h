/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-schedule-spec.h: a scheduled-backup specification, validated from the API's
 * JSON and turned into the time of its next run.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define EOC_SCHEDULE_ERROR (eoc_schedule_error_quark ())

typedef enum {
  EOC_SCHEDULE_ERROR_INVALID,   /* message names the field and what is allowed */
} EocScheduleError;

GQuark eoc_schedule_error_quark (void);

typedef enum {
  EOC_FREQUENCY_EVERY_2_HOURS,
  EOC_FREQUENCY_EVERY_4_HOURS,
  EOC_FREQUENCY_EVERY_8_HOURS,
  EOC_FREQUENCY_EVERY_12_HOURS,
  EOC_FREQUENCY_DAILY,
  EOC_FREQUENCY_WEEKLY,
  EOC_FREQUENCY_MONTHLY,
} EocFrequency;

typedef struct {
  gboolean     enabled;         /* default FALSE */
  EocFrequency frequency;       /* default daily */
  int          day_of_week;     /* 1 (Monday) .. 7, weekly; default 1 */
  int          day_of_month;    /* 1 .. 28, monthly; default 1 */
  int          hour;            /* 0 .. 23; default 2 */
  int          minute;          /* 0 .. 59; default 0 */
  char        *time_zone;       /* IANA identifier, default "UTC" */
  int          retention_days;  /* 10, 20, 30 or 60; default 30 */
} EocScheduleSpec;

EocScheduleSpec *eoc_schedule_spec_new  (void);              /* the defaults */
EocScheduleSpec *eoc_schedule_spec_copy (const EocScheduleSpec *self);
void             eoc_schedule_spec_free (EocScheduleSpec *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EocScheduleSpec, eoc_schedule_spec_free)

/*
 * Validates @object (the API's Schedule fields; "next_run" and "last_run" are
 * ignored, unknown fields ignored, missing fields take the values of @base, or
 * the defaults when @base is NULL) and returns the spec.
 */
EocScheduleSpec *eoc_schedule_spec_from_json (JsonObject            *object,
                                              const EocScheduleSpec *base,
                                              GError               **error);

/* The API's Schedule object without next_run and last_run. */
JsonObject *eoc_schedule_spec_to_json (const EocScheduleSpec *self);

/*
 * The next run strictly after @after (Unix seconds, UTC), in the spec's time
 * zone (daylight-saving changes handled: a time that does not exist that day
 * runs at the first valid time after it), or -1 when disabled.
 * Every N hours: at the spec's time of day and every N hours from it.
 */
gint64 eoc_schedule_spec_next_run (const EocScheduleSpec *self,
                                   gint64                 after);

const char *eoc_frequency_to_string   (EocFrequency frequency);
gboolean    eoc_frequency_from_string (const char   *string,
                                       EocFrequency *frequency);

G_END_DECLS
