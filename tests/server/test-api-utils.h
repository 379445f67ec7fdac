/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-api-utils.h: what the service's API tests share: synchronous HTTP
 * requests with a real libsoup client, JSON answers, waiting for operations,
 * and configuration files, valid and not.
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "eoc-configuration.h"
#include "eoc-test-server.h"

G_BEGIN_DECLS

typedef struct {
  guint               status;
  SoupMessageHeaders *headers;   /* response headers */
  GBytes             *body;
  JsonNode           *json;      /* parsed when the answer is JSON, else NULL */
} ApiResponse;

void         api_response_free   (ApiResponse *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ApiResponse, api_response_free)

/* The session every request goes through (made on first use). */
SoupSession *api_session         (void);
/* Closes the session's connections (after the service restarted). */
void         api_session_reset   (void);

/* Sends @method @path (under @server's URL, e.g. "/api/v1/me") with @token
 * (NULL: no Authorization header) and @body (NULL: none) of @content_type.
 * Reads the whole answer. Fails the test when the request cannot be sent. */
ApiResponse *api_request         (EocTestServer *server,
                                  const char    *token,
                                  const char    *method,
                                  const char    *path,
                                  const char    *content_type,
                                  GBytes        *body);
/* The same with a JSON text body (NULL: no body). */
ApiResponse *api_json            (EocTestServer *server,
                                  const char    *token,
                                  const char    *method,
                                  const char    *path,
                                  const char    *json);
ApiResponse *api_get             (EocTestServer *server,
                                  const char    *token,
                                  const char    *path);

/* The answer's root object; fails the test when it is not one. */
JsonObject  *api_object          (ApiResponse   *response);
/* Asserts @status and a JSON body; returns the root object (owned by @response). */
JsonObject  *api_expect          (ApiResponse   *response,
                                  guint          status);
/* Asserts an error answer {"error": {"code", "message", "details"}} with
 * @status and @code and a non-empty message; returns the details object. */
JsonObject  *api_expect_error    (ApiResponse   *response,
                                  guint          status,
                                  const char    *code);
const char  *api_header          (ApiResponse   *response,
                                  const char    *name);

/* Waits (polling, at most 30 s) until operation @operation_id ends; returns it. */
JsonObject  *api_wait_operation  (EocTestServer *server,
                                  const char    *token,
                                  const char    *operation_id);

/* Finds the environment named @name in GET /environments; returns a new reference. */
JsonObject  *api_find_environment (EocTestServer *server,
                                   const char    *name);
JsonObject  *api_get_environment (EocTestServer *server,
                                  const char    *environment_id);
/* Creates an environment as the administrator; returns it. */
JsonObject  *api_create_environment (EocTestServer *server,
                                     const char    *name,
                                     const char    *type,
                                     const char    *version);

/* Starts a backup as the operator, waits for it and asserts it succeeded; returns the backup. */
JsonObject  *api_make_backup     (EocTestServer *server,
                                  const char    *environment_id,
                                  const char    *name);

/* Uploads @bytes as the operator; returns the answer. */
ApiResponse *api_upload          (EocTestServer *server,
                                  const char    *token,
                                  const char    *environment_id,
                                  const char    *filename,
                                  GBytes        *bytes);

/* Newest first: the environment's activity (first page of 50). */
JsonArray   *api_activity        (EocTestServer *server,
                                  const char    *environment_id);

/* A valid configuration file made by eoc_configuration_write(): @settings_json
 * (an object's text) and files given as NULL-terminated pairs path, content. */
GBytes      *api_make_configuration (const char        *version,
                                     const char        *settings_json,
                                     const char *const *files);

/* Reads @bytes as a configuration file (validated); fails the test when it is not one. */
EocConfiguration *api_read_configuration (GBytes *bytes);

/* Downloads an environment's current configuration (checking its
 * X-Content-SHA256 against the body) and reads it; @sha256 (may be NULL) gets
 * the header's value. */
EocConfiguration *api_download_configuration (EocTestServer *server,
                                              const char    *environment_id,
                                              char         **sha256);

/* The settings of a configuration, as JSON text. */
char        *api_settings_text   (EocConfiguration *configuration);

/* A ZIP archive with the given entries (NULL-terminated pairs name, content),
 * for configuration files that break the rules. */
GBytes      *api_make_zip        (const char *const *entries);

/* Hex SHA-256 of @bytes. */
char        *api_sha256          (GBytes        *bytes);

/* Parses @json into a node; fails the test when it is not JSON. */
JsonNode    *api_parse           (const char    *json);
JsonNode    *api_deep_copy       (JsonNode      *node);

/* Number of entries in a directory (0 when absent). */
guint        api_count_files     (const char    *dir);

G_END_DECLS
