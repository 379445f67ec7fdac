/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-app: the app's window, observed from outside through the frame
 * clock's after-paint signal; nothing in the app changes for it.
 *
 *   bench-app startup URL COUNT
 *       Runs the application as `eoc-center --server URL` does (token in
 *       EOC_TOKEN) and prints "first_frame_ms N" (since EOC_BENCH_T0, the
 *       driver's exec) at the first frame painted with COUNT environments
 *       listed and their rows on screen.
 *   bench-app lists URL ENVIRONMENT_ID COUNT [scroll]
 *       Selects the environment with the Backups page shown; prints
 *       "first_rows_ms N" at the first frame with backup rows. With "scroll",
 *       then scrolls to the end of all COUNT backups, one jump a frame, and
 *       prints the time, the longest frame and the memory before and after.
 *   bench-app live URL ROUNDS
 *       Stops and starts an environment from another client, ROUNDS times; prints
 *       the time from the request to the frame showing the row's new status, and
 *       the event stream's ping round trip on the window's connection.
 *   bench-app events URL SECONDS
 *       Prints "ready", then keeps frames coming for SECONDS while another
 *       process changes statuses; prints the longest frame and checks every
 *       environment's status against the service at the end.
 *
 * The token is in EOC_TOKEN. Times are medians where several are taken.
 */

#include "config.h"

#include <stdio.h>

#include "bench-common.h"
#include "eoc-application.h"
#include "eoc-backups-page.h"
#include "eoc-environment-page.h"
#include "eoc-environment-row.h"
#include "eoc-status.h"
#include "test-app-utils.h"

static gint64 started;

static gpointer
template_child (gpointer    widget,
                GType       type,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert (child != NULL);
  return child;
}

/* The status badge an environment row shows: what a user reads there. */
static GtkLabel *
row_status_label (GtkWidget *row)
{
  for (GtkWidget *child = gtk_widget_get_first_child (row);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_has_css_class (child, "status-badge"))
        return GTK_LABEL (child);
    }
  g_error ("bench-app: an environment row without its status");
}

/* Frames: the gap between consecutive after-paints, while a tick callback keeps them coming. */

typedef struct {
  GdkFrameClock *clock;
  gulong         handler;
  guint          tick_id;
  GtkWidget     *widget;
  gint64         last;
  gint64         max_gap;
  guint          frames;
  guint          slow;      /* over 50 ms */
  GArray        *gaps;
} FrameMeter;

static void
meter_after_paint_cb (GdkFrameClock *clock,
                      FrameMeter    *meter)
{
  gint64 now = g_get_monotonic_time ();

  if (meter->last != 0)
    {
      gint64 gap = now - meter->last;

      meter->max_gap = MAX (meter->max_gap, gap);
      if (gap > 50000)
        meter->slow++;
      g_array_append_val (meter->gaps, gap);
    }
  meter->last = now;
  meter->frames++;
}

static gboolean
meter_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       data)
{
  return G_SOURCE_CONTINUE;
}

static void
meter_start (FrameMeter *meter,
             GtkWidget  *widget)
{
  memset (meter, 0, sizeof *meter);
  meter->widget = widget;
  meter->clock = gtk_widget_get_frame_clock (widget);
  meter->gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
  meter->handler = g_signal_connect (meter->clock, "after-paint",
                                     G_CALLBACK (meter_after_paint_cb), meter);
  meter->tick_id = gtk_widget_add_tick_callback (widget, meter_tick_cb, NULL, NULL);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
meter_stop (FrameMeter *meter,
            const char *prefix)
{
  double p99 = 0;

  /* A frame still awaited when measuring ends counts too. */
  meter_after_paint_cb (meter->clock, meter);
  meter->frames--;
  g_signal_handler_disconnect (meter->clock, meter->handler);
  gtk_widget_remove_tick_callback (meter->widget, meter->tick_id);
  if (meter->gaps->len > 0)
    {
      g_array_sort (meter->gaps, compare_gint64);
      p99 = (double) g_array_index (meter->gaps, gint64, (meter->gaps->len * 99) / 100) / 1000.0;
    }
  printf ("%s_frames %u\n", prefix, meter->frames);
  printf ("%s_max_frame_ms %.2f\n", prefix, (double) meter->max_gap / 1000.0);
  printf ("%s_p99_frame_ms %.2f\n", prefix, p99);
  printf ("%s_slow_frames %u\n", prefix, meter->slow);
  g_array_unref (meter->gaps);
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* Start-up. */

static guint startup_count;

static void
startup_after_paint_cb (GdkFrameClock *clock,
                        EocWindow     *window)
{
  EocEnvironmentList *environments = eoc_window_get_environments (window);
  g_autoptr(GPtrArray) rows = NULL;
  static gboolean first = TRUE;

  /* Any frame: how much of the time is the window itself, how much its data. */
  if (first)
    {
      printf ("any_frame_ms %.2f\n", bench_ms_since_t0 (started));
      first = FALSE;
    }

  if (environments == NULL || g_list_model_get_n_items (G_LIST_MODEL (environments)) < startup_count)
    return;
  rows = eoc_test_window_rows (window);
  if (rows->len == 0)
    return;

  g_signal_handlers_disconnect_by_func (clock, startup_after_paint_cb, window);
  printf ("first_frame_ms %.2f\n", bench_ms_since_t0 (started));
  printf ("rows %u\n", rows->len);
  fflush (stdout);
  g_application_quit (g_application_get_default ());
}

static void
startup_realize_cb (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (startup_after_paint_cb), window);
}

static void
startup_window_added_cb (GtkApplication *app,
                         GtkWindow      *window)
{
  if (!EOC_IS_WINDOW (window))
    return;
  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    startup_realize_cb (GTK_WIDGET (window));
  else
    g_signal_connect (window, "realize", G_CALLBACK (startup_realize_cb), NULL);
}

static int
startup (const char *url,
         guint       count)
{
  g_autoptr(EocApplication) app = eoc_application_new ();
  char *args[] = { (char *) "eoc-center", (char *) "--server", (char *) url, NULL };

  startup_count = count;
  g_set_application_name ("Env Ops Center");
  g_signal_connect (app, "window-added", G_CALLBACK (startup_window_added_cb), NULL);
  return g_application_run (G_APPLICATION (app), 3, args);
}

/* Big lists. */

typedef struct {
  GtkListView *list_view;
  GListModel  *model;
  GtkAdjustment *adjustment;
  gint64       t0;
  gboolean     rows_pending;
  gboolean     rows_painted;
  guint        count;
  gboolean     scrolled;
  guint        paints;
  guint        changes;
} Lists;

static void
lists_items_changed_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        Lists      *lists)
{
  lists->changes++;
  if (g_list_model_get_n_items (model) > 0)
    lists->rows_pending = TRUE;
}

static void
lists_after_paint_cb (GdkFrameClock *clock,
                      Lists         *lists)
{
  lists->paints++;
  if (!lists->rows_pending || lists->rows_painted)
    return;
  lists->rows_painted = TRUE;
  printf ("first_rows_ms %.2f\n", (double) (g_get_monotonic_time () - lists->t0) / 1000.0);
  fflush (stdout);
}

static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  Lists *lists = data;
  double upper = gtk_adjustment_get_upper (lists->adjustment);
  double page = gtk_adjustment_get_page_size (lists->adjustment);

  gtk_adjustment_set_value (lists->adjustment, upper - page);
  if (g_list_model_get_n_items (lists->model) >= lists->count &&
      gtk_adjustment_get_value (lists->adjustment) >= upper - page - 1.0)
    {
      lists->scrolled = TRUE;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static int
lists (const char *url,
       const char *token,
       const char *environment_id,
       guint       count,
       gboolean    scroll)
{
  EocWindow *window = eoc_test_open_window (url, token);
  GtkWidget *environment_page = eoc_test_window_child (window, "environment_page");
  GtkWidget *backups_page =
    GTK_WIDGET (eoc_environment_page_get_backups (EOC_ENVIRONMENT_PAGE (environment_page)));
  AdwViewStack *stack = template_child (environment_page, EOC_TYPE_ENVIRONMENT_PAGE,
                                                       "stack");
  GtkScrolledWindow *scrolled = template_child (backups_page, EOC_TYPE_BACKUPS_PAGE,
                                                               "scrolled_window");
  Lists lists = { 0 };
  gint64 rss_before, scroll_start;
  FrameMeter meter;

  lists.list_view = template_child (backups_page, EOC_TYPE_BACKUPS_PAGE,
                                                   "list_view");
  lists.model = G_LIST_MODEL (gtk_list_view_get_model (lists.list_view));
  lists.adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  lists.count = count;

  /* Start from another environment: the window shows the first one when it opens. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (eoc_window_get_environments (window))); i++)
    {
      g_autoptr(EocEnvironment) other =
        g_list_model_get_item (G_LIST_MODEL (eoc_window_get_environments (window)), i);

      if (!g_str_equal (eoc_environment_get_id (other), environment_id))
        {
          eoc_window_select_environment (window, eoc_environment_get_id (other));
          break;
        }
    }
  adw_view_stack_set_visible_child_name (stack, "backups");
  eoc_test_wait (500);
  rss_before = bench_status_kib ("VmRSS");

  g_signal_connect (lists.model, "items-changed", G_CALLBACK (lists_items_changed_cb), &lists);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (lists_after_paint_cb), &lists);
  lists.t0 = g_get_monotonic_time ();
  if (!eoc_window_select_environment (window, environment_id))
    g_error ("bench-app: environment %s is not listed", environment_id);
  if (!eoc_test_wait_until (flag_set, &lists.rows_painted, 30000))
    {
      GtkStack *page_stack = template_child (backups_page, EOC_TYPE_BACKUPS_PAGE, "stack");
      EocEnvironment *shown = eoc_window_get_environment (window);

      g_error ("bench-app: no backup rows after 30 s (%u items, %u changes, %u frames, "
               "page “%s”, environment %s)",
               g_list_model_get_n_items (lists.model), lists.changes, lists.paints,
               gtk_stack_get_visible_child_name (page_stack),
               shown != NULL ? eoc_environment_get_id (shown) : "none");
    }

  if (scroll)
    {
      meter_start (&meter, GTK_WIDGET (window));
      scroll_start = g_get_monotonic_time ();
      gtk_widget_add_tick_callback (GTK_WIDGET (lists.list_view), scroll_tick_cb, &lists, NULL);
      if (!eoc_test_wait_until (flag_set, &lists.scrolled, 600000))
        g_printerr ("bench-app: scrolling did not reach the end (%u rows)\n",
                    g_list_model_get_n_items (lists.model));
      printf ("scroll_ms %.2f\n", (double) (g_get_monotonic_time () - scroll_start) / 1000.0);
      printf ("scroll_rows %u\n", g_list_model_get_n_items (lists.model));
      meter_stop (&meter, "scroll");
      printf ("rss_before_kib %" G_GINT64_FORMAT "\n", rss_before);
      printf ("rss_after_kib %" G_GINT64_FORMAT "\n", bench_status_kib ("VmRSS"));
      printf ("rss_peak_kib %" G_GINT64_FORMAT "\n", bench_status_kib ("VmHWM"));
    }

  g_signal_handlers_disconnect_by_func (gtk_widget_get_frame_clock (GTK_WIDGET (window)),
                                        lists_after_paint_cb, &lists);
  g_signal_handlers_disconnect_by_func (lists.model, lists_items_changed_cb, &lists);
  eoc_test_close_window (window);
  return 0;
}

/* Live changes. */

typedef struct {
  GtkLabel  *label;
  char      *expected;
  gint64     t0;
  double     shown_ms;
  gboolean   shown;
  gboolean   replied;
  gint64     ping;
} Live;

static void
live_after_paint_cb (GdkFrameClock *clock,
                     Live          *live)
{
  if (live->shown || live->expected == NULL)
    return;
  if (g_strcmp0 (gtk_label_get_label (live->label), live->expected) == 0)
    {
      live->shown_ms = (double) (g_get_monotonic_time () - live->t0) / 1000.0;
      live->shown = TRUE;
    }
}

static void
live_ping_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  Live *live = data;
  g_autoptr(GError) error = NULL;

  live->ping = eoc_event_stream_ping_finish (EOC_EVENT_STREAM (object), result, &error);
  if (error != NULL)
    g_error ("bench-app: ping: %s", error->message);
  live->replied = TRUE;
}

static double
median (GArray *values)
{
  g_array_sort (values, (GCompareFunc) compare_gint64);
  if (values->len == 0)
    return 0;
  return (double) g_array_index (values, gint64, values->len / 2) / 1000.0;
}

static void
power_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  Live *live = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocOperation) op = eoc_client_stop_environment_finish (EOC_CLIENT (object), result,
                                                                   &error);

  if (op == NULL)
    g_error ("bench-app: %s", error->message);
  live->replied = TRUE;
}

static void
start_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  Live *live = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocOperation) op = eoc_client_start_environment_finish (EOC_CLIENT (object), result,
                                                                    &error);

  if (op == NULL)
    g_error ("bench-app: %s", error->message);
  live->replied = TRUE;
}

static int
live_rounds (const char *url,
             const char *token,
             guint       rounds)
{
  EocWindow *window = eoc_test_open_window (url, token);
  g_autoptr(EocClient) other = eoc_test_client_new (url, token);
  EocEnvironmentList *environments = eoc_window_get_environments (window);
  EocEnvironment *target = NULL;
  GtkWidget *row;
  g_autoptr(GArray) shown = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) pings = g_array_new (FALSE, FALSE, sizeof (gint64));
  Live live = { 0 };

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (environments)) && target == NULL; i++)
    {
      g_autoptr(EocEnvironment) environment = g_list_model_get_item (G_LIST_MODEL (environments), i);

      if (eoc_environment_get_environment_type (environment) == EOC_ENVIRONMENT_TYPE_NON_PRODUCTION &&
          eoc_environment_get_status (environment) == EOC_ENVIRONMENT_STATUS_OPERATIONAL &&
          eoc_test_window_find_row (window, eoc_environment_get_name (environment)) != NULL)
        target = g_object_ref (environment);
    }
  if (target == NULL)
    g_error ("bench-app: no operational non-production environment on screen");

  row = eoc_test_window_find_row (window, eoc_environment_get_name (target));
  live.label = row_status_label (row);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (live_after_paint_cb), &live);

  for (guint i = 0; i < rounds * 2; i++)
    {
      gboolean stop = i % 2 == 0;
      gint64 value;

      /* The change the service commits (with --apply-delay 0 the operation's "Stopping"
       * and "Offline" come within a millisecond, so the row shows the second). */
      g_free (live.expected);
      live.expected = g_strdup (eoc_status_to_label (stop ? EOC_ENVIRONMENT_STATUS_OFFLINE
                                                          : EOC_ENVIRONMENT_STATUS_OPERATIONAL));
      live.shown = live.replied = FALSE;
      live.t0 = g_get_monotonic_time ();
      if (stop)
        eoc_client_stop_environment_async (other, eoc_environment_get_id (target), NULL,
                                           power_done_cb, &live);
      else
        eoc_client_start_environment_async (other, eoc_environment_get_id (target), NULL,
                                            start_done_cb, &live);
      if (!eoc_test_wait_until (flag_set, &live.shown, 10000))
        g_error ("bench-app: the row never showed %s", live.expected);
      value = (gint64) (live.shown_ms * 1000);
      g_array_append_val (shown, value);
      eoc_test_wait_until (flag_set, &live.replied, 10000);
      eoc_test_wait (50);
    }

  for (guint i = 0; i < rounds * 2; i++)
    {
      live.replied = FALSE;
      eoc_event_stream_ping_async (eoc_window_get_stream (window), NULL, live_ping_cb, &live);
      eoc_test_wait_until (flag_set, &live.replied, 10000);
      g_array_append_val (pings, live.ping);
      eoc_test_wait (20);
    }

  printf ("live_ms %.2f\n", median (shown));
  printf ("ping_ms %.2f\n", median (pings));
  g_signal_handlers_disconnect_by_func (gtk_widget_get_frame_clock (GTK_WIDGET (window)),
                                        live_after_paint_cb, &live);
  g_free (live.expected);
  g_object_unref (target);
  eoc_test_close_window (window);
  return 0;
}

/* Many events. */

typedef struct {
  GPtrArray *environments;
  gboolean   done;
} Listed;

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  Listed *listed = data;
  g_autoptr(GError) error = NULL;

  listed->environments = eoc_client_list_environments_finish (EOC_CLIENT (object), result, &error);
  if (listed->environments == NULL)
    g_error ("bench-app: %s", error->message);
  listed->done = TRUE;
}

static int
events (const char *url,
        const char *token,
        double      seconds)
{
  EocWindow *window = eoc_test_open_window (url, token);
  g_autoptr(EocClient) other = eoc_test_client_new (url, token);
  EocEnvironmentList *environments = eoc_window_get_environments (window);
  g_autoptr(GHashTable) service = g_hash_table_new (g_str_hash, g_str_equal);
  Listed listed = { 0 };
  guint wrong = 0, wrong_rows = 0, checked_rows = 0;
  g_autoptr(GPtrArray) rows = NULL;
  FrameMeter meter;

  meter_start (&meter, GTK_WIDGET (window));
  printf ("ready\n");
  fflush (stdout);
  eoc_test_wait ((guint) (seconds * 1000));
  meter_stop (&meter, "events");

  /* Let the last events arrive, then compare with the service. */
  eoc_test_wait (3000);
  eoc_client_list_environments_async (other, NULL, listed_cb, &listed);
  eoc_test_wait_until (flag_set, &listed.done, 10000);
  for (guint i = 0; i < listed.environments->len; i++)
    {
      EocEnvironment *environment = g_ptr_array_index (listed.environments, i);

      g_hash_table_insert (service, (gpointer) eoc_environment_get_id (environment), environment);
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (environments)); i++)
    {
      g_autoptr(EocEnvironment) shown = g_list_model_get_item (G_LIST_MODEL (environments), i);
      EocEnvironment *truth = g_hash_table_lookup (service, eoc_environment_get_id (shown));

      if (truth == NULL || eoc_environment_get_status (truth) != eoc_environment_get_status (shown))
        wrong++;
    }

  rows = eoc_test_window_rows (window);
  for (guint i = 0; i < rows->len; i++)
    {
      EocEnvironment *shown = eoc_environment_row_get_environment (g_ptr_array_index (rows, i));
      EocEnvironment *truth = g_hash_table_lookup (service, eoc_environment_get_id (shown));
      GtkLabel *label = row_status_label (g_ptr_array_index (rows, i));

      checked_rows++;
      if (truth == NULL ||
          g_strcmp0 (gtk_label_get_label (label),
                     eoc_status_to_label (eoc_environment_get_status (truth))) != 0)
        wrong_rows++;
    }

  printf ("events_environments %u\n", g_list_model_get_n_items (G_LIST_MODEL (environments)));
  printf ("events_wrong %u\n", wrong);
  printf ("events_rows_checked %u\n", checked_rows);
  printf ("events_rows_wrong %u\n", wrong_rows);
  g_ptr_array_unref (listed.environments);
  eoc_test_close_window (window);
  return 0;
}

static void
quiet_log_handler (const char     *domain,
                   GLogLevelFlags  level,
                   const char     *message,
                   gpointer        data)
{
  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return;
  g_log_default_handler (domain, level, message, data);
}

int
main (int   argc,
      char *argv[])
{
  const char *token = g_getenv ("EOC_TOKEN");

  started = g_get_monotonic_time ();
  if (argc >= 4 && g_str_equal (argv[1], "startup"))
    return startup (argv[2], (guint) g_ascii_strtoull (argv[3], NULL, 10));

  eoc_test_app_init (&argc, &argv);
  /* The test harness prints debug messages (libsoup's: a line per WebSocket
   * frame); the app as users run it does not. */
  g_log_set_default_handler (quiet_log_handler, NULL);
  if (token == NULL)
    g_error ("bench-app: set EOC_TOKEN");
  if (argc >= 5 && g_str_equal (argv[1], "lists"))
    return lists (argv[2], token, argv[3], (guint) g_ascii_strtoull (argv[4], NULL, 10),
                  argc >= 6 && g_str_equal (argv[5], "scroll"));
  if (argc >= 4 && g_str_equal (argv[1], "live"))
    return live_rounds (argv[2], token, (guint) g_ascii_strtoull (argv[3], NULL, 10));
  if (argc >= 4 && g_str_equal (argv[1], "events"))
    return events (argv[2], token, g_ascii_strtod (argv[3], NULL));

  g_printerr ("Usage: bench-app startup URL COUNT | lists URL ENVIRONMENT_ID COUNT [scroll] | "
              "live URL ROUNDS | events URL SECONDS\n");
  return 2;
}
