/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-toast.h: the app's toasts. Plain text in (it is escaped for the toast's
 * markup); messages that must be read stay until dismissed.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A passing message, gone after a few seconds. */
AdwToast *eoc_toast_new         (const char   *text);
/* A message that must be read: it stays until the user selects Dismiss. */
AdwToast *eoc_toast_new_lasting (const char   *text);
/* A lasting toast for a failure; NULL when @error is a cancellation. */
AdwToast *eoc_toast_new_error   (const char   *what,
                                 const GError *error);

G_END_DECLS
