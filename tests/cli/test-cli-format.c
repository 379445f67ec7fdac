/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-cli-format.c: what eocctl shows people, without a service: sizes,
 * durations, relative times, tables, the progress bar, and the rules of the
 * configuration file.
 */

#include "config.h"

#include <locale.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "eoc-cli-config.h"
#include "eoc-cli-format.h"
#include "eoc-cli-help.h"

static void
test_size (void)
{
  static const struct { guint64 bytes; const char *text; } cases[] = {
    { 0, "0 bytes" },
    { 1, "1 byte" },
    { 999, "999 bytes" },
    { 1000, "1.0 kB" },
    { 12345678, "12.3 MB" },
    { 999960, "1.0 MB" },
    { G_GUINT64_CONSTANT (8000000000), "8.0 GB" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = eoc_cli_format_size (cases[i].bytes);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_duration (void)
{
  static const struct { double seconds; const char *text; } cases[] = {
    { 0, "0 s" },
    { 4.6, "5 s" },
    { 60, "1 min" },
    { 125, "2 min 5 s" },
    { 3600, "1 h" },
    { 4800, "1 h 20 min" },
    { -3, "0 s" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = eoc_cli_format_duration (cases[i].seconds);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_relative_time (void)
{
  static const struct { gint64 seconds_before; const char *text; } cases[] = {
    { 0, "just now" },
    { 30, "just now" },
    { 60, "1 minute ago" },
    { 5 * 60 + 10, "5 minutes ago" },
    { 59 * 60, "59 minutes ago" },
    { 3600, "1 hour ago" },
    { 5 * 3600, "5 hours ago" },
    { 24 * 3600, "1 day ago" },
    { 3 * 24 * 3600, "3 days ago" },
    { -10 * 60, "in 10 minutes" },
    { -2 * 3600, "in 2 hours" },
  };
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 22, 10, 4, 5);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) then = g_date_time_add_seconds (now, (double) -cases[i].seconds_before);
      g_autofree char *text = eoc_cli_format_relative_time (then, now);

      g_assert_cmpstr (text, ==, cases[i].text);
    }

  /* Further than a month: the date. */
  {
    g_autoptr(GDateTime) then = g_date_time_new_utc (2026, 1, 2, 12, 0, 0);
    g_autofree char *text = eoc_cli_format_relative_time (then, now);

    g_assert_true (g_regex_match_simple ("^2026-01-0[23]$", text, 0, 0));
  }
}

static void
test_table (void)
{
  g_autoptr(EocCliTable) table = eoc_cli_table_new ("NAME", "VERSION", "STATUS", NULL);
  g_autofree char *text = NULL;

  eoc_cli_table_add_row (table, "Production", "2.1.0", "Operational", NULL);
  eoc_cli_table_add_row (table, "QA", "2.0.0", NULL);
  eoc_cli_table_add_row (table, "Évaluation\nbis", "10.0.0", "Offline", NULL);
  g_assert_cmpuint (eoc_cli_table_get_n_rows (table), ==, 3);

  text = eoc_cli_table_to_string (table);
  g_assert_cmpstr (text, ==,
                   "NAME            VERSION  STATUS\n"
                   "Production      2.1.0    Operational\n"
                   "QA              2.0.0\n"
                   "Évaluation bis  10.0.0   Offline\n");
}

static void
test_display_width (void)
{
  g_assert_cmpuint (eoc_cli_display_width ("abc"), ==, 3);
  g_assert_cmpuint (eoc_cli_display_width ("été"), ==, 3);
  g_assert_cmpuint (eoc_cli_display_width ("環境"), ==, 4);
  g_assert_cmpuint (eoc_cli_display_width ("e\xcc\x81"), ==, 1);
}

static void
test_progress (void)
{
  g_autofree char *half = eoc_cli_format_progress_bar (13500000, 27000000, 3100000, 80);
  g_autofree char *start = eoc_cli_format_progress_bar (0, 27000000, 0, 80);
  g_autofree char *done = eoc_cli_format_progress_bar (27000000, 27000000, 3100000, 80);
  g_autofree char *narrow = eoc_cli_format_progress_bar (13500000, 27000000, 3100000, 20);
  g_autofree char *line = eoc_cli_format_progress_line ("Uploaded", 13500000, 27000000, 3100000);

  g_assert_true (g_str_has_prefix (half, "["));
  g_assert_nonnull (strstr (half, " 50%  13.5 MB of 27.0 MB  3.1 MB/s, 4 s left"));
  g_assert_cmpuint (eoc_cli_display_width (half), <=, 80);
  /* Half the bar is filled. */
  {
    const char *end = strchr (half, ']');
    gsize bar = (gsize) (end - half - 1);
    gsize filled = strspn (half + 1, "=");

    g_assert_cmpuint (filled, ==, bar / 2);
  }

  g_assert_nonnull (strstr (start, "  0%  0 bytes of 27.0 MB"));
  g_assert_null (strstr (start, "left"));
  g_assert_nonnull (strstr (done, "100%  27.0 MB of 27.0 MB"));
  g_assert_null (strstr (done, "left"));
  g_assert_true (g_str_has_prefix (done, "[=========="));

  /* A narrow terminal still gets a bar of ten. */
  g_assert_true (g_str_has_prefix (narrow, "[=====>    ] "));

  g_assert_cmpstr (line, ==, "Uploaded 50%  13.5 MB of 27.0 MB  3.1 MB/s, 4 s left");
}

static char *
write_config (const char *dir,
              const char *text,
              int         mode)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "eocctl.conf", NULL);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
  return path;
}

static void
test_config (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("eocctl-config-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *missing = NULL;
  g_autoptr(EocCliConnection) connection = NULL;

  g_assert_no_error (error);
  path = write_config (dir, "[connection]\nurl=http://127.0.0.1:8420\ntoken=eoc_secret\n", 0600);
  missing = g_build_filename (dir, "missing.conf", NULL);

  g_unsetenv ("EOC_SERVER_URL");
  g_unsetenv ("EOC_TOKEN");

  /* From the file. */
  connection = eoc_cli_connection_resolve (NULL, NULL, path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (connection->url, ==, "http://127.0.0.1:8420");
  g_assert_cmpstr (connection->token, ==, "eoc_secret");
  g_clear_pointer (&connection, eoc_cli_connection_free);

  /* The environment wins over the file, the options over both. */
  g_setenv ("EOC_TOKEN", "eoc_from_env", TRUE);
  connection = eoc_cli_connection_resolve (NULL, NULL, path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (connection->url, ==, "http://127.0.0.1:8420");
  g_assert_cmpstr (connection->token, ==, "eoc_from_env");
  g_clear_pointer (&connection, eoc_cli_connection_free);

  connection = eoc_cli_connection_resolve ("https://eoc.example.com", "eoc_option", path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (connection->url, ==, "https://eoc.example.com");
  g_assert_cmpstr (connection->token, ==, "eoc_option");
  g_clear_pointer (&connection, eoc_cli_connection_free);

  /* Readable by others: refused, like ssh, and the message says how to fix it. */
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  connection = eoc_cli_connection_resolve (NULL, NULL, path, &error);
  g_assert_error (error, EOC_CLI_CONFIG_ERROR, EOC_CLI_CONFIG_ERROR_INSECURE);
  g_assert_nonnull (strstr (error->message, "0644"));
  g_assert_nonnull (strstr (error->message, "chmod 600"));
  g_assert_null (connection);
  g_clear_error (&error);

  g_assert_cmpint (g_chmod (path, 0620), ==, 0);
  connection = eoc_cli_connection_resolve (NULL, NULL, path, &error);
  g_assert_error (error, EOC_CLI_CONFIG_ERROR, EOC_CLI_CONFIG_ERROR_INSECURE);
  g_clear_error (&error);

  /* ...but not read at all when it is not needed. */
  connection = eoc_cli_connection_resolve ("http://127.0.0.1:1", NULL, path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&connection, eoc_cli_connection_free);

  /* Nothing anywhere. */
  g_unsetenv ("EOC_TOKEN");
  connection = eoc_cli_connection_resolve (NULL, NULL, missing, &error);
  g_assert_error (error, EOC_CLI_CONFIG_ERROR, EOC_CLI_CONFIG_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "EOC_SERVER_URL"));
  g_clear_error (&error);

  connection = eoc_cli_connection_resolve ("ftp://example.com", "t", missing, &error);
  g_assert_error (error, EOC_CLI_CONFIG_ERROR, EOC_CLI_CONFIG_ERROR_INVALID);
  g_clear_error (&error);

  g_remove (path);
  g_clear_pointer (&path, g_free);
  path = write_config (dir, "not a key file", 0600);
  connection = eoc_cli_connection_resolve (NULL, NULL, path, &error);
  g_assert_error (error, EOC_CLI_CONFIG_ERROR, EOC_CLI_CONFIG_ERROR_INVALID);
  g_clear_error (&error);

  g_remove (path);
  g_rmdir (dir);
}

static void
test_help (void)
{
  g_autofree char *main_help = eoc_cli_help_main ();
  guint n;
  const EocCliCommand *commands = eoc_cli_commands (&n);

  /* Every command is in the main help, and the exit codes are documented. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *own = eoc_cli_help_command (&commands[i]);

      g_assert_nonnull (strstr (main_help, commands[i].name));
      g_assert_true (g_str_has_prefix (own, "Usage: eocctl"));
      g_assert_nonnull (strstr (own, commands[i].name));
      g_assert_true (eoc_cli_command_lookup (commands[i].name) == &commands[i]);
    }
  g_assert_nonnull (strstr (main_help, "Exit status:"));
  g_assert_nonnull (strstr (main_help, "  3   Cannot connect"));
  g_assert_nonnull (strstr (main_help, "EOC_SERVER_URL"));
  g_assert_null (eoc_cli_command_lookup ("frobnicate"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/format/size", test_size);
  g_test_add_func ("/cli/format/duration", test_duration);
  g_test_add_func ("/cli/format/relative-time", test_relative_time);
  g_test_add_func ("/cli/format/table", test_table);
  g_test_add_func ("/cli/format/display-width", test_display_width);
  g_test_add_func ("/cli/format/progress", test_progress);
  g_test_add_func ("/cli/config", test_config);
  g_test_add_func ("/cli/help", test_help);

  return g_test_run ();
}
