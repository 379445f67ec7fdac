/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The service's API, first part: health, authentication, roles, routing,
 * versions, environments, users, and how the data directory is kept.
 * Everything goes through a real HTTP client to the real eoc-server.
 */

#include "config.h"

#include <string.h>
#include <netinet/in.h>
#include <linux/tcp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "test-api-utils.h"

/* One service with the sample environments for the whole file; tests that
 * change something make their own environments or users. */
static EocTestServer *server;

static void
assert_time (JsonObject *object,
             const char *member)
{
  const char *text = json_object_get_string_member (object, member);
  g_autoptr(GDateTime) time = NULL;

  g_assert_nonnull (text);
  g_assert_true (g_str_has_suffix (text, "Z"));
  time = g_date_time_new_from_iso8601 (text, NULL);
  g_assert_nonnull (time);
}

static void
test_health (void)
{
  g_autoptr(ApiResponse) response = api_get (server, NULL, "/api/v1/health");
  g_autoptr(ApiResponse) post = NULL;
  JsonObject *health = api_expect (response, 200);

  g_assert_cmpstr (json_object_get_string_member (health, "status"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (health, "version"), ==, PACKAGE_VERSION);

  post = api_json (server, NULL, "POST", "/api/v1/health", "{}");
  api_expect_error (post, 405, "method_not_allowed");
}

static void
test_unauthorized (void)
{
  static const char *const paths[] = {
    "/api/v1/me", "/api/v1/versions", "/api/v1/environments", "/api/v1/users",
  };
  g_autoptr(JsonObject) staging = api_find_environment (server, "Staging");
  g_autofree char *backups = g_strdup_printf ("/api/v1/environments/%s/backups",
                                              json_object_get_string_member (staging, "id"));
  g_autoptr(GBytes) zip = api_make_configuration ("2.1.0", "{}", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(ApiResponse) none = api_get (server, NULL, paths[i]);
      g_autoptr(ApiResponse) wrong = api_get (server, "eoc_not-a-token", paths[i]);
      g_autoptr(ApiResponse) empty = api_get (server, "", paths[i]);

      api_expect_error (none, 401, "unauthorized");
      api_expect_error (wrong, 401, "unauthorized");
      api_expect_error (empty, 401, "unauthorized");
    }

  /* A token sent another way than "Bearer" does not count. */
  {
    g_autofree char *url = g_strconcat (server->url, "/api/v1/me", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
    g_autofree char *basic = g_strconcat ("Basic ", server->admin_token, NULL);
    g_autoptr(GBytes) body = NULL;
    g_autoptr(GError) error = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", basic);
    body = soup_session_send_and_read (api_session (), msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 401);
  }

  /* Writes too: nothing happens without a valid token. */
  {
    g_autoptr(ApiResponse) backup = api_json (server, NULL, "POST", backups, "{}");
    g_autoptr(ApiResponse) upload = NULL;
    g_autoptr(ApiResponse) list = NULL;

    api_expect_error (backup, 401, "unauthorized");
    upload = api_upload (server, "eoc_wrong", json_object_get_string_member (staging, "id"),
                         "x.zip", zip);
    api_expect_error (upload, 401, "unauthorized");

    list = api_get (server, server->viewer_token, backups);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (api_expect (list, 200),
                                                                           "backups")), ==, 1);
  }
}

static void
check_me (const char        *token,
          const char        *name,
          const char        *role,
          const char *const *permissions)
{
  g_autoptr(ApiResponse) response = api_get (server, token, "/api/v1/me");
  JsonObject *me = api_expect (response, 200);
  JsonArray *array = json_object_get_array_member (me, "permissions");

  g_assert_cmpstr (json_object_get_string_member (me, "name"), ==, name);
  g_assert_cmpstr (json_object_get_string_member (me, "role"), ==, role);
  g_assert_nonnull (array);
  g_assert_cmpuint (json_array_get_length (array), ==, g_strv_length ((char **) permissions));
  for (guint i = 0; permissions[i] != NULL; i++)
    g_assert_cmpstr (json_array_get_string_element (array, i), ==, permissions[i]);
}

static void
test_me (void)
{
  const char *const admin[] = { "read", "operate", "admin", NULL };
  const char *const operator[] = { "read", "operate", NULL };
  const char *const viewer[] = { "read", NULL };

  check_me (server->admin_token, "admin", "admin", admin);
  check_me (server->operator_token, "olivia", "operator", operator);
  check_me (server->viewer_token, "victor", "viewer", viewer);
}

static void
test_not_found (void)
{
  g_autoptr(JsonObject) staging = api_find_environment (server, "Staging");
  const char *id = json_object_get_string_member (staging, "id");
  g_autofree char *unknown_backup = g_strdup_printf ("/api/v1/environments/%s/backups/nope", id);
  g_autofree char *unknown_upload = g_strdup_printf ("/api/v1/environments/%s/uploads/nope", id);
  g_autofree char *unknown_sub = g_strdup_printf ("/api/v1/environments/%s/nothing", id);
  const char *const paths[] = {
    "/api/v1/nothing-here",
    "/api/v1/environments/no-such-environment",
    "/api/v1/environments/no-such-environment/backups",
    "/api/v1/environments/no-such-environment/configuration",
    "/api/v1/environments/no-such-environment/schedule",
    "/api/v1/environments/no-such-environment/activity",
    "/api/v1/operations/no-such-operation",
    "/api/v2/environments",
    "/nothing",
    unknown_backup,
    unknown_upload,
    unknown_sub,
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(ApiResponse) response = api_get (server, server->admin_token, paths[i]);

      g_test_message ("GET %s", paths[i]);
      api_expect_error (response, 404, "not_found");
    }

  /* Writes to something that does not exist. */
  {
    g_autoptr(ApiResponse) backup = api_json (server, server->operator_token, "POST",
                                              "/api/v1/environments/no-such-environment/backups",
                                              "{}");
    g_autoptr(ApiResponse) stop = api_json (server, server->operator_token, "POST",
                                            "/api/v1/environments/no-such-environment/stop", NULL);
    g_autoptr(ApiResponse) del = api_request (server, server->operator_token, "DELETE",
                                              unknown_backup, NULL, NULL);

    api_expect_error (backup, 404, "not_found");
    api_expect_error (stop, 404, "not_found");
    api_expect_error (del, 404, "not_found");
  }
}

static void
test_method_not_allowed (void)
{
  g_autoptr(JsonObject) staging = api_find_environment (server, "Staging");
  const char *id = json_object_get_string_member (staging, "id");
  g_autofree char *import = g_strdup_printf ("/api/v1/environments/%s/import", id);
  g_autofree char *env = g_strdup_printf ("/api/v1/environments/%s", id);
  struct {
    const char *method;
    const char *path;
  } cases[] = {
    { "DELETE", "/api/v1/versions" },
    { "PUT", "/api/v1/environments" },
    { "POST", "/api/v1/me" },
    { "GET", import },
    { "DELETE", env },
    { "PATCH", env },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ApiResponse) response = api_request (server, server->admin_token, cases[i].method,
                                                     cases[i].path, NULL, NULL);

      g_test_message ("%s %s", cases[i].method, cases[i].path);
      api_expect_error (response, 405, "method_not_allowed");
    }

  /* Nothing was deleted. */
  {
    g_autoptr(ApiResponse) still = api_get (server, server->viewer_token, env);

    api_expect (still, 200);
  }
}

static void
test_versions (void)
{
  const char *const known[] = { "1.0.0", "1.1.0", "2.0.0", "2.1.0", "2.2.0", "3.0.0" };
  g_autoptr(ApiResponse) response = api_get (server, server->viewer_token, "/api/v1/versions");
  JsonArray *versions = json_object_get_array_member (api_expect (response, 200), "versions");

  g_assert_cmpuint (json_array_get_length (versions), ==, G_N_ELEMENTS (known));
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (versions, i),
                                                    "version"), ==, known[i]);
}

static EocConfiguration *
download_configuration (const char *environment_id)
{
  return api_download_configuration (server, environment_id, NULL);
}

static void
test_environments (void)
{
  const char *const names[] = { "Development", "Production", "QA", "Staging", "Training" };
  g_autoptr(ApiResponse) response = api_get (server, server->viewer_token, "/api/v1/environments");
  JsonArray *environments = json_object_get_array_member (api_expect (response, 200),
                                                          "environments");

  g_assert_cmpuint (json_array_get_length (environments), ==, G_N_ELEMENTS (names));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      JsonObject *env = json_array_get_object_element (environments, i);
      const char *id = json_object_get_string_member (env, "id");
      g_autofree char *path = g_strconcat ("/api/v1/environments/", id, NULL);
      g_autoptr(ApiResponse) one = api_get (server, server->viewer_token, path);
      JsonObject *got = api_expect (one, 200);
      g_autoptr(EocConfiguration) configuration = NULL;
      JsonObject *settings, *database;

      g_assert_cmpstr (json_object_get_string_member (env, "name"), ==, names[i]);
      g_assert_nonnull (id);
      g_assert_nonnull (json_object_get_string_member (env, "description"));
      g_assert_true (g_str_equal (json_object_get_string_member (env, "type"), "production") ||
                     g_str_equal (json_object_get_string_member (env, "type"), "non_production"));
      g_assert_nonnull (json_object_get_string_member (env, "version"));
      assert_time (env, "created_at");
      assert_time (env, "updated_at");
      /* The samples come with a first backup. */
      assert_time (env, "last_backup_at");
      g_assert_true (json_object_has_member (env, "operation"));
      g_assert_true (json_object_get_null_member (env, "operation"));

      if (g_str_equal (names[i], "Training"))
        g_assert_cmpstr (json_object_get_string_member (env, "status"), ==, "offline");
      else
        g_assert_cmpstr (json_object_get_string_member (env, "status"), ==, "operational");
      g_assert_cmpstr (json_object_get_string_member (env, "type"), ==,
                       g_str_equal (names[i], "Production") ? "production" : "non_production");

      /* The same object on its own. */
      g_assert_cmpstr (json_object_get_string_member (got, "id"), ==, id);
      g_assert_cmpstr (json_object_get_string_member (got, "name"), ==, names[i]);
      g_assert_cmpstr (json_object_get_string_member (got, "version"), ==,
                       json_object_get_string_member (env, "version"));
      g_assert_cmpstr (json_object_get_string_member (got, "status"), ==,
                       json_object_get_string_member (env, "status"));

      /* With settings and files. */
      configuration = download_configuration (id);
      g_assert_cmpstr (configuration->environment_version, ==,
                       json_object_get_string_member (env, "version"));
      settings = json_node_get_object (configuration->settings);
      g_assert_true (json_object_has_member (settings, "database"));
      database = json_object_get_object_member (settings, "database");
      g_assert_nonnull (json_object_get_string_member (database, "host"));
      g_assert_cmpuint (configuration->files->len, ==, 3);
    }

  {
    g_autoptr(JsonObject) qa = api_find_environment (server, "QA");
    g_autoptr(JsonObject) dev = api_find_environment (server, "Development");

    g_assert_cmpstr (json_object_get_string_member (qa, "version"), ==, "2.0.0");
    g_assert_cmpstr (json_object_get_string_member (dev, "version"), ==, "2.2.0");
  }
}

static void
expect_create_error (const char *token,
                     const char *body,
                     guint       status,
                     const char *code)
{
  g_autoptr(ApiResponse) response = api_json (server, token, "POST", "/api/v1/environments", body);

  g_test_message ("POST /environments %.80s", body);
  api_expect_error (response, status, code);
}

static guint
count_environments (void)
{
  g_autoptr(ApiResponse) response = api_get (server, server->viewer_token, "/api/v1/environments");

  return json_array_get_length (json_object_get_array_member (api_expect (response, 200),
                                                              "environments"));
}

/* GET @path as the viewer, with If-None-Match: @etag when given. */
static guint
conditional_get (const char  *path,
                 const char  *etag,
                 char       **etag_out,
                 GBytes     **body_out)
{
  g_autofree char *url = g_strconcat (server->url, path, NULL);
  g_autofree char *bearer = g_strconcat ("Bearer ", server->viewer_token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  soup_message_headers_replace (headers, "Authorization", bearer);
  if (etag != NULL)
    soup_message_headers_replace (headers, "If-None-Match", etag);
  in = soup_session_send (api_session (), msg, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                                   G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);

  *etag_out = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                      "ETag"));
  if (body_out != NULL)
    *body_out = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  return soup_message_get_status (msg);
}

/* Lists are answered from a cache with an ETag; any change on the service shows at once. */
static void
test_cached_answers (void)
{
  g_autofree char *etag = NULL, *again = NULL, *unchanged = NULL, *changed = NULL;
  g_autofree char *me_etag = NULL, *page1 = NULL, *page2 = NULL;
  g_autoptr(GBytes) body = NULL, body_again = NULL, body_304 = NULL, body_changed = NULL;
  g_autoptr(GBytes) body1 = NULL, body2 = NULL;
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonObject) qa = api_find_environment (server, "QA");
  g_autofree char *backups = g_strconcat ("/api/v1/environments/",
                                          json_object_get_string_member (qa, "id"),
                                          "/backups", NULL);
  g_autofree char *backups1 = g_strconcat (backups, "?limit=1", NULL);  /* the first backup */
  g_autofree char *backups2 = g_strconcat (backups, "?limit=1&q=no-such-backup", NULL);

  g_assert_cmpuint (conditional_get ("/api/v1/environments", NULL, &etag, &body), ==, 200);
  g_assert_nonnull (etag);
  g_assert_true (etag[0] == '"');

  /* The same bytes again, from the cache. */
  g_assert_cmpuint (conditional_get ("/api/v1/environments", NULL, &again, &body_again), ==, 200);
  g_assert_cmpstr (again, ==, etag);
  g_assert_true (g_bytes_equal (body, body_again));

  /* Nothing changed: 304 without a body. */
  g_assert_cmpuint (conditional_get ("/api/v1/environments", etag, &unchanged, &body_304), ==, 304);
  g_assert_cmpuint (g_bytes_get_size (body_304), ==, 0);

  /* A change: the new list, a new ETag, and the old one no longer matches. */
  created = api_create_environment (server, "Cached", "non_production", "2.0.0");
  g_assert_cmpuint (conditional_get ("/api/v1/environments", etag, &changed, &body_changed), ==,
                    200);
  g_assert_cmpstr (changed, !=, etag);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (body_changed, NULL),
                                  (gssize) g_bytes_get_size (body_changed), "\"Cached\""));

  /* The query is part of what is cached. */
  g_assert_cmpuint (conditional_get (backups1, NULL, &page1, &body1), ==, 200);
  g_assert_cmpuint (conditional_get (backups2, NULL, &page2, &body2), ==, 200);
  g_assert_false (g_bytes_equal (body1, body2));
  g_assert_cmpstr (page1, !=, page2);

  /* What depends on the caller is not cached. */
  g_assert_cmpuint (conditional_get ("/api/v1/me", NULL, &me_etag, NULL), ==, 200);
  g_assert_null (me_etag);
}

/* How many segments with data @socket has received so far. */
static guint
data_segments_in (GSocket *socket)
{
  struct tcp_info info = { 0 };
  socklen_t size = sizeof info;

  g_assert_cmpint (getsockopt (g_socket_get_fd (socket), IPPROTO_TCP, TCP_INFO, &info, &size), ==,
                   0);
  return info.tcpi_data_segs_in;
}

/* Sends GET @path on @socket and reads the whole answer (status line,
 * headers and a body of Content-Length bytes); returns its status. */
static guint
raw_get (GSocket    *socket,
         const char *path)
{
  g_autofree char *request = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                              "Authorization: Bearer %s\r\n\r\n",
                                              path, server->viewer_token);
  g_autoptr(GString) answer = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *end = NULL;
  gsize length = 0;
  guint status = 0;

  g_assert_cmpint (g_socket_send (socket, request, strlen (request), NULL, &error), ==,
                   (gssize) strlen (request));
  g_assert_no_error (error);

  while (end == NULL || answer->len < (gsize) (end + 4 - answer->str) + length)
    {
      char buffer[16384];
      gssize n = g_socket_receive (socket, buffer, sizeof buffer, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_string_append_len (answer, buffer, n);
      if (end == NULL && (end = strstr (answer->str, "\r\n\r\n")) != NULL)
        {
          const char *field = strstr (answer->str, "\r\nContent-Length: ");

          g_assert_true (sscanf (answer->str, "HTTP/1.1 %u", &status) == 1);
          if (field != NULL && field < end)
            length = g_ascii_strtoull (field + strlen ("\r\nContent-Length: "), NULL, 10);
        }
    }
  return status;
}

/* An answer leaves in one TCP segment, not its headers in one and its body in
 * another, and nothing is held back for the next: every answer on a kept-alive
 * connection comes at once (a socket left corked would hold each for 200 ms). */
static void
test_answer_in_one_piece (void)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[] = { "/api/v1/environments", "/api/v1/me", "/api/v1/versions" };
  gint64 start;
  GSocket *socket;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", server->port, NULL, &error);
  g_assert_no_error (error);
  socket = g_socket_connection_get_socket (connection);

  start = g_get_monotonic_time ();
  for (guint round = 0; round < 10; round++)
    for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
      {
        guint before = data_segments_in (socket);

        /* The first list is read from the store (by a worker), the rest from the cache. */
        g_assert_cmpuint (raw_get (socket, paths[i]), ==, 200);
        g_assert_cmpuint (data_segments_in (socket) - before, ==, 1);
      }
  /* 30 answers; held back, they would take 6 s. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
}

static void
test_create_environment (void)
{
  g_autoptr(ApiResponse) created = NULL;
  g_autoptr(ApiResponse) got = NULL;
  g_autoptr(EocConfiguration) configuration = NULL;
  g_autoptr(JsonArray) activity = NULL;
  g_autofree char *path = NULL;
  JsonObject *env, *details;
  const char *id;
  guint before = count_environments ();

  created = api_json (server, server->admin_token, "POST", "/api/v1/environments",
                      "{\"name\": \"Load test\", \"type\": \"non_production\", "
                      "\"version\": \"2.2.0\", \"description\": \"For the load tests\"}");
  env = api_expect (created, 201);
  id = json_object_get_string_member (env, "id");
  g_assert_nonnull (id);
  g_assert_cmpstr (json_object_get_string_member (env, "name"), ==, "Load test");
  g_assert_cmpstr (json_object_get_string_member (env, "type"), ==, "non_production");
  g_assert_cmpstr (json_object_get_string_member (env, "version"), ==, "2.2.0");
  g_assert_cmpstr (json_object_get_string_member (env, "description"), ==, "For the load tests");
  g_assert_cmpstr (json_object_get_string_member (env, "status"), ==, "operational");
  g_assert_true (json_object_get_null_member (env, "last_backup_at"));
  g_assert_true (json_object_get_null_member (env, "operation"));
  assert_time (env, "created_at");
  assert_time (env, "updated_at");

  path = g_strconcat ("/api/v1/environments/", id, NULL);
  got = api_get (server, server->viewer_token, path);
  g_assert_cmpstr (json_object_get_string_member (api_expect (got, 200), "name"), ==, "Load test");
  g_assert_cmpuint (count_environments (), ==, before + 1);

  /* Sorted by name in the list: "Load test" comes between Development and Production. */
  {
    g_autoptr(ApiResponse) list = api_get (server, server->viewer_token, "/api/v1/environments");
    JsonArray *environments = json_object_get_array_member (api_expect (list, 200), "environments");

    for (guint i = 1; i < json_array_get_length (environments); i++)
      g_assert_cmpint (g_utf8_collate (
        json_object_get_string_member (json_array_get_object_element (environments, i - 1), "name"),
        json_object_get_string_member (json_array_get_object_element (environments, i), "name")),
        <, 0);
  }

  /* An empty configuration of its version. */
  configuration = download_configuration (id);
  g_assert_cmpstr (configuration->environment_version, ==, "2.2.0");
  g_assert_cmpuint (json_object_get_size (json_node_get_object (configuration->settings)), ==, 0);
  g_assert_cmpuint (configuration->files->len, ==, 0);

  activity = api_activity (server, id);
  g_assert_cmpuint (json_array_get_length (activity), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (activity, 0),
                                                  "action"), ==, "environment_created");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (activity, 0),
                                                  "user"), ==, "admin");

  /* Only administrators. */
  {
    g_autoptr(ApiResponse) op = api_json (server, server->operator_token, "POST",
                                          "/api/v1/environments",
                                          "{\"name\": \"Nope\", \"type\": \"non_production\", "
                                          "\"version\": \"2.2.0\"}");
    g_autoptr(ApiResponse) viewer = api_json (server, server->viewer_token, "POST",
                                              "/api/v1/environments",
                                              "{\"name\": \"Nope\", \"type\": \"non_production\", "
                                              "\"version\": \"2.2.0\"}");

    details = api_expect_error (op, 403, "forbidden");
    g_assert_cmpstr (json_object_get_string_member (details, "required_role"), ==, "admin");
    details = api_expect_error (viewer, 403, "forbidden");
    g_assert_cmpstr (json_object_get_string_member (details, "required_role"), ==, "admin");
  }

  /* Names are unique. */
  {
    g_autoptr(ApiResponse) taken = api_json (server, server->admin_token, "POST",
                                             "/api/v1/environments",
                                             "{\"name\": \"Staging\", \"type\": \"non_production\", "
                                             "\"version\": \"2.2.0\"}");

    details = api_expect_error (taken, 409, "name_taken");
    g_assert_cmpstr (json_object_get_string_member (details, "name"), ==, "Staging");
  }

  /* Type and version. */
  expect_create_error (server->admin_token,
                       "{\"name\": \"X1\", \"type\": \"testing\", \"version\": \"2.2.0\"}",
                       400, "bad_request");
  expect_create_error (server->admin_token,
                       "{\"name\": \"X1\", \"type\": \"non_production\", \"version\": \"9.9.9\"}",
                       400, "invalid_version");
  expect_create_error (server->admin_token,
                       "{\"name\": \"X1\", \"type\": \"non_production\", \"version\": \"latest\"}",
                       400, "invalid_version");

  /* Bodies that are not what was asked for. */
  expect_create_error (server->admin_token, "{\"name\": \"X1\", \"type\": ", 400, "bad_request");
  expect_create_error (server->admin_token, "not json at all", 400, "bad_request");
  expect_create_error (server->admin_token, "[1, 2, 3]", 400, "bad_request");
  expect_create_error (server->admin_token, "\"a string\"", 400, "bad_request");
  expect_create_error (server->admin_token,
                       "{\"name\": 5, \"type\": \"non_production\", \"version\": \"2.2.0\"}",
                       400, "bad_request");
  expect_create_error (server->admin_token,
                       "{\"name\": \"X1\", \"type\": true, \"version\": \"2.2.0\"}",
                       400, "bad_request");
  expect_create_error (server->admin_token,
                       "{\"name\": \"X1\", \"type\": \"non_production\", \"version\": 2}",
                       400, "bad_request");
  expect_create_error (server->admin_token,
                       "{\"name\": [\"X1\"], \"type\": \"non_production\", \"version\": \"2.2.0\"}",
                       400, "bad_request");
  expect_create_error (server->admin_token,
                       "{\"name\": \"X1\", \"type\": \"non_production\", \"version\": \"2.2.0\", "
                       "\"description\": {}}",
                       400, "bad_request");
  expect_create_error (server->admin_token, "{\"type\": \"non_production\", \"version\": \"2.2.0\"}",
                       400, "bad_request");
  expect_create_error (server->admin_token, "{}", 400, "bad_request");

  /* Nested 100,000 levels deep: refused, and the service lives on. */
  {
    g_autofree char *deep = g_malloc (100001);
    g_autoptr(ApiResponse) health = NULL;

    memset (deep, '[', 100000);
    deep[100000] = '\0';
    expect_create_error (server->admin_token, deep, 400, "bad_request");

    health = api_get (server, NULL, "/api/v1/health");
    api_expect (health, 200);
  }

  /* Names: empty, blank, too long, control characters. */
  {
    g_autofree char *long_name = g_strnfill (101, 'n');
    g_autofree char *just_right = g_strnfill (100, 'm');
    g_autofree char *body = NULL;
    g_autoptr(ApiResponse) ok = NULL;
    const char *const bad[] = {
      "\"\"", "\"   \"", "\"bad\\u0007name\"", "\"tab\\tname\"", "\"new\\nline\"",
      "\"zero\\u200bwidth\"",
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *text = g_strdup_printf ("{\"name\": %s, \"type\": \"non_production\", "
                                                 "\"version\": \"2.2.0\"}", bad[i]);

        expect_create_error (server->admin_token, text, 400, "invalid_name");
      }

    body = g_strdup_printf ("{\"name\": \"%s\", \"type\": \"non_production\", "
                            "\"version\": \"2.2.0\"}", long_name);
    expect_create_error (server->admin_token, body, 400, "invalid_name");

    /* 100 characters are fine, counted as characters, not bytes. */
    g_free (body);
    body = g_strdup_printf ("{\"name\": \"%s\", \"type\": \"non_production\", "
                            "\"version\": \"2.2.0\"}", just_right);
    ok = api_json (server, server->admin_token, "POST", "/api/v1/environments", body);
    api_expect (ok, 201);
  }
  {
    GString *accents = g_string_new (NULL);
    g_autofree char *body = NULL;
    g_autoptr(ApiResponse) ok = NULL;

    for (guint i = 0; i < 100; i++)
      g_string_append (accents, "é");
    body = g_strdup_printf ("{\"name\": \"%s\", \"type\": \"production\", \"version\": \"1.0.0\"}",
                            accents->str);
    g_string_free (accents, TRUE);
    ok = api_json (server, server->admin_token, "POST", "/api/v1/environments", body);
    g_assert_cmpstr (json_object_get_string_member (api_expect (ok, 201), "type"), ==, "production");
  }

  /* JSON endpoints take JSON only. */
  {
    const char *text = "{\"name\": \"Plain\", \"type\": \"non_production\", \"version\": \"2.2.0\"}";
    g_autoptr(GBytes) body = g_bytes_new_static (text, strlen (text));
    g_autoptr(ApiResponse) response = api_request (server, server->admin_token, "POST",
                                                   "/api/v1/environments", "text/plain", body);

    api_expect_error (response, 415, "unsupported_media_type");
  }

  /* Over 1 MiB: refused as too large, whatever it holds. */
  {
    gsize size = 1024 * 1024 + 100;
    g_autofree char *big = g_malloc (size + 1);
    g_autoptr(ApiResponse) response = NULL;
    g_autoptr(ApiResponse) health = NULL;
    const char *start = "{\"name\": \"Big\", \"type\": \"non_production\", \"version\": \"2.2.0\"}";

    memset (big, ' ', size);
    memcpy (big, start, strlen (start));
    big[size] = '\0';
    response = api_json (server, server->admin_token, "POST", "/api/v1/environments", big);
    details = api_expect_error (response, 413, "too_large");
    g_assert_cmpint (json_object_get_int_member (details, "limit"), ==, 1024 * 1024);

    health = api_get (server, NULL, "/api/v1/health");
    api_expect (health, 200);
  }

  /* None of the refused ones was made. */
  g_assert_cmpuint (count_environments (), ==, before + 3);
}

static void
test_users (void)
{
  g_autoptr(ApiResponse) list = api_get (server, server->admin_token, "/api/v1/users");
  g_autoptr(ApiResponse) created = NULL;
  g_autoptr(ApiResponse) again = NULL;
  g_autoptr(ApiResponse) removed = NULL;
  g_autoptr(ApiResponse) gone = NULL;
  g_autoptr(ApiResponse) removed_again = NULL;
  g_autoptr(ApiResponse) self_removal = NULL;
  g_autofree char *token = NULL;
  JsonArray *users = json_object_get_array_member (api_expect (list, 200), "users");
  JsonObject *answer, *user, *details;
  gboolean seen_admin = FALSE, seen_operator = FALSE, seen_viewer = FALSE;

  for (guint i = 0; i < json_array_get_length (users); i++)
    {
      JsonObject *u = json_array_get_object_element (users, i);
      const char *name = json_object_get_string_member (u, "name");
      const char *role = json_object_get_string_member (u, "role");

      assert_time (u, "created_at");
      g_assert_false (json_object_has_member (u, "token"));
      if (g_str_equal (name, "admin"))
        seen_admin = g_str_equal (role, "admin");
      else if (g_str_equal (name, "olivia"))
        seen_operator = g_str_equal (role, "operator");
      else if (g_str_equal (name, "victor"))
        seen_viewer = g_str_equal (role, "viewer");
    }
  g_assert_true (seen_admin && seen_operator && seen_viewer);

  /* Only administrators manage users. */
  {
    g_autoptr(ApiResponse) op_list = api_get (server, server->operator_token, "/api/v1/users");
    g_autoptr(ApiResponse) op_add = api_json (server, server->operator_token, "POST",
                                              "/api/v1/users",
                                              "{\"name\": \"mallory\", \"role\": \"admin\"}");
    g_autoptr(ApiResponse) viewer_del = api_request (server, server->viewer_token, "DELETE",
                                                     "/api/v1/users/olivia", NULL, NULL);

    details = api_expect_error (op_list, 403, "forbidden");
    g_assert_cmpstr (json_object_get_string_member (details, "required_role"), ==, "admin");
    details = api_expect_error (op_add, 403, "forbidden");
    g_assert_cmpstr (json_object_get_string_member (details, "required_role"), ==, "admin");
    details = api_expect_error (viewer_del, 403, "forbidden");
    g_assert_cmpstr (json_object_get_string_member (details, "required_role"), ==, "admin");
  }

  created = api_json (server, server->admin_token, "POST", "/api/v1/users",
                      "{\"name\": \"carol\", \"role\": \"operator\"}");
  answer = api_expect (created, 201);
  user = json_object_get_object_member (answer, "user");
  g_assert_cmpstr (json_object_get_string_member (user, "name"), ==, "carol");
  g_assert_cmpstr (json_object_get_string_member (user, "role"), ==, "operator");
  assert_time (user, "created_at");
  token = g_strdup (json_object_get_string_member (answer, "token"));
  g_assert_true (g_str_has_prefix (token, "eoc_"));
  g_assert_cmpuint (strlen (token), >=, 20);

  /* The new token works at once, with its role. */
  {
    const char *const operator[] = { "read", "operate", NULL };

    check_me (token, "carol", "operator", operator);
  }

  /* Names are unique, roles are known. */
  again = api_json (server, server->admin_token, "POST", "/api/v1/users",
                    "{\"name\": \"carol\", \"role\": \"viewer\"}");
  details = api_expect_error (again, 409, "name_taken");
  g_assert_cmpstr (json_object_get_string_member (details, "name"), ==, "carol");
  {
    g_autoptr(ApiResponse) bad_role = api_json (server, server->admin_token, "POST",
                                                "/api/v1/users",
                                                "{\"name\": \"dave\", \"role\": \"superuser\"}");
    g_autoptr(ApiResponse) bad_name = api_json (server, server->admin_token, "POST",
                                                "/api/v1/users",
                                                "{\"name\": \"\", \"role\": \"viewer\"}");

    api_expect_error (bad_role, 400, "bad_request");
    api_expect_error (bad_name, 400, "invalid_name");
  }

  removed = api_request (server, server->admin_token, "DELETE", "/api/v1/users/carol", NULL, NULL);
  g_assert_cmpuint (removed->status, ==, 204);
  g_assert_cmpuint (g_bytes_get_size (removed->body), ==, 0);

  /* The token no longer opens anything. */
  gone = api_get (server, token, "/api/v1/me");
  api_expect_error (gone, 401, "unauthorized");
  removed_again = api_request (server, server->admin_token, "DELETE", "/api/v1/users/carol", NULL,
                               NULL);
  api_expect_error (removed_again, 404, "not_found");

  /* An administrator cannot lock themselves out. */
  self_removal = api_request (server, server->admin_token, "DELETE", "/api/v1/users/admin", NULL,
                              NULL);
  api_expect_error (self_removal, 409, "invalid_state");
  {
    const char *const admin[] = { "read", "operate", "admin", NULL };

    check_me (server->admin_token, "admin", "admin", admin);
  }
}

static void
check_modes (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      GStatBuf st;

      g_assert_cmpint (g_lstat (child, &st), ==, 0);
      g_test_message ("%s %o", child, st.st_mode & 07777);
      if (S_ISDIR (st.st_mode))
        {
          g_assert_cmpint (st.st_mode & 07777, ==, 0700);
          check_modes (child);
        }
      else
        {
          g_assert_true (S_ISREG (st.st_mode));
          g_assert_cmpint (st.st_mode & 07777, ==, 0600);
        }
    }
}

static void
test_data_dir (void)
{
  g_autofree char *db = g_build_filename (server->data_dir, "eoc.db", NULL);
  GStatBuf st;

  g_assert_cmpint (g_stat (server->data_dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0700);
  g_assert_cmpint (g_stat (db, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);

  /* And everything in it: the database's journal, configurations, backups. */
  check_modes (server->data_dir);
}

/* A data directory made readable by all is closed again when the service starts. */
static void
test_data_dir_tightened (void)
{
  const char *const args[] = { NULL };
  g_autoptr(EocTestServer) other = eoc_test_server_new (args);
  GStatBuf st;

  g_assert_true (eoc_test_server_stop (other));
  g_assert_cmpint (g_chmod (other->data_dir, 0755), ==, 0);
  eoc_test_server_restart (other);
  g_assert_cmpint (g_stat (other->data_dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0700);
}

int
main (int   argc,
      char *argv[])
{
  const char *const args[] = { "--demo", NULL };
  int status;

  g_test_init (&argc, &argv, NULL);

  server = eoc_test_server_new (args);

  g_test_add_func ("/api/basics/health", test_health);
  g_test_add_func ("/api/basics/unauthorized", test_unauthorized);
  g_test_add_func ("/api/basics/me", test_me);
  g_test_add_func ("/api/basics/not-found", test_not_found);
  g_test_add_func ("/api/basics/method-not-allowed", test_method_not_allowed);
  g_test_add_func ("/api/basics/versions", test_versions);
  g_test_add_func ("/api/basics/environments", test_environments);
  g_test_add_func ("/api/basics/create-environment", test_create_environment);
  g_test_add_func ("/api/basics/users", test_users);
  g_test_add_func ("/api/basics/cached-answers", test_cached_answers);
  g_test_add_func ("/api/basics/answer-in-one-piece", test_answer_in_one_piece);
  g_test_add_func ("/api/basics/data-dir", test_data_dir);
  g_test_add_func ("/api/basics/data-dir-tightened", test_data_dir_tightened);

  status = g_test_run ();

  eoc_test_server_free (server);
  return status;
}
