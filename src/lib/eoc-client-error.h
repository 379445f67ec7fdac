/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-client-error.h: the errors of EocClient, in one domain.
 *
 * Every failure of a request to the service is reported in EOC_CLIENT_ERROR,
 * with a message a user can act on (what happened, and what to do), except
 * cancellation, which stays G_IO_ERROR_CANCELLED so that callers can drop it
 * quietly, and problems with a local file (reading an upload, writing a
 * download), which stay in G_IO_ERROR with GIO's message naming the file.
 *
 * The facts behind an error: EOC_CLIENT_ERROR is an extended error domain
 * (G_DEFINE_EXTENDED_ERROR): each GError of it carries, next to its message,
 * the HTTP status, the service's error code and the service's "details"
 * object. They travel with the GError itself (through GTask,
 * g_propagate_error() and g_error_copy()) and are freed with it, so nothing
 * is kept on the side and nothing can get out of step. Read them with the
 * accessors below, such as eoc_client_error_parse_versions() for a version
 * mismatch. The same facts are also written into the message.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * EOC_CLIENT_ERROR:
 *
 * The error domain of EocClient.
 */
#define EOC_CLIENT_ERROR (eoc_client_error_quark ())

/**
 * EocClientError:
 * @EOC_CLIENT_ERROR_CANNOT_CONNECT: the service could not be reached, or the
 *   connection was lost
 * @EOC_CLIENT_ERROR_TIMED_OUT: the service did not answer in time
 * @EOC_CLIENT_ERROR_UNAUTHORIZED: the token is missing, wrong or revoked
 *   (service code "unauthorized")
 * @EOC_CLIENT_ERROR_FORBIDDEN: the user's role may not do this ("forbidden";
 *   detail "required_role")
 * @EOC_CLIENT_ERROR_NOT_FOUND: no such environment, backup, upload or
 *   operation ("not_found")
 * @EOC_CLIENT_ERROR_NAME_TAKEN: the name is already used ("name_taken";
 *   detail "name")
 * @EOC_CLIENT_ERROR_VERSION_MISMATCH: the configuration is for another
 *   version than the environment's ("version_mismatch"; details
 *   "environment_version" and "configuration_version", see
 *   eoc_client_error_parse_versions())
 * @EOC_CLIENT_ERROR_OPERATION_IN_PROGRESS: another operation is running on
 *   the environment ("operation_in_progress"; details "operation_id", "kind")
 * @EOC_CLIENT_ERROR_INVALID_CONFIGURATION: the file is not a valid
 *   configuration file ("invalid_configuration"; detail "reason", see
 *   eoc_client_error_dup_reason())
 * @EOC_CLIENT_ERROR_INVALID_STATE: the environment or backup is not in a state
 *   that allows this, such as starting a production environment
 *   ("invalid_state")
 * @EOC_CLIENT_ERROR_INVALID_INPUT: a value was refused: a bad name, an
 *   unknown or older version, a malformed request ("bad_request",
 *   "invalid_name", "invalid_version")
 * @EOC_CLIENT_ERROR_TOO_LARGE: the file is larger than the service accepts
 *   ("too_large"; detail "limit", see eoc_client_error_get_limit())
 * @EOC_CLIENT_ERROR_BACKUP_CORRUPT: the stored backup is damaged
 *   ("backup_corrupt")
 * @EOC_CLIENT_ERROR_INSUFFICIENT_STORAGE: the service's disk is full
 *   ("insufficient_storage")
 * @EOC_CLIENT_ERROR_SERVER_ERROR: the service failed ("internal_error", or
 *   any 5xx status)
 * @EOC_CLIENT_ERROR_INVALID_RESPONSE: the answer could not be understood, or
 *   a downloaded file did not match its announced SHA-256
 *
 * Error codes of %EOC_CLIENT_ERROR.
 */
typedef enum {
  EOC_CLIENT_ERROR_CANNOT_CONNECT,
  EOC_CLIENT_ERROR_TIMED_OUT,
  EOC_CLIENT_ERROR_UNAUTHORIZED,
  EOC_CLIENT_ERROR_FORBIDDEN,
  EOC_CLIENT_ERROR_NOT_FOUND,
  EOC_CLIENT_ERROR_NAME_TAKEN,
  EOC_CLIENT_ERROR_VERSION_MISMATCH,
  EOC_CLIENT_ERROR_OPERATION_IN_PROGRESS,
  EOC_CLIENT_ERROR_INVALID_CONFIGURATION,
  EOC_CLIENT_ERROR_INVALID_STATE,
  EOC_CLIENT_ERROR_INVALID_INPUT,
  EOC_CLIENT_ERROR_TOO_LARGE,
  EOC_CLIENT_ERROR_BACKUP_CORRUPT,
  EOC_CLIENT_ERROR_INSUFFICIENT_STORAGE,
  EOC_CLIENT_ERROR_SERVER_ERROR,
  EOC_CLIENT_ERROR_INVALID_RESPONSE,
} EocClientError;

GQuark      eoc_client_error_quark            (void);

guint       eoc_client_error_get_http_status  (const GError  *error);
const char *eoc_client_error_get_service_code (const GError  *error);
char       *eoc_client_error_dup_detail       (const GError  *error,
                                               const char    *name);
gboolean    eoc_client_error_parse_versions   (const GError  *error,
                                               char         **environment_version,
                                               char         **configuration_version);
char       *eoc_client_error_dup_reason       (const GError  *error);
guint64     eoc_client_error_get_limit        (const GError  *error);

G_END_DECLS
