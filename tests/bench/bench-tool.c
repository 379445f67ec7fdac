/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-tool: the service's own code, for the benchmarks.
 *
 *   bench-tool validate FILE
 *       Validates FILE as the service validates an upload once it has all
 *       come (eoc_configuration_read_with_sha256: the archive's digest was
 *       computed as the bytes arrived, so it is computed here first, outside
 *       the time), and prints "validate_ms N" and "validate_rss_kib N" (peak
 *       memory above idle).
 *   bench-tool manifest OUT VERSION
 *       Writes a small configuration file at VERSION (its manifest is reused).
 *   bench-tool fill-backups DATABASE ENVIRONMENT_ID COUNT
 *       Adds COUNT available backups to an environment, with the INSERT the
 *       store uses for a backup, in one transaction. Run it while the service
 *       is stopped.
 */

#include "config.h"

#include <stdio.h>
#include <sqlite3.h>

#include "bench-common.h"
#include "eoc-configuration.h"

/* What the service computes from an upload's chunks as they are written. */
static char *
file_sha256 (const char *path)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, &error);

  if (mapped == NULL)
    {
      g_printerr ("bench-tool: %s\n", error->message);
      return NULL;
    }
  g_checksum_update (checksum, (const guchar *) g_mapped_file_get_contents (mapped),
                     (gssize) g_mapped_file_get_length (mapped));
  return g_strdup (g_checksum_get_string (checksum));
}

static int
validate (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EocConfiguration) configuration = NULL;
  g_autofree char *sha256 = file_sha256 (path);
  gint64 idle = bench_status_kib ("VmRSS");
  gint64 start = g_get_monotonic_time ();

  if (sha256 == NULL)
    return 1;
  configuration = eoc_configuration_read_with_sha256 (path, NULL, sha256, NULL, &error);
  if (configuration == NULL)
    {
      g_printerr ("bench-tool: %s\n", error->message);
      return 1;
    }
  printf ("validate_ms %.2f\n", (double) (g_get_monotonic_time () - start) / 1000.0);
  printf ("validate_rss_kib %" G_GINT64_FORMAT "\n", bench_status_kib ("VmHWM") - idle);
  printf ("sha256 %s\n", configuration->sha256);
  return 0;
}

static int
manifest (const char *path,
          const char *version)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) settings = json_from_string ("{\"bench\": true}", NULL);
  g_autoptr(EocConfiguration) configuration = eoc_configuration_new (version, settings);
  g_autoptr(GPtrArray) sources =
    g_ptr_array_new_with_free_func ((GDestroyNotify) eoc_configuration_source_free);

  g_ptr_array_add (sources, eoc_configuration_source_new ("README", g_bytes_new_static ("x", 1)));
  configuration->taken_at = g_strdup ("2026-11-22T10:04:05Z");
  if (!eoc_configuration_write (path, configuration, NULL, sources, NULL, &error))
    {
      g_printerr ("bench-tool: %s\n", error->message);
      return 1;
    }
  return 0;
}

static int
fill_backups (const char *database,
              const char *environment_id,
              guint       count)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_open_v2 (database, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    goto failed;
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    goto failed;

  /* The store's insert_backup_locked() and eoc_store_complete_backup(), in one. */
  rc = sqlite3_prepare_v2 (db, "INSERT INTO backups (id, environment_id, name, created_at, creator, "
                               "version, state, origin, operation_id, size, sha256) "
                               "VALUES (?1, ?2, ?3, ?4, 'bench', '2.0.0', 'available', 'manual', "
                               "NULL, ?5, ?6)", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    goto failed;

  for (guint i = 0; i < count; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *name = g_strdup_printf ("Bench backup %06u", i);
      g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, id, -1);

      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, environment_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 4, 1764547200 + i);
      sqlite3_bind_int64 (stmt, 5, 1048576 + i);
      sqlite3_bind_text (stmt, 6, sha, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        goto failed;
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  stmt = NULL;

  if (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    goto failed;
  sqlite3_close (db);
  return 0;

failed:
  g_printerr ("bench-tool: %s\n", db != NULL ? sqlite3_errmsg (db) : "cannot open the database");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return 1;
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "validate"))
    return validate (argv[2]);
  if (argc == 4 && g_str_equal (argv[1], "manifest"))
    return manifest (argv[2], argv[3]);
  if (argc == 5 && g_str_equal (argv[1], "fill-backups"))
    return fill_backups (argv[2], argv[3], (guint) g_ascii_strtoull (argv[4], NULL, 10));

  g_printerr ("Usage: bench-tool validate FILE | manifest OUT VERSION | "
              "fill-backups DATABASE ENVIRONMENT_ID COUNT\n");
  return 2;
}
