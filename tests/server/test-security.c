/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Security facts and bounds of the service, each tested: tokens kept only as
 * hashes and never printed, a private data directory, no plain HTTP off
 * loopback without --insecure, TLS with a generated certificate, and the
 * limits on bodies, WebSocket messages and uploads per user.
 */

#define _GNU_SOURCE  /* memmem */

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "test-api-utils.h"
#include "test-guard-utils.h"

static const char *
server_binary (void)
{
  return g_getenv ("EOC_SERVER") != NULL ? g_getenv ("EOC_SERVER") : EOC_SERVER_BUILDDIR_PATH;
}

/* Every byte of every file under @dir, concatenated. */
static void
read_tree (const char *dir,
           GString    *out)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        read_tree (path, out);
      else if (g_file_get_contents (path, &contents, &length, NULL))
        g_string_append_len (out, contents, (gssize) length);
    }
}

static gboolean
contains (GString    *haystack,
          const char *needle)
{
  return memmem (haystack->str, haystack->len, needle, strlen (needle)) != NULL;
}

/* Tokens are kept only as hashes: not in the database, its journal, or any file. */
static void
test_tokens_hashed (void)
{
  const char *const args[] = { "--demo", NULL };
  g_autoptr(EocTestServer) server = eoc_test_server_new (args);
  g_autoptr(ApiResponse) created = api_json (server, server->admin_token, "POST", "/api/v1/users",
                                             "{\"name\": \"newcomer\", \"role\": \"operator\"}");
  g_autofree char *new_token =
    g_strdup (json_object_get_string_member (api_expect (created, 201), "token"));
  g_autoptr(GString) everything = g_string_new (NULL);
  const char *tokens[] = { server->admin_token, server->operator_token, server->viewer_token,
                           new_token };

  /* Files while it runs (the WAL journal), then after a clean stop. */
  read_tree (server->data_dir, everything);
  g_assert_true (eoc_test_server_stop (server));
  read_tree (server->data_dir, everything);

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, tokens[i], -1);
      /* The part after "eoc_", in case a prefix were stripped before storing. */
      const char *secret = tokens[i] + 4;

      g_assert_true (g_str_has_prefix (tokens[i], "eoc_"));
      g_assert_false (contains (everything, tokens[i]));
      g_assert_false (contains (everything, secret));
      /* The grep looks at the right bytes: the hash is there. */
      g_assert_true (contains (everything, hash));
    }
}

/* Tokens never reach the service's output, whatever the requests do. */
static void
test_tokens_not_logged (void)
{
  g_autoptr(EocTestServer) server = eoc_test_server_new (NULL);
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *rest = NULL;
  g_autoptr(GString) output = g_string_new (NULL);
  const char *wrong = "eoc_1111111111111111111111111111111111111111111111111111111111111111";
  EocTestServer view = { 0 };
  const char *paths[] = { "/api/v1/me", "/api/v1/users", "/api/v1/environments/nope",
                          "/api/v1/nothing", "/api/v1/environments" };
  const char *tokens[3];

  /* Our own instance, on the same data directory, with all its output captured. */
  g_assert_true (eoc_test_server_stop (server));
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, server_binary (), "--data-dir",
                                         server->data_dir, "--listen", "127.0.0.1:0",
                                         "--apply-delay", "0", "--demo", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line, "Listening on "));
  g_string_append_printf (output, "%s\n", line);

  view = *server;
  view.url = g_strndup (line + strlen ("Listening on "), strlen (line) - strlen ("Listening on ") - 1);
  tokens[0] = server->admin_token;
  tokens[1] = server->viewer_token;
  tokens[2] = wrong;
  for (guint t = 0; t < G_N_ELEMENTS (tokens); t++)
    for (guint p = 0; p < G_N_ELEMENTS (paths); p++)
      {
        g_autoptr(ApiResponse) response = api_get (&view, tokens[t], paths[p]);
        g_autoptr(ApiResponse) posted = api_json (&view, tokens[t], "POST", paths[p], "{bad");

        g_assert_cmpuint (response->status, !=, 500);
        g_assert_cmpuint (posted->status, !=, 500);
      }
  api_session_reset ();
  g_free (view.url);

  g_subprocess_send_signal (process, SIGTERM);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &rest, NULL, &error));
  g_assert_no_error (error);
  g_string_append (output, rest != NULL ? rest : "");
  g_test_message ("service output: %s", output->str);

  /* It did log (so the capture works), but no token. */
  g_assert_true (strstr (output->str, "Stopping") != NULL);
  g_assert_false (contains (output, server->admin_token));
  g_assert_false (contains (output, server->viewer_token));
  g_assert_false (contains (output, wrong));
  g_assert_false (contains (output, server->admin_token + 4));
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
      if (S_ISDIR (st.st_mode))
        {
          g_assert_cmpint (st.st_mode & 07777, ==, 0700);
          check_modes (child);
        }
      else
        {
          if ((st.st_mode & 07777) != 0600)
            g_error ("%s has mode %o", child, st.st_mode & 07777);
          g_assert_true (S_ISREG (st.st_mode));
        }
    }
}

/* Everything in the data directory is private, uploads and backups included. */
static void
test_data_dir_private (void)
{
  const char *const args[] = { "--demo", NULL };
  g_autoptr(EocTestServer) server = eoc_test_server_new (args);
  g_autoptr(JsonObject) env = api_find_environment (server, "Development");
  const char *env_id = json_object_get_string_member (env, "id");
  g_autoptr(JsonObject) backup = api_make_backup (server, env_id, "Private");
  g_autoptr(GBytes) bytes =
    api_make_configuration (json_object_get_string_member (env, "version"), "{}", NULL);
  g_autoptr(ApiResponse) upload = api_upload (server, server->operator_token, env_id, "p.zip",
                                              bytes);
  GStatBuf st;

  api_expect (upload, 201);
  g_assert_cmpint (g_stat (server->data_dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0700);
  check_modes (server->data_dir);
}

/* 0.0.0.0 without TLS is refused; with --insecure it listens (no traffic is sent). */
static void
test_non_loopback (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("eoc-test-listen-XXXXXX", &error);
  g_autoptr(GSubprocess) refused = NULL;
  g_autoptr(GSubprocess) insecure = NULL;
  g_autofree char *err = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GDataInputStream) out = NULL;

  g_assert_no_error (error);
  refused = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error, server_binary (), "--data-dir", dir, "--listen",
                              "0.0.0.0:0", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (refused, NULL, NULL, NULL, &err, &error));
  g_assert_true (g_subprocess_get_if_exited (refused));
  g_assert_cmpint (g_subprocess_get_exit_status (refused), ==, 1);
  g_assert_nonnull (strstr (err, "without TLS"));
  g_assert_nonnull (strstr (err, "--insecure"));

  insecure = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, server_binary (),
                               "--data-dir", dir, "--listen", "0.0.0.0:0", "--insecure", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (insecure));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "Listening on http://0.0.0.0:"));
  g_subprocess_send_signal (insecure, SIGTERM);
  g_subprocess_wait (insecure, NULL, &error);
  g_assert_no_error (error);
  eoc_test_rm_rf (dir);
}

static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *peer,
                       GTlsCertificateFlags  errors,
                       gpointer              data)
{
  /* Only the certificate the test made: compare it. */
  return g_tls_certificate_is_same (peer, data);
}

/* HTTPS on 127.0.0.1 with a certificate generated here, on every thread the service serves on. */
static void
test_tls (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("eoc-test-tls-XXXXXX", &error);
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autoptr(GSubprocess) gen = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(EocTestServer) server = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = NULL;
  g_autofree char *bearer = NULL;
  const char *args[] = { "--tls-certificate", cert, "--tls-key", key, "--threads", "3", NULL };

  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed (build-aux/setup.sh installs it)");
      return;
    }
  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("GIO has no TLS backend (glib-networking)");
      return;
    }

  gen = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                          &error, openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt",
                          "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert,
                          "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
                          "subjectAltName=IP:127.0.0.1", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (gen, NULL, &error));
  g_assert_no_error (error);
  certificate = g_tls_certificate_new_from_file (cert, &error);
  g_assert_no_error (error);

  server = eoc_test_server_new (args);
  g_assert_true (g_str_has_prefix (server->url, "https://127.0.0.1:"));

  session = soup_session_new_with_options ("timeout", 10, NULL);
  url = g_strconcat (server->url, "/api/v1/me", NULL);
  msg = soup_message_new ("GET", url);
  bearer = g_strconcat ("Bearer ", server->viewer_token, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), certificate);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body),
                                  "\"victor\""));

  /* New connections land on any of the threads: each has the certificate. */
  for (guint i = 0; i < 12; i++)
    {
      g_autoptr(SoupSession) other = soup_session_new_with_options ("timeout", 10, NULL);
      g_autoptr(SoupMessage) again = soup_message_new ("GET", url);
      g_autoptr(GBytes) answer = NULL;

      soup_message_headers_replace (soup_message_get_request_headers (again), "Authorization",
                                    bearer);
      g_signal_connect (again, "accept-certificate", G_CALLBACK (accept_certificate_cb),
                        certificate);
      answer = soup_session_send_and_read (other, again, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (soup_message_get_status (again), ==, 200);
    }

  /* Plain HTTP to the TLS port gets no answer from the API. */
  {
    g_autofree char *plain = g_strdup_printf ("GET /api/v1/me HTTP/1.1\r\nHost: x\r\n"
                                              "Authorization: %s\r\n\r\n", bearer);
    g_autoptr(GBytes) request = g_bytes_new (plain, strlen (plain));
    g_autoptr(GuardRawResponse) response = guard_raw_request (server->port, request, 2000);

    g_assert_cmpuint (response->status, !=, 200);
  }

  eoc_test_rm_rf (dir);
}

/* A JSON body over 1 MiB is refused with 413 too_large and the limit. */
static void
test_body_limit (void)
{
  g_autoptr(EocTestServer) server = eoc_test_server_new (NULL);
  GString *big = g_string_new ("{\"name\": \"");
  g_autoptr(ApiResponse) response = NULL;
  g_autofree char *text = NULL;
  JsonObject *details;

  while (big->len < 1024 * 1024 + 10)
    g_string_append (big, "xxxxxxxxxxxxxxxx");
  g_string_append (big, "\", \"role\": \"viewer\"}");
  text = g_string_free (big, FALSE);
  response = api_json (server, server->admin_token, "POST", "/api/v1/users", text);
  details = api_expect_error (response, 413, "too_large");
  g_assert_cmpint (json_object_get_int_member (details, "limit"), ==, 1024 * 1024);
  guard_assert_healthy (server);
}

static void
ws_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static void
ws_closed_cb (SoupWebsocketConnection *connection,
              gpointer                 data)
{
  *(gboolean *) data = TRUE;
}

/* The events socket closes on a client message over its limit, and keeps serving others. */
static void
test_websocket_limit (void)
{
  g_autoptr(EocTestServer) server = eoc_test_server_new (NULL);
  g_autofree char *url = g_strconcat (server->url, "/api/v1/events", NULL);
  g_autofree char *bearer = g_strconcat ("Bearer ", server->viewer_token, NULL);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 10, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(SoupWebsocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  gboolean closed = FALSE;
  g_autofree char *huge = g_malloc (1024 * 1024 + 1);
  gint64 deadline;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        ws_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  connection = soup_session_websocket_connect_finish (session, result, &error);
  g_object_unref (result);
  g_assert_no_error (error);

  g_signal_connect (connection, "closed", G_CALLBACK (ws_closed_cb), &closed);
  memset (huge, 'x', 1024 * 1024);
  huge[1024 * 1024] = '\0';
  soup_websocket_connection_send_text (connection, huge);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!closed && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  /* libsoup's server ends the connection (1009 "message too big", or without
   * a close frame when it stops reading first): what matters is that it ends. */
  g_assert_true (closed);
  g_test_message ("close code %u", soup_websocket_connection_get_close_code (connection));
  g_assert_true (soup_websocket_connection_get_close_code (connection) == 0 ||
                 soup_websocket_connection_get_close_code (connection) ==
                   SOUP_WEBSOCKET_CLOSE_TOO_BIG);
  guard_assert_healthy (server);
}

/* Uploads waiting per user are bounded, with a documented 4xx; others still may upload. */
static void
test_uploads_per_user (void)
{
  const char *const args[] = { "--demo", NULL };
  g_autoptr(EocTestServer) server = eoc_test_server_new (args);
  g_autoptr(JsonObject) env = api_find_environment (server, "Development");
  const char *env_id = json_object_get_string_member (env, "id");
  g_autoptr(GBytes) bytes =
    api_make_configuration (json_object_get_string_member (env, "version"), "{}", NULL);
  g_autofree char *uploads = g_build_filename (server->data_dir, "uploads", NULL);
  guint accepted = 0;

  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(ApiResponse) response = api_upload (server, server->operator_token, env_id,
                                                    "u.zip", bytes);

      if (response->status == 201)
        {
          accepted++;
          continue;
        }
      api_expect_error (response, 429, "too_many_uploads");
      break;
    }
  /* The limit is 16 (max_uploads_per_user in main.c). */
  g_assert_cmpuint (accepted, ==, 16);
  g_assert_cmpuint (api_count_files (uploads), ==, 16);

  {
    g_autoptr(ApiResponse) other = api_upload (server, server->admin_token, env_id, "a.zip",
                                               bytes);
    api_expect (other, 201);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/security/tokens-hashed", test_tokens_hashed);
  g_test_add_func ("/security/tokens-not-logged", test_tokens_not_logged);
  g_test_add_func ("/security/data-dir-private", test_data_dir_private);
  g_test_add_func ("/security/non-loopback", test_non_loopback);
  g_test_add_func ("/security/tls", test_tls);
  g_test_add_func ("/security/bounds/body", test_body_limit);
  g_test_add_func ("/security/bounds/websocket-message", test_websocket_limit);
  g_test_add_func ("/security/bounds/uploads-per-user", test_uploads_per_user);

  return g_test_run ();
}
