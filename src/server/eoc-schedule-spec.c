/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "eoc-schedule"

#include "config.h"

#include <math.h>
#include <string.h>

#include "eoc-schedule-spec.h"

G_DEFINE_QUARK (eoc-schedule-error-quark, eoc_schedule_error)

#define SECONDS_PER_DAY (24 * 60 * 60)

/* How far ahead next_run looks: a monthly schedule needs at most 32 days. */
#define MAX_DAYS_AHEAD 400

static const char *const frequency_names[] = {
  [EOC_FREQUENCY_EVERY_2_HOURS] = "every_2_hours",
  [EOC_FREQUENCY_EVERY_4_HOURS] = "every_4_hours",
  [EOC_FREQUENCY_EVERY_8_HOURS] = "every_8_hours",
  [EOC_FREQUENCY_EVERY_12_HOURS] = "every_12_hours",
  [EOC_FREQUENCY_DAILY] = "daily",
  [EOC_FREQUENCY_WEEKLY] = "weekly",
  [EOC_FREQUENCY_MONTHLY] = "monthly",
};

static const int allowed_retention_days[] = { 10, 20, 30, 60 };

/**
 * eoc_frequency_to_string:
 * @frequency: a frequency
 *
 * Returns: the API's name of @frequency ("daily"...), or %NULL when it is not one.
 */
const char *
eoc_frequency_to_string (EocFrequency frequency)
{
  if ((guint) frequency >= G_N_ELEMENTS (frequency_names))
    return NULL;
  return frequency_names[frequency];
}

/**
 * eoc_frequency_from_string:
 * @string: an API frequency name
 * @frequency: (out) (optional): where to store the frequency
 *
 * Returns: whether @string names a frequency
 */
gboolean
eoc_frequency_from_string (const char   *string,
                           EocFrequency *frequency)
{
  guint i;

  if (string == NULL)
    return FALSE;

  for (i = 0; i < G_N_ELEMENTS (frequency_names); i++)
    {
      if (strcmp (string, frequency_names[i]) == 0)
        {
          if (frequency != NULL)
            *frequency = (EocFrequency) i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * eoc_schedule_spec_new:
 *
 * Returns: (transfer full): a disabled daily schedule at 02:00 UTC, kept 30 days
 */
EocScheduleSpec *
eoc_schedule_spec_new (void)
{
  EocScheduleSpec *self = g_new0 (EocScheduleSpec, 1);

  self->enabled = FALSE;
  self->frequency = EOC_FREQUENCY_DAILY;
  self->day_of_week = 1;
  self->day_of_month = 1;
  self->hour = 2;
  self->minute = 0;
  self->time_zone = g_strdup ("UTC");
  self->retention_days = 30;

  return self;
}

/**
 * eoc_schedule_spec_copy:
 * @self: a spec
 *
 * Returns: (transfer full): a copy of @self
 */
EocScheduleSpec *
eoc_schedule_spec_copy (const EocScheduleSpec *self)
{
  EocScheduleSpec *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->time_zone = g_strdup (self->time_zone);

  return copy;
}

void
eoc_schedule_spec_free (EocScheduleSpec *self)
{
  if (self == NULL)
    return;

  g_free (self->time_zone);
  g_free (self);
}

/* Validation. */

static gboolean
get_int_member (JsonObject *object,
                const char *name,
                int         min,
                int         max,
                int        *value)
{
  JsonNode *node = json_object_get_member (object, name);
  gint64 number;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      number = json_node_get_int (node);
      break;

    case G_TYPE_DOUBLE:
      {
        double d = json_node_get_double (node);

        /* JSON has one number type: 7.0 is 7, 7.5 is no day. */
        if (!isfinite (d) || d != floor (d) || d < min || d > max)
          return FALSE;
        number = (gint64) d;
      }
      break;

    default:
      return FALSE;
    }

  if (number < min || number > max)
    return FALSE;

  *value = (int) number;
  return TRUE;
}

static const char *
get_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* "HH:MM", two digits each, 00:00 to 23:59. */
static gboolean
parse_time (const char *text,
            int        *hour,
            int        *minute)
{
  int h, m;

  if (text == NULL || strlen (text) != 5 || text[2] != ':' ||
      !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) ||
      !g_ascii_isdigit (text[3]) || !g_ascii_isdigit (text[4]))
    return FALSE;

  h = (text[0] - '0') * 10 + (text[1] - '0');
  m = (text[3] - '0') * 10 + (text[4] - '0');
  if (h > 23 || m > 59)
    return FALSE;

  *hour = h;
  *minute = m;
  return TRUE;
}

static const char *
time_zone_dir (void)
{
  const char *dir = g_getenv ("TZDIR");

  return dir != NULL && *dir != '\0' ? dir : "/usr/share/zoneinfo";
}

/*
 * An IANA identifier: "UTC" or a name like "America/Argentina/Buenos_Aires" that
 * has a zone file. GLib also accepts file paths, POSIX TZ rules ("ABC5") and
 * offsets ("+05:30"); none of those is a zone a user picks, and a path must not
 * reach the file system.
 */
static gboolean
is_known_time_zone (const char *identifier)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autofree char *path = NULL;
  const char *p;

  if (identifier == NULL || *identifier == '\0' || strlen (identifier) > 64)
    return FALSE;

  if (!g_ascii_isalpha (identifier[0]))
    return FALSE;

  for (p = identifier; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && strchr ("/_-+", *p) == NULL)
        return FALSE;
      if (*p == '/' && (p[1] == '/' || p[1] == '\0'))
        return FALSE;
    }

  if (strstr (identifier, "..") != NULL ||
      g_str_has_prefix (identifier, "posix/") || g_str_has_prefix (identifier, "right/"))
    return FALSE;

  tz = g_time_zone_new_identifier (identifier);
  if (tz == NULL)
    return FALSE;

  if (strcmp (identifier, "UTC") == 0)
    return TRUE;

  path = g_build_filename (time_zone_dir (), identifier, NULL);
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

static gboolean
is_allowed_retention (int days)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (allowed_retention_days); i++)
    {
      if (allowed_retention_days[i] == days)
        return TRUE;
    }

  return FALSE;
}

static EocScheduleSpec *
invalid (GError    **error,
         const char *message)
{
  g_set_error_literal (error, EOC_SCHEDULE_ERROR, EOC_SCHEDULE_ERROR_INVALID, message);
  return NULL;
}

/**
 * eoc_schedule_spec_from_json:
 * @object: the API's Schedule fields
 * @base: (nullable): the values of the fields @object leaves out, or %NULL for
 *   the defaults
 * @error: return location for an error in %EOC_SCHEDULE_ERROR
 *
 * Validates @object. "next_run", "last_run" and unknown members are ignored.
 *
 * Returns: (transfer full) (nullable): the spec, or %NULL with @error set to a
 *   message that names the field and what it may be
 */
EocScheduleSpec *
eoc_schedule_spec_from_json (JsonObject            *object,
                             const EocScheduleSpec *base,
                             GError               **error)
{
  g_autoptr(EocScheduleSpec) spec = NULL;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  spec = base != NULL ? eoc_schedule_spec_copy (base) : eoc_schedule_spec_new ();

  if (json_object_has_member (object, "enabled"))
    {
      JsonNode *node = json_object_get_member (object, "enabled");

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return invalid (error, "enabled must be true or false");
      spec->enabled = json_node_get_boolean (node);
    }

  if (json_object_has_member (object, "frequency"))
    {
      if (!eoc_frequency_from_string (get_string_member (object, "frequency"), &spec->frequency))
        return invalid (error, "frequency must be every_2_hours, every_4_hours, every_8_hours, "
                               "every_12_hours, daily, weekly or monthly");
    }

  if (json_object_has_member (object, "day_of_week"))
    {
      if (!get_int_member (object, "day_of_week", 1, 7, &spec->day_of_week))
        return invalid (error, "day_of_week must be a whole number from 1 (Monday) "
                               "to 7 (Sunday)");
    }

  if (json_object_has_member (object, "day_of_month"))
    {
      if (!get_int_member (object, "day_of_month", 1, 28, &spec->day_of_month))
        return invalid (error, "day_of_month must be a whole number from 1 to 28");
    }

  if (json_object_has_member (object, "time"))
    {
      if (!parse_time (get_string_member (object, "time"), &spec->hour, &spec->minute))
        return invalid (error, "time must be a string \"HH:MM\" from \"00:00\" to \"23:59\"");
    }

  if (json_object_has_member (object, "time_zone"))
    {
      const char *identifier = get_string_member (object, "time_zone");

      if (!is_known_time_zone (identifier))
        return invalid (error, "time_zone must be a known IANA time zone such as "
                               "\"Europe/Paris\" or \"UTC\"");
      g_free (spec->time_zone);
      spec->time_zone = g_strdup (identifier);
    }

  if (json_object_has_member (object, "retention_days"))
    {
      int days = 0;

      if (!get_int_member (object, "retention_days", 1, G_MAXINT, &days) ||
          !is_allowed_retention (days))
        return invalid (error, "retention_days must be 10, 20, 30 or 60");
      spec->retention_days = days;
    }

  return g_steal_pointer (&spec);
}

/**
 * eoc_schedule_spec_to_json:
 * @self: a spec
 *
 * Returns: (transfer full): the API's Schedule object without next_run and last_run
 */
JsonObject *
eoc_schedule_spec_to_json (const EocScheduleSpec *self)
{
  JsonObject *object;
  g_autofree char *time = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  time = g_strdup_printf ("%02d:%02d", self->hour, self->minute);

  object = json_object_new ();
  json_object_set_boolean_member (object, "enabled", self->enabled);
  json_object_set_string_member (object, "frequency", eoc_frequency_to_string (self->frequency));
  json_object_set_int_member (object, "day_of_week", self->day_of_week);
  json_object_set_int_member (object, "day_of_month", self->day_of_month);
  json_object_set_string_member (object, "time", time);
  json_object_set_string_member (object, "time_zone", self->time_zone);
  json_object_set_int_member (object, "retention_days", self->retention_days);

  return object;
}

/* Next run. */

/* The UTC offset, in seconds, that @tz has at the instant @t. */
static gint64
offset_at (GTimeZone *tz,
           gint64     t)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return 0;
  local = g_date_time_to_timezone (utc, tz);
  if (local == NULL)
    return 0;

  return g_date_time_get_utc_offset (local) / G_USEC_PER_SEC;
}

/*
 * The instant at which the wall clock of @tz reads @wall (a local date and time
 * counted in seconds as if it were UTC). When it reads it twice (the hour that
 * repeats when clocks go back), the first time; when it never does (the hour
 * skipped when they go forward), the first instant after it: the change itself.
 */
static gint64
resolve_wall_time (GTimeZone *tz,
                   gint64     wall)
{
  gint64 before = offset_at (tz, wall - SECONDS_PER_DAY);
  gint64 after = offset_at (tz, wall + SECONDS_PER_DAY);
  gint64 high = MAX (before, after);
  gint64 low = MIN (before, after);
  gint64 lo, hi;

  /* The larger offset gives the earlier instant. */
  if (offset_at (tz, wall - high) == high)
    return wall - high;
  if (low != high && offset_at (tz, wall - low) == low)
    return wall - low;

  /* In a gap: the first instant whose wall time is at or after @wall. */
  lo = wall - high;
  hi = wall - low;
  while (lo < hi)
    {
      gint64 mid = lo + (hi - lo) / 2;

      if (mid + offset_at (tz, mid) >= wall)
        hi = mid;
      else
        lo = mid + 1;
    }

  return lo;
}

static int
hours_between_runs (EocFrequency frequency)
{
  switch (frequency)
    {
    case EOC_FREQUENCY_EVERY_2_HOURS:
      return 2;
    case EOC_FREQUENCY_EVERY_4_HOURS:
      return 4;
    case EOC_FREQUENCY_EVERY_8_HOURS:
      return 8;
    case EOC_FREQUENCY_EVERY_12_HOURS:
      return 12;
    case EOC_FREQUENCY_DAILY:
    case EOC_FREQUENCY_WEEKLY:
    case EOC_FREQUENCY_MONTHLY:
    default:
      return 0;
    }
}

/*
 * The first run strictly after @after on the local day @day (a date at 00:00
 * UTC standing for the date in @tz), if there is one that day.
 */
static gboolean
next_run_on_day (const EocScheduleSpec *self,
                 GTimeZone             *tz,
                 GDateTime             *day,
                 gint64                 after,
                 gint64                *run)
{
  gint64 midnight = g_date_time_to_unix (day);
  int anchor = self->hour * 60 + self->minute;
  int every = hours_between_runs (self->frequency) * 60;
  int minutes;

  switch (self->frequency)
    {
    case EOC_FREQUENCY_WEEKLY:
      if (g_date_time_get_day_of_week (day) != self->day_of_week)
        return FALSE;
      break;
    case EOC_FREQUENCY_MONTHLY:
      if (g_date_time_get_day_of_month (day) != self->day_of_month)
        return FALSE;
      break;
    case EOC_FREQUENCY_EVERY_2_HOURS:
    case EOC_FREQUENCY_EVERY_4_HOURS:
    case EOC_FREQUENCY_EVERY_8_HOURS:
    case EOC_FREQUENCY_EVERY_12_HOURS:
    case EOC_FREQUENCY_DAILY:
    default:
      break;
    }

  /* Every N hours: the times of day that differ from the anchor by whole
   * multiples of N hours. Otherwise the anchor alone. */
  for (minutes = every > 0 ? anchor % every : anchor;
       minutes < 24 * 60;
       minutes += every > 0 ? every : 24 * 60)
    {
      gint64 t = resolve_wall_time (tz, midnight + (gint64) minutes * 60);

      if (t > after)
        {
          *run = t;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * eoc_schedule_spec_next_run:
 * @self: a spec
 * @after: Unix time in seconds
 *
 * Computes the next run strictly after @after, on the wall clock of the spec's
 * time zone: a time that does not exist that day (clocks going forward) runs
 * at the first valid time after it, a time that exists twice (clocks going
 * back) runs the first time.
 *
 * Returns: the next run in Unix seconds, or -1 when the schedule is disabled
 */
gint64
eoc_schedule_spec_next_run (const EocScheduleSpec *self,
                            gint64                 after)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) now_utc = NULL;
  g_autoptr(GDateTime) now_local = NULL;
  g_autoptr(GDateTime) first_day = NULL;
  int year, month, day, i;

  g_return_val_if_fail (self != NULL, -1);

  if (!self->enabled)
    return -1;

  tz = self->time_zone != NULL ? g_time_zone_new_identifier (self->time_zone) : NULL;
  if (tz == NULL)
    tz = g_time_zone_new_utc ();

  now_utc = g_date_time_new_from_unix_utc (after);
  if (now_utc == NULL)
    return -1;
  now_local = g_date_time_to_timezone (now_utc, tz);
  g_date_time_get_ymd (now_local, &year, &month, &day);

  /* Local dates as UTC midnights: day arithmetic without any clock change.
   * No run of an earlier day can come after @after: a time that exists is
   * taken the first time it occurs, one that does not at the end of the gap. */
  first_day = g_date_time_new_utc (year, month, day, 0, 0, 0);

  for (i = 0; i <= MAX_DAYS_AHEAD; i++)
    {
      g_autoptr(GDateTime) candidate = g_date_time_add_days (first_day, i);
      gint64 run;

      if (candidate == NULL)
        break;

      if (next_run_on_day (self, tz, candidate, after, &run))
        return run;
    }

  return -1;
}
