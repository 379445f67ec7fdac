/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-tooltip.h: setting a tooltip only when it changes.
 *
 * In GTK 4.8, gtk_widget_set_tooltip_text() asks the X server where the
 * pointer is (a round trip, about 0.1 ms to several ms) each time, even with
 * the same text. Widgets updated on every live event (the Overview's values,
 * the relative times, the action buttons) set theirs through this instead:
 * at 1,000 status changes a second those round trips were frames of 70 ms.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void     eoc_widget_set_tooltip          (GtkWidget      *widget,
                                         const char     *text);

/* A GtkWidget::query-tooltip handler for a GtkInscription: its whole text,
 * when the inscription cuts it short. */
gboolean eoc_query_tooltip_if_cut_short (GtkInscription *inscription,
                                         int             x,
                                         int             y,
                                         gboolean        keyboard,
                                         GtkTooltip     *tooltip);

G_END_DECLS
