/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-client.c: every call of EocClient against the real service, and what
 * a user is told when the service refuses or cannot be reached.
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include "eoc-client.h"
#include "test-client-utils.h"

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  fixture_set_up (fixture, data);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  fixture_tear_down (fixture);
}

/* Who am I, the service, versions. */

static EocUser *
get_me (EocClient  *client,
        GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  eoc_client_get_me_async (client, NULL, store_result_cb, &result);
  return eoc_client_get_me_finish (client, wait_result (&result), error);
}

static void
test_me (Fixture       *fixture,
         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EocUser) admin = get_me (fixture->admin, &error);
  g_autoptr(EocUser) operator_ = get_me (fixture->operator_, &error);
  g_autoptr(EocUser) viewer = get_me (fixture->viewer, &error);
  g_autofree char *name = NULL;
  gboolean can_operate;

  g_assert_no_error (error);
  g_assert_cmpstr (eoc_user_get_name (admin), ==, "admin");
  g_assert_cmpint (eoc_user_get_role (admin), ==, EOC_USER_ROLE_ADMIN);
  g_assert_true (eoc_user_get_can_operate (admin));
  g_assert_true (eoc_user_get_is_admin (admin));

  g_assert_cmpstr (eoc_user_get_name (operator_), ==, "olivia");
  g_assert_cmpint (eoc_user_get_role (operator_), ==, EOC_USER_ROLE_OPERATOR);
  g_assert_true (eoc_user_get_can_operate (operator_));
  g_assert_false (eoc_user_get_is_admin (operator_));

  /* What the UI binds to: the properties. */
  g_object_get (viewer, "name", &name, "can-operate", &can_operate, NULL);
  g_assert_cmpstr (name, ==, "victor");
  g_assert_false (can_operate);
  g_assert_cmpint (eoc_user_get_role (viewer), ==, EOC_USER_ROLE_VIEWER);
  g_assert_false (eoc_user_get_is_admin (viewer));
}

static void
test_health_and_versions (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  g_auto(GStrv) versions = NULL;
  const char *const known[] = { "1.0.0", "1.1.0", "2.0.0", "2.1.0", "2.2.0", "3.0.0", NULL };

  eoc_client_get_health_async (fixture->viewer, NULL, store_result_cb, &result);
  version = eoc_client_get_health_finish (fixture->viewer, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (version, ==, PACKAGE_VERSION);

  g_clear_object (&result);
  eoc_client_list_versions_async (fixture->viewer, NULL, store_result_cb, &result);
  versions = eoc_client_list_versions_finish (fixture->viewer, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (versions, known);
}

/* Environments. */

static GPtrArray *
list_environments (EocClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *environments;

  eoc_client_list_environments_async (client, NULL, store_result_cb, &result);
  environments = eoc_client_list_environments_finish (client, wait_result (&result), &error);
  g_assert_no_error (error);
  return environments;
}

static EocEnvironment *
get_environment (EocClient   *client,
                 const char  *id,
                 GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  eoc_client_get_environment_async (client, id, NULL, store_result_cb, &result);
  return eoc_client_get_environment_finish (client, wait_result (&result), error);
}

static void
test_environments (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocEnvironment) staging = NULL;
  g_autoptr(EocEnvironment) again = NULL;
  g_autoptr(EocEnvironment) refused = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *detail = NULL;
  EocEnvironmentType type;

  staging = make_environment (fixture, "Staging", EOC_ENVIRONMENT_TYPE_NON_PRODUCTION, "2.1.0");
  g_assert_cmpstr (eoc_environment_get_name (staging), ==, "Staging");
  g_assert_cmpstr (eoc_environment_get_description (staging), ==, "Made by a test");
  g_assert_cmpstr (eoc_environment_get_version (staging), ==, "2.1.0");
  g_assert_cmpint (eoc_environment_get_status (staging), ==, EOC_ENVIRONMENT_STATUS_OPERATIONAL);
  g_assert_null (eoc_environment_get_operation (staging));
  g_assert_null (eoc_environment_get_last_backup_at (staging));
  g_object_get (staging, "type", &type, "created-at", &created, NULL);
  g_assert_cmpint (type, ==, EOC_ENVIRONMENT_TYPE_NON_PRODUCTION);
  g_assert_nonnull (created);

  list = list_environments (fixture->viewer);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (eoc_environment_get_id (g_ptr_array_index (list, 0)), ==,
                   eoc_environment_get_id (staging));

  again = get_environment (fixture->viewer, eoc_environment_get_id (staging), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (eoc_environment_get_name (again), ==, "Staging");
  g_assert_true (g_date_time_equal (eoc_environment_get_created_at (again), created));

  /* The same name again: refused, and the user is told which name. */
  eoc_client_create_environment_async (fixture->admin, "Staging",
                                       EOC_ENVIRONMENT_TYPE_PRODUCTION, "2.1.0", NULL, NULL,
                                       store_result_cb, &result);
  refused = eoc_client_create_environment_finish (fixture->admin, wait_result (&result), &error);
  g_assert_null (refused);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_NAME_TAKEN);
  g_assert_nonnull (strstr (error->message, "“Staging”"));
  g_assert_true (g_str_has_suffix (error->message, "Choose another name."));
  g_assert_cmpuint (eoc_client_error_get_http_status (error), ==, 409);
  g_assert_cmpstr (eoc_client_error_get_service_code (error), ==, "name_taken");
  g_clear_error (&error);

  /* A viewer may not create environments. */
  g_clear_object (&result);
  eoc_client_create_environment_async (fixture->viewer, "Other",
                                       EOC_ENVIRONMENT_TYPE_PRODUCTION, "2.1.0", NULL, NULL,
                                       store_result_cb, &result);
  refused = eoc_client_create_environment_finish (fixture->viewer, wait_result (&result), &error);
  g_assert_null (refused);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_FORBIDDEN);
  detail = eoc_client_error_dup_detail (error, "required_role");
  g_assert_cmpstr (detail, ==, "admin");
  g_assert_nonnull (strstr (error->message, "“admin” role"));
  g_clear_error (&error);

  /* A bad name, an unknown version. */
  g_clear_object (&result);
  eoc_client_create_environment_async (fixture->admin, "", EOC_ENVIRONMENT_TYPE_PRODUCTION,
                                       "2.1.0", NULL, NULL, store_result_cb, &result);
  refused = eoc_client_create_environment_finish (fixture->admin, wait_result (&result), &error);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_INVALID_INPUT);
  g_assert_cmpstr (eoc_client_error_get_service_code (error), ==, "invalid_name");
  g_clear_error (&error);

  g_clear_object (&result);
  eoc_client_create_environment_async (fixture->admin, "Future", EOC_ENVIRONMENT_TYPE_PRODUCTION,
                                       "9.9.9", NULL, NULL, store_result_cb, &result);
  refused = eoc_client_create_environment_finish (fixture->admin, wait_result (&result), &error);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_INVALID_INPUT);
  g_assert_cmpstr (eoc_client_error_get_service_code (error), ==, "invalid_version");
}

static EocOperation *
run_and_wait (EocClient    *client,
              EocOperation *started)
{
  EocOperation *finished;

  g_assert_nonnull (started);
  finished = wait_operation (client, eoc_operation_get_id (started));
  g_assert_cmpstr (eoc_operation_get_error (finished), ==, NULL);
  g_assert_cmpint (eoc_operation_get_state (finished), ==, EOC_OPERATION_STATE_SUCCEEDED);
  g_assert_cmpfloat (eoc_operation_get_progress (finished), ==, 1.0);
  g_assert_nonnull (eoc_operation_get_finished_at (finished));
  return finished;
}

static GPtrArray *list_backups (EocClient   *client,
                                const char  *environment_id,
                                const char  *query,
                                guint        limit,
                                const char  *cursor,
                                char       **next);

static void
test_update_start_stop (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocEnvironment) staging = NULL;
  g_autoptr(EocEnvironment) production = NULL;
  g_autoptr(EocEnvironment) now = NULL;
  g_autoptr(EocOperation) operation = NULL;
  g_autoptr(EocOperation) finished = NULL;
  const char *id;

  staging = make_environment (fixture, "Staging", EOC_ENVIRONMENT_TYPE_NON_PRODUCTION, "2.1.0");
  production = make_environment (fixture, "Production", EOC_ENVIRONMENT_TYPE_PRODUCTION, "2.1.0");
  id = eoc_environment_get_id (staging);

  /* Update, backing the configuration up first. */
  backups = list_backups (fixture->viewer, id, NULL, 100, NULL, NULL);
  eoc_client_update_environment_async (fixture->operator_, id, "2.2.0", TRUE, NULL,
                                       store_result_cb, &result);
  operation = eoc_client_update_environment_finish (fixture->operator_, wait_result (&result),
                                                    &error);
  g_assert_no_error (error);
  g_assert_cmpint (eoc_operation_get_kind (operation), ==, EOC_OPERATION_KIND_UPDATE);
  g_assert_cmpstr (eoc_operation_get_environment_id (operation), ==, id);
  g_assert_cmpstr (eoc_operation_get_user (operation), ==, "olivia");
  finished = run_and_wait (fixture->operator_, operation);
  now = get_environment (fixture->viewer, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (eoc_environment_get_version (now), ==, "2.2.0");
  g_assert_cmpint (eoc_environment_get_status (now), ==, EOC_ENVIRONMENT_STATUS_OPERATIONAL);
  after = list_backups (fixture->viewer, id, NULL, 100, NULL, NULL);
  g_assert_cmpuint (after->len, ==, backups->len + 1);
  g_assert_cmpstr (eoc_backup_get_version (g_ptr_array_index (after, 0)), ==, "2.1.0");
  g_clear_object (&now);
  g_clear_object (&operation);
  g_clear_object (&finished);

  /* Not newer: refused. */
  g_clear_object (&result);
  eoc_client_update_environment_async (fixture->operator_, id, "1.0.0", FALSE, NULL, store_result_cb,
                                       &result);
  operation = eoc_client_update_environment_finish (fixture->operator_, wait_result (&result),
                                                    &error);
  g_assert_null (operation);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* Stop, then stop again (refused), then start. */
  g_clear_object (&result);
  eoc_client_stop_environment_async (fixture->operator_, id, NULL, store_result_cb, &result);
  operation = eoc_client_stop_environment_finish (fixture->operator_, wait_result (&result),
                                                  &error);
  g_assert_no_error (error);
  g_assert_cmpint (eoc_operation_get_kind (operation), ==, EOC_OPERATION_KIND_STOP);
  finished = run_and_wait (fixture->operator_, operation);
  now = get_environment (fixture->viewer, id, &error);
  g_assert_cmpint (eoc_environment_get_status (now), ==, EOC_ENVIRONMENT_STATUS_OFFLINE);
  g_clear_object (&now);
  g_clear_object (&operation);
  g_clear_object (&finished);

  g_clear_object (&result);
  eoc_client_stop_environment_async (fixture->operator_, id, NULL, store_result_cb, &result);
  operation = eoc_client_stop_environment_finish (fixture->operator_, wait_result (&result),
                                                  &error);
  g_assert_null (operation);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_INVALID_STATE);
  g_assert_true (g_str_has_suffix (error->message, "Refresh, then try again."));
  g_clear_error (&error);

  g_clear_object (&result);
  eoc_client_start_environment_async (fixture->operator_, id, NULL, store_result_cb, &result);
  operation = eoc_client_start_environment_finish (fixture->operator_, wait_result (&result),
                                                   &error);
  g_assert_no_error (error);
  g_assert_cmpint (eoc_operation_get_kind (operation), ==, EOC_OPERATION_KIND_START);
  finished = run_and_wait (fixture->operator_, operation);
  now = get_environment (fixture->viewer, id, &error);
  g_assert_cmpint (eoc_environment_get_status (now), ==, EOC_ENVIRONMENT_STATUS_OPERATIONAL);
  g_clear_object (&operation);

  /* Production cannot be stopped; a viewer cannot stop anything. */
  g_clear_object (&result);
  eoc_client_stop_environment_async (fixture->operator_, eoc_environment_get_id (production), NULL,
                                     store_result_cb, &result);
  operation = eoc_client_stop_environment_finish (fixture->operator_, wait_result (&result),
                                                  &error);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_INVALID_STATE);
  g_clear_error (&error);

  g_clear_object (&result);
  eoc_client_stop_environment_async (fixture->viewer, id, NULL, store_result_cb, &result);
  operation = eoc_client_stop_environment_finish (fixture->viewer, wait_result (&result), &error);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "“operator” role"));
}

static void
test_operation_in_progress (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocEnvironment) staging = NULL;
  g_autoptr(EocEnvironment) busy = NULL;
  g_autoptr(EocOperation) update = NULL;
  g_autoptr(EocOperation) refused = NULL;
  g_autoptr(EocOperation) finished = NULL;
  g_autofree char *operation_id = NULL;
  g_autofree char *kind = NULL;
  EocOperation *running;
  const char *id;

  staging = make_environment (fixture, "Staging", EOC_ENVIRONMENT_TYPE_NON_PRODUCTION, "2.1.0");
  id = eoc_environment_get_id (staging);

  /* The service runs with --apply-delay 2: the update takes 2 s. */
  eoc_client_update_environment_async (fixture->operator_, id, "3.0.0", FALSE, NULL, store_result_cb,
                                       &result);
  update = eoc_client_update_environment_finish (fixture->operator_, wait_result (&result),
                                                 &error);
  g_assert_no_error (error);

  /* The environment shows the running operation. */
  busy = get_environment (fixture->viewer, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (eoc_environment_get_status (busy), ==, EOC_ENVIRONMENT_STATUS_UPDATING);
  running = eoc_environment_get_operation (busy);
  g_assert_nonnull (running);
  g_assert_cmpstr (eoc_operation_get_id (running), ==, eoc_operation_get_id (update));
  g_assert_cmpint (eoc_operation_get_kind (running), ==, EOC_OPERATION_KIND_UPDATE);

  /* Another one is refused, saying which one runs. */
  g_clear_object (&result);
  eoc_client_stop_environment_async (fixture->operator_, id, NULL, store_result_cb, &result);
  refused = eoc_client_stop_environment_finish (fixture->operator_, wait_result (&result), &error);
  g_assert_null (refused);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_OPERATION_IN_PROGRESS);
  operation_id = eoc_client_error_dup_detail (error, "operation_id");
  kind = eoc_client_error_dup_detail (error, "kind");
  g_assert_cmpstr (operation_id, ==, eoc_operation_get_id (update));
  g_assert_cmpstr (kind, ==, "update");
  g_assert_nonnull (strstr (error->message, "(update)"));
  g_assert_nonnull (strstr (error->message, "Wait until it finishes"));

  finished = run_and_wait (fixture->operator_, update);
}

/* Refusals the client maps whatever the call. */

static void
test_not_found (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocEnvironment) staging = NULL;
  g_autoptr(EocEnvironment) missing = NULL;
  g_autoptr(EocBackup) backup = NULL;
  g_autoptr(EocOperation) operation = NULL;
  g_autoptr(EocUpload) upload = NULL;

  missing = get_environment (fixture->viewer, "no-such-environment", &error);
  g_assert_null (missing);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_NOT_FOUND);
  g_assert_cmpuint (eoc_client_error_get_http_status (error), ==, 404);
  g_assert_true (g_str_has_suffix (error->message, "refresh, then try again."));
  g_clear_error (&error);

  staging = make_environment (fixture, "Staging", EOC_ENVIRONMENT_TYPE_NON_PRODUCTION, "2.1.0");

  eoc_client_get_backup_async (fixture->viewer, eoc_environment_get_id (staging), "no-such-backup",
                               NULL, store_result_cb, &result);
  backup = eoc_client_get_backup_finish (fixture->viewer, wait_result (&result), &error);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_clear_object (&result);
  eoc_client_get_operation_async (fixture->viewer, "no-such-operation", NULL, store_result_cb,
                                  &result);
  operation = eoc_client_get_operation_finish (fixture->viewer, wait_result (&result), &error);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_clear_object (&result);
  eoc_client_get_upload_async (fixture->viewer, eoc_environment_get_id (staging), "no-such-upload",
                               NULL, store_result_cb, &result);
  upload = eoc_client_get_upload_finish (fixture->viewer, wait_result (&result), &error);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_clear_object (&result);
  eoc_client_delete_backup_async (fixture->operator_, eoc_environment_get_id (staging), "nope",
                                  NULL, store_result_cb, &result);
  g_assert_false (eoc_client_delete_backup_finish (fixture->operator_, wait_result (&result),
                                                   &error));
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_NOT_FOUND);
}

static void
test_unauthorized (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(EocClient) stranger = eoc_client_new (fixture->server->url, "eoc_not_a_real_token");
  g_autoptr(EocClient) anonymous = eoc_client_new (fixture->server->url, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(EocUser) user = NULL;

  user = get_me (stranger, &error);
  g_assert_null (user);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (eoc_client_error_get_http_status (error), ==, 401);
  g_assert_nonnull (strstr (error->message, "Sign in again"));
  g_clear_error (&error);

  user = get_me (anonymous, &error);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  /* Signing in again: the token can change. */
  eoc_client_set_token (stranger, fixture->server->viewer_token);
  user = get_me (stranger, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (eoc_user_get_name (user), ==, "victor");
}

static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, address, FALSE, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
test_cannot_connect (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", free_port ());
  g_autoptr(EocClient) nowhere = eoc_client_new (url, fixture->server->viewer_token);
  g_autoptr(EocClient) nonsense = eoc_client_new ("not an address", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(EocUser) user = NULL;

  user = get_me (nowhere, &error);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_CANNOT_CONNECT);
  g_assert_nonnull (strstr (error->message, url));
  g_assert_nonnull (strstr (error->message, "Check that the service is running"));
  g_assert_cmpuint (eoc_client_error_get_http_status (error), ==, 0);
  g_clear_error (&error);

  user = get_me (nonsense, &error);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_CANNOT_CONNECT);
  g_assert_nonnull (strstr (error->message, "“not an address”"));
  g_assert_null (eoc_client_build_uri (nonsense, "/api/v1/events"));
}

static void
test_timed_out (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 1, NULL);
  g_autoptr(EocClient) impatient = eoc_client_new_with_session (fixture->server->url,
                                                                fixture->server->viewer_token,
                                                                session);
  g_autoptr(GError) error = NULL;
  g_autoptr(EocUser) user = NULL;
  gint64 start;

  g_assert_true (eoc_client_get_session (impatient) == session);

  /* The service hangs: connections are accepted by the kernel, nothing answers. */
  g_subprocess_send_signal (fixture->server->process, SIGSTOP);
  start = g_get_monotonic_time ();
  user = get_me (impatient, &error);
  g_subprocess_send_signal (fixture->server->process, SIGCONT);

  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (error->message, "did not answer in time"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_clear_error (&error);

  /* And once it is back, the same client works. */
  user = get_me (impatient, &error);
  g_assert_no_error (error);
}

/* Not the service: something answering HTTP with a web page. */
static gboolean
web_page_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             gpointer           user_data)
{
  static const char answer[] = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                               "Content-Length: 27\r\nConnection: close\r\n\r\n"
                               "<html>Sign in to WiFi</html>";
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  char buffer[4096];

  /* Read the request's head (it is small), answer, close. */
  g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)), buffer,
                       sizeof buffer, NULL, NULL);
  g_output_stream_write_all (output, answer, strlen (answer), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static void
test_invalid_response (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GSocketService) service = g_threaded_socket_service_new (1);
  g_autoptr(GError) error = NULL;
  g_autoptr(EocClient) client = NULL;
  g_autoptr(EocUser) user = NULL;
  g_autofree char *url = NULL;
  guint16 port;

  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "run", G_CALLBACK (web_page_cb), NULL);
  g_socket_service_start (service);

  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  client = eoc_client_new (url, "token");
  user = get_me (client, &error);
  g_assert_null (user);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "does not understand"));

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

static void
test_uris (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(EocClient) prefixed = eoc_client_new ("https://ops.example.com:8443/eoc/", "secret");
  g_autoptr(GUri) uri = eoc_client_build_uri (prefixed, "/api/v1/environments?limit=5");
  g_autoptr(SoupMessage) msg = eoc_client_new_message (prefixed, "GET", "/api/v1/events");
  g_autofree char *text = g_uri_to_string (uri);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  g_autofree char *events = g_uri_to_string (soup_message_get_uri (msg));

  g_assert_cmpstr (text, ==, "https://ops.example.com:8443/eoc/api/v1/environments?limit=5");
  g_assert_cmpstr (events, ==, "https://ops.example.com:8443/eoc/api/v1/events");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Authorization"), ==, "Bearer secret");
  g_assert_cmpstr (eoc_client_get_base_uri (prefixed), ==, "https://ops.example.com:8443/eoc/");
  g_assert_cmpstr (eoc_client_get_token (prefixed), ==, "secret");
}

/* Backups. */

static GPtrArray *
list_backups (EocClient   *client,
              const char  *environment_id,
              const char  *query,
              guint        limit,
              const char  *cursor,
              char       **next)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *backups;

  eoc_client_list_backups_async (client, environment_id, query, limit, cursor, NULL,
                                 store_result_cb, &result);
  backups = eoc_client_list_backups_finish (client, wait_result (&result), next, &error);
  g_assert_no_error (error);
  return backups;
}

static void
test_backups (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocEnvironment) staging = NULL;
  g_autoptr(EocEnvironment) now = NULL;
  g_autoptr(EocBackup) first = NULL;
  g_autoptr(EocBackup) second = NULL;
  g_autoptr(EocBackup) third = NULL;
  g_autoptr(EocBackup) refused = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *suggested = NULL;
  g_autofree char *cursor = NULL;
  const char *id;

  staging = make_environment (fixture, "Staging", EOC_ENVIRONMENT_TYPE_NON_PRODUCTION, "2.1.0");
  id = eoc_environment_get_id (staging);

  eoc_client_get_suggested_backup_name_async (fixture->viewer, id, NULL, store_result_cb, &result);
  suggested = eoc_client_get_suggested_backup_name_finish (fixture->viewer, wait_result (&result),
                                                           &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (suggested, "Staging backup "));

  first = make_backup (fixture, id, "Before the migration");
  second = make_backup (fixture, id, NULL);
  third = make_backup (fixture, id, "After the migration");

  g_assert_cmpstr (eoc_backup_get_name (first), ==, "Before the migration");
  g_assert_cmpstr (eoc_backup_get_environment_id (first), ==, id);
  g_assert_cmpstr (eoc_backup_get_creator (first), ==, "olivia");
  g_assert_cmpstr (eoc_backup_get_version (first), ==, "2.1.0");
  g_assert_cmpint (eoc_backup_get_origin (first), ==, EOC_BACKUP_ORIGIN_MANUAL);
  g_assert_cmpint (eoc_backup_get_size (first), >, 0);
  g_assert_cmpuint (strlen (eoc_backup_get_sha256 (first)), ==, 64);
  g_assert_nonnull (eoc_backup_get_created_at (first));
  g_assert_true (g_str_has_prefix (eoc_backup_get_name (second), "Staging backup "));

  now = get_environment (fixture->viewer, id, &error);
  g_assert_nonnull (eoc_environment_get_last_backup_at (now));

  /* Paging, newest first, with no gaps or doubles. */
  do
    {
      g_autofree char *next = NULL;

      page = list_backups (fixture->viewer, id, NULL, 2, cursor, &next);
      g_assert_cmpuint (page->len, <=, 2);
      for (guint i = 0; i < page->len; i++)
        g_ptr_array_add (seen, g_strdup (eoc_backup_get_id (g_ptr_array_index (page, i))));
      g_clear_pointer (&page, g_ptr_array_unref);
      g_free (cursor);
      cursor = g_steal_pointer (&next);
    }
  while (cursor != NULL && seen->len < 10);
  g_assert_cmpuint (seen->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, eoc_backup_get_id (third));
  g_assert_cmpstr (g_ptr_array_index (seen, 1), ==, eoc_backup_get_id (second));
  g_assert_cmpstr (g_ptr_array_index (seen, 2), ==, eoc_backup_get_id (first));

  /* Searching by name, ignoring case. */
  page = list_backups (fixture->viewer, id, "MIGRATION", 0, NULL, &cursor);
  g_assert_cmpuint (page->len, ==, 2);
  g_assert_null (cursor);
  g_clear_pointer (&page, g_ptr_array_unref);

  /* A viewer may not make one. */
  g_clear_object (&result);
  eoc_client_create_backup_async (fixture->viewer, id, NULL, NULL, store_result_cb, &result);
  refused = eoc_client_create_backup_finish (fixture->viewer, wait_result (&result), NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* Nor delete one; the operator may. */
  g_clear_object (&result);
  eoc_client_delete_backup_async (fixture->viewer, id, eoc_backup_get_id (second), NULL,
                                  store_result_cb, &result);
  g_assert_false (eoc_client_delete_backup_finish (fixture->viewer, wait_result (&result), &error));
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_FORBIDDEN);
  g_clear_error (&error);

  g_clear_object (&result);
  eoc_client_delete_backup_async (fixture->operator_, id, eoc_backup_get_id (second), NULL,
                                  store_result_cb, &result);
  g_assert_true (eoc_client_delete_backup_finish (fixture->operator_, wait_result (&result),
                                                  &error));
  g_assert_no_error (error);

  page = list_backups (fixture->viewer, id, NULL, 0, NULL, NULL);
  g_assert_cmpuint (page->len, ==, 2);

  g_clear_object (&result);
  eoc_client_get_backup_async (fixture->viewer, id, eoc_backup_get_id (second), NULL,
                               store_result_cb, &result);
  refused = eoc_client_get_backup_finish (fixture->viewer, wait_result (&result), &error);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_NOT_FOUND);
}

static void
test_restore (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocEnvironment) staging = NULL;
  g_autoptr(EocBackup) backup = NULL;
  g_autoptr(EocUpload) first = NULL;
  g_autoptr(EocUpload) second = NULL;
  g_autoptr(EocChanges) changes = NULL;
  g_autoptr(EocChanges) none = NULL;
  g_autoptr(EocOperation) operation = NULL;
  g_autoptr(EocOperation) finished = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(EocChange) change = NULL;
  g_autofree char *a = g_build_filename (fixture->dir, "a.zip", NULL);
  g_autofree char *b = g_build_filename (fixture->dir, "b.zip", NULL);
  g_autofree char *current = NULL;
  const char *const a_files[] = { "certs/ca.pem", "first", NULL };
  const char *const b_files[] = { "certs/ca.pem", "second", "extra.txt", "new", NULL };
  const char *id;

  staging = make_environment (fixture, "Staging", EOC_ENVIRONMENT_TYPE_NON_PRODUCTION, "2.1.0");
  id = eoc_environment_get_id (staging);

  write_configuration (a, "2.1.0", "{\"db\":{\"host\":\"db1\",\"port\":5432}}", a_files, 0);
  write_configuration (b, "2.1.0", "{\"db\":{\"host\":\"db2\",\"port\":5432},\"debug\":true}",
                       b_files, 0);

  first = upload_and_import (fixture, id, a);
  backup = make_backup (fixture, id, "Configuration A");
  second = upload_and_import (fixture, id, b);

  /* What restoring A would change now that B is in place. */
  eoc_client_get_backup_changes_async (fixture->viewer, id, eoc_backup_get_id (backup), NULL,
                                       store_result_cb, &result);
  changes = eoc_client_get_backup_changes_finish (fixture->viewer, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_false (eoc_changes_is_empty (changes));
  g_assert_cmpuint (g_list_model_get_n_items (eoc_changes_get_settings (changes)), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (eoc_changes_get_files (changes)), ==, 2);
  g_assert_cmpuint (eoc_changes_get_n_changed (changes), ==, 2);   /* /db/host, ca.pem */
  g_assert_cmpuint (eoc_changes_get_n_removed (changes), ==, 2);   /* /debug, extra.txt */
  g_assert_cmpuint (eoc_changes_get_n_added (changes), ==, 0);
  change = g_list_model_get_item (eoc_changes_get_settings (changes), 0);
  g_assert_cmpstr (eoc_change_get_path (change), ==, "/db/host");
  g_assert_cmpint (eoc_change_get_kind (change), ==, EOC_CHANGE_KIND_CHANGED);
  g_assert_cmpstr (eoc_change_get_old_value (change), ==, "\"db2\"");
  g_assert_cmpstr (eoc_change_get_new_value (change), ==, "\"db1\"");

  /* Restore, keeping a safety backup of B. */
  g_clear_object (&result);
  eoc_client_restore_backup_async (fixture->operator_, id, eoc_backup_get_id (backup), TRUE, NULL,
                                   store_result_cb, &result);
  operation = eoc_client_restore_backup_finish (fixture->operator_, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (eoc_operation_get_kind (operation), ==, EOC_OPERATION_KIND_RESTORE);
  finished = wait_operation (fixture->operator_, eoc_operation_get_id (operation));
  g_assert_cmpint (eoc_operation_get_state (finished), ==, EOC_OPERATION_STATE_SUCCEEDED);

  current = configuration_sha256 (fixture, id);
  g_assert_cmpstr (current, ==, eoc_backup_get_sha256 (backup));

  backups = list_backups (fixture->viewer, id, NULL, 0, NULL, NULL);
  g_assert_cmpuint (backups->len, ==, 2);   /* the safety backup of B, and A */
  g_assert_cmpint (eoc_backup_get_state (g_ptr_array_index (backups, 0)), ==,
                   EOC_BACKUP_STATE_AVAILABLE);
  g_assert_cmpstr (eoc_backup_get_creator (g_ptr_array_index (backups, 0)), ==, "olivia");
  g_assert_cmpstr (eoc_backup_get_id (g_ptr_array_index (backups, 1)), ==,
                   eoc_backup_get_id (backup));

  /* Nothing left to change. */
  g_clear_object (&result);
  eoc_client_get_backup_changes_async (fixture->viewer, id, eoc_backup_get_id (backup), NULL,
                                       store_result_cb, &result);
  none = eoc_client_get_backup_changes_finish (fixture->viewer, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (eoc_changes_is_empty (none));
}

/* Schedule and activity. */

static void
test_schedule (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocEnvironment) staging = NULL;
  g_autoptr(EocSchedule) schedule = NULL;
  g_autoptr(EocSchedule) wanted = NULL;
  g_autoptr(EocSchedule) saved = NULL;
  g_autoptr(EocSchedule) refused = NULL;
  const char *id;

  staging = make_environment (fixture, "Staging", EOC_ENVIRONMENT_TYPE_NON_PRODUCTION, "2.1.0");
  id = eoc_environment_get_id (staging);

  eoc_client_get_schedule_async (fixture->viewer, id, NULL, store_result_cb, &result);
  schedule = eoc_client_get_schedule_finish (fixture->viewer, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_false (eoc_schedule_get_enabled (schedule));
  g_assert_cmpint (eoc_schedule_get_frequency (schedule), ==, EOC_SCHEDULE_FREQUENCY_DAILY);
  g_assert_cmpuint (eoc_schedule_get_retention_days (schedule), ==, 30);
  g_assert_cmpstr (eoc_schedule_get_time_zone (schedule), ==, "UTC");
  g_assert_null (eoc_schedule_get_next_run (schedule));

  wanted = eoc_schedule_copy (schedule);
  g_object_set (wanted,
                "enabled", TRUE,
                "frequency", EOC_SCHEDULE_FREQUENCY_WEEKLY,
                "day-of-week", 3,
                "time", "03:30",
                "time-zone", "Europe/Paris",
                "retention-days", 20,
                NULL);

  g_clear_object (&result);
  eoc_client_set_schedule_async (fixture->operator_, id, wanted, NULL, store_result_cb, &result);
  saved = eoc_client_set_schedule_finish (fixture->operator_, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (eoc_schedule_get_enabled (saved));
  g_assert_cmpint (eoc_schedule_get_frequency (saved), ==, EOC_SCHEDULE_FREQUENCY_WEEKLY);
  g_assert_cmpuint (eoc_schedule_get_day_of_week (saved), ==, 3);
  g_assert_cmpstr (eoc_schedule_get_time (saved), ==, "03:30");
  g_assert_cmpstr (eoc_schedule_get_time_zone (saved), ==, "Europe/Paris");
  g_assert_cmpuint (eoc_schedule_get_retention_days (saved), ==, 20);
  g_assert_nonnull (eoc_schedule_get_next_run (saved));
  /* A Wednesday. */
  g_assert_cmpint (g_date_time_get_day_of_week (eoc_schedule_get_next_run (saved)), ==, 3);

  /* A time of day that does not exist. */
  eoc_schedule_set_time (wanted, "25:00");
  g_clear_object (&result);
  eoc_client_set_schedule_async (fixture->operator_, id, wanted, NULL, store_result_cb, &result);
  refused = eoc_client_set_schedule_finish (fixture->operator_, wait_result (&result), &error);
  g_assert_null (refused);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* A viewer may not change it. */
  g_clear_object (&result);
  eoc_client_set_schedule_async (fixture->viewer, id, saved, NULL, store_result_cb, &result);
  refused = eoc_client_set_schedule_finish (fixture->viewer, wait_result (&result), &error);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_FORBIDDEN);
}

static void
test_activity (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocEnvironment) staging = NULL;
  g_autoptr(EocBackup) backup = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) rest = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *end = NULL;
  EocActivity *newest, *oldest;
  const char *id;

  staging = make_environment (fixture, "Staging", EOC_ENVIRONMENT_TYPE_NON_PRODUCTION, "2.1.0");
  id = eoc_environment_get_id (staging);
  backup = make_backup (fixture, id, "Nightly");

  eoc_client_list_activity_async (fixture->viewer, id, 1, NULL, NULL, store_result_cb, &result);
  page = eoc_client_list_activity_finish (fixture->viewer, wait_result (&result), &cursor, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 1);
  g_assert_nonnull (cursor);
  newest = g_ptr_array_index (page, 0);
  g_assert_cmpstr (eoc_activity_get_action (newest), ==, "backup_created");
  g_assert_cmpstr (eoc_activity_get_user (newest), ==, "olivia");
  g_assert_cmpstr (eoc_activity_get_environment_id (newest), ==, id);
  g_assert_cmpint (eoc_activity_get_outcome (newest), ==, EOC_ACTIVITY_OUTCOME_SUCCEEDED);
  g_assert_nonnull (strstr (eoc_activity_get_summary (newest), "Nightly"));
  g_assert_nonnull (eoc_activity_get_time (newest));

  g_clear_object (&result);
  eoc_client_list_activity_async (fixture->viewer, id, 50, cursor, NULL, store_result_cb, &result);
  rest = eoc_client_list_activity_finish (fixture->viewer, wait_result (&result), &end, &error);
  g_assert_no_error (error);
  g_assert_null (end);
  g_assert_cmpuint (rest->len, >=, 1);
  oldest = g_ptr_array_index (rest, rest->len - 1);
  g_assert_cmpstr (eoc_activity_get_action (oldest), ==, "environment_created");
  g_assert_cmpstr (eoc_activity_get_user (oldest), ==, "admin");
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) environments = NULL;

  /* Cancelled is not an error the user sees: it stays G_IO_ERROR_CANCELLED. */
  eoc_client_list_environments_async (fixture->viewer, cancellable, store_result_cb, &result);
  g_cancellable_cancel (cancellable);
  environments = eoc_client_list_environments_finish (fixture->viewer, wait_result (&result),
                                                      &error);
  g_assert_null (environments);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Counts the requests a client's session sends, and those it has finished. */
typedef struct {
  guint queued;
  guint unqueued;
} Requests;

static void
request_queued_cb (SoupSession *session,
                   SoupMessage *msg,
                   Requests    *requests)
{
  requests->queued++;
}

static void
request_unqueued_cb (SoupSession *session,
                     SoupMessage *msg,
                     Requests    *requests)
{
  requests->unqueued++;
}

/* Returns the session, to stop counting with g_signal_handlers_disconnect_by_data(). */
static SoupSession *
count_requests (EocClient *client,
                Requests  *requests)
{
  SoupSession *session = NULL;

  g_object_get (client, "session", &session, NULL);
  g_signal_connect (session, "request-queued", G_CALLBACK (request_queued_cb), requests);
  g_signal_connect (session, "request-unqueued", G_CALLBACK (request_unqueued_cb), requests);
  return session;
}

static void
assert_one_environment (GPtrArray  *environments,
                        const char *name)
{
  g_assert_nonnull (environments);
  g_assert_cmpuint (environments->len, ==, 1);
  g_assert_cmpstr (eoc_environment_get_name (g_ptr_array_index (environments, 0)), ==, name);
}

typedef struct {
  EocClient    *client;
  GPtrArray    *first;
  GAsyncResult *second;
} Chained;

/* The answer to a call that waited on the prefetch asks again at once (as a list
 * that was asked to reload meanwhile does). */
static void
list_again_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Chained *chained = user_data;
  g_autoptr(GError) error = NULL;

  chained->first = eoc_client_list_environments_finish (chained->client, result, &error);
  g_assert_no_error (error);
  eoc_client_list_environments_async (chained->client, NULL, store_result_cb, &chained->second);
}

/* A list asked for ahead (while the app builds its window) answers the next list call,
 * whether it is still on its way or already here, and only that one. */
static void
test_prefetch (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(EocEnvironment) staging = NULL;
  g_autoptr(GPtrArray) waited = NULL;
  g_autoptr(GPtrArray) arrived = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) cancelled = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SoupSession) session = NULL;
  Requests requests = { 0, };

  staging = make_environment (fixture, "Staging", EOC_ENVIRONMENT_TYPE_NON_PRODUCTION, "2.1.0");
  session = count_requests (fixture->viewer, &requests);

  /* Still on its way: the call waits for it, and sends nothing of its own. */
  eoc_client_prefetch_environments (fixture->viewer);
  g_assert_cmpuint (requests.queued, ==, 1);
  waited = list_environments (fixture->viewer);
  assert_one_environment (waited, "Staging");
  g_assert_cmpuint (requests.queued, ==, 1);

  /* Already here: answered at once, from it. */
  eoc_client_prefetch_environments (fixture->viewer);
  g_assert_cmpuint (requests.queued, ==, 2);
  while (requests.unqueued < 2)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  arrived = list_environments (fixture->viewer);
  assert_one_environment (arrived, "Staging");
  g_assert_cmpuint (requests.queued, ==, 2);

  /* Handed out once: the next call asks the service. */
  again = list_environments (fixture->viewer);
  assert_one_environment (again, "Staging");
  g_assert_cmpuint (requests.queued, ==, 3);

  /* A call that gives up while it waits is told so, and the prefetch stops with it. */
  eoc_client_prefetch_environments (fixture->viewer);
  eoc_client_list_environments_async (fixture->viewer, cancellable, store_result_cb, &result);
  g_cancellable_cancel (cancellable);
  cancelled = eoc_client_list_environments_finish (fixture->viewer, wait_result (&result), &error);
  g_assert_null (cancelled);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (requests.queued, ==, 4);
  g_clear_object (&result);
  g_clear_error (&error);

  /* Nothing is left of it: the next call asks the service. */
  g_clear_pointer (&again, g_ptr_array_unref);
  again = list_environments (fixture->viewer);
  assert_one_environment (again, "Staging");
  g_assert_cmpuint (requests.queued, ==, 5);

  /* Its answer starts another list call straight away: that one asks the service. */
  {
    Chained chained = { fixture->viewer, NULL, NULL };
    g_autoptr(GPtrArray) second = NULL;
    g_autoptr(GPtrArray) first = NULL;

    eoc_client_prefetch_environments (fixture->viewer);
    eoc_client_list_environments_async (fixture->viewer, NULL, list_again_cb, &chained);
    second = eoc_client_list_environments_finish (fixture->viewer, wait_result (&chained.second),
                                                  &error);
    g_assert_no_error (error);
    first = g_steal_pointer (&chained.first);
    assert_one_environment (first, "Staging");
    assert_one_environment (second, "Staging");
    g_assert_cmpuint (requests.queued, ==, 7);
    g_clear_object (&chained.second);
  }

  /* The session goes later, with the fixture: it must not count into this frame then. */
  g_signal_handlers_disconnect_by_data (session, &requests);
}

/* A prefetch the service refuses: the call waiting for it gets the refusal, as it
 * would have by asking; once arrived, a refusal is not handed out again. */
static void
test_prefetch_refused (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(EocClient) refused = eoc_client_new (fixture->server->url, "eoc_not_a_valid_token");
  g_autoptr(GPtrArray) waited = NULL;
  g_autoptr(GPtrArray) later = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = NULL;
  Requests requests = { 0, };

  session = count_requests (refused, &requests);

  eoc_client_prefetch_environments (refused);
  eoc_client_list_environments_async (refused, NULL, store_result_cb, &result);
  waited = eoc_client_list_environments_finish (refused, wait_result (&result), &error);
  g_assert_null (waited);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (requests.queued, ==, 1);
  g_clear_object (&result);
  g_clear_error (&error);

  eoc_client_prefetch_environments (refused);
  while (requests.unqueued < 2)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  eoc_client_list_environments_async (refused, NULL, store_result_cb, &result);
  later = eoc_client_list_environments_finish (refused, wait_result (&result), &error);
  g_assert_null (later);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (requests.queued, ==, 3);

  g_signal_handlers_disconnect_by_data (session, &requests);
}

/* A service on this machine is reached directly: no proxy resolver (and none of GIO's proxy
 * modules loaded for it). Any other keeps the system's. The requests to the loopback service
 * in every other test go through such a client. */
static void
test_proxy_only_elsewhere (void)
{
  static const char *const loopback[] = {
    "http://127.0.0.1:8080", "http://127.1.2.3/", "http://localhost:8080", "http://[::1]:8080",
  };
  static const char *const elsewhere[] = {
    "http://192.0.2.1:8080", "https://envops.example.com", "http://10.0.0.1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (loopback); i++)
    {
      g_autoptr(EocClient) client = eoc_client_new (loopback[i], "token");
      g_autoptr(SoupSession) session = NULL;

      g_object_get (client, "session", &session, NULL);
      g_assert_null (soup_session_get_proxy_resolver (session));
    }
  for (guint i = 0; i < G_N_ELEMENTS (elsewhere); i++)
    {
      g_autoptr(EocClient) client = eoc_client_new (elsewhere[i], "token");
      g_autoptr(SoupSession) session = NULL;

      g_object_get (client, "session", &session, NULL);
      g_assert_nonnull (soup_session_get_proxy_resolver (session));
    }
}

int
main (int   argc,
      char *argv[])
{
  static const char *const slow[] = { "--apply-delay", "2", NULL };

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, args) \
  g_test_add (path, Fixture, args, set_up, func, tear_down)

  ADD ("/client/me", test_me, NULL);
  ADD ("/client/health-and-versions", test_health_and_versions, NULL);
  ADD ("/client/environments", test_environments, NULL);
  ADD ("/client/update-start-stop", test_update_start_stop, NULL);
  ADD ("/client/operation-in-progress", test_operation_in_progress, slow);
  ADD ("/client/backups", test_backups, NULL);
  ADD ("/client/restore", test_restore, NULL);
  ADD ("/client/schedule", test_schedule, NULL);
  ADD ("/client/activity", test_activity, NULL);
  ADD ("/client/cancelled", test_cancelled, NULL);
  ADD ("/client/prefetch", test_prefetch, NULL);
  ADD ("/client/prefetch-refused", test_prefetch_refused, NULL);
  ADD ("/client/errors/not-found", test_not_found, NULL);
  ADD ("/client/errors/unauthorized", test_unauthorized, NULL);
  ADD ("/client/errors/cannot-connect", test_cannot_connect, NULL);
  ADD ("/client/errors/timed-out", test_timed_out, NULL);
  ADD ("/client/errors/invalid-response", test_invalid_response, NULL);
  ADD ("/client/uris", test_uris, NULL);
  g_test_add_func ("/client/proxy-only-elsewhere", test_proxy_only_elsewhere);

  return g_test_run ();
}
