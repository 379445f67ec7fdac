/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-client-error-private.h: how EocClient makes its errors. Not for the
 * application.
 */
#pragma once

#include <gio/gio.h>

#include "eoc-client-error.h"

G_BEGIN_DECLS

/* The error for an answer with a status outside 2xx, from its body when it is
 * the service's {"error": {...}} object (@body may be NULL or anything). */
GError *eoc_client_error_new_from_response  (guint         status,
                                             GBytes       *body,
                                             const char   *service);

/* The error for a failure to talk to @service (the base URI, for messages);
 * G_IO_ERROR_CANCELLED is returned as a copy. */
GError *eoc_client_error_new_from_transport (const GError *error,
                                             const char   *service);

/* An answer that could not be understood; @why is said in the message. */
GError *eoc_client_error_new_invalid_response (const char *service,
                                               const char *why);

/* An error of @code found by the client itself (no answer behind it). */
GError *eoc_client_error_new_literal          (EocClientError  code,
                                               const char     *message);

G_END_DECLS
