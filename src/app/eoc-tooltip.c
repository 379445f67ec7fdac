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

/**
 * eoc_query_tooltip_if_cut_short:
 *
 * Shows the inscription's text as its tooltip when it does not fit. Asked for
 * only when the pointer rests on it, so rows cost nothing for it when bound.
 */
gboolean
eoc_query_tooltip_if_cut_short (GtkInscription *inscription,
                                int             x,
                                int             y,
                                gboolean        keyboard,
                                GtkTooltip     *tooltip)
{
  const char *text = gtk_inscription_get_text (inscription);
  g_autoptr(PangoLayout) layout = NULL;
  int width;

  if (text == NULL || *text == '\0')
    return FALSE;

  /* With its attributes: a line in a smaller font (markup) is measured as drawn. */
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (inscription), text);
  pango_layout_set_attributes (layout, gtk_inscription_get_attributes (inscription));
  pango_layout_get_pixel_size (layout, &width, NULL);
  if (width <= gtk_widget_get_width (GTK_WIDGET (inscription)))
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}
