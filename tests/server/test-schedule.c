/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>
#include <glib.h>
#include <json-glib/json-glib.h>

#include "eoc-schedule-spec.h"

typedef struct {
  const char *spec;      /* Schedule fields as JSON */
  const char *after;     /* ISO 8601 UTC */
  const char *expected;  /* ISO 8601 UTC */
} NextRunCase;

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));

  return json_object_ref (json_node_get_object (root));
}

static EocScheduleSpec *
spec_from_json (const char            *json,
                const EocScheduleSpec *base,
                GError               **error)
{
  g_autoptr(JsonObject) object = parse_object (json);

  return eoc_schedule_spec_from_json (object, base, error);
}

static char *
spec_to_string (const EocScheduleSpec *spec)
{
  g_autoptr(JsonObject) object = eoc_schedule_spec_to_json (spec);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
}

static gint64
unix_from_iso (const char *iso)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt);
}

static char *
iso_from_unix (gint64 t)
{
  g_autoptr(GDateTime) dt = NULL;

  if (t == -1)
    return g_strdup ("never");

  dt = g_date_time_new_from_unix_utc (t);
  g_assert_nonnull (dt);
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

static void
check_next_runs (const NextRunCase *cases,
                 gsize              n_cases)
{
  gsize i;

  for (i = 0; i < n_cases; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(EocScheduleSpec) spec = spec_from_json (cases[i].spec, NULL, &error);
      g_autofree char *next = NULL;

      g_assert_no_error (error);
      next = iso_from_unix (eoc_schedule_spec_next_run (spec, unix_from_iso (cases[i].after)));
      if (g_strcmp0 (next, cases[i].expected) != 0)
        g_test_message ("case %" G_GSIZE_FORMAT ": %s after %s", i, cases[i].spec, cases[i].after);
      g_assert_cmpstr (next, ==, cases[i].expected);
    }
}

static void
test_defaults (void)
{
  g_autoptr(EocScheduleSpec) spec = eoc_schedule_spec_new ();
  g_autoptr(EocScheduleSpec) from_empty = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_from_empty = NULL;

  g_assert_false (spec->enabled);
  g_assert_cmpint (spec->frequency, ==, EOC_FREQUENCY_DAILY);
  g_assert_cmpint (spec->day_of_week, ==, 1);
  g_assert_cmpint (spec->day_of_month, ==, 1);
  g_assert_cmpint (spec->hour, ==, 2);
  g_assert_cmpint (spec->minute, ==, 0);
  g_assert_cmpstr (spec->time_zone, ==, "UTC");
  g_assert_cmpint (spec->retention_days, ==, 30);

  text = spec_to_string (spec);
  g_assert_cmpstr (text, ==,
                   "{\"enabled\":false,\"frequency\":\"daily\",\"day_of_week\":1,"
                   "\"day_of_month\":1,\"time\":\"02:00\",\"time_zone\":\"UTC\","
                   "\"retention_days\":30}");

  /* An empty object takes every default. */
  from_empty = spec_from_json ("{}", NULL, &error);
  g_assert_no_error (error);
  text_from_empty = spec_to_string (from_empty);
  g_assert_cmpstr (text_from_empty, ==, text);

  /* Disabled: no next run. */
  g_assert_cmpint (eoc_schedule_spec_next_run (spec, unix_from_iso ("2026-11-22T10:04:05Z")), ==,
                   -1);
}

static void
test_frequency_names (void)
{
  static const struct {
    EocFrequency frequency;
    const char *name;
  } names[] = {
    { EOC_FREQUENCY_EVERY_2_HOURS, "every_2_hours" },
    { EOC_FREQUENCY_EVERY_4_HOURS, "every_4_hours" },
    { EOC_FREQUENCY_EVERY_8_HOURS, "every_8_hours" },
    { EOC_FREQUENCY_EVERY_12_HOURS, "every_12_hours" },
    { EOC_FREQUENCY_DAILY, "daily" },
    { EOC_FREQUENCY_WEEKLY, "weekly" },
    { EOC_FREQUENCY_MONTHLY, "monthly" },
  };
  EocFrequency frequency;
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_cmpstr (eoc_frequency_to_string (names[i].frequency), ==, names[i].name);
      g_assert_true (eoc_frequency_from_string (names[i].name, &frequency));
      g_assert_cmpint (frequency, ==, names[i].frequency);
    }

  g_assert_false (eoc_frequency_from_string ("hourly", &frequency));
  g_assert_false (eoc_frequency_from_string ("Daily", &frequency));
  g_assert_false (eoc_frequency_from_string ("", &frequency));
  g_assert_false (eoc_frequency_from_string (NULL, &frequency));
}

#define MSG_ENABLED "enabled must be true or false"
#define MSG_FREQUENCY "frequency must be every_2_hours, every_4_hours, every_8_hours, " \
                      "every_12_hours, daily, weekly or monthly"
#define MSG_DAY_OF_WEEK "day_of_week must be a whole number from 1 (Monday) to 7 (Sunday)"
#define MSG_DAY_OF_MONTH "day_of_month must be a whole number from 1 to 28"
#define MSG_TIME "time must be a string \"HH:MM\" from \"00:00\" to \"23:59\""
#define MSG_TIME_ZONE "time_zone must be a known IANA time zone such as \"Europe/Paris\" or \"UTC\""
#define MSG_RETENTION "retention_days must be 10, 20, 30 or 60"

static void
test_validation_errors (void)
{
  static const struct {
    const char *json;
    const char *message;
  } cases[] = {
    { "{\"enabled\": \"yes\"}", MSG_ENABLED },
    { "{\"enabled\": 1}", MSG_ENABLED },
    { "{\"enabled\": null}", MSG_ENABLED },
    { "{\"enabled\": [true]}", MSG_ENABLED },
    { "{\"frequency\": \"hourly\"}", MSG_FREQUENCY },
    { "{\"frequency\": \"DAILY\"}", MSG_FREQUENCY },
    { "{\"frequency\": \"\"}", MSG_FREQUENCY },
    { "{\"frequency\": 4}", MSG_FREQUENCY },
    { "{\"frequency\": null}", MSG_FREQUENCY },
    { "{\"day_of_week\": 0}", MSG_DAY_OF_WEEK },
    { "{\"day_of_week\": 8}", MSG_DAY_OF_WEEK },
    { "{\"day_of_week\": -1}", MSG_DAY_OF_WEEK },
    { "{\"day_of_week\": 2.5}", MSG_DAY_OF_WEEK },
    { "{\"day_of_week\": \"1\"}", MSG_DAY_OF_WEEK },
    { "{\"day_of_week\": true}", MSG_DAY_OF_WEEK },
    { "{\"day_of_week\": {}}", MSG_DAY_OF_WEEK },
    { "{\"day_of_month\": 0}", MSG_DAY_OF_MONTH },
    { "{\"day_of_month\": 29}", MSG_DAY_OF_MONTH },
    { "{\"day_of_month\": 31}", MSG_DAY_OF_MONTH },
    { "{\"day_of_month\": 1e300}", MSG_DAY_OF_MONTH },
    { "{\"day_of_month\": \"15\"}", MSG_DAY_OF_MONTH },
    { "{\"day_of_month\": null}", MSG_DAY_OF_MONTH },
    { "{\"time\": \"2:00\"}", MSG_TIME },
    { "{\"time\": \"24:00\"}", MSG_TIME },
    { "{\"time\": \"12:60\"}", MSG_TIME },
    { "{\"time\": \"12:5\"}", MSG_TIME },
    { "{\"time\": \"12:00:00\"}", MSG_TIME },
    { "{\"time\": \"12h00\"}", MSG_TIME },
    { "{\"time\": \" 2:00\"}", MSG_TIME },
    { "{\"time\": \"\"}", MSG_TIME },
    { "{\"time\": 1200}", MSG_TIME },
    { "{\"time\": null}", MSG_TIME },
    { "{\"time_zone\": \"Mars/Olympus_Mons\"}", MSG_TIME_ZONE },
    { "{\"time_zone\": \"Europe\"}", MSG_TIME_ZONE },
    { "{\"time_zone\": \"europe/paris\"}", MSG_TIME_ZONE },
    { "{\"time_zone\": \"\"}", MSG_TIME_ZONE },
    { "{\"time_zone\": \"+05:30\"}", MSG_TIME_ZONE },
    { "{\"time_zone\": \"ABC5\"}", MSG_TIME_ZONE },
    { "{\"time_zone\": \"/etc/passwd\"}", MSG_TIME_ZONE },
    { "{\"time_zone\": \"/usr/share/zoneinfo/Europe/Paris\"}", MSG_TIME_ZONE },
    { "{\"time_zone\": \"Europe/../Europe/Paris\"}", MSG_TIME_ZONE },
    { "{\"time_zone\": \":Europe/Paris\"}", MSG_TIME_ZONE },
    { "{\"time_zone\": \"zone.tab\"}", MSG_TIME_ZONE },
    { "{\"time_zone\": 1}", MSG_TIME_ZONE },
    { "{\"time_zone\": null}", MSG_TIME_ZONE },
    { "{\"retention_days\": 7}", MSG_RETENTION },
    { "{\"retention_days\": 45}", MSG_RETENTION },
    { "{\"retention_days\": 0}", MSG_RETENTION },
    { "{\"retention_days\": -30}", MSG_RETENTION },
    { "{\"retention_days\": 90}", MSG_RETENTION },
    { "{\"retention_days\": 30.5}", MSG_RETENTION },
    { "{\"retention_days\": \"30\"}", MSG_RETENTION },
    { "{\"retention_days\": 9999999999999}", MSG_RETENTION },
    { "{\"retention_days\": null}", MSG_RETENTION },
    /* A valid field does not hide an invalid one. */
    { "{\"enabled\": true, \"frequency\": \"weekly\", \"day_of_week\": 9}", MSG_DAY_OF_WEEK },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(EocScheduleSpec) spec = spec_from_json (cases[i].json, NULL, &error);

      g_test_message ("%s", cases[i].json);
      g_assert_null (spec);
      g_assert_error (error, EOC_SCHEDULE_ERROR, EOC_SCHEDULE_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_validation_accepts (void)
{
  g_autoptr(EocScheduleSpec) spec = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  static const int retentions[] = { 10, 20, 30, 60 };
  static const char *const zones[] = {
    "UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata",
    "America/Argentina/Buenos_Aires", "Etc/GMT+5", "Pacific/Chatham",
  };
  gsize i;

  spec = spec_from_json ("{\"enabled\": true, \"frequency\": \"weekly\", \"day_of_week\": 7,"
                         " \"day_of_month\": 28, \"time\": \"23:59\","
                         " \"time_zone\": \"Asia/Kolkata\", \"retention_days\": 60,"
                         " \"next_run\": \"2026-11-22T10:04:05Z\", \"last_run\": null,"
                         " \"something_new\": [1, 2, 3]}",
                         NULL, &error);
  g_assert_no_error (error);
  g_assert_true (spec->enabled);
  g_assert_cmpint (spec->frequency, ==, EOC_FREQUENCY_WEEKLY);
  g_assert_cmpint (spec->day_of_week, ==, 7);
  g_assert_cmpint (spec->day_of_month, ==, 28);
  g_assert_cmpint (spec->hour, ==, 23);
  g_assert_cmpint (spec->minute, ==, 59);
  g_assert_cmpstr (spec->time_zone, ==, "Asia/Kolkata");
  g_assert_cmpint (spec->retention_days, ==, 60);

  /* next_run, last_run and unknown members are not part of the spec. */
  text = spec_to_string (spec);
  g_assert_cmpstr (text, ==,
                   "{\"enabled\":true,\"frequency\":\"weekly\",\"day_of_week\":7,"
                   "\"day_of_month\":28,\"time\":\"23:59\",\"time_zone\":\"Asia/Kolkata\","
                   "\"retention_days\":60}");
  g_clear_pointer (&spec, eoc_schedule_spec_free);

  /* JSON has one number type: 3.0 is 3. */
  spec = spec_from_json ("{\"day_of_week\": 3.0, \"time\": \"00:00\"}", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (spec->day_of_week, ==, 3);
  g_assert_cmpint (spec->hour, ==, 0);
  g_assert_cmpint (spec->minute, ==, 0);
  g_clear_pointer (&spec, eoc_schedule_spec_free);

  for (i = 0; i < G_N_ELEMENTS (retentions); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"retention_days\": %d}", retentions[i]);

      spec = spec_from_json (json, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (spec->retention_days, ==, retentions[i]);
      g_clear_pointer (&spec, eoc_schedule_spec_free);
    }

  for (i = 0; i < G_N_ELEMENTS (zones); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"time_zone\": \"%s\"}", zones[i]);

      spec = spec_from_json (json, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (spec->time_zone, ==, zones[i]);
      g_clear_pointer (&spec, eoc_schedule_spec_free);
    }
}

static void
test_base_merge (void)
{
  g_autoptr(EocScheduleSpec) base = NULL;
  g_autoptr(EocScheduleSpec) merged = NULL;
  g_autoptr(EocScheduleSpec) refused = NULL;
  g_autoptr(EocScheduleSpec) copy = NULL;
  g_autoptr(EocScheduleSpec) round_trip = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_text = NULL;
  g_autofree char *merged_text = NULL;
  g_autofree char *copy_text = NULL;
  g_autofree char *round_trip_text = NULL;

  base = spec_from_json ("{\"enabled\": true, \"frequency\": \"monthly\", \"day_of_month\": 15,"
                         " \"day_of_week\": 5, \"time\": \"04:45\","
                         " \"time_zone\": \"America/New_York\", \"retention_days\": 10}",
                         NULL, &error);
  g_assert_no_error (error);
  base_text = spec_to_string (base);

  /* Only the given fields change. */
  merged = spec_from_json ("{\"time\": \"05:15\", \"retention_days\": 20}", base, &error);
  g_assert_no_error (error);
  merged_text = spec_to_string (merged);
  g_assert_cmpstr (merged_text, ==,
                   "{\"enabled\":true,\"frequency\":\"monthly\",\"day_of_week\":5,"
                   "\"day_of_month\":15,\"time\":\"05:15\",\"time_zone\":\"America/New_York\","
                   "\"retention_days\":20}");

  /* The base is left as it was, and a refused change leaves it too. */
  refused = spec_from_json ("{\"enabled\": false, \"time_zone\": \"Nowhere/Town\"}", base, &error);
  g_assert_null (refused);
  g_assert_error (error, EOC_SCHEDULE_ERROR, EOC_SCHEDULE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, MSG_TIME_ZONE);
  g_clear_error (&error);
  g_assert_true (base->enabled);
  g_assert_cmpstr (base->time_zone, ==, "America/New_York");

  /* Turning it off keeps the rest. */
  g_clear_pointer (&merged, eoc_schedule_spec_free);
  merged = spec_from_json ("{\"enabled\": false}", base, &error);
  g_assert_no_error (error);
  g_assert_false (merged->enabled);
  g_assert_cmpint (merged->frequency, ==, EOC_FREQUENCY_MONTHLY);
  g_assert_cmpint (merged->day_of_month, ==, 15);
  g_assert_cmpstr (merged->time_zone, ==, "America/New_York");

  /* A copy is deep and equal; to_json and from_json round-trip. */
  copy = eoc_schedule_spec_copy (base);
  g_assert_true (copy->time_zone != base->time_zone);
  copy_text = spec_to_string (copy);
  g_assert_cmpstr (copy_text, ==, base_text);

  object = eoc_schedule_spec_to_json (base);
  round_trip = eoc_schedule_spec_from_json (object, NULL, &error);
  g_assert_no_error (error);
  round_trip_text = spec_to_string (round_trip);
  g_assert_cmpstr (round_trip_text, ==, base_text);
}

static void
test_next_run_daily (void)
{
  static const NextRunCase cases[] = {
    /* Later today, or tomorrow once today's has passed; strictly after. */
    { "{\"enabled\":true,\"time\":\"02:00\"}", "2026-11-22T01:59:59Z", "2026-11-22T02:00:00Z" },
    { "{\"enabled\":true,\"time\":\"02:00\"}", "2026-11-22T02:00:00Z", "2026-11-23T02:00:00Z" },
    { "{\"enabled\":true,\"time\":\"02:00\"}", "2026-11-22T10:04:05Z", "2026-11-23T02:00:00Z" },
    { "{\"enabled\":true,\"time\":\"00:00\"}", "2026-11-22T00:00:00Z", "2026-11-23T00:00:00Z" },
    { "{\"enabled\":true,\"time\":\"23:59\"}", "2026-11-22T23:58:59Z", "2026-11-22T23:59:00Z" },
    /* Month and year boundaries. */
    { "{\"enabled\":true,\"time\":\"22:00\"}", "2026-11-30T23:00:00Z", "2026-12-01T22:00:00Z" },
    { "{\"enabled\":true,\"time\":\"22:00\"}", "2026-12-31T23:00:00Z", "2027-01-01T22:00:00Z" },
    { "{\"enabled\":true,\"time\":\"06:00\"}", "2028-02-28T07:00:00Z", "2028-02-29T06:00:00Z" },
    { "{\"enabled\":true,\"time\":\"06:00\"}", "2027-02-28T07:00:00Z", "2027-03-01T06:00:00Z" },
  };

  check_next_runs (cases, G_N_ELEMENTS (cases));
}

static void
test_next_run_weekly (void)
{
  /* 2026-11-22 is a Sunday, 2026-11-23 a Monday, 2026-12-31 a Thursday. */
  static const NextRunCase cases[] = {
    { "{\"enabled\":true,\"frequency\":\"weekly\",\"day_of_week\":1,\"time\":\"09:30\"}",
      "2026-11-22T10:04:05Z", "2026-11-23T09:30:00Z" },
    { "{\"enabled\":true,\"frequency\":\"weekly\",\"day_of_week\":1,\"time\":\"09:30\"}",
      "2026-11-23T09:30:00Z", "2026-11-30T09:30:00Z" },
    { "{\"enabled\":true,\"frequency\":\"weekly\",\"day_of_week\":7,\"time\":\"09:30\"}",
      "2026-11-22T09:29:00Z", "2026-11-22T09:30:00Z" },
    { "{\"enabled\":true,\"frequency\":\"weekly\",\"day_of_week\":7,\"time\":\"09:30\"}",
      "2026-11-22T10:04:05Z", "2026-11-29T09:30:00Z" },
    /* Across the end of the year: Thursday 31st, so Saturday is 2 January. */
    { "{\"enabled\":true,\"frequency\":\"weekly\",\"day_of_week\":6,\"time\":\"12:00\"}",
      "2026-12-31T12:00:00Z", "2027-01-02T12:00:00Z" },
    /* Thursday 31st after its run: next Thursday. */
    { "{\"enabled\":true,\"frequency\":\"weekly\",\"day_of_week\":4,\"time\":\"08:00\"}",
      "2026-12-31T08:00:01Z", "2027-01-07T08:00:00Z" },
  };

  check_next_runs (cases, G_N_ELEMENTS (cases));
}

static void
test_next_run_monthly (void)
{
  static const NextRunCase cases[] = {
    { "{\"enabled\":true,\"frequency\":\"monthly\",\"day_of_month\":15,\"time\":\"03:00\"}",
      "2026-11-14T12:00:00Z", "2026-11-15T03:00:00Z" },
    { "{\"enabled\":true,\"frequency\":\"monthly\",\"day_of_month\":15,\"time\":\"03:00\"}",
      "2026-11-15T03:00:00Z", "2026-12-15T03:00:00Z" },
    /* Across the year. */
    { "{\"enabled\":true,\"frequency\":\"monthly\",\"day_of_month\":1,\"time\":\"00:00\"}",
      "2026-12-15T00:00:00Z", "2027-01-01T00:00:00Z" },
    { "{\"enabled\":true,\"frequency\":\"monthly\",\"day_of_month\":28,\"time\":\"23:45\"}",
      "2026-12-29T00:00:00Z", "2027-01-28T23:45:00Z" },
    /* February, short and leap. */
    { "{\"enabled\":true,\"frequency\":\"monthly\",\"day_of_month\":28,\"time\":\"23:45\"}",
      "2027-01-30T00:00:00Z", "2027-02-28T23:45:00Z" },
    { "{\"enabled\":true,\"frequency\":\"monthly\",\"day_of_month\":28,\"time\":\"23:45\"}",
      "2028-02-28T23:45:00Z", "2028-03-28T23:45:00Z" },
  };

  check_next_runs (cases, G_N_ELEMENTS (cases));
}

static void
test_next_run_every_hours (void)
{
  static const NextRunCase cases[] = {
    /* Every 2 hours from 23:00: the odd hours, across midnight. */
    { "{\"enabled\":true,\"frequency\":\"every_2_hours\",\"time\":\"23:00\"}",
      "2026-11-22T22:59:00Z", "2026-11-22T23:00:00Z" },
    { "{\"enabled\":true,\"frequency\":\"every_2_hours\",\"time\":\"23:00\"}",
      "2026-11-22T23:00:00Z", "2026-11-23T01:00:00Z" },
    { "{\"enabled\":true,\"frequency\":\"every_2_hours\",\"time\":\"23:00\"}",
      "2026-11-23T00:10:00Z", "2026-11-23T01:00:00Z" },
    { "{\"enabled\":true,\"frequency\":\"every_2_hours\",\"time\":\"23:00\"}",
      "2026-11-23T10:04:05Z", "2026-11-23T11:00:00Z" },
    /* Every 2 hours from 00:30, across the year. */
    { "{\"enabled\":true,\"frequency\":\"every_2_hours\",\"time\":\"00:30\"}",
      "2026-12-31T22:30:00Z", "2027-01-01T00:30:00Z" },
    /* Every 4 hours from 03:15: 03:15, 07:15 ... 23:15. */
    { "{\"enabled\":true,\"frequency\":\"every_4_hours\",\"time\":\"03:15\"}",
      "2026-11-22T00:00:00Z", "2026-11-22T03:15:00Z" },
    { "{\"enabled\":true,\"frequency\":\"every_4_hours\",\"time\":\"15:15\"}",
      "2026-11-22T00:00:00Z", "2026-11-22T03:15:00Z" },
    { "{\"enabled\":true,\"frequency\":\"every_4_hours\",\"time\":\"03:15\"}",
      "2026-11-22T23:15:00Z", "2026-11-23T03:15:00Z" },
    /* Every 8 hours from 21:00: 05:00, 13:00, 21:00. */
    { "{\"enabled\":true,\"frequency\":\"every_8_hours\",\"time\":\"21:00\"}",
      "2026-11-22T21:00:00Z", "2026-11-23T05:00:00Z" },
    { "{\"enabled\":true,\"frequency\":\"every_8_hours\",\"time\":\"21:00\"}",
      "2026-11-22T06:00:00Z", "2026-11-22T13:00:00Z" },
    /* Every 12 hours from 18:00: 06:00 and 18:00. */
    { "{\"enabled\":true,\"frequency\":\"every_12_hours\",\"time\":\"18:00\"}",
      "2026-11-22T19:00:00Z", "2026-11-23T06:00:00Z" },
    { "{\"enabled\":true,\"frequency\":\"every_12_hours\",\"time\":\"18:00\"}",
      "2026-11-22T05:59:59Z", "2026-11-22T06:00:00Z" },
  };
  g_autoptr(EocScheduleSpec) spec = NULL;
  g_autoptr(GError) error = NULL;
  gint64 t;
  int i;

  check_next_runs (cases, G_N_ELEMENTS (cases));

  /* Following the chain for three days from 23:00: every run two hours after the
   * last, always on an odd hour. */
  spec = spec_from_json ("{\"enabled\":true,\"frequency\":\"every_2_hours\",\"time\":\"23:00\"}",
                         NULL, &error);
  g_assert_no_error (error);
  t = unix_from_iso ("2026-12-30T20:30:00Z");
  t = eoc_schedule_spec_next_run (spec, t);
  g_assert_cmpint (t, ==, unix_from_iso ("2026-12-30T21:00:00Z"));
  for (i = 0; i < 36; i++)
    {
      gint64 next = eoc_schedule_spec_next_run (spec, t);

      g_assert_cmpint (next - t, ==, 2 * 60 * 60);
      t = next;
    }
  g_assert_cmpint (t, ==, unix_from_iso ("2027-01-02T21:00:00Z"));
}

static void
test_next_run_time_zones (void)
{
  static const NextRunCase cases[] = {
    /* New York in winter (EST, UTC-5) and summer (EDT, UTC-4). */
    { "{\"enabled\":true,\"time\":\"02:30\",\"time_zone\":\"America/New_York\"}",
      "2026-11-22T10:04:05Z", "2026-11-23T07:30:00Z" },
    { "{\"enabled\":true,\"time\":\"02:30\",\"time_zone\":\"America/New_York\"}",
      "2026-07-14T10:04:05Z", "2026-07-15T06:30:00Z" },
    /* 03:00 UTC on the 23rd is still the evening of the 22nd in New York. */
    { "{\"enabled\":true,\"time\":\"23:00\",\"time_zone\":\"America/New_York\"}",
      "2026-11-23T03:00:00Z", "2026-11-23T04:00:00Z" },
    /* Monday at 09:30 New York time, asked on Sunday night there (Monday UTC). */
    { "{\"enabled\":true,\"frequency\":\"weekly\",\"day_of_week\":1,\"time\":\"09:30\","
      "\"time_zone\":\"America/New_York\"}",
      "2026-11-23T02:00:00Z", "2026-11-23T14:30:00Z" },
    /* Kolkata is UTC+05:30 all year: 00:10 there on the 23rd is 18:40 UTC on the 22nd. */
    { "{\"enabled\":true,\"time\":\"00:15\",\"time_zone\":\"Asia/Kolkata\"}",
      "2026-11-22T18:40:00Z", "2026-11-22T18:45:00Z" },
    { "{\"enabled\":true,\"time\":\"00:15\",\"time_zone\":\"Asia/Kolkata\"}",
      "2026-11-22T18:45:00Z", "2026-11-23T18:45:00Z" },
    /* New year comes first in Kolkata. */
    { "{\"enabled\":true,\"frequency\":\"monthly\",\"day_of_month\":1,\"time\":\"03:00\","
      "\"time_zone\":\"Asia/Kolkata\"}",
      "2026-12-31T20:00:00Z", "2026-12-31T21:30:00Z" },
    /* Every 8 hours from 05:00 in Kolkata: 05:00, 13:00, 21:00 local. */
    { "{\"enabled\":true,\"frequency\":\"every_8_hours\",\"time\":\"05:00\","
      "\"time_zone\":\"Asia/Kolkata\"}",
      "2026-11-22T00:00:00Z", "2026-11-22T07:30:00Z" },
    { "{\"enabled\":true,\"frequency\":\"every_8_hours\",\"time\":\"05:00\","
      "\"time_zone\":\"Asia/Kolkata\"}",
      "2026-11-22T15:30:00Z", "2026-11-22T23:30:00Z" },
  };

  check_next_runs (cases, G_N_ELEMENTS (cases));
}

static void
test_next_run_dst_gap (void)
{
  /* Europe/Paris, Sunday 29 March 2026: 02:00 CET becomes 03:00 CEST (01:00 UTC);
   * 02:00 to 02:59 do not exist that day. */
  static const NextRunCase cases[] = {
    /* The day before, CET (UTC+1). */
    { "{\"enabled\":true,\"time\":\"02:30\",\"time_zone\":\"Europe/Paris\"}",
      "2026-03-27T12:00:00Z", "2026-03-28T01:30:00Z" },
    /* 02:30 does not exist: it runs at the first valid time after, 03:00 CEST. */
    { "{\"enabled\":true,\"time\":\"02:30\",\"time_zone\":\"Europe/Paris\"}",
      "2026-03-28T12:00:00Z", "2026-03-29T01:00:00Z" },
    { "{\"enabled\":true,\"time\":\"02:00\",\"time_zone\":\"Europe/Paris\"}",
      "2026-03-28T12:00:00Z", "2026-03-29T01:00:00Z" },
    /* Then 02:30 CEST (UTC+2) the day after. */
    { "{\"enabled\":true,\"time\":\"02:30\",\"time_zone\":\"Europe/Paris\"}",
      "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z" },
    /* Times around the gap are unaffected. */
    { "{\"enabled\":true,\"time\":\"01:59\",\"time_zone\":\"Europe/Paris\"}",
      "2026-03-28T12:00:00Z", "2026-03-29T00:59:00Z" },
    { "{\"enabled\":true,\"time\":\"03:00\",\"time_zone\":\"Europe/Paris\"}",
      "2026-03-28T12:00:00Z", "2026-03-29T01:00:00Z" },
    { "{\"enabled\":true,\"time\":\"03:01\",\"time_zone\":\"Europe/Paris\"}",
      "2026-03-28T12:00:00Z", "2026-03-29T01:01:00Z" },
    /* Weekly on Sunday at 02:15 lands in the gap too. */
    { "{\"enabled\":true,\"frequency\":\"weekly\",\"day_of_week\":7,\"time\":\"02:15\","
      "\"time_zone\":\"Europe/Paris\"}",
      "2026-03-23T00:00:00Z", "2026-03-29T01:00:00Z" },
    /* Every 2 hours from 00:00: 00:00 CET, 02:00 (gone, so 03:00 CEST), 04:00 CEST. */
    { "{\"enabled\":true,\"frequency\":\"every_2_hours\",\"time\":\"00:00\","
      "\"time_zone\":\"Europe/Paris\"}",
      "2026-03-28T22:59:00Z", "2026-03-28T23:00:00Z" },
    { "{\"enabled\":true,\"frequency\":\"every_2_hours\",\"time\":\"00:00\","
      "\"time_zone\":\"Europe/Paris\"}",
      "2026-03-28T23:00:00Z", "2026-03-29T01:00:00Z" },
    { "{\"enabled\":true,\"frequency\":\"every_2_hours\",\"time\":\"00:00\","
      "\"time_zone\":\"Europe/Paris\"}",
      "2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z" },
    /* New York springs forward at 02:00 EST on 8 March 2026, to 03:00 EDT (07:00 UTC). */
    { "{\"enabled\":true,\"time\":\"02:30\",\"time_zone\":\"America/New_York\"}",
      "2026-03-08T00:00:00Z", "2026-03-08T07:00:00Z" },
  };

  check_next_runs (cases, G_N_ELEMENTS (cases));
}

static void
test_next_run_dst_overlap (void)
{
  /* Europe/Paris, Sunday 25 October 2026: 03:00 CEST becomes 02:00 CET (01:00 UTC);
   * 02:00 to 02:59 happen twice. A run happens once, the first time. */
  static const NextRunCase cases[] = {
    { "{\"enabled\":true,\"time\":\"02:30\",\"time_zone\":\"Europe/Paris\"}",
      "2026-10-24T12:00:00Z", "2026-10-25T00:30:00Z" },
    /* Not again at the second 02:30 (01:30 UTC): the next day, in CET. */
    { "{\"enabled\":true,\"time\":\"02:30\",\"time_zone\":\"Europe/Paris\"}",
      "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z" },
    /* Around the repeated hour. */
    { "{\"enabled\":true,\"time\":\"01:59\",\"time_zone\":\"Europe/Paris\"}",
      "2026-10-24T12:00:00Z", "2026-10-24T23:59:00Z" },
    { "{\"enabled\":true,\"time\":\"03:00\",\"time_zone\":\"Europe/Paris\"}",
      "2026-10-24T12:00:00Z", "2026-10-25T02:00:00Z" },
    /* Every 2 hours from 00:00: 02:00 CEST once, then 04:00 CET three hours later. */
    { "{\"enabled\":true,\"frequency\":\"every_2_hours\",\"time\":\"00:00\","
      "\"time_zone\":\"Europe/Paris\"}",
      "2026-10-24T23:00:00Z", "2026-10-25T00:00:00Z" },
    { "{\"enabled\":true,\"frequency\":\"every_2_hours\",\"time\":\"00:00\","
      "\"time_zone\":\"Europe/Paris\"}",
      "2026-10-25T00:00:00Z", "2026-10-25T03:00:00Z" },
    /* New York falls back at 02:00 EDT on 1 November 2026: 01:30 is first at 05:30 UTC. */
    { "{\"enabled\":true,\"time\":\"01:30\",\"time_zone\":\"America/New_York\"}",
      "2026-11-01T00:00:00Z", "2026-11-01T05:30:00Z" },
    { "{\"enabled\":true,\"time\":\"01:30\",\"time_zone\":\"America/New_York\"}",
      "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z" },
  };

  check_next_runs (cases, G_N_ELEMENTS (cases));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/schedule/defaults", test_defaults);
  g_test_add_func ("/schedule/frequency-names", test_frequency_names);
  g_test_add_func ("/schedule/validation/errors", test_validation_errors);
  g_test_add_func ("/schedule/validation/accepts", test_validation_accepts);
  g_test_add_func ("/schedule/base-merge", test_base_merge);
  g_test_add_func ("/schedule/next-run/daily", test_next_run_daily);
  g_test_add_func ("/schedule/next-run/weekly", test_next_run_weekly);
  g_test_add_func ("/schedule/next-run/monthly", test_next_run_monthly);
  g_test_add_func ("/schedule/next-run/every-hours", test_next_run_every_hours);
  g_test_add_func ("/schedule/next-run/time-zones", test_next_run_time_zones);
  g_test_add_func ("/schedule/next-run/dst-gap", test_next_run_dst_gap);
  g_test_add_func ("/schedule/next-run/dst-overlap", test_next_run_dst_overlap);

  return g_test_run ();
}
