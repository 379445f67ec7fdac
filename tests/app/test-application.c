/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-application.c: the application itself, run as `eoc-center --server
 * URL` runs it (the token in EOC_TOKEN): its window opens on the service with
 * the list in it, or says why it cannot. The list is asked for before the
 * window is built; the window still shows it, and what changed meanwhile.
 */

#include "config.h"

#include "eoc-application.h"
#include "eoc-window.h"
#include "test-app-utils.h"

static EocTestServer *server;

typedef struct {
  const char *row;         /* a row to wait for, or NULL */
  const char *problem;     /* or the problem the list shows instead */
  const char *added;       /* then, an environment another client adds, to wait for */
  gboolean    shortcuts;   /* or then, the Keyboard Shortcuts window, asked for */
  EocClient  *other;
  gboolean    adding;
  gboolean    seen;
  gboolean    timed_out;
} Expect;

static EocWindow *
main_window (GtkApplication *app)
{
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (EOC_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static GtkWidget *
shown_shortcuts_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* GTK's own */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (GTK_IS_SHORTCUTS_WINDOW (toplevel) && gtk_widget_get_visible (toplevel))
        return toplevel;
    }
  return NULL;
}

/* The window shows; then the Keyboard Shortcuts window, made only when asked
 * for. Returns TRUE to keep waiting. */
static gboolean
shortcuts_shown (Expect    *expect,
                 EocWindow *window)
{
  GtkApplicationWindow *app_window = GTK_APPLICATION_WINDOW (window);
  GtkWidget *shortcuts;

  if (!expect->adding)
    {
      expect->adding = TRUE;
      g_assert_null (gtk_application_window_get_help_overlay (app_window));
      g_assert_null (shown_shortcuts_window ());
      g_action_group_activate_action (G_ACTION_GROUP (g_application_get_default ()), "shortcuts",
                                      NULL);
    }

  shortcuts = shown_shortcuts_window ();
  expect->seen = shortcuts != NULL;
  if (!expect->seen)
    return TRUE;

  g_assert_true (GTK_WIDGET (gtk_application_window_get_help_overlay (app_window)) == shortcuts);
  g_assert_true (eoc_test_widget_shows (shortcuts, "Connections"));
  g_assert_true (eoc_test_widget_shows (shortcuts, "Refresh"));
  g_application_quit (g_application_get_default ());
  return FALSE;
}

static gboolean
poll_cb (gpointer user_data)
{
  Expect *expect = user_data;
  GtkApplication *app = GTK_APPLICATION (g_application_get_default ());
  EocWindow *window = main_window (app);
  GtkStack *stack;

  if (window == NULL || !gtk_widget_get_visible (GTK_WIDGET (window)))
    return G_SOURCE_CONTINUE;

  stack = eoc_test_window_child (window, "sidebar_stack");
  if (expect->adding)
    expect->seen = eoc_test_window_find_row (window, expect->added) != NULL;
  else if (expect->row != NULL)
    expect->seen = eoc_test_window_find_row (window, expect->row) != NULL;
  else
    expect->seen = g_strcmp0 (gtk_stack_get_visible_child_name (stack), "problem") == 0 &&
                   eoc_test_widget_shows (GTK_WIDGET (stack), expect->problem);

  if (!expect->seen)
    return G_SOURCE_CONTINUE;
  if (expect->shortcuts)
    return shortcuts_shown (expect, window) ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
  if (expect->added != NULL && !expect->adding)
    {
      /* Live: the change comes as an event, the window asks for nothing. */
      expect->adding = TRUE;
      expect->seen = FALSE;
      eoc_client_create_environment_async (expect->other, expect->added,
                                           EOC_ENVIRONMENT_TYPE_NON_PRODUCTION, "2.1.0", NULL,
                                           NULL, NULL, NULL);
      return G_SOURCE_CONTINUE;
    }
  g_application_quit (G_APPLICATION (app));
  return G_SOURCE_REMOVE;
}

static gboolean
deadline_cb (gpointer user_data)
{
  Expect *expect = user_data;

  expect->timed_out = TRUE;
  g_application_quit (g_application_get_default ());
  return G_SOURCE_REMOVE;
}

/* Runs the application on the test's service with @token, or on a local
 * service of its own when @token is NULL, until @expect is seen. */
static void
run_application (const char *token,
                 Expect     *expect)
{
  g_autoptr(EocApplication) app = eoc_application_new ();
  char *args[] = { (char *) "eoc-center", (char *) "--server", server->url, NULL };
  guint poll_id, deadline_id;
  int status;

  if (token != NULL)
    g_setenv ("EOC_TOKEN", token, TRUE);
  poll_id = g_timeout_add (20, poll_cb, expect);
  deadline_id = g_timeout_add_seconds (20, deadline_cb, expect);

  status = g_application_run (G_APPLICATION (app), token != NULL ? 3 : 1, args);

  if (!expect->seen)
    g_source_remove (poll_id);
  if (!expect->timed_out)
    g_source_remove (deadline_id);
  g_assert_cmpint (status, ==, 0);
  g_assert_false (expect->timed_out);
  g_assert_true (expect->seen);

  /* The windows go with the application. */
  while (gtk_application_get_windows (GTK_APPLICATION (app)) != NULL)
    gtk_window_destroy (gtk_application_get_windows (GTK_APPLICATION (app))->data);
  g_unsetenv ("EOC_TOKEN");
}

/* The window opens with the service's environments, and follows them live. */
static void
test_server_option (void)
{
  g_autoptr(EocClient) admin = eoc_test_client_new (server->url, server->admin_token);
  Expect expect = { .row = "Production", .added = "Added Later", .other = admin };

  run_application (server->viewer_token, &expect);
}

/* The Keyboard Shortcuts window is made when first asked for, not with the window. */
static void
test_shortcuts_window (void)
{
  Expect expect = { .row = "Production", .shortcuts = TRUE };

  run_application (server->viewer_token, &expect);
}

/* No service named: the app starts its own, with the sample environments, and
 * its window shows them (the window is built while the service starts). */
static void
test_local_service (void)
{
  Expect expect = { .row = "Production" };

  run_application (NULL, &expect);
}

/* A token the service refuses: the window opens all the same, and says so. */
static void
test_refused_token (void)
{
  Expect expect = { .problem = "Signed Out" };

  run_application ("eoc_not_a_valid_token", &expect);
}

int
main (int   argc,
      char *argv[])
{
  const char *const args[] = { "--demo", NULL };
  g_autofree char *data_home = g_dir_make_tmp ("eoc-test-application-XXXXXX", NULL);
  int status;

  /* The local service keeps its data in the user's data directory: a
   * temporary one, set before anything asks GLib for it. */
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  eoc_test_app_init (&argc, &argv);
  server = eoc_test_server_new (args);

  g_test_add_func ("/application/server-option", test_server_option);
  g_test_add_func ("/application/refused-token", test_refused_token);
  g_test_add_func ("/application/shortcuts-window", test_shortcuts_window);
  g_test_add_func ("/application/local-service", test_local_service);

  status = g_test_run ();
  eoc_test_server_free (server);
  eoc_test_rm_rf (data_home);
  return status;
}
