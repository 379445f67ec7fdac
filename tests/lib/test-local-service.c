/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-local-service.c: the private service of the app's default mode,
 * started from the build's eoc-server ($EOC_SERVER) with the user's data
 * directory ($XDG_DATA_HOME) in a temporary folder.
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "eoc-client.h"
#include "eoc-local-service.h"
#include "test-client-utils.h"

static gboolean
start_service (EocLocalService  *service,
               GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  eoc_local_service_start_async (service, NULL, store_result_cb, &result);
  wait_result (&result);
  return eoc_local_service_start_finish (service, result, error);
}

static void
stop_service (EocLocalService *service)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  eoc_local_service_stop_async (service, NULL, store_result_cb, &result);
  wait_result (&result);
  g_assert_true (eoc_local_service_stop_finish (service, result, &error));
  g_assert_no_error (error);
}

static EocUser *
get_me (EocClient  *client,
        GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  eoc_client_get_me_async (client, NULL, store_result_cb, &result);
  wait_result (&result);
  return eoc_client_get_me_finish (client, result, error);
}

static char *
get_health (EocClient  *client,
            GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  eoc_client_get_health_async (client, NULL, store_result_cb, &result);
  wait_result (&result);
  return eoc_client_get_health_finish (client, result, error);
}

static gboolean
tree_contains (const char *path,
               const char *needle)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_autofree char *contents = NULL;
      gsize length;

      if (!g_file_get_contents (path, &contents, &length, NULL))
        return FALSE;
      return g_strstr_len (contents, (gssize) length, needle) != NULL;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (tree_contains (child, needle))
        return TRUE;
    }

  return FALSE;
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_start_and_stop (void)
{
  g_autoptr(EocLocalService) service = eoc_local_service_new ();
  g_autoptr(EocClient) client = NULL;
  g_autoptr(EocClient) stranger = NULL;
  g_autoptr(EocUser) me = NULL;
  g_autoptr(EocUser) nobody = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *token = NULL;
  GStatBuf info;
  guint running_notifications = 0;

  g_signal_connect (service, "notify::running", G_CALLBACK (notify_count_cb),
                    &running_notifications);

  g_assert_false (eoc_local_service_get_running (service));
  g_assert_null (eoc_local_service_get_uri (service));

  g_assert_true (start_service (service, &error));
  g_assert_no_error (error);

  g_assert_true (eoc_local_service_get_running (service));
  g_assert_cmpuint (running_notifications, ==, 1);
  g_assert_true (g_str_has_prefix (eoc_local_service_get_uri (service), "http://127.0.0.1:"));
  g_assert_false (g_str_has_suffix (eoc_local_service_get_uri (service), "/"));
  g_assert_cmpuint (strlen (eoc_local_service_get_token (service)), ==, 64);
  token = g_strdup (eoc_local_service_get_token (service));

  /* Its data lives in the user's data directory, closed to others. */
  data_dir = g_build_filename (g_get_user_data_dir (), "env-ops-center", "local", NULL);
  g_assert_cmpint (g_stat (data_dir, &info), ==, 0);
  g_assert_true (S_ISDIR (info.st_mode));
  g_assert_cmpint (info.st_mode & 0777, ==, 0700);

  client = eoc_client_new (eoc_local_service_get_uri (service), token);
  version = get_health (client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (version, ==, PACKAGE_VERSION);

  /* The token signs in as the user, an administrator. */
  me = get_me (client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (eoc_user_get_name (me), ==, g_get_user_name ());
  g_assert_cmpint (eoc_user_get_role (me), ==, EOC_USER_ROLE_ADMIN);
  g_assert_true (eoc_user_get_is_admin (me));

  /* Only that token. */
  stranger = eoc_client_new (eoc_local_service_get_uri (service), "eoc_not-the-token");
  nobody = get_me (stranger, &error);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_null (nobody);
  g_clear_error (&error);

  /* The token is never written to disk. */
  g_assert_false (tree_contains (data_dir, token));

  stop_service (service);
  g_assert_false (eoc_local_service_get_running (service));
  g_assert_cmpuint (running_notifications, ==, 2);
  g_assert_null (eoc_local_service_get_uri (service));
  g_assert_null (eoc_local_service_get_token (service));

  g_clear_pointer (&version, g_free);
  version = get_health (client, &error);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_CANNOT_CONNECT);
  g_assert_null (version);
  g_clear_error (&error);

  g_assert_false (tree_contains (data_dir, token));
}

static guint
count_environments (EocLocalService *service)
{
  g_autoptr(EocClient) client = eoc_client_new (eoc_local_service_get_uri (service),
                                                eoc_local_service_get_token (service));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) environments = NULL;

  eoc_client_list_environments_async (client, NULL, store_result_cb, &result);
  wait_result (&result);
  environments = eoc_client_list_environments_finish (client, result, &error);
  g_assert_no_error (error);
  return environments->len;
}

static void
test_restart (void)
{
  g_autoptr(EocLocalService) service = eoc_local_service_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *first_token = NULL;
  guint n_environments;

  /* The first run of a demo fills the data directory with samples. */
  g_object_set (service, "demo", TRUE, NULL);
  g_assert_true (eoc_local_service_get_demo (service));
  g_assert_true (start_service (service, &error));
  g_assert_no_error (error);
  first_token = g_strdup (eoc_local_service_get_token (service));
  n_environments = count_environments (service);
  g_assert_cmpuint (n_environments, >, 0);
  stop_service (service);

  /* A new run has a new token; the old one is worthless. */
  g_assert_true (start_service (service, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (eoc_local_service_get_token (service), !=, first_token);
  /* The data is kept from one run to the next. */
  g_assert_cmpuint (count_environments (service), ==, n_environments);

  {
    g_autoptr(EocClient) old = eoc_client_new (eoc_local_service_get_uri (service), first_token);
    g_autoptr(EocUser) me = get_me (old, &error);

    g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_UNAUTHORIZED);
    g_assert_null (me);
    g_clear_error (&error);
  }

  stop_service (service);
}

static void
test_server_fails (void)
{
  g_autoptr(EocLocalService) service = eoc_local_service_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = g_strdup (g_getenv ("EOC_SERVER"));
  gint64 started = g_get_monotonic_time ();

  /* A service that exits before it listens. */
  g_setenv ("EOC_SERVER", "/bin/false", TRUE);
  g_assert_false (start_service (service, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_test_message ("Failure reported in %" G_GINT64_FORMAT " ms: %s",
                  (g_get_monotonic_time () - started) / 1000, error->message);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
  g_assert_false (eoc_local_service_get_running (service));
  g_clear_error (&error);

  /* One that says why. */
  {
    g_autofree char *script = g_build_filename (g_get_user_data_dir (), "failing-server", NULL);

    g_assert_true (g_file_set_contents (script,
                                        "#!/bin/sh\n"
                                        "echo 'eoc-server: cannot listen on 127.0.0.1:0: No way'"
                                        " >&2\n"
                                        "exit 1\n", -1, NULL));
    g_assert_cmpint (g_chmod (script, 0700), ==, 0);
    g_setenv ("EOC_SERVER", script, TRUE);
    g_assert_false (start_service (service, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, "cannot listen on 127.0.0.1:0: No way"));
    g_clear_error (&error);
  }

  /* One that does not exist. */
  g_setenv ("EOC_SERVER", "/nonexistent/eoc-server", TRUE);
  g_assert_false (start_service (service, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "/nonexistent/eoc-server"));
  g_assert_false (eoc_local_service_get_running (service));

  g_setenv ("EOC_SERVER", saved, TRUE);
}

/* The app quits while the service is starting. */
static void
test_stop_while_starting (void)
{
  g_autoptr(EocLocalService) service = eoc_local_service_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  eoc_local_service_start_async (service, NULL, store_result_cb, &result);
  eoc_local_service_stop (service);
  g_assert_false (eoc_local_service_start_finish (service, wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (eoc_local_service_get_running (service));
  g_assert_null (eoc_local_service_get_uri (service));
  g_clear_error (&error);
  g_clear_object (&result);

  /* It can start afterwards. */
  g_assert_true (start_service (service, &error));
  g_assert_no_error (error);
  stop_service (service);
}

/* The app dies without stopping the service: the service stops too. */
static void
test_dies_with_app (void)
{
  g_autofree char *uri_file = g_build_filename (g_get_user_data_dir (), "uri.txt", NULL);
  g_autofree char *uri = NULL;
  g_autoptr(EocClient) client = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  if (g_test_subprocess ())
    {
      g_autoptr(EocLocalService) service = eoc_local_service_new ();

      g_assert_true (start_service (service, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_set_contents (uri_file, eoc_local_service_get_uri (service), -1,
                                          &error));
      /* Gone without a word: no dispose, no SIGTERM from us. */
      _exit (3);
    }

  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_failed ();
  g_assert_true (g_file_get_contents (uri_file, &uri, NULL, &error));
  g_assert_no_error (error);

  client = eoc_client_new (uri, "eoc_whatever");
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autofree char *version = get_health (client, &error);

      if (version == NULL)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * 1000);
    }
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_CANNOT_CONNECT);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int status;

  /* Before anything asks GLib for the user's directories; a subprocess
   * of the test shares its parent's. */
  data_home = g_strdup (g_getenv ("EOC_TEST_DATA_HOME"));
  if (data_home == NULL)
    {
      data_home = g_dir_make_tmp ("eoc-local-service-XXXXXX", NULL);
      g_assert_nonnull (data_home);
      g_setenv ("EOC_TEST_DATA_HOME", data_home, TRUE);
    }
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_assert_nonnull (g_getenv ("EOC_SERVER"));
  g_assert_cmpstr (g_get_user_data_dir (), ==, data_home);

  g_test_add_func ("/local-service/start-and-stop", test_start_and_stop);
  g_test_add_func ("/local-service/restart", test_restart);
  g_test_add_func ("/local-service/server-fails", test_server_fails);
  g_test_add_func ("/local-service/stop-while-starting", test_stop_while_starting);
  g_test_add_func ("/local-service/dies-with-app", test_dies_with_app);

  status = g_test_run ();
  if (!g_test_subprocess ())
    eoc_test_rm_rf (data_home);
  return status;
}
