/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-driver.c: runs a fuzz target once over each file given, or each file
 * of each directory given, so the normal build's test suite replays the
 * committed corpora (the seeds and every input that once crashed) without
 * libFuzzer.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <gio/gio.h>

#include "fuzz-common.h"

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static void
run_file (const char *path,
          guint      *count)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_printerr ("%s\n", error->message);
      exit (EXIT_FAILURE);
    }
  /* A copy of exactly @length bytes, so that a read past the end is caught. */
  {
    g_autofree uint8_t *copy = g_memdup2 (contents, length);

    LLVMFuzzerTestOneInput (copy, length);
  }
  (*count)++;
}

static void
run_dir (const char *path,
         guint      *count)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      exit (EXIT_FAILURE);
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, compare_strings);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);

      if (g_file_test (file, G_FILE_TEST_IS_REGULAR))
        run_file (file, count);
    }
}

int
main (int   argc,
      char *argv[])
{
  guint count = 0;

  if (argc < 2)
    {
      g_printerr ("Usage: %s FILE-OR-DIRECTORY...\n", argv[0]);
      return EXIT_FAILURE;
    }

  for (int i = 1; i < argc; i++)
    {
      if (g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        run_dir (argv[i], &count);
      else
        run_file (argv[i], &count);
    }

  if (count == 0)
    {
      g_printerr ("No inputs found\n");
      return EXIT_FAILURE;
    }
  g_print ("%u inputs ran\n", count);
  return EXIT_SUCCESS;
}
