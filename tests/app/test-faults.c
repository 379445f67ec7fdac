/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-faults.c: the real window under faults. Against a service that
 * answers garbage (the tests' own misbehaving server), the sidebar says what
 * is wrong instead of staying blank, and a status it does not know reads
 * "Unknown". Against the real service killed during a restore started from
 * the Backups page and during an upload in Import configuration, the window
 * shows the unreachable bar and the dialog a clear error; once the service
 * is back, the bar goes and the row shows the environment's real state.
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <glib/gstdio.h>

#include "eoc-bad-server.h"
#include "eoc-import-dialog.h"
#include "eoc-restore-dialog.h"
#include "test-app-utils.h"

/* Garbage lists. */

typedef struct {
  EocBadAnswer  answer;
  const char   *name;
  const char   *title;
} Garbage;

static const Garbage garbage[] = {
  { EOC_BAD_ANSWER_HTML, "html", "Unexpected Answer" },
  { EOC_BAD_ANSWER_DEEP, "deep", "Unexpected Answer" },
  { EOC_BAD_ANSWER_HUGE_STRING, "huge-string", "Unexpected Answer" },
  { EOC_BAD_ANSWER_WRONG_TYPES, "wrong-types", "Unexpected Answer" },
  { EOC_BAD_ANSWER_MISSING_FIELDS, "missing-fields", "Unexpected Answer" },
  { EOC_BAD_ANSWER_TRUNCATED, "truncated", "Cannot Reach the Service" },
  { EOC_BAD_ANSWER_CLOSE, "close", "Cannot Reach the Service" },
  { EOC_BAD_ANSWER_HTML_ERROR, "html-error", "Cannot Reach the Service" },
};

static gboolean
staging_shown (gpointer user_data)
{
  return eoc_test_window_find_row (user_data, "Staging") != NULL;
}

static void
test_garbage_list (gconstpointer data)
{
  const Garbage *test = data;
  g_autoptr(EocBadServer) server = eoc_bad_server_new ();
  GtkStack *stack;
  EocWindow *window;
  g_autofree char *text = NULL;

  eoc_bad_server_set_answer (server, "/api/v1/environments", test->answer);
  window = eoc_test_open_window (eoc_bad_server_get_url (server), "token");
  stack = eoc_test_window_child (window, "sidebar_stack");

  /* A page that says what is wrong and offers Retry: not blank, not a spinner. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "problem");
  text = eoc_test_widget_text (GTK_WIDGET (stack));
  g_test_message ("%s", text);
  g_assert_true (eoc_test_widget_shows (GTK_WIDGET (stack), test->title));
  g_assert_nonnull (eoc_test_find_button (GTK_WIDGET (stack), "Retry"));
  g_assert_cmpuint (strlen (text), <, 1000);
  g_assert_null (strstr (text, "<html"));

  /* The service mends its ways: Retry shows the list. */
  eoc_bad_server_set_answer (server, "/api/v1/environments", EOC_BAD_ANSWER_OK);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.retry", NULL));
  g_assert_true (eoc_test_wait_until (staging_shown, window, 5000));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "list");

  eoc_test_close_window (window);
}

/* A status this version does not know reads as a neutral "Unknown". */
static void
test_unknown_status (void)
{
  g_autoptr(EocBadServer) server = eoc_bad_server_new ();
  EocWindow *window;
  GtkWidget *row;

  eoc_bad_server_set_answer (server, "/api/v1/environments", EOC_BAD_ANSWER_UNKNOWN_ENUM);
  window = eoc_test_open_window (eoc_bad_server_get_url (server), "token");
  row = eoc_test_window_find_row (window, "Lunar");
  g_assert_nonnull (row);
  g_assert_true (eoc_test_widget_shows (row, "Unknown"));
  g_assert_false (eoc_test_widget_shows (row, "levitating"));

  eoc_test_close_window (window);
}

/* The real service, killed. */

typedef struct {
  EocTestServer *server;
  EocWindow     *window;
  EocClient     *client;         /* "elsewhere": the test's own */
  char          *staging_id;
  char          *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *const args[] = { "--demo", "--apply-delay", "3", NULL };
  g_autoptr(GError) error = NULL;

  fixture->server = eoc_test_server_new (args);
  fixture->client = eoc_test_client_new (fixture->server->url, fixture->server->admin_token);
  fixture->staging_id = eoc_test_environment_id (fixture->client, "Staging");
  fixture->window = eoc_test_open_window (fixture->server->url, fixture->server->operator_token);
  fixture->dir = g_dir_make_tmp ("eoc-app-faults-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  eoc_test_close_window (fixture->window);
  g_clear_object (&fixture->client);
  g_free (fixture->staging_id);
  eoc_test_server_free (fixture->server);
  eoc_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

static GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

typedef struct {
  GType       type;
  const char *button;
} ButtonCheck;

static gboolean
button_ready (gpointer user_data)
{
  ButtonCheck *check = user_data;
  GtkWidget *dialog = find_toplevel (check->type);
  GtkWidget *button = dialog != NULL ? eoc_test_find_button (dialog, check->button) : NULL;

  return button != NULL && gtk_widget_is_sensitive (button);
}

static void
press (GType       type,
       const char *label)
{
  ButtonCheck check = { type, label };

  g_assert_true (eoc_test_wait_until (button_ready, &check, 10000));
  gtk_widget_activate (eoc_test_find_button (find_toplevel (type), label));
}

typedef struct {
  EocWindow  *window;
  const char *name;
  const char *text;
} SidebarRow;

static gboolean
sidebar_row_shows (gpointer user_data)
{
  SidebarRow *check = user_data;
  GtkWidget *row = eoc_test_window_find_row (check->window, check->name);

  return row != NULL && eoc_test_widget_shows (row, check->text);
}

static gboolean
bar_revealed (gpointer user_data)
{
  GtkRevealer *revealer = eoc_test_window_child (user_data, "content_problem_revealer");

  return gtk_revealer_get_reveal_child (revealer);
}

static gboolean
bar_hidden (gpointer user_data)
{
  return !bar_revealed (user_data);
}

static void
assert_unreachable_bar (EocWindow *window)
{
  GtkLabel *label;

  g_assert_true (eoc_test_wait_until (bar_revealed, window, 10000));
  label = eoc_test_window_child (window, "problem_label");
  g_assert_cmpstr (gtk_label_get_label (label), ==, "The service cannot be reached. Trying again…");
}

typedef struct {
  gpointer  result;
  GError   *error;
  gboolean  done;
} Call;

static gboolean
call_done (gpointer user_data)
{
  return ((Call *) user_data)->done;
}

static void
list_backups_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Call *call = user_data;

  call->result = eoc_client_list_backups_finish (EOC_CLIENT (object), result, NULL, &call->error);
  call->done = TRUE;
}

/* The id of a backup of Staging (the sample data has one). */
static char *
staging_backup_id (Fixture *fixture)
{
  Call call = { 0 };
  g_autoptr(GPtrArray) backups = NULL;

  eoc_client_list_backups_async (fixture->client, fixture->staging_id, NULL, 0, NULL, NULL,
                                 list_backups_cb, &call);
  g_assert_true (eoc_test_wait_until (call_done, &call, 10000));
  g_assert_no_error (call.error);
  backups = call.result;
  g_assert_cmpuint (backups->len, >, 0);
  return g_strdup (eoc_backup_get_id (g_ptr_array_index (backups, 0)));
}

/* Restore from the Backups page; the service dies while it applies the
 * backup. The bar says it cannot be reached; back, the service's recovery
 * has marked the restore failed, and the row says "Update Failed". */
static void
test_killed_during_restore (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *backup_id = staging_backup_id (fixture);
  SidebarRow updating = { fixture->window, "Staging", "Updating" };
  SidebarRow failed = { fixture->window, "Staging", "Update Failed" };

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.restore-backup", "(ss)",
                              fixture->staging_id, backup_id);
  press (EOC_TYPE_RESTORE_DIALOG, "Restore");
  g_assert_true (eoc_test_wait_until (sidebar_row_shows, &updating, 5000));

  eoc_test_server_kill (fixture->server);
  assert_unreachable_bar (fixture->window);
  /* What was shown stays. */
  g_assert_nonnull (eoc_test_window_find_row (fixture->window, "Staging"));

  eoc_test_server_restart (fixture->server);
  g_assert_true (eoc_test_wait_until (bar_hidden, fixture->window, 20000));
  g_assert_true (eoc_test_wait_until (sidebar_row_shows, &failed, 10000));
}

typedef struct {
  const char *const *any;
} DialogShows;

static gboolean
dialog_shows_any (gpointer user_data)
{
  DialogShows *check = user_data;
  GtkWidget *dialog = find_toplevel (EOC_TYPE_IMPORT_DIALOG);
  g_autofree char *text = dialog != NULL ? eoc_test_widget_text (dialog) : NULL;

  for (guint i = 0; text != NULL && check->any[i] != NULL; i++)
    if (strstr (text, check->any[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* Drops @file on the import dialog, as a drag from the file manager does. */
static void
drop_file (GtkWidget *dialog,
           GFile     *file)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (dialog);
  g_autoptr(GSList) files = g_slist_append (NULL, file);
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        {
          g_value_init (&value, GDK_TYPE_FILE_LIST);
          g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
          g_signal_emit_by_name (controller, "drop", &value, 20.0, 20.0, &accepted);
          g_value_unset (&value);
          break;
        }
    }
  g_assert_true (accepted);
}

/* Import configuration: the service dies with the upload in flight. The
 * dialog says the connection was lost, the window's bar says the service
 * cannot be reached; back, the bar goes and Staging is as it was. */
static void
test_killed_during_upload (Fixture       *fixture,
                           gconstpointer  data)
{
  static const char *const lost[] = { "was lost", "Could not connect", NULL };
  DialogShows shows_lost = { lost };
  SidebarRow operational = { fixture->window, "Staging", "Operational" };
  g_autofree char *path = g_build_filename (fixture->dir, "staging.zip", NULL);
  g_autofree char *content = g_malloc0 (1024 * 1024);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;
  g_autofree char *text = NULL;

  g_file_set_contents (path, content, 1024 * 1024, &error);
  g_assert_no_error (error);
  g_assert_true (sidebar_row_shows (&operational));

  /* The window offers it once it knows the user's role. */
  for (guint tries = 0; tries < 50 && find_toplevel (EOC_TYPE_IMPORT_DIALOG) == NULL; tries++)
    {
      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.import-configuration", "s",
                                  fixture->staging_id);
      eoc_test_wait (200);
    }
  dialog = find_toplevel (EOC_TYPE_IMPORT_DIALOG);
  g_assert_nonnull (dialog);

  /* Frozen, the service holds the upload; then it dies with it. */
  g_subprocess_send_signal (fixture->server->process, SIGSTOP);
  drop_file (dialog, file);
  eoc_test_wait (500);
  eoc_test_server_kill (fixture->server);

  g_assert_true (eoc_test_wait_until (dialog_shows_any, &shows_lost, 10000));
  text = eoc_test_widget_text (dialog);
  g_test_message ("%s", text);
  assert_unreachable_bar (fixture->window);

  eoc_test_server_restart (fixture->server);
  g_assert_true (eoc_test_wait_until (bar_hidden, fixture->window, 20000));
  g_assert_true (eoc_test_wait_until (sidebar_row_shows, &operational, 5000));
  gtk_window_close (GTK_WINDOW (dialog));
  eoc_test_wait (100);
}

int
main (int   argc,
      char *argv[])
{
  eoc_test_app_init (&argc, &argv);

  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_autofree char *path = g_strdup_printf ("/app-faults/garbage-list/%s", garbage[i].name);

      g_test_add_data_func (path, &garbage[i], test_garbage_list);
    }
  g_test_add_func ("/app-faults/unknown-status", test_unknown_status);
  g_test_add ("/app-faults/killed/restore", Fixture, NULL, fixture_set_up,
              test_killed_during_restore, fixture_tear_down);
  g_test_add ("/app-faults/killed/upload", Fixture, NULL, fixture_set_up,
              test_killed_during_upload, fixture_tear_down);

  return g_test_run ();
}
