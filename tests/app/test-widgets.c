/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The widgets with what the service may send that is odd or new, and the
 * words the interface uses (the seeds' words).
 */

#include "config.h"

#include "eoc-environment-row.h"
#include "eoc-format.h"
#include "eoc-json.h"
#include "eoc-models-json.h"
#include "eoc-overview-page.h"
#include "eoc-status.h"
#include "eoc-toast.h"
#include "eoc-tooltip.h"
#include "test-app-utils.h"

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = eoc_json_parse (json, strlen (json), EOC_JSON_MAX_DEPTH, &error);

  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (node));
}

static EocEnvironment *
environment_from_json (const char *json)
{
  g_autoptr(JsonObject) object = parse_object (json);
  EocEnvironment *environment = eoc_environment_new_from_json (object);

  g_assert_nonnull (environment);
  return environment;
}

static GtkWindow *
show_in_window (GtkWidget *widget)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, 600, 700);
  gtk_window_set_child (window, widget);
  gtk_window_present (window);
  eoc_test_wait (300);
  return window;
}

/* A row for an environment with nothing but an id, and a status and type this version does not
 * know: neutral words, no crash, no blank. */
static void
test_row_odd_data (void)
{
  g_autoptr(EocEnvironment) environment =
    environment_from_json ("{\"id\": \"e1\", \"status\": \"on_fire\", \"type\": \"alien\"}");
  GtkWidget *row = eoc_environment_row_new ();
  GtkWindow *window;

  eoc_environment_row_set_environment (EOC_ENVIRONMENT_ROW (row), environment);
  window = show_in_window (row);

  g_assert_true (eoc_test_widget_shows (row, "Unnamed environment"));
  g_assert_true (eoc_test_widget_shows (row, "Production · unknown version"));
  g_assert_true (eoc_test_widget_shows (row, "Unknown"));

  gtk_window_destroy (window);
}

/* A name is shown as written, markup characters included. */
static void
test_row_name_as_written (void)
{
  g_autoptr(EocEnvironment) environment = environment_from_json (
    "{\"id\": \"e3\", \"name\": \"R&D <eu> \\\"blue\\\"\", \"type\": \"production\","
    " \"version\": \"1.0 <beta>\", \"status\": \"operational\"}");
  GtkWidget *row = eoc_environment_row_new ();
  GtkWindow *window;

  eoc_environment_row_set_environment (EOC_ENVIRONMENT_ROW (row), environment);
  window = show_in_window (row);

  g_assert_true (eoc_test_widget_shows (row, "R&D <eu> \"blue\""));
  g_assert_true (eoc_test_widget_shows (row, "Production · 1.0 <beta>"));

  gtk_window_destroy (window);
}

static gboolean
row_has_tooltip (GtkWidget *row)
{
  g_autoptr(GPtrArray) texts = eoc_test_find_widgets (row, GTK_TYPE_INSCRIPTION);
  g_autoptr(GObject) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  gboolean shown = FALSE;

  g_assert_cmpuint (texts->len, ==, 1);
  g_signal_emit_by_name (g_ptr_array_index (texts, 0), "query-tooltip", 1, 1, FALSE, tooltip,
                         &shown);
  return shown;
}

/* A name too long for the row ends in an ellipsis, and the whole of it is in a tooltip;
 * a name that fits has none. */
static void
test_row_cut_short (void)
{
  g_autoptr(EocEnvironment) environment = environment_from_json (
    "{\"id\": \"e4\", \"name\": \"QA\", \"type\": \"production\", \"version\": \"1.0\","
    " \"status\": \"operational\"}");
  g_autoptr(EocEnvironment) longer = environment_from_json (
    "{\"id\": \"e4\", \"name\": \"Quality assurance for the payment services of the "
    "northern European region, second cluster\", \"type\": \"production\","
    " \"version\": \"1.0\", \"status\": \"operational\"}");
  GtkWidget *row = eoc_environment_row_new ();
  GtkWindow *window;

  eoc_environment_row_set_environment (EOC_ENVIRONMENT_ROW (row), environment);
  window = show_in_window (row);
  g_assert_false (row_has_tooltip (row));

  eoc_environment_update_from (environment, longer);
  eoc_test_wait (100);
  g_assert_true (row_has_tooltip (row));

  gtk_window_destroy (window);
}

/* The row follows the object it shows, as events update it in place. */
static void
test_row_follows (void)
{
  g_autoptr(EocEnvironment) environment = environment_from_json (
    "{\"id\": \"e2\", \"name\": \"Staging\", \"type\": \"non_production\", \"version\": \"2.1.0\","
    " \"status\": \"operational\"}");
  g_autoptr(EocEnvironment) updating = environment_from_json (
    "{\"id\": \"e2\", \"name\": \"Staging\", \"type\": \"non_production\", \"version\": \"2.1.0\","
    " \"status\": \"updating\", \"operation\": {\"id\": \"o1\", \"environment_id\": \"e2\","
    " \"kind\": \"restore\", \"state\": \"running\", \"progress\": 0.5,"
    " \"message\": \"Restoring backup\"}}");
  g_autoptr(EocEnvironment) failed = environment_from_json (
    "{\"id\": \"e2\", \"name\": \"Staging\", \"type\": \"non_production\", \"version\": \"2.0.0\","
    " \"status\": \"update_failed\"}");
  GtkWidget *row = eoc_environment_row_new ();
  g_autoptr(GPtrArray) spinners = NULL;
  GtkWindow *window;

  eoc_environment_row_set_environment (EOC_ENVIRONMENT_ROW (row), environment);
  window = show_in_window (row);
  g_assert_true (eoc_test_widget_shows (row, "Operational"));
  g_assert_true (eoc_test_widget_shows (row, "Non-production · 2.1.0"));

  eoc_environment_update_from (environment, updating);
  eoc_test_wait (50);
  g_assert_true (eoc_test_widget_shows (row, "Updating"));
  spinners = eoc_test_find_widgets (row, GTK_TYPE_SPINNER);
  g_assert_cmpuint (spinners->len, ==, 1);
  g_assert_true (gtk_spinner_get_spinning (g_ptr_array_index (spinners, 0)));

  eoc_environment_update_from (environment, failed);
  eoc_test_wait (50);
  g_assert_true (eoc_test_widget_shows (row, "Update Failed"));
  g_assert_true (eoc_test_widget_shows (row, "Non-production · 2.0.0"));
  g_clear_pointer (&spinners, g_ptr_array_unref);
  spinners = eoc_test_find_widgets (row, GTK_TYPE_SPINNER);
  g_assert_cmpuint (spinners->len, ==, 0);

  gtk_window_destroy (window);
}

/* The Overview of an environment with missing details: fallbacks, not blanks. */
static void
test_overview_odd_data (void)
{
  g_autoptr(EocEnvironment) environment =
    environment_from_json ("{\"id\": \"e3\", \"status\": \"updating\", \"type\": \"alien\","
                           " \"operation\": {\"id\": \"o2\", \"environment_id\": \"e3\","
                           " \"kind\": \"backup\", \"state\": \"running\", \"progress\": 7}}");
  GtkWidget *page = g_object_new (EOC_TYPE_OVERVIEW_PAGE, NULL);
  g_autoptr(GPtrArray) bars = NULL;
  GtkWindow *window;

  eoc_overview_page_set_environment (EOC_OVERVIEW_PAGE (page), environment);
  window = show_in_window (page);

  g_assert_true (eoc_test_widget_shows (page, "Unnamed environment"));
  g_assert_true (eoc_test_widget_shows (page, "Updating"));
  g_assert_true (eoc_test_widget_shows (page, "Never"));
  g_assert_true (eoc_test_widget_shows (page, "Unknown"));
  /* No message from the service: the kind says what runs; progress is kept in range. */
  g_assert_true (eoc_test_widget_shows (page, "Creating environment backup"));
  g_assert_true (eoc_test_widget_shows (page, "100 %"));
  bars = eoc_test_find_widgets (page, GTK_TYPE_PROGRESS_BAR);
  g_assert_cmpuint (bars->len, ==, 1);
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (g_ptr_array_index (bars, 0)), ==, 1.0);
  /* An unknown type is treated as production: never started or stopped from here. */
  g_assert_null (eoc_test_find_button (page, "Stop"));
  g_assert_null (eoc_test_find_button (page, "Start"));

  gtk_window_destroy (window);
}

static void
test_words (void)
{
  g_autoptr(JsonObject) weekly = parse_object (
    "{\"enabled\": true, \"frequency\": \"weekly\", \"day_of_week\": 1, \"time\": \"02:00\","
    " \"time_zone\": \"Europe/Paris\"}");
  g_autoptr(JsonObject) monthly = parse_object (
    "{\"enabled\": true, \"frequency\": \"monthly\", \"day_of_month\": 15, \"time\": \"23:30\"}");
  g_autoptr(JsonObject) hours = parse_object (
    "{\"enabled\": true, \"frequency\": \"every_4_hours\", \"time\": \"01:00\","
    " \"time_zone\": \"UTC\"}");
  g_autoptr(JsonObject) disabled = parse_object ("{\"enabled\": false, \"frequency\": \"daily\"}");
  g_autoptr(EocSchedule) schedule = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) minutes_ago = g_date_time_add_minutes (now, -5);
  g_autoptr(GDateTime) seconds_ago = g_date_time_add_seconds (now, -20);
  g_autofree char *text = NULL;

  /* The seeds' words. */
  g_assert_cmpstr (eoc_status_to_label (EOC_ENVIRONMENT_STATUS_OPERATIONAL), ==, "Operational");
  g_assert_cmpstr (eoc_status_to_label (EOC_ENVIRONMENT_STATUS_UPDATING), ==, "Updating");
  g_assert_cmpstr (eoc_status_to_label (EOC_ENVIRONMENT_STATUS_UPDATE_FAILED), ==, "Update Failed");
  g_assert_cmpstr (eoc_status_to_label (EOC_ENVIRONMENT_STATUS_OFFLINE), ==, "Offline");
  g_assert_cmpstr (eoc_status_to_label (EOC_ENVIRONMENT_STATUS_STARTING), ==, "Starting");
  g_assert_cmpstr (eoc_status_to_label (EOC_ENVIRONMENT_STATUS_STOPPING), ==, "Stopping");
  g_assert_cmpstr (eoc_status_to_label (EOC_ENVIRONMENT_STATUS_UNKNOWN), ==, "Unknown");

  schedule = eoc_schedule_new_from_json (weekly);
  text = eoc_format_schedule (schedule);
  g_assert_cmpstr (text, ==, "Every Monday at 02:00 (Europe/Paris)");
  g_clear_pointer (&text, g_free);
  g_clear_object (&schedule);

  schedule = eoc_schedule_new_from_json (monthly);
  text = eoc_format_schedule (schedule);
  g_assert_cmpstr (text, ==, "Every month on day 15 at 23:30 (UTC)");
  g_clear_pointer (&text, g_free);
  g_clear_object (&schedule);

  schedule = eoc_schedule_new_from_json (hours);
  text = eoc_format_schedule (schedule);
  g_assert_cmpstr (text, ==, "Every 4 hours from 01:00 (UTC)");
  g_clear_pointer (&text, g_free);
  g_clear_object (&schedule);

  schedule = eoc_schedule_new_from_json (disabled);
  g_assert_null (eoc_format_schedule (schedule));
  g_assert_null (eoc_format_schedule (NULL));

  text = eoc_format_action ("backup_restored");
  g_assert_cmpstr (text, ==, "Backup restored");
  g_clear_pointer (&text, g_free);
  text = eoc_format_action ("disk_checked");
  g_assert_cmpstr (text, ==, "Disk checked");
  g_clear_pointer (&text, g_free);
  text = eoc_format_action (NULL);
  g_assert_cmpstr (text, ==, "Unknown action");
  g_clear_pointer (&text, g_free);

  text = eoc_format_relative_time (seconds_ago, now);
  g_assert_cmpstr (text, ==, "Just now");
  g_clear_pointer (&text, g_free);
  text = eoc_format_relative_time (minutes_ago, now);
  g_assert_cmpstr (text, ==, "5 minutes ago");
  g_clear_pointer (&text, g_free);
  text = eoc_format_relative_time (NULL, now);
  g_assert_cmpstr (text, ==, "Unknown time");
}

static void
dismissed_cb (AdwToast *toast,
              gboolean *dismissed)
{
  *dismissed = TRUE;
}

static gboolean
is_true (gpointer user_data)
{
  return *(gboolean *) user_data;
}

/* A message that must be read stays until Dismiss; its text is shown as given. */
static void
test_lasting_toast (void)
{
  AdwToastOverlay *overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  AdwToast *toast = eoc_toast_new_lasting ("Could not stop “<QA>”: the service & co refused");
  gboolean dismissed = FALSE;
  GtkWindow *window;
  GtkWidget *button;

  g_assert_cmpuint (adw_toast_get_timeout (toast), ==, 0);
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "Dismiss");
  g_signal_connect (toast, "dismissed", G_CALLBACK (dismissed_cb), &dismissed);

  adw_toast_overlay_set_child (overlay, gtk_label_new ("content"));
  window = show_in_window (GTK_WIDGET (overlay));
  adw_toast_overlay_add_toast (overlay, toast);
  eoc_test_wait (400);

  g_assert_true (eoc_test_widget_shows (GTK_WIDGET (overlay),
                                        "Could not stop “<QA>”: the service & co refused"));
  /* Still there well after a passing toast would have gone. */
  eoc_test_wait (6000);
  g_assert_false (dismissed);

  button = eoc_test_find_button (GTK_WIDGET (overlay), "Dismiss");
  g_assert_nonnull (button);
  gtk_widget_activate (button);
  g_assert_true (eoc_test_wait_until (is_true, &dismissed, 2000));

  gtk_window_destroy (window);
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

/* A tooltip set again with the same text changes nothing (in GTK 4.8 each
 * change asks the X server where the pointer is); another text, or none, does. */
static void
test_tooltip_unchanged (void)
{
  GtkWidget *label = g_object_ref_sink (gtk_label_new ("Now"));
  guint changes = 0;

  g_signal_connect (label, "notify::tooltip-text", G_CALLBACK (count_cb), &changes);

  eoc_widget_set_tooltip (label, "Tuesday 1 December 2026, 05:00:00");
  g_assert_cmpuint (changes, ==, 1);
  eoc_widget_set_tooltip (label, "Tuesday 1 December 2026, 05:00:00");
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (label), ==, "Tuesday 1 December 2026, 05:00:00");

  eoc_widget_set_tooltip (label, "Tuesday 1 December 2026, 06:00:00");
  g_assert_cmpuint (changes, ==, 2);
  g_assert_true (gtk_widget_get_has_tooltip (label));

  /* "" is none, as for gtk_widget_set_tooltip_text(). */
  eoc_widget_set_tooltip (label, "");
  g_assert_cmpuint (changes, ==, 3);
  g_assert_null (gtk_widget_get_tooltip_text (label));
  g_assert_false (gtk_widget_get_has_tooltip (label));
  eoc_widget_set_tooltip (label, NULL);
  g_assert_cmpuint (changes, ==, 3);

  g_object_unref (label);
}

int
main (int   argc,
      char *argv[])
{
  eoc_test_app_init (&argc, &argv);

  g_test_add_func ("/widgets/row-odd-data", test_row_odd_data);
  g_test_add_func ("/widgets/row-name-as-written", test_row_name_as_written);
  g_test_add_func ("/widgets/row-cut-short", test_row_cut_short);
  g_test_add_func ("/widgets/row-follows", test_row_follows);
  g_test_add_func ("/widgets/overview-odd-data", test_overview_odd_data);
  g_test_add_func ("/widgets/words", test_words);
  g_test_add_func ("/widgets/lasting-toast", test_lasting_toast);
  g_test_add_func ("/widgets/tooltip-unchanged", test_tooltip_unchanged);

  return g_test_run ();
}
