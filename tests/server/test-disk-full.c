/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A full disk: with the data directory on an 8 MiB tmpfs filled up, writes
 * fail with 507 insufficient_storage, nothing half-written stays, the
 * database stays sound, and reads go on.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <glib/gstdio.h>

#include "test-api-utils.h"
#include "test-guard-utils.h"

static void
run (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);

  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);
}

static void
test_disk_full (void)
{
  const char *const args[] = { "--demo", NULL };
  g_autoptr(EocTestServer) server = eoc_test_server_new (args);
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = g_dir_make_tmp ("eoc-test-saved-XXXXXX", &error);
  g_autofree char *filler = g_build_filename (server->data_dir, "filler", NULL);
  g_autofree char *tmp = g_build_filename (server->data_dir, "tmp", NULL);
  g_autofree char *db = g_build_filename (server->data_dir, "eoc.db", NULL);
  g_autofree char *copy_from = NULL;
  g_autoptr(JsonObject) env = NULL;
  char buffer[65536] = { 0 };
  int fd;

  g_assert_no_error (error);
  g_assert_true (eoc_test_server_stop (server));

  /* The data directory moves onto a small tmpfs. */
  copy_from = g_build_filename (server->data_dir, ".", NULL);
  {
    const char *argv[] = { "cp", "-a", copy_from, saved, NULL };
    run (argv);
  }
  if (mount ("tmpfs", server->data_dir, "tmpfs", 0, "size=8m,mode=0700") != 0)
    {
      g_autofree char *why = g_strdup_printf ("cannot mount a tmpfs here (%s): run as root "
                                              "where mounting is allowed", g_strerror (errno));
      eoc_test_rm_rf (saved);
      g_test_skip (why);
      return;
    }
  {
    g_autofree char *from = g_build_filename (saved, ".", NULL);
    const char *argv[] = { "cp", "-a", from, server->data_dir, NULL };
    run (argv);
  }
  eoc_test_server_restart (server);
  env = api_find_environment (server, "Development");

  /* Fill it up. */
  fd = open (filler, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  g_assert_cmpint (fd, >=, 0);
  while (write (fd, buffer, sizeof buffer) > 0)
    ;
  g_assert_cmpint (errno, ==, ENOSPC);
  while (write (fd, buffer, 512) > 0)
    ;
  close (fd);

  /* Writes: 507 insufficient_storage with a message. */
  {
    g_autoptr(ApiResponse) user = api_json (server, server->admin_token, "POST", "/api/v1/users",
                                            "{\"name\": \"full\", \"role\": \"viewer\"}");
    g_autoptr(GBytes) bytes =
      api_make_configuration (json_object_get_string_member (env, "version"), "{}",
                              (const char *const[]) { "big.bin", "0123456789abcdef0123456789", NULL });
    g_autoptr(ApiResponse) upload = api_upload (server, server->operator_token,
                                                json_object_get_string_member (env, "id"),
                                                "f.zip", bytes);
    g_autoptr(ApiResponse) created = NULL;

    api_expect_error (user, 507, "insufficient_storage");
    api_expect_error (upload, 507, "insufficient_storage");
    created = api_json (server, server->admin_token, "POST", "/api/v1/environments",
                        "{\"name\": \"Full\", \"type\": \"non_production\", \"version\": \"2.1.0\"}");
    api_expect_error (created, 507, "insufficient_storage");
  }

  /* Reads go on; nothing half-written stays. */
  {
    g_autoptr(ApiResponse) list = api_get (server, server->viewer_token, "/api/v1/environments");

    api_expect (list, 200);
    guard_assert_healthy (server);
    g_assert_cmpuint (api_count_files (tmp), ==, 0);
  }

  g_assert_true (eoc_test_server_stop (server));
  {
    g_autofree char *out = NULL;
    const char *argv[] = { "sqlite3", db, "PRAGMA integrity_check;", NULL };
    g_autoptr(GSubprocess) check = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);

    g_assert_no_error (error);
    g_assert_true (g_subprocess_communicate_utf8 (check, NULL, NULL, &out, NULL, &error));
    g_assert_cmpstr (g_strstrip (out), ==, "ok");
  }

  g_unlink (filler);
  g_assert_cmpint (umount2 (server->data_dir, MNT_DETACH), ==, 0);
  eoc_test_rm_rf (saved);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/disk-full/writes-refused", test_disk_full);
  return g_test_run ();
}
