/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "eoc-server"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "eoc-configuration.h"
#include "eoc-json.h"
#include "eoc-util.h"

G_DEFINE_QUARK (eoc-api-error-quark, eoc_api_error)

static const struct {
  const char *code;
  guint status;
} api_errors[] = {
  [EOC_API_ERROR_BAD_REQUEST] = { "bad_request", 400 },
  [EOC_API_ERROR_INVALID_NAME] = { "invalid_name", 400 },
  [EOC_API_ERROR_INVALID_VERSION] = { "invalid_version", 400 },
  [EOC_API_ERROR_INVALID_CONFIGURATION] = { "invalid_configuration", 400 },
  [EOC_API_ERROR_UNAUTHORIZED] = { "unauthorized", 401 },
  [EOC_API_ERROR_FORBIDDEN] = { "forbidden", 403 },
  [EOC_API_ERROR_NOT_FOUND] = { "not_found", 404 },
  [EOC_API_ERROR_METHOD_NOT_ALLOWED] = { "method_not_allowed", 405 },
  [EOC_API_ERROR_NAME_TAKEN] = { "name_taken", 409 },
  [EOC_API_ERROR_VERSION_MISMATCH] = { "version_mismatch", 409 },
  [EOC_API_ERROR_OPERATION_IN_PROGRESS] = { "operation_in_progress", 409 },
  [EOC_API_ERROR_INVALID_STATE] = { "invalid_state", 409 },
  [EOC_API_ERROR_BACKUP_CORRUPT] = { "backup_corrupt", 409 },
  [EOC_API_ERROR_TOO_LARGE] = { "too_large", 413 },
  [EOC_API_ERROR_UNSUPPORTED_MEDIA_TYPE] = { "unsupported_media_type", 415 },
  [EOC_API_ERROR_TOO_MANY_UPLOADS] = { "too_many_uploads", 429 },
  [EOC_API_ERROR_INSUFFICIENT_STORAGE] = { "insufficient_storage", 507 },
  [EOC_API_ERROR_INTERNAL] = { "internal_error", 500 },
};

const char *
eoc_api_error_code_string (EocApiError code)
{
  if ((guint) code >= G_N_ELEMENTS (api_errors))
    code = EOC_API_ERROR_INTERNAL;
  return api_errors[code].code;
}

guint
eoc_api_error_http_status (EocApiError code)
{
  if ((guint) code >= G_N_ELEMENTS (api_errors))
    code = EOC_API_ERROR_INTERNAL;
  return api_errors[code].status;
}

GError *
eoc_api_error_from_error (const GError *error)
{
  if (error->domain == EOC_API_ERROR)
    return g_error_copy (error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    return g_error_new_literal (EOC_API_ERROR, EOC_API_ERROR_INSUFFICIENT_STORAGE,
                                "The service has run out of disk space; nothing was changed");

  if (error->domain == EOC_CONFIGURATION_ERROR)
    return g_error_new_literal (EOC_API_ERROR,
                                error->code == EOC_CONFIGURATION_ERROR_TOO_LARGE
                                  ? EOC_API_ERROR_TOO_LARGE
                                  : EOC_API_ERROR_INVALID_CONFIGURATION,
                                error->message);

  return g_error_new (EOC_API_ERROR, EOC_API_ERROR_INTERNAL, "Internal error: %s", error->message);
}

const char *
eoc_role_to_string (EocRole role)
{
  switch (role)
    {
    case EOC_ROLE_ADMIN: return "admin";
    case EOC_ROLE_OPERATOR: return "operator";
    case EOC_ROLE_VIEWER:
    default: return "viewer";
    }
}

gboolean
eoc_role_from_string (const char *string,
                      EocRole    *role)
{
  if (g_strcmp0 (string, "admin") == 0)
    *role = EOC_ROLE_ADMIN;
  else if (g_strcmp0 (string, "operator") == 0)
    *role = EOC_ROLE_OPERATOR;
  else if (g_strcmp0 (string, "viewer") == 0)
    *role = EOC_ROLE_VIEWER;
  else
    return FALSE;
  return TRUE;
}

gint64
eoc_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

char *
eoc_time_format (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_seconds);

  if (time == NULL)
    return g_strdup ("1970-01-01T00:00:00Z");
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

void
eoc_json_set_time (JsonObject *object,
                   const char *member,
                   gint64      unix_seconds)
{
  g_autofree char *text = NULL;

  if (unix_seconds <= 0)
    {
      json_object_set_null_member (object, member);
      return;
    }

  text = eoc_time_format (unix_seconds);
  json_object_set_string_member (object, member, text);
}

char *
eoc_new_id (void)
{
  return g_uuid_string_random ();
}

char *
eoc_new_token (void)
{
  guint8 bytes[32];
  GString *token = g_string_new ("eoc_");

  /* The kernel's random bytes; GLib's generator only where it cannot be read. */
  for (guint i = 0; i < G_N_ELEMENTS (bytes); i += 4)
    {
      guint32 r = g_random_int ();
      memcpy (bytes + i, &r, 4);
    }

  {
    int fd = open ("/dev/urandom", O_RDONLY | O_CLOEXEC);

    if (fd >= 0)
      {
        gsize got = 0;

        while (got < sizeof bytes)
          {
            ssize_t n = read (fd, bytes + got, sizeof bytes - got);
            if (n <= 0)
              break;
            got += (gsize) n;
          }
        close (fd);
      }
  }

  for (guint i = 0; i < G_N_ELEMENTS (bytes); i++)
    g_string_append_printf (token, "%02x", bytes[i]);

  return g_string_free (token, FALSE);
}

char *
eoc_token_hash (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

char *
eoc_name_validate (const char *name,
                   GError    **error)
{
  g_autofree char *trimmed = NULL;
  glong length;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, EOC_API_ERROR, EOC_API_ERROR_INVALID_NAME,
                           "The name must be text");
      return NULL;
    }

  trimmed = g_strstrip (g_strdup (name));
  length = g_utf8_strlen (trimmed, -1);

  if (length == 0)
    {
      g_set_error_literal (error, EOC_API_ERROR, EOC_API_ERROR_INVALID_NAME,
                           "The name must not be empty");
      return NULL;
    }

  if (length > 100)
    {
      g_set_error_literal (error, EOC_API_ERROR, EOC_API_ERROR_INVALID_NAME,
                           "The name must be at most 100 characters long");
      return NULL;
    }

  for (const char *p = trimmed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || g_unichar_type (c) == G_UNICODE_FORMAT ||
          g_unichar_type (c) == G_UNICODE_LINE_SEPARATOR ||
          g_unichar_type (c) == G_UNICODE_PARAGRAPH_SEPARATOR)
        {
          g_set_error_literal (error, EOC_API_ERROR, EOC_API_ERROR_INVALID_NAME,
                               "The name must not contain control characters");
          return NULL;
        }
    }

  return g_steal_pointer (&trimmed);
}

gboolean
eoc_version_parse (const char *version,
                   guint       parts[3])
{
  const char *p = version;

  if (version == NULL)
    return FALSE;

  for (guint i = 0; i < 3; i++)
    {
      guint64 value;
      char *end;

      if (!g_ascii_isdigit (*p))
        return FALSE;
      value = g_ascii_strtoull (p, &end, 10);
      if (value > 99999 || end == p)
        return FALSE;
      parts[i] = (guint) value;
      p = end;
      if (i < 2)
        {
          if (*p != '.')
            return FALSE;
          p++;
        }
    }

  return *p == '\0';
}

int
eoc_version_compare (const char *a,
                     const char *b)
{
  guint pa[3], pb[3];

  if (!eoc_version_parse (a, pa) || !eoc_version_parse (b, pb))
    return g_strcmp0 (a, b);

  for (guint i = 0; i < 3; i++)
    if (pa[i] != pb[i])
      return pa[i] < pb[i] ? -1 : 1;

  return 0;
}

gboolean
eoc_fsync_dir (const char *path,
               GError    **error)
{
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0 || fsync (fd) != 0)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not sync %s: %s", path, g_strerror (saved));
      return FALSE;
    }

  close (fd);
  return TRUE;
}

gboolean
eoc_rename_durable (const char *from,
                    const char *to,
                    GError    **error)
{
  g_autofree char *dir = NULL;

  if (g_rename (from, to) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not rename %s: %s", from, g_strerror (saved));
      return FALSE;
    }

  dir = g_path_get_dirname (to);
  return eoc_fsync_dir (dir, error);
}

static char *
copy_or_hash (const char   *from,
              const char   *to,
              GCancellable *cancellable,
              GError      **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = g_malloc (256 * 1024);
  int in = -1, out = -1;
  int saved = 0;
  const char *failed_path = from;

  in = open (from, O_RDONLY | O_CLOEXEC);
  if (in < 0)
    {
      saved = errno;
      goto fail;
    }

  if (to != NULL)
    {
      out = open (to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      if (out < 0)
        {
          saved = errno;
          failed_path = to;
          goto fail;
        }
    }

  for (;;)
    {
      ssize_t n = read (in, buffer, 256 * 1024);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          saved = errno;
          goto fail;
        }
      if (n == 0)
        break;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto cancelled;

      g_checksum_update (checksum, buffer, (gsize) n);

      if (out >= 0)
        {
          ssize_t written = 0;

          while (written < n)
            {
              ssize_t w = write (out, buffer + written, (gsize) (n - written));

              if (w < 0 && errno == EINTR)
                continue;
              if (w < 0)
                {
                  saved = errno;
                  failed_path = to;
                  goto fail;
                }
              written += w;
            }
        }
    }

  if (out >= 0 && fsync (out) != 0)
    {
      saved = errno;
      failed_path = to;
      goto fail;
    }

  close (in);
  if (out >= 0 && close (out) != 0)
    {
      saved = errno;
      out = -1;
      in = -1;
      failed_path = to;
      goto fail;
    }

  return g_strdup (g_checksum_get_string (checksum));

fail:
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
               "%s: %s", failed_path, g_strerror (saved));
cancelled:
  if (in >= 0)
    close (in);
  if (out >= 0)
    close (out);
  if (to != NULL)
    g_unlink (to);
  return NULL;
}

char *
eoc_copy_file (const char   *from,
               const char   *to,
               GCancellable *cancellable,
               GError      **error)
{
  return copy_or_hash (from, to, cancellable, error);
}

char *
eoc_file_sha256 (const char   *path,
                 GCancellable *cancellable,
                 GError      **error)
{
  return copy_or_hash (path, NULL, cancellable, error);
}

/* Request bodies. */

JsonObject *
eoc_request_body_object (const char  *content_type,
                         GBytes      *body,
                         gboolean     required,
                         GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gsize length = body != NULL ? g_bytes_get_size (body) : 0;
  const char *data = body != NULL ? g_bytes_get_data (body, NULL) : NULL;

  if (length == 0)
    {
      if (required)
        {
          g_set_error_literal (error, EOC_API_ERROR, EOC_API_ERROR_BAD_REQUEST,
                               "This request needs a JSON body");
          return NULL;
        }
      return json_object_new ();
    }

  if (content_type != NULL && g_ascii_strcasecmp (content_type, "application/json") != 0)
    {
      g_set_error_literal (error, EOC_API_ERROR, EOC_API_ERROR_UNSUPPORTED_MEDIA_TYPE,
                           "The body must be JSON (Content-Type: application/json)");
      return NULL;
    }

  if (!g_utf8_validate (data, (gssize) length, NULL))
    {
      g_set_error_literal (error, EOC_API_ERROR, EOC_API_ERROR_BAD_REQUEST,
                           "The body is not valid UTF-8");
      return NULL;
    }

  node = eoc_json_parse (data, length, 32, &local_error);
  if (node == NULL)
    {
      g_set_error (error, EOC_API_ERROR, EOC_API_ERROR_BAD_REQUEST,
                   "The body is not valid JSON: %s", local_error->message);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, EOC_API_ERROR, EOC_API_ERROR_BAD_REQUEST,
                           "The body must be a JSON object");
      return NULL;
    }

  return json_object_ref (json_node_get_object (node));
}

/* A string member: NULL and no error when absent and optional. */
const char *
eoc_json_member_string (JsonObject  *object,
                        const char  *member,
                        gboolean     required,
                        GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        g_set_error (error, EOC_API_ERROR, EOC_API_ERROR_BAD_REQUEST, "“%s” is required", member);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, EOC_API_ERROR, EOC_API_ERROR_BAD_REQUEST, "“%s” must be a string", member);
      return NULL;
    }

  return json_node_get_string (node);
}

gboolean
eoc_json_member_boolean (JsonObject  *object,
                         const char  *member,
                         gboolean     fallback,
                         gboolean    *value,
                         GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *value = fallback;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, EOC_API_ERROR, EOC_API_ERROR_BAD_REQUEST,
                   "“%s” must be true or false", member);
      return FALSE;
    }

  *value = json_node_get_boolean (node);
  return TRUE;
}
