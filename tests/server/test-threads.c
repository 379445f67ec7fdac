/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The service serving HTTP on several threads (--threads): many clients at
 * once get the right answers, each caller is told who they are, a writer
 * reads what it wrote whichever thread answers, WebSocket subscribers hear
 * what a request on another thread changed, SIGTERM with connections open on
 * every thread stops cleanly and keeps every change, one thread still works,
 * and a port another service listens on is refused.
 */

#include "config.h"

#include <string.h>

#include "test-api-utils.h"

#define N_READERS 6
#define N_WRITERS 3
#define WRITES_EACH 4
#define REQUESTS_EACH 60
#define N_SUBSCRIBERS 8

/* The threads named eoc-http-N: those the service started besides its main one. */
static guint
count_http_threads (EocTestServer *server)
{
  g_autofree char *dir_path = g_strdup_printf ("/proc/%s/task",
                                               g_subprocess_get_identifier (server->process));
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint count = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, "comm", NULL);
      g_autofree char *comm = NULL;

      if (g_file_get_contents (path, &comm, NULL, NULL) && g_str_has_prefix (comm, "eoc-http-"))
        count++;
    }
  return count;
}

/* A client on a thread of the test's own: its own session, so its own connections. */
typedef struct {
  EocTestServer *server;
  guint          index;
  GBytes        *expected;     /* readers: the list they must get each time */
  GString       *failures;     /* what went wrong, read once the thread is joined */
} Client;

static void
client_fail (Client     *client,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
client_fail (Client     *client,
             const char *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_string_append_printf (client->failures, "client %u: ", client->index);
  g_string_append_vprintf (client->failures, format, args);
  g_string_append_c (client->failures, '\n');
  va_end (args);
}

/* GET or POST (@body: JSON) with @token; the status, and the body in @out. */
static guint
client_send (SoupSession *session,
             const char  *url,
             const char  *token,
             const char  *body,
             GBytes     **out)
{
  g_autoptr(SoupMessage) msg = soup_message_new (body != NULL ? "POST" : "GET", url);
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  if (answer == NULL)
    return 0;
  if (out != NULL)
    *out = g_steal_pointer (&answer);
  return soup_message_get_status (msg);
}

static gboolean
bytes_contain (GBytes     *bytes,
               const char *text)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  return g_strstr_len (data, (gssize) size, text) != NULL;
}

/* Reads the list again and again, and asks who it is with the three users'
 * tokens in turn; a new session (new connections) every ten requests. */
static gpointer
reader_thread (gpointer data)
{
  Client *client = data;
  EocTestServer *server = client->server;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *list_url = g_strconcat (server->url, "/api/v1/environments", NULL);
  g_autofree char *me_url = g_strconcat (server->url, "/api/v1/me", NULL);
  const char *tokens[] = { server->admin_token, server->operator_token, server->viewer_token };
  const char *names[] = { "\"admin\"", "\"olivia\"", "\"victor\"" };

  g_main_context_push_thread_default (context);
  for (guint i = 0; i < REQUESTS_EACH; i++)
    {
      g_autoptr(GBytes) list = NULL;
      g_autoptr(GBytes) me = NULL;
      guint who = (i + client->index) % G_N_ELEMENTS (tokens);
      guint status;

      if (i % 10 == 0)
        {
          g_clear_object (&session);
          session = soup_session_new_with_options ("timeout", 30, NULL);
        }

      status = client_send (session, list_url, server->viewer_token, NULL, &list);
      if (status != 200 || !g_bytes_equal (list, client->expected))
        client_fail (client, "GET /environments answered %u, or another list", status);

      status = client_send (session, me_url, tokens[who], NULL, &me);
      if (status != 200 || !bytes_contain (me, names[who]))
        client_fail (client, "GET /me answered %u, or not %s", status, names[who]);
    }
  g_clear_object (&session);
  g_main_context_pop_thread_default (context);
  return NULL;
}

/* Creates environments; after each, the list it reads has it. */
static gpointer
writer_thread (gpointer data)
{
  Client *client = data;
  EocTestServer *server = client->server;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *list_url = g_strconcat (server->url, "/api/v1/environments", NULL);

  g_main_context_push_thread_default (context);
  session = soup_session_new_with_options ("timeout", 30, NULL);
  for (guint i = 0; i < WRITES_EACH; i++)
    {
      g_autofree char *name = g_strdup_printf ("threads-%u-%u", client->index, i);
      g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\",\"type\":\"non_production\","
                                               "\"version\":\"2.0.0\"}", name);
      g_autofree char *quoted = g_strdup_printf ("\"%s\"", name);
      g_autoptr(GBytes) list = NULL;
      guint status = client_send (session, list_url, server->admin_token, body, NULL);

      if (status != 201)
        client_fail (client, "POST /environments answered %u", status);

      /* A new session: the read may land on another thread than the write. */
      g_clear_object (&session);
      session = soup_session_new_with_options ("timeout", 30, NULL);
      status = client_send (session, list_url, server->viewer_token, NULL, &list);
      if (status != 200 || !bytes_contain (list, quoted))
        client_fail (client, "the list read after creating %s does not have it", name);
    }
  g_clear_object (&session);
  g_main_context_pop_thread_default (context);
  return NULL;
}

static void
test_concurrent_clients (void)
{
  const char *args[] = { "--threads", "4", NULL };
  g_autoptr(EocTestServer) server = eoc_test_server_new (args);
  g_autoptr(ApiResponse) before = api_get (server, server->viewer_token, "/api/v1/environments");
  g_autoptr(ApiResponse) after = NULL;
  Client clients[N_READERS + N_WRITERS];
  GThread *threads[N_READERS + N_WRITERS];
  guint n_environments;

  g_assert_cmpuint (count_http_threads (server), ==, 3);
  n_environments = json_array_get_length (
    json_object_get_array_member (api_expect (before, 200), "environments"));

  /* Readers alone first, so that each must get exactly the same list. */
  for (guint i = 0; i < N_READERS; i++)
    {
      clients[i] = (Client) { server, i, before->body, g_string_new (NULL) };
      threads[i] = g_thread_new ("reader", reader_thread, &clients[i]);
    }
  for (guint i = 0; i < N_READERS; i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpstr (clients[i].failures->str, ==, "");
      g_string_free (clients[i].failures, TRUE);
    }

  /* Then writers at once, each reading back what it wrote. */
  for (guint i = 0; i < N_WRITERS; i++)
    {
      clients[i] = (Client) { server, i, NULL, g_string_new (NULL) };
      threads[i] = g_thread_new ("writer", writer_thread, &clients[i]);
    }
  for (guint i = 0; i < N_WRITERS; i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpstr (clients[i].failures->str, ==, "");
      g_string_free (clients[i].failures, TRUE);
    }

  after = api_get (server, server->viewer_token, "/api/v1/environments");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (api_expect (after, 200),
                                                                         "environments")),
                    ==, n_environments + N_WRITERS * WRITES_EACH);
  g_assert_cmpstr (api_header (after, "ETag"), !=, api_header (before, "ETag"));
  g_assert_true (eoc_test_server_stop (server));
}

/* WebSocket subscribers, each on its own connection. */
typedef struct {
  SoupSession             *session;
  SoupWebsocketConnection *connection;
  GPtrArray               *types;      /* each message's "type" and name, as "type name" */
  gboolean                 closed;
} Subscriber;

static void
subscriber_free (Subscriber *subscriber)
{
  if (subscriber->connection != NULL)
    g_signal_handlers_disconnect_by_data (subscriber->connection, subscriber);
  g_clear_object (&subscriber->connection);
  g_clear_object (&subscriber->session);
  g_ptr_array_unref (subscriber->types);
  g_free (subscriber);
}

static void
subscriber_message_cb (SoupWebsocketConnection *connection,
                       gint                     type,
                       GBytes                  *message,
                       Subscriber              *subscriber)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (message, NULL), g_bytes_get_size (message));
  g_autoptr(JsonNode) node = api_parse (text);
  JsonObject *object = json_node_get_object (node);
  JsonObject *environment = json_object_has_member (object, "environment")
                              ? json_object_get_object_member (object, "environment")
                              : NULL;

  g_ptr_array_add (subscriber->types,
                   g_strdup_printf ("%s %s", json_object_get_string_member (object, "type"),
                                    environment != NULL
                                      ? json_object_get_string_member (environment, "name")
                                      : ""));
}

static void
subscriber_closed_cb (SoupWebsocketConnection *connection,
                      Subscriber              *subscriber)
{
  subscriber->closed = TRUE;
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/* Waits (the default context, at most 20 s) until @done says so. */
static gboolean
wait_until (gboolean (*done) (gpointer),
            gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static gboolean
has_hello (gpointer data)
{
  Subscriber *subscriber = data;

  return subscriber->types->len > 0;
}

static Subscriber *
subscribe (EocTestServer *server)
{
  g_autofree char *url = g_strconcat (server->url, "/api/v1/events", NULL);
  g_autofree char *bearer = g_strconcat ("Bearer ", server->viewer_token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  Subscriber *subscriber = g_new0 (Subscriber, 1);
  GAsyncResult *result = NULL;

  subscriber->types = g_ptr_array_new_with_free_func (g_free);
  subscriber->session = soup_session_new_with_options ("timeout", 10, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  soup_session_websocket_connect_async (subscriber->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        NULL, connected_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  subscriber->connection = soup_session_websocket_connect_finish (subscriber->session, result,
                                                                  &error);
  g_object_unref (result);
  g_assert_no_error (error);
  g_signal_connect (subscriber->connection, "message", G_CALLBACK (subscriber_message_cb),
                    subscriber);
  g_signal_connect (subscriber->connection, "closed", G_CALLBACK (subscriber_closed_cb),
                    subscriber);
  g_assert_true (wait_until (has_hello, subscriber));
  g_assert_cmpstr (g_ptr_array_index (subscriber->types, 0), ==, "hello ");
  return subscriber;
}

typedef struct {
  GPtrArray *subscribers;
  guint      count;     /* environment.changed events each must have */
} Expect;

static guint
count_changes (Subscriber *subscriber)
{
  guint count = 0;

  for (guint i = 0; i < subscriber->types->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (subscriber->types, i), "environment.changed "))
      count++;
  return count;
}

static gboolean
all_have_changes (gpointer data)
{
  Expect *expect = data;

  for (guint i = 0; i < expect->subscribers->len; i++)
    if (count_changes (g_ptr_array_index (expect->subscribers, i)) < expect->count)
      return FALSE;
  return TRUE;
}

static gboolean
all_closed (gpointer data)
{
  GPtrArray *subscribers = data;

  for (guint i = 0; i < subscribers->len; i++)
    if (!((Subscriber *) g_ptr_array_index (subscribers, i))->closed)
      return FALSE;
  return TRUE;
}

/* The "type name" entries of environment.changed events, in order. */
static char *
changes_text (Subscriber *subscriber)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < subscriber->types->len; i++)
    {
      const char *entry = g_ptr_array_index (subscriber->types, i);

      if (g_str_has_prefix (entry, "environment.changed "))
        g_string_append_printf (text, "%s\n", entry);
    }
  return g_string_free (text, FALSE);
}

static void
test_events_across_threads (void)
{
  const char *args[] = { "--threads", "4", NULL };
  g_autoptr(EocTestServer) server = eoc_test_server_new (args);
  g_autoptr(GPtrArray) subscribers =
    g_ptr_array_new_with_free_func ((GDestroyNotify) subscriber_free);
  g_autofree char *first = NULL;
  Expect expect = { subscribers, 3 };

  for (guint i = 0; i < N_SUBSCRIBERS; i++)
    g_ptr_array_add (subscribers, subscribe (server));

  /* Each request goes on a connection of its own, so on any thread. */
  for (guint i = 0; i < expect.count; i++)
    {
      g_autofree char *name = g_strdup_printf ("events-%u", i);
      g_autoptr(JsonObject) environment = NULL;

      api_session_reset ();
      environment = api_create_environment (server, name, "non_production", "2.0.0");
    }

  g_assert_true (wait_until (all_have_changes, &expect));

  /* All heard the same events in the same order. */
  first = changes_text (g_ptr_array_index (subscribers, 0));
  g_assert_nonnull (strstr (first, "environment.changed events-0\n"));
  g_assert_true (strstr (first, "events-0") < strstr (first, "events-1"));
  g_assert_true (strstr (first, "events-1") < strstr (first, "events-2"));
  for (guint i = 1; i < subscribers->len; i++)
    {
      g_autofree char *text = changes_text (g_ptr_array_index (subscribers, i));

      g_assert_cmpstr (text, ==, first);
    }

  g_assert_true (eoc_test_server_stop (server));
}

/* Asks who it is (answered by a worker, never from the cache) until told to stop. */
typedef struct {
  EocTestServer *server;
  gint           stop;       /* atomic */
  gint           answered;   /* atomic */
} Hammer;

static gpointer
hammer_thread (gpointer data)
{
  Hammer *hammer = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *url = g_strconcat (hammer->server->url, "/api/v1/me", NULL);

  g_main_context_push_thread_default (context);
  session = soup_session_new_with_options ("timeout", 10, NULL);
  while (!g_atomic_int_get (&hammer->stop))
    {
      if (client_send (session, url, hammer->server->viewer_token, NULL, NULL) == 200)
        g_atomic_int_inc (&hammer->answered);
      else
        g_usleep (1000);
    }
  g_clear_object (&session);
  g_main_context_pop_thread_default (context);
  return NULL;
}

static void
test_sigterm (void)
{
  const char *args[] = { "--threads", "4", NULL };
  g_autoptr(EocTestServer) server = eoc_test_server_new (args);
  g_autoptr(GPtrArray) subscribers =
    g_ptr_array_new_with_free_func ((GDestroyNotify) subscriber_free);
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *url = g_strconcat (server->url, "/api/v1/environments", NULL);
  g_autoptr(ApiResponse) after = NULL;
  JsonArray *environments;
  gint64 start;
  guint found = 0;

  for (guint i = 0; i < N_SUBSCRIBERS / 2; i++)
    g_ptr_array_add (subscribers, subscribe (server));

  /* Keep-alive connections, idle when the signal comes; each made a change. */
  for (guint i = 0; i < 8; i++)
    {
      SoupSession *session = soup_session_new_with_options ("timeout", 10, NULL);
      g_autofree char *body = g_strdup_printf ("{\"name\":\"kept-%u\",\"type\":\"production\","
                                               "\"version\":\"2.0.0\"}", i);

      g_ptr_array_add (sessions, session);
      g_assert_cmpuint (client_send (session, url, server->admin_token, body, NULL), ==, 201);
    }

  /* And requests being answered by workers, on every thread, when the signal comes:
   * stopping must not answer on a connection it closed (a critical, fatal here). */
  {
    Hammer hammer = { server, 0, 0 };
    GThread *hammers[4];

    for (guint i = 0; i < G_N_ELEMENTS (hammers); i++)
      hammers[i] = g_thread_new ("hammer", hammer_thread, &hammer);
    while (g_atomic_int_get (&hammer.answered) < 200)
      g_usleep (1000);

    start = g_get_monotonic_time ();
    g_assert_true (eoc_test_server_stop (server));
    g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);

    g_atomic_int_set (&hammer.stop, 1);
    for (guint i = 0; i < G_N_ELEMENTS (hammers); i++)
      g_thread_join (hammers[i]);
  }
  /* Every subscriber was told, whichever thread had it. */
  g_assert_true (wait_until (all_closed, subscribers));

  eoc_test_server_restart (server);
  api_session_reset ();
  after = api_get (server, server->viewer_token, "/api/v1/environments");
  environments = json_object_get_array_member (api_expect (after, 200), "environments");
  for (guint i = 0; i < json_array_get_length (environments); i++)
    {
      const char *name = json_object_get_string_member (
        json_array_get_object_element (environments, i), "name");

      if (g_str_has_prefix (name, "kept-"))
        found++;
    }
  g_assert_cmpuint (found, ==, 8);
  g_assert_true (eoc_test_server_stop (server));
}

static void
test_one_thread (void)
{
  const char *args[] = { "--threads", "1", NULL };
  g_autoptr(EocTestServer) server = eoc_test_server_new (args);
  g_autoptr(ApiResponse) list = api_get (server, server->viewer_token, "/api/v1/environments");
  g_autoptr(ApiResponse) again = NULL;
  g_autoptr(ApiResponse) me = api_get (server, server->operator_token, "/api/v1/me");
  g_autoptr(GPtrArray) subscribers =
    g_ptr_array_new_with_free_func ((GDestroyNotify) subscriber_free);
  g_autoptr(JsonObject) environment = NULL;
  Expect expect = { subscribers, 1 };

  g_assert_cmpuint (count_http_threads (server), ==, 0);
  api_expect (list, 200);
  g_assert_cmpstr (json_object_get_string_member (api_expect (me, 200), "name"), ==, "olivia");

  g_ptr_array_add (subscribers, subscribe (server));
  environment = api_create_environment (server, "single", "non_production", "2.0.0");
  g_assert_true (wait_until (all_have_changes, &expect));
  again = api_get (server, server->viewer_token, "/api/v1/environments");
  g_assert_cmpstr (api_header (again, "ETag"), !=, api_header (list, "ETag"));

  g_assert_true (eoc_test_server_stop (server));
  g_assert_true (wait_until (all_closed, subscribers));
}

/* Runs eoc-server to its end on a new data directory; its exit status and standard error. */
static int
run_server (const char *const *args,
            char             **err)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("eoc-test-threads-XXXXXX", &error);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  const char *binary = g_getenv ("EOC_SERVER");

  g_assert_no_error (error);
  g_ptr_array_add (argv, (gpointer) (binary != NULL ? binary : EOC_SERVER_BUILDDIR_PATH));
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, dir);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char *const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  /* One that does start is not meant to: it would run until the timeout. */
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, err, &error));
  g_assert_no_error (error);
  eoc_test_rm_rf (dir);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static void
test_port_in_use (void)
{
  const char *args[] = { "--threads", "2", NULL };
  g_autoptr(EocTestServer) server = eoc_test_server_new (args);
  g_autofree char *address = g_strdup_printf ("127.0.0.1:%u", server->port);
  const char *threads[] = { "2", "1" };

  /* Sharing the port would split its requests between two services. */
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      const char *second[] = { "--listen", address, "--threads", threads[i], NULL };
      g_autofree char *err = NULL;

      g_assert_cmpint (run_server (second, &err), ==, 1);
      g_assert_nonnull (strstr (err, "in use"));
    }

  {
    const char *bad[] = { "--listen", "127.0.0.1:0", "--threads", "-1", NULL };
    g_autofree char *err = NULL;

    g_assert_cmpint (run_server (bad, &err), ==, 2);
    g_assert_nonnull (strstr (err, "--threads"));
  }

  /* The first one still answers. */
  {
    g_autoptr(ApiResponse) me = api_get (server, server->viewer_token, "/api/v1/me");

    api_expect (me, 200);
  }
  g_assert_true (eoc_test_server_stop (server));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/threads/concurrent-clients", test_concurrent_clients);
  g_test_add_func ("/threads/events-across-threads", test_events_across_threads);
  g_test_add_func ("/threads/sigterm", test_sigterm);
  g_test_add_func ("/threads/one", test_one_thread);
  g_test_add_func ("/threads/port-in-use", test_port_in_use);

  return g_test_run ();
}
