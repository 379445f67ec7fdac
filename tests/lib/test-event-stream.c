/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-event-stream.c: EocEventStream against the real service: what another
 * client does arrives as signals, the stream comes back after the service
 * restarts or falls silent, a refused token is not retried in a hurry. One
 * test talks to a hostile peer instead, to show that malformed messages are
 * skipped without harm.
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include "eoc-client.h"
#include "eoc-event-stream.h"
#include "test-client-utils.h"

typedef struct {
  Fixture         base;           /* the service, with a client per role */
  EocEventStream *stream;
  char           *environment_id;

  GPtrArray      *environments;   /* EocEnvironment from ::environment-changed */
  GPtrArray      *backups;        /* EocBackup from ::backup-changed */
  GPtrArray      *deleted;        /* "ENVIRONMENT/BACKUP" from ::backup-deleted */
  GPtrArray      *operations;     /* EocOperation */
  GPtrArray      *activity;       /* EocActivity */
  GPtrArray      *failures;       /* GError */
  guint           resyncs;
} StreamFixture;

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @check says so, failing the test after a while. */
#define WAIT_UNTIL(condition)                                                    \
  G_STMT_START {                                                                 \
    gint64 deadline_ = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC; \
    guint tick_ = g_timeout_add (50, tick_cb, NULL);                             \
    while (!(condition))                                                         \
      {                                                                          \
        if (g_get_monotonic_time () > deadline_)                                 \
          g_error ("Timed out waiting for %s", #condition);                      \
        g_main_context_iteration (NULL, TRUE);                                   \
      }                                                                          \
    g_source_remove (tick_);                                                     \
  } G_STMT_END

/* Runs the main loop for @ms milliseconds. */
static void
run_for (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  WAIT_UNTIL (g_get_monotonic_time () >= until);
}

static EocOperation *
stop_environment (EocClient  *client,
                  const char *id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  EocOperation *operation;

  eoc_client_stop_environment_async (client, id, NULL, store_result_cb, &result);
  operation = eoc_client_stop_environment_finish (client, wait_result (&result), &error);
  g_assert_no_error (error);
  return operation;
}

static EocBackup *
create_backup (EocClient  *client,
               const char *environment_id,
               const char *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  EocBackup *backup;

  eoc_client_create_backup_async (client, environment_id, name, NULL, store_result_cb, &result);
  backup = eoc_client_create_backup_finish (client, wait_result (&result), NULL, &error);
  g_assert_no_error (error);
  return backup;
}

static void
delete_backup (EocClient  *client,
               const char *environment_id,
               const char *backup_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  eoc_client_delete_backup_async (client, environment_id, backup_id, NULL, store_result_cb,
                                  &result);
  g_assert_true (eoc_client_delete_backup_finish (client, wait_result (&result), &error));
  g_assert_no_error (error);
}

/* Recording what the stream says */

static void
environment_changed_cb (EocEventStream *stream,
                        EocEnvironment *environment,
                        StreamFixture  *fixture)
{
  g_ptr_array_add (fixture->environments, g_object_ref (environment));
}

static void
backup_changed_cb (EocEventStream *stream,
                   EocBackup      *backup,
                   StreamFixture  *fixture)
{
  g_ptr_array_add (fixture->backups, g_object_ref (backup));
}

static void
backup_deleted_cb (EocEventStream *stream,
                   const char     *environment_id,
                   const char     *backup_id,
                   StreamFixture  *fixture)
{
  g_ptr_array_add (fixture->deleted, g_strdup_printf ("%s/%s", environment_id, backup_id));
}

static void
operation_changed_cb (EocEventStream *stream,
                      EocOperation   *operation,
                      StreamFixture  *fixture)
{
  g_ptr_array_add (fixture->operations, g_object_ref (operation));
}

static void
activity_added_cb (EocEventStream *stream,
                   EocActivity    *activity,
                   StreamFixture  *fixture)
{
  g_ptr_array_add (fixture->activity, g_object_ref (activity));
}

static void
resynchronize_cb (EocEventStream *stream,
                  StreamFixture  *fixture)
{
  fixture->resyncs++;
}

static void
failed_cb (EocEventStream *stream,
           const GError   *error,
           StreamFixture  *fixture)
{
  g_ptr_array_add (fixture->failures, g_error_copy (error));
}

static void
watch_stream (StreamFixture  *fixture,
              EocEventStream *stream)
{
  g_signal_connect (stream, "environment-changed", G_CALLBACK (environment_changed_cb), fixture);
  g_signal_connect (stream, "backup-changed", G_CALLBACK (backup_changed_cb), fixture);
  g_signal_connect (stream, "backup-deleted", G_CALLBACK (backup_deleted_cb), fixture);
  g_signal_connect (stream, "operation-changed", G_CALLBACK (operation_changed_cb), fixture);
  g_signal_connect (stream, "activity-added", G_CALLBACK (activity_added_cb), fixture);
  g_signal_connect (stream, "resynchronize", G_CALLBACK (resynchronize_cb), fixture);
  g_signal_connect (stream, "failed", G_CALLBACK (failed_cb), fixture);
}

static void
stream_fixture_set_up (StreamFixture *fixture,
                       gconstpointer  data)
{
  g_autoptr(EocEnvironment) environment = NULL;

  fixture->environments = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->backups = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->deleted = g_ptr_array_new_with_free_func (g_free);
  fixture->operations = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->activity = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->failures = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);

  if (data != NULL)
    return;  /* No service. */

  fixture_set_up (&fixture->base, NULL);
  environment = make_environment (&fixture->base, "Staging", EOC_ENVIRONMENT_TYPE_NON_PRODUCTION,
                                  "2.1.0");
  fixture->environment_id = g_strdup (eoc_environment_get_id (environment));

  /* A viewer may watch. */
  fixture->stream = eoc_event_stream_new (fixture->base.viewer);
  watch_stream (fixture, fixture->stream);
}

static void
stream_fixture_tear_down (StreamFixture *fixture,
                          gconstpointer  data)
{
  if (fixture->stream != NULL)
    {
      eoc_event_stream_stop (fixture->stream);
      g_assert_finalize_object (fixture->stream);
    }
  if (fixture->base.server != NULL)
    fixture_tear_down (&fixture->base);
  g_free (fixture->environment_id);
  g_ptr_array_unref (fixture->environments);
  g_ptr_array_unref (fixture->backups);
  g_ptr_array_unref (fixture->deleted);
  g_ptr_array_unref (fixture->operations);
  g_ptr_array_unref (fixture->activity);
  g_ptr_array_unref (fixture->failures);
}

static void
start_and_wait (StreamFixture *fixture)
{
  eoc_event_stream_start (fixture->stream);
  g_assert_cmpint (eoc_event_stream_get_state (fixture->stream), ==,
                   EOC_EVENT_STREAM_STATE_CONNECTING);
  WAIT_UNTIL (eoc_event_stream_get_state (fixture->stream) == EOC_EVENT_STREAM_STATE_CONNECTED);
}

static gboolean
saw_environment_status (StreamFixture        *fixture,
                        const char           *id,
                        EocEnvironmentStatus  status)
{
  for (guint i = 0; i < fixture->environments->len; i++)
    {
      EocEnvironment *environment = g_ptr_array_index (fixture->environments, i);

      if (g_str_equal (eoc_environment_get_id (environment), id) &&
          eoc_environment_get_status (environment) == status)
        return TRUE;
    }

  return FALSE;
}

static gboolean
saw_backup_state (StreamFixture  *fixture,
                  const char     *id,
                  EocBackupState  state)
{
  for (guint i = 0; i < fixture->backups->len; i++)
    {
      EocBackup *backup = g_ptr_array_index (fixture->backups, i);

      if (g_str_equal (eoc_backup_get_id (backup), id) && eoc_backup_get_state (backup) == state)
        return TRUE;
    }

  return FALSE;
}

static gboolean
saw_operation_end (StreamFixture *fixture,
                   const char    *id)
{
  for (guint i = 0; i < fixture->operations->len; i++)
    {
      EocOperation *operation = g_ptr_array_index (fixture->operations, i);

      if (g_str_equal (eoc_operation_get_id (operation), id) &&
          eoc_operation_get_state (operation) == EOC_OPERATION_STATE_SUCCEEDED)
        return TRUE;
    }

  return FALSE;
}

static gboolean
saw_activity (StreamFixture *fixture,
              const char    *environment_id,
              const char    *action)
{
  for (guint i = 0; i < fixture->activity->len; i++)
    {
      EocActivity *activity = g_ptr_array_index (fixture->activity, i);

      if (g_str_equal (eoc_activity_get_environment_id (activity), environment_id) &&
          g_str_equal (eoc_activity_get_action (activity), action))
        return TRUE;
    }

  return FALSE;
}

static void
test_environment_change (StreamFixture *fixture,
                         gconstpointer  data)
{
  g_autoptr(EocOperation) operation = NULL;

  start_and_wait (fixture);

  /* Another user stops the environment: this one sees it happen. */
  operation = stop_environment (fixture->base.operator_, fixture->environment_id);
  WAIT_UNTIL (saw_environment_status (fixture, fixture->environment_id,
                                      EOC_ENVIRONMENT_STATUS_OFFLINE));
  WAIT_UNTIL (saw_operation_end (fixture, eoc_operation_get_id (operation)));
  WAIT_UNTIL (saw_activity (fixture, fixture->environment_id, "environment_stopped"));

  g_assert_cmpuint (fixture->resyncs, ==, 0);
  g_assert_cmpuint (fixture->failures->len, ==, 0);
  g_assert_cmpint (eoc_event_stream_get_state (fixture->stream), ==,
                   EOC_EVENT_STREAM_STATE_CONNECTED);
}

static void
test_backup_events (StreamFixture *fixture,
                    gconstpointer  data)
{
  g_autoptr(EocBackup) backup = NULL;
  g_autofree char *deleted = NULL;

  start_and_wait (fixture);

  backup = create_backup (fixture->base.operator_, fixture->environment_id, "Before the upgrade");
  WAIT_UNTIL (saw_backup_state (fixture, eoc_backup_get_id (backup),
                                EOC_BACKUP_STATE_AVAILABLE));
  g_assert_cmpstr (eoc_backup_get_environment_id (g_ptr_array_index (fixture->backups, 0)), ==,
                   fixture->environment_id);
  g_assert_cmpstr (eoc_backup_get_name (g_ptr_array_index (fixture->backups, 0)), ==,
                   "Before the upgrade");

  delete_backup (fixture->base.operator_, fixture->environment_id, eoc_backup_get_id (backup));
  WAIT_UNTIL (fixture->deleted->len > 0);
  deleted = g_strdup_printf ("%s/%s", fixture->environment_id, eoc_backup_get_id (backup));
  g_assert_cmpstr (g_ptr_array_index (fixture->deleted, 0), ==, deleted);
}

static void
test_reconnect (StreamFixture *fixture,
                gconstpointer  data)
{
  g_autoptr(EocOperation) operation = NULL;
  gint64 restarted;

  start_and_wait (fixture);

  g_assert_true (eoc_test_server_stop (fixture->base.server));
  WAIT_UNTIL (eoc_event_stream_get_state (fixture->stream) != EOC_EVENT_STREAM_STATE_CONNECTED);
  g_assert_cmpuint (fixture->resyncs, ==, 0);

  /* Let a few attempts fail. */
  run_for (1500);
  g_assert_cmpuint (fixture->failures->len, >=, 1);
  g_assert_error ((GError *) g_ptr_array_index (fixture->failures, 0), EOC_CLIENT_ERROR,
                  EOC_CLIENT_ERROR_CANNOT_CONNECT);

  eoc_test_server_restart (fixture->base.server);
  restarted = g_get_monotonic_time ();
  WAIT_UNTIL (fixture->resyncs == 1);
  g_assert_cmpint (eoc_event_stream_get_state (fixture->stream), ==,
                   EOC_EVENT_STREAM_STATE_CONNECTED);
  g_test_message ("Connected again %" G_GINT64_FORMAT " ms after the restart",
                  (g_get_monotonic_time () - restarted) / 1000);
  /* The waits so far were 0.5, 1 and 2 s: the next try comes within 5 s. */
  g_assert_cmpint (g_get_monotonic_time () - restarted, <, 6 * G_USEC_PER_SEC);

  /* Events flow again. */
  operation = stop_environment (fixture->base.operator_, fixture->environment_id);
  WAIT_UNTIL (saw_environment_status (fixture, fixture->environment_id,
                                      EOC_ENVIRONMENT_STATUS_OFFLINE));
  g_assert_cmpuint (fixture->resyncs, ==, 1);
}

static void
test_silent_service (StreamFixture *fixture,
                     gconstpointer  data)
{
  gint64 stopped;

  start_and_wait (fixture);

  /* The service hangs: TCP stays up, nothing comes. */
  g_subprocess_send_signal (fixture->base.server->process, SIGSTOP);
  stopped = g_get_monotonic_time ();
  eoc_event_stream_set_idle_timeout (fixture->stream, 1);
  WAIT_UNTIL (eoc_event_stream_get_state (fixture->stream) != EOC_EVENT_STREAM_STATE_CONNECTED);
  g_test_message ("Silence noticed after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - stopped) / 1000);
  g_assert_cmpint (g_get_monotonic_time () - stopped, <, 3 * G_USEC_PER_SEC);

  eoc_event_stream_set_idle_timeout (fixture->stream, 45);
  g_subprocess_send_signal (fixture->base.server->process, SIGCONT);
  WAIT_UNTIL (fixture->resyncs == 1);
  g_assert_cmpint (eoc_event_stream_get_state (fixture->stream), ==,
                   EOC_EVENT_STREAM_STATE_CONNECTED);
}

static void
test_unauthorized (StreamFixture *fixture,
                   gconstpointer  data)
{
  g_autoptr(EocClient) stranger = eoc_client_new (fixture->base.server->url, "eoc_wrong");
  g_autoptr(EocEventStream) stream = eoc_event_stream_new (stranger);
  StreamFixture watched = { 0 };

  watched.environments = g_ptr_array_new_with_free_func (g_object_unref);
  watched.failures = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  g_signal_connect (stream, "failed", G_CALLBACK (failed_cb), &watched);
  g_signal_connect (stream, "environment-changed", G_CALLBACK (environment_changed_cb), &watched);

  eoc_event_stream_start (stream);
  WAIT_UNTIL (watched.failures->len == 1);
  g_assert_error ((GError *) g_ptr_array_index (watched.failures, 0), EOC_CLIENT_ERROR,
                  EOC_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_cmpint (eoc_event_stream_get_state (stream), ==, EOC_EVENT_STREAM_STATE_DISCONNECTED);

  /* No hammering: the next try is half a minute away. */
  run_for (2500);
  g_assert_cmpuint (watched.failures->len, ==, 1);
  g_assert_cmpint (eoc_event_stream_get_state (stream), ==, EOC_EVENT_STREAM_STATE_DISCONNECTED);

  /* With a good token, the same stream gets in at once. */
  eoc_event_stream_stop (stream);
  eoc_client_set_token (stranger, fixture->base.server->viewer_token);
  eoc_event_stream_start (stream);
  WAIT_UNTIL (eoc_event_stream_get_state (stream) == EOC_EVENT_STREAM_STATE_CONNECTED);
  g_assert_cmpuint (watched.failures->len, ==, 1);

  eoc_event_stream_stop (stream);
  g_ptr_array_unref (watched.environments);
  g_ptr_array_unref (watched.failures);
}

static void
test_ping (StreamFixture *fixture,
           gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) cancelled_result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gint64 round_trip;

  /* Not connected yet. */
  eoc_event_stream_ping_async (fixture->stream, NULL, store_result_cb, &result);
  wait_result (&result);
  g_assert_cmpint (eoc_event_stream_ping_finish (fixture->stream, result, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
  g_clear_error (&error);
  g_clear_object (&result);

  start_and_wait (fixture);

  for (guint i = 0; i < 3; i++)
    {
      eoc_event_stream_ping_async (fixture->stream, NULL, store_result_cb, &result);
      wait_result (&result);
      round_trip = eoc_event_stream_ping_finish (fixture->stream, result, &error);
      g_assert_no_error (error);
      g_assert_cmpint (round_trip, >, 0);
      g_assert_cmpint (round_trip, <, G_USEC_PER_SEC);
      g_test_message ("Round trip: %" G_GINT64_FORMAT " microseconds", round_trip);
      g_clear_object (&result);
    }

  /* Cancelled: answered at once, and the stream carries on. */
  eoc_event_stream_ping_async (fixture->stream, cancellable, store_result_cb, &cancelled_result);
  g_cancellable_cancel (cancellable);
  WAIT_UNTIL (cancelled_result != NULL);
  g_assert_cmpint (eoc_event_stream_ping_finish (fixture->stream, cancelled_result, &error), ==,
                   -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Pending when the stream stops: it fails. */
  eoc_event_stream_ping_async (fixture->stream, NULL, store_result_cb, &result);
  eoc_event_stream_stop (fixture->stream);
  wait_result (&result);
  g_assert_cmpint (eoc_event_stream_ping_finish (fixture->stream, result, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
}

/* A hostile peer */

typedef struct {
  guint connections;
  GPtrArray *sockets;
} Hostile;

static void
hostile_websocket_cb (SoupServer              *server,
                      SoupServerMessage       *msg,
                      const char              *path,
                      SoupWebsocketConnection *connection,
                      gpointer                 user_data)
{
  Hostile *hostile = user_data;
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) huge = g_string_new ("{\"type\":\"heartbeat\",\"padding\":\"");
  static const char *const junk[] = {
    "",
    "not json",
    "{\"type\":",
    "[1, 2, 3]",
    "\"a string\"",
    "{\"no_type\": true}",
    "{\"type\": 5}",
    "{\"type\": \"mystery.event\"}",
    "{\"type\": \"environment.changed\"}",
    "{\"type\": \"environment.changed\", \"environment\": \"env-1\"}",
    "{\"type\": \"environment.changed\", \"environment\": {\"name\": \"No id\"}}",
    "{\"type\": \"backup.created\", \"backup\": {\"name\": \"No id\"}}",
    "{\"type\": \"backup.deleted\", \"backup\": {\"id\": 7}}",
    "{\"type\": \"backup.deleted\"}",
    "{\"type\": \"operation.changed\", \"operation\": []}",
    "{\"type\": \"activity.added\", \"activity\": null}",
    "{\"type\": \"pong\", \"id\": \"x\"}",
    "{\"type\": \"pong\", \"id\": 99}",
  };

  hostile->connections++;
  g_ptr_array_add (hostile->sockets, g_object_ref (connection));

  if (hostile->connections > 1)
    {
      soup_websocket_connection_send_text (connection,
                                           "{\"type\": \"environment.changed\", "
                                           "\"environment\": {\"id\": \"env-2\", "
                                           "\"name\": \"B\"}}");
      return;
    }

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  soup_websocket_connection_send_text (connection, deep->str);
  for (guint i = 0; i < G_N_ELEMENTS (junk); i++)
    soup_websocket_connection_send_text (connection, junk[i]);
  soup_websocket_connection_send_binary (connection, "\x00\xff\x01", 3);
  soup_websocket_connection_send_text (connection,
                                       "{\"type\": \"environment.changed\", "
                                       "\"environment\": {\"id\": \"env-1\", \"name\": \"A\"}}");

  /* Larger than the stream accepts: it drops the connection and comes back. */
  while (huge->len < 2 * 1024 * 1024)
    g_string_append (huge, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  g_string_append (huge, "\"}");
  soup_websocket_connection_send_text (connection, huge->str);
}

static void
test_hostile_messages (StreamFixture *fixture,
                       gconstpointer  data)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(EocClient) client = NULL;
  g_autoptr(EocEventStream) stream = NULL;
  g_autofree char *url = NULL;
  GSList *uris;
  Hostile hostile = { 0 };

  hostile.sockets = g_ptr_array_new_with_free_func (g_object_unref);
  soup_server_add_websocket_handler (server, "/api/v1/events", NULL, NULL, hostile_websocket_cb,
                                     &hostile, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  client = eoc_client_new (url, "eoc_any");
  stream = eoc_event_stream_new (client);
  watch_stream (fixture, stream);
  eoc_event_stream_start (stream);

  WAIT_UNTIL (fixture->environments->len == 2);
  g_assert_cmpstr (eoc_environment_get_id (g_ptr_array_index (fixture->environments, 0)), ==,
                   "env-1");
  g_assert_cmpstr (eoc_environment_get_id (g_ptr_array_index (fixture->environments, 1)), ==,
                   "env-2");
  g_assert_cmpuint (hostile.connections, ==, 2);
  g_assert_cmpuint (fixture->resyncs, ==, 1);
  g_assert_cmpuint (fixture->backups->len, ==, 0);
  g_assert_cmpuint (fixture->deleted->len, ==, 0);
  g_assert_cmpuint (fixture->operations->len, ==, 0);
  g_assert_cmpuint (fixture->activity->len, ==, 0);
  g_assert_cmpint (eoc_event_stream_get_state (stream), ==, EOC_EVENT_STREAM_STATE_CONNECTED);

  eoc_event_stream_stop (stream);
  g_signal_handlers_disconnect_by_data (stream, fixture);
  soup_server_disconnect (server);
  g_ptr_array_unref (hostile.sockets);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/event-stream/environment-change", StreamFixture, NULL,
              stream_fixture_set_up, test_environment_change, stream_fixture_tear_down);
  g_test_add ("/event-stream/backup-events", StreamFixture, NULL,
              stream_fixture_set_up, test_backup_events, stream_fixture_tear_down);
  g_test_add ("/event-stream/reconnect", StreamFixture, NULL,
              stream_fixture_set_up, test_reconnect, stream_fixture_tear_down);
  g_test_add ("/event-stream/silent-service", StreamFixture, NULL,
              stream_fixture_set_up, test_silent_service, stream_fixture_tear_down);
  g_test_add ("/event-stream/unauthorized", StreamFixture, NULL,
              stream_fixture_set_up, test_unauthorized, stream_fixture_tear_down);
  g_test_add ("/event-stream/ping", StreamFixture, NULL,
              stream_fixture_set_up, test_ping, stream_fixture_tear_down);
  g_test_add ("/event-stream/hostile-messages", StreamFixture, "no service",
              stream_fixture_set_up, test_hostile_messages, stream_fixture_tear_down);

  return g_test_run ();
}
