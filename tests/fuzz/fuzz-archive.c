/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-archive.c: a configuration file (a ZIP archive) as an upload or an
 * import hands it to eoc_configuration_read(): the bytes are written to a
 * file, read and validated with the service's limits (made small, so that one
 * input stays fast). An archive that reads must also survive what the service
 * does next: written again with its files copied from it, and read back the
 * same.
 */

#include "config.h"

#include <stdlib.h>
#include <glib/gstdio.h>

#include "eoc-configuration.h"

#include "fuzz-common.h"

static char *dir;

static void
remove_dir (void)
{
  g_autofree char *input = g_build_filename (dir, "input.zip", NULL);
  g_autofree char *output = g_build_filename (dir, "output.zip", NULL);

  g_unlink (input);
  g_unlink (output);
  g_rmdir (dir);
}

static void
write_all (const char    *path,
           const uint8_t *data,
           size_t         size)
{
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, (const char *) data, (gssize) size, &error))
    g_error ("%s", error->message);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *input = NULL;
  g_autofree char *output = NULL;
  g_autoptr(EocConfiguration) configuration = NULL;
  g_autoptr(EocConfiguration) again = NULL;
  g_autoptr(GError) error = NULL;
  EocConfigurationLimits limits;

  fuzz_init ();
  if (dir == NULL)
    {
      dir = g_dir_make_tmp ("eoc-fuzz-archive-XXXXXX", NULL);
      g_assert_nonnull (dir);
      atexit (remove_dir);
    }
  input = g_build_filename (dir, "input.zip", NULL);
  output = g_build_filename (dir, "output.zip", NULL);

  eoc_configuration_limits_init (&limits);
  limits.max_entries = 64;
  limits.max_total_size = 4 * 1024 * 1024;
  limits.max_manifest_size = 64 * 1024;

  write_all (input, data, size);
  configuration = eoc_configuration_read (input, &limits, NULL, &error);
  if (configuration == NULL)
    {
      g_assert_true (error->domain == EOC_CONFIGURATION_ERROR);
      return 0;
    }

  g_assert_nonnull (configuration->sha256);
  g_assert_cmpuint (configuration->size, ==, size);

  if (!eoc_configuration_write (output, configuration, input, NULL, NULL, &error))
    g_error ("An archive that reads could not be written again: %s", error->message);
  again = eoc_configuration_read (output, &limits, NULL, &error);
  if (again == NULL)
    g_error ("An archive written from a valid one does not read: %s", error->message);

  g_assert_cmpstr (again->environment_version, ==, configuration->environment_version);
  g_assert_cmpuint (again->files->len, ==, configuration->files->len);
  for (guint i = 0; i < again->files->len; i++)
    {
      EocConfigurationFile *a = g_ptr_array_index (again->files, i);
      EocConfigurationFile *b = g_ptr_array_index (configuration->files, i);

      g_assert_cmpstr (a->path, ==, b->path);
      g_assert_cmpstr (a->sha256, ==, b->sha256);
      g_assert_cmpuint (a->size, ==, b->size);
    }

  return 0;
}
