/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Scheduled Backups and Update Environment dialogs against the real
 * service: what they load, what they store, what they refuse.
 */

#include "config.h"

#include <string.h>

#include "eoc-format.h"
#include "eoc-schedule-dialog.h"
#include "eoc-update-dialog.h"
#include "test-app-utils.h"

static const char *server_args[] = { "--demo", "--apply-delay", "0", NULL };

typedef struct {
  EocTestServer *server;
  EocClient     *admin;
  EocClient     *operator_;
  EocClient     *viewer;
  GtkWindow     *parent;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = eoc_test_server_new (server_args);
  fixture->admin = eoc_test_client_new (fixture->server->url, fixture->server->admin_token);
  fixture->operator_ = eoc_test_client_new (fixture->server->url,
                                            fixture->server->operator_token);
  fixture->viewer = eoc_test_client_new (fixture->server->url, fixture->server->viewer_token);
  fixture->parent = GTK_WINDOW (adw_application_window_new (NULL));
  gtk_window_present (fixture->parent);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->parent);
  eoc_test_wait (100);
  g_clear_object (&fixture->admin);
  g_clear_object (&fixture->operator_);
  g_clear_object (&fixture->viewer);
  eoc_test_server_free (fixture->server);
}

/* Async calls, waited for. */

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
has_result (gpointer user_data)
{
  return *(GAsyncResult **) user_data != NULL;
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  g_assert_true (eoc_test_wait_until (has_result, slot, 10000));
  return *slot;
}

static EocEnvironment *
get_environment (Fixture    *fixture,
                 const char *name)
{
  g_autofree char *id = eoc_test_environment_id (fixture->admin, name);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  EocEnvironment *environment;

  eoc_client_get_environment_async (fixture->admin, id, NULL, store_result_cb, &result);
  environment = eoc_client_get_environment_finish (fixture->admin, wait_result (&result), &error);
  g_assert_no_error (error);
  return environment;
}

static EocSchedule *
get_schedule (Fixture    *fixture,
              const char *environment_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  EocSchedule *schedule;

  eoc_client_get_schedule_async (fixture->viewer, environment_id, NULL, store_result_cb, &result);
  schedule = eoc_client_get_schedule_finish (fixture->viewer, wait_result (&result), &error);
  g_assert_no_error (error);
  return schedule;
}

static void
set_schedule (Fixture     *fixture,
              const char  *environment_id,
              EocSchedule *schedule)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocSchedule) saved = NULL;

  eoc_client_set_schedule_async (fixture->operator_, environment_id, schedule, NULL,
                                 store_result_cb, &result);
  saved = eoc_client_set_schedule_finish (fixture->operator_, wait_result (&result), &error);
  g_assert_no_error (error);
}

static guint
count_backups (Fixture    *fixture,
               const char *environment_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) backups = NULL;

  eoc_client_list_backups_async (fixture->viewer, environment_id, NULL, 500, NULL, NULL,
                                 store_result_cb, &result);
  backups = eoc_client_list_backups_finish (fixture->viewer, wait_result (&result), NULL, &error);
  g_assert_no_error (error);
  return backups->len;
}

static EocOperation *
wait_operation (Fixture    *fixture,
                const char *operation_id)
{
  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(EocOperation) operation = NULL;

      eoc_client_get_operation_async (fixture->viewer, operation_id, NULL, store_result_cb,
                                      &result);
      operation = eoc_client_get_operation_finish (fixture->viewer, wait_result (&result),
                                                   &error);
      g_assert_no_error (error);
      if (eoc_operation_is_finished (operation))
        return g_steal_pointer (&operation);
      eoc_test_wait (100);
    }

  g_assert_not_reached ();
}

/* The dialogs. */

static gpointer
child (gpointer    dialog,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (dialog), type, name);

  g_assert_nonnull (object);
  return object;
}

typedef struct {
  GtkStack   *stack;
  const char *page;
} StackShows;

static gboolean
stack_shows (gpointer user_data)
{
  StackShows *shows = user_data;

  return g_strcmp0 (gtk_stack_get_visible_child_name (shows->stack), shows->page) == 0;
}

static void
wait_page (gpointer    dialog,
           GType       type,
           const char *page)
{
  StackShows shows = { child (dialog, type, "stack"), page };

  g_assert_true (eoc_test_wait_until (stack_shows, &shows, 10000));
  eoc_test_wait (50);
}

static gboolean
is_gone (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

static gboolean
action_enabled (gpointer    dialog,
                const char *button)
{
  GtkWidget *widget = child (dialog, G_OBJECT_TYPE (dialog), button);

  return gtk_widget_get_visible (widget) && gtk_widget_is_sensitive (widget);
}

static void
set_text (gpointer    dialog,
          const char *row,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, EOC_TYPE_SCHEDULE_DIALOG, row)), text);
}

static void
select_item (gpointer    dialog,
             const char *row,
             guint       position)
{
  adw_combo_row_set_selected (child (dialog, EOC_TYPE_SCHEDULE_DIALOG, row), position);
}

static void
record_toast_cb (gpointer   dialog,
                 AdwToast  *toast,
                 AdwToast **slot)
{
  g_assert_null (*slot);
  *slot = g_object_ref_sink (toast);
}

static void
record_operation_cb (gpointer       dialog,
                     EocOperation  *operation,
                     EocOperation **slot)
{
  g_assert_null (*slot);
  *slot = g_object_ref (operation);
}

/* An existing schedule set through a client shows as it is, with nothing to save. */
static void
test_schedule_loads (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(EocEnvironment) staging = get_environment (fixture, "Staging");
  g_autoptr(EocSchedule) schedule = eoc_schedule_new ();
  EocScheduleDialog *dialog;

  eoc_schedule_set_enabled (schedule, TRUE);
  eoc_schedule_set_frequency (schedule, EOC_SCHEDULE_FREQUENCY_EVERY_8_HOURS);
  eoc_schedule_set_time (schedule, "05:30");
  eoc_schedule_set_time_zone (schedule, "America/New_York");
  eoc_schedule_set_retention_days (schedule, 60);
  set_schedule (fixture, eoc_environment_get_id (staging), schedule);

  dialog = eoc_schedule_dialog_new (fixture->parent, fixture->operator_, staging);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Scheduled Backups");
  g_assert_true (eoc_test_widget_shows (GTK_WIDGET (dialog), "Scheduled Backups"));
  g_assert_true (eoc_test_widget_shows (GTK_WIDGET (dialog), "Staging"));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == fixture->parent);
  wait_page (dialog, EOC_TYPE_SCHEDULE_DIALOG, "schedule");

  g_assert_true (gtk_switch_get_active (child (dialog, EOC_TYPE_SCHEDULE_DIALOG,
                                               "enabled_switch")));
  g_assert_true (eoc_test_widget_shows (GTK_WIDGET (dialog),
                                        "Every 8 hours from 05:30 (America/New_York)"));
  g_assert_true (eoc_test_widget_shows (GTK_WIDGET (dialog), "Every 8 hours"));
  g_assert_true (eoc_test_widget_shows (GTK_WIDGET (dialog), "60 days"));
  g_assert_cmpstr (gtk_editable_get_text (child (dialog, EOC_TYPE_SCHEDULE_DIALOG, "time_row")),
                   ==, "05:30");
  g_assert_cmpstr (gtk_editable_get_text (child (dialog, EOC_TYPE_SCHEDULE_DIALOG,
                                                 "time_zone_row")), ==, "America/New_York");
  /* Neither a day of the week nor of the month applies. */
  g_assert_false (gtk_widget_get_visible (child (dialog, EOC_TYPE_SCHEDULE_DIALOG,
                                                 "day_of_week_row")));
  g_assert_false (gtk_widget_get_visible (child (dialog, EOC_TYPE_SCHEDULE_DIALOG,
                                                 "day_of_month_row")));
  g_assert_true (gtk_widget_is_sensitive (child (dialog, EOC_TYPE_SCHEDULE_DIALOG, "time_row")));
  {
    g_autofree char *text = eoc_test_widget_text (GTK_WIDGET (dialog));

    g_assert_nonnull (strstr (text, "Next backup: "));
  }

  /* Nothing changed: nothing to save. */
  g_assert_false (action_enabled (dialog, "save_button"));

  /* Turned off, the rest cannot be edited, and there is something to save. */
  gtk_switch_set_active (child (dialog, EOC_TYPE_SCHEDULE_DIALOG, "enabled_switch"), FALSE);
  g_assert_false (gtk_widget_is_sensitive (child (dialog, EOC_TYPE_SCHEDULE_DIALOG, "time_row")));
  g_assert_false (gtk_widget_is_sensitive (child (dialog, EOC_TYPE_SCHEDULE_DIALOG,
                                                  "retention_row")));
  g_assert_true (gtk_widget_is_sensitive (child (dialog, EOC_TYPE_SCHEDULE_DIALOG,
                                                 "enabled_switch")));
  g_assert_true (action_enabled (dialog, "save_button"));

  /* Turning it off is saved as such, and said so. */
  {
    g_autoptr(AdwToast) toast = NULL;
    g_autoptr(EocSchedule) stored = NULL;
    gpointer watch = dialog;

    g_signal_connect (dialog, "add-toast", G_CALLBACK (record_toast_cb), &toast);
    g_object_add_weak_pointer (G_OBJECT (dialog), &watch);
    gtk_widget_activate (child (dialog, EOC_TYPE_SCHEDULE_DIALOG, "save_button"));
    g_assert_true (eoc_test_wait_until (is_gone, &watch, 10000));
    g_assert_nonnull (toast);
    g_assert_cmpstr (adw_toast_get_title (toast), ==, "Scheduled backups turned off");

    stored = get_schedule (fixture, eoc_environment_get_id (staging));
    g_assert_false (eoc_schedule_get_enabled (stored));
    g_assert_cmpstr (eoc_schedule_get_time (stored), ==, "05:30");
    g_assert_cmpuint (eoc_schedule_get_retention_days (stored), ==, 60);
  }
}

/* Weekly on a day at a time: stored exactly, and the next run shown is the service's. */
static void
test_schedule_saves_weekly (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(EocEnvironment) qa = get_environment (fixture, "QA");
  g_autoptr(EocSchedule) before = get_schedule (fixture, eoc_environment_get_id (qa));
  g_autoptr(EocSchedule) stored = NULL;
  g_autoptr(AdwToast) toast = NULL;
  g_autoptr(GDateTime) shown_at = NULL;
  g_autofree char *next_shown = NULL;
  g_autofree char *zone_shown = NULL;
  EocScheduleDialog *dialog;
  gpointer watch;

  g_assert_false (eoc_schedule_get_enabled (before));

  dialog = eoc_schedule_dialog_new (fixture->parent, fixture->operator_, qa);
  watch = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &watch);
  g_signal_connect (dialog, "add-toast", G_CALLBACK (record_toast_cb), &toast);
  gtk_window_present (GTK_WINDOW (dialog));
  wait_page (dialog, EOC_TYPE_SCHEDULE_DIALOG, "schedule");

  /* Off: only the switch can be used, and there is nothing to save. */
  g_assert_false (gtk_switch_get_active (child (dialog, EOC_TYPE_SCHEDULE_DIALOG,
                                                "enabled_switch")));
  g_assert_false (gtk_widget_is_sensitive (child (dialog, EOC_TYPE_SCHEDULE_DIALOG,
                                                  "frequency_row")));
  g_assert_false (action_enabled (dialog, "save_button"));
  /* A schedule never set up starts in the user's own time zone. */
  zone_shown = g_strdup (gtk_editable_get_text (child (dialog, EOC_TYPE_SCHEDULE_DIALOG,
                                                       "time_zone_row")));
  g_assert_cmpstr (zone_shown, !=, "");

  gtk_switch_set_active (child (dialog, EOC_TYPE_SCHEDULE_DIALOG, "enabled_switch"), TRUE);
  g_assert_true (gtk_widget_is_sensitive (child (dialog, EOC_TYPE_SCHEDULE_DIALOG,
                                                 "frequency_row")));
  select_item (dialog, "frequency_row", EOC_SCHEDULE_FREQUENCY_WEEKLY);
  g_assert_true (gtk_widget_get_visible (child (dialog, EOC_TYPE_SCHEDULE_DIALOG,
                                                "day_of_week_row")));
  g_assert_false (gtk_widget_get_visible (child (dialog, EOC_TYPE_SCHEDULE_DIALOG,
                                                 "day_of_month_row")));
  select_item (dialog, "day_of_week_row", 2);     /* Wednesday */
  set_text (dialog, "time_row", "14:05");
  set_text (dialog, "time_zone_row", "Europe/Paris");
  eoc_test_wait (50);

  g_assert_true (eoc_test_widget_shows (GTK_WIDGET (dialog), "Wednesday"));
  g_assert_true (eoc_test_widget_shows (GTK_WIDGET (dialog),
                                        "Every Wednesday at 14:05 (Europe/Paris)"));
  g_assert_true (action_enabled (dialog, "save_button"));
  next_shown = g_strdup (gtk_label_get_text (child (dialog, EOC_TYPE_SCHEDULE_DIALOG,
                                                    "next_label")));
  shown_at = g_date_time_new_now_utc ();
  g_assert_true (g_str_has_prefix (next_shown, "Next backup: "));

  gtk_widget_activate (child (dialog, EOC_TYPE_SCHEDULE_DIALOG, "save_button"));
  g_assert_true (eoc_test_wait_until (is_gone, &watch, 10000));
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "Scheduled backups saved");

  /* Exactly that on the service. */
  stored = get_schedule (fixture, eoc_environment_get_id (qa));
  g_assert_true (eoc_schedule_get_enabled (stored));
  g_assert_cmpint (eoc_schedule_get_frequency (stored), ==, EOC_SCHEDULE_FREQUENCY_WEEKLY);
  g_assert_cmpuint (eoc_schedule_get_day_of_week (stored), ==, 3);
  g_assert_cmpstr (eoc_schedule_get_time (stored), ==, "14:05");
  g_assert_cmpstr (eoc_schedule_get_time_zone (stored), ==, "Europe/Paris");
  g_assert_cmpuint (eoc_schedule_get_retention_days (stored), ==, 30);
  g_assert_cmpuint (eoc_schedule_get_day_of_month (stored), ==,
                    eoc_schedule_get_day_of_month (before));

  /* The next run shown before saving is the one the service computed. */
  {
    g_autofree char *when = eoc_format_future_time (eoc_schedule_get_next_run (stored), shown_at);
    g_autofree char *expected = NULL;
    g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
    g_autoptr(GDateTime) local = g_date_time_to_timezone (eoc_schedule_get_next_run (stored),
                                                          paris);
    g_autoptr(GDateTime) here = g_date_time_to_local (eoc_schedule_get_next_run (stored));

    /* In the user's time, and in Paris's when that differs. */
    if (g_date_time_get_utc_offset (here) == g_date_time_get_utc_offset (local))
      expected = g_strdup_printf ("Next backup: %s", when);
    else
      expected = g_strdup_printf ("Next backup: %s (14:05 Europe/Paris)", when);

    g_assert_cmpstr (next_shown, ==, expected);
    g_assert_cmpint (g_date_time_get_day_of_week (local), ==, 3);
    g_assert_cmpint (g_date_time_get_hour (local), ==, 14);
    g_assert_cmpint (g_date_time_get_minute (local), ==, 5);
  }
}

/* A time or a time zone that is not one keeps Save insensitive, and says why. */
static void
test_schedule_invalid (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(EocEnvironment) qa = get_environment (fixture, "QA");
  g_autoptr(EocSchedule) stored = NULL;
  g_autoptr(AdwToast) toast = NULL;
  GtkWidget *invalid_label;
  EocScheduleDialog *dialog;

  dialog = eoc_schedule_dialog_new (fixture->parent, fixture->viewer, qa);
  g_signal_connect (dialog, "add-toast", G_CALLBACK (record_toast_cb), &toast);
  gtk_window_present (GTK_WINDOW (dialog));
  wait_page (dialog, EOC_TYPE_SCHEDULE_DIALOG, "schedule");
  invalid_label = child (dialog, EOC_TYPE_SCHEDULE_DIALOG, "invalid_label");

  gtk_switch_set_active (child (dialog, EOC_TYPE_SCHEDULE_DIALOG, "enabled_switch"), TRUE);
  g_assert_true (action_enabled (dialog, "save_button"));

  set_text (dialog, "time_row", "25:00");
  g_assert_false (action_enabled (dialog, "save_button"));
  g_assert_true (gtk_widget_get_visible (invalid_label));
  g_assert_true (eoc_test_widget_shows (GTK_WIDGET (dialog),
                                        "Enter the time as hours and minutes, from 00:00 to "
                                        "23:59."));
  g_assert_false (gtk_widget_get_visible (child (dialog, EOC_TYPE_SCHEDULE_DIALOG, "next_box")));

  set_text (dialog, "time_row", "noon");
  g_assert_false (action_enabled (dialog, "save_button"));
  set_text (dialog, "time_row", "12:60");
  g_assert_false (action_enabled (dialog, "save_button"));

  /* "7:30" is a time. */
  set_text (dialog, "time_row", "7:30");
  g_assert_true (action_enabled (dialog, "save_button"));
  g_assert_false (gtk_widget_get_visible (invalid_label));

  set_text (dialog, "time_zone_row", "Mars/Olympus_Mons");
  g_assert_false (action_enabled (dialog, "save_button"));
  g_assert_true (gtk_widget_get_visible (invalid_label));
  set_text (dialog, "time_zone_row", "+05:30");
  g_assert_false (action_enabled (dialog, "save_button"));
  set_text (dialog, "time_zone_row", "Asia/Kolkata");
  g_assert_true (action_enabled (dialog, "save_button"));

  /* A viewer may not change it: the service says so, in the dialog, which stays. */
  gtk_widget_activate (child (dialog, EOC_TYPE_SCHEDULE_DIALOG, "save_button"));
  {
    GtkWidget *error_label = child (dialog, EOC_TYPE_SCHEDULE_DIALOG, "error_label");

    g_assert_true (eoc_test_wait_until ((EocTestCondition) gtk_widget_get_visible, error_label,
                                        10000));
    g_test_message ("%s", gtk_label_get_text (GTK_LABEL (error_label)));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), !=, "");
  }
  g_assert_null (toast);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_true (action_enabled (dialog, "save_button"));

  stored = get_schedule (fixture, eoc_environment_get_id (qa));
  g_assert_false (eoc_schedule_get_enabled (stored));

  gtk_window_close (GTK_WINDOW (dialog));
}

static GStrv
listed_versions (EocUpdateDialog *dialog)
{
  AdwComboRow *row = child (dialog, EOC_TYPE_UPDATE_DIALOG, "version_row");
  GListModel *model = adw_combo_row_get_model (row);
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv versions;

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    g_strv_builder_add (builder, gtk_string_list_get_string (GTK_STRING_LIST (model), i));
  versions = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return versions;
}

static const char *
chosen_version (EocUpdateDialog *dialog)
{
  AdwComboRow *row = child (dialog, EOC_TYPE_UPDATE_DIALOG, "version_row");

  return gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (row)),
                                     adw_combo_row_get_selected (row));
}

/* Only newer versions, the one asked for chosen; Update starts it after a safety backup. */
static void
test_update (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(EocEnvironment) staging = get_environment (fixture, "Staging");
  const char *id = eoc_environment_get_id (staging);
  g_autoptr(EocEnvironment) after = NULL;
  g_autoptr(EocOperation) started = NULL;
  g_autoptr(EocOperation) finished = NULL;
  g_autoptr(AdwToast) toast = NULL;
  g_auto(GStrv) versions = NULL;
  guint backups = count_backups (fixture, id);
  EocUpdateDialog *dialog;
  gpointer watch;

  g_assert_cmpstr (eoc_environment_get_version (staging), ==, "2.1.0");

  dialog = eoc_update_dialog_new (fixture->parent, fixture->operator_, staging, "2.2.0");
  watch = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &watch);
  g_signal_connect (dialog, "add-toast", G_CALLBACK (record_toast_cb), &toast);
  g_signal_connect (dialog, "operation-started", G_CALLBACK (record_operation_cb), &started);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Update Environment");
  wait_page (dialog, EOC_TYPE_UPDATE_DIALOG, "choose");

  versions = listed_versions (dialog);
  g_assert_cmpstrv (versions, ((const char *[]) { "2.2.0", "3.0.0", NULL }));
  g_assert_cmpstr (chosen_version (dialog), ==, "2.2.0");
  g_assert_true (eoc_test_widget_shows (GTK_WIDGET (dialog), "2.1.0"));
  g_assert_true (eoc_test_widget_shows (GTK_WIDGET (dialog), "Back up current configuration first"));
  g_assert_true (gtk_switch_get_active (child (dialog, EOC_TYPE_UPDATE_DIALOG, "safety_switch")));
  g_assert_true (eoc_test_widget_shows (GTK_WIDGET (dialog),
                                        "The update can take up to one hour. Meanwhile the "
                                        "environment reads “Updating” and no other operation "
                                        "can run on it."));
  g_assert_false (gtk_widget_get_visible (child (dialog, EOC_TYPE_UPDATE_DIALOG,
                                                 "downgrade_label")));
  g_assert_true (action_enabled (dialog, "update_button"));

  gtk_widget_activate (child (dialog, EOC_TYPE_UPDATE_DIALOG, "update_button"));
  g_assert_true (eoc_test_wait_until (is_gone, &watch, 10000));

  g_assert_nonnull (started);
  g_assert_cmpint (eoc_operation_get_kind (started), ==, EOC_OPERATION_KIND_UPDATE);
  g_assert_cmpstr (eoc_operation_get_environment_id (started), ==, id);
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_title (toast), ==,
                   "“Staging” is being updated to version 2.2.0. This can take up to one hour.");
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "Dismiss");
  g_assert_cmpuint (adw_toast_get_timeout (toast), ==, 0);

  finished = wait_operation (fixture, eoc_operation_get_id (started));
  g_assert_cmpint (eoc_operation_get_state (finished), ==, EOC_OPERATION_STATE_SUCCEEDED);
  after = get_environment (fixture, "Staging");
  g_assert_cmpstr (eoc_environment_get_version (after), ==, "2.2.0");
  g_assert_cmpuint (count_backups (fixture, id), ==, backups + 1);
}

/* An older version asked for: not offered, and the dialog says why; a viewer is refused. */
static void
test_update_downgrade (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(EocEnvironment) staging = get_environment (fixture, "Staging");
  g_autoptr(EocEnvironment) after = NULL;
  g_autoptr(EocOperation) started = NULL;
  g_auto(GStrv) versions = NULL;
  GtkWidget *downgrade_label, *error_label;
  EocUpdateDialog *dialog;

  dialog = eoc_update_dialog_new (fixture->parent, fixture->viewer, staging, "2.0.0");
  g_signal_connect (dialog, "operation-started", G_CALLBACK (record_operation_cb), &started);
  gtk_window_present (GTK_WINDOW (dialog));
  wait_page (dialog, EOC_TYPE_UPDATE_DIALOG, "choose");

  versions = listed_versions (dialog);
  g_assert_cmpstrv (versions, ((const char *[]) { "2.2.0", "3.0.0", NULL }));
  g_assert_cmpstr (chosen_version (dialog), ==, "3.0.0");
  downgrade_label = child (dialog, EOC_TYPE_UPDATE_DIALOG, "downgrade_label");
  g_assert_true (gtk_widget_get_visible (downgrade_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (downgrade_label)), ==,
                   "“Staging” runs version 2.1.0: an environment cannot be downgraded to an "
                   "older version such as 2.0.0.");

  gtk_widget_activate (child (dialog, EOC_TYPE_UPDATE_DIALOG, "update_button"));
  error_label = child (dialog, EOC_TYPE_UPDATE_DIALOG, "error_label");
  g_assert_true (eoc_test_wait_until ((EocTestCondition) gtk_widget_get_visible, error_label,
                                      10000));
  g_test_message ("%s", gtk_label_get_text (GTK_LABEL (error_label)));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), !=, "");
  g_assert_null (started);
  g_assert_true (action_enabled (dialog, "update_button"));

  after = get_environment (fixture, "Staging");
  g_assert_cmpstr (eoc_environment_get_version (after), ==, "2.1.0");
  g_assert_null (eoc_environment_get_operation (after));

  gtk_window_close (GTK_WINDOW (dialog));
}

/* At the newest version: up to date, and nothing to press but Close. */
static void
test_update_up_to_date (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(EocEnvironment) newest = eoc_test_create_environment (fixture->admin, "Newest",
                                                                   "3.0.0");
  EocUpdateDialog *dialog;
  gpointer watch;

  dialog = eoc_update_dialog_new (fixture->parent, fixture->operator_, newest, NULL);
  watch = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &watch);
  gtk_window_present (GTK_WINDOW (dialog));
  wait_page (dialog, EOC_TYPE_UPDATE_DIALOG, "up-to-date");

  g_assert_true (eoc_test_widget_shows (GTK_WIDGET (dialog), "Up to Date"));
  g_assert_true (eoc_test_widget_shows (GTK_WIDGET (dialog),
                                        "“Newest” runs version 3.0.0, the newest version this "
                                        "service knows."));
  g_assert_null (eoc_test_find_button (GTK_WIDGET (dialog), "Update"));
  g_assert_nonnull (eoc_test_find_button (GTK_WIDGET (dialog), "Close"));

  /* Close closes it. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  g_assert_true (eoc_test_wait_until (is_gone, &watch, 10000));
}

int
main (int   argc,
      char *argv[])
{
  eoc_test_app_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/schedule-dialog/loads", test_schedule_loads);
  ADD ("/schedule-dialog/saves-weekly", test_schedule_saves_weekly);
  ADD ("/schedule-dialog/invalid", test_schedule_invalid);
  ADD ("/update-dialog/update", test_update);
  ADD ("/update-dialog/downgrade", test_update_downgrade);
  ADD ("/update-dialog/up-to-date", test_update_up_to_date);

#undef ADD

  return g_test_run ();
}
