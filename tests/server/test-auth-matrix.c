/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Every route of the service × {no token, wrong token, viewer, operator,
 * admin}: exactly 401, 403 or success, and a refused request changes nothing.
 * The routes are read from the table in src/server/eoc-server.c and the paths
 * from openapi.yaml: a route the matrix does not cover fails the test.
 */

#include "config.h"

#include <string.h>

#include "eoc-util.h"
#include "test-api-utils.h"
#include "test-guard-utils.h"

typedef enum { NONE, VIEWER, OPERATOR, ADMIN } Role;

typedef struct {
  const char *method;
  const char *pattern;    /* as in the route table */
  Role        role;
  guint       success;    /* the status an allowed caller gets */
} Entry;

static const Entry matrix[] = {
  { "GET", "me", VIEWER, 200 },
  { "GET", "users", ADMIN, 200 },
  { "POST", "users", ADMIN, 201 },
  { "DELETE", "users/*", ADMIN, 204 },
  { "GET", "versions", VIEWER, 200 },
  { "GET", "environments", VIEWER, 200 },
  { "POST", "environments", ADMIN, 201 },
  { "GET", "environments/*", VIEWER, 200 },
  { "POST", "environments/*/update", OPERATOR, 202 },
  { "POST", "environments/*/start", OPERATOR, 202 },
  { "POST", "environments/*/stop", OPERATOR, 202 },
  { "GET", "environments/*/configuration", VIEWER, 200 },
  { "GET", "environments/*/backups", VIEWER, 200 },
  { "POST", "environments/*/backups", OPERATOR, 202 },
  { "GET", "environments/*/backups/suggested-name", VIEWER, 200 },
  { "GET", "environments/*/backups/*", VIEWER, 200 },
  { "DELETE", "environments/*/backups/*", OPERATOR, 204 },
  { "GET", "environments/*/backups/*/content", VIEWER, 200 },
  { "GET", "environments/*/backups/*/changes", VIEWER, 200 },
  { "POST", "environments/*/backups/*/restore", OPERATOR, 202 },
  { "POST", "environments/*/uploads", OPERATOR, 201 },
  { "GET", "environments/*/uploads/*", VIEWER, 200 },
  { "DELETE", "environments/*/uploads/*", OPERATOR, 204 },
  { "GET", "environments/*/uploads/*/changes", VIEWER, 200 },
  { "POST", "environments/*/import", OPERATOR, 202 },
  { "GET", "environments/*/schedule", VIEWER, 200 },
  { "PUT", "environments/*/schedule", OPERATOR, 200 },
  { "GET", "environments/*/activity", VIEWER, 200 },
  { "GET", "operations/*", VIEWER, 200 },
  /* Outside the route table. */
  { "GET", "health", NONE, 200 },
  { "GET", "events", VIEWER, 101 },
};

static EocTestServer *server;
static char *env_id;          /* non-production, for every route */
static char *env_version;
static guint serial;

static const char *caller_names[] = { "no token", "wrong token", "viewer", "operator", "admin" };

static const char *
caller_token (guint caller)
{
  switch (caller)
    {
    case 0: return NULL;
    case 1: return "eoc_ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
    case 2: return server->viewer_token;
    case 3: return server->operator_token;
    default: return server->admin_token;
    }
}

static Role
caller_role (guint caller)
{
  return caller <= 1 ? NONE : (Role) (caller - 1);
}

static char *
env_path (const char *suffix)
{
  return g_strdup_printf ("/api/v1/environments/%s%s", env_id, suffix);
}

static void
wait_idle (void)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(JsonObject) env = api_get_environment (server, env_id);

      if (json_object_get_null_member (env, "operation") ||
          !json_object_has_member (env, "operation"))
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
}

static char *
new_backup (void)
{
  g_autofree char *name = g_strdup_printf ("Matrix %u", ++serial);
  g_autoptr(JsonObject) backup = api_make_backup (server, env_id, name);

  return g_strdup (json_object_get_string_member (backup, "id"));
}

static char *
new_upload (void)
{
  g_autoptr(GBytes) bytes = api_make_configuration (env_version, "{\"m\": 1}", NULL);
  g_autoptr(ApiResponse) response = api_upload (server, server->admin_token, env_id, "m.zip",
                                                bytes);

  return g_strdup (json_object_get_string_member (api_expect (response, 201), "id"));
}

/* Puts the environment in the state a power route needs. */
static void
ensure_status (const char *wanted)
{
  g_autoptr(JsonObject) env = api_get_environment (server, env_id);
  const char *status = json_object_get_string_member (env, "status");

  if (g_strcmp0 (status, wanted) != 0)
    {
      g_autofree char *path = env_path (g_str_equal (wanted, "offline") ? "/stop" : "/start");
      g_autoptr(ApiResponse) response = api_json (server, server->admin_token, "POST", path, "{}");

      g_assert_cmpuint (response->status, ==, 202);
      wait_idle ();
    }
}

/* The request for @entry, made fresh (resources that an allowed call uses up
 * are made anew each time); @body gets its JSON body, if any. */
static char *
prepare (const Entry  *entry,
         char        **body,
         GBytes      **upload_bytes)
{
  const char *p = entry->pattern;

  *body = NULL;
  *upload_bytes = NULL;
  wait_idle ();

  if (g_str_equal (p, "users") && g_str_equal (entry->method, "POST"))
    {
      *body = g_strdup_printf ("{\"name\": \"matrix-%u\", \"role\": \"viewer\"}", ++serial);
      return g_strdup ("/api/v1/users");
    }
  if (g_str_equal (p, "users/*"))
    {
      g_autofree char *name = g_strdup_printf ("gone-%u", ++serial);
      g_autofree char *json = g_strdup_printf ("{\"name\": \"%s\", \"role\": \"viewer\"}", name);
      g_autoptr(ApiResponse) made = api_json (server, server->admin_token, "POST", "/api/v1/users",
                                              json);

      g_assert_cmpuint (made->status, ==, 201);
      return g_strdup_printf ("/api/v1/users/%s", name);
    }
  if (g_str_equal (p, "environments") && g_str_equal (entry->method, "POST"))
    {
      *body = g_strdup_printf ("{\"name\": \"Matrix %u\", \"type\": \"non_production\", "
                               "\"version\": \"%s\"}", ++serial, env_version);
      return g_strdup ("/api/v1/environments");
    }
  if (g_str_equal (p, "environments/*/update"))
    {
      /* A fresh environment on the oldest version, updated to the newest. */
      g_autoptr(ApiResponse) versions = api_get (server, server->viewer_token, "/api/v1/versions");
      JsonArray *list = json_object_get_array_member (api_expect (versions, 200), "versions");
      JsonNode *first = json_array_get_element (list, 0);
      JsonNode *last = json_array_get_element (list, json_array_get_length (list) - 1);
      const char *oldest = JSON_NODE_HOLDS_OBJECT (first)
        ? json_object_get_string_member (json_node_get_object (first), "version")
        : json_node_get_string (first);
      const char *newest = JSON_NODE_HOLDS_OBJECT (last)
        ? json_object_get_string_member (json_node_get_object (last), "version")
        : json_node_get_string (last);
      g_autofree char *name = g_strdup_printf ("Update %u", ++serial);
      g_autoptr(JsonObject) env = api_create_environment (server, name, "non_production", oldest);

      if (eoc_version_compare (oldest, newest) > 0)
        *body = g_strdup_printf ("{\"version\": \"%s\"}", oldest);
      else
        *body = g_strdup_printf ("{\"version\": \"%s\"}", newest);
      return g_strdup_printf ("/api/v1/environments/%s/update",
                              json_object_get_string_member (env, "id"));
    }
  if (g_str_equal (p, "environments/*/start"))
    {
      ensure_status ("offline");
      return env_path ("/start");
    }
  if (g_str_equal (p, "environments/*/stop"))
    {
      ensure_status ("operational");
      return env_path ("/stop");
    }
  ensure_status ("operational");
  if (g_str_equal (p, "environments/*/backups") && g_str_equal (entry->method, "POST"))
    {
      *body = g_strdup ("{}");
      return env_path ("/backups");
    }
  if (g_str_has_prefix (p, "environments/*/backups/*"))
    {
      g_autofree char *id = new_backup ();
      g_autofree char *rest = g_strdup (p + strlen ("environments/*/backups/*"));

      if (g_str_equal (rest, "/restore"))
        *body = g_strdup ("{}");
      wait_idle ();
      return g_strdup_printf ("/api/v1/environments/%s/backups/%s%s", env_id, id, rest);
    }
  if (g_str_equal (p, "environments/*/uploads"))
    {
      *upload_bytes = api_make_configuration (env_version, "{\"m\": 2}", NULL);
      return env_path ("/uploads?filename=m.zip");
    }
  if (g_str_has_prefix (p, "environments/*/uploads/*"))
    {
      g_autofree char *id = new_upload ();

      return g_strdup_printf ("/api/v1/environments/%s/uploads/%s%s", env_id, id,
                              p + strlen ("environments/*/uploads/*"));
    }
  if (g_str_equal (p, "environments/*/import"))
    {
      g_autofree char *id = new_upload ();

      *body = g_strdup_printf ("{\"upload_id\": \"%s\"}", id);
      return env_path ("/import");
    }
  if (g_str_equal (p, "environments/*/schedule") && g_str_equal (entry->method, "PUT"))
    {
      *body = g_strdup_printf ("{\"enabled\": true, \"frequency\": \"daily\", \"time\": "
                               "\"0%u:00\", \"time_zone\": \"UTC\", \"retention_days\": 10}",
                               ++serial % 10);
      return env_path ("/schedule");
    }
  if (g_str_equal (p, "operations/*"))
    {
      g_autofree char *path = env_path ("/backups");
      g_autoptr(ApiResponse) started = api_json (server, server->admin_token, "POST", path, "{}");
      JsonObject *answer = api_expect (started, 202);
      const char *id = json_object_get_string_member (json_object_get_object_member (answer,
                                                                                     "operation"),
                                                      "id");

      wait_idle ();
      return g_strdup_printf ("/api/v1/operations/%s", id);
    }
  if (g_str_has_prefix (p, "environments/*"))
    return env_path (p + strlen ("environments/*"));
  return g_strdup_printf ("/api/v1/%s", p);
}

static void
got_result_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/* The WebSocket handshake: the status the service answers. */
static guint
events_status (const char *token)
{
  g_autofree char *url = g_strconcat (server->url, "/api/v1/events", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupWebsocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  g_main_context_push_thread_default (context);
  session = soup_session_new_with_options ("timeout", 10, NULL);
  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    bearer);
    }
  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        got_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  connection = soup_session_websocket_connect_finish (session, result, &error);
  g_object_unref (result);
  if (connection != NULL)
    soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_main_context_pop_thread_default (context);
  return soup_message_get_status (msg);
}

static guint
send_entry (const Entry *entry,
            guint        caller,
            const char  *path,
            const char  *body,
            GBytes      *upload_bytes)
{
  g_autoptr(ApiResponse) response = NULL;

  if (g_str_equal (entry->pattern, "events"))
    return events_status (caller_token (caller));

  if (upload_bytes != NULL)
    response = api_request (server, caller_token (caller), entry->method, path,
                            "application/zip", upload_bytes);
  else
    response = api_json (server, caller_token (caller), entry->method, path, body);

  if (response->status == 401 || response->status == 403)
    {
      const char *code = guard_error_code (response->json);

      g_assert_cmpstr (code, ==, response->status == 401 ? "unauthorized" : "forbidden");
    }
  g_test_message ("%s %s as %s: %u", entry->method, path, caller_names[caller], response->status);
  return response->status;
}

static void
test_entry (gconstpointer data)
{
  const Entry *entry = data;

  /* Refused first, all together: nothing may change. */
  {
    g_autofree char *body = NULL;
    g_autoptr(GBytes) upload_bytes = NULL;
    g_autofree char *path = prepare (entry, &body, &upload_bytes);
    g_autofree char *before = guard_snapshot (server);
    g_autofree char *after = NULL;

    for (guint caller = 0; caller < G_N_ELEMENTS (caller_names); caller++)
      {
        guint expected;

        if (entry->role == NONE || caller_role (caller) >= entry->role)
          continue;
        expected = caller_role (caller) == NONE ? 401 : 403;
        g_assert_cmpuint (send_entry (entry, caller, path, body, upload_bytes), ==, expected);
      }
    after = guard_snapshot (server);
    guard_assert_same (before, after);
  }

  /* Then each allowed caller, on fresh resources. */
  for (guint caller = 0; caller < G_N_ELEMENTS (caller_names); caller++)
    {
      g_autofree char *body = NULL;
      g_autoptr(GBytes) upload_bytes = NULL;
      g_autofree char *path = NULL;

      if (entry->role != NONE && caller_role (caller) < entry->role)
        continue;
      path = prepare (entry, &body, &upload_bytes);
      g_assert_cmpuint (send_entry (entry, caller, path, body, upload_bytes), ==, entry->success);
      wait_idle ();
    }
}

/* Every route in the service's table is in the matrix, and the other way round. */
static void
test_covered (void)
{
  g_autofree char *file = g_build_filename (g_getenv ("EOC_SOURCE_DIR"), "src", "server",
                                            "eoc-server.c", NULL);
  g_autofree char *yaml_file = g_build_filename (g_getenv ("EOC_SOURCE_DIR"), "src", "server",
                                                 "openapi.yaml", NULL);
  g_autofree char *source = NULL;
  g_autofree char *yaml = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("\\{ \"([A-Z]+)\", \"([^\"]+)\", EOC_ROLE_([A-Z]+), route_",
                                         0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *current_path = NULL;
  guint n_routes = 0, n_operations = 0;

  g_assert_true (g_file_get_contents (file, &source, NULL, NULL));
  g_regex_match (regex, source, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *method = g_match_info_fetch (match, 1);
      g_autofree char *pattern = g_match_info_fetch (match, 2);
      g_autofree char *role = g_match_info_fetch (match, 3);
      gboolean found = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (matrix); i++)
        if (g_str_equal (matrix[i].method, method) && g_str_equal (matrix[i].pattern, pattern))
          {
            Role expected = g_str_equal (role, "ADMIN") ? ADMIN
                          : g_str_equal (role, "OPERATOR") ? OPERATOR : VIEWER;

            g_assert_cmpint (matrix[i].role, ==, expected);
            found = TRUE;
          }
      if (!found)
        g_error ("The route %s %s is not in the authorization matrix", method, pattern);
      n_routes++;
      g_match_info_next (match, NULL);
    }
  g_assert_cmpuint (n_routes, ==, G_N_ELEMENTS (matrix) - 2);

  /* Every path and method of openapi.yaml. */
  g_assert_true (g_file_get_contents (yaml_file, &yaml, NULL, NULL));
  lines = g_strsplit (yaml, "\n", 0);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_str_has_prefix (line, "components:"))
        break;
      if (g_str_has_prefix (line, "  /") && g_str_has_suffix (line, ":"))
        {
          g_autoptr(GRegex) ids = g_regex_new ("\\{[^}]+\\}", 0, 0, NULL);
          g_autofree char *raw = g_strndup (line + 3, strlen (line) - 4);

          g_free (current_path);
          current_path = g_regex_replace_literal (ids, raw, -1, 0, "*", 0, NULL);
        }
      else if (current_path != NULL &&
               (g_str_equal (line, "    get:") || g_str_equal (line, "    post:") ||
                g_str_equal (line, "    put:") || g_str_equal (line, "    delete:") ||
                g_str_equal (line, "    patch:")))
        {
          g_autofree char *method = g_ascii_strup (line + 4, strlen (line) - 5);
          gboolean found = FALSE;

          for (guint m = 0; m < G_N_ELEMENTS (matrix); m++)
            found = found || (g_str_equal (matrix[m].method, method) &&
                              g_str_equal (matrix[m].pattern, current_path));
          if (!found)
            g_error ("openapi.yaml's %s /%s is not in the authorization matrix", method,
                     current_path);
          n_operations++;
        }
    }
  g_assert_cmpuint (n_operations, ==, G_N_ELEMENTS (matrix));
}

int
main (int   argc,
      char *argv[])
{
  const char *const args[] = { "--demo", NULL };
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/auth-matrix/covered", test_covered);
  for (guint i = 0; i < G_N_ELEMENTS (matrix); i++)
    {
      g_autofree char *name = g_strdup_printf ("/auth-matrix/%s %s", matrix[i].method,
                                               matrix[i].pattern);
      g_test_add_data_func (name, &matrix[i], test_entry);
    }

  server = eoc_test_server_new (args);
  {
    g_autoptr(JsonObject) env = api_find_environment (server, "Development");

    env_id = g_strdup (json_object_get_string_member (env, "id"));
    env_version = g_strdup (json_object_get_string_member (env, "version"));
  }
  status = g_test_run ();
  eoc_test_server_free (server);
  return status;
}
