/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-cli-progress.c: progress, shown on standard error. A transfer gets a
 * bar with bytes, rate and time left on a terminal, and a plain line every
 * tenth otherwise. Waiting for an operation polls it and shows its progress
 * and message, redrawn in place on a terminal, a line per new message
 * otherwise.
 */

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "eoc-cli-format.h"
#include "eoc-cli-private.h"

/* The rate is measured over the last few seconds, not since the start. */
#define RATE_WINDOW_US (5 * G_USEC_PER_SEC)

#define FIRST_POLL_MS 100
#define LAST_POLL_MS 1000

typedef struct {
  gint64  time;
  guint64 done;
} Sample;

struct _EocCliProgress {
  EocCli  *cli;
  char    *label;
  GArray  *samples;
  gboolean drawn;        /* a bar is on the current line */
  int      last_tenth;   /* for plain lines */
};

EocCliProgress *
eoc_cli_progress_new (EocCli     *cli,
                      const char *label)
{
  EocCliProgress *self = g_new0 (EocCliProgress, 1);

  self->cli = cli;
  self->label = g_strdup (label);
  self->samples = g_array_new (FALSE, FALSE, sizeof (Sample));
  self->last_tenth = -1;
  return self;
}

static double
current_rate (EocCliProgress *self,
              gint64          now,
              guint64         done)
{
  Sample sample = { now, done };
  Sample *first;
  guint drop = 0;

  /* A transfer that started again (after a redirect) starts the rate again. */
  if (self->samples->len > 0 &&
      done < g_array_index (self->samples, Sample, self->samples->len - 1).done)
    g_array_set_size (self->samples, 0);

  g_array_append_val (self->samples, sample);
  while (drop + 2 < self->samples->len &&
         g_array_index (self->samples, Sample, drop + 1).time < now - RATE_WINDOW_US)
    drop++;
  if (drop > 0)
    g_array_remove_range (self->samples, 0, drop);

  first = &g_array_index (self->samples, Sample, 0);
  if (now - first->time < G_USEC_PER_SEC / 4 || done <= first->done)
    return 0;
  return (double) (done - first->done) * G_USEC_PER_SEC / (double) (now - first->time);
}

/**
 * eoc_cli_progress_update:
 * @done: bytes so far
 * @total: bytes in all, 0 when unknown
 * @user_data: the #EocCliProgress
 *
 * An #EocProgressFunc.
 */
void
eoc_cli_progress_update (guint64  done,
                         guint64  total,
                         gpointer user_data)
{
  EocCliProgress *self = user_data;
  double rate = current_rate (self, g_get_monotonic_time (), done);

  if (self->cli->finished)
    return;

  self->cli->transferred = done;
  if (self->cli->stderr_is_tty)
    {
      g_autofree char *bar = NULL;

      if (total == 0)
        {
          g_autofree char *size = eoc_cli_format_size (done);

          bar = g_strdup_printf ("%s %s", self->label, size);
        }
      else
        {
          bar = eoc_cli_format_progress_bar (done, total, rate,
                                             eoc_cli_terminal_width () - 1);
        }
      g_printerr ("\r%s\033[K", bar);
      self->drawn = TRUE;
    }
  else if (total > 0)
    {
      int tenth = (int) ((MIN (done, total) * 10) / total);

      /* No line for 0%: the line before says what starts. */
      if (tenth > self->last_tenth && (tenth > 0 || done == total))
        {
          g_autofree char *line = eoc_cli_format_progress_line (self->label, done, total, rate);

          self->last_tenth = tenth;
          g_printerr ("%s\n", line);
        }
    }
}

/**
 * eoc_cli_progress_end:
 * @self: a progress
 *
 * Ends the line of the bar, so that what follows starts on a line of its own.
 */
void
eoc_cli_progress_end (EocCliProgress *self)
{
  if (self->drawn)
    g_printerr ("\n");
  self->drawn = FALSE;
}

void
eoc_cli_progress_free (EocCliProgress *self)
{
  eoc_cli_progress_end (self);
  g_array_unref (self->samples);
  g_free (self->label);
  g_free (self);
}

/* Operations */

static void poll_operation (EocCli *cli);

static void
show_operation (EocCli *cli)
{
  EocOperation *operation = cli->operation;
  const char *message = eoc_operation_get_message (operation);
  gboolean finished = eoc_operation_is_finished (operation);

  if (message == NULL || *message == '\0')
    message = eoc_cli_kind_label (eoc_operation_get_kind (operation));

  if (cli->stderr_is_tty && !cli->opt_json)
    {
      double progress = CLAMP (eoc_operation_get_progress (operation), 0.0, 1.0);
      guint width = eoc_cli_terminal_width () - 1;
      guint bar = 20;
      guint filled = (guint) (progress * bar);
      GString *line = g_string_new ("\r[");

      for (guint i = 0; i < bar; i++)
        g_string_append_c (line, i < filled ? '=' : (i == filled ? '>' : ' '));
      g_string_append_printf (line, "] %3u%%  ", (guint) (progress * 100 + 0.5));

      /* Cut the message to the line, so that \r can redraw it in place. */
      {
        glong room = (glong) width - 30;
        glong length = g_utf8_strlen (message, -1);

        if (room > 1 && length > room)
          {
            g_autofree char *cut = g_utf8_substring (message, 0, room - 1);

            g_string_append_printf (line, "%s…", cut);
          }
        else if (room > 1)
          g_string_append (line, message);
      }
      g_string_append (line, "\033[K");
      g_printerr ("%s", line->str);
      g_string_free (line, TRUE);
      cli->progress_line_shown = TRUE;
      if (finished)
        {
          g_printerr ("\n");
          cli->progress_line_shown = FALSE;
        }
    }
  else if (!finished && g_strcmp0 (message, cli->last_message) != 0)
    {
      g_free (cli->last_message);
      cli->last_message = g_strdup (message);
      eoc_cli_message (cli, "%s…", message);
    }
}

static void
get_operation_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  EocCli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocOperation) operation = NULL;

  operation = eoc_client_get_operation_finish (EOC_CLIENT (source), result, &error);
  if (cli->finished)
    return;
  if (operation == NULL)
    {
      if (cli->progress_line_shown)
        g_printerr ("\n");
      cli->progress_line_shown = FALSE;
      eoc_cli_fail (cli, error);
      return;
    }

  g_set_object (&cli->operation, operation);
  show_operation (cli);

  if (eoc_operation_is_finished (operation))
    {
      EocCliResolvedFunc done = cli->operation_done;

      cli->operation_done = NULL;
      done (cli);
      return;
    }

  cli->poll_interval_ms = MIN (cli->poll_interval_ms * 3 / 2, LAST_POLL_MS);
  poll_operation (cli);
}

static gboolean
poll_cb (gpointer user_data)
{
  EocCli *cli = user_data;

  cli->poll_id = 0;
  eoc_client_get_operation_async (cli->client, eoc_operation_get_id (cli->operation),
                                  cli->cancellable, get_operation_cb, cli);
  return G_SOURCE_REMOVE;
}

static void
poll_operation (EocCli *cli)
{
  g_clear_handle_id (&cli->poll_id, g_source_remove);
  cli->poll_id = g_timeout_add (cli->poll_interval_ms, poll_cb, cli);
}

/**
 * eoc_cli_wait_operation:
 * @cli: the run
 * @operation: an operation just started
 * @done: called once it has finished, with cli->operation as it ended
 *
 * Follows an operation until it ends, showing its progress.
 */
void
eoc_cli_wait_operation (EocCli       *cli,
                        EocOperation *operation,
                        void        (*done) (EocCli *cli))
{
  g_set_object (&cli->operation, operation);
  cli->operation_done = done;
  cli->poll_interval_ms = FIRST_POLL_MS;

  show_operation (cli);
  if (eoc_operation_is_finished (operation))
    {
      cli->operation_done = NULL;
      done (cli);
      return;
    }

  poll_operation (cli);
}

/**
 * eoc_cli_stop_waiting:
 * @cli: the run
 *
 * Stops following the operation, if any.
 */
void
eoc_cli_stop_waiting (EocCli *cli)
{
  g_clear_handle_id (&cli->poll_id, g_source_remove);
  if (cli->progress_line_shown)
    g_printerr ("\n");
  cli->progress_line_shown = FALSE;
}
