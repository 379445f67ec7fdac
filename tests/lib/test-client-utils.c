/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>
#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>

#include "test-client-utils.h"

void
fixture_set_up (Fixture           *fixture,
                const char *const *extra_args)
{
  g_autoptr(GError) error = NULL;

  fixture->server = eoc_test_server_new (extra_args);
  fixture->admin = eoc_client_new (fixture->server->url, fixture->server->admin_token);
  fixture->operator_ = eoc_client_new (fixture->server->url, fixture->server->operator_token);
  fixture->viewer = eoc_client_new (fixture->server->url, fixture->server->viewer_token);
  fixture->dir = g_dir_make_tmp ("eoc-client-test-XXXXXX", &error);
  g_assert_no_error (error);
}

void
fixture_tear_down (Fixture *fixture)
{
  g_clear_object (&fixture->admin);
  g_clear_object (&fixture->operator_);
  g_clear_object (&fixture->viewer);
  g_clear_pointer (&fixture->server, eoc_test_server_free);
  eoc_test_rm_rf (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

GAsyncResult *
wait_result (GAsyncResult **slot)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  guint tick = g_timeout_add (50, tick_cb, NULL);

  while (*slot == NULL)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for an answer");
      g_main_context_iteration (NULL, TRUE);
    }

  g_source_remove (tick);
  return *slot;
}

EocEnvironment *
make_environment (Fixture            *fixture,
                  const char         *name,
                  EocEnvironmentType  type,
                  const char         *version)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  EocEnvironment *environment;

  eoc_client_create_environment_async (fixture->admin, name, type, version, "Made by a test", NULL,
                                       store_result_cb, &result);
  environment = eoc_client_create_environment_finish (fixture->admin, wait_result (&result),
                                                      &error);
  g_assert_no_error (error);
  g_assert_nonnull (environment);
  return environment;
}

EocOperation *
wait_operation (EocClient  *client,
                const char *operation_id)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(EocOperation) operation = NULL;

      eoc_client_get_operation_async (client, operation_id, NULL, store_result_cb, &result);
      operation = eoc_client_get_operation_finish (client, wait_result (&result), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (eoc_operation_get_id (operation), ==, operation_id);

      if (eoc_operation_is_finished (operation))
        return g_steal_pointer (&operation);

      if (g_get_monotonic_time () > deadline)
        g_error ("Operation %s did not finish", operation_id);
      g_usleep (20 * 1000);
    }
}

EocBackup *
make_backup (Fixture    *fixture,
             const char *environment_id,
             const char *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocOperation) operation = NULL;
  g_autoptr(EocOperation) finished = NULL;
  g_autoptr(EocBackup) backup = NULL;
  EocBackup *available;

  eoc_client_create_backup_async (fixture->operator_, environment_id, name, NULL, store_result_cb,
                                  &result);
  backup = eoc_client_create_backup_finish (fixture->operator_, wait_result (&result), &operation,
                                            &error);
  g_assert_no_error (error);
  g_assert_nonnull (operation);
  g_assert_cmpint (eoc_operation_get_kind (operation), ==, EOC_OPERATION_KIND_BACKUP);

  finished = wait_operation (fixture->operator_, eoc_operation_get_id (operation));
  g_assert_cmpint (eoc_operation_get_state (finished), ==, EOC_OPERATION_STATE_SUCCEEDED);

  g_clear_object (&result);
  eoc_client_get_backup_async (fixture->operator_, environment_id, eoc_backup_get_id (backup),
                               NULL, store_result_cb, &result);
  available = eoc_client_get_backup_finish (fixture->operator_, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (eoc_backup_get_state (available), ==, EOC_BACKUP_STATE_AVAILABLE);
  return available;
}

static void
check (struct archive *archive,
       int             status)
{
  if (status != ARCHIVE_OK)
    g_error ("libarchive: %s", archive_error_string (archive));
}

static void
add_entry (struct archive *archive,
           const char     *name,
           const void     *data,
           gsize           size)
{
  struct archive_entry *entry = archive_entry_new ();

  archive_entry_set_pathname (entry, name);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_size (entry, (la_int64_t) size);
  check (archive, archive_write_header (archive, entry));
  if (size > 0)
    g_assert_cmpint (archive_write_data (archive, data, size), ==, (la_ssize_t) size);
  archive_entry_free (entry);
}

void
write_configuration (const char        *path,
                     const char        *version,
                     const char        *settings_json,
                     const char *const *files,
                     guint64            big_size)
{
  struct archive *archive = archive_write_new ();
  g_autofree char *manifest = NULL;

  manifest = g_strdup_printf ("{\"format\":\"env-ops-center-configuration\",\"format_version\":1,"
                              "\"environment_version\":\"%s\",\"taken_at\":\"2026-11-22T10:04:05Z\","
                              "\"environment\":{\"id\":\"test\",\"name\":\"Test\","
                              "\"type\":\"non_production\"},\"settings\":%s}",
                              version, settings_json != NULL ? settings_json : "{}");

  check (archive, archive_write_set_format_zip (archive));
  check (archive, archive_write_set_options (archive, "zip:compression=store"));
  check (archive, archive_write_open_filename (archive, path));

  add_entry (archive, "manifest.json", manifest, strlen (manifest));

  for (guint i = 0; files != NULL && files[i] != NULL; i += 2)
    {
      g_autofree char *name = g_strconcat ("files/", files[i], NULL);

      add_entry (archive, name, files[i + 1], strlen (files[i + 1]));
    }

  if (big_size > 0)
    {
      struct archive_entry *entry = archive_entry_new ();
      gsize chunk_size = 1024 * 1024;
      g_autofree guint32 *chunk = g_new (guint32, chunk_size / sizeof (guint32));
      g_autoptr(GRand) rand = g_rand_new_with_seed (42);
      guint64 written = 0;

      for (gsize i = 0; i < chunk_size / sizeof (guint32); i++)
        chunk[i] = g_rand_int (rand);

      archive_entry_set_pathname (entry, "files/big.bin");
      archive_entry_set_filetype (entry, AE_IFREG);
      archive_entry_set_perm (entry, 0644);
      archive_entry_set_size (entry, (la_int64_t) big_size);
      check (archive, archive_write_header (archive, entry));
      while (written < big_size)
        {
          gsize size = (gsize) MIN (chunk_size, big_size - written);

          chunk[0] = (guint32) written;   /* no two chunks alike */
          g_assert_cmpint (archive_write_data (archive, chunk, size), ==, (la_ssize_t) size);
          written += size;
        }
      archive_entry_free (entry);
    }

  check (archive, archive_write_close (archive));
  archive_write_free (archive);
}

EocUpload *
upload_and_import (Fixture    *fixture,
                   const char *environment_id,
                   const char *path)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(EocUpload) upload = NULL;
  g_autoptr(EocOperation) operation = NULL;
  g_autoptr(EocOperation) finished = NULL;

  eoc_client_upload_configuration_async (fixture->operator_, environment_id, file, NULL, NULL,
                                         NULL, NULL, store_result_cb, &result);
  upload = eoc_client_upload_configuration_finish (fixture->operator_, wait_result (&result),
                                                   &error);
  g_assert_no_error (error);

  g_clear_object (&result);
  eoc_client_import_upload_async (fixture->operator_, environment_id, eoc_upload_get_id (upload),
                                  FALSE, NULL, store_result_cb, &result);
  operation = eoc_client_import_upload_finish (fixture->operator_, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (eoc_operation_get_kind (operation), ==, EOC_OPERATION_KIND_IMPORT);

  finished = wait_operation (fixture->operator_, eoc_operation_get_id (operation));
  g_assert_cmpint (eoc_operation_get_state (finished), ==, EOC_OPERATION_STATE_SUCCEEDED);
  return g_steal_pointer (&upload);
}

char *
file_sha256 (const char *path)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) error = NULL;

  mapped = g_mapped_file_new (path, FALSE, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                      (const guchar *) g_mapped_file_get_contents (mapped),
                                      g_mapped_file_get_length (mapped));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

char *
list_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

guint64
proc_status_kib (const char *field)
{
  g_autofree char *status = NULL;
  g_autofree char *prefix = g_strconcat ("\n", field, ":", NULL);
  const char *found;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  found = strstr (status, prefix);
  g_assert_nonnull (found);
  return g_ascii_strtoull (found + strlen (prefix), NULL, 10);
}

char *
configuration_sha256 (Fixture    *fixture,
                      const char *environment_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "current.zip", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  eoc_client_download_configuration_async (fixture->viewer, environment_id, file, NULL, NULL,
                                           NULL, NULL, store_result_cb, &result);
  g_assert_true (eoc_client_download_configuration_finish (fixture->viewer, wait_result (&result),
                                                           &error));
  g_assert_no_error (error);
  return file_sha256 (path);
}
