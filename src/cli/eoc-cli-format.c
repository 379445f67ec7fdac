/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "eoc-cli-format.h"

/**
 * eoc_cli_format_size:
 * @bytes: a size
 *
 * Formats a size the way people read it, in decimal units with one decimal
 * ("12.3 MB"), and with an ordinary space so that it can be copied and
 * searched.
 *
 * Returns: (transfer full): the text
 */
char *
eoc_cli_format_size (guint64 bytes)
{
  static const char *const units[] = { "kB", "MB", "GB", "TB", "PB", "EB" };
  double value = (double) bytes;
  guint unit = 0;

  if (bytes < 1000)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u byte", "%u bytes", (gulong) bytes),
                            (guint) bytes);

  value /= 1000.0;
  /* Round first, so that 999,960 bytes reads "1.0 MB" and not "1000.0 kB". */
  while (unit + 1 < G_N_ELEMENTS (units) && round (value * 10.0) / 10.0 >= 1000.0)
    {
      value /= 1000.0;
      unit++;
    }

  return g_strdup_printf ("%.1f %s", value, units[unit]);
}

/**
 * eoc_cli_format_duration:
 * @seconds: a duration
 *
 * Formats a duration coarsely, with its two largest units: "5 s",
 * "2 min 5 s", "1 h 20 min".
 *
 * Returns: (transfer full): the text
 */
char *
eoc_cli_format_duration (double seconds)
{
  guint64 total;

  if (!isfinite (seconds) || seconds < 0)
    seconds = 0;
  total = (guint64) (seconds + 0.5);

  if (total < 60)
    return g_strdup_printf (_("%u s"), (guint) total);
  if (total < 3600)
    {
      if (total % 60 == 0)
        return g_strdup_printf (_("%u min"), (guint) (total / 60));
      return g_strdup_printf (_("%u min %u s"), (guint) (total / 60), (guint) (total % 60));
    }
  if ((total % 3600) / 60 == 0)
    return g_strdup_printf (_("%u h"), (guint) (total / 3600));
  return g_strdup_printf (_("%u h %u min"), (guint) (total / 3600), (guint) ((total % 3600) / 60));
}

/**
 * eoc_cli_parse_time:
 * @iso8601: (nullable): a time as the service writes it ("2026-11-22T10:04:05Z")
 *
 * Returns: (transfer full) (nullable): the time, or %NULL when @iso8601 is
 *   %NULL or not a time
 */
GDateTime *
eoc_cli_parse_time (const char *iso8601)
{
  if (iso8601 == NULL || *iso8601 == '\0')
    return NULL;
  return g_date_time_new_from_iso8601 (iso8601, NULL);
}

/**
 * eoc_cli_format_local_time:
 * @time: a time
 *
 * Returns: (transfer full): @time in the local time zone, to the minute
 *   ("2026-11-22 11:04")
 */
char *
eoc_cli_format_local_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  return g_date_time_format (local != NULL ? local : time, "%Y-%m-%d %H:%M");
}

/**
 * eoc_cli_format_relative_time:
 * @time: a time, past or future
 * @now: the current time
 *
 * Formats @time relative to @now: "just now", "5 minutes ago", "in 2 hours",
 * "3 days ago". Times more than a month away are shown as a date.
 *
 * Returns: (transfer full): the text
 */
char *
eoc_cli_format_relative_time (GDateTime *time,
                              GDateTime *now)
{
  GTimeSpan span = g_date_time_difference (now, time);
  gboolean future = span < 0;
  guint64 seconds = (guint64) ABS (span / G_TIME_SPAN_SECOND);
  gulong n;

  if (seconds < 45)
    return g_strdup (future ? _("in a few seconds") : _("just now"));

  if (seconds < 3600)
    {
      n = (gulong) MAX ((seconds + 30) / 60, 1);
      if (n < 60)
        {
          if (future)
            return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %lu minute", "in %lu minutes", n), n);
          return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu minute ago", "%lu minutes ago", n), n);
        }
    }

  if (seconds < 24 * 3600)
    {
      n = (gulong) MAX ((seconds + 1800) / 3600, 1);
      if (n < 24)
        {
          if (future)
            return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %lu hour", "in %lu hours", n), n);
          return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu hour ago", "%lu hours ago", n), n);
        }
    }

  if (seconds < 31 * 24 * 3600)
    {
      n = (gulong) MAX ((seconds + 12 * 3600) / (24 * 3600), 1);
      if (future)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %lu day", "in %lu days", n), n);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu day ago", "%lu days ago", n), n);
    }

  {
    g_autoptr(GDateTime) local = g_date_time_to_local (time);

    return g_date_time_format (local != NULL ? local : time, "%Y-%m-%d");
  }
}

/**
 * eoc_cli_display_width:
 * @text: UTF-8 text
 *
 * Returns: how many terminal columns @text takes: wide characters count two,
 *   combining marks none
 */
gsize
eoc_cli_display_width (const char *text)
{
  gsize width = 0;

  if (!g_utf8_validate (text, -1, NULL))
    return strlen (text);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }

  return width;
}

/* "100%  999.9 MB of 999.9 MB  999.9 MB/s, 59 min 59 s left" */
#define LONGEST_TEXT 56

static char *
progress_text (guint64 done,
               guint64 total,
               double  bytes_per_second)
{
  g_autofree char *done_text = eoc_cli_format_size (done);
  g_autofree char *total_text = eoc_cli_format_size (total);
  GString *text = g_string_new (NULL);
  guint percent = total > 0 ? (guint) MIN ((done * 100) / total, 100) : 100;

  g_string_append_printf (text, "%3u%%  ", percent);
  /* TRANSLATORS: bytes sent so far, and the size of the file: "12.3 MB of 27.0 MB". */
  g_string_append_printf (text, _("%s of %s"), done_text, total_text);

  if (bytes_per_second > 0 && done < total)
    {
      g_autofree char *rate = eoc_cli_format_size ((guint64) bytes_per_second);
      g_autofree char *left = eoc_cli_format_duration ((double) (total - done) / bytes_per_second);

      /* TRANSLATORS: a transfer rate ("3.1 MB/s") and how long the rest will take ("5 s left"). */
      g_string_append (text, "  ");
      g_string_append_printf (text, _("%s/s, %s left"), rate, left);
    }

  return g_string_free (text, FALSE);
}

/**
 * eoc_cli_format_progress_bar:
 * @done: bytes sent so far
 * @total: bytes to send
 * @bytes_per_second: the recent rate, or 0 when not known yet
 * @width: columns available
 *
 * Formats a one-line progress bar for a terminal:
 * "[=========>          ]  45%  12.3 MB of 27.0 MB  3.1 MB/s, 5 s left".
 * The bar takes what the text leaves of @width, within reason.
 *
 * Returns: (transfer full): the line, without a line end
 */
char *
eoc_cli_format_progress_bar (guint64 done,
                             guint64 total,
                             double  bytes_per_second,
                             guint   width)
{
  g_autofree char *text = progress_text (done, total, bytes_per_second);
  GString *line = g_string_new ("[");
  gsize text_width = eoc_cli_display_width (text);
  guint bar = 10;
  guint filled;

  /* The bar keeps its width while the text grows (the rate appears after a
   * moment): it takes what the longest text would leave. */
  if (width > MAX (text_width, LONGEST_TEXT) + 3)
    bar = (guint) CLAMP (width - MAX (text_width, LONGEST_TEXT) - 3, 10, 40);

  filled = total > 0 ? (guint) ((MIN (done, total) * bar) / total) : bar;
  for (guint i = 0; i < bar; i++)
    {
      if (i < filled)
        g_string_append_c (line, '=');
      else if (i == filled)
        g_string_append_c (line, '>');
      else
        g_string_append_c (line, ' ');
    }
  g_string_append (line, "] ");
  g_string_append (line, text);

  return g_string_free (line, FALSE);
}

/**
 * eoc_cli_format_progress_line:
 * @label: what is happening ("Uploaded")
 * @done: bytes sent so far
 * @total: bytes to send
 * @bytes_per_second: the recent rate, or 0 when not known yet
 *
 * The same as eoc_cli_format_progress_bar() without the bar, for logs:
 * "Uploaded 45%  12.3 MB of 27.0 MB  3.1 MB/s, 5 s left".
 *
 * Returns: (transfer full): the line, without a line end
 */
char *
eoc_cli_format_progress_line (const char *label,
                              guint64     done,
                              guint64     total,
                              double      bytes_per_second)
{
  g_autofree char *text = progress_text (done, total, bytes_per_second);

  return g_strdup_printf ("%s %s", label, g_strchug (text));
}

/* Tables */

struct _EocCliTable {
  guint      n_columns;
  GPtrArray *rows;  /* of GStrv, the first one the headers */
};

static GStrv
collect_cells (const char *first,
               va_list     args,
               guint       n_max)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = 0;

  for (const char *cell = first; cell != NULL && (n_max == 0 || n < n_max);
       cell = va_arg (args, const char *), n++)
    g_strv_builder_add (builder, cell);
  for (; n < n_max; n++)
    g_strv_builder_add (builder, "");

  return g_strv_builder_end (builder);
}

/**
 * eoc_cli_table_new:
 * @first_header: the first column's header
 * @...: the other headers, then %NULL
 *
 * Returns: (transfer full): a table with these columns and no rows
 */
EocCliTable *
eoc_cli_table_new (const char *first_header,
                   ...)
{
  EocCliTable *self = g_new0 (EocCliTable, 1);
  va_list args;
  GStrv headers;

  va_start (args, first_header);
  headers = collect_cells (first_header, args, 0);
  va_end (args);

  self->n_columns = g_strv_length (headers);
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_ptr_array_add (self->rows, headers);
  return self;
}

/**
 * eoc_cli_table_add_row:
 * @self: a table
 * @first_cell: (nullable): the first cell
 * @...: the other cells, then %NULL; missing cells are empty
 */
void
eoc_cli_table_add_row (EocCliTable *self,
                       const char  *first_cell,
                       ...)
{
  va_list args;

  va_start (args, first_cell);
  g_ptr_array_add (self->rows, collect_cells (first_cell, args, self->n_columns));
  va_end (args);
}

guint
eoc_cli_table_get_n_rows (EocCliTable *self)
{
  return self->rows->len - 1;
}

/**
 * eoc_cli_table_to_string:
 * @self: a table
 *
 * Lays the table out in columns two spaces apart, each as wide as its widest
 * cell, the headers first. Line ends and tabs in cells become spaces, so
 * that every row stays on one line.
 *
 * Returns: (transfer full): the text, each line ending in a line end
 */
char *
eoc_cli_table_to_string (EocCliTable *self)
{
  g_autofree gsize *widths = g_new0 (gsize, MAX (self->n_columns, 1));
  GString *out = g_string_new (NULL);

  for (guint r = 0; r < self->rows->len; r++)
    {
      GStrv cells = g_ptr_array_index (self->rows, r);

      for (guint c = 0; c < self->n_columns; c++)
        {
          g_strdelimit (cells[c], "\r\n\t", ' ');
          widths[c] = MAX (widths[c], eoc_cli_display_width (cells[c]));
        }
    }

  for (guint r = 0; r < self->rows->len; r++)
    {
      GStrv cells = g_ptr_array_index (self->rows, r);
      gsize line_start = out->len;

      for (guint c = 0; c < self->n_columns; c++)
        {
          g_string_append (out, cells[c]);
          if (c + 1 < self->n_columns)
            {
              gsize pad = widths[c] - eoc_cli_display_width (cells[c]) + 2;

              for (gsize i = 0; i < pad; i++)
                g_string_append_c (out, ' ');
            }
        }

      /* No trailing spaces when the last cells are empty. */
      while (out->len > line_start && out->str[out->len - 1] == ' ')
        g_string_truncate (out, out->len - 1);
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

void
eoc_cli_table_free (EocCliTable *self)
{
  g_ptr_array_unref (self->rows);
  g_free (self);
}
