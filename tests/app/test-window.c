/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The main window against the real service: the list, live changes, search,
 * roles, and a service that goes away and comes back.
 */

#include "config.h"

#include "eoc-environment-page.h"
#include "eoc-environment-row.h"
#include "test-app-utils.h"

/* Stops and starts take a moment, long enough to see "Stopping". */
static const char *server_args[] = { "--demo", "--apply-delay", "1.5", NULL };

typedef struct {
  EocTestServer *server;
  EocWindow     *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = eoc_test_server_new (server_args);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    eoc_test_close_window (fixture->window);
  eoc_test_server_free (fixture->server);
}

static GtkWidget *
overview (EocWindow *window)
{
  EocEnvironmentPage *page = eoc_test_window_child (window, "environment_page");

  return GTK_WIDGET (eoc_environment_page_get_overview (page));
}

typedef struct {
  GtkWidget  *widget;
  const char *text;
} Shows;

static gboolean
shows (gpointer user_data)
{
  Shows *shows = user_data;

  return eoc_test_widget_shows (shows->widget, shows->text);
}

typedef struct {
  EocWindow  *window;
  const char *name;
  const char *text;
} RowShows;

static gboolean
row_shows (gpointer user_data)
{
  RowShows *check = user_data;
  GtkWidget *row = eoc_test_window_find_row (check->window, check->name);

  return row != NULL && eoc_test_widget_shows (row, check->text);
}

static gboolean
row_is_busy (EocWindow  *window,
             const char *name)
{
  GtkWidget *row = eoc_test_window_find_row (window, name);
  g_autoptr(GPtrArray) spinners = eoc_test_find_widgets (row, GTK_TYPE_SPINNER);

  return spinners->len == 1 && gtk_spinner_get_spinning (g_ptr_array_index (spinners, 0));
}

static void
select_by_name (EocWindow  *window,
                const char *name)
{
  g_autofree char *id = eoc_test_environment_id (eoc_window_get_client (window), name);

  g_assert_true (eoc_window_select_environment (window, id));
  eoc_test_wait (200);
}

/* The list shows the service's environments in the seeds' words. */
static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  static const char *names[] = { "Development", "Production", "QA", "Staging", "Training" };
  g_autoptr(GPtrArray) rows = NULL;
  GtkWidget *row;

  fixture->window = eoc_test_open_window (fixture->server->url, fixture->server->admin_token);
  rows = eoc_test_window_rows (fixture->window);

  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < rows->len; i++)
    g_assert_true (eoc_test_widget_shows (g_ptr_array_index (rows, i), names[i]));

  row = eoc_test_window_find_row (fixture->window, "Production");
  g_assert_true (eoc_test_widget_shows (row, "Production · 2.1.0"));
  g_assert_true (eoc_test_widget_shows (row, "Operational"));

  row = eoc_test_window_find_row (fixture->window, "QA");
  g_assert_true (eoc_test_widget_shows (row, "Non-production · 2.0.0"));
  g_assert_true (eoc_test_widget_shows (row, "Operational"));

  row = eoc_test_window_find_row (fixture->window, "Training");
  g_assert_true (eoc_test_widget_shows (row, "Offline"));
  g_assert_false (row_is_busy (fixture->window, "Training"));

  /* Wide enough for both panes: the first environment is shown. */
  g_assert_nonnull (eoc_window_get_environment (fixture->window));
  {
    Shows development = { overview (fixture->window), "Development" };

    g_assert_true (eoc_test_wait_until (shows, &development, 5000));
  }
}

static gboolean
has_progress_bar (gpointer user_data)
{
  g_autoptr(GPtrArray) bars = eoc_test_find_widgets (user_data, GTK_TYPE_PROGRESS_BAR);

  return bars->len == 1;
}

typedef struct {
  GObject  *source;
  gpointer  result;
  GError   *error;
  gboolean  done;
} Call;

static void
stop_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Call *call = user_data;

  call->result = eoc_client_stop_environment_finish (EOC_CLIENT (object), result, &call->error);
  call->done = TRUE;
}

static gboolean
call_done (gpointer user_data)
{
  return ((Call *) user_data)->done;
}

/* Another client stops QA: the row and the Overview follow without a refresh. */
static void
test_live_change (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(EocClient) other = NULL;
  g_autofree char *qa = NULL;
  Call call = { 0 };
  RowShows stopping = { NULL, "QA", "Stopping" };
  RowShows offline = { NULL, "QA", "Offline" };
  Shows overview_stopping, overview_offline;
  gint64 sent;

  fixture->window = eoc_test_open_window (fixture->server->url, fixture->server->operator_token);
  stopping.window = offline.window = fixture->window;

  select_by_name (fixture->window, "QA");
  overview_stopping = (Shows) { overview (fixture->window), "Stopping" };
  overview_offline = (Shows) { overview (fixture->window), "Offline" };
  g_assert_true (eoc_test_widget_shows (overview (fixture->window), "QA"));
  g_assert_true (eoc_test_widget_shows (overview (fixture->window), "Operational"));
  g_assert_nonnull (eoc_test_find_button (overview (fixture->window), "Stop"));

  other = eoc_test_client_new (fixture->server->url, fixture->server->admin_token);
  qa = eoc_test_environment_id (other, "QA");
  eoc_client_stop_environment_async (other, qa, NULL, stop_cb, &call);
  g_assert_true (eoc_test_wait_until (call_done, &call, 10000));
  g_assert_no_error (call.error);
  g_clear_object (&call.result);
  sent = g_get_monotonic_time ();

  /* Within a second, while the service is still stopping it. */
  g_assert_true (eoc_test_wait_until (row_shows, &stopping, 1000));
  g_assert_cmpint (g_get_monotonic_time () - sent, <, G_USEC_PER_SEC);
  g_assert_true (row_is_busy (fixture->window, "QA"));
  g_assert_true (eoc_test_wait_until (shows, &overview_stopping, 1000));
  /* The running operation, with its progress. */
  g_assert_true (eoc_test_wait_until (has_progress_bar, overview (fixture->window), 1000));

  /* Then it is offline, everywhere, and can be started again. */
  g_assert_true (eoc_test_wait_until (row_shows, &offline, 10000));
  g_assert_true (eoc_test_wait_until (shows, &overview_offline, 1000));
  g_assert_false (row_is_busy (fixture->window, "QA"));
  g_assert_null (eoc_test_find_button (overview (fixture->window), "Stop"));
  g_assert_nonnull (eoc_test_find_button (overview (fixture->window), "Start"));
  g_assert_true (gtk_widget_is_sensitive (eoc_test_find_button (overview (fixture->window), "Start")));
}

typedef struct {
  EocWindow *window;
  guint      n_rows;
} RowCount;

static gboolean
row_count_is (gpointer user_data)
{
  RowCount *count = user_data;
  g_autoptr(GPtrArray) rows = eoc_test_window_rows (count->window);

  return rows->len == count->n_rows;
}

static void
request_unqueued_cb (SoupSession *session,
                     SoupMessage *msg,
                     guint       *n_answered)
{
  (*n_answered)++;
}

static gboolean
answered (gpointer user_data)
{
  return *(guint *) user_data > 0;
}

/* The list can come from an answer older than the live connection (the app
 * asks for it while it builds the window). An environment added in between
 * has no event the window could hear: it shows all the same. */
static void
test_change_before_subscribing (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(EocConnection) connection = eoc_connection_new ("test", "Test Service",
                                                           fixture->server->url);
  g_autoptr(EocClient) client = eoc_client_new (fixture->server->url,
                                                fixture->server->viewer_token);
  g_autoptr(EocClient) other = eoc_test_client_new (fixture->server->url,
                                                    fixture->server->admin_token);
  g_autoptr(SoupSession) session = NULL;
  RowShows late = { NULL, "Late", "Operational" };
  guint n_answered = 0;

  g_object_get (client, "session", &session, NULL);
  g_signal_connect (session, "request-unqueued", G_CALLBACK (request_unqueued_cb), &n_answered);
  eoc_client_prefetch_environments (client);
  g_assert_true (eoc_test_wait_until (answered, &n_answered, 10000));

  g_object_unref (eoc_test_create_environment (other, "Late", "2.1.0"));

  late.window = fixture->window = eoc_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 700);
  gtk_window_present (GTK_WINDOW (fixture->window));
  eoc_window_set_client (fixture->window, connection, client);
  g_assert_true (eoc_test_wait_until (row_shows, &late, 10000));
  g_signal_handlers_disconnect_by_func (session, request_unqueued_cb, &n_answered);
}

typedef struct {
  GListModel *model;
  guint       n_items;
} ItemCount;

static gboolean
item_count_is (gpointer user_data)
{
  ItemCount *count = user_data;

  return g_list_model_get_n_items (count->model) == count->n_items;
}

static gboolean
environments_loaded (gpointer user_data)
{
  EocEnvironmentList *environments = eoc_window_get_environments (user_data);

  return environments != NULL && !eoc_environment_list_get_loading (environments) &&
         g_list_model_get_n_items (G_LIST_MODEL (environments)) > 0;
}

/* Before its first frame, a window's list holds only the rows that frame can
 * show (a list view makes a row for each of the first 200 items at once);
 * once it is drawn, all of them. Selecting one of those held back shows all. */
static void
test_first_rows (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(EocConnection) connection = eoc_connection_new ("test", "Test Service",
                                                           fixture->server->url);
  g_autoptr(EocClient) client = eoc_client_new (fixture->server->url,
                                                fixture->server->admin_token);
  g_autoptr(EocClient) admin = eoc_test_client_new (fixture->server->url,
                                                    fixture->server->admin_token);
  GtkSingleSelection *selection;
  ItemCount all;
  const guint n_made = 60;
  guint held;

  for (guint i = 0; i < n_made; i++)
    {
      g_autofree char *name = g_strdup_printf ("Made %02u", i);

      g_object_unref (eoc_test_create_environment (admin, name, "2.1.0"));
    }

  /* Not shown yet: a screenful of rows, out of the 65. */
  fixture->window = eoc_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 700);
  selection = eoc_test_window_child (fixture->window, "selection");
  eoc_window_set_client (fixture->window, connection, client);
  g_assert_true (eoc_test_wait_until (environments_loaded, fixture->window, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (eoc_window_get_environments (fixture->window))),
                    ==, n_made + 5);
  held = g_list_model_get_n_items (G_LIST_MODEL (selection));
  g_assert_cmpuint (held, >=, 700 / 50);
  g_assert_cmpuint (held, <, 30);

  /* Shown: all of them, after its first frame. */
  all = (ItemCount) { G_LIST_MODEL (selection), n_made + 5 };
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (eoc_test_wait_until (item_count_is, &all, 5000));
  eoc_test_close_window (fixture->window);

  /* Selecting one held back, before the first frame: all are there, and it is selected. */
  fixture->window = eoc_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 700);
  selection = eoc_test_window_child (fixture->window, "selection");
  eoc_window_set_client (fixture->window, connection, client);
  g_assert_true (eoc_test_wait_until (environments_loaded, fixture->window, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), <, 30);
  {
    g_autofree char *id = eoc_test_environment_id (admin, "Made 59");
    EocEnvironment *selected;

    g_assert_true (eoc_window_select_environment (fixture->window, id));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, n_made + 5);
    selected = gtk_single_selection_get_selected_item (selection);
    g_assert_nonnull (selected);
    g_assert_cmpstr (eoc_environment_get_name (selected), ==, "Made 59");
  }
}

/* The search field filters by name; a search that finds nothing says so. */
static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  GtkSearchBar *search_bar;
  GtkEditable *entry;
  GtkStack *stack;
  RowCount two = { NULL, 2 }, five = { NULL, 5 };

  fixture->window = eoc_test_open_window (fixture->server->url, fixture->server->admin_token);
  two.window = five.window = fixture->window;
  search_bar = eoc_test_window_child (fixture->window, "search_bar");
  entry = eoc_test_window_child (fixture->window, "search_entry");
  stack = eoc_test_window_child (fixture->window, "sidebar_stack");

  /* Pages never needed yet are not even styled: hidden until first shown. */
  g_assert_false (gtk_widget_get_visible (gtk_stack_get_child_by_name (stack, "no-results")));
  g_assert_false (gtk_widget_get_visible (gtk_stack_get_child_by_name (stack, "empty")));
  g_assert_false (gtk_widget_get_visible (gtk_stack_get_child_by_name (stack, "problem")));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.search", NULL));
  g_assert_true (gtk_search_bar_get_search_mode (search_bar));

  gtk_editable_set_text (entry, "ING");
  g_assert_true (eoc_test_wait_until (row_count_is, &two, 5000));
  g_assert_nonnull (eoc_test_window_find_row (fixture->window, "Staging"));
  g_assert_nonnull (eoc_test_window_find_row (fixture->window, "Training"));
  g_assert_null (eoc_test_window_find_row (fixture->window, "Production"));

  gtk_editable_set_text (entry, "no such environment");
  eoc_test_wait (500);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "no-results");
  g_assert_true (eoc_test_widget_shows (GTK_WIDGET (stack), "No Results Found"));

  gtk_editable_set_text (entry, "");
  g_assert_true (eoc_test_wait_until (row_count_is, &five, 5000));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "list");
}

/* A viewer is not offered what it may not do: insensitive, with a tooltip saying why. */
static void
test_viewer (Fixture       *fixture,
             gconstpointer  data)
{
  EocWindow *window;
  GtkWidget *button;

  window = fixture->window = eoc_test_open_window (fixture->server->url,
                                                   fixture->server->viewer_token);
  eoc_test_wait (500);

  select_by_name (window, "QA");
  button = eoc_test_find_button (overview (window), "Stop");
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==,
                   "Only operators and administrators can stop environments");

  select_by_name (window, "Training");
  button = eoc_test_find_button (overview (window), "Start");
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==,
                   "Only operators and administrators can start environments");

  /* Production environments are never started or stopped from here. */
  select_by_name (window, "Production");
  g_assert_null (eoc_test_find_button (overview (window), "Stop"));
  g_assert_null (eoc_test_find_button (overview (window), "Start"));

  eoc_test_close_window (window);

  /* An operator may. */
  window = fixture->window = eoc_test_open_window (fixture->server->url,
                                                   fixture->server->operator_token);
  eoc_test_wait (500);
  select_by_name (window, "QA");
  button = eoc_test_find_button (overview (window), "Stop");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
}

static gboolean
bar_revealed (gpointer user_data)
{
  GtkRevealer *revealer = eoc_test_window_child (user_data, "content_problem_revealer");

  return gtk_revealer_get_reveal_child (revealer);
}

static gboolean
retry_shown (gpointer user_data)
{
  return eoc_test_find_button (eoc_test_window_child (user_data, "content_problem_revealer"),
                               "Retry") != NULL;
}

static gboolean
bar_hidden (gpointer user_data)
{
  return !bar_revealed (user_data);
}

/* The service goes away: a bar says so, with Retry; it comes back: the bar goes by itself. */
static void
test_unreachable (Fixture       *fixture,
                  gconstpointer  data)
{
  EocWindow *window;
  GtkLabel *label;
  g_autoptr(EocClient) other = NULL;
  g_autofree char *staging = NULL;
  Call call = { 0 };
  RowShows stopping = { NULL, "Staging", "Stopping" };

  window = fixture->window = eoc_test_open_window (fixture->server->url,
                                                   fixture->server->admin_token);
  stopping.window = window;
  eoc_test_wait (500);
  g_assert_false (bar_revealed (window));

  g_assert_true (eoc_test_server_stop (fixture->server));
  g_assert_true (eoc_test_wait_until (bar_revealed, window, 10000));
  label = eoc_test_window_child (window, "problem_label");
  g_assert_cmpstr (gtk_label_get_label (label), ==, "The service cannot be reached. Trying again…");
  /* The bar slides in: its button shows once the revealer has mapped it. */
  g_assert_true (eoc_test_wait_until (retry_shown, window, 2000));
  /* What was shown stays. */
  g_assert_nonnull (eoc_test_window_find_row (window, "Staging"));

  eoc_test_server_restart (fixture->server);
  g_assert_true (eoc_test_wait_until (bar_hidden, window, 20000));

  /* Live again: a change made elsewhere shows. */
  other = eoc_test_client_new (fixture->server->url, fixture->server->admin_token);
  staging = eoc_test_environment_id (other, "Staging");
  eoc_client_stop_environment_async (other, staging, NULL, stop_cb, &call);
  g_assert_true (eoc_test_wait_until (call_done, &call, 10000));
  g_assert_no_error (call.error);
  g_clear_object (&call.result);
  g_assert_true (eoc_test_wait_until (row_shows, &stopping, 2000));
}

static gboolean
is_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

/* A new window shows once its list has come, so that its first frame has it
 * rather than "Loading Environments"; or at once when the list cannot come. */
static void
test_present_when_ready (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(EocConnection) connection = eoc_connection_new ("test", "Test Service",
                                                           fixture->server->url);
  g_autoptr(EocClient) client = eoc_client_new (fixture->server->url,
                                                fixture->server->admin_token);
  g_autoptr(EocClient) nowhere = eoc_client_new ("http://127.0.0.1:1",
                                                 fixture->server->admin_token);
  EocWindow *window = eoc_window_new (NULL);
  GtkStack *stack = eoc_test_window_child (window, "sidebar_stack");
  gint64 asked;

  fixture->window = window;
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  eoc_window_set_client (window, connection, client);
  eoc_window_present_when_ready (window, 20000);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));

  /* Well before the longest wait: the list came. */
  g_assert_true (eoc_test_wait_until (is_visible, window, 10000));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "list");
  g_assert_nonnull (eoc_test_window_find_row (window, "Staging"));
  gtk_widget_set_visible (GTK_WIDGET (window), FALSE);

  /* Nothing listening there: shown with the reason, without waiting. */
  eoc_window_set_client (window, connection, nowhere);
  asked = g_get_monotonic_time ();
  eoc_window_present_when_ready (window, 20000);
  g_assert_true (eoc_test_wait_until (is_visible, window, 10000));
  g_assert_cmpint (g_get_monotonic_time () - asked, <, 10 * G_TIME_SPAN_SECOND);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), !=, "list");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), !=, "loading");
}

/* The main menu: its popover is made when it first opens, and then has its three entries. */
static void
test_main_menu (Fixture       *fixture,
                gconstpointer  data)
{
  GtkMenuButton *button;
  GtkWidget *popover;

  fixture->window = eoc_test_open_window (fixture->server->url, fixture->server->admin_token);
  button = eoc_test_window_child (fixture->window, "menu_button");
  g_assert_null (gtk_menu_button_get_popover (button));
  /* It can be clicked all the same. */
  g_assert_true (gtk_widget_is_sensitive (gtk_widget_get_first_child (GTK_WIDGET (button))));

  gtk_menu_button_popup (button);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
  g_assert_nonnull (popover);
  eoc_test_wait (200);
  g_assert_true (gtk_widget_get_mapped (popover));
  g_assert_true (eoc_test_widget_shows (popover, "Connections"));
  g_assert_true (eoc_test_widget_shows (popover, "Keyboard Shortcuts"));
  g_assert_true (eoc_test_widget_shows (popover, "About Env Ops Center"));

  /* Closed and opened again: the same menu. */
  gtk_menu_button_popdown (button);
  eoc_test_wait (100);
  g_assert_false (gtk_widget_get_mapped (popover));
  gtk_menu_button_popup (button);
  eoc_test_wait (100);
  g_assert_true (GTK_WIDGET (gtk_menu_button_get_popover (button)) == popover);
  g_assert_true (gtk_widget_get_mapped (popover));
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static void
bound_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          int                      *activatable)
{
  *activatable = gtk_list_item_get_activatable (item);
}

static gboolean
has_rows (gpointer window)
{
  g_autoptr(GPtrArray) rows = eoc_test_window_rows (window);

  return rows->len > 0;
}

/* The views: in the header of a wide window, in a bar at the bottom of a narrow one. The bar
 * is not there at all while the header shows them. Narrow, the list comes first, and a
 * row opens its environment. */
static void
test_view_switchers (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(EocConnection) connection = eoc_connection_new ("test", "Test Service",
                                                           fixture->server->url);
  g_autoptr(EocClient) client = eoc_client_new (fixture->server->url,
                                                fixture->server->admin_token);
  EocWindow *window;
  GtkWidget *bar, *title;
  g_autofree char *id = NULL;
  int activatable = -1;

  fixture->window = eoc_test_open_window (fixture->server->url, fixture->server->admin_token);
  id = eoc_test_environment_id (client, "Staging");
  g_assert_true (eoc_window_select_environment (fixture->window, id));
  bar = eoc_test_window_child (fixture->window, "switcher_bar");
  title = eoc_test_window_child (fixture->window, "title_squeezer");
  {
    Shows views = { eoc_test_window_child (fixture->window, "view_switcher"), "Backups" };

    g_assert_true (eoc_test_wait_until (shows, &views, 10000));
  }
  g_assert_true (adw_squeezer_get_visible_child (ADW_SQUEEZER (title)) ==
                 eoc_test_window_child (fixture->window, "view_switcher"));
  g_assert_false (gtk_widget_get_visible (bar));
  eoc_test_close_window (g_steal_pointer (&fixture->window));

  /* 360 pixels wide: the list, then an environment's views with the bar. */
  window = fixture->window = eoc_window_new (NULL);
  /* A click opens a row only if its list item is activatable. */
  g_signal_connect (gtk_list_view_get_factory (eoc_test_window_child (window, "list_view")),
                    "bind", G_CALLBACK (bound_cb), &activatable);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  eoc_window_set_client (window, connection, client);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (eoc_test_wait_until (has_rows, window, 10000));
  g_assert_cmpint (activatable, ==, TRUE);
  /* As Enter on its row does (the list item's key binding; a click takes the same way). */
  g_signal_emit_by_name (gtk_widget_get_parent (eoc_test_window_find_row (window, "Staging")),
                         "activate-keybinding");
  g_assert_true (eoc_test_wait_until (is_mapped, overview (window), 10000));
  g_assert_true (eoc_test_widget_shows (overview (window), "Staging"));
  bar = eoc_test_window_child (window, "switcher_bar");
  g_assert_true (eoc_test_wait_until (is_mapped, bar, 10000));
  g_assert_true (adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (bar)));
  {
    Shows views = { bar, "Backups" };

    g_assert_true (eoc_test_wait_until (shows, &views, 3000));
  }
  g_assert_true (eoc_test_widget_shows (bar, "Activity"));
  /* The header says which environment. */
  g_assert_cmpstr (adw_window_title_get_title (eoc_test_window_child (window, "content_title")),
                   ==, "Staging");
  g_assert_true (adw_squeezer_get_visible_child (eoc_test_window_child (window, "title_squeezer")) ==
                 eoc_test_window_child (window, "content_title"));
  g_signal_handlers_disconnect_by_func (
    gtk_list_view_get_factory (eoc_test_window_child (window, "list_view")), bound_cb,
    &activatable);
}

/* The Retry button brings the service back at once, without waiting for the next try. */
static void
test_retry (Fixture       *fixture,
            gconstpointer  data)
{
  EocWindow *window;
  gint64 start;

  window = fixture->window = eoc_test_open_window (fixture->server->url,
                                                   fixture->server->admin_token);
  g_assert_true (eoc_test_server_stop (fixture->server));
  g_assert_true (eoc_test_wait_until (bar_revealed, window, 10000));

  /* Let the stream back off for a while, then come back and ask. */
  eoc_test_wait (4000);
  eoc_test_server_restart (fixture->server);
  start = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.retry", NULL));
  g_assert_true (eoc_test_wait_until (bar_hidden, window, 3000));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
}

/* A token the service refuses: the sidebar says "Signed Out" and what to do. */
static void
test_signed_out (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkStack *stack;

  fixture->window = eoc_test_open_window (fixture->server->url, "eoc_not_a_valid_token");
  stack = eoc_test_window_child (fixture->window, "sidebar_stack");

  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "problem");
  g_assert_true (eoc_test_widget_shows (GTK_WIDGET (stack), "Signed Out"));
  g_assert_nonnull (eoc_test_find_button (GTK_WIDGET (stack), "Retry"));
  g_assert_nonnull (eoc_test_find_button (GTK_WIDGET (stack), "Connections"));
}

int
main (int   argc,
      char *argv[])
{
  eoc_test_app_init (&argc, &argv);

  g_test_add ("/window/list", Fixture, NULL, fixture_set_up, test_list, fixture_tear_down);
  g_test_add ("/window/live-change", Fixture, NULL, fixture_set_up, test_live_change,
              fixture_tear_down);
  g_test_add ("/window/search", Fixture, NULL, fixture_set_up, test_search, fixture_tear_down);
  g_test_add ("/window/first-rows", Fixture, NULL, fixture_set_up, test_first_rows,
              fixture_tear_down);
  g_test_add ("/window/change-before-subscribing", Fixture, NULL, fixture_set_up,
              test_change_before_subscribing, fixture_tear_down);
  g_test_add ("/window/viewer", Fixture, NULL, fixture_set_up, test_viewer, fixture_tear_down);
  g_test_add ("/window/unreachable", Fixture, NULL, fixture_set_up, test_unreachable,
              fixture_tear_down);
  g_test_add ("/window/main-menu", Fixture, NULL, fixture_set_up, test_main_menu,
              fixture_tear_down);
  g_test_add ("/window/view-switchers", Fixture, NULL, fixture_set_up, test_view_switchers,
              fixture_tear_down);
  g_test_add ("/window/retry", Fixture, NULL, fixture_set_up, test_retry, fixture_tear_down);
  g_test_add ("/window/present-when-ready", Fixture, NULL, fixture_set_up,
              test_present_when_ready, fixture_tear_down);
  g_test_add ("/window/signed-out", Fixture, NULL, fixture_set_up, test_signed_out,
              fixture_tear_down);

  return g_test_run ();
}
