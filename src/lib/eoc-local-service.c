/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-local-service.c: the private eoc-server behind the app's default mode.
 *
 * The service runs as a child of the app on 127.0.0.1 with a port the kernel
 * picks, keeps its data in the user's data directory, and knows one admin: the
 * user, with a token made up for this run and handed over in the child's
 * environment, so that no token is ever written to disk. The child dies with
 * the app: it is stopped with SIGTERM when the app quits, and the kernel sends
 * it SIGTERM too should the app die without quitting.
 */

#define G_LOG_DOMAIN "eoc-local-service"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "eoc-local-service.h"

#define START_TIMEOUT_SECONDS 10
#define TOKEN_BYTES 32
#define LISTENING_PREFIX "Listening on "

struct _EocLocalService {
  GObject           parent_instance;

  gboolean          demo;
  char             *uri;
  char             *token;

  GSubprocess      *process;
  GDataInputStream *output;
  GCancellable     *cancellable;   /* the child's lifetime: output and exit watch */
  GTask            *start_task;    /* while starting */
  char             *last_line;     /* of its output, while starting */
  GCancellable     *start_cancellable;
  gulong            start_cancelled_id;
  guint             start_timeout_id;
  gboolean          timed_out;
  gboolean          stopping;
  gboolean          stop_requested;  /* while preparing, before there is a process */
};

G_DEFINE_FINAL_TYPE (EocLocalService, eoc_local_service, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DEMO,
  PROP_URI,
  PROP_TOKEN,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  EXITED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void read_startup_line (EocLocalService *self);

static const char *
server_binary (void)
{
  const char *path = g_getenv ("EOC_SERVER");

  if (path != NULL && *path != '\0')
    return path;
  return BINDIR "/eoc-server";
}

static char *
data_directory (void)
{
  return g_build_filename (g_get_user_data_dir (), "env-ops-center", "local", NULL);
}

/* Runs in the child between fork and exec: only async-signal-safe calls. */
static void
child_setup (gpointer user_data)
{
  pid_t parent = (pid_t) GPOINTER_TO_INT (user_data);

  prctl (PR_SET_PDEATHSIG, SIGTERM);
  /* The parent may have died before prctl(): then nobody would stop us. */
  if (getppid () != parent)
    _exit (1);
}

static gboolean
fill_random (guint8  *buffer,
             gsize    length,
             GError **error)
{
  gsize done = 0;

  while (done < length)
    {
      ssize_t n = getrandom (buffer + done, length - done, 0);

      if (n < 0)
        {
          int saved = errno;

          if (saved == EINTR)
            continue;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not make up a token for the local service: %s"),
                       g_strerror (saved));
          return FALSE;
        }
      done += (gsize) n;
    }

  return TRUE;
}

typedef struct {
  char *data_dir;
  char *token;
} Prepared;

static void
prepared_free (Prepared *prepared)
{
  g_free (prepared->data_dir);
  if (prepared->token != NULL)
    explicit_bzero (prepared->token, strlen (prepared->token));
  g_free (prepared->token);
  g_free (prepared);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Prepared, prepared_free)

/* In a worker thread: the file system and the random source may block. */
static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  g_autoptr(Prepared) prepared = g_new0 (Prepared, 1);
  guint8 bytes[TOKEN_BYTES];
  GString *token;

  prepared->data_dir = data_directory ();
  if (g_mkdir_with_parents (prepared->data_dir, 0700) != 0)
    {
      int saved = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("Could not create the local service’s folder %s: %s"),
                               prepared->data_dir, g_strerror (saved));
      return;
    }
  /* It may have been made earlier with looser permissions. */
  if (g_chmod (prepared->data_dir, 0700) != 0)
    g_debug ("Could not restrict %s: %s", prepared->data_dir, g_strerror (errno));

  {
    GError *error = NULL;

    if (!fill_random (bytes, sizeof bytes, &error))
      {
        g_task_return_error (task, error);
        return;
      }
  }

  token = g_string_sized_new (TOKEN_BYTES * 2);
  for (guint i = 0; i < TOKEN_BYTES; i++)
    g_string_append_printf (token, "%02x", bytes[i]);
  explicit_bzero (bytes, sizeof bytes);
  prepared->token = g_string_free (token, FALSE);

  g_task_return_pointer (task, g_steal_pointer (&prepared), (GDestroyNotify) prepared_free);
}

static void
set_running_state (EocLocalService *self,
                   const char      *uri,
                   const char      *token)
{
  gboolean was_running = eoc_local_service_get_running (self);

  if (g_strcmp0 (self->uri, uri) != 0)
    {
      g_free (self->uri);
      self->uri = g_strdup (uri);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URI]);
    }
  if (g_strcmp0 (self->token, token) != 0)
    {
      g_free (self->token);
      self->token = g_strdup (token);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);
    }
  if (was_running != eoc_local_service_get_running (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
clear_start_timeout (EocLocalService *self)
{
  g_clear_pointer (&self->last_line, g_free);
  g_clear_handle_id (&self->start_timeout_id, g_source_remove);
  if (self->start_cancellable != NULL)
    g_cancellable_disconnect (self->start_cancellable, self->start_cancelled_id);
  self->start_cancelled_id = 0;
  g_clear_object (&self->start_cancellable);
}

/* Forgets the child (it has exited, or is being killed). */
static void
forget_process (EocLocalService *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->output);
  g_clear_object (&self->process);
  clear_start_timeout (self);
  set_running_state (self, NULL, NULL);
}

static void
fail_start (EocLocalService *self,
            GError          *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->start_task);

  if (self->process != NULL)
    g_subprocess_force_exit (self->process);
  forget_process (self);
  g_task_return_error (task, error);
}

static void
drain_output_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  EocLocalService *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  /* No reference is held: @self is only touched when not cancelled, and
   * dispose cancels. */
  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL,
                                                    &error);
  if (line == NULL)
    return;  /* End of output, cancelled, or broken. */

  g_debug ("eoc-server: %s", line);
  if (self->output == G_DATA_INPUT_STREAM (object))
    g_data_input_stream_read_line_async (self->output, G_PRIORITY_LOW, self->cancellable,
                                         drain_output_cb, self);
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  EocLocalService *self = user_data;
  GSubprocess *process = G_SUBPROCESS (object);
  g_autoptr(GError) error = NULL;
  gboolean expected;

  /* As for the output, no reference is held on @self. */
  if (!g_subprocess_wait_finish (process, result, &error))
    return;  /* Cancelled: we are no longer watching this child. */
  if (self->process != process)
    return;

  expected = self->stopping;
  if (g_subprocess_get_if_exited (process))
    g_debug ("eoc-server exited with status %d", g_subprocess_get_exit_status (process));
  else if (g_subprocess_get_if_signaled (process))
    g_debug ("eoc-server was killed by signal %d", g_subprocess_get_term_sig (process));

  if (self->start_task != NULL)
    {
      /* The startup line reader sees the end of the output and reports it. */
      return;
    }

  forget_process (self);
  if (!expected)
    g_signal_emit (self, signals[EXITED], 0);
}

static void
read_startup_line_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(EocLocalService) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *uri = NULL;
  Prepared *prepared;
  GTask *task;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL,
                                                    &error);

  /* Stopped (or disposed) while starting: the task was already answered. */
  if (self->start_task == NULL || self->output != G_DATA_INPUT_STREAM (object))
    return;

  if (line == NULL)
    {
      if (self->timed_out)
        fail_start (self, g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                       _("The local service did not start within %d seconds"),
                                       START_TIMEOUT_SECONDS));
      else if (error != NULL && g_task_return_error_if_cancelled (self->start_task))
        {
          g_clear_object (&self->start_task);
          if (self->process != NULL)
            g_subprocess_force_exit (self->process);
          forget_process (self);
        }
      else if (error != NULL)
        fail_start (self, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                       _("Could not read from the local service: %s"),
                                       error->message));
      else if (self->last_line != NULL)
        fail_start (self, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                       _("The local service stopped before it was ready: %s"),
                                       self->last_line));
      else
        fail_start (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                               _("The local service stopped before it was ready")));
      return;
    }

  if (!g_str_has_prefix (line, LISTENING_PREFIX))
    {
      /* Its complaints come this way too: the last one says why it failed. */
      g_debug ("eoc-server: %s", line);
      if (*g_strstrip (line) != '\0')
        {
          g_free (self->last_line);
          self->last_line = g_steal_pointer (&line);
        }
      read_startup_line (self);
      return;
    }

  uri = g_strstrip (g_strdup (line + strlen (LISTENING_PREFIX)));
  if (g_str_has_suffix (uri, "/"))
    uri[strlen (uri) - 1] = '\0';
  if (!g_str_has_prefix (uri, "http://") && !g_str_has_prefix (uri, "https://"))
    {
      fail_start (self, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                     _("The local service gave an unexpected address “%s”"),
                                     uri));
      return;
    }

  clear_start_timeout (self);
  task = g_steal_pointer (&self->start_task);
  prepared = g_task_get_task_data (task);
  set_running_state (self, uri, prepared->token);

  /* Keep reading, so that the child never blocks on a full pipe. */
  g_data_input_stream_read_line_async (self->output, G_PRIORITY_LOW, self->cancellable,
                                       drain_output_cb, self);

  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
read_startup_line (EocLocalService *self)
{
  g_data_input_stream_read_line_async (self->output, G_PRIORITY_DEFAULT, self->cancellable,
                                       read_startup_line_cb, g_object_ref (self));
}

static gboolean
start_timeout_cb (gpointer user_data)
{
  EocLocalService *self = user_data;

  self->start_timeout_id = 0;
  self->timed_out = TRUE;
  g_cancellable_cancel (self->cancellable);
  return G_SOURCE_REMOVE;
}

static void
start_cancelled_cb (GCancellable    *cancellable,
                    EocLocalService *self)
{
  /* Runs where the caller cancels (the main thread for the app). */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
prepare_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  EocLocalService *self = EOC_LOCAL_SERVICE (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GError) error = NULL;
  Prepared *prepared;

  prepared = g_task_propagate_pointer (G_TASK (result), &error);
  if (prepared == NULL)
    {
      self->start_task = NULL;
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_set_task_data (task, prepared, (GDestroyNotify) prepared_free);

  if (g_task_return_error_if_cancelled (task))
    {
      self->start_task = NULL;
      return;
    }
  if (self->stop_requested)
    {
      self->start_task = NULL;
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The local service was stopped while starting"));
      return;
    }

  argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (gpointer) server_binary ());
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, prepared->data_dir);
  g_ptr_array_add (argv, (gpointer) "--listen");
  g_ptr_array_add (argv, (gpointer) "127.0.0.1:0");
  g_ptr_array_add (argv, (gpointer) "--local-user");
  g_ptr_array_add (argv, (gpointer) g_get_user_name ());
  if (self->demo)
    g_ptr_array_add (argv, (gpointer) "--demo");
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_setenv (launcher, "EOC_LOCAL_TOKEN", prepared->token, TRUE);
  /* The death signal follows the thread that forks: this is the main thread,
   * which lives as long as the app. */
  g_subprocess_launcher_set_child_setup (launcher, child_setup,
                                         GINT_TO_POINTER ((int) getpid ()), NULL);

  self->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata,
                                                &error);
  if (self->process == NULL)
    {
      self->start_task = NULL;
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("Could not start the local service (%s): %s"),
                               server_binary (), error->message);
      return;
    }

  self->stopping = FALSE;
  self->timed_out = FALSE;
  g_clear_pointer (&self->last_line, g_free);
  self->cancellable = g_cancellable_new ();
  self->output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  g_data_input_stream_set_newline_type (self->output, G_DATA_STREAM_NEWLINE_TYPE_ANY);

  self->start_timeout_id = g_timeout_add_seconds (START_TIMEOUT_SECONDS, start_timeout_cb, self);
  if (g_task_get_cancellable (task) != NULL)
    {
      self->start_cancellable = g_object_ref (g_task_get_cancellable (task));
      self->start_cancelled_id = g_cancellable_connect (self->start_cancellable,
                                                        G_CALLBACK (start_cancelled_cb),
                                                        self, NULL);
    }

  g_subprocess_wait_async (self->process, self->cancellable, wait_cb, self);
  self->start_task = g_steal_pointer (&task);
  read_startup_line (self);
}

/**
 * eoc_local_service_start_async:
 * @self: a #EocLocalService
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the service answers, fails or times out
 * @user_data: data for @callback
 *
 * Starts the private service: `eoc-server` (from the `EOC_SERVER` environment
 * variable if set, else the installed one) on 127.0.0.1 with a free port, its
 * data in `$XDG_DATA_HOME/env-ops-center/local`, and a fresh admin token for
 * the current user. Completes when the service listens, or with an error
 * after 10 seconds.
 */
void
eoc_local_service_start_async (EocLocalService     *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) prepare = NULL;

  g_return_if_fail (EOC_IS_LOCAL_SERVICE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, eoc_local_service_start_async);

  if (self->start_task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("The local service is already starting"));
      return;
    }
  if (self->process != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Marks the start as under way until prepare_cb takes over. */
  self->start_task = task;
  self->stop_requested = FALSE;
  prepare = g_task_new (self, cancellable, prepare_cb, g_steal_pointer (&task));
  g_task_set_source_tag (prepare, prepare_thread);
  g_task_run_in_thread (prepare, prepare_thread);
}

/**
 * eoc_local_service_start_finish:
 * @self: a #EocLocalService
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: %TRUE when the service is listening at #EocLocalService:uri.
 */
gboolean
eoc_local_service_start_finish (EocLocalService  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * eoc_local_service_stop:
 * @self: a #EocLocalService
 *
 * Asks the service to stop (SIGTERM) without waiting for it. Does nothing when
 * it is not running.
 */
void
eoc_local_service_stop (EocLocalService *self)
{
  g_return_if_fail (EOC_IS_LOCAL_SERVICE (self));

  if (self->process == NULL)
    {
      /* Still preparing: it will not go further. */
      if (self->start_task != NULL)
        self->stop_requested = TRUE;
      return;
    }

  self->stopping = TRUE;
  g_subprocess_send_signal (self->process, SIGTERM);

  if (self->start_task != NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->start_task);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The local service was stopped while starting"));
      forget_process (self);
    }
}

static void
stop_wait_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EocLocalService *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!g_subprocess_wait_finish (G_SUBPROCESS (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* This may come before wait_cb: the caller must find the service stopped. */
  if (self->process == G_SUBPROCESS (object))
    forget_process (self);
  g_task_return_boolean (task, TRUE);
}

/**
 * eoc_local_service_stop_async:
 * @self: a #EocLocalService
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the service has exited
 * @user_data: data for @callback
 *
 * Like eoc_local_service_stop(), and completes once the service has exited,
 * so that an app can hold itself until its data is safely closed.
 */
void
eoc_local_service_stop_async (EocLocalService     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSubprocess) process = NULL;

  g_return_if_fail (EOC_IS_LOCAL_SERVICE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, eoc_local_service_stop_async);

  if (self->process == NULL)
    {
      eoc_local_service_stop (self);
      g_task_return_boolean (task, TRUE);
      return;
    }

  process = g_object_ref (self->process);
  eoc_local_service_stop (self);
  g_subprocess_wait_async (process, cancellable, stop_wait_cb, g_steal_pointer (&task));
}

/**
 * eoc_local_service_stop_finish:
 * @self: a #EocLocalService
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: %TRUE once the service has exited.
 */
gboolean
eoc_local_service_stop_finish (EocLocalService  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * eoc_local_service_get_uri:
 * @self: a #EocLocalService
 *
 * Returns: (nullable): the service's base URI without a trailing slash, such
 *   as `http://127.0.0.1:40123`, while it runs.
 */
const char *
eoc_local_service_get_uri (EocLocalService *self)
{
  g_return_val_if_fail (EOC_IS_LOCAL_SERVICE (self), NULL);

  return self->uri;
}

/**
 * eoc_local_service_get_token:
 * @self: a #EocLocalService
 *
 * Returns: (nullable): the admin token of this run, while it runs.
 */
const char *
eoc_local_service_get_token (EocLocalService *self)
{
  g_return_val_if_fail (EOC_IS_LOCAL_SERVICE (self), NULL);

  return self->token;
}

/**
 * eoc_local_service_get_running:
 * @self: a #EocLocalService
 *
 * Returns: %TRUE once started, until it exits or is stopped.
 */
gboolean
eoc_local_service_get_running (EocLocalService *self)
{
  g_return_val_if_fail (EOC_IS_LOCAL_SERVICE (self), FALSE);

  return self->uri != NULL;
}

/**
 * eoc_local_service_get_demo:
 * @self: a #EocLocalService
 *
 * Returns: whether the service starts with demonstration data.
 */
gboolean
eoc_local_service_get_demo (EocLocalService *self)
{
  g_return_val_if_fail (EOC_IS_LOCAL_SERVICE (self), FALSE);

  return self->demo;
}

/**
 * eoc_local_service_set_demo:
 * @self: a #EocLocalService
 * @demo: whether to start with demonstration data
 *
 * Takes effect at the next start.
 */
void
eoc_local_service_set_demo (EocLocalService *self,
                            gboolean         demo)
{
  g_return_if_fail (EOC_IS_LOCAL_SERVICE (self));

  demo = !!demo;
  if (self->demo == demo)
    return;
  self->demo = demo;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO]);
}

static void
eoc_local_service_dispose (GObject *object)
{
  EocLocalService *self = EOC_LOCAL_SERVICE (object);

  eoc_local_service_stop (self);
  forget_process (self);

  G_OBJECT_CLASS (eoc_local_service_parent_class)->dispose (object);
}

static void
eoc_local_service_finalize (GObject *object)
{
  EocLocalService *self = EOC_LOCAL_SERVICE (object);

  g_free (self->uri);
  g_free (self->last_line);
  if (self->token != NULL)
    explicit_bzero (self->token, strlen (self->token));
  g_free (self->token);

  G_OBJECT_CLASS (eoc_local_service_parent_class)->finalize (object);
}

static void
eoc_local_service_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  EocLocalService *self = EOC_LOCAL_SERVICE (object);

  switch (prop_id)
    {
    case PROP_DEMO:
      g_value_set_boolean (value, self->demo);
      break;
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    case PROP_TOKEN:
      g_value_set_string (value, self->token);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, eoc_local_service_get_running (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_local_service_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  EocLocalService *self = EOC_LOCAL_SERVICE (object);

  switch (prop_id)
    {
    case PROP_DEMO:
      eoc_local_service_set_demo (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_local_service_class_init (EocLocalServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = eoc_local_service_dispose;
  object_class->finalize = eoc_local_service_finalize;
  object_class->get_property = eoc_local_service_get_property;
  object_class->set_property = eoc_local_service_set_property;

  /**
   * EocLocalService:demo:
   *
   * Whether the service starts with demonstration data (`--demo`).
   */
  properties[PROP_DEMO] =
    g_param_spec_boolean ("demo", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocLocalService:uri:
   *
   * The base URI of the running service, or %NULL.
   */
  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocLocalService:token:
   *
   * The admin token of the running service, or %NULL. It lives only in memory.
   */
  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocLocalService:running:
   *
   * Whether the service is up.
   */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EocLocalService::exited:
   * @self: the #EocLocalService
   *
   * The service exited without being asked to (it crashed or was killed).
   */
  signals[EXITED] =
    g_signal_new ("exited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
eoc_local_service_init (EocLocalService *self)
{
}

/**
 * eoc_local_service_new:
 *
 * Returns: (transfer full): a stopped local service.
 */
EocLocalService *
eoc_local_service_new (void)
{
  return g_object_new (EOC_TYPE_LOCAL_SERVICE, NULL);
}
