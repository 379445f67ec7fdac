/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "eoc-schedule.h"
#include "eoc-models-private.h"

/**
 * EocSchedule:
 *
 * When an environment's backups are made and how long they are kept. Unlike
 * the other models it can be edited, then sent back with
 * eoc_client_set_schedule_async().
 */

G_DEFINE_FINAL_TYPE (EocSchedule, eoc_schedule, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENABLED,
  PROP_FREQUENCY,
  PROP_DAY_OF_WEEK,
  PROP_DAY_OF_MONTH,
  PROP_TIME,
  PROP_TIME_ZONE,
  PROP_RETENTION_DAYS,
  PROP_NEXT_RUN,
  PROP_LAST_RUN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
eoc_schedule_finalize (GObject *object)
{
  EocSchedule *self = (EocSchedule *) object;

  g_free (self->time);
  g_free (self->time_zone);
  g_clear_pointer (&self->next_run, g_date_time_unref);
  g_clear_pointer (&self->last_run, g_date_time_unref);

  G_OBJECT_CLASS (eoc_schedule_parent_class)->finalize (object);
}

static void
eoc_schedule_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  EocSchedule *self = EOC_SCHEDULE (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;

    case PROP_FREQUENCY:
      g_value_set_enum (value, self->frequency);
      break;

    case PROP_DAY_OF_WEEK:
      g_value_set_uint (value, self->day_of_week);
      break;

    case PROP_DAY_OF_MONTH:
      g_value_set_uint (value, self->day_of_month);
      break;

    case PROP_TIME:
      g_value_set_string (value, self->time);
      break;

    case PROP_TIME_ZONE:
      g_value_set_string (value, self->time_zone);
      break;

    case PROP_RETENTION_DAYS:
      g_value_set_uint (value, self->retention_days);
      break;

    case PROP_NEXT_RUN:
      g_value_set_boxed (value, self->next_run);
      break;

    case PROP_LAST_RUN:
      g_value_set_boxed (value, self->last_run);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_schedule_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  EocSchedule *self = EOC_SCHEDULE (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      eoc_schedule_set_enabled (self, g_value_get_boolean (value));
      break;

    case PROP_FREQUENCY:
      eoc_schedule_set_frequency (self, g_value_get_enum (value));
      break;

    case PROP_DAY_OF_WEEK:
      eoc_schedule_set_day_of_week (self, g_value_get_uint (value));
      break;

    case PROP_DAY_OF_MONTH:
      eoc_schedule_set_day_of_month (self, g_value_get_uint (value));
      break;

    case PROP_TIME:
      eoc_schedule_set_time (self, g_value_get_string (value));
      break;

    case PROP_TIME_ZONE:
      eoc_schedule_set_time_zone (self, g_value_get_string (value));
      break;

    case PROP_RETENTION_DAYS:
      eoc_schedule_set_retention_days (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_schedule_class_init (EocScheduleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = eoc_schedule_finalize;
  object_class->get_property = eoc_schedule_get_property;
  object_class->set_property = eoc_schedule_set_property;

  /**
   * EocSchedule:enabled:
   *
   * Whether scheduled backups run.
   */
  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocSchedule:frequency:
   *
   * How often they run.
   */
  properties[PROP_FREQUENCY] =
    g_param_spec_enum ("frequency", NULL, NULL,
                       EOC_TYPE_SCHEDULE_FREQUENCY, EOC_SCHEDULE_FREQUENCY_DAILY,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocSchedule:day-of-week:
   *
   * The day of weekly backups, 1 (Monday) to 7.
   */
  properties[PROP_DAY_OF_WEEK] =
    g_param_spec_uint ("day-of-week", NULL, NULL,
                       1, 7, 1,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocSchedule:day-of-month:
   *
   * The day of monthly backups, 1 to 28.
   */
  properties[PROP_DAY_OF_MONTH] =
    g_param_spec_uint ("day-of-month", NULL, NULL,
                       1, 28, 1,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocSchedule:time:
   *
   * The time of day they run, "HH:MM".
   */
  properties[PROP_TIME] =
    g_param_spec_string ("time", NULL, NULL,
                         "02:00",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocSchedule:time-zone:
   *
   * The time zone of #EocSchedule:time, an IANA name such as "Europe/Paris".
   */
  properties[PROP_TIME_ZONE] =
    g_param_spec_string ("time-zone", NULL, NULL,
                         "UTC",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocSchedule:retention-days:
   *
   * How many days scheduled backups are kept (10, 20, 30 or 60).
   */
  properties[PROP_RETENTION_DAYS] =
    g_param_spec_uint ("retention-days", NULL, NULL,
                       1, G_MAXINT, 30,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocSchedule:next-run:
   *
   * When the next one runs, or %NULL.
   */
  properties[PROP_NEXT_RUN] =
    g_param_spec_boxed ("next-run", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocSchedule:last-run:
   *
   * When the last one ran, or %NULL.
   */
  properties[PROP_LAST_RUN] =
    g_param_spec_boxed ("last-run", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
eoc_schedule_init (EocSchedule *self)
{
  self->frequency = EOC_SCHEDULE_FREQUENCY_DAILY;
  self->day_of_week = 1;
  self->day_of_month = 1;
  self->time = g_strdup ("02:00");
  self->time_zone = g_strdup ("UTC");
  self->retention_days = 30;
}

/**
 * eoc_schedule_new:
 *
 * Returns: (transfer full): a new schedule with the service's defaults
 */
EocSchedule *
eoc_schedule_new (void)
{
  return g_object_new (EOC_TYPE_SCHEDULE, NULL);
}

/**
 * eoc_schedule_copy:
 * @self: a schedule
 *
 * Returns: (transfer full): a new schedule with the same values, to edit
 */
EocSchedule *
eoc_schedule_copy (EocSchedule *self)
{
  EocSchedule *copy;

  g_return_val_if_fail (EOC_IS_SCHEDULE (self), NULL);

  copy = eoc_schedule_new ();
  eoc_schedule_update_from (copy, self);
  return copy;
}

/**
 * eoc_schedule_get_enabled:
 * @self: a schedule
 *
 * Returns: the #EocSchedule:enabled property
 */
gboolean
eoc_schedule_get_enabled (EocSchedule *self)
{
  g_return_val_if_fail (EOC_IS_SCHEDULE (self), FALSE);

  return self->enabled;
}

/**
 * eoc_schedule_get_frequency:
 * @self: a schedule
 *
 * Returns: the #EocSchedule:frequency property
 */
EocScheduleFrequency
eoc_schedule_get_frequency (EocSchedule *self)
{
  g_return_val_if_fail (EOC_IS_SCHEDULE (self), EOC_SCHEDULE_FREQUENCY_DAILY);

  return self->frequency;
}

/**
 * eoc_schedule_get_day_of_week:
 * @self: a schedule
 *
 * Returns: the #EocSchedule:day-of-week property
 */
guint
eoc_schedule_get_day_of_week (EocSchedule *self)
{
  g_return_val_if_fail (EOC_IS_SCHEDULE (self), 0);

  return self->day_of_week;
}

/**
 * eoc_schedule_get_day_of_month:
 * @self: a schedule
 *
 * Returns: the #EocSchedule:day-of-month property
 */
guint
eoc_schedule_get_day_of_month (EocSchedule *self)
{
  g_return_val_if_fail (EOC_IS_SCHEDULE (self), 0);

  return self->day_of_month;
}

/**
 * eoc_schedule_get_time:
 * @self: a schedule
 *
 * Returns: (nullable) (transfer none): the #EocSchedule:time property
 */
const char *
eoc_schedule_get_time (EocSchedule *self)
{
  g_return_val_if_fail (EOC_IS_SCHEDULE (self), NULL);

  return self->time;
}

/**
 * eoc_schedule_get_time_zone:
 * @self: a schedule
 *
 * Returns: (nullable) (transfer none): the #EocSchedule:time-zone property
 */
const char *
eoc_schedule_get_time_zone (EocSchedule *self)
{
  g_return_val_if_fail (EOC_IS_SCHEDULE (self), NULL);

  return self->time_zone;
}

/**
 * eoc_schedule_get_retention_days:
 * @self: a schedule
 *
 * Returns: the #EocSchedule:retention-days property
 */
guint
eoc_schedule_get_retention_days (EocSchedule *self)
{
  g_return_val_if_fail (EOC_IS_SCHEDULE (self), 0);

  return self->retention_days;
}

/**
 * eoc_schedule_get_next_run:
 * @self: a schedule
 *
 * Returns: (nullable) (transfer none): the #EocSchedule:next-run property
 */
GDateTime *
eoc_schedule_get_next_run (EocSchedule *self)
{
  g_return_val_if_fail (EOC_IS_SCHEDULE (self), NULL);

  return self->next_run;
}

/**
 * eoc_schedule_get_last_run:
 * @self: a schedule
 *
 * Returns: (nullable) (transfer none): the #EocSchedule:last-run property
 */
GDateTime *
eoc_schedule_get_last_run (EocSchedule *self)
{
  g_return_val_if_fail (EOC_IS_SCHEDULE (self), NULL);

  return self->last_run;
}

/**
 * eoc_schedule_set_enabled:
 * @self: a schedule
 * @enabled: the new value
 *
 * Sets the #EocSchedule:enabled property.
 */
void
eoc_schedule_set_enabled (EocSchedule *self,
                          gboolean     enabled)
{
  g_return_if_fail (EOC_IS_SCHEDULE (self));

  enabled = !!enabled;
  if (self->enabled != enabled)
    {
      self->enabled = enabled;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
    }
}

/**
 * eoc_schedule_set_frequency:
 * @self: a schedule
 * @frequency: the new value
 *
 * Sets the #EocSchedule:frequency property.
 */
void
eoc_schedule_set_frequency (EocSchedule          *self,
                            EocScheduleFrequency  frequency)
{
  g_return_if_fail (EOC_IS_SCHEDULE (self));

  if (self->frequency != frequency)
    {
      self->frequency = frequency;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FREQUENCY]);
    }
}

/**
 * eoc_schedule_set_day_of_week:
 * @self: a schedule
 * @day_of_week: the new value
 *
 * Sets the #EocSchedule:day-of-week property.
 */
void
eoc_schedule_set_day_of_week (EocSchedule *self,
                              guint        day_of_week)
{
  g_return_if_fail (EOC_IS_SCHEDULE (self));
  g_return_if_fail (day_of_week >= 1 && day_of_week <= 7);

  if (self->day_of_week != day_of_week)
    {
      self->day_of_week = day_of_week;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DAY_OF_WEEK]);
    }
}

/**
 * eoc_schedule_set_day_of_month:
 * @self: a schedule
 * @day_of_month: the new value
 *
 * Sets the #EocSchedule:day-of-month property.
 */
void
eoc_schedule_set_day_of_month (EocSchedule *self,
                               guint        day_of_month)
{
  g_return_if_fail (EOC_IS_SCHEDULE (self));
  g_return_if_fail (day_of_month >= 1 && day_of_month <= 28);

  if (self->day_of_month != day_of_month)
    {
      self->day_of_month = day_of_month;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DAY_OF_MONTH]);
    }
}

/**
 * eoc_schedule_set_time:
 * @self: a schedule
 * @time: the new value
 *
 * Sets the #EocSchedule:time property.
 */
void
eoc_schedule_set_time (EocSchedule *self,
                       const char  *time)
{
  g_return_if_fail (EOC_IS_SCHEDULE (self));

  if (eoc_model_set_string (&self->time, time))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME]);
}

/**
 * eoc_schedule_set_time_zone:
 * @self: a schedule
 * @time_zone: the new value
 *
 * Sets the #EocSchedule:time-zone property.
 */
void
eoc_schedule_set_time_zone (EocSchedule *self,
                            const char  *time_zone)
{
  g_return_if_fail (EOC_IS_SCHEDULE (self));

  if (eoc_model_set_string (&self->time_zone, time_zone))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_ZONE]);
}

/**
 * eoc_schedule_set_retention_days:
 * @self: a schedule
 * @retention_days: the new value
 *
 * Sets the #EocSchedule:retention-days property.
 */
void
eoc_schedule_set_retention_days (EocSchedule *self,
                                 guint        retention_days)
{
  g_return_if_fail (EOC_IS_SCHEDULE (self));
  g_return_if_fail (retention_days >= 1 && retention_days <= G_MAXINT);

  if (self->retention_days != retention_days)
    {
      self->retention_days = retention_days;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETENTION_DAYS]);
    }
}

/**
 * eoc_schedule_update_from:
 * @self: a schedule
 * @other: a newer description of the same schedule
 *
 * Copies every property of @other into @self, notifying only those that
 * change, so that whatever is bound to @self follows.
 */
void
eoc_schedule_update_from (EocSchedule *self,
                          EocSchedule *other)
{
  GObject *object = (GObject *) self;

  g_return_if_fail (EOC_IS_SCHEDULE (self));
  g_return_if_fail (EOC_IS_SCHEDULE (other));

  if (self == other)
    return;

  g_object_freeze_notify (object);

  if (self->enabled != other->enabled)
    {
      self->enabled = other->enabled;
      g_object_notify_by_pspec (object, properties[PROP_ENABLED]);
    }

  if (self->frequency != other->frequency)
    {
      self->frequency = other->frequency;
      g_object_notify_by_pspec (object, properties[PROP_FREQUENCY]);
    }

  if (self->day_of_week != other->day_of_week)
    {
      self->day_of_week = other->day_of_week;
      g_object_notify_by_pspec (object, properties[PROP_DAY_OF_WEEK]);
    }

  if (self->day_of_month != other->day_of_month)
    {
      self->day_of_month = other->day_of_month;
      g_object_notify_by_pspec (object, properties[PROP_DAY_OF_MONTH]);
    }

  if (eoc_model_set_string (&self->time, other->time))
    g_object_notify_by_pspec (object, properties[PROP_TIME]);

  if (eoc_model_set_string (&self->time_zone, other->time_zone))
    g_object_notify_by_pspec (object, properties[PROP_TIME_ZONE]);

  if (self->retention_days != other->retention_days)
    {
      self->retention_days = other->retention_days;
      g_object_notify_by_pspec (object, properties[PROP_RETENTION_DAYS]);
    }

  if (eoc_model_set_date_time (&self->next_run, other->next_run))
    g_object_notify_by_pspec (object, properties[PROP_NEXT_RUN]);

  if (eoc_model_set_date_time (&self->last_run, other->last_run))
    g_object_notify_by_pspec (object, properties[PROP_LAST_RUN]);

  g_object_thaw_notify (object);
}

/**
 * eoc_schedule_parse_time:
 * @time: (nullable): a time of day as the service writes it
 * @hour: (out) (optional): the hour, 0 to 23
 * @minute: (out) (optional): the minute, 0 to 59
 *
 * Reads a time of day the way the service accepts it: "HH:MM", two digits
 * each, from "00:00" to "23:59".
 *
 * Returns: whether @time is such a time
 */
gboolean
eoc_schedule_parse_time (const char *time,
                         guint      *hour,
                         guint      *minute)
{
  guint h, m;

  if (time == NULL || strlen (time) != 5 || time[2] != ':' ||
      !g_ascii_isdigit (time[0]) || !g_ascii_isdigit (time[1]) ||
      !g_ascii_isdigit (time[3]) || !g_ascii_isdigit (time[4]))
    return FALSE;

  h = (guint) (time[0] - '0') * 10 + (guint) (time[1] - '0');
  m = (guint) (time[3] - '0') * 10 + (guint) (time[4] - '0');
  if (h > 23 || m > 59)
    return FALSE;

  if (hour != NULL)
    *hour = h;
  if (minute != NULL)
    *minute = m;
  return TRUE;
}

/* Next run: the service's rule, computed here to show it before saving. */

#define SECONDS_PER_DAY (24 * 60 * 60)

/* As far ahead as the service looks. */
#define MAX_DAYS_AHEAD 400

/* The UTC offset, in seconds, of @zone at the Unix time @t. */
static gint64
zone_offset_at (GTimeZone *zone,
                gint64     t)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) there = NULL;

  if (utc == NULL)
    return 0;
  there = g_date_time_to_timezone (utc, zone);
  return there != NULL ? g_date_time_get_utc_offset (there) / G_TIME_SPAN_SECOND : 0;
}

/*
 * The Unix time at which the clocks of @zone read @wall (a local date and time
 * counted as if it were UTC). A time read twice (clocks going back) is taken
 * the first time; a time never read (clocks going forward) becomes the moment
 * the clocks jump, the first one after it.
 */
static gint64
zone_instant_of (GTimeZone *zone,
                 gint64     wall)
{
  gint64 offset_before = zone_offset_at (zone, wall - SECONDS_PER_DAY);
  gint64 offset_after = zone_offset_at (zone, wall + SECONDS_PER_DAY);
  gint64 larger = MAX (offset_before, offset_after);
  gint64 smaller = MIN (offset_before, offset_after);
  gint64 low, high;

  /* The larger offset is the earlier instant. */
  if (zone_offset_at (zone, wall - larger) == larger)
    return wall - larger;
  if (smaller != larger && zone_offset_at (zone, wall - smaller) == smaller)
    return wall - smaller;

  /* In the gap: the first instant whose local time is @wall or later. */
  low = wall - larger;
  high = wall - smaller;
  while (low < high)
    {
      gint64 middle = low + (high - low) / 2;

      if (middle + zone_offset_at (zone, middle) >= wall)
        high = middle;
      else
        low = middle + 1;
    }

  return low;
}

static guint
hours_between_runs (EocScheduleFrequency frequency)
{
  switch (frequency)
    {
    case EOC_SCHEDULE_FREQUENCY_EVERY_2_HOURS:
      return 2;
    case EOC_SCHEDULE_FREQUENCY_EVERY_4_HOURS:
      return 4;
    case EOC_SCHEDULE_FREQUENCY_EVERY_8_HOURS:
      return 8;
    case EOC_SCHEDULE_FREQUENCY_EVERY_12_HOURS:
      return 12;
    case EOC_SCHEDULE_FREQUENCY_DAILY:
    case EOC_SCHEDULE_FREQUENCY_WEEKLY:
    case EOC_SCHEDULE_FREQUENCY_MONTHLY:
    default:
      return 0;
    }
}

/* The first run after @after on the local date @day (midnight UTC standing
 * for that date in @zone), if the schedule has one that day. */
static gboolean
first_run_on_day (EocSchedule *self,
                  GTimeZone   *zone,
                  GDateTime   *day,
                  guint        anchor,
                  gint64       after,
                  gint64      *run)
{
  guint every = hours_between_runs (self->frequency) * 60;
  gint64 midnight = g_date_time_to_unix (day);

  if (self->frequency == EOC_SCHEDULE_FREQUENCY_WEEKLY &&
      (guint) g_date_time_get_day_of_week (day) != self->day_of_week)
    return FALSE;
  if (self->frequency == EOC_SCHEDULE_FREQUENCY_MONTHLY &&
      (guint) g_date_time_get_day_of_month (day) != self->day_of_month)
    return FALSE;

  /* Every N hours: the times of day a whole number of N hours from the
   * anchor. Otherwise the anchor alone. */
  for (guint minutes = every > 0 ? anchor % every : anchor;
       minutes < 24 * 60;
       minutes += every > 0 ? every : 24 * 60)
    {
      gint64 t = zone_instant_of (zone, midnight + (gint64) minutes * 60);

      if (t > after)
        {
          *run = t;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * eoc_schedule_compute_next_run:
 * @self: a schedule
 * @now: (nullable): the time to count from, or %NULL for now
 *
 * Computes when the schedule runs next, strictly after @now, by the rule the
 * service follows: on the wall clock of #EocSchedule:time-zone, a time that
 * does not exist that day (clocks going forward) runs when the clocks jump,
 * a time that happens twice (clocks going back) runs the first time; every N
 * hours means at #EocSchedule:time and every N hours from it, each day.
 *
 * This is what the service will answer as #EocSchedule:next-run once the
 * schedule is saved, so it can be shown before saving.
 *
 * Returns: (transfer full) (nullable): the next run in UTC, or %NULL when the
 *   schedule is disabled, or its time or time zone is not valid
 */
GDateTime *
eoc_schedule_compute_next_run (EocSchedule *self,
                               GDateTime   *now)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) now_there = NULL;
  g_autoptr(GDateTime) first_day = NULL;
  guint hour, minute;
  gint64 after;
  int year, month, day;

  g_return_val_if_fail (EOC_IS_SCHEDULE (self), NULL);

  if (!self->enabled || !eoc_schedule_parse_time (self->time, &hour, &minute) ||
      self->time_zone == NULL || *self->time_zone == '\0')
    return NULL;

  zone = g_time_zone_new_identifier (self->time_zone);
  if (zone == NULL)
    return NULL;

  after = now != NULL ? g_date_time_to_unix (now) : g_get_real_time () / G_USEC_PER_SEC;
  {
    g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (after);

    if (utc == NULL)
      return NULL;
    now_there = g_date_time_to_timezone (utc, zone);
  }
  g_date_time_get_ymd (now_there, &year, &month, &day);

  /* Local dates as midnights in UTC: days counted without clock changes. A
   * run of an earlier local day cannot come after @now. */
  first_day = g_date_time_new_utc (year, month, day, 0, 0, 0);

  for (guint i = 0; i <= MAX_DAYS_AHEAD; i++)
    {
      g_autoptr(GDateTime) candidate = g_date_time_add_days (first_day, (int) i);
      gint64 run;

      if (candidate == NULL)
        break;

      if (first_run_on_day (self, zone, candidate, hour * 60 + minute, after, &run))
        return g_date_time_new_from_unix_utc (run);
    }

  return NULL;
}
