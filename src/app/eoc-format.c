/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "eoc-format.h"

/* The local time zone, kept. GLib 2.74's own (g_date_time_to_local() and
 * friends) is read again from disk on every call when TZ is not set: a stat
 * and a parse for each date a row shows. Made again if TZ changes. Main
 * thread only, as is all of the app's formatting. */
static GTimeZone *
local_zone (void)
{
  static GTimeZone *zone;
  static char *zone_tz;
  const char *tz = g_getenv ("TZ");

  if (zone == NULL || g_strcmp0 (tz, zone_tz) != 0)
    {
      g_clear_pointer (&zone, g_time_zone_unref);
      g_free (zone_tz);
      zone = g_time_zone_new_local ();
      zone_tz = g_strdup (tz);
    }
  return zone;
}

static GDateTime *
to_local (GDateTime *time)
{
  return g_date_time_to_timezone (time, local_zone ());
}

static GDateTime *
now_local (GDateTime *now)
{
  return now != NULL ? to_local (now) : g_date_time_new_now (local_zone ());
}

static GDateTime *
new_local (int year,
           int month,
           int day)
{
  return g_date_time_new (local_zone (), year, month, day, 0, 0, 0);
}

char *
eoc_format_relative_time (GDateTime *time,
                          GDateTime *now)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) local_now = NULL;
  GTimeSpan span;
  gint64 minutes, hours, days;

  if (time == NULL)
    return g_strdup (_("Unknown time"));

  local = to_local (time);
  local_now = now_local (now);
  span = g_date_time_difference (local_now, local);

  /* Clocks disagree by a few seconds: treat the near future as now. */
  if (span < 60 * G_TIME_SPAN_SECOND)
    {
      if (span > -5 * G_TIME_SPAN_MINUTE)
        return g_strdup (_("Just now"));
      return eoc_format_time (time);
    }

  minutes = span / G_TIME_SPAN_MINUTE;
  hours = span / G_TIME_SPAN_HOUR;
  if (minutes < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago",
                                         minutes), (int) minutes);
  if (hours < 24 && g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (local_now))
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", hours),
                            (int) hours);

  {
    g_autoptr(GDateTime) day = new_local (g_date_time_get_year (local),
                                          g_date_time_get_month (local),
                                          g_date_time_get_day_of_month (local));
    g_autoptr(GDateTime) today = new_local (g_date_time_get_year (local_now),
                                            g_date_time_get_month (local_now),
                                            g_date_time_get_day_of_month (local_now));

    days = (g_date_time_difference (today, day) + G_TIME_SPAN_HOUR) / G_TIME_SPAN_DAY;
  }

  if (days <= 1)
    return g_strdup (_("Yesterday"));
  if (days < 7)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", days),
                            (int) days);

  /* Translators: a date, see the strftime manual page. */
  return g_date_time_format (local, _("%-d %B %Y"));
}

char *
eoc_format_exact_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup (_("Unknown time"));

  local = to_local (time);
  /* Translators: a full date and time, see the strftime manual page. */
  return g_date_time_format (local, _("%A %-d %B %Y, %H:%M:%S"));
}

char *
eoc_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup (_("Unknown time"));

  local = to_local (time);
  /* Translators: a short date and time, see the strftime manual page. */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M"));
}

char *
eoc_format_future_time (GDateTime *time,
                        GDateTime *now)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) local_now = NULL;
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autofree char *clock = NULL;
  gint64 days;

  if (time == NULL)
    return g_strdup (_("Unknown time"));

  local = to_local (time);
  local_now = now_local (now);

  /* Whole days between the two dates, whatever the clock changes between them. */
  day = g_date_time_new_utc (g_date_time_get_year (local), g_date_time_get_month (local),
                             g_date_time_get_day_of_month (local), 0, 0, 0);
  today = g_date_time_new_utc (g_date_time_get_year (local_now), g_date_time_get_month (local_now),
                               g_date_time_get_day_of_month (local_now), 0, 0, 0);
  days = g_date_time_difference (day, today) / G_TIME_SPAN_DAY;

  clock = g_date_time_format (local, "%H:%M");

  if (days < 0)
    return eoc_format_time (time);
  if (days == 0)
    /* Translators: %s is a time of day such as 14:00. */
    return g_strdup_printf (_("Today at %s"), clock);
  if (days == 1)
    /* Translators: %s is a time of day such as 02:00. */
    return g_strdup_printf (_("Tomorrow at %s"), clock);
  if (days < 7)
    {
      g_autofree char *weekday = g_date_time_format (local, "%A");

      /* Translators: a day of the week, then a time of day: "Friday at 02:00". */
      return g_strdup_printf (_("%s at %s"), weekday, clock);
    }

  {
    /* Translators: a date, see the strftime manual page. */
    g_autofree char *date = g_date_time_format (local, _("%-d %B %Y"));

    /* Translators: a date, then a time of day: "15 December 2026 at 02:00". */
    return g_strdup_printf (_("%s at %s"), date, clock);
  }
}

static const char *
weekday_name (guint day)
{
  switch (day)
    {
    case 1: return _("Monday");
    case 2: return _("Tuesday");
    case 3: return _("Wednesday");
    case 4: return _("Thursday");
    case 5: return _("Friday");
    case 6: return _("Saturday");
    case 7: return _("Sunday");
    default: return NULL;
    }
}

char *
eoc_format_schedule (EocSchedule *schedule)
{
  g_autofree char *when = NULL;
  const char *time, *zone;

  if (schedule == NULL || !eoc_schedule_get_enabled (schedule))
    return NULL;

  time = eoc_schedule_get_time (schedule);
  if (time == NULL || *time == '\0')
    time = "00:00";
  zone = eoc_schedule_get_time_zone (schedule);
  if (zone == NULL || *zone == '\0')
    zone = "UTC";

  switch (eoc_schedule_get_frequency (schedule))
    {
    case EOC_SCHEDULE_FREQUENCY_EVERY_2_HOURS:
      /* Translators: %s is a time of day such as 02:00. */
      when = g_strdup_printf (_("Every 2 hours from %s"), time);
      break;
    case EOC_SCHEDULE_FREQUENCY_EVERY_4_HOURS:
      when = g_strdup_printf (_("Every 4 hours from %s"), time);
      break;
    case EOC_SCHEDULE_FREQUENCY_EVERY_8_HOURS:
      when = g_strdup_printf (_("Every 8 hours from %s"), time);
      break;
    case EOC_SCHEDULE_FREQUENCY_EVERY_12_HOURS:
      when = g_strdup_printf (_("Every 12 hours from %s"), time);
      break;
    case EOC_SCHEDULE_FREQUENCY_WEEKLY:
      {
        const char *day = weekday_name (eoc_schedule_get_day_of_week (schedule));

        if (day != NULL)
          /* Translators: "Every Monday at 02:00". */
          when = g_strdup_printf (_("Every %s at %s"), day, time);
        else
          when = g_strdup_printf (_("Every week at %s"), time);
      }
      break;
    case EOC_SCHEDULE_FREQUENCY_MONTHLY:
      /* Translators: "Every month on day 15 at 02:00". */
      when = g_strdup_printf (_("Every month on day %u at %s"),
                              eoc_schedule_get_day_of_month (schedule), time);
      break;
    case EOC_SCHEDULE_FREQUENCY_DAILY:
    default:
      when = g_strdup_printf (_("Every day at %s"), time);
      break;
    }

  /* Translators: a schedule and its time zone: "Every day at 02:00 (Europe/Paris)". */
  return g_strdup_printf (_("%s (%s)"), when, zone);
}

char *
eoc_format_action (const char *action)
{
  static const struct {
    const char *action;
    const char *label;
  } actions[] = {
    { "environment_created", N_("Environment created") },
    { "backup_created", N_("Backup created") },
    { "backup_deleted", N_("Backup deleted") },
    { "backup_restored", N_("Backup restored") },
    { "configuration_imported", N_("Configuration imported") },
    { "environment_updated", N_("Environment updated") },
    { "environment_started", N_("Environment started") },
    { "environment_stopped", N_("Environment stopped") },
    { "schedule_changed", N_("Backup schedule changed") },
  };
  g_autofree char *readable = NULL;

  if (action == NULL || *action == '\0')
    return g_strdup (_("Unknown action"));

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      if (g_str_equal (action, actions[i].action))
        return g_strdup (_(actions[i].label));
    }

  /* An action this version does not know: "disk_checked" reads "Disk checked". */
  readable = g_strdelimit (g_utf8_make_valid (action, -1), "_.", ' ');
  if (g_ascii_islower (readable[0]))
    readable[0] = g_ascii_toupper (readable[0]);
  return g_steal_pointer (&readable);
}
