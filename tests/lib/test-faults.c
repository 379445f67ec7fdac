/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-faults.c: the client under faults. Every call family against a
 * service that answers badly (a misbehaving server of the tests' own) ends
 * in the right EOC_CLIENT_ERROR code with a message a user can act on; the
 * event stream survives garbage and reconnects; and against the real
 * service killed in the middle of an upload, a restore or a list, the
 * client says the connection was lost and, once the service is back, a new
 * call succeeds and the state is right.
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <glib/gstdio.h>

#include "eoc-bad-server.h"
#include "eoc-event-stream.h"
#include "test-client-utils.h"

/* The client's timeout in these tests, in seconds. */
#define TEST_TIMEOUT 2

typedef enum {
  CALL_LIST_ENVIRONMENTS,
  CALL_GET_ENVIRONMENT,
  CALL_LIST_BACKUPS,
  CALL_GET_OPERATION,
  CALL_UPLOAD,
  CALL_DOWNLOAD,
  N_CALLS
} Call;

static const char *const call_names[N_CALLS] = {
  "list-environments", "get-environment", "list-backups", "get-operation", "upload", "download",
};

/* What a call ends in: an error code, or success (-1). */
#define SUCCEEDS (-1)

typedef struct {
  EocBadAnswer answer;
  const char  *name;
  int          codes[N_CALLS];
} Case;

static const Case cases[] = {
  { EOC_BAD_ANSWER_OK, "ok",
    { SUCCEEDS, SUCCEEDS, SUCCEEDS, SUCCEEDS, SUCCEEDS, SUCCEEDS } },
  { EOC_BAD_ANSWER_TRUNCATED, "truncated",
    { EOC_CLIENT_ERROR_CANNOT_CONNECT, EOC_CLIENT_ERROR_CANNOT_CONNECT,
      EOC_CLIENT_ERROR_CANNOT_CONNECT, EOC_CLIENT_ERROR_CANNOT_CONNECT,
      EOC_CLIENT_ERROR_CANNOT_CONNECT, EOC_CLIENT_ERROR_CANNOT_CONNECT } },
  { EOC_BAD_ANSWER_HTML, "html",
    { EOC_CLIENT_ERROR_INVALID_RESPONSE, EOC_CLIENT_ERROR_INVALID_RESPONSE,
      EOC_CLIENT_ERROR_INVALID_RESPONSE, EOC_CLIENT_ERROR_INVALID_RESPONSE,
      EOC_CLIENT_ERROR_INVALID_RESPONSE, EOC_CLIENT_ERROR_INVALID_RESPONSE } },
  { EOC_BAD_ANSWER_HTML_ERROR, "html-error",
    { EOC_CLIENT_ERROR_CANNOT_CONNECT, EOC_CLIENT_ERROR_CANNOT_CONNECT,
      EOC_CLIENT_ERROR_CANNOT_CONNECT, EOC_CLIENT_ERROR_CANNOT_CONNECT,
      EOC_CLIENT_ERROR_CANNOT_CONNECT, EOC_CLIENT_ERROR_CANNOT_CONNECT } },
  { EOC_BAD_ANSWER_DEEP, "deep",
    { EOC_CLIENT_ERROR_INVALID_RESPONSE, EOC_CLIENT_ERROR_INVALID_RESPONSE,
      EOC_CLIENT_ERROR_INVALID_RESPONSE, EOC_CLIENT_ERROR_INVALID_RESPONSE,
      EOC_CLIENT_ERROR_INVALID_RESPONSE, EOC_CLIENT_ERROR_INVALID_RESPONSE } },
  { EOC_BAD_ANSWER_HUGE_STRING, "huge-string",
    { EOC_CLIENT_ERROR_INVALID_RESPONSE, EOC_CLIENT_ERROR_INVALID_RESPONSE,
      EOC_CLIENT_ERROR_INVALID_RESPONSE, EOC_CLIENT_ERROR_INVALID_RESPONSE,
      EOC_CLIENT_ERROR_INVALID_RESPONSE, EOC_CLIENT_ERROR_INVALID_RESPONSE } },
  { EOC_BAD_ANSWER_WRONG_TYPES, "wrong-types",
    { EOC_CLIENT_ERROR_INVALID_RESPONSE, SUCCEEDS, EOC_CLIENT_ERROR_INVALID_RESPONSE,
      SUCCEEDS, SUCCEEDS, EOC_CLIENT_ERROR_INVALID_RESPONSE } },
  { EOC_BAD_ANSWER_MISSING_FIELDS, "missing-fields",
    { EOC_CLIENT_ERROR_INVALID_RESPONSE, EOC_CLIENT_ERROR_INVALID_RESPONSE,
      EOC_CLIENT_ERROR_INVALID_RESPONSE, EOC_CLIENT_ERROR_INVALID_RESPONSE,
      EOC_CLIENT_ERROR_INVALID_RESPONSE, EOC_CLIENT_ERROR_INVALID_RESPONSE } },
  { EOC_BAD_ANSWER_UNKNOWN_ENUM, "unknown-enum",
    { SUCCEEDS, SUCCEEDS, SUCCEEDS, SUCCEEDS, SUCCEEDS, EOC_CLIENT_ERROR_INVALID_RESPONSE } },
  { EOC_BAD_ANSWER_STALL, "stall",
    { EOC_CLIENT_ERROR_TIMED_OUT, EOC_CLIENT_ERROR_TIMED_OUT, EOC_CLIENT_ERROR_TIMED_OUT,
      EOC_CLIENT_ERROR_TIMED_OUT, EOC_CLIENT_ERROR_TIMED_OUT, EOC_CLIENT_ERROR_TIMED_OUT } },
  { EOC_BAD_ANSWER_CLOSE, "close",
    { EOC_CLIENT_ERROR_CANNOT_CONNECT, EOC_CLIENT_ERROR_CANNOT_CONNECT,
      EOC_CLIENT_ERROR_CANNOT_CONNECT, EOC_CLIENT_ERROR_CANNOT_CONNECT,
      EOC_CLIENT_ERROR_CANNOT_CONNECT, EOC_CLIENT_ERROR_CANNOT_CONNECT } },
};

static EocClient *
bad_client (EocBadServer *server)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", TEST_TIMEOUT,
                                                                  "max-conns-per-host", 6,
                                                                  NULL);

  return eoc_client_new_with_session (eoc_bad_server_get_url (server), "token", session);
}

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("eoc-faults-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* Runs @call against @client; returns the error (NULL on success). */
static GError *
run_call (EocClient  *client,
          Call        call,
          const char *dir)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *upload_path = g_build_filename (dir, "upload.zip", NULL);
  g_autofree char *download_path = g_build_filename (dir, "download.zip", NULL);
  g_autoptr(GFile) upload = g_file_new_for_path (upload_path);
  g_autoptr(GFile) download = g_file_new_for_path (download_path);
  GError *error = NULL;
  gboolean ok = FALSE;

  switch (call)
    {
    case CALL_LIST_ENVIRONMENTS:
      {
        g_autoptr(GPtrArray) list = NULL;

        eoc_client_list_environments_async (client, NULL, store_result_cb, &result);
        list = eoc_client_list_environments_finish (client, wait_result (&result), &error);
        ok = list != NULL;
        break;
      }
    case CALL_GET_ENVIRONMENT:
      {
        g_autoptr(EocEnvironment) environment = NULL;

        eoc_client_get_environment_async (client, "env-1", NULL, store_result_cb, &result);
        environment = eoc_client_get_environment_finish (client, wait_result (&result), &error);
        ok = environment != NULL;
        if (ok)
          g_assert_cmpstr (eoc_environment_get_id (environment), ==, "env-1");
        break;
      }
    case CALL_LIST_BACKUPS:
      {
        g_autoptr(GPtrArray) list = NULL;

        eoc_client_list_backups_async (client, "env-1", NULL, 0, NULL, NULL, store_result_cb,
                                       &result);
        list = eoc_client_list_backups_finish (client, wait_result (&result), NULL, &error);
        ok = list != NULL;
        break;
      }
    case CALL_GET_OPERATION:
      {
        g_autoptr(EocOperation) operation = NULL;

        eoc_client_get_operation_async (client, "op-1", NULL, store_result_cb, &result);
        operation = eoc_client_get_operation_finish (client, wait_result (&result), &error);
        ok = operation != NULL;
        break;
      }
    case CALL_UPLOAD:
      {
        g_autoptr(EocUpload) done = NULL;

        write_configuration (upload_path, "1.0.0", "{}", NULL, 0);
        eoc_client_upload_configuration_async (client, "env-1", upload, NULL, NULL, NULL, NULL,
                                               store_result_cb, &result);
        done = eoc_client_upload_configuration_finish (client, wait_result (&result), &error);
        ok = done != NULL;
        break;
      }
    case CALL_DOWNLOAD:
      eoc_client_download_backup_async (client, "env-1", "b-1", download, NULL, NULL, NULL, NULL,
                                        store_result_cb, &result);
      ok = eoc_client_download_backup_finish (client, wait_result (&result), &error);
      /* A failed download leaves nothing behind, not even a temporary file. */
      if (!ok)
        {
          g_autofree char *left = list_dir (dir);

          g_assert_false (g_file_test (download_path, G_FILE_TEST_EXISTS));
          g_assert_true (g_str_equal (left, "") || g_str_equal (left, "upload.zip"));
        }
      break;
    case N_CALLS:
    default:
      g_assert_not_reached ();
    }

  g_assert_true (ok == (error == NULL));
  return error;
}

/* A message a user can act on: a sentence or two naming the service, not a
 * dump of what came. */
static void
assert_actionable (const GError *error,
                   const char   *url)
{
  g_assert_nonnull (error->message);
  g_assert_cmpuint (strlen (error->message), >, 20);
  g_assert_cmpuint (strlen (error->message), <, 600);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, url));
  g_assert_null (strstr (error->message, "<html"));
  g_assert_null (strstr (error->message, "[[[["));
  g_assert_null (strstr (error->message, "xxxxxxxx"));
}

static void
test_bad_answer (gconstpointer data)
{
  const Case *test = data;
  g_autoptr(EocBadServer) server = eoc_bad_server_new ();
  g_autoptr(EocClient) client = bad_client (server);
  g_autofree char *dir = make_temp_dir ();

  eoc_bad_server_set_answer (server, "/api/v1/", test->answer);

  for (Call call = 0; call < N_CALLS; call++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      gint64 took;

      g_test_message ("%s: %s", test->name, call_names[call]);
      error = run_call (client, call, dir);
      took = (g_get_monotonic_time () - start) / G_TIME_SPAN_MILLISECOND;

      if (error != NULL)
        g_test_message ("  %s (code %d, %" G_GINT64_FORMAT " ms)", error->message, error->code,
                        took);
      if (test->codes[call] == SUCCEEDS)
        {
          g_assert_no_error (error);
        }
      else
        {
          g_assert_error (error, EOC_CLIENT_ERROR, test->codes[call]);
          assert_actionable (error, eoc_bad_server_get_url (server));
        }

      /* Nothing waits longer than the timeout and a little. */
      g_assert_cmpint (took, <, (TEST_TIMEOUT + 3) * 1000);
    }

  eoc_test_rm_rf (dir);
}

/* Tolerant reading: wrong types and unknown values give neutral fallbacks. */
static void
test_tolerant_models (void)
{
  g_autoptr(EocBadServer) server = eoc_bad_server_new ();
  g_autoptr(EocClient) client = bad_client (server);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(EocEnvironment) environment = NULL;

  eoc_bad_server_set_answer (server, "/api/v1/", EOC_BAD_ANSWER_UNKNOWN_ENUM);
  eoc_client_list_environments_async (client, NULL, store_result_cb, &result);
  list = eoc_client_list_environments_finish (client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  environment = g_object_ref (g_ptr_array_index (list, 0));
  g_assert_cmpstr (eoc_environment_get_name (environment), ==, "Lunar");
  g_assert_cmpint (eoc_environment_get_status (environment), ==, EOC_ENVIRONMENT_STATUS_UNKNOWN);
  g_clear_object (&environment);

  eoc_bad_server_set_answer (server, "/api/v1/", EOC_BAD_ANSWER_WRONG_TYPES);
  eoc_client_get_environment_async (client, "env-1", NULL, store_result_cb, &result2);
  environment = eoc_client_get_environment_finish (client, wait_result (&result2), &error);
  g_assert_no_error (error);
  g_assert_null (eoc_environment_get_name (environment));
  g_assert_null (eoc_environment_get_version (environment));
  g_assert_cmpint (eoc_environment_get_status (environment), ==, EOC_ENVIRONMENT_STATUS_UNKNOWN);
}

/* The event stream. */

typedef struct {
  guint       changed;
  guint       resynchronized;
  guint       failed;
  char       *last_name;
  int         last_status;
} Events;

static void
environment_changed_cb (EocEventStream *stream,
                        EocEnvironment *environment,
                        Events         *events)
{
  events->changed++;
  g_free (events->last_name);
  events->last_name = g_strdup (eoc_environment_get_name (environment));
  events->last_status = eoc_environment_get_status (environment);
}

static void
resynchronize_cb (EocEventStream *stream,
                  Events         *events)
{
  events->resynchronized++;
}

static void
failed_cb (EocEventStream *stream,
           const GError   *error,
           Events         *events)
{
  events->failed++;
}

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
wait_until (guint *counter,
            guint  at_least)
{
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  guint tick = g_timeout_add (50, tick_cb, NULL);

  while (*counter < at_least)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for an event (%u of %u)", *counter, at_least);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick);
}

static void
test_event_stream_garbage (void)
{
  g_autoptr(EocBadServer) server = eoc_bad_server_new ();
  g_autoptr(EocClient) client = bad_client (server);
  g_autoptr(EocEventStream) stream = eoc_event_stream_new (client);
  Events events = { 0, };

  eoc_bad_server_set_answer (server, "/api/v1/events", EOC_BAD_ANSWER_GARBAGE_EVENTS);
  g_signal_connect (stream, "environment-changed", G_CALLBACK (environment_changed_cb), &events);
  g_signal_connect (stream, "resynchronize", G_CALLBACK (resynchronize_cb), &events);
  g_signal_connect (stream, "failed", G_CALLBACK (failed_cb), &events);
  eoc_event_stream_start (stream);

  /* Only the one readable event of the burst comes out, with its unknown
   * status read as unknown. */
  wait_until (&events.changed, 1);
  g_assert_cmpstr (events.last_name, ==, "After the garbage");
  g_assert_cmpint (events.last_status, ==, EOC_ENVIRONMENT_STATUS_UNKNOWN);

  /* The connection then drops: the stream reconnects, says so, and reads
   * the next burst the same way. */
  wait_until (&events.resynchronized, 1);
  wait_until (&events.changed, 2);
  g_assert_cmpuint (events.changed, ==, 2);

  /* Garbage no more: it stays connected. */
  eoc_bad_server_set_answer (server, "/api/v1/events", EOC_BAD_ANSWER_OK);
  wait_until (&events.resynchronized, 2);
  g_assert_cmpint (eoc_event_stream_get_state (stream), ==, EOC_EVENT_STREAM_STATE_CONNECTED);

  eoc_event_stream_stop (stream);
  g_free (events.last_name);
}

static void
test_event_stream_refused (void)
{
  g_autoptr(EocBadServer) server = eoc_bad_server_new ();
  g_autoptr(EocClient) client = bad_client (server);
  g_autoptr(EocEventStream) stream = eoc_event_stream_new (client);
  Events events = { 0, };

  /* An HTML page instead of the WebSocket, then a closed connection. */
  eoc_bad_server_set_answer (server, "/api/v1/events", EOC_BAD_ANSWER_HTML_ERROR);
  g_signal_connect (stream, "failed", G_CALLBACK (failed_cb), &events);
  g_signal_connect (stream, "resynchronize", G_CALLBACK (resynchronize_cb), &events);
  eoc_event_stream_start (stream);
  wait_until (&events.failed, 1);
  eoc_bad_server_set_answer (server, "/api/v1/events", EOC_BAD_ANSWER_CLOSE);
  wait_until (&events.failed, 2);
  g_assert_cmpint (eoc_event_stream_get_state (stream), !=, EOC_EVENT_STREAM_STATE_CONNECTED);

  eoc_bad_server_set_answer (server, "/api/v1/events", EOC_BAD_ANSWER_OK);
  wait_until (&events.resynchronized, 1);
  g_assert_cmpint (eoc_event_stream_get_state (stream), ==, EOC_EVENT_STREAM_STATE_CONNECTED);
  eoc_event_stream_stop (stream);
}

/* The real service, killed in the middle of a call. */

static void
assert_connection_lost (const GError *error,
                        const char   *url)
{
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_CANNOT_CONNECT);
  assert_actionable (error, url);
  g_test_message ("%s", error->message);
}

/* The service is back: the same client's next call succeeds. */
static GPtrArray *
list_after_restart (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *list;

  eoc_test_server_restart (fixture->server);
  eoc_client_list_environments_async (fixture->operator_, NULL, store_result_cb, &result);
  list = eoc_client_list_environments_finish (fixture->operator_, wait_result (&result), &error);
  g_assert_no_error (error);
  return list;
}

static void
test_killed_during_list (void)
{
  const char *args[] = { "--demo", NULL };
  Fixture fixture = { 0, };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 until;

  fixture_set_up (&fixture, args);

  /* Frozen, the service holds the request; then it dies with it. */
  g_subprocess_send_signal (fixture.server->process, SIGSTOP);
  eoc_client_list_environments_async (fixture.operator_, NULL, store_result_cb, &result);
  until = g_get_monotonic_time () + 300 * G_TIME_SPAN_MILLISECOND;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (result);
  eoc_test_server_kill (fixture.server);
  list = eoc_client_list_environments_finish (fixture.operator_, wait_result (&result), &error);
  g_assert_null (list);
  assert_connection_lost (error, fixture.server->url);

  /* While it is down, a new call says it cannot connect, at once. */
  g_clear_object (&result);
  g_clear_error (&error);
  eoc_client_list_environments_async (fixture.operator_, NULL, store_result_cb, &result);
  list = eoc_client_list_environments_finish (fixture.operator_, wait_result (&result), &error);
  assert_connection_lost (error, fixture.server->url);

  list = list_after_restart (&fixture);
  g_assert_cmpuint (list->len, >, 0);

  fixture_tear_down (&fixture);
}

typedef struct {
  EocTestServer *server;
  guint64        killed_at;
} KillOnProgress;

static void
kill_on_progress_cb (guint64  done,
                     guint64  total,
                     gpointer user_data)
{
  KillOnProgress *kill = user_data;

  if (kill->killed_at == 0 && done > 0 && done < total)
    {
      kill->killed_at = done;
      eoc_test_server_kill (kill->server);
    }
}

static void
test_killed_during_upload (void)
{
  Fixture fixture = { 0, };
  g_autoptr(EocEnvironment) environment = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocUpload) upload = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uploads = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *left = NULL;
  g_autofree char *left_uploads = NULL;
  g_autofree char *left_tmp = NULL;
  KillOnProgress kill = { 0, };

  fixture_set_up (&fixture, NULL);
  environment = make_environment (&fixture, "Upload target", EOC_ENVIRONMENT_TYPE_NON_PRODUCTION,
                                  "1.0.0");
  path = g_build_filename (fixture.dir, "big.zip", NULL);
  write_configuration (path, "1.0.0", "{}", NULL, 16 * 1024 * 1024);
  file = g_file_new_for_path (path);

  kill.server = fixture.server;
  eoc_client_upload_configuration_async (fixture.operator_, eoc_environment_get_id (environment),
                                         file, kill_on_progress_cb, &kill, NULL, NULL,
                                         store_result_cb, &result);
  upload = eoc_client_upload_configuration_finish (fixture.operator_, wait_result (&result),
                                                   &error);
  g_assert_null (upload);
  g_assert_cmpuint (kill.killed_at, >, 0);
  assert_connection_lost (error, fixture.server->url);

  list = list_after_restart (&fixture);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (eoc_environment_get_status (g_ptr_array_index (list, 0)), ==,
                   eoc_environment_get_status (environment));

  /* No upload is left, not even its partial file. */
  uploads = g_build_filename (fixture.server->data_dir, "uploads", NULL);
  tmp = g_build_filename (fixture.server->data_dir, "tmp", NULL);
  left_uploads = list_dir (uploads);
  left_tmp = list_dir (tmp);
  left = g_strconcat (left_uploads, "|", left_tmp, NULL);
  g_assert_cmpstr (left, ==, "|");

  fixture_tear_down (&fixture);
}

static void
test_killed_during_restore (void)
{
  const char *args[] = { "--apply-delay", "2", NULL };
  Fixture fixture = { 0, };
  g_autoptr(EocEnvironment) environment = NULL;
  g_autoptr(EocEnvironment) after = NULL;
  g_autoptr(EocBackup) backup = NULL;
  g_autoptr(EocOperation) operation = NULL;
  g_autoptr(EocOperation) failed = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GAsyncResult) result3 = NULL;
  g_autoptr(GAsyncResult) result4 = NULL;
  g_autoptr(GError) error = NULL;
  const char *id;

  fixture_set_up (&fixture, args);
  environment = make_environment (&fixture, "Restore target", EOC_ENVIRONMENT_TYPE_NON_PRODUCTION,
                                  "1.0.0");
  id = eoc_environment_get_id (environment);
  backup = make_backup (&fixture, id, "Before");

  eoc_client_restore_backup_async (fixture.operator_, id, eoc_backup_get_id (backup), FALSE, NULL,
                                   store_result_cb, &result);
  operation = eoc_client_restore_backup_finish (fixture.operator_, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_false (eoc_operation_is_finished (operation));

  /* Killed while it applies the backup: following the operation fails. */
  eoc_test_server_kill (fixture.server);
  eoc_client_get_operation_async (fixture.operator_, eoc_operation_get_id (operation), NULL,
                                  store_result_cb, &result2);
  g_assert_null (eoc_client_get_operation_finish (fixture.operator_, wait_result (&result2),
                                                  &error));
  assert_connection_lost (error, fixture.server->url);
  g_clear_error (&error);

  /* Back, the service has marked the restore failed and the environment
   * "update failed" (its recovery), and says so. */
  eoc_test_server_restart (fixture.server);
  eoc_client_get_operation_async (fixture.operator_, eoc_operation_get_id (operation), NULL,
                                  store_result_cb, &result3);
  failed = eoc_client_get_operation_finish (fixture.operator_, wait_result (&result3), &error);
  g_assert_no_error (error);
  g_assert_cmpint (eoc_operation_get_state (failed), ==, EOC_OPERATION_STATE_FAILED);

  eoc_client_get_environment_async (fixture.operator_, id, NULL, store_result_cb, &result4);
  after = eoc_client_get_environment_finish (fixture.operator_, wait_result (&result4), &error);
  g_assert_no_error (error);
  g_assert_cmpint (eoc_environment_get_status (after), ==, EOC_ENVIRONMENT_STATUS_UPDATE_FAILED);
  g_assert_null (eoc_environment_get_operation (after));

  fixture_tear_down (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/faults/bad-server/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_bad_answer);
    }
  g_test_add_func ("/faults/bad-server/tolerant-models", test_tolerant_models);
  g_test_add_func ("/faults/events/garbage", test_event_stream_garbage);
  g_test_add_func ("/faults/events/refused", test_event_stream_refused);
  g_test_add_func ("/faults/killed/list", test_killed_during_list);
  g_test_add_func ("/faults/killed/upload", test_killed_during_upload);
  g_test_add_func ("/faults/killed/restore", test_killed_during_restore);

  return g_test_run ();
}
