/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-common.h: what the benchmark programs share: the time since the
 * driver exec'd them (EOC_BENCH_T0, CLOCK_MONOTONIC microseconds) and the
 * process's memory from /proc.
 */
#pragma once

#include <stdlib.h>
#include <string.h>
#include <glib.h>

G_BEGIN_DECLS

/* Microseconds since EOC_BENCH_T0 (or since @fallback when it is not set). */
static inline double
bench_ms_since_t0 (gint64 fallback)
{
  const char *t0 = g_getenv ("EOC_BENCH_T0");
  gint64 start = t0 != NULL ? g_ascii_strtoll (t0, NULL, 10) : fallback;

  return (double) (g_get_monotonic_time () - start) / 1000.0;
}

/* A field of /proc/self/status (VmRSS, VmHWM), in KiB. */
static inline gint64
bench_status_kib (const char *field)
{
  g_autofree char *text = NULL;
  const char *line;
  size_t n = strlen (field);

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL))
    return -1;
  for (line = text; line != NULL && *line != '\0'; line = strchr (line, '\n'))
    {
      if (*line == '\n')
        line++;
      if (strncmp (line, field, n) == 0 && line[n] == ':')
        return g_ascii_strtoll (line + n + 1, NULL, 10);
    }
  return -1;
}

G_END_DECLS
