/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "eoc-tooltip.h"

/**
 * eoc_widget_set_tooltip:
 * @widget: a widget
 * @text: (nullable): its tooltip, or %NULL (or "") for none
 *
 * Like gtk_widget_set_tooltip_text(), but does nothing when @widget already
 * has this tooltip.
 */
void
eoc_widget_set_tooltip (GtkWidget  *widget,
                        const char *text)
{
  const char *current = gtk_widget_get_tooltip_text (widget);

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (current, text) == 0)
    return;

  gtk_widget_set_tooltip_text (widget, text);
}
