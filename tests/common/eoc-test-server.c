/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <string.h>
#include <glib/gstdio.h>

#include "eoc-test-server.h"

static const char *
server_binary (void)
{
  const char *path = g_getenv ("EOC_SERVER");

  return path != NULL ? path : EOC_SERVER_BUILDDIR_PATH;
}

char *
eoc_test_server_run_command (EocTestServer     *self,
                             const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  g_ptr_array_add (argv, (gpointer) server_binary ());
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, self->data_dir);
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char *const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  if (!g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error))
    return NULL;
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    return NULL;

  return g_steal_pointer (&out);
}

static char *
add_user (EocTestServer *self,
          const char    *name,
          const char    *role)
{
  const char *args[] = { "user", "add", name, "--role", role, NULL };
  g_autofree char *out = eoc_test_server_run_command (self, args);

  g_assert_nonnull (out);
  return g_strstrip (g_steal_pointer (&out));
}

/* The service dies with the test: a test that aborts must not leave it
 * running, holding the test's output open until meson's timeout. */
static void
die_with_parent_cb (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
start (EocTestServer *self)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  const char *prefix = "Listening on ";

  g_ptr_array_add (argv, g_strdup (server_binary ()));
  g_ptr_array_add (argv, g_strdup ("--data-dir"));
  g_ptr_array_add (argv, g_strdup (self->data_dir));
  g_ptr_array_add (argv, g_strdup ("--listen"));
  g_ptr_array_add (argv, g_strdup_printf ("127.0.0.1:%u", self->port));
  g_ptr_array_add (argv, g_strdup ("--apply-delay"));
  g_ptr_array_add (argv, g_strdup ("0"));
  for (guint i = 0; self->args != NULL && self->args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (self->args[i]));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent_cb, NULL, NULL);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata,
                                                &error);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, prefix));

  g_free (self->url);
  self->url = g_strdup (line + strlen (prefix));
  if (g_str_has_suffix (self->url, "/"))
    self->url[strlen (self->url) - 1] = '\0';

  if (self->port == 0)
    {
      const char *colon = strrchr (self->url, ':');

      g_assert_nonnull (colon);
      self->port = (guint16) g_ascii_strtoull (colon + 1, NULL, 10);
      g_assert_cmpuint (self->port, >, 0);
    }
}

EocTestServer *
eoc_test_server_new (const char *const *extra_args)
{
  g_autoptr(GError) error = NULL;
  EocTestServer *self = g_new0 (EocTestServer, 1);

  self->data_dir = g_dir_make_tmp ("eoc-test-XXXXXX", &error);
  g_assert_no_error (error);
  self->args = g_strdupv ((char **) extra_args);

  self->admin_token = add_user (self, "admin", "admin");
  self->operator_token = add_user (self, "olivia", "operator");
  self->viewer_token = add_user (self, "victor", "viewer");

  start (self);
  return self;
}

static gboolean
wait_process (EocTestServer *self)
{
  g_autoptr(GError) error = NULL;
  gboolean clean;

  g_subprocess_wait (self->process, NULL, &error);
  g_assert_no_error (error);
  clean = g_subprocess_get_if_exited (self->process) &&
          g_subprocess_get_exit_status (self->process) == 0;
  g_clear_object (&self->process);
  return clean;
}

gboolean
eoc_test_server_stop (EocTestServer *self)
{
  if (self->process == NULL)
    return TRUE;
  g_subprocess_send_signal (self->process, SIGTERM);
  return wait_process (self);
}

void
eoc_test_server_kill (EocTestServer *self)
{
  if (self->process == NULL)
    return;
  g_subprocess_force_exit (self->process);
  wait_process (self);
}

void
eoc_test_server_restart (EocTestServer *self)
{
  g_assert_null (self->process);
  start (self);
}

void
eoc_test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            eoc_test_rm_rf (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

void
eoc_test_server_free (EocTestServer *self)
{
  if (self == NULL)
    return;
  eoc_test_server_stop (self);
  eoc_test_rm_rf (self->data_dir);
  g_free (self->data_dir);
  g_free (self->url);
  g_free (self->admin_token);
  g_free (self->operator_token);
  g_free (self->viewer_token);
  g_strfreev (self->args);
  g_free (self);
}
