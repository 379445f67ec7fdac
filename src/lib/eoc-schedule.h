/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-schedule.h: an environment's backup schedule.
 */
#pragma once

#include <glib-object.h>

#include "eoc-enum-types.h"
#include "eoc-enums.h"

G_BEGIN_DECLS

#define EOC_TYPE_SCHEDULE (eoc_schedule_get_type ())
G_DECLARE_FINAL_TYPE (EocSchedule, eoc_schedule, EOC, SCHEDULE, GObject)

EocSchedule          *eoc_schedule_new                (void);
EocSchedule          *eoc_schedule_copy               (EocSchedule *self);
gboolean              eoc_schedule_get_enabled        (EocSchedule *self);
EocScheduleFrequency  eoc_schedule_get_frequency      (EocSchedule *self);
guint                 eoc_schedule_get_day_of_week    (EocSchedule *self);
guint                 eoc_schedule_get_day_of_month   (EocSchedule *self);
const char           *eoc_schedule_get_time           (EocSchedule *self);
const char           *eoc_schedule_get_time_zone      (EocSchedule *self);
guint                 eoc_schedule_get_retention_days (EocSchedule *self);
GDateTime            *eoc_schedule_get_next_run       (EocSchedule *self);
GDateTime            *eoc_schedule_get_last_run       (EocSchedule *self);
void                  eoc_schedule_set_enabled        (EocSchedule *self,
                                                       gboolean     enabled);
void                  eoc_schedule_set_frequency      (EocSchedule          *self,
                                                       EocScheduleFrequency  frequency);
void                  eoc_schedule_set_day_of_week    (EocSchedule *self,
                                                       guint        day_of_week);
void                  eoc_schedule_set_day_of_month   (EocSchedule *self,
                                                       guint        day_of_month);
void                  eoc_schedule_set_time           (EocSchedule *self,
                                                       const char  *time);
void                  eoc_schedule_set_time_zone      (EocSchedule *self,
                                                       const char  *time_zone);
void                  eoc_schedule_set_retention_days (EocSchedule *self,
                                                       guint        retention_days);
void                  eoc_schedule_update_from        (EocSchedule *self,
                                                       EocSchedule *other);
gboolean              eoc_schedule_parse_time         (const char  *time,
                                                       guint       *hour,
                                                       guint       *minute);
GDateTime            *eoc_schedule_compute_next_run   (EocSchedule *self,
                                                       GDateTime   *now);

G_END_DECLS
