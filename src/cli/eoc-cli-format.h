/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-cli-format.h: how eocctl shows things to people: sizes, durations,
 * relative times, aligned tables and the progress bar. Pure functions, so
 * that the tests can check them without a service.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char       *eoc_cli_format_size          (guint64     bytes);
char       *eoc_cli_format_duration      (double      seconds);
char       *eoc_cli_format_relative_time (GDateTime  *time,
                                          GDateTime  *now);
char       *eoc_cli_format_local_time    (GDateTime  *time);
GDateTime  *eoc_cli_parse_time           (const char *iso8601);
gsize       eoc_cli_display_width        (const char *text);

char       *eoc_cli_format_progress_bar  (guint64     done,
                                          guint64     total,
                                          double      bytes_per_second,
                                          guint       width);
char       *eoc_cli_format_progress_line (const char *label,
                                          guint64     done,
                                          guint64     total,
                                          double      bytes_per_second);

typedef struct _EocCliTable EocCliTable;

EocCliTable *eoc_cli_table_new       (const char  *first_header,
                                      ...) G_GNUC_NULL_TERMINATED;
void         eoc_cli_table_add_row   (EocCliTable *self,
                                      const char  *first_cell,
                                      ...) G_GNUC_NULL_TERMINATED;
guint        eoc_cli_table_get_n_rows (EocCliTable *self);
char        *eoc_cli_table_to_string (EocCliTable *self);
void         eoc_cli_table_free      (EocCliTable *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EocCliTable, eoc_cli_table_free)

G_END_DECLS
