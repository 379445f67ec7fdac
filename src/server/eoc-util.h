/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-util.h: small pieces the service shares: the API error domain, times,
 * identifiers, tokens, names and durable file writes.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define EOC_API_ERROR (eoc_api_error_quark ())

/* One code per stable API error code; see openapi.yaml. */
typedef enum {
  EOC_API_ERROR_BAD_REQUEST,
  EOC_API_ERROR_INVALID_NAME,
  EOC_API_ERROR_INVALID_VERSION,
  EOC_API_ERROR_INVALID_CONFIGURATION,
  EOC_API_ERROR_UNAUTHORIZED,
  EOC_API_ERROR_FORBIDDEN,
  EOC_API_ERROR_NOT_FOUND,
  EOC_API_ERROR_METHOD_NOT_ALLOWED,
  EOC_API_ERROR_NAME_TAKEN,
  EOC_API_ERROR_VERSION_MISMATCH,
  EOC_API_ERROR_OPERATION_IN_PROGRESS,
  EOC_API_ERROR_INVALID_STATE,
  EOC_API_ERROR_BACKUP_CORRUPT,
  EOC_API_ERROR_TOO_LARGE,
  EOC_API_ERROR_UNSUPPORTED_MEDIA_TYPE,
  EOC_API_ERROR_TOO_MANY_UPLOADS,
  EOC_API_ERROR_INSUFFICIENT_STORAGE,
  EOC_API_ERROR_INTERNAL,
} EocApiError;

GQuark      eoc_api_error_quark        (void);
const char *eoc_api_error_code_string  (EocApiError code);
guint       eoc_api_error_http_status  (EocApiError code);

/* Maps any error (G_IO_ERROR_NO_SPACE, configuration errors...) into EOC_API_ERROR. */
GError     *eoc_api_error_from_error   (const GError *error);

typedef enum {
  EOC_ROLE_VIEWER = 1,
  EOC_ROLE_OPERATOR = 2,
  EOC_ROLE_ADMIN = 3,
} EocRole;

const char *eoc_role_to_string   (EocRole     role);
gboolean    eoc_role_from_string (const char *string,
                                  EocRole    *role);

/* Unix seconds now, and as ISO 8601 UTC ("2026-11-22T10:04:05Z"). */
gint64      eoc_now              (void);
char       *eoc_time_format      (gint64 unix_seconds);
void        eoc_json_set_time    (JsonObject *object,
                                  const char *member,
                                  gint64      unix_seconds);   /* 0 or less: null */

char       *eoc_new_id           (void);
char       *eoc_new_token        (void);
char       *eoc_token_hash       (const char *token);

/* Trims, then checks a user-given name: 1..100 characters of valid UTF-8, no control characters. */
char       *eoc_name_validate    (const char *name,
                                  GError    **error);

/* Compares "1.2.3" versions numerically; FALSE from parse when not of that form. */
gboolean    eoc_version_parse    (const char *version,
                                  guint       parts[3]);
int         eoc_version_compare  (const char *a,
                                  const char *b);

/* Durability: fsync a directory; rename then fsync the destination's directory. */
gboolean    eoc_fsync_dir        (const char *path,
                                  GError    **error);
gboolean    eoc_rename_durable   (const char *from,
                                  const char *to,
                                  GError    **error);
/* Copies @from to @to (streaming), fsyncs it, and returns its SHA-256 (hex). */
char       *eoc_copy_file        (const char   *from,
                                  const char   *to,
                                  GCancellable *cancellable,
                                  GError      **error);
/* SHA-256 (hex) of a file, streaming. */
char       *eoc_file_sha256      (const char   *path,
                                  GCancellable *cancellable,
                                  GError      **error);

/*
 * The JSON object of a request's body (untrusted bytes): UTF-8, nested at most
 * 32 levels, an object; @content_type (NULL when absent) must be
 * application/json. An empty body is an error when @required, else an empty
 * object. Errors are EOC_API_ERROR_BAD_REQUEST or _UNSUPPORTED_MEDIA_TYPE.
 */
JsonObject *eoc_request_body_object (const char  *content_type,
                                     GBytes      *body,
                                     gboolean     required,
                                     GError     **error);

/* A string member: NULL and no error when absent (or null) and optional. */
const char *eoc_json_member_string  (JsonObject  *object,
                                     const char  *member,
                                     gboolean     required,
                                     GError     **error);
/* A boolean member: @fallback when absent or null. */
gboolean    eoc_json_member_boolean (JsonObject  *object,
                                     const char  *member,
                                     gboolean     fallback,
                                     gboolean    *value,
                                     GError     **error);

G_END_DECLS
