/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Connections window and its store, with a real keyring: gnome-keyring on
 * the test's own session bus (run under dbus-run-session), unlocked for the
 * test, with its files in a temporary home. The token of a service added
 * through the window goes to the keyring and nowhere else on disk.
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "eoc-connection-store.h"
#include "eoc-connections-window.h"
#include "test-app-utils.h"

static char *root_dir;
static gboolean have_keyring;

/* Everything the test writes stays under one temporary home. */
static void
make_home (void)
{
  static const char *dirs[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME",
                                "XDG_RUNTIME_DIR", NULL };
  g_autoptr(GError) error = NULL;

  root_dir = g_dir_make_tmp ("eoc-test-keyring-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("HOME", root_dir, TRUE);
  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (root_dir, dirs[i], NULL);

      g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
      g_setenv (dirs[i], path, TRUE);
    }

  /* Settings on disk, to show what is written there. */
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
}

/* Starts gnome-keyring's secret service on this session bus, unlocked with a test password. */
static gboolean
start_keyring (void)
{
  const char *argv[] = { "gnome-keyring-daemon", "--unlock", "--components=secrets", NULL };
  g_autoptr(GSubprocess) daemon = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *program = g_find_program_in_path (argv[0]);
  g_auto(GStrv) lines = NULL;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL || program == NULL)
    return FALSE;

  daemon = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                              &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (daemon, "testpass", NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (daemon));

  lines = g_strsplit (out != NULL ? out : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *equals = strchr (lines[i], '=');

      if (equals != NULL)
        {
          *equals = '\0';
          g_setenv (lines[i], equals + 1, TRUE);
        }
    }

  return TRUE;
}

static gboolean
contains (const char *data,
          gsize       length,
          const char *needle)
{
  gsize needle_length = strlen (needle);

  for (gsize i = 0; i + needle_length <= length; i++)
    {
      if (memcmp (data + i, needle, needle_length) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Whether @needle occurs in any file under @path. */
static gboolean
found_on_disk (const char *path,
               const char *needle,
               char      **where)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR) &&
          g_file_get_contents (path, &contents, &length, NULL) &&
          contains (contents, length, needle))
        {
          *where = g_strdup (path);
          return TRUE;
        }
      return FALSE;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (found_on_disk (child, needle, where))
        return TRUE;
    }

  return FALSE;
}

static char *
secret_tool_lookup (const char *id)
{
  const char *argv[] = { "secret-tool", "lookup", "connection", id, NULL };
  g_autofree char *out = NULL;
  g_autofree char *program = g_find_program_in_path (argv[0]);
  int status;

  if (program == NULL)
    return NULL;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, NULL))
    return NULL;

  return g_steal_pointer (&out);
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
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Call *call = user_data;

  call->result = eoc_connection_store_lookup_token_finish (EOC_CONNECTION_STORE (object), result,
                                                           &call->error);
  call->done = TRUE;
}

static char *
lookup_token (EocConnectionStore *store,
              const char         *id)
{
  Call call = { 0 };

  eoc_connection_store_lookup_token_async (store, id, NULL, lookup_cb, &call);
  g_assert_true (eoc_test_wait_until (call_done, &call, 10000));
  g_assert_no_error (call.error);
  return call.result;
}

static void
remove_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Call *call = user_data;

  eoc_connection_store_remove_finish (EOC_CONNECTION_STORE (object), result, &call->error);
  call->done = TRUE;
}

static gboolean
has_two_connections (gpointer user_data)
{
  return g_list_model_get_n_items (user_data) == 2;
}

static gboolean
subpage_shown (gpointer user_data)
{
  g_autoptr(GPtrArray) rows = eoc_test_find_widgets (user_data, ADW_TYPE_ENTRY_ROW);

  return rows->len == 3;
}

static void
test_token_in_keyring (void)
{
  const char *server_args[] = { "--demo", NULL };
  g_autoptr(EocTestServer) server = eoc_test_server_new (server_args);
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(EocConnectionStore) store = NULL;
  g_autoptr(EocConnection) connection = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *token = NULL;
  g_autofree char *keyfile = NULL;
  g_autofree char *keyfile_contents = NULL;
  g_autofree char *where = NULL;
  g_autofree char *from_secret_tool = NULL;
  GListModel *connections;
  EocConnectionsWindow *window;
  EocWindow *main_window;
  Call call = { 0 };

  if (!have_keyring)
    {
      g_test_skip ("gnome-keyring-daemon or a session bus is missing");
      return;
    }

  settings = g_settings_new (APPLICATION_ID);
  store = eoc_connection_store_new (settings);
  connections = eoc_connection_store_get_connections (store);
  g_assert_cmpuint (g_list_model_get_n_items (connections), ==, 1);

  /* Add the service as a user would. */
  window = eoc_connections_window_new (store, NULL);
  gtk_window_present (GTK_WINDOW (window));
  eoc_test_wait (300);
  g_assert_true (eoc_test_widget_shows (GTK_WIDGET (window), "This Computer"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "connections.add", NULL));
  g_assert_true (eoc_test_wait_until (subpage_shown, window, 5000));

  entries = eoc_test_find_widgets (GTK_WIDGET (window), ADW_TYPE_ENTRY_ROW);
  gtk_editable_set_text (g_ptr_array_index (entries, 0), "Test Service");
  gtk_editable_set_text (g_ptr_array_index (entries, 1), server->url);
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (g_ptr_array_index (entries, 2)));
  gtk_editable_set_text (g_ptr_array_index (entries, 2), server->operator_token);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "connections.save", NULL));
  g_assert_true (eoc_test_wait_until (has_two_connections, connections, 10000));
  eoc_test_wait (500);
  g_assert_true (eoc_test_widget_shows (GTK_WIDGET (window), "Test Service"));
  g_assert_true (eoc_test_widget_shows (GTK_WIDGET (window), server->url));
  gtk_window_destroy (GTK_WINDOW (window));

  connection = g_list_model_get_item (connections, 1);
  g_assert_cmpstr (eoc_connection_get_name (connection), ==, "Test Service");
  g_assert_cmpstr (eoc_connection_get_url (connection), ==, server->url);

  /* The keyring has it, as the Secret Service tells anyone who asks. */
  token = lookup_token (store, eoc_connection_get_id (connection));
  g_assert_cmpstr (token, ==, server->operator_token);
  from_secret_tool = secret_tool_lookup (eoc_connection_get_id (connection));
  if (from_secret_tool != NULL)
    g_assert_cmpstr (g_strstrip (from_secret_tool), ==, server->operator_token);

  /* The settings on disk have the service, not its token; no file anywhere has it. */
  keyfile = g_build_filename (g_getenv ("XDG_CONFIG_HOME"), "glib-2.0", "settings", "keyfile",
                              NULL);
  g_assert_true (g_file_get_contents (keyfile, &keyfile_contents, NULL, NULL));
  g_assert_nonnull (strstr (keyfile_contents, server->url));
  g_assert_null (strstr (keyfile_contents, server->operator_token));
  if (found_on_disk (root_dir, server->operator_token, &where))
    g_error ("The token was written to %s", where);

  /* What the app does with it: the window opens the service with the keyring's token. */
  main_window = eoc_test_open_window (eoc_connection_get_url (connection), token);
  g_assert_nonnull (eoc_test_window_find_row (main_window, "Production"));
  eoc_test_close_window (main_window);

  /* Removing the connection removes its token. */
  eoc_connection_store_remove_async (store, eoc_connection_get_id (connection), NULL, remove_cb,
                                     &call);
  g_assert_true (eoc_test_wait_until (call_done, &call, 10000));
  g_assert_no_error (call.error);
  g_assert_cmpuint (g_list_model_get_n_items (connections), ==, 1);
  g_clear_pointer (&token, g_free);
  token = lookup_token (store, eoc_connection_get_id (connection));
  g_assert_null (token);
}

/* Addresses that are not http(s) URLs are refused before anything is stored. */
static void
test_bad_address (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (eoc_connection_store_check_url ("https://eoc.example.com", NULL));
  g_assert_true (eoc_connection_store_check_url ("http://127.0.0.1:8420", NULL));
  g_assert_false (eoc_connection_store_check_url ("eoc.example.com", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (eoc_connection_store_check_url ("ftp://eoc.example.com", NULL));
  g_assert_false (eoc_connection_store_check_url ("", NULL));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  make_home ();
  have_keyring = start_keyring ();
  eoc_test_app_init (&argc, &argv);

  g_test_add_func ("/connections/token-in-keyring", test_token_in_keyring);
  g_test_add_func ("/connections/bad-address", test_bad_address);

  status = g_test_run ();
  eoc_test_rm_rf (root_dir);
  g_free (root_dir);
  return status;
}
