/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-transfer.c: uploads and downloads of configuration files with
 * EocClient against the real service: streamed (memory does not grow with
 * the file), with progress, cancellable at any moment without leaving
 * anything behind, and checked.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

#include "eoc-client.h"
#include "test-client-utils.h"

#define MIB (1024 * 1024)

typedef struct {
  Fixture   fixture;
  char     *environment_id;
  char     *initial_sha256;   /* the environment's configuration at the start */
} TransferFixture;

static void
set_up (TransferFixture *self,
        gconstpointer    data)
{
  g_autoptr(EocEnvironment) staging = NULL;

  fixture_set_up (&self->fixture, data);
  staging = make_environment (&self->fixture, "Staging", EOC_ENVIRONMENT_TYPE_NON_PRODUCTION,
                              "2.1.0");
  self->environment_id = g_strdup (eoc_environment_get_id (staging));
  self->initial_sha256 = configuration_sha256 (&self->fixture, self->environment_id);
}

static void
tear_down (TransferFixture *self,
           gconstpointer    data)
{
  g_free (self->environment_id);
  g_free (self->initial_sha256);
  fixture_tear_down (&self->fixture);
}

typedef struct {
  guint          calls;
  guint64        done;
  guint64        total;
  guint64        cancel_at;     /* cancel once this much is done (G_MAXUINT64: never) */
  GCancellable  *cancellable;
  gboolean       went_back;     /* done ever decreased */
} Progress;

static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Progress *progress = user_data;

  if (progress->calls > 0 && done < progress->done)
    progress->went_back = TRUE;
  progress->calls++;
  progress->done = done;
  progress->total = total;

  if (progress->cancellable != NULL && done >= progress->cancel_at)
    g_cancellable_cancel (progress->cancellable);
}

static EocUpload *
upload (EocClient     *client,
        const char    *environment_id,
        const char    *path,
        Progress      *progress,
        GCancellable  *cancellable,
        GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);

  eoc_client_upload_configuration_async (client, environment_id, file,
                                         progress != NULL ? progress_cb : NULL, progress, NULL,
                                         cancellable, store_result_cb, &result);
  return eoc_client_upload_configuration_finish (client, wait_result (&result), error);
}

static void
discard (EocClient  *client,
         const char *environment_id,
         EocUpload  *upload_)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  eoc_client_discard_upload_async (client, environment_id, eoc_upload_get_id (upload_), NULL,
                                   store_result_cb, &result);
  g_assert_true (eoc_client_discard_upload_finish (client, wait_result (&result), &error));
  g_assert_no_error (error);
}

/* The service's own folders: nothing left in them is what "nothing changed" means. */
static char *
service_files (TransferFixture *self,
               const char      *folder)
{
  g_autofree char *path = g_build_filename (self->fixture.server->data_dir, folder, NULL);

  return list_dir (path);
}

static void
wait_service_clean (TransferFixture *self)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autofree char *uploads = service_files (self, "uploads");
      g_autofree char *tmp = service_files (self, "tmp");

      if (*uploads == '\0' && *tmp == '\0')
        return;
      if (g_get_monotonic_time () > deadline)
        g_error ("Left on the service: uploads “%s”, tmp “%s”", uploads, tmp);
      g_usleep (50 * 1000);
    }
}

static void
test_upload_and_import (TransferFixture *self,
                        gconstpointer    data)
{
  Fixture *fixture = &self->fixture;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocUpload) uploaded = NULL;
  g_autoptr(EocUpload) again = NULL;
  g_autoptr(EocChanges) changes = NULL;
  g_autoptr(EocOperation) operation = NULL;
  g_autoptr(EocOperation) finished = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *path = g_build_filename (fixture->dir, "staging config.zip", NULL);
  g_autofree char *sha256 = NULL;
  g_autofree char *current = NULL;
  g_autofree char *left = NULL;
  const char *const files[] = { "certs/ca.pem", "-----BEGIN CERTIFICATE-----", NULL };
  Progress progress = { 0, };
  GStatBuf buf;

  write_configuration (path, "2.1.0", "{\"db\":{\"host\":\"db.internal\"}}", files, 3 * MIB);
  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  sha256 = file_sha256 (path);

  uploaded = upload (fixture->operator_, self->environment_id, path, &progress, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (eoc_upload_get_filename (uploaded), ==, "staging config.zip");
  g_assert_cmpint (eoc_upload_get_size (uploaded), ==, buf.st_size);
  g_assert_cmpstr (eoc_upload_get_sha256 (uploaded), ==, sha256);
  g_assert_cmpstr (eoc_upload_get_version (uploaded), ==, "2.1.0");
  g_assert_cmpstr (eoc_upload_get_environment_id (uploaded), ==, self->environment_id);
  g_assert_true (g_date_time_compare (eoc_upload_get_expires_at (uploaded), now) > 0);

  /* The progress bar reached its end. */
  g_assert_cmpuint (progress.calls, >=, 2);
  g_assert_cmpuint (progress.total, ==, (guint64) buf.st_size);
  g_assert_cmpuint (progress.done, ==, progress.total);
  g_assert_false (progress.went_back);

  eoc_client_get_upload_async (fixture->viewer, self->environment_id,
                               eoc_upload_get_id (uploaded), NULL, store_result_cb, &result);
  again = eoc_client_get_upload_finish (fixture->viewer, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (eoc_upload_get_sha256 (again), ==, sha256);

  g_clear_object (&result);
  eoc_client_get_upload_changes_async (fixture->viewer, self->environment_id,
                                       eoc_upload_get_id (uploaded), NULL, store_result_cb,
                                       &result);
  changes = eoc_client_get_upload_changes_finish (fixture->viewer, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (eoc_changes_get_n_added (changes), ==, 3);   /* /db, ca.pem, big.bin */

  g_clear_object (&result);
  eoc_client_import_upload_async (fixture->operator_, self->environment_id,
                                  eoc_upload_get_id (uploaded), FALSE, NULL, store_result_cb,
                                  &result);
  operation = eoc_client_import_upload_finish (fixture->operator_, wait_result (&result), &error);
  g_assert_no_error (error);
  finished = wait_operation (fixture->operator_, eoc_operation_get_id (operation));
  g_assert_cmpint (eoc_operation_get_state (finished), ==, EOC_OPERATION_STATE_SUCCEEDED);

  /* The environment's configuration is now that very file. */
  current = configuration_sha256 (fixture, self->environment_id);
  g_assert_cmpstr (current, ==, sha256);

  /* No temporary file was left beside the download. */
  left = list_dir (fixture->dir);
  g_assert_cmpstr (left, ==, "current.zip staging config.zip");
}

static void
test_upload_refused (TransferFixture *self,
                     gconstpointer    data)
{
  Fixture *fixture = &self->fixture;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocUpload) uploaded = NULL;
  g_autofree char *garbage = g_build_filename (fixture->dir, "notes.txt", NULL);
  g_autofree char *old = g_build_filename (fixture->dir, "old.zip", NULL);
  g_autofree char *empty = g_build_filename (fixture->dir, "empty.zip", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.zip", NULL);
  g_autofree char *reason = NULL;
  g_autofree char *environment_version = NULL;
  g_autofree char *configuration_version = NULL;
  g_autofree char *current = NULL;

  /* Not a configuration file: the service's reason is given. */
  g_assert_true (g_file_set_contents (garbage, "These are not the files you are looking for.", -1,
                                      NULL));
  uploaded = upload (fixture->operator_, self->environment_id, garbage, NULL, NULL, &error);
  g_assert_null (uploaded);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_INVALID_CONFIGURATION);
  reason = eoc_client_error_dup_reason (error);
  g_assert_nonnull (reason);
  g_assert_cmpstr (reason, !=, "");
  g_assert_true (g_str_has_prefix (error->message, "The file is not a valid configuration file: "));
  g_assert_nonnull (strstr (error->message, reason));
  g_clear_error (&error);

  /* For another version: both versions are given. */
  write_configuration (old, "2.0.0", "{}", NULL, 0);
  uploaded = upload (fixture->operator_, self->environment_id, old, NULL, NULL, &error);
  g_assert_null (uploaded);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_VERSION_MISMATCH);
  g_assert_true (eoc_client_error_parse_versions (error, &environment_version,
                                                  &configuration_version));
  g_assert_cmpstr (environment_version, ==, "2.1.0");
  g_assert_cmpstr (configuration_version, ==, "2.0.0");
  g_assert_cmpstr (error->message, ==,
                   "This configuration is for version 2.0.0, but the environment runs version "
                   "2.1.0. Update the environment to version 2.0.0 first, or choose a "
                   "configuration for version 2.1.0.");
  g_clear_error (&error);

  /* A viewer may not upload. */
  uploaded = upload (fixture->viewer, self->environment_id, old, NULL, NULL, &error);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* Local problems stay GIO's, naming the file. */
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  uploaded = upload (fixture->operator_, self->environment_id, empty, NULL, NULL, &error);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_INVALID_CONFIGURATION);
  g_assert_nonnull (strstr (error->message, "“empty.zip” is empty"));
  g_clear_error (&error);

  uploaded = upload (fixture->operator_, self->environment_id, missing, NULL, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  uploaded = upload (fixture->operator_, "no-such-environment", old, NULL, NULL, &error);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Nothing stayed, nothing changed. */
  wait_service_clean (self);
  current = configuration_sha256 (fixture, self->environment_id);
  g_assert_cmpstr (current, ==, self->initial_sha256);
}

static void
test_upload_too_large (TransferFixture *self,
                       gconstpointer    data)
{
  Fixture *fixture = &self->fixture;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocUpload) uploaded = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "big.zip", NULL);
  Progress progress = { 0, };

  /* The service accepts 1 MiB (--max-upload-size); the file is 4 MiB. */
  write_configuration (path, "2.1.0", "{}", NULL, 4 * MIB);
  uploaded = upload (fixture->operator_, self->environment_id, path, &progress, NULL, &error);
  g_assert_null (uploaded);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_TOO_LARGE);
  g_assert_cmpuint (eoc_client_error_get_limit (error), ==, MIB);
  g_assert_cmpstr (error->message, ==,
                   "The file is too large: the service accepts at most 1.0\302\240MB.");
  /* Refused before the body was sent ("Expect: 100-continue"). */
  g_assert_cmpuint (progress.done, ==, 0);

  wait_service_clean (self);
}

static void
test_discard (TransferFixture *self,
              gconstpointer    data)
{
  Fixture *fixture = &self->fixture;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocUpload) uploaded = NULL;
  g_autoptr(EocUpload) gone = NULL;
  g_autoptr(EocOperation) operation = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "a.zip", NULL);
  g_autofree char *stored = NULL;

  write_configuration (path, "2.1.0", "{\"a\":1}", NULL, 0);
  uploaded = upload (fixture->operator_, self->environment_id, path, NULL, NULL, &error);
  g_assert_no_error (error);
  stored = service_files (self, "uploads");
  g_assert_cmpstr (stored, !=, "");

  discard (fixture->operator_, self->environment_id, uploaded);
  wait_service_clean (self);

  eoc_client_get_upload_async (fixture->viewer, self->environment_id,
                               eoc_upload_get_id (uploaded), NULL, store_result_cb, &result);
  gone = eoc_client_get_upload_finish (fixture->viewer, wait_result (&result), &error);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A discarded upload cannot be imported. */
  g_clear_object (&result);
  eoc_client_import_upload_async (fixture->operator_, self->environment_id,
                                  eoc_upload_get_id (uploaded), FALSE, NULL, store_result_cb,
                                  &result);
  operation = eoc_client_import_upload_finish (fixture->operator_, wait_result (&result), &error);
  g_assert_null (operation);
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_NOT_FOUND);
}

static void
check_cancelled_upload (TransferFixture *self,
                        const char      *path,
                        guint64          cancel_at)
{
  Fixture *fixture = &self->fixture;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(EocUpload) uploaded = NULL;
  g_autofree char *current = NULL;
  Progress progress = { 0, };

  progress.cancellable = cancellable;
  progress.cancel_at = cancel_at;
  uploaded = upload (fixture->operator_, self->environment_id, path, &progress, cancellable,
                     &error);
  g_assert_null (uploaded);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (progress.done, >=, cancel_at);

  /* No upload on the service, the configuration unchanged. */
  wait_service_clean (self);
  current = configuration_sha256 (fixture, self->environment_id);
  g_assert_cmpstr (current, ==, self->initial_sha256);
}

static void
test_upload_cancelled (TransferFixture *self,
                       gconstpointer    data)
{
  g_autofree char *path = g_build_filename (self->fixture.dir, "big.zip", NULL);
  GStatBuf buf;

  write_configuration (path, "2.1.0", "{}", NULL, 64 * MIB);
  g_assert_cmpint (g_stat (path, &buf), ==, 0);

  /* Half-way: the transfer stops, the service throws the partial body away. */
  check_cancelled_upload (self, path, 1);
  /* Once all is sent, the service stores it: the client discards it again. */
  check_cancelled_upload (self, path, (guint64) buf.st_size);
}

static void
test_upload_large (TransferFixture *self,
                   gconstpointer    data)
{
  Fixture *fixture = &self->fixture;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocUpload) uploaded = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "large.zip", NULL);
  guint64 rss_before, peak;
  FILE *clear_refs;
  gint64 start;
  Progress progress = { 0, };
  GStatBuf buf;

  write_configuration (path, "2.1.0", "{\"size\":\"large\"}", NULL, 300 * MIB);
  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  g_assert_cmpint (buf.st_size, >, 300 * MIB);

  /* Peak memory from here on: reset the high-water mark. */
  clear_refs = g_fopen ("/proc/self/clear_refs", "w");
  g_assert_nonnull (clear_refs);
  g_assert_cmpint (fputs ("5", clear_refs), >=, 0);
  g_assert_cmpint (fclose (clear_refs), ==, 0);
  rss_before = proc_status_kib ("VmRSS");

  start = g_get_monotonic_time ();
  uploaded = upload (fixture->operator_, self->environment_id, path, &progress, NULL, &error);
  g_assert_no_error (error);
  peak = proc_status_kib ("VmHWM");

  g_test_message ("Uploaded %" G_GINT64_FORMAT " MiB in %.1f s; client memory %" G_GUINT64_FORMAT
                  " KiB before, peak %" G_GUINT64_FORMAT " KiB (growth %" G_GINT64_FORMAT " KiB); "
                  "%u progress reports",
                  (gint64) buf.st_size / MIB,
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC,
                  rss_before, peak, (gint64) peak - (gint64) rss_before, progress.calls);

  g_assert_cmpint (eoc_upload_get_size (uploaded), ==, buf.st_size);
  g_assert_cmpuint (progress.done, ==, (guint64) buf.st_size);
  g_assert_cmpuint (progress.total, ==, (guint64) buf.st_size);
  /* Throttled: not one report per 8 KiB written. */
  g_assert_cmpuint (progress.calls, <, 1000);
  /* Streamed: far below the file's 300 MiB. AddressSanitizer keeps freed
   * memory in quarantine (256 MiB by default), so there the bound is the
   * file's size: still far from holding it twice. */
#ifdef __SANITIZE_ADDRESS__
  g_assert_cmpuint (peak - MIN (peak, rss_before), <, 300 * 1024);
#else
  g_assert_cmpuint (peak - MIN (peak, rss_before), <, 32 * 1024);
#endif

  discard (fixture->operator_, self->environment_id, uploaded);
}

/* Downloads. */

static gboolean
download_backup (EocClient     *client,
                 const char    *environment_id,
                 const char    *backup_id,
                 const char    *path,
                 Progress      *progress,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);

  eoc_client_download_backup_async (client, environment_id, backup_id, file,
                                    progress != NULL ? progress_cb : NULL, progress, NULL,
                                    cancellable, store_result_cb, &result);
  return eoc_client_download_backup_finish (client, wait_result (&result), error);
}

static void
test_download_cancelled_then_retried (TransferFixture *self,
                                      gconstpointer    data)
{
  Fixture *fixture = &self->fixture;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocUpload) imported = NULL;
  g_autoptr(EocBackup) backup = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *source = g_build_filename (fixture->dir, "source.zip", NULL);
  g_autofree char *downloads = g_build_filename (fixture->dir, "downloads", NULL);
  g_autofree char *destination = g_build_filename (downloads, "backup.zip", NULL);
  g_autofree char *content = NULL;
  g_autofree char *left = NULL;
  g_autofree char *sha256 = NULL;
  Progress progress = { 0, };

  write_configuration (source, "2.1.0", "{\"k\":\"v\"}", NULL, 16 * MIB);
  imported = upload_and_import (fixture, self->environment_id, source);
  backup = make_backup (fixture, self->environment_id, "To download");
  g_assert_cmpint (g_mkdir (downloads, 0700), ==, 0);

  /* An older file is in the way; it stays until a download is complete. */
  g_assert_true (g_file_set_contents (destination, "older", -1, NULL));

  progress.cancellable = cancellable;
  progress.cancel_at = 0;
  g_assert_false (download_backup (fixture->viewer, self->environment_id,
                                   eoc_backup_get_id (backup), destination, &progress,
                                   cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  left = list_dir (downloads);
  g_assert_cmpstr (left, ==, "backup.zip");
  g_assert_true (g_file_get_contents (destination, &content, NULL, NULL));
  g_assert_cmpstr (content, ==, "older");
  g_clear_pointer (&left, g_free);

  /* Again, to the end. */
  memset (&progress, 0, sizeof progress);
  g_assert_true (download_backup (fixture->viewer, self->environment_id,
                                  eoc_backup_get_id (backup), destination, &progress, NULL,
                                  &error));
  g_assert_no_error (error);

  left = list_dir (downloads);
  g_assert_cmpstr (left, ==, "backup.zip");
  sha256 = file_sha256 (destination);
  g_assert_cmpstr (sha256, ==, eoc_backup_get_sha256 (backup));
  /* A backup is a configuration file of its own (its manifest says when it
   * was taken), not a copy of the file imported before. */
  g_assert_cmpstr (sha256, !=, eoc_upload_get_sha256 (imported));
  g_assert_cmpuint (progress.done, ==, (guint64) eoc_backup_get_size (backup));
  g_assert_cmpuint (progress.total, ==, (guint64) eoc_backup_get_size (backup));
  g_assert_false (progress.went_back);
}

static void
test_download_refused (TransferFixture *self,
                       gconstpointer    data)
{
  Fixture *fixture = &self->fixture;
  g_autoptr(GError) error = NULL;
  g_autofree char *destination = g_build_filename (fixture->dir, "backup.zip", NULL);
  g_autofree char *nowhere = g_build_filename (fixture->dir, "no", "such", "dir.zip", NULL);
  g_autoptr(EocBackup) backup = make_backup (fixture, self->environment_id, NULL);
  g_autofree char *left = NULL;

  g_assert_false (download_backup (fixture->viewer, self->environment_id, "no-such-backup",
                                   destination, NULL, NULL, &error));
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (download_backup (fixture->viewer, self->environment_id,
                                   eoc_backup_get_id (backup), nowhere, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  left = list_dir (fixture->dir);
  g_assert_cmpstr (left, ==, "current.zip");
}

int
main (int   argc,
      char *argv[])
{
  static const char *const small_uploads[] = { "--max-upload-size", "1048576", NULL };

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, args) \
  g_test_add (path, TransferFixture, args, set_up, func, tear_down)

  ADD ("/transfer/upload-and-import", test_upload_and_import, NULL);
  ADD ("/transfer/upload-refused", test_upload_refused, NULL);
  ADD ("/transfer/upload-too-large", test_upload_too_large, small_uploads);
  ADD ("/transfer/discard", test_discard, NULL);
  ADD ("/transfer/upload-cancelled", test_upload_cancelled, NULL);
  ADD ("/transfer/upload-large", test_upload_large, NULL);
  ADD ("/transfer/download-cancelled-then-retried", test_download_cancelled_then_retried, NULL);
  ADD ("/transfer/download-refused", test_download_refused, NULL);

  return g_test_run ();
}
