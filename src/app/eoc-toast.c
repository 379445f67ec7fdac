/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "eoc-toast.h"

AdwToast *
eoc_toast_new (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  return adw_toast_new (escaped);
}

AdwToast *
eoc_toast_new_lasting (const char *text)
{
  AdwToast *toast = eoc_toast_new (text);

  /* Normal priority: libadwaita 1.2 aborts when a toast that a high-priority
   * one pushed back is shown again before it finished hiding. Messages that
   * a later one makes stale are dismissed by whoever knows (the window). */
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_button_label (toast, _("Dismiss"));

  return toast;
}

AdwToast *
eoc_toast_new_error (const char   *what,
                     const GError *error)
{
  g_autofree char *text = NULL;

  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return NULL;

  if (what != NULL && error != NULL)
    /* Translators: what failed, then why: "Could not stop “Staging”: …". */
    text = g_strdup_printf (_("%s: %s"), what, error->message);
  else
    text = g_strdup (what != NULL ? what : error->message);

  return eoc_toast_new_lasting (text);
}
