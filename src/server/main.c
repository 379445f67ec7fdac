/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-server: the Env Ops Center service.
 *
 *   eoc-server --data-dir DIR [--listen ADDRESS:PORT] [--threads N] [--demo] [OPTIONS]
 *   eoc-server --data-dir DIR user add NAME --role admin|operator|viewer
 *   eoc-server --data-dir DIR user list
 *   eoc-server --data-dir DIR user remove NAME
 */

#define G_LOG_DOMAIN "eoc-server"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <sys/stat.h>
#include <glib-unix.h>
#include <glib/gstdio.h>

#include "eoc-context.h"
#include "eoc-demo.h"
#include "eoc-engine.h"
#include "eoc-server.h"

static char *data_dir;
static char *listen_address = (char *) "127.0.0.1:8420";
static gboolean demo;
static char *apply_command;
static double apply_delay = 3.0;
static int apply_timeout = 3600;
static gint64 max_upload_size = G_GINT64_CONSTANT (8) * 1024 * 1024 * 1024;
static int upload_ttl = 3600;
static char *tls_certificate;
static char *tls_key;
static gboolean insecure;
static char *local_user;
static char *role_name;
static gboolean show_version;
static int n_threads;

static const GOptionEntry entries[] = {
  { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir, "Where the service keeps its data", "DIR" },
  { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen_address,
    "Address and port to listen on (default 127.0.0.1:8420; port 0 picks a free one)", "ADDRESS:PORT" },
  { "demo", 0, 0, G_OPTION_ARG_NONE, &demo, "Add sample environments to a new data directory", NULL },
  { "apply-command", 0, 0, G_OPTION_ARG_STRING, &apply_command,
    "Command that applies a configuration (gets its path as last argument)", "COMMAND" },
  { "apply-delay", 0, 0, G_OPTION_ARG_DOUBLE, &apply_delay,
    "Seconds the built-in apply, backups, start and stop take (default 3)", "SECONDS" },
  { "apply-timeout", 0, 0, G_OPTION_ARG_INT, &apply_timeout,
    "Seconds after which the apply command is stopped (default 3600)", "SECONDS" },
  { "max-upload-size", 0, 0, G_OPTION_ARG_INT64, &max_upload_size,
    "Largest configuration file accepted, in bytes (default 8 GiB)", "BYTES" },
  { "upload-ttl", 0, 0, G_OPTION_ARG_INT, &upload_ttl,
    "Seconds an upload waits to be imported before it is discarded (default 3600)", "SECONDS" },
  { "tls-certificate", 0, 0, G_OPTION_ARG_FILENAME, &tls_certificate, "TLS certificate (PEM)", "FILE" },
  { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, "TLS private key (PEM)", "FILE" },
  { "threads", 0, 0, G_OPTION_ARG_INT, &n_threads,
    "Threads serving HTTP, all on one port (default: one a processor, at most 4; "
    "1: the main thread only)", "N" },
  { "insecure", 0, 0, G_OPTION_ARG_NONE, &insecure,
    "Allow listening on a non-loopback address without TLS", NULL },
  { "local-user", 0, 0, G_OPTION_ARG_STRING, &local_user,
    "Admit the token in $EOC_LOCAL_TOKEN as this administrator, for this run only", "NAME" },
  { "role", 0, 0, G_OPTION_ARG_STRING, &role_name, "Role of the user to add", "ROLE" },
  { "version", 0, 0, G_OPTION_ARG_NONE, &show_version, "Show the version", NULL },
  { NULL }
};

static gboolean
prepare_data_dir (GError **error)
{
  static const char *const folders[] = { "environments", "backups", "uploads", "tmp" };

  if (g_mkdir_with_parents (data_dir, 0700) != 0 || g_chmod (data_dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not create the data directory %s: %s", data_dir, g_strerror (saved));
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      g_autofree char *path = g_build_filename (data_dir, folders[i], NULL);

      if (g_mkdir_with_parents (path, 0700) != 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Could not create %s: %s",
                       path, g_strerror (saved));
          return FALSE;
        }
    }

  return TRUE;
}

static EocContext *
context_new (EocStore *store)
{
  EocContext *ctx = g_new0 (EocContext, 1);

  ctx->data_dir = g_canonicalize_filename (data_dir, NULL);
  ctx->store = store;
  ctx->apply_command = apply_command != NULL && *apply_command != '\0' ? g_strdup (apply_command) : NULL;
  ctx->apply_delay = MAX (apply_delay, 0.0);
  ctx->apply_timeout = (guint) MAX (apply_timeout, 1);
  ctx->max_upload_size = (guint64) MAX (max_upload_size, 1);
  ctx->upload_ttl = (guint) MAX (upload_ttl, 1);
  ctx->max_uploads_per_user = 16;
  eoc_configuration_limits_init (&ctx->limits);
  g_mutex_init (&ctx->callers_mutex);
  ctx->callers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) eoc_caller_free);
  ctx->shutdown = g_cancellable_new ();
  return ctx;
}

/* Everything but the store, which the caller owns. */
static void
context_free (EocContext *ctx)
{
  g_free (ctx->data_dir);
  g_free (ctx->apply_command);
  g_clear_pointer (&ctx->events, eoc_events_free);
  g_hash_table_unref (ctx->callers);
  g_mutex_clear (&ctx->callers_mutex);
  g_free (ctx->local_token_hash);
  g_free (ctx->local_user);
  g_clear_object (&ctx->shutdown);
  g_free (ctx);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EocContext, context_free)

static int
user_command (EocStore  *store,
              char     **args)
{
  g_autoptr(GError) error = NULL;
  const char *verb = args[1];

  if (g_strcmp0 (verb, "add") == 0 && args[2] != NULL && args[3] == NULL)
    {
      g_autofree char *name = eoc_name_validate (args[2], &error);
      g_autofree char *token = NULL;
      g_autofree char *hash = NULL;
      EocRole role;

      if (name == NULL)
        {
          g_printerr ("eoc-server: %s\n", error->message);
          return 1;
        }
      if (role_name == NULL || !eoc_role_from_string (role_name, &role))
        {
          g_printerr ("eoc-server: give the user's role with --role admin, operator or viewer\n");
          return 2;
        }

      token = eoc_new_token ();
      hash = eoc_token_hash (token);
      if (!eoc_store_add_user (store, name, role, hash, &error))
        {
          g_printerr ("eoc-server: %s\n", error->message);
          return 1;
        }

      /* Only the token, so that scripts can take it. */
      g_print ("%s\n", token);
      return 0;
    }

  if (g_strcmp0 (verb, "list") == 0 && args[2] == NULL)
    {
      g_autoptr(JsonArray) users = eoc_store_list_users (store);

      for (guint i = 0; i < json_array_get_length (users); i++)
        {
          JsonObject *user = json_array_get_object_element (users, i);

          g_print ("%-24s %s\n", json_object_get_string_member (user, "name"),
                   json_object_get_string_member (user, "role"));
        }
      return 0;
    }

  if (g_strcmp0 (verb, "remove") == 0 && args[2] != NULL && args[3] == NULL)
    {
      if (!eoc_store_delete_user (store, args[2], &error))
        {
          g_printerr ("eoc-server: %s\n", error->message);
          return 1;
        }
      return 0;
    }

  g_printerr ("Usage: eoc-server --data-dir DIR user add NAME --role admin|operator|viewer\n"
              "       eoc-server --data-dir DIR user list\n"
              "       eoc-server --data-dir DIR user remove NAME\n");
  return 2;
}

/* "When the data directory is new": users may have been added already, environments not. */
static gboolean
has_environments (EocStore *store)
{
  g_autoptr(JsonArray) environments = eoc_store_list_environments (store);

  return json_array_get_length (environments) > 0;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocStore) store = NULL;
  /* Freed after the server, before the store. */
  g_autoptr(EocContext) ctx = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(EocServer) server = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *url = NULL;
  gint64 deadline;

  setlocale (LC_ALL, "");
  umask (077);

  options = g_option_context_new ("[user add NAME --role ROLE | user list | user remove NAME]");
  g_option_context_set_summary (options, "The Env Ops Center service.");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("eoc-server: %s\n", error->message);
      return 2;
    }

  if (show_version)
    {
      g_print ("eoc-server %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (n_threads < 0 || n_threads > EOC_SERVER_MAX_THREADS)
    {
      g_printerr ("eoc-server: --threads takes a number from 1 to %d (0: one a processor)\n",
                  EOC_SERVER_MAX_THREADS);
      return 2;
    }

  if (data_dir == NULL)
    {
      g_printerr ("eoc-server: say where the data lives with --data-dir DIR\n");
      return 2;
    }

  if (!prepare_data_dir (&error))
    {
      g_printerr ("eoc-server: %s\n", error->message);
      return 1;
    }

  db_path = g_build_filename (data_dir, "eoc.db", NULL);
  store = eoc_store_open (db_path, &error);
  if (store == NULL)
    {
      g_printerr ("eoc-server: %s\n", error->message);
      return 1;
    }

  if (argc > 1)
    {
      if (g_strcmp0 (argv[1], "user") == 0)
        return user_command (store, argv + 1);
      g_printerr ("eoc-server: unknown command “%s”\n", argv[1]);
      return 2;
    }

  if (tls_certificate != NULL || tls_key != NULL)
    {
      if (tls_certificate == NULL || tls_key == NULL)
        {
          g_printerr ("eoc-server: TLS needs both --tls-certificate and --tls-key\n");
          return 2;
        }
      certificate = g_tls_certificate_new_from_files (tls_certificate, tls_key, &error);
      if (certificate == NULL)
        {
          g_printerr ("eoc-server: %s\n", error->message);
          return 1;
        }
    }

  ctx = context_new (store);
  ctx->events = eoc_events_new ();

  if (local_user != NULL)
    {
      const char *token = g_getenv ("EOC_LOCAL_TOKEN");

      if (token == NULL || *token == '\0')
        {
          g_printerr ("eoc-server: --local-user needs the token in $EOC_LOCAL_TOKEN\n");
          return 2;
        }
      ctx->local_user = g_strdup (local_user);
      ctx->local_token_hash = eoc_token_hash (token);
      g_unsetenv ("EOC_LOCAL_TOKEN");
    }
  eoc_context_reload_callers (ctx);

  eoc_engine_recover (ctx);

  if (demo && !has_environments (store) && !eoc_demo_populate (ctx, &error))
    {
      g_printerr ("eoc-server: could not add the sample environments: %s\n", error->message);
      return 1;
    }

  server = eoc_server_new (ctx, certificate, (guint) n_threads);
  if (!eoc_server_listen (server, listen_address, insecure, &error))
    {
      g_printerr ("eoc-server: cannot listen on %s: %s\n", listen_address, error->message);
      return 1;
    }

  /* Stopping is possible from the moment anyone is told where to connect. */
  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);

  url = eoc_server_get_url (server);
  g_print ("Listening on %s\n", url);
  fflush (stdout);

  g_main_loop_run (loop);

  /* Stop cleanly: end running operations (they are recorded as failed), then close. */
  g_message ("Stopping");
  g_cancellable_cancel (ctx->shutdown);
  eoc_server_shutdown (server);
  deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  while ((g_atomic_int_get (&ctx->running_operations) > 0 || eoc_server_is_busy (server)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (10 * 1000);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* A worker still running past the deadline uses the context: leave it, and
   * the server, to the end of the process. */
  if (g_atomic_int_get (&ctx->running_operations) > 0 || eoc_server_is_busy (server))
    {
      g_message ("Stopping with work still running");
      g_steal_pointer (&server);
      g_steal_pointer (&ctx);
      return 0;
    }

  /* The threads' last callbacks use the context: they end before it goes,
   * even if the server itself outlives this function's reference. */
  eoc_server_join (server);

  return 0;
}
