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

  return g_test_run ();
}
