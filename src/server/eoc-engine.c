/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "eoc-engine"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "eoc-engine.h"
#include "eoc-json.h"

typedef struct {
  EocContext *ctx;
  char       *operation_id;
  char       *environment_id;
  char       *kind;
  char       *user;
  char       *environment_name;
  char       *environment_type;
  char       *environment_version;
  char       *backup_id;       /* backup: the one being made; restore: the one restored */
  char       *backup_name;
  char       *backup_sha256;
  char       *backup_version;
  char       *upload_id;
  char       *upload_filename;
  char       *upload_sha256;
  char       *version;         /* update: the new version */
  gboolean    safety_backup;
  gboolean    start;
} Run;

static void
run_free (Run *run)
{
  g_free (run->operation_id);
  g_free (run->environment_id);
  g_free (run->kind);
  g_free (run->user);
  g_free (run->environment_name);
  g_free (run->environment_type);
  g_free (run->environment_version);
  g_free (run->backup_id);
  g_free (run->backup_name);
  g_free (run->backup_sha256);
  g_free (run->backup_version);
  g_free (run->upload_id);
  g_free (run->upload_filename);
  g_free (run->upload_sha256);
  g_free (run->version);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

char *
eoc_engine_backup_path (EocContext *ctx,
                        const char *backup_id)
{
  g_autofree char *name = g_strconcat (backup_id, ".zip", NULL);

  return eoc_context_path (ctx, "backups", name, NULL);
}

char *
eoc_engine_upload_path (EocContext *ctx,
                        const char *upload_id)
{
  g_autofree char *name = g_strconcat (upload_id, ".zip", NULL);

  return eoc_context_path (ctx, "uploads", name, NULL);
}

char *
eoc_engine_configuration_path (EocContext *ctx,
                               const char *environment_id,
                               GError    **error)
{
  g_autofree char *file = NULL;

  if (!eoc_store_get_configuration (ctx->store, environment_id, &file, NULL, error))
    return NULL;
  return eoc_context_path (ctx, "environments", environment_id, file, NULL);
}

/* Announcements. */

static void
emit_environment (EocContext *ctx,
                  const char *environment_id)
{
  g_autoptr(JsonObject) env = eoc_store_get_environment (ctx->store, environment_id, NULL);

  if (env != NULL)
    eoc_events_emit (ctx->events, "environment.changed", "environment", env);
}

static void
emit_operation (EocContext *ctx,
                const char *operation_id)
{
  g_autoptr(JsonObject) op = eoc_store_get_operation (ctx->store, operation_id, NULL);

  if (op != NULL)
    eoc_events_emit (ctx->events, "operation.changed", "operation", op);
}

static void
emit_backup (EocContext *ctx,
             const char *type,
             JsonObject *backup)
{
  if (backup != NULL)
    eoc_events_emit (ctx->events, type, "backup", backup);
}

static void
emit_backup_deleted (EocContext *ctx,
                     const char *environment_id,
                     const char *backup_id)
{
  g_autoptr(JsonObject) backup = json_object_new ();

  json_object_set_string_member (backup, "id", backup_id);
  json_object_set_string_member (backup, "environment_id", environment_id);
  eoc_events_emit (ctx->events, "backup.deleted", "backup", backup);
}

static void
emit_last_activity (EocContext *ctx,
                    const char *environment_id)
{
  g_autoptr(JsonObject) activity = eoc_store_last_activity (ctx->store, environment_id);

  if (activity != NULL)
    eoc_events_emit (ctx->events, "activity.added", "activity", activity);
}

static void
progress (Run        *run,
          double      fraction,
          const char *message)
{
  g_autoptr(JsonObject) op =
    eoc_store_set_operation_progress (run->ctx->store, run->operation_id, fraction, message);

  if (op != NULL)
    eoc_events_emit (run->ctx->events, "operation.changed", "operation", op);
}

/* The built-in apply's simulated work: @delay seconds, moving progress from @from to @to. */
static gboolean
wait_delay (Run     *run,
            double   from,
            double   to,
            GError **error)
{
  gint64 total = (gint64) (run->ctx->apply_delay * G_USEC_PER_SEC);
  gint64 start = g_get_monotonic_time ();
  gint64 last_report = start;

  for (;;)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 elapsed = now - start;

      if (g_cancellable_set_error_if_cancelled (run->ctx->shutdown, error))
        return FALSE;
      if (elapsed >= total)
        return TRUE;
      if (now - last_report >= 250 * 1000)
        {
          progress (run, from + (to - from) * (double) elapsed / (double) total, NULL);
          last_report = now;
        }
      g_usleep (MIN (50 * 1000, total - elapsed));
    }
}

/* Hard-links @from to @to (stored files never change), copying where links are impossible. */
static gboolean
link_or_copy (const char   *from,
              const char   *to,
              GCancellable *cancellable,
              GError      **error)
{
  g_autofree char *dir = g_path_get_dirname (to);

  if (link (from, to) != 0)
    {
      g_autofree char *sha256 = NULL;

      if (errno != EXDEV && errno != EPERM && errno != EMLINK)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "Could not store the configuration: %s", g_strerror (saved));
          return FALSE;
        }
      sha256 = eoc_copy_file (from, to, cancellable, error);
      if (sha256 == NULL)
        return FALSE;
    }

  return eoc_fsync_dir (dir, error);
}

/* Writes a backup of the environment's current configuration to backups/ID.zip. */
static gboolean
write_backup (Run         *run,
              const char  *backup_id,
              guint64     *size,
              char       **sha256,
              GError     **error)
{
  EocContext *ctx = run->ctx;
  g_autofree char *current = NULL;
  g_autofree char *tmp_name = g_strconcat (backup_id, ".zip", NULL);
  g_autofree char *tmp = eoc_context_path (ctx, "tmp", tmp_name, NULL);
  g_autofree char *dest = eoc_engine_backup_path (ctx, backup_id);
  g_autoptr(EocConfiguration) manifest = NULL;
  g_autoptr(JsonObject) env = NULL;

  env = eoc_store_get_environment (ctx->store, run->environment_id, error);
  if (env == NULL)
    return FALSE;

  current = eoc_engine_configuration_path (ctx, run->environment_id, error);
  if (current == NULL)
    return FALSE;

  manifest = eoc_configuration_read (current, &ctx->limits, ctx->shutdown, error);
  if (manifest == NULL)
    return FALSE;

  g_free (manifest->environment_version);
  manifest->environment_version = g_strdup (json_object_get_string_member (env, "version"));
  g_free (manifest->taken_at);
  manifest->taken_at = eoc_time_format (eoc_now ());
  g_free (manifest->environment_id);
  manifest->environment_id = g_strdup (run->environment_id);
  g_free (manifest->environment_name);
  manifest->environment_name = g_strdup (json_object_get_string_member (env, "name"));
  g_free (manifest->environment_type);
  manifest->environment_type = g_strdup (json_object_get_string_member (env, "type"));

  if (!eoc_configuration_write (tmp, manifest, current, NULL, ctx->shutdown, error) ||
      !eoc_rename_durable (tmp, dest, error))
    {
      g_unlink (tmp);
      return FALSE;
    }

  *size = manifest->size;
  *sha256 = g_strdup (manifest->sha256);
  return TRUE;
}

/* Makes a backup as part of a running operation: a safety backup before a restore, an
 * import or an update. */
static gboolean
make_backup (Run         *run,
             const char  *name,
             const char  *origin,
             GError     **error)
{
  EocContext *ctx = run->ctx;
  g_autofree char *backup_id = eoc_new_id ();
  g_autofree char *sha256 = NULL;
  g_autofree char *unique = eoc_store_unique_backup_name (ctx->store, run->environment_id, name);
  g_autoptr(JsonObject) backup = NULL;
  g_autoptr(JsonObject) done = NULL;
  g_autoptr(JsonObject) env = eoc_store_get_environment (ctx->store, run->environment_id, error);
  guint64 size = 0;

  if (env == NULL)
    return FALSE;

  backup = eoc_store_add_creating_backup (ctx->store, run->environment_id, backup_id, unique,
                                          run->user, json_object_get_string_member (env, "version"),
                                          origin, run->operation_id, error);
  if (backup == NULL)
    return FALSE;
  emit_backup (ctx, "backup.created", backup);

  if (!write_backup (run, backup_id, &size, &sha256, error) ||
      (done = eoc_store_complete_backup (ctx->store, run->environment_id, backup_id, size, sha256,
                                         error)) == NULL)
    {
      g_autofree char *path = eoc_engine_backup_path (ctx, backup_id);

      g_unlink (path);
      eoc_store_discard_backup (ctx->store, backup_id);
      emit_backup_deleted (ctx, run->environment_id, backup_id);
      return FALSE;
    }

  emit_backup (ctx, "backup.updated", done);
  emit_environment (ctx, run->environment_id);

  {
    g_autofree char *summary = g_strdup_printf ("Created backup “%s”", unique);
    g_autoptr(JsonObject) activity =
      eoc_store_add_activity (ctx->store, run->environment_id, run->user, "backup_created",
                              summary, TRUE);

    if (activity != NULL)
      eoc_events_emit (ctx->events, "activity.added", "activity", activity);
  }
  return TRUE;
}

/* The apply command. */

typedef struct {
  GMainLoop *loop;
  char      *output;
  GError    *error;
  gboolean   done;
  gboolean   timed_out;
} ApplyWait;

static void
communicate_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  ApplyWait *wait = data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &wait->output, NULL,
                                        &wait->error);
  wait->done = TRUE;
  g_main_loop_quit (wait->loop);
}

static gboolean
apply_timeout_cb (gpointer data)
{
  ApplyWait *wait = data;

  wait->timed_out = TRUE;
  g_main_loop_quit (wait->loop);
  return G_SOURCE_REMOVE;
}

static void
shutdown_cb (GCancellable *cancellable,
             gpointer      data)
{
  ApplyWait *wait = data;

  g_main_loop_quit (wait->loop);
}

static gboolean
run_apply_command (Run         *run,
                   const char  *config_path,
                   const char  *version,
                   GError     **error)
{
  EocContext *ctx = run->ctx;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) command = NULL;
  g_autoptr(GSource) timeout = NULL;
  ApplyWait wait = { 0 };
  gulong shutdown_id;
  gboolean ok = FALSE;

  if (!g_shell_parse_argv (ctx->apply_command, NULL, &command, error))
    return FALSE;
  for (guint i = 0; command[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (command[i]));
  g_ptr_array_add (argv, g_strdup (config_path));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_MERGE |
                                        G_SUBPROCESS_FLAGS_STDIN_INHERIT);
  g_subprocess_launcher_setenv (launcher, "EOC_ENVIRONMENT_ID", run->environment_id, TRUE);
  g_subprocess_launcher_setenv (launcher, "EOC_ENVIRONMENT_NAME", run->environment_name, TRUE);
  g_subprocess_launcher_setenv (launcher, "EOC_OPERATION_ID", run->operation_id, TRUE);
  g_subprocess_launcher_setenv (launcher, "EOC_OPERATION_KIND", run->kind, TRUE);
  g_subprocess_launcher_setenv (launcher, "EOC_CONFIGURATION", config_path, TRUE);
  g_subprocess_launcher_setenv (launcher, "EOC_VERSION", version, TRUE);
  g_subprocess_launcher_set_cwd (launcher, ctx->data_dir);

  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, error);
  if (process == NULL)
    return FALSE;

  g_main_context_push_thread_default (context);
  wait.loop = g_main_loop_new (context, FALSE);
  timeout = g_timeout_source_new_seconds (ctx->apply_timeout);
  g_source_set_callback (timeout, apply_timeout_cb, &wait, NULL);
  g_source_attach (timeout, context);
  shutdown_id = g_cancellable_connect (ctx->shutdown, G_CALLBACK (shutdown_cb), &wait, NULL);

  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, &wait);
  if (!g_cancellable_is_cancelled (ctx->shutdown))
    g_main_loop_run (wait.loop);

  g_cancellable_disconnect (ctx->shutdown, shutdown_id);
  g_source_destroy (timeout);

  if (!wait.done)
    {
      g_subprocess_force_exit (process);
      /* Let the communication end now that the process is gone. */
      while (!wait.done)
        g_main_context_iteration (context, TRUE);
    }
  g_main_context_pop_thread_default (context);
  g_main_loop_unref (wait.loop);

  if (wait.output != NULL && *wait.output != '\0')
    eoc_store_append_operation_log (ctx->store, run->operation_id, wait.output);

  if (wait.timed_out)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                 "The apply command did not finish within %u seconds and was stopped",
                 ctx->apply_timeout);
  else if (g_cancellable_is_cancelled (ctx->shutdown))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                         "The service was stopped while the configuration was being applied");
  else if (wait.error != NULL)
    g_propagate_error (error, g_steal_pointer (&wait.error));
  else if (!g_subprocess_get_if_exited (process))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                         "The apply command was killed by a signal");
  else if (g_subprocess_get_exit_status (process) != 0)
    {
      g_autofree char *last_line = NULL;

      if (wait.output != NULL)
        {
          g_auto(GStrv) lines = g_strsplit (g_strstrip (wait.output), "\n", -1);
          guint n = g_strv_length (lines);

          if (n > 0)
            last_line = g_strdup (lines[n - 1]);
        }
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "The apply command failed with exit status %d%s%s",
                   g_subprocess_get_exit_status (process),
                   last_line != NULL && *last_line != '\0' ? ": " : "",
                   last_line != NULL ? last_line : "");
    }
  else
    ok = TRUE;

  g_clear_error (&wait.error);
  g_free (wait.output);
  return ok;
}

static gboolean
apply (Run         *run,
       const char  *config_path,
       const char  *version,
       double       from,
       double       to,
       GError     **error)
{
  if (run->ctx->apply_command != NULL)
    return run_apply_command (run, config_path, version, error);
  return wait_delay (run, from, to, error);
}

/* Ending. */

static void
finish (Run        *run,
        gboolean    succeeded,
        const char *reason,
        const char *status,
        const char *version,
        const char *config_file,
        const char *config_sha256,
        const char *upload_id,
        const char *action,
        const char *summary)
{
  EocContext *ctx = run->ctx;
  g_autoptr(GError) error = NULL;
  EocOperationEnd end = {
    .operation_id = run->operation_id,
    .succeeded = succeeded,
    .error = reason,
    .status = status,
    .version = version,
    .config_file = config_file,
    .config_sha256 = config_sha256,
    .upload_id = upload_id,
    .action = action,
    .summary = summary,
  };

  if (!eoc_store_end_operation (ctx->store, &end, &error))
    g_warning ("Could not record the end of operation %s: %s", run->operation_id, error->message);

  emit_operation (ctx, run->operation_id);
  emit_environment (ctx, run->environment_id);
  emit_last_activity (ctx, run->environment_id);
}

/* A backup operation succeeded: the backup becomes available in the same
 * transaction that ends the operation, so that a crash can never leave an
 * available backup behind an operation recorded as failed. */
static gboolean
finish_backup (Run         *run,
               guint64      size,
               const char  *sha256,
               const char  *summary,
               GError     **error)
{
  EocContext *ctx = run->ctx;
  g_autoptr(JsonObject) backup = NULL;
  EocOperationEnd end = {
    .operation_id = run->operation_id,
    .succeeded = TRUE,
    .backup_id = run->backup_id,
    .backup_size = size,
    .backup_sha256 = sha256,
    .action = "backup_created",
    .summary = summary,
  };

  if (!eoc_store_end_operation (ctx->store, &end, error))
    return FALSE;

  backup = eoc_store_get_backup (ctx->store, run->environment_id, run->backup_id, NULL);
  emit_backup (ctx, "backup.updated", backup);
  emit_operation (ctx, run->operation_id);
  emit_environment (ctx, run->environment_id);
  emit_last_activity (ctx, run->environment_id);
  return TRUE;
}

static char *
reason_for (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    return g_strdup ("The service ran out of disk space");
  return g_strdup (error->message);
}

static void
run_backup (Run *run)
{
  EocContext *ctx = run->ctx;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *done = g_strdup_printf ("Created backup “%s”", run->backup_name);
  guint64 size = 0;

  progress (run, 0.0, "Creating environment backup");

  if (!wait_delay (run, 0.0, 0.8, &error) ||
      !write_backup (run, run->backup_id, &size, &sha256, &error) ||
      !finish_backup (run, size, sha256, done, &error))
    {
      g_autofree char *path = eoc_engine_backup_path (ctx, run->backup_id);
      g_autofree char *reason = reason_for (error);
      g_autofree char *summary = g_strdup_printf ("Backup “%s” could not be created: %s",
                                                  run->backup_name, reason);

      g_unlink (path);
      eoc_store_discard_backup (ctx->store, run->backup_id);
      emit_backup_deleted (ctx, run->environment_id, run->backup_id);
      finish (run, FALSE, reason, NULL, NULL, NULL, NULL, NULL, "backup_created", summary);
    }
}

static char *
safety_backup_name (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d %H:%M");

  return g_strdup_printf ("Before restore %s", date);
}

/* Restore and import: put @source (a stored, verified file) in place as the configuration. */
static void
run_replace (Run        *run,
             const char *source,
             const char *expected_sha256,
             const char *version,
             const char *action,
             const char *doing,
             const char *done,
             const char *what)
{
  EocContext *ctx = run->ctx;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_path = NULL;
  g_autofree char *new_file = g_strconcat (run->operation_id, ".zip", NULL);
  g_autofree char *new_path = eoc_context_path (ctx, "environments", run->environment_id,
                                                new_file, NULL);
  g_autofree char *sha256 = NULL;
  g_autofree char *message = NULL;
  gboolean placed = FALSE;

  if (run->safety_backup)
    {
      g_autofree char *name = safety_backup_name ();

      progress (run, 0.05, "Backing up the current configuration");
      if (!make_backup (run, name, "manual", &error))
        {
          g_autofree char *reason = g_strdup_printf ("The safety backup could not be made: %s",
                                                     error->message);
          g_autofree char *summary = g_strdup_printf ("Could not restore %s: %s", what, reason);

          finish (run, FALSE, reason, "update_failed", NULL, NULL, NULL, NULL, action, summary);
          return;
        }
    }

  old_path = eoc_engine_configuration_path (ctx, run->environment_id, NULL);
  message = g_strdup_printf ("%s %s", doing, what);
  progress (run, 0.2, message);

  sha256 = eoc_file_sha256 (source, ctx->shutdown, &error);
  if (sha256 != NULL && g_strcmp0 (sha256, expected_sha256) != 0)
    g_set_error (&error, EOC_API_ERROR, EOC_API_ERROR_BACKUP_CORRUPT,
                 "The stored file is damaged (its SHA-256 no longer matches); it was not restored");

  if (error == NULL && link_or_copy (source, new_path, ctx->shutdown, &error))
    placed = TRUE;

  if (error == NULL)
    apply (run, new_path, version, 0.3, 0.95, &error);

  if (error == NULL)
    {
      g_autofree char *summary = g_strdup_printf ("%s %s (version %s)", done, what, version);

      finish (run, TRUE, NULL, "operational", version, new_file, sha256, run->upload_id, action,
              summary);
      if (old_path != NULL && g_strcmp0 (old_path, new_path) != 0)
        g_unlink (old_path);
      if (run->upload_id != NULL)
        {
          g_autofree char *upload = eoc_engine_upload_path (ctx, run->upload_id);
          g_unlink (upload);
        }
    }
  else
    {
      g_autofree char *reason = reason_for (error);
      g_autofree char *summary = g_strdup_printf ("Could not restore %s: %s", what, reason);

      if (placed)
        g_unlink (new_path);
      finish (run, FALSE, reason, "update_failed", NULL, NULL, NULL, NULL, action, summary);
    }
}

static void
run_update (Run *run)
{
  EocContext *ctx = run->ctx;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = g_strdup_printf ("Updating to version %s", run->version);
  g_autofree char *current = NULL;

  if (run->safety_backup)
    {
      g_autofree char *name = g_strdup_printf ("Before update to %s", run->version);

      progress (run, 0.05, "Backing up the current configuration");
      if (!make_backup (run, name, "manual", &error))
        g_prefix_error (&error, "The safety backup could not be made: ");
    }

  if (error == NULL)
    {
      progress (run, 0.2, message);
      current = eoc_engine_configuration_path (ctx, run->environment_id, &error);
    }
  if (current != NULL)
    apply (run, current, run->version, 0.2, 0.95, &error);

  if (error == NULL)
    {
      g_autofree char *summary = g_strdup_printf ("Updated from version %s to %s",
                                                  run->environment_version, run->version);

      finish (run, TRUE, NULL, "operational", run->version, NULL, NULL, NULL,
              "environment_updated", summary);
    }
  else
    {
      g_autofree char *reason = reason_for (error);
      g_autofree char *summary = g_strdup_printf ("Could not update to version %s: %s",
                                                  run->version, reason);

      finish (run, FALSE, reason, "update_failed", NULL, NULL, NULL, NULL,
              "environment_updated", summary);
    }
}

static void
run_power (Run *run)
{
  g_autoptr(GError) error = NULL;

  if (wait_delay (run, 0.0, 0.95, &error))
    finish (run, TRUE, NULL, run->start ? "operational" : "offline", NULL, NULL, NULL, NULL,
            run->start ? "environment_started" : "environment_stopped",
            run->start ? "Started the environment" : "Stopped the environment");
  else
    finish (run, FALSE, error->message, run->start ? "offline" : "operational", NULL, NULL, NULL,
            NULL, run->start ? "environment_started" : "environment_stopped", error->message);
}

static gpointer
run_thread (gpointer data)
{
  g_autoptr(Run) run = data;
  EocContext *ctx = run->ctx;

  if (g_str_equal (run->kind, "backup"))
    run_backup (run);
  else if (g_str_equal (run->kind, "restore"))
    {
      g_autofree char *source = eoc_engine_backup_path (ctx, run->backup_id);
      g_autofree char *what = g_strdup_printf ("backup “%s”", run->backup_name);

      run_replace (run, source, run->backup_sha256, run->backup_version, "backup_restored",
                   "Restoring", "Restored", what);
    }
  else if (g_str_equal (run->kind, "import"))
    {
      g_autofree char *source = eoc_engine_upload_path (ctx, run->upload_id);
      g_autofree char *what = g_strdup_printf ("configuration file “%s”", run->upload_filename);

      run_replace (run, source, run->upload_sha256, run->version, "configuration_imported",
                   "Importing", "Imported", what);
    }
  else if (g_str_equal (run->kind, "update"))
    run_update (run);
  else
    run_power (run);

  g_atomic_int_dec_and_test (&ctx->running_operations);
  return NULL;
}

/* Starting. */

static Run *
run_new (EocContext *ctx,
         JsonObject *env,
         const char *kind,
         const char *user)
{
  Run *run = g_new0 (Run, 1);

  run->ctx = ctx;
  run->environment_id = g_strdup (json_object_get_string_member (env, "id"));
  run->environment_name = g_strdup (json_object_get_string_member (env, "name"));
  run->environment_type = g_strdup (json_object_get_string_member (env, "type"));
  run->environment_version = g_strdup (json_object_get_string_member (env, "version"));
  run->kind = g_strdup (kind);
  run->user = g_strdup (user);
  return run;
}

/* Records the operation, announces it and starts its thread. */
static JsonObject *
launch (Run                *run,
        EocOperationStart  *start,
        JsonObject        **details,
        GError            **error)
{
  EocContext *ctx = run->ctx;
  JsonObject *op;
  GThread *thread;

  start->environment_id = run->environment_id;
  start->kind = run->kind;
  start->user = run->user;

  op = eoc_store_begin_operation (ctx->store, start, details, error);
  if (op == NULL)
    {
      run_free (run);
      return NULL;
    }

  run->operation_id = g_strdup (json_object_get_string_member (op, "id"));
  eoc_events_emit (ctx->events, "operation.changed", "operation", op);
  emit_environment (ctx, run->environment_id);

  g_atomic_int_inc (&ctx->running_operations);
  thread = g_thread_new ("eoc-operation", run_thread, run);
  g_thread_unref (thread);

  return op;
}

char *
eoc_engine_suggest_backup_name (EocContext *ctx,
                                const char *environment_id,
                                const char *prefix)
{
  g_autoptr(JsonObject) env = eoc_store_get_environment (ctx->store, environment_id, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d %H:%M");
  g_autofree char *base = NULL;

  if (env == NULL)
    return NULL;

  base = g_strdup_printf ("%s %s %s", json_object_get_string_member (env, "name"), prefix, date);
  return eoc_store_unique_backup_name (ctx->store, environment_id, base);
}

JsonObject *
eoc_engine_start_backup (EocContext  *ctx,
                         const char  *environment_id,
                         const char  *name,
                         const char  *origin,
                         const char  *user,
                         JsonObject **backup,
                         JsonObject **details,
                         GError     **error)
{
  g_autoptr(JsonObject) env = eoc_store_get_environment (ctx->store, environment_id, error);
  g_autofree char *backup_name = NULL;
  g_autofree char *backup_id = eoc_new_id ();
  EocOperationStart start = { 0 };
  Run *run;
  JsonObject *op;

  if (env == NULL)
    return NULL;

  if (name != NULL)
    backup_name = g_strdup (name);
  else
    backup_name = eoc_engine_suggest_backup_name (ctx, environment_id,
                                                  g_strcmp0 (origin, "scheduled") == 0
                                                    ? "scheduled backup" : "backup");

  run = run_new (ctx, env, "backup", user);
  run->backup_id = g_strdup (backup_id);
  run->backup_name = g_strdup (backup_name);

  start.message = "Creating environment backup";
  start.backup_id = backup_id;
  start.backup_name = backup_name;
  start.backup_origin = origin;
  start.backup_version = json_object_get_string_member (env, "version");

  op = launch (run, &start, details, error);
  if (op == NULL)
    return NULL;

  if (backup != NULL)
    {
      *backup = eoc_store_get_backup (ctx->store, environment_id, backup_id, NULL);
      if (*backup != NULL)
        emit_backup (ctx, "backup.created", *backup);
    }

  return op;
}

gboolean
eoc_engine_check_versions (const char  *environment_version,
                           const char  *configuration_version,
                           JsonObject **details,
                           GError     **error)
{
  if (g_strcmp0 (environment_version, configuration_version) == 0)
    return TRUE;

  if (details != NULL)
    {
      *details = json_object_new ();
      json_object_set_string_member (*details, "environment_version", environment_version);
      json_object_set_string_member (*details, "configuration_version", configuration_version);
    }

  if (eoc_version_compare (configuration_version, environment_version) > 0)
    g_set_error (error, EOC_API_ERROR, EOC_API_ERROR_VERSION_MISMATCH,
                 "The configuration is of version %s but the environment runs version %s; "
                 "update the environment to %s first",
                 configuration_version, environment_version, configuration_version);
  else
    g_set_error (error, EOC_API_ERROR, EOC_API_ERROR_VERSION_MISMATCH,
                 "The configuration is of version %s but the environment runs version %s; "
                 "only a configuration of version %s can be restored",
                 configuration_version, environment_version, environment_version);
  return FALSE;
}

JsonObject *
eoc_engine_start_restore (EocContext  *ctx,
                          const char  *environment_id,
                          const char  *backup_id,
                          gboolean     safety_backup,
                          const char  *user,
                          JsonObject **details,
                          GError     **error)
{
  g_autoptr(JsonObject) env = eoc_store_get_environment (ctx->store, environment_id, error);
  g_autoptr(JsonObject) backup = NULL;
  EocOperationStart start = { 0 };
  g_autofree char *message = NULL;
  Run *run;

  if (env == NULL)
    return NULL;
  backup = eoc_store_get_backup (ctx->store, environment_id, backup_id, error);
  if (backup == NULL)
    return NULL;

  if (g_strcmp0 (json_object_get_string_member (backup, "state"), "available") != 0)
    {
      g_set_error_literal (error, EOC_API_ERROR, EOC_API_ERROR_INVALID_STATE,
                           "This backup is still being created; restore it once it is available");
      return NULL;
    }

  if (!eoc_engine_check_versions (json_object_get_string_member (env, "version"),
                       json_object_get_string_member (backup, "version"), details, error))
    return NULL;

  run = run_new (ctx, env, "restore", user);
  run->backup_id = g_strdup (backup_id);
  run->backup_name = g_strdup (json_object_get_string_member (backup, "name"));
  run->backup_sha256 = g_strdup (json_object_get_string_member (backup, "sha256"));
  run->backup_version = g_strdup (json_object_get_string_member (backup, "version"));
  run->safety_backup = safety_backup;

  message = g_strdup_printf ("Restoring backup “%s”", run->backup_name);
  start.message = message;
  start.status = "updating";
  start.params = NULL;
  return launch (run, &start, details, error);
}

JsonObject *
eoc_engine_start_import (EocContext  *ctx,
                         const char  *environment_id,
                         const char  *upload_id,
                         gboolean     safety_backup,
                         const char  *user,
                         JsonObject **details,
                         GError     **error)
{
  g_autoptr(JsonObject) env = eoc_store_get_environment (ctx->store, environment_id, error);
  g_autoptr(JsonObject) upload = NULL;
  EocOperationStart start = { 0 };
  g_autofree char *message = NULL;
  Run *run;

  if (env == NULL)
    return NULL;
  upload = eoc_store_get_upload (ctx->store, environment_id, upload_id, error);
  if (upload == NULL)
    return NULL;

  if (!eoc_engine_check_versions (json_object_get_string_member (env, "version"),
                       json_object_get_string_member (upload, "version"), details, error))
    return NULL;

  run = run_new (ctx, env, "import", user);
  run->upload_id = g_strdup (upload_id);
  run->upload_filename = g_strdup (json_object_get_string_member (upload, "filename"));
  run->upload_sha256 = g_strdup (json_object_get_string_member (upload, "sha256"));
  run->version = g_strdup (json_object_get_string_member (upload, "version"));
  run->safety_backup = safety_backup;

  message = g_strdup_printf ("Importing configuration file “%s”", run->upload_filename);
  start.message = message;
  start.status = "updating";
  return launch (run, &start, details, error);
}

JsonObject *
eoc_engine_start_update (EocContext  *ctx,
                         const char  *environment_id,
                         const char  *version,
                         gboolean     safety_backup,
                         const char  *user,
                         JsonObject **details,
                         GError     **error)
{
  g_autoptr(JsonObject) env = eoc_store_get_environment (ctx->store, environment_id, error);
  EocOperationStart start = { 0 };
  g_autofree char *message = NULL;
  const char *current;
  Run *run;

  if (env == NULL)
    return NULL;

  if (!eoc_store_has_version (ctx->store, version))
    {
      g_set_error (error, EOC_API_ERROR, EOC_API_ERROR_INVALID_VERSION,
                   "Version %s is not a version this service knows", version);
      return NULL;
    }

  current = json_object_get_string_member (env, "version");
  if (eoc_version_compare (version, current) <= 0)
    {
      g_set_error (error, EOC_API_ERROR, EOC_API_ERROR_INVALID_VERSION,
                   "The environment runs version %s; it can only be updated to a newer version",
                   current);
      return NULL;
    }

  run = run_new (ctx, env, "update", user);
  run->version = g_strdup (version);
  run->safety_backup = safety_backup;

  message = g_strdup_printf ("Updating to version %s", version);
  start.message = message;
  start.status = "updating";
  return launch (run, &start, details, error);
}

JsonObject *
eoc_engine_start_power (EocContext  *ctx,
                        const char  *environment_id,
                        gboolean     start_it,
                        const char  *user,
                        JsonObject **details,
                        GError     **error)
{
  g_autoptr(JsonObject) env = eoc_store_get_environment (ctx->store, environment_id, error);
  EocOperationStart start = { 0 };
  const char *status;
  Run *run;

  if (env == NULL)
    return NULL;

  if (g_strcmp0 (json_object_get_string_member (env, "type"), "production") == 0)
    {
      g_set_error_literal (error, EOC_API_ERROR, EOC_API_ERROR_INVALID_STATE,
                           "Production environments cannot be started or stopped from Env Ops Center");
      return NULL;
    }

  status = json_object_get_string_member (env, "status");
  if (json_object_get_null_member (env, "operation") &&
      g_strcmp0 (status, start_it ? "offline" : "operational") != 0)
    {
      g_set_error (error, EOC_API_ERROR, EOC_API_ERROR_INVALID_STATE,
                   start_it ? "The environment is not offline, so it cannot be started"
                            : "The environment is not operational, so it cannot be stopped");
      return NULL;
    }

  run = run_new (ctx, env, start_it ? "start" : "stop", user);
  run->start = start_it;

  start.message = start_it ? "Starting the environment" : "Stopping the environment";
  start.status = start_it ? "starting" : "stopping";
  return launch (run, &start, details, error);
}

gboolean
eoc_engine_backup_now (EocContext  *ctx,
                       const char  *environment_id,
                       const char  *name,
                       const char  *user,
                       GError     **error)
{
  g_autoptr(JsonObject) env = eoc_store_get_environment (ctx->store, environment_id, error);
  g_autoptr(Run) run = NULL;

  if (env == NULL)
    return FALSE;

  run = run_new (ctx, env, "backup", user);
  return make_backup (run, name, "manual", error);
}

gboolean
eoc_engine_delete_backup (EocContext  *ctx,
                          const char  *environment_id,
                          const char  *backup_id,
                          const char  *user,
                          GError     **error)
{
  g_autofree char *path = eoc_engine_backup_path (ctx, backup_id);

  if (!eoc_store_delete_backup (ctx->store, environment_id, backup_id, user, error))
    return FALSE;

  g_unlink (path);
  emit_backup_deleted (ctx, environment_id, backup_id);
  if (user != NULL)
    emit_last_activity (ctx, environment_id);
  return TRUE;
}

JsonObject *
eoc_engine_create_environment (EocContext  *ctx,
                               const char  *name,
                               const char  *type,
                               const char  *version,
                               const char  *description,
                               JsonNode    *settings,
                               GPtrArray   *files,
                               const char  *user,
                               GError     **error)
{
  g_autofree char *id = eoc_new_id ();
  g_autofree char *dir = eoc_context_path (ctx, "environments", id, NULL);
  g_autofree char *tmp_name = g_strconcat (id, ".zip", NULL);
  g_autofree char *tmp = eoc_context_path (ctx, "tmp", tmp_name, NULL);
  g_autofree char *path = NULL;
  g_autofree char *parent = NULL;
  g_autoptr(JsonNode) empty = NULL;
  g_autoptr(EocConfiguration) configuration = NULL;
  g_autoptr(JsonObject) env = NULL;

  if (settings == NULL)
    {
      empty = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (empty, json_object_new ());
      settings = empty;
    }

  configuration = eoc_configuration_new (version, settings);
  configuration->taken_at = eoc_time_format (eoc_now ());
  configuration->environment_id = g_strdup (id);
  configuration->environment_name = g_strdup (name);
  configuration->environment_type = g_strdup (type);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Could not create %s: %s",
                   dir, g_strerror (saved));
      return NULL;
    }

  path = g_build_filename (dir, "initial.zip", NULL);
  parent = eoc_context_path (ctx, "environments", NULL);
  /* The new folder's own entry in environments/ is durable too before the row points into it. */
  if (!eoc_configuration_write (tmp, configuration, NULL, files, ctx->shutdown, error) ||
      !eoc_rename_durable (tmp, path, error) ||
      !eoc_fsync_dir (parent, error))
    {
      g_unlink (tmp);
      g_rmdir (dir);
      return NULL;
    }

  env = eoc_store_create_environment (ctx->store, id, name, type, version, description,
                                      "initial.zip", configuration->sha256, user, error);
  if (env == NULL)
    {
      g_unlink (path);
      g_rmdir (dir);
      return NULL;
    }

  eoc_events_emit (ctx->events, "environment.changed", "environment", env);
  emit_last_activity (ctx, id);
  return g_steal_pointer (&env);
}

/* Recovery. */

static void
remove_unlisted (const char *dir,
                 GHashTable *keep)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  if (listing == NULL)
    return;

  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (keep == NULL || !g_hash_table_contains (keep, name))
        {
          g_debug ("Removing %s: nothing points at it", path);
          g_unlink (path);
        }
    }
}

static GHashTable *
names_of (GPtrArray  *ids,
          const char *suffix)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < ids->len; i++)
    g_hash_table_add (names, g_strconcat (g_ptr_array_index (ids, i), suffix, NULL));
  return names;
}

void
eoc_engine_recover (EocContext *ctx)
{
  g_autoptr(JsonArray) failed = NULL;
  g_autofree char *tmp = eoc_context_path (ctx, "tmp", NULL);
  g_autofree char *backups_dir = eoc_context_path (ctx, "backups", NULL);
  g_autofree char *uploads_dir = eoc_context_path (ctx, "uploads", NULL);
  g_autofree char *environments_dir = eoc_context_path (ctx, "environments", NULL);
  g_autoptr(GPtrArray) backup_ids = NULL;
  g_autoptr(GPtrArray) upload_ids = NULL;
  g_autoptr(GPtrArray) configs = NULL;
  g_autoptr(GHashTable) keep_backups = NULL;
  g_autoptr(GHashTable) keep_uploads = NULL;
  g_autoptr(GHashTable) keep_configs = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;

  failed = eoc_store_fail_interrupted (ctx->store,
                                       "The service stopped while the operation was running; "
                                       "nothing was changed");
  if (json_array_get_length (failed) > 0)
    g_message ("Marked %u interrupted operations as failed", json_array_get_length (failed));

  /* Files being written when the service stopped. */
  remove_unlisted (tmp, NULL);

  backup_ids = eoc_store_list_backup_ids (ctx->store);
  keep_backups = names_of (backup_ids, ".zip");
  remove_unlisted (backups_dir, keep_backups);

  upload_ids = eoc_store_list_upload_ids (ctx->store);
  keep_uploads = names_of (upload_ids, ".zip");
  remove_unlisted (uploads_dir, keep_uploads);

  configs = eoc_store_list_configuration_files (ctx->store);
  keep_configs = names_of (configs, "");
  listing = g_dir_open (environments_dir, 0, NULL);
  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *dir = g_build_filename (environments_dir, name, NULL);
      g_autoptr(GDir) files = g_dir_open (dir, 0, NULL);
      const char *file;
      guint kept = 0;

      while (files != NULL && (file = g_dir_read_name (files)) != NULL)
        {
          g_autofree char *key = g_build_filename (name, file, NULL);
          g_autofree char *path = g_build_filename (dir, file, NULL);

          if (g_hash_table_contains (keep_configs, key))
            kept++;
          else
            g_unlink (path);
        }
      if (kept == 0)
        g_rmdir (dir);
    }
}
