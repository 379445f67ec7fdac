/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-client-error.c: EOC_CLIENT_ERROR, an extended error domain whose errors
 * carry the service's facts (see eoc-client-error.h).
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "eoc-client-error-private.h"
#include "eoc-json.h"

/* An error body larger than this is not read as the service's error. */
#define MAX_ERROR_BODY (256 * 1024)

typedef struct {
  guint       status;    /* HTTP status, 0 when no answer came */
  char       *code;      /* the service's error code, or NULL */
  JsonObject *details;   /* the service's details (sealed), or NULL */
} EocClientErrorPrivate;

static void
eoc_client_error_private_init (EocClientErrorPrivate *priv)
{
}

static void
eoc_client_error_private_copy (const EocClientErrorPrivate *src,
                               EocClientErrorPrivate       *dest)
{
  dest->status = src->status;
  dest->code = g_strdup (src->code);
  dest->details = src->details != NULL ? json_object_ref (src->details) : NULL;
}

static void
eoc_client_error_private_clear (EocClientErrorPrivate *priv)
{
  g_clear_pointer (&priv->code, g_free);
  g_clear_pointer (&priv->details, json_object_unref);
}

G_DEFINE_EXTENDED_ERROR (EocClientError, eoc_client_error)

/* The facts of @error, or NULL when it is not in EOC_CLIENT_ERROR. */
static EocClientErrorPrivate *
get_private (const GError *error)
{
  if (error->domain != EOC_CLIENT_ERROR)
    return NULL;
  return eoc_client_error_get_private (error);
}

/* Reading. */

/**
 * eoc_client_error_get_http_status:
 * @error: an error
 *
 * Returns: the HTTP status of the service's answer, or 0 when @error is not
 *   in %EOC_CLIENT_ERROR or no answer came
 */
guint
eoc_client_error_get_http_status (const GError *error)
{
  EocClientErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, 0);

  priv = get_private (error);
  return priv != NULL ? priv->status : 0;
}

/**
 * eoc_client_error_get_service_code:
 * @error: an error
 *
 * Returns: (nullable): the service's error code, such as "version_mismatch",
 *   or %NULL when the service gave none
 */
const char *
eoc_client_error_get_service_code (const GError *error)
{
  EocClientErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, NULL);

  priv = get_private (error);
  return priv != NULL ? priv->code : NULL;
}

/**
 * eoc_client_error_dup_detail:
 * @error: an error
 * @name: a member of the service's "details", such as "required_role"
 *
 * Returns: (transfer full) (nullable): the detail as text (numbers in
 *   decimal), or %NULL when there is none
 */
char *
eoc_client_error_dup_detail (const GError *error,
                             const char   *name)
{
  EocClientErrorPrivate *priv;
  JsonNode *node;

  g_return_val_if_fail (error != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  priv = get_private (error);
  if (priv == NULL || priv->details == NULL)
    return NULL;

  node = json_object_get_member (priv->details, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    case G_TYPE_DOUBLE:
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];

        return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
      }
    default:
      return NULL;
    }
}

/**
 * eoc_client_error_parse_versions:
 * @error: an error
 * @environment_version: (out) (optional) (transfer full): the version the
 *   environment runs
 * @configuration_version: (out) (optional) (transfer full): the version the
 *   configuration is for
 *
 * Reads both versions of a %EOC_CLIENT_ERROR_VERSION_MISMATCH.
 *
 * Returns: %TRUE when @error is a version mismatch that names both versions
 */
gboolean
eoc_client_error_parse_versions (const GError  *error,
                                 char         **environment_version,
                                 char         **configuration_version)
{
  g_autofree char *environment = NULL;
  g_autofree char *configuration = NULL;

  g_return_val_if_fail (error != NULL, FALSE);

  if (!g_error_matches (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_VERSION_MISMATCH))
    return FALSE;

  environment = eoc_client_error_dup_detail (error, "environment_version");
  configuration = eoc_client_error_dup_detail (error, "configuration_version");
  if (environment == NULL || configuration == NULL)
    return FALSE;

  if (environment_version != NULL)
    *environment_version = g_steal_pointer (&environment);
  if (configuration_version != NULL)
    *configuration_version = g_steal_pointer (&configuration);
  return TRUE;
}

/**
 * eoc_client_error_dup_reason:
 * @error: an error
 *
 * Returns: (transfer full) (nullable): why the service found a file invalid
 *   (%EOC_CLIENT_ERROR_INVALID_CONFIGURATION), or %NULL
 */
char *
eoc_client_error_dup_reason (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  return eoc_client_error_dup_detail (error, "reason");
}

/**
 * eoc_client_error_get_limit:
 * @error: an error
 *
 * Returns: the largest size the service accepts, in bytes, for
 *   %EOC_CLIENT_ERROR_TOO_LARGE; 0 when unknown
 */
guint64
eoc_client_error_get_limit (const GError *error)
{
  g_autofree char *limit = NULL;

  g_return_val_if_fail (error != NULL, 0);

  limit = eoc_client_error_dup_detail (error, "limit");
  return limit != NULL ? g_ascii_strtoull (limit, NULL, 10) : 0;
}

/* Making. */

static const struct {
  const char     *code;
  EocClientError  error;
} service_codes[] = {
  { "bad_request", EOC_CLIENT_ERROR_INVALID_INPUT },
  { "invalid_name", EOC_CLIENT_ERROR_INVALID_INPUT },
  { "invalid_version", EOC_CLIENT_ERROR_INVALID_INPUT },
  { "invalid_configuration", EOC_CLIENT_ERROR_INVALID_CONFIGURATION },
  { "unauthorized", EOC_CLIENT_ERROR_UNAUTHORIZED },
  { "forbidden", EOC_CLIENT_ERROR_FORBIDDEN },
  { "not_found", EOC_CLIENT_ERROR_NOT_FOUND },
  { "method_not_allowed", EOC_CLIENT_ERROR_INVALID_RESPONSE },
  { "name_taken", EOC_CLIENT_ERROR_NAME_TAKEN },
  { "version_mismatch", EOC_CLIENT_ERROR_VERSION_MISMATCH },
  { "operation_in_progress", EOC_CLIENT_ERROR_OPERATION_IN_PROGRESS },
  { "invalid_state", EOC_CLIENT_ERROR_INVALID_STATE },
  { "backup_corrupt", EOC_CLIENT_ERROR_BACKUP_CORRUPT },
  { "too_large", EOC_CLIENT_ERROR_TOO_LARGE },
  { "unsupported_media_type", EOC_CLIENT_ERROR_INVALID_RESPONSE },
  { "too_many_uploads", EOC_CLIENT_ERROR_INVALID_STATE },
  { "insufficient_storage", EOC_CLIENT_ERROR_INSUFFICIENT_STORAGE },
  { "internal_error", EOC_CLIENT_ERROR_SERVER_ERROR },
};

static EocClientError
code_from_status (guint status)
{
  switch (status)
    {
    case SOUP_STATUS_BAD_REQUEST:
      return EOC_CLIENT_ERROR_INVALID_INPUT;
    case SOUP_STATUS_UNAUTHORIZED:
      return EOC_CLIENT_ERROR_UNAUTHORIZED;
    case SOUP_STATUS_FORBIDDEN:
      return EOC_CLIENT_ERROR_FORBIDDEN;
    case SOUP_STATUS_NOT_FOUND:
      return EOC_CLIENT_ERROR_NOT_FOUND;
    case SOUP_STATUS_CONFLICT:
      return EOC_CLIENT_ERROR_INVALID_STATE;
    case SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE:
      return EOC_CLIENT_ERROR_TOO_LARGE;
    case SOUP_STATUS_INSUFFICIENT_STORAGE:
      return EOC_CLIENT_ERROR_INSUFFICIENT_STORAGE;
    case SOUP_STATUS_GATEWAY_TIMEOUT:
      return EOC_CLIENT_ERROR_TIMED_OUT;
    case SOUP_STATUS_BAD_GATEWAY:
    case SOUP_STATUS_SERVICE_UNAVAILABLE:
      return EOC_CLIENT_ERROR_CANNOT_CONNECT;
    default:
      return status >= 500 ? EOC_CLIENT_ERROR_SERVER_ERROR : EOC_CLIENT_ERROR_INVALID_RESPONSE;
    }
}

/* @text as a sentence: with its final full stop. */
static char *
sentence (const char *text)
{
  gsize length = strlen (text);

  if (length > 0 && strchr (".!?", text[length - 1]) != NULL)
    return g_strdup (text);
  return g_strconcat (text, ".", NULL);
}

static char *
message_for (EocClientError  code,
             guint           status,
             const char     *service_message,
             JsonObject     *details,
             const char     *service)
{
  g_autofree char *said = service_message != NULL && *service_message != '\0'
                          ? sentence (service_message) : NULL;
  const char *detail;
  const char *other;

#define DETAIL(name) (details != NULL && json_object_has_member (details, name) && \
                      JSON_NODE_HOLDS_VALUE (json_object_get_member (details, name)) && \
                      json_node_get_value_type (json_object_get_member (details, name)) == G_TYPE_STRING \
                      ? json_object_get_string_member (details, name) : NULL)

  switch (code)
    {
    case EOC_CLIENT_ERROR_UNAUTHORIZED:
      return g_strdup (_("The service did not accept your sign-in token. "
                         "Sign in again with a valid token."));

    case EOC_CLIENT_ERROR_FORBIDDEN:
      if ((detail = DETAIL ("required_role")) != NULL)
        return g_strdup_printf (_("Your role does not allow this: it needs the “%s” role. "
                                  "Ask an administrator for access."), detail);
      return g_strdup (_("Your role does not allow this. Ask an administrator for access."));

    case EOC_CLIENT_ERROR_NOT_FOUND:
      return g_strdup_printf (_("%s It may have been deleted: refresh, then try again."),
                              said != NULL ? said : _("It does not exist on the service."));

    case EOC_CLIENT_ERROR_NAME_TAKEN:
      if ((detail = DETAIL ("name")) != NULL)
        return g_strdup_printf (_("The name “%s” is already taken. Choose another name."), detail);
      if (said != NULL)
        return g_strdup_printf (_("%s Choose another name."), said);
      return g_strdup (_("This name is already taken. Choose another name."));

    case EOC_CLIENT_ERROR_VERSION_MISMATCH:
      if ((detail = DETAIL ("configuration_version")) != NULL &&
          (other = DETAIL ("environment_version")) != NULL)
        return g_strdup_printf (_("This configuration is for version %s, but the environment "
                                  "runs version %s. Update the environment to version %s "
                                  "first, or choose a configuration for version %s."),
                                detail, other, detail, other);
      return g_strdup (said != NULL ? said
                       : _("This configuration is for another version than the environment's."));

    case EOC_CLIENT_ERROR_OPERATION_IN_PROGRESS:
      if ((detail = DETAIL ("kind")) != NULL)
        return g_strdup_printf (_("Another operation (%s) is already running on this "
                                  "environment. Wait until it finishes, then try again."),
                                detail);
      if (said != NULL)
        return g_strdup_printf (_("%s Wait until it finishes, then try again."), said);
      return g_strdup (_("Another operation is already running on this environment. "
                         "Wait until it finishes, then try again."));

    case EOC_CLIENT_ERROR_INVALID_CONFIGURATION:
      if ((detail = DETAIL ("reason")) != NULL)
        return g_strdup_printf (_("The file is not a valid configuration file: %s"), detail);
      return g_strdup_printf (_("The file is not a valid configuration file. %s"),
                              said != NULL ? said : "");

    case EOC_CLIENT_ERROR_INVALID_STATE:
      return g_strdup_printf (_("%s Refresh, then try again."),
                              said != NULL ? said
                              : _("This cannot be done in the current state."));

    case EOC_CLIENT_ERROR_INVALID_INPUT:
      return g_strdup (said != NULL ? said : _("The service refused a value as invalid."));

    case EOC_CLIENT_ERROR_TOO_LARGE:
      if (details != NULL && json_object_has_member (details, "limit") &&
          JSON_NODE_HOLDS_VALUE (json_object_get_member (details, "limit")) &&
          json_node_get_value_type (json_object_get_member (details, "limit")) == G_TYPE_INT64)
        {
          g_autofree char *size =
            g_format_size ((guint64) MAX (json_object_get_int_member (details, "limit"), 0));

          return g_strdup_printf (_("The file is too large: the service accepts at most %s."),
                                  size);
        }
      return g_strdup (_("The file is too large for the service."));

    case EOC_CLIENT_ERROR_BACKUP_CORRUPT:
      return g_strdup (_("This backup is damaged: its content no longer matches its checksum. "
                         "Choose another backup."));

    case EOC_CLIENT_ERROR_INSUFFICIENT_STORAGE:
      return g_strdup (_("The service has run out of disk space. "
                         "Ask an administrator to free some, then try again."));

    case EOC_CLIENT_ERROR_SERVER_ERROR:
      return g_strdup_printf (_("The service at %s failed (HTTP %u). Try again later; if it "
                                "keeps failing, ask an administrator to check the service's log."),
                              service, status);

    case EOC_CLIENT_ERROR_TIMED_OUT:
      return g_strdup_printf (_("The service at %s did not answer in time. "
                                "Check your network connection, then try again."), service);

    case EOC_CLIENT_ERROR_CANNOT_CONNECT:
      return g_strdup_printf (_("The service at %s is not available (HTTP %u). "
                                "Try again later."), service, status);

    case EOC_CLIENT_ERROR_INVALID_RESPONSE:
    default:
      return g_strdup_printf (_("The service at %s gave an answer this application does not "
                                "understand (HTTP %u). Check that the address is that of an "
                                "Env Ops Center service of a compatible version."),
                              service, status);
    }

#undef DETAIL
}

static GError *
new_error (EocClientError  code,
           guint           status,
           const char     *service_code,
           JsonObject     *details,
           const char     *message)
{
  GError *error = g_error_new_literal (EOC_CLIENT_ERROR, code, message);
  EocClientErrorPrivate *priv = eoc_client_error_get_private (error);

  priv->status = status;
  priv->code = g_strdup (service_code);
  if (details != NULL)
    {
      json_object_seal (details);
      priv->details = json_object_ref (details);
    }
  return error;
}

GError *
eoc_client_error_new_from_response (guint       status,
                                    GBytes     *body,
                                    const char *service)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *message = NULL;
  JsonObject *error_object = NULL;
  JsonObject *details = NULL;
  const char *service_code = NULL;
  const char *service_message = NULL;
  EocClientError code = code_from_status (status);

  if (body != NULL && g_bytes_get_size (body) > 0 && g_bytes_get_size (body) <= MAX_ERROR_BODY)
    {
      gsize length;
      const char *data = g_bytes_get_data (body, &length);

      root = eoc_json_parse (data, length, EOC_JSON_MAX_DEPTH, NULL);
    }

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonNode *node = json_object_get_member (json_node_get_object (root), "error");

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        error_object = json_node_get_object (node);
    }

  if (error_object != NULL)
    {
      JsonNode *node;

      node = json_object_get_member (error_object, "code");
      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
          json_node_get_value_type (node) == G_TYPE_STRING)
        service_code = json_node_get_string (node);

      node = json_object_get_member (error_object, "message");
      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
          json_node_get_value_type (node) == G_TYPE_STRING)
        service_message = json_node_get_string (node);

      node = json_object_get_member (error_object, "details");
      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        details = json_node_get_object (node);

      for (guint i = 0; service_code != NULL && i < G_N_ELEMENTS (service_codes); i++)
        {
          if (g_str_equal (service_codes[i].code, service_code))
            {
              code = service_codes[i].error;
              break;
            }
        }
    }

  message = message_for (code, status, service_message, details, service);
  return new_error (code, status, service_code, details, message);
}

GError *
eoc_client_error_new_from_transport (const GError *error,
                                     const char   *service)
{
  g_autofree char *message = NULL;
  EocClientError code = EOC_CLIENT_ERROR_CANNOT_CONNECT;

  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      error->domain == EOC_CLIENT_ERROR)
    return g_error_copy (error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      code = EOC_CLIENT_ERROR_TIMED_OUT;
      message = message_for (code, 0, NULL, NULL, service);
    }
  else if (error->domain == G_RESOLVER_ERROR)
    message = g_strdup_printf (_("Could not find the host of %s (%s). "
                                 "Check the address and your network connection."),
                               service, error->message);
  else if (error->domain == G_TLS_ERROR)
    message = g_strdup_printf (_("Could not connect securely to the service at %s (%s). "
                                 "Check the address and the service's certificate."),
                               service, error->message);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    message = g_strdup_printf (_("The connection to the service at %s was lost (%s). "
                                 "Try again."), service, error->message);
  else if (error->domain == SOUP_SESSION_ERROR)
    {
      code = EOC_CLIENT_ERROR_INVALID_RESPONSE;
      message = g_strdup_printf (_("The service at %s gave an answer this application does not "
                                   "understand (%s). Check that the address is that of an Env "
                                   "Ops Center service."), service, error->message);
    }
  else
    message = g_strdup_printf (_("Could not connect to the service at %s (%s). "
                                 "Check that the service is running and that the address is "
                                 "right."), service, error->message);

  return new_error (code, 0, NULL, NULL, message);
}

GError *
eoc_client_error_new_invalid_response (const char *service,
                                       const char *why)
{
  g_autofree char *message =
    g_strdup_printf (_("The service at %s gave an answer this application does not understand "
                       "(%s). Check that the address is that of an Env Ops Center service of a "
                       "compatible version."), service, why);

  return new_error (EOC_CLIENT_ERROR_INVALID_RESPONSE, 0, NULL, NULL, message);
}

GError *
eoc_client_error_new_literal (EocClientError  code,
                              const char     *message)
{
  return new_error (code, 0, NULL, NULL, message);
}
