/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "eoc-server"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <gio/gunixoutputstream.h>
#include <glib/gstdio.h>

#include "eoc-engine.h"
#include "eoc-json.h"
#include "eoc-scheduler.h"
#include "eoc-server.h"

#define API_PREFIX "/api/v1"
#define SCHEDULER_SECONDS 30
#define DEFAULT_PAGE 50
#define MAX_PAGE 500
/* Answers kept for reading again; past this many, the cache starts over. */
#define CACHE_MAX_ENTRIES 512

/*
 * HTTP is served by several threads, each with its own GMainContext and its own
 * SoupServer (a SoupServer lives on the context it was made on), all accepting
 * on the same port: one listening socket each, bound with SO_REUSEPORT, and the
 * kernel spreads new connections over them. The first is the caller's (the
 * main context, which also runs the scheduler); with one thread that is all.
 * Everything a handler touches is shared safely: the answer cache has a lock,
 * the context's callers and the store have theirs, the events hub sends on
 * each connection's own context, and a worker's answer comes back to the
 * context of the thread that took the request.
 */
typedef struct {
  EocServer    *server;          /* not a reference: the server joins the thread */
  GThread      *thread;          /* NULL for the caller's */
  GMainContext *context;
  GMainLoop    *loop;            /* NULL for the caller's */
  SoupServer   *soup;            /* made, used and dropped on @context's thread */
  GSocket      *socket;          /* to listen on, or NULL: soup_server_listen() */

  /* Starting: the thread says whether it listens. */
  gboolean      started;
  GError       *error;
} ServerThread;

struct _EocServer {
  GObject          parent_instance;

  EocContext      *ctx;
  GTlsCertificate *certificate;
  guint            n_threads;
  GPtrArray       *threads;      /* ServerThread; [0] is the caller's */
  GMutex           start_mutex;
  GCond            start_cond;
  guint            scheduler_id;
  gboolean         scheduler_running;
  /* Requests being answered, on every thread (atomic). */
  gint             requests;

  /* Serialised answers of read-only routes, by path and query (CachedAnswer). */
  GMutex           cache_mutex;
  GHashTable      *cache;
};

/* An answer that stays right while the store's generation does not change.
 * Reference-counted (atomically): a thread may still be sending one that
 * another has just replaced. */
typedef struct {
  gint64  generation;
  GBytes *body;
  char   *etag;
} CachedAnswer;

static void
cached_answer_clear (gpointer data)
{
  CachedAnswer *answer = data;

  g_bytes_unref (answer->body);
  g_free (answer->etag);
}

static void
cached_answer_unref (CachedAnswer *answer)
{
  g_atomic_rc_box_release_full (answer, cached_answer_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CachedAnswer, cached_answer_unref)

G_DEFINE_FINAL_TYPE (EocServer, eoc_server, G_TYPE_OBJECT)

/* A request being answered. Made on the server thread that took it, filled by a worker. */
typedef struct _Request Request;
typedef void (*RouteFunc) (Request *req);

struct _Request {
  EocServer         *server;
  EocContext        *ctx;
  SoupServerMessage *msg;
  EocCaller         *caller;
  RouteFunc          func;
  char              *params[3];     /* the path's ids, in order */
  GHashTable        *query;
  GBytes            *body;
  gboolean           finished;      /* the client went away, or the server closed the connection */
  gulong             finished_id;
  gulong             disconnected_id;

  /* The answer. */
  guint              status;
  char              *response;      /* JSON text */
  GBytes            *file;          /* or a file's bytes (mapped) */
  char              *file_name;
  char              *file_sha256;

  /* Read-only routes: where the answer is cached, the generation it was read at, its ETag. */
  char              *cache_key;
  gint64             generation;
  char              *etag;
};

static Request *
request_new (EocServer *server)
{
  Request *req = g_new0 (Request, 1);

  req->server = g_object_ref (server);
  g_atomic_int_inc (&server->requests);
  return req;
}

/* Lets the message go: on its server's thread, where the answer is given,
 * rather than wherever the task happens to be dropped last (a worker). */
static void
request_release_message (Request *req)
{
  if (req->finished_id != 0)
    g_signal_handler_disconnect (req->msg, req->finished_id);
  if (req->disconnected_id != 0)
    g_signal_handler_disconnect (req->msg, req->disconnected_id);
  req->finished_id = req->disconnected_id = 0;
  g_clear_object (&req->msg);
}

static void
request_free (Request *req)
{
  request_release_message (req);
  g_clear_pointer (&req->caller, eoc_caller_free);
  for (guint i = 0; i < G_N_ELEMENTS (req->params); i++)
    g_free (req->params[i]);
  g_clear_pointer (&req->query, g_hash_table_unref);
  g_clear_pointer (&req->body, g_bytes_unref);
  g_free (req->response);
  g_clear_pointer (&req->file, g_bytes_unref);
  g_free (req->file_name);
  g_free (req->file_sha256);
  g_free (req->cache_key);
  g_free (req->etag);
  g_atomic_int_dec_and_test (&req->server->requests);
  g_clear_object (&req->server);
  g_free (req);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

/* Answers. */

static char *
node_text (JsonNode *node)
{
  return eoc_json_to_string (node);
}

static void
respond_object (Request    *req,
                guint       status,
                JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  req->status = status;
  g_free (req->response);
  req->response = node_text (node);
}

/* {"member": array} */
static void
respond_list (Request    *req,
              const char *member,
              JsonArray  *array,
              gint64      next_seq)
{
  JsonObject *object = json_object_new ();

  json_object_set_array_member (object, member, array);
  if (next_seq > 0)
    {
      g_autofree char *cursor = g_strdup_printf ("%" G_GINT64_FORMAT, next_seq);
      json_object_set_string_member (object, "next_cursor", cursor);
    }
  else
    json_object_set_null_member (object, "next_cursor");
  respond_object (req, 200, object);
}

static JsonObject *
error_object (EocApiError  code,
              const char  *message,
              JsonObject  *details)
{
  JsonObject *object = json_object_new ();
  JsonObject *error = json_object_new ();

  json_object_set_string_member (error, "code", eoc_api_error_code_string (code));
  json_object_set_string_member (error, "message", message);
  json_object_set_object_member (error, "details", details != NULL ? json_object_ref (details)
                                                                   : json_object_new ());
  json_object_set_object_member (object, "error", error);
  return object;
}

/* Answers with @error (any domain: mapped to the API's), and @details if any. */
static void
respond_error (Request      *req,
               const GError *error,
               JsonObject   *details)
{
  g_autoptr(GError) api = eoc_api_error_from_error (error);

  if (api->code == EOC_API_ERROR_INTERNAL)
    g_warning ("%s", api->message);

  respond_object (req, eoc_api_error_http_status (api->code),
                  error_object (api->code, api->message, details));
}

/* Answers with @error, naming @name in the details when it is taken. */
static void
respond_error_for_name (Request      *req,
                        const GError *error,
                        const char   *name)
{
  g_autoptr(JsonObject) details = NULL;

  if (g_error_matches (error, EOC_API_ERROR, EOC_API_ERROR_NAME_TAKEN))
    {
      details = json_object_new ();
      json_object_set_string_member (details, "name", name);
    }
  respond_error (req, error, details);
}

static void
respond_error_literal (Request     *req,
                       EocApiError  code,
                       const char  *message)
{
  respond_object (req, eoc_api_error_http_status (code), error_object (code, message, NULL));
}

/* Sets an error answer on @msg straight away (on its server thread, before any worker). */
static void
message_set_error (SoupServerMessage *msg,
                   EocApiError        code,
                   const char        *message,
                   JsonObject        *details)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  char *text;

  json_node_take_object (node, error_object (code, message, details));
  text = node_text (node);
  soup_server_message_set_status (msg, eoc_api_error_http_status (code), NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, strlen (text));
}

/* Request parts. */

static JsonObject *
body_object (Request  *req,
             gboolean  required,
             GError  **error)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);

  return eoc_request_body_object (soup_message_headers_get_content_type (headers, NULL),
                                  req->body, required, error);
}

static gboolean
query_paging (Request  *req,
              guint    *limit,
              gint64   *cursor,
              GError  **error)
{
  const char *limit_text = req->query != NULL ? g_hash_table_lookup (req->query, "limit") : NULL;
  const char *cursor_text = req->query != NULL ? g_hash_table_lookup (req->query, "cursor") : NULL;
  guint64 value;

  *limit = DEFAULT_PAGE;
  *cursor = 0;

  if (limit_text != NULL)
    {
      if (!g_ascii_string_to_unsigned (limit_text, 10, 1, MAX_PAGE, &value, NULL))
        {
          g_set_error (error, EOC_API_ERROR, EOC_API_ERROR_BAD_REQUEST,
                       "“limit” must be a whole number from 1 to %d", MAX_PAGE);
          return FALSE;
        }
      *limit = (guint) value;
    }

  if (cursor_text != NULL && *cursor_text != '\0')
    {
      if (!g_ascii_string_to_unsigned (cursor_text, 10, 1, G_MAXINT64, &value, NULL))
        {
          g_set_error_literal (error, EOC_API_ERROR, EOC_API_ERROR_BAD_REQUEST,
                               "“cursor” is not a cursor this service gave out");
          return FALSE;
        }
      *cursor = (gint64) value;
    }

  return TRUE;
}

/* Routes. Each runs on a worker thread and sets the answer. */

static void
route_me (Request *req)
{
  JsonObject *me = json_object_new ();
  JsonArray *permissions = json_array_new ();

  json_array_add_string_element (permissions, "read");
  if (req->caller->role >= EOC_ROLE_OPERATOR)
    json_array_add_string_element (permissions, "operate");
  if (req->caller->role >= EOC_ROLE_ADMIN)
    json_array_add_string_element (permissions, "admin");

  json_object_set_string_member (me, "name", req->caller->name);
  json_object_set_string_member (me, "role", eoc_role_to_string (req->caller->role));
  json_object_set_array_member (me, "permissions", permissions);
  respond_object (req, 200, me);
}

static void
route_list_users (Request *req)
{
  JsonObject *object = json_object_new ();

  json_object_set_array_member (object, "users", eoc_store_list_users (req->ctx->store));
  respond_object (req, 200, object);
}

static void
route_create_user (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = body_object (req, TRUE, &error);
  g_autofree char *name = NULL;
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  const char *role_text, *given;
  EocRole role;
  JsonObject *object, *user;

  if (body == NULL)
    return respond_error (req, error, NULL);

  given = eoc_json_member_string (body, "name", TRUE, &error);
  if (error != NULL)
    return respond_error (req, error, NULL);
  name = eoc_name_validate (given, &error);
  if (error != NULL)
    return respond_error (req, error, NULL);

  role_text = eoc_json_member_string (body, "role", TRUE, &error);
  if (error != NULL)
    return respond_error (req, error, NULL);
  if (!eoc_role_from_string (role_text, &role))
    return respond_error_literal (req, EOC_API_ERROR_BAD_REQUEST,
                                  "“role” must be admin, operator or viewer");

  token = eoc_new_token ();
  hash = eoc_token_hash (token);
  if (!eoc_store_add_user (req->ctx->store, name, role, hash, &error))
    return respond_error_for_name (req, error, name);
  eoc_context_add_caller (req->ctx, hash, name, role);

  object = json_object_new ();
  user = json_object_new ();
  json_object_set_string_member (user, "name", name);
  json_object_set_string_member (user, "role", eoc_role_to_string (role));
  eoc_json_set_time (user, "created_at", eoc_now ());
  json_object_set_object_member (object, "user", user);
  json_object_set_string_member (object, "token", token);
  respond_object (req, 201, object);
}

static void
route_delete_user (Request *req)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (req->params[0], req->caller->name) == 0)
    return respond_error_literal (req, EOC_API_ERROR_INVALID_STATE,
                                  "You cannot remove yourself; ask another administrator");

  if (!eoc_store_delete_user (req->ctx->store, req->params[0], &error))
    return respond_error (req, error, NULL);

  eoc_context_remove_caller (req->ctx, req->params[0]);
  req->status = 204;
}

static void
route_versions (Request *req)
{
  JsonObject *object = json_object_new ();

  json_object_set_array_member (object, "versions", eoc_store_list_versions (req->ctx->store));
  respond_object (req, 200, object);
}

static void
route_list_environments (Request *req)
{
  JsonObject *object = json_object_new ();

  json_object_set_array_member (object, "environments",
                                eoc_store_list_environments (req->ctx->store));
  respond_object (req, 200, object);
}

static void
route_create_environment (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = body_object (req, TRUE, &error);
  g_autofree char *name = NULL;
  const char *type, *version, *description, *given;
  JsonNode *settings;
  JsonObject *env;

  if (body == NULL)
    return respond_error (req, error, NULL);

  given = eoc_json_member_string (body, "name", TRUE, &error);
  if (error != NULL)
    return respond_error (req, error, NULL);
  name = eoc_name_validate (given, &error);
  if (error != NULL)
    return respond_error (req, error, NULL);

  type = eoc_json_member_string (body, "type", TRUE, &error);
  if (error != NULL)
    return respond_error (req, error, NULL);
  if (g_strcmp0 (type, "production") != 0 && g_strcmp0 (type, "non_production") != 0)
    return respond_error_literal (req, EOC_API_ERROR_BAD_REQUEST,
                                  "“type” must be production or non_production");

  version = eoc_json_member_string (body, "version", TRUE, &error);
  if (error != NULL)
    return respond_error (req, error, NULL);
  if (!eoc_store_has_version (req->ctx->store, version))
    return respond_error_literal (req, EOC_API_ERROR_INVALID_VERSION,
                                  "“version” is not a version this service knows (see /versions)");

  description = eoc_json_member_string (body, "description", FALSE, &error);
  if (error != NULL)
    return respond_error (req, error, NULL);
  if (description != NULL && (!g_utf8_validate (description, -1, NULL) ||
                              g_utf8_strlen (description, -1) > 1000))
    return respond_error_literal (req, EOC_API_ERROR_BAD_REQUEST,
                                  "“description” must be at most 1000 characters long");

  settings = json_object_get_member (body, "settings");
  if (settings != NULL && !JSON_NODE_HOLDS_OBJECT (settings))
    return respond_error_literal (req, EOC_API_ERROR_BAD_REQUEST, "“settings” must be an object");

  env = eoc_engine_create_environment (req->ctx, name, type, version, description, settings, NULL,
                                       req->caller->name, &error);
  if (env == NULL)
    return respond_error_for_name (req, error, name);
  respond_object (req, 201, env);
}

static void
route_get_environment (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *env = eoc_store_get_environment (req->ctx->store, req->params[0], &error);

  if (env == NULL)
    return respond_error (req, error, NULL);
  respond_object (req, 200, env);
}

/* Answers 202 with the operation a start function returned, or its error. */
static void
respond_operation (Request    *req,
                   JsonObject *op,
                   GError     *error,
                   JsonObject *details)
{
  if (op == NULL)
    return respond_error (req, error, details);
  respond_object (req, 202, op);
}

static void
route_update (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = body_object (req, TRUE, &error);
  g_autoptr(JsonObject) details = NULL;
  JsonObject *op;
  const char *version;
  gboolean safety;

  if (body == NULL)
    return respond_error (req, error, NULL);
  version = eoc_json_member_string (body, "version", TRUE, &error);
  if (error != NULL || !eoc_json_member_boolean (body, "safety_backup", FALSE, &safety, &error))
    return respond_error (req, error, NULL);

  op = eoc_engine_start_update (req->ctx, req->params[0], version, safety, req->caller->name,
                                &details, &error);
  respond_operation (req, op, error, details);
}

static void
route_power (Request  *req,
             gboolean  start)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) details = NULL;
  JsonObject *op;

  op = eoc_engine_start_power (req->ctx, req->params[0], start, req->caller->name,
                               &details, &error);
  respond_operation (req, op, error, details);
}

static void
route_start (Request *req)
{
  route_power (req, TRUE);
}

static void
route_stop (Request *req)
{
  route_power (req, FALSE);
}

static void
respond_file (Request    *req,
              const char *path,
              const char *expected_sha256,
              const char *download_name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  g_autoptr(GMappedFile) mapped = NULL;

  sha256 = eoc_file_sha256 (path, NULL, &error);
  if (sha256 == NULL)
    return respond_error (req, error, NULL);
  if (expected_sha256 != NULL && g_strcmp0 (sha256, expected_sha256) != 0)
    return respond_error_literal (req, EOC_API_ERROR_BACKUP_CORRUPT,
                                  "The stored file is damaged (its SHA-256 no longer matches)");

  mapped = g_mapped_file_new (path, FALSE, &error);
  if (mapped == NULL)
    return respond_error (req, error, NULL);

  req->status = 200;
  req->file = g_mapped_file_get_bytes (mapped);
  req->file_name = g_strdup (download_name);
  req->file_sha256 = g_steal_pointer (&sha256);
}

/* A file name safe to put in a Content-Disposition header. */
static char *
download_name (const char *name)
{
  GString *safe = g_string_new (NULL);

  for (const char *p = name; *p != '\0'; p++)
    g_string_append_c (safe, g_ascii_isalnum (*p) || *p == '-' || *p == '.' ? *p : '_');
  g_string_append (safe, ".zip");
  return g_string_free (safe, FALSE);
}

static void
route_configuration (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) env = eoc_store_get_environment (req->ctx->store, req->params[0], &error);
  g_autofree char *file = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;

  if (env == NULL ||
      !eoc_store_get_configuration (req->ctx->store, req->params[0], &file, &sha256, &error))
    return respond_error (req, error, NULL);

  path = eoc_context_path (req->ctx, "environments", json_object_get_string_member (env, "id"),
                           file, NULL);
  name = download_name (json_object_get_string_member (env, "name"));
  respond_file (req, path, sha256, name);
}

static void
route_list_backups (Request *req)
{
  g_autoptr(GError) error = NULL;
  const char *query = req->query != NULL ? g_hash_table_lookup (req->query, "q") : NULL;
  JsonArray *backups;
  gint64 cursor, next = 0;
  guint limit;

  if (!query_paging (req, &limit, &cursor, &error))
    return respond_error (req, error, NULL);
  if (query != NULL && (*query == '\0'))
    query = NULL;
  if (query != NULL && (!g_utf8_validate (query, -1, NULL) || strlen (query) > 200))
    return respond_error_literal (req, EOC_API_ERROR_BAD_REQUEST,
                                  "“q” must be text of at most 200 bytes");

  backups = eoc_store_list_backups (req->ctx->store, req->params[0], limit, cursor, query, &next,
                                    &error);
  if (backups == NULL)
    return respond_error (req, error, NULL);
  respond_list (req, "backups", backups, next);
}

static void
route_suggested_name (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) env = eoc_store_get_environment (req->ctx->store, req->params[0], &error);
  g_autofree char *name = NULL;
  JsonObject *object;

  if (env == NULL)
    return respond_error (req, error, NULL);

  name = eoc_engine_suggest_backup_name (req->ctx, req->params[0], "backup");
  object = json_object_new ();
  json_object_set_string_member (object, "name", name);
  respond_object (req, 200, object);
}

static void
route_create_backup (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = body_object (req, FALSE, &error);
  g_autoptr(JsonObject) details = NULL;
  g_autoptr(JsonObject) backup = NULL;
  g_autofree char *name = NULL;
  const char *given;
  JsonObject *op, *object;

  if (body == NULL)
    return respond_error (req, error, NULL);

  given = eoc_json_member_string (body, "name", FALSE, &error);
  if (error != NULL)
    return respond_error (req, error, NULL);
  if (given != NULL && (name = eoc_name_validate (given, &error)) == NULL)
    return respond_error (req, error, NULL);

  op = eoc_engine_start_backup (req->ctx, req->params[0], name, "manual", req->caller->name,
                                &backup, &details, &error);
  if (op == NULL)
    return respond_error (req, error, details);

  object = json_object_new ();
  if (backup != NULL)
    json_object_set_object_member (object, "backup", g_steal_pointer (&backup));
  json_object_set_object_member (object, "operation", op);
  respond_object (req, 202, object);
}

static void
route_get_backup (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *backup = eoc_store_get_backup (req->ctx->store, req->params[0], req->params[1], &error);

  if (backup == NULL)
    return respond_error (req, error, NULL);
  respond_object (req, 200, backup);
}

static void
route_delete_backup (Request *req)
{
  g_autoptr(GError) error = NULL;

  if (!eoc_engine_delete_backup (req->ctx, req->params[0], req->params[1], req->caller->name,
                                 &error))
    return respond_error (req, error, NULL);
  req->status = 204;
}

static void
route_backup_content (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) backup =
    eoc_store_get_backup (req->ctx->store, req->params[0], req->params[1], &error);
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;

  if (backup == NULL)
    return respond_error (req, error, NULL);
  if (g_strcmp0 (json_object_get_string_member (backup, "state"), "available") != 0)
    return respond_error_literal (req, EOC_API_ERROR_INVALID_STATE,
                                  "This backup is still being created");

  path = eoc_engine_backup_path (req->ctx, json_object_get_string_member (backup, "id"));
  name = download_name (json_object_get_string_member (backup, "name"));
  respond_file (req, path, json_object_get_string_member (backup, "sha256"), name);
}

/* The Changes object between the current configuration and the file at @path. */
static void
respond_changes (Request    *req,
                 const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *current_path = NULL;
  g_autoptr(EocConfiguration) current = NULL;
  g_autoptr(EocConfiguration) target = NULL;
  g_autoptr(JsonNode) changes = NULL;

  current_path = eoc_engine_configuration_path (req->ctx, req->params[0], &error);
  if (current_path == NULL)
    return respond_error (req, error, NULL);

  current = eoc_configuration_read (current_path, &req->ctx->limits, NULL, &error);
  if (current == NULL)
    return respond_error (req, error, NULL);
  target = eoc_configuration_read (path, &req->ctx->limits, NULL, &error);
  if (target == NULL)
    return respond_error (req, error, NULL);

  changes = eoc_configuration_diff (current, target);
  respond_object (req, 200, json_object_ref (json_node_get_object (changes)));
}

static void
route_backup_changes (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) backup =
    eoc_store_get_backup (req->ctx->store, req->params[0], req->params[1], &error);
  g_autofree char *path = NULL;

  if (backup == NULL)
    return respond_error (req, error, NULL);
  if (g_strcmp0 (json_object_get_string_member (backup, "state"), "available") != 0)
    return respond_error_literal (req, EOC_API_ERROR_INVALID_STATE,
                                  "This backup is still being created");

  path = eoc_engine_backup_path (req->ctx, json_object_get_string_member (backup, "id"));
  respond_changes (req, path);
}

static void
route_restore (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = body_object (req, FALSE, &error);
  g_autoptr(JsonObject) details = NULL;
  JsonObject *op;
  gboolean safety;

  if (body == NULL || !eoc_json_member_boolean (body, "safety_backup", FALSE, &safety, &error))
    return respond_error (req, error, NULL);

  op = eoc_engine_start_restore (req->ctx, req->params[0], req->params[1], safety,
                                 req->caller->name, &details, &error);
  respond_operation (req, op, error, details);
}

static void
route_get_upload (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *upload = eoc_store_get_upload (req->ctx->store, req->params[0], req->params[1], &error);

  if (upload == NULL)
    return respond_error (req, error, NULL);
  respond_object (req, 200, upload);
}

static void
route_delete_upload (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) upload =
    eoc_store_get_upload (req->ctx->store, req->params[0], req->params[1], &error);
  g_autofree char *path = NULL;

  if (upload == NULL)
    return respond_error (req, error, NULL);

  path = eoc_engine_upload_path (req->ctx, json_object_get_string_member (upload, "id"));
  eoc_store_delete_upload (req->ctx->store, json_object_get_string_member (upload, "id"));
  g_unlink (path);
  req->status = 204;
}

static void
route_upload_changes (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) upload =
    eoc_store_get_upload (req->ctx->store, req->params[0], req->params[1], &error);
  g_autofree char *path = NULL;

  if (upload == NULL)
    return respond_error (req, error, NULL);

  path = eoc_engine_upload_path (req->ctx, json_object_get_string_member (upload, "id"));
  respond_changes (req, path);
}

static void
route_import (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = body_object (req, TRUE, &error);
  g_autoptr(JsonObject) details = NULL;
  JsonObject *op;
  const char *upload_id;
  gboolean safety;

  if (body == NULL)
    return respond_error (req, error, NULL);
  upload_id = eoc_json_member_string (body, "upload_id", TRUE, &error);
  if (error != NULL || !eoc_json_member_boolean (body, "safety_backup", FALSE, &safety, &error))
    return respond_error (req, error, NULL);

  op = eoc_engine_start_import (req->ctx, req->params[0], upload_id, safety,
                                req->caller->name, &details, &error);
  respond_operation (req, op, error, details);
}

static void
route_get_schedule (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *schedule = eoc_scheduler_get (req->ctx, req->params[0], &error);

  if (schedule == NULL)
    return respond_error (req, error, NULL);
  respond_object (req, 200, schedule);
}

static void
route_set_schedule (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = body_object (req, TRUE, &error);
  JsonObject *schedule;

  if (body == NULL)
    return respond_error (req, error, NULL);

  schedule = eoc_scheduler_set (req->ctx, req->params[0], body, req->caller->name, &error);
  if (schedule == NULL)
    return respond_error (req, error, NULL);
  respond_object (req, 200, schedule);
}

static void
route_activity (Request *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) env = eoc_store_get_environment (req->ctx->store, req->params[0], &error);
  gint64 cursor, next = 0;
  guint limit;
  JsonArray *activity;

  if (env == NULL || !query_paging (req, &limit, &cursor, &error))
    return respond_error (req, error, NULL);

  activity = eoc_store_list_activity (req->ctx->store, req->params[0], limit, cursor, &next);
  respond_list (req, "activity", activity, next);
}

static void
route_operation (Request *req)
{
  g_autoptr(GError) error = NULL;
  JsonObject *op = eoc_store_get_operation (req->ctx->store, req->params[0], &error);

  if (op == NULL)
    return respond_error (req, error, NULL);
  respond_object (req, 200, op);
}

/* Uploads: the body was streamed to a temporary file as it arrived. */

typedef struct {
  EocContext    *ctx;
  char          *path;       /* the temporary file */
  GOutputStream *stream;
  guint64        received;
  GChecksum     *checksum;   /* of the bytes written, as they come */
  GError        *error;
  gboolean       claimed;    /* the worker took the file over */
} Upload;

static void
upload_free (gpointer data)
{
  Upload *upload = data;

  if (upload->stream != NULL)
    g_output_stream_close (upload->stream, NULL, NULL);
  g_clear_object (&upload->stream);
  /* A body cut short, or refused: nothing stays on disk. */
  if (!upload->claimed && upload->path != NULL)
    g_unlink (upload->path);
  g_free (upload->path);
  g_clear_pointer (&upload->checksum, g_checksum_free);
  g_clear_error (&upload->error);
  g_free (upload);
}

static const char *
upload_file_name (Request *req)
{
  const char *name = req->query != NULL ? g_hash_table_lookup (req->query, "filename") : NULL;

  if (name == NULL || *name == '\0' || strlen (name) > 255 || !g_utf8_validate (name, -1, NULL))
    return "configuration.zip";
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)) || *p == '/' || *p == '\\')
      return "configuration.zip";
  return name;
}

static void route_upload_store (Request *req, Upload *upload);

static void
route_upload (Request *req)
{
  Upload *upload = g_object_get_data (G_OBJECT (req->msg), "eoc-upload");

  route_upload_store (req, upload);

  /* Whatever was refused leaves nothing behind, before the answer goes out: the
   * message (and upload_free) may outlive the answer the client already has. */
  if (upload != NULL && !upload->claimed && upload->path != NULL)
    {
      if (upload->stream != NULL)
        g_output_stream_close (upload->stream, NULL, NULL);
      g_clear_object (&upload->stream);
      g_unlink (upload->path);
      upload->claimed = TRUE;
    }
}

static void
route_upload_store (Request *req,
                    Upload  *upload)
{
  EocContext *ctx = req->ctx;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) env = NULL;
  g_autoptr(EocConfiguration) configuration = NULL;
  g_autoptr(JsonObject) details = NULL;
  g_autofree char *id = NULL;
  g_autofree char *dest = NULL;
  JsonObject *object;
  int fd;

  if (upload == NULL || upload->stream == NULL)
    return respond_error_literal (req, EOC_API_ERROR_BAD_REQUEST, "The upload has no body");

  if (upload->error != NULL)
    return respond_error (req, upload->error, NULL);

  /* Durable before it is acknowledged. */
  fd = g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (upload->stream));
  if (fsync (fd) != 0)
    {
      int saved = errno;

      g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (saved), "Could not store the file: %s",
                   g_strerror (saved));
      return respond_error (req, error, NULL);
    }
  if (!g_output_stream_close (upload->stream, NULL, &error))
    return respond_error (req, error, NULL);
  g_clear_object (&upload->stream);

  env = eoc_store_get_environment (ctx->store, req->params[0], &error);
  if (env == NULL)
    return respond_error (req, error, NULL);

  configuration = eoc_configuration_read_with_sha256 (upload->path, &ctx->limits,
                                                      g_checksum_get_string (upload->checksum),
                                                      ctx->shutdown, &error);
  if (configuration == NULL)
    {
      g_autoptr(GError) api = eoc_api_error_from_error (error);

      if (api->code == EOC_API_ERROR_INVALID_CONFIGURATION)
        {
          details = json_object_new ();
          json_object_set_string_member (details, "reason", error->message);
        }
      return respond_error (req, api, details);
    }

  if (!eoc_engine_check_versions (json_object_get_string_member (env, "version"),
                                  configuration->environment_version, &details, &error))
    return respond_error (req, error, details);

  id = eoc_new_id ();
  dest = eoc_engine_upload_path (ctx, id);
  if (!eoc_rename_durable (upload->path, dest, &error))
    return respond_error (req, error, NULL);
  upload->claimed = TRUE;

  object = eoc_store_add_upload (ctx->store, id, req->params[0], req->caller->name,
                                 upload_file_name (req), configuration->size, configuration->sha256,
                                 configuration->environment_version,
                                 eoc_now () + ctx->upload_ttl, &error);
  if (object == NULL)
    {
      g_unlink (dest);
      return respond_error (req, error, NULL);
    }

  respond_object (req, 201, object);
}

/* The route table. */

typedef struct {
  const char *method;
  const char *pattern;    /* segments after /api/v1/, "*" for an id */
  EocRole     role;
  RouteFunc   func;
  gboolean    cached;     /* the answer depends only on the store, not on the caller or time */
} Route;

static const Route routes[] = {
  { "GET", "me", EOC_ROLE_VIEWER, route_me },
  { "GET", "users", EOC_ROLE_ADMIN, route_list_users },
  { "POST", "users", EOC_ROLE_ADMIN, route_create_user },
  { "DELETE", "users/*", EOC_ROLE_ADMIN, route_delete_user },
  { "GET", "versions", EOC_ROLE_VIEWER, route_versions, TRUE },
  { "GET", "environments", EOC_ROLE_VIEWER, route_list_environments, TRUE },
  { "POST", "environments", EOC_ROLE_ADMIN, route_create_environment },
  { "GET", "environments/*", EOC_ROLE_VIEWER, route_get_environment, TRUE },
  { "POST", "environments/*/update", EOC_ROLE_OPERATOR, route_update },
  { "POST", "environments/*/start", EOC_ROLE_OPERATOR, route_start },
  { "POST", "environments/*/stop", EOC_ROLE_OPERATOR, route_stop },
  { "GET", "environments/*/configuration", EOC_ROLE_VIEWER, route_configuration },
  { "GET", "environments/*/backups", EOC_ROLE_VIEWER, route_list_backups, TRUE },
  { "POST", "environments/*/backups", EOC_ROLE_OPERATOR, route_create_backup },
  { "GET", "environments/*/backups/suggested-name", EOC_ROLE_VIEWER, route_suggested_name },
  { "GET", "environments/*/backups/*", EOC_ROLE_VIEWER, route_get_backup, TRUE },
  { "DELETE", "environments/*/backups/*", EOC_ROLE_OPERATOR, route_delete_backup },
  { "GET", "environments/*/backups/*/content", EOC_ROLE_VIEWER, route_backup_content },
  { "GET", "environments/*/backups/*/changes", EOC_ROLE_VIEWER, route_backup_changes },
  { "POST", "environments/*/backups/*/restore", EOC_ROLE_OPERATOR, route_restore },
  { "POST", "environments/*/uploads", EOC_ROLE_OPERATOR, route_upload },
  { "GET", "environments/*/uploads/*", EOC_ROLE_VIEWER, route_get_upload },
  { "DELETE", "environments/*/uploads/*", EOC_ROLE_OPERATOR, route_delete_upload },
  { "GET", "environments/*/uploads/*/changes", EOC_ROLE_VIEWER, route_upload_changes },
  { "POST", "environments/*/import", EOC_ROLE_OPERATOR, route_import },
  { "GET", "environments/*/schedule", EOC_ROLE_VIEWER, route_get_schedule },
  { "PUT", "environments/*/schedule", EOC_ROLE_OPERATOR, route_set_schedule },
  { "GET", "environments/*/activity", EOC_ROLE_VIEWER, route_activity, TRUE },
  { "GET", "operations/*", EOC_ROLE_VIEWER, route_operation, TRUE },
};

/* The end of the segment that starts at @p. */
static const char *
segment_end (const char *p)
{
  const char *end = strchr (p, '/');

  return end != NULL ? end : p + strlen (p);
}

/*
 * Whether @path's segments match @pattern's ("*" for an id of 1 to 128 bytes); when
 * @params is given, collects the ids. Allocates nothing unless collecting: it runs for
 * every route on every request.
 */
static gboolean
match_pattern (const char *pattern,
               const char *path,
               char       *params[3])
{
  const char *p = pattern, *s = path;
  guint n_params = 0;

  for (;;)
    {
      const char *p_end = segment_end (p);
      const char *s_end = segment_end (s);
      gsize p_length = (gsize) (p_end - p), s_length = (gsize) (s_end - s);

      if (p_length == 1 && *p == '*')
        {
          if (s_length == 0 || s_length > 128)
            return FALSE;
          if (params != NULL && n_params < 3)
            params[n_params++] = g_strndup (s, s_length);
        }
      else if (p_length != s_length || strncmp (p, s, p_length) != 0)
        return FALSE;

      if (*p_end == '\0' || *s_end == '\0')
        return *p_end == '\0' && *s_end == '\0';
      p = p_end + 1;
      s = s_end + 1;
    }
}

/*
 * Finds the route for @method and @path (already stripped of /api/v1/).
 * Returns NULL with *@path_known set when the path exists for other methods.
 */
static const Route *
find_route (const char *method,
            const char *path,
            char       *params[3],
            gboolean   *path_known)
{
  *path_known = FALSE;

  for (guint r = 0; r < G_N_ELEMENTS (routes); r++)
    {
      if (!match_pattern (routes[r].pattern, path, NULL))
        continue;

      /* "suggested-name" is a fixed segment, not a backup id. */
      if (g_str_equal (routes[r].pattern, "environments/*/backups/*") &&
          g_str_has_suffix (path, "/suggested-name"))
        continue;

      *path_known = TRUE;
      if (!g_str_equal (routes[r].method, method))
        continue;

      match_pattern (routes[r].pattern, path, params);
      return &routes[r];
    }

  return NULL;
}

/* Handling. */

static const char *
bearer_token (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    return NULL;
  return authorization + 7;
}

/* Whether @name appears more than once in @headers (libsoup joins repeated
 * headers with ", " and answers one of them, unspecified which, for get_one). */
static gboolean
header_repeated (SoupMessageHeaders *headers,
                 const char         *name)
{
  const char *list = soup_message_headers_get_list (headers, name);

  return list != NULL && strchr (list, ',') != NULL;
}

/* Checks who is calling and whether they may; sets an error answer on @msg when not. */
static EocCaller *
authorize (EocServer         *self,
           SoupServerMessage *msg,
           EocRole            required)
{
  EocCaller *caller;

  /* Two tokens: which one is meant is a guess; refuse rather than pick. */
  if (header_repeated (soup_server_message_get_request_headers (msg), "Authorization"))
    {
      message_set_error (msg, EOC_API_ERROR_BAD_REQUEST,
                         "Send one Authorization header, not several", NULL);
      return NULL;
    }

  caller = eoc_context_find_caller (self->ctx, bearer_token (msg));
  if (caller == NULL)
    {
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

      soup_message_headers_replace (headers, "WWW-Authenticate", "Bearer realm=\"eoc\"");
      message_set_error (msg, EOC_API_ERROR_UNAUTHORIZED,
                         "Sign in with a valid token (Authorization: Bearer TOKEN)", NULL);
      return NULL;
    }

  if (caller->role < required)
    {
      g_autoptr(JsonObject) details = json_object_new ();
      g_autofree char *message =
        g_strdup_printf ("Your role (%s) may not do this; it needs the %s role",
                         eoc_role_to_string (caller->role), eoc_role_to_string (required));

      json_object_set_string_member (details, "required_role", eoc_role_to_string (required));
      message_set_error (msg, EOC_API_ERROR_FORBIDDEN, message, details);
      eoc_caller_free (caller);
      return NULL;
    }

  return caller;
}

/* The cache. */

static gint
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* "path?a=1&b=2", the query sorted, so that the same request finds the same answer. */
static char *
cache_key (const char *path,
           GHashTable *query)
{
  GString *key = g_string_new (path);

  if (query != NULL && g_hash_table_size (query) > 0)
    {
      g_autofree gpointer *names = g_hash_table_get_keys_as_array (query, NULL);
      guint n = g_hash_table_size (query);

      g_qsort_with_data (names, (gint) n, sizeof (gpointer), (GCompareDataFunc) compare_names,
                         NULL);
      for (guint i = 0; i < n; i++)
        {
          g_string_append_c (key, i == 0 ? '?' : '&');
          g_string_append_uri_escaped (key, names[i], NULL, FALSE);
          g_string_append_c (key, '=');
          g_string_append_uri_escaped (key, g_hash_table_lookup (query, names[i]), NULL, FALSE);
        }
    }
  return g_string_free (key, FALSE);
}

/* Whether If-None-Match names @etag. */
static gboolean
etag_matches (SoupServerMessage *msg,
              const char        *etag)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *match = soup_message_headers_get_list (headers, "If-None-Match");

  if (match == NULL)
    return FALSE;
  while (*match == ' ')
    match++;
  return strstr (match, etag) != NULL || g_str_has_prefix (match, "*");
}

/* Holds an answer's bytes back until all of it is written (uncork_cb).
 * libsoup writes the status line and headers, then the body, each with a
 * send() of its own: without this, each goes out as a TCP segment of its own
 * and wakes the client twice. One segment per answer saves the client about a
 * tenth of its time per request (measured with wrk, README: Performance). */
static void
message_cork (SoupServerMessage *msg,
              gboolean           cork)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  int value = cork;

  if (socket != NULL)
    setsockopt (g_socket_get_fd (socket), IPPROTO_TCP, TCP_CORK, &value, sizeof value);
}

/* The answer is written (or will never be): let it go. */
static void
uncork_cb (SoupServer        *soup,
           SoupServerMessage *msg,
           gpointer           data)
{
  message_cork (msg, FALSE);
}

/* Answers with @answer, or 304 when the client already has it. */
static void
message_set_cached (SoupServerMessage  *msg,
                    const CachedAnswer *answer)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  /* Appended, not replaced, and the type as plain text: this runs for most
   * requests, and nothing set these headers before. */
  soup_message_headers_append (headers, "ETag", answer->etag);
  /* Kept, but checked each time: the ETag makes that cheap. */
  soup_message_headers_append (headers, "Cache-Control", "no-cache");
  if (etag_matches (msg, answer->etag))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  message_cork (msg, TRUE);
  soup_message_headers_append (headers, "Content-Type", "application/json");
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), answer->body);
}

/* Any thread: the answer for @key, if still current (a new reference). */
static CachedAnswer *
cache_lookup (EocServer  *self,
              const char *key)
{
  gint64 generation = eoc_store_get_generation (self->ctx->store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->cache_mutex);
  CachedAnswer *answer = g_hash_table_lookup (self->cache, key);

  if (answer == NULL)
    return NULL;
  if (answer->generation != generation)
    {
      g_hash_table_remove (self->cache, key);
      return NULL;
    }
  return g_atomic_rc_box_acquire (answer);
}

/* Any thread: keeps @req's answer (a new reference). */
static CachedAnswer *
cache_insert (EocServer *self,
              Request   *req)
{
  CachedAnswer *answer = g_atomic_rc_box_new0 (CachedAnswer);
  char *text = g_steal_pointer (&req->response);
  g_autoptr(GMutexLocker) locker = NULL;

  answer->generation = req->generation;
  answer->body = g_bytes_new_take (text, strlen (text));
  answer->etag = g_steal_pointer (&req->etag);

  locker = g_mutex_locker_new (&self->cache_mutex);
  if (g_hash_table_size (self->cache) >= CACHE_MAX_ENTRIES)
    g_hash_table_remove_all (self->cache);
  g_hash_table_replace (self->cache, g_strdup (req->cache_key), g_atomic_rc_box_acquire (answer));
  return answer;
}

static void
message_finished_cb (SoupServerMessage *msg,
                     Request           *req)
{
  req->finished = TRUE;
}

static void
worker_cb (GTask        *task,
           gpointer      source,
           gpointer      data,
           GCancellable *cancellable)
{
  Request *req = data;

  /* Read before the route reads the store: a change meanwhile makes the answer stale, not wrong. */
  if (req->cache_key != NULL)
    req->generation = eoc_store_get_generation (req->ctx->store);

  req->func (req);

  if (req->cache_key != NULL && req->status == SOUP_STATUS_OK && req->response != NULL)
    {
      g_autofree char *sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, req->response, -1);

      req->etag = g_strdup_printf ("\"%.32s\"", sha256);
    }
  g_task_return_boolean (task, TRUE);
}

static void
answer_message (Request *req)
{
  SoupServerMessage *msg = req->msg;
  SoupMessageHeaders *headers;

  headers = soup_server_message_get_response_headers (msg);
  soup_server_message_set_status (msg, req->status != 0 ? req->status : 500, NULL);

  if (req->file != NULL)
    {
      g_autofree char *disposition = g_strdup_printf ("attachment; filename=\"%s\"", req->file_name);

      soup_message_headers_replace (headers, "Content-Disposition", disposition);
      soup_message_headers_replace (headers, "X-Content-SHA256", req->file_sha256);
      soup_message_headers_set_content_type (headers, "application/zip", NULL);
      soup_message_body_append_bytes (soup_server_message_get_response_body (msg), req->file);
    }
  else if (req->etag != NULL)
    {
      g_autoptr(CachedAnswer) answer = cache_insert (req->server, req);

      message_set_cached (msg, answer);
      soup_server_message_unpause (msg);
      return;
    }
  else if (req->response != NULL)
    {
      char *text = g_steal_pointer (&req->response);

      message_cork (msg, TRUE);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text,
                                        strlen (text));
    }

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_server_message_unpause (msg);
}

static void
answered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Request *req = g_task_get_task_data (G_TASK (result));

  /* Unless the client went away. */
  if (!req->finished)
    answer_message (req);
  request_release_message (req);
}

static void
handler_cb (SoupServer        *soup,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           data)
{
  EocServer *self = data;
  g_autoptr(Request) req = NULL;
  g_autoptr(GTask) task = NULL;
  const char *method = soup_server_message_get_method (msg);
  const Route *route;
  gboolean path_known;
  EocCaller *caller;
  SoupMessageBody *body;

  /* The early handler already answered (a body too large, say): keep its answer. */
  if (soup_server_message_get_status (msg) != 0)
    return;

  if (g_str_equal (path, API_PREFIX "/health"))
    {
      const char *text = "{\"status\":\"ok\",\"version\":\"" PACKAGE_VERSION "\"}";

      if (!g_str_equal (method, "GET") && !g_str_equal (method, "HEAD"))
        return message_set_error (msg, EOC_API_ERROR_METHOD_NOT_ALLOWED,
                                  "Use GET on this path", NULL);
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, text,
                                        strlen (text));
      return;
    }

  /* A NUL in the query would cut its value short once decoded ("cursor=1%00x" read as 1). */
  {
    const char *raw_query = g_uri_get_query (soup_server_message_get_uri (msg));

    if (raw_query != NULL && strstr (raw_query, "%00") != NULL)
      return message_set_error (msg, EOC_API_ERROR_BAD_REQUEST,
                                "The query must not contain NUL characters", NULL);
  }

  req = request_new (self);
  if (!g_str_has_prefix (path, API_PREFIX "/"))
    return message_set_error (msg, EOC_API_ERROR_NOT_FOUND, "There is nothing at this path", NULL);

  route = find_route (method, path + strlen (API_PREFIX "/"), req->params, &path_known);
  if (route == NULL)
    {
      if (path_known)
        return message_set_error (msg, EOC_API_ERROR_METHOD_NOT_ALLOWED,
                                  "This path does not take that method", NULL);
      return message_set_error (msg, EOC_API_ERROR_NOT_FOUND, "There is nothing at this path", NULL);
    }

  caller = authorize (self, msg, route->role);
  if (caller == NULL)
    return;

  /* Read-only and unchanged since it was last answered: straight from the cache, no worker. */
  if (route->cached)
    {
      g_autofree char *key = cache_key (path, query);
      g_autoptr(CachedAnswer) answer = cache_lookup (self, key);

      if (answer != NULL)
        {
          eoc_caller_free (caller);
          return message_set_cached (msg, answer);
        }
      req->cache_key = g_steal_pointer (&key);
    }

  req->ctx = self->ctx;
  req->msg = g_object_ref (msg);
  req->caller = caller;
  req->func = route->func;
  if (query != NULL)
    req->query = g_hash_table_ref (query);

  body = soup_server_message_get_request_body (msg);
  if (body != NULL && body->length > 0 && route->func != route_upload)
    req->body = soup_message_body_flatten (body);

  req->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (message_finished_cb), req);
  /* Stopping closes connections with messages paused on them without finishing
   * those: answering one then would fail a check in libsoup. */
  req->disconnected_id = g_signal_connect (msg, "disconnected", G_CALLBACK (message_finished_cb),
                                           req);

  soup_server_message_pause (msg);
  task = g_task_new (self, NULL, answered_cb, NULL);
  g_task_set_task_data (task, g_steal_pointer (&req), (GDestroyNotify) request_free);
  g_task_run_in_thread (task, worker_cb);
}

/* Early: refuse what is too large before reading it, and stream uploads to disk. */

typedef struct {
  SoupServerMessage *msg;
  Upload            *upload;
  GBytes            *chunk;
} ChunkWrite;

static void
chunk_written_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  ChunkWrite *write = data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error) &&
      write->upload->error == NULL)
    write->upload->error = g_steal_pointer (&error);

  soup_server_message_unpause (write->msg);
  g_object_unref (write->msg);
  g_bytes_unref (write->chunk);
  g_free (write);
}

static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              Upload            *upload)
{
  ChunkWrite *write;
  gsize size;
  const guint8 *data = g_bytes_get_data (chunk, &size);

  upload->received += size;
  if (upload->error != NULL || upload->stream == NULL || size == 0)
    return;

  /* Hashed as it comes: validating the file then reads it through SHA-256 once. */
  g_checksum_update (upload->checksum, data, (gssize) size);

  /* Backpressure: read no more until this chunk is on disk. */
  write = g_new0 (ChunkWrite, 1);
  write->msg = g_object_ref (msg);
  write->upload = upload;
  write->chunk = g_bytes_ref (chunk);
  soup_server_message_pause (msg);
  g_output_stream_write_all_async (upload->stream, data, size, G_PRIORITY_DEFAULT, NULL,
                                   chunk_written_cb, write);
}

static gboolean
is_upload_path (const char *method,
                const char *path)
{
  return g_str_equal (method, "POST") && g_str_has_prefix (path, API_PREFIX "/") &&
         match_pattern ("environments/*/uploads", path + strlen (API_PREFIX "/"), NULL);
}

/* Answers @code right away on the raw connection and closes it, without
 * reading the body: for requests whose body cannot be framed (repeated or
 * negative Content-Length), where reading it would mean guessing where the
 * next request starts. */
typedef struct {
  GIOStream *stream;
  char      *text;
} RawAnswer;

static void
raw_answer_closed_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  RawAnswer *answer = data;

  g_io_stream_close_finish (G_IO_STREAM (source), result, NULL);
  g_object_unref (answer->stream);
  g_free (answer->text);
  g_free (answer);
}

static void
raw_answer_written_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      data)
{
  RawAnswer *answer = data;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);
  g_io_stream_close_async (answer->stream, G_PRIORITY_DEFAULT, NULL, raw_answer_closed_cb, answer);
}

static void
refuse_and_close (SoupServerMessage *msg,
                  EocApiError        code,
                  const char        *message)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *body = NULL;
  RawAnswer *answer;
  guint status = eoc_api_error_http_status (code);

  json_node_take_object (node, error_object (code, message, NULL));
  body = node_text (node);

  answer = g_new0 (RawAnswer, 1);
  answer->stream = soup_server_message_steal_connection (msg);
  answer->text = g_strdup_printf ("HTTP/1.1 %u %s\r\n"
                                  "Content-Type: application/json\r\n"
                                  "Content-Length: %zu\r\n"
                                  "Cache-Control: no-store\r\n"
                                  "Connection: close\r\n\r\n%s",
                                  status, soup_status_get_phrase (status), strlen (body), body);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (answer->stream), answer->text,
                                   strlen (answer->text), G_PRIORITY_DEFAULT, NULL,
                                   raw_answer_written_cb, answer);
}

/* Whether the request's Content-Length, if any, is one plain number. */
static gboolean
content_length_valid (SoupMessageHeaders *headers)
{
  const char *value = soup_message_headers_get_list (headers, "Content-Length");
  guint64 length;

  if (value == NULL)
    return TRUE;
  return g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT64, &length, NULL);
}

static void
early_handler_cb (SoupServer        *soup,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           data)
{
  EocServer *self = data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);
  goffset length = soup_message_headers_get_content_length (headers);
  g_autoptr(EocCaller) caller = NULL;
  g_autofree char *tmp_name = NULL;
  g_autofree char *tmp_id = NULL;
  Upload *upload;
  int fd;

  if (!content_length_valid (headers))
    return refuse_and_close (msg, EOC_API_ERROR_BAD_REQUEST,
                             "Send one Content-Length header holding the body's length");

  if (encoding == SOUP_ENCODING_CHUNKED)
    return message_set_error (msg, EOC_API_ERROR_BAD_REQUEST,
                              "Send the body with a Content-Length, not chunked", NULL);

  if (!is_upload_path (method, path))
    {
      if (encoding == SOUP_ENCODING_CONTENT_LENGTH && length > EOC_SERVER_MAX_JSON_BODY)
        {
          g_autoptr(JsonObject) details = json_object_new ();

          json_object_set_int_member (details, "limit", EOC_SERVER_MAX_JSON_BODY);
          message_set_error (msg, EOC_API_ERROR_TOO_LARGE, "The request body is too large",
                             details);
        }
      return;
    }

  caller = authorize (self, msg, EOC_ROLE_OPERATOR);
  if (caller == NULL)
    return;

  if (encoding != SOUP_ENCODING_CONTENT_LENGTH || length <= 0)
    return message_set_error (msg, EOC_API_ERROR_BAD_REQUEST,
                              "Send the configuration file as the request body", NULL);

  if ((guint64) length > self->ctx->max_upload_size)
    {
      g_autoptr(JsonObject) details = json_object_new ();
      g_autofree char *message =
        g_strdup_printf ("The file is larger than this service accepts (%" G_GUINT64_FORMAT " bytes)",
                         self->ctx->max_upload_size);

      json_object_set_int_member (details, "limit", (gint64) self->ctx->max_upload_size);
      return message_set_error (msg, EOC_API_ERROR_TOO_LARGE, message, details);
    }

  if (eoc_store_count_uploads (self->ctx->store, caller->name) >= self->ctx->max_uploads_per_user)
    {
      g_autoptr(JsonObject) details = json_object_new ();

      json_object_set_int_member (details, "limit", self->ctx->max_uploads_per_user);
      return message_set_error (msg, EOC_API_ERROR_TOO_MANY_UPLOADS,
                                "You have too many uploads waiting; import or discard some first",
                                details);
    }

  upload = g_new0 (Upload, 1);
  upload->ctx = self->ctx;
  upload->checksum = g_checksum_new (G_CHECKSUM_SHA256);
  tmp_id = eoc_new_id ();
  tmp_name = g_strdup_printf ("upload-%s.zip", tmp_id);
  upload->path = eoc_context_path (self->ctx, "tmp", tmp_name, NULL);
  fd = open (upload->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (&upload->error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not store the upload: %s", g_strerror (saved));
    }
  else
    upload->stream = g_unix_output_stream_new (fd, TRUE);

  g_object_set_data_full (G_OBJECT (msg), "eoc-upload", upload, upload_free);
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), upload);
}

/* libsoup refuses some requests itself (an encoded "/" or NUL in the path)
 * with a bare status: give those the API's error body too. */
static void
request_read_cb (SoupServer        *soup,
                 SoupServerMessage *msg,
                 gpointer           data)
{
  guint status = soup_server_message_get_status (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  if (status < 400 || body == NULL || body->length > 0)
    return;

  if (status == SOUP_STATUS_NOT_FOUND)
    message_set_error (msg, EOC_API_ERROR_NOT_FOUND, "There is nothing at this path", NULL);
  else if (status < 500)
    message_set_error (msg, EOC_API_ERROR_BAD_REQUEST,
                       "The request's path or headers are not acceptable (an encoded “/” or "
                       "NUL in the path, say)", NULL);
  soup_server_message_set_status (msg, status, NULL);
}

/* Live events. */

static void
events_handler_cb (SoupServer        *soup,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           data)
{
  EocServer *self = data;
  g_autoptr(EocCaller) caller = authorize (self, msg, EOC_ROLE_VIEWER);

  /* Leaving the status unset lets the WebSocket handshake go ahead. */
  (void) caller;
}

static void
websocket_cb (SoupServer              *soup,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 data)
{
  EocServer *self = data;

  eoc_events_add_connection (self->ctx->events, connection);
}

/* Scheduled work, every SCHEDULER_SECONDS, on a worker. */

static void
scheduler_worker_cb (GTask        *task,
                     gpointer      source,
                     gpointer      data,
                     GCancellable *cancellable)
{
  EocServer *self = source;

  eoc_scheduler_tick (self->ctx, eoc_now ());
  g_task_return_boolean (task, TRUE);
}

static void
scheduler_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  EocServer *self = EOC_SERVER (source);

  self->scheduler_running = FALSE;
}

static gboolean scheduler_cb (gpointer data);

static gboolean
scheduler_once_cb (gpointer data)
{
  scheduler_cb (data);
  return G_SOURCE_REMOVE;
}

static gboolean
scheduler_cb (gpointer data)
{
  EocServer *self = data;
  g_autoptr(GTask) task = NULL;

  if (self->scheduler_running || g_cancellable_is_cancelled (self->ctx->shutdown))
    return G_SOURCE_CONTINUE;

  self->scheduler_running = TRUE;
  task = g_task_new (self, NULL, scheduler_done_cb, NULL);
  g_task_run_in_thread (task, scheduler_worker_cb);
  return G_SOURCE_CONTINUE;
}

/* Threads. */

static SoupServer *
soup_new (EocServer *self)
{
  SoupServer *soup = soup_server_new ("server-header", "eoc-server/" PACKAGE_VERSION " ",
                                      "tls-certificate", self->certificate,
                                      NULL);

  g_signal_connect (soup, "request-read", G_CALLBACK (request_read_cb), self);
  g_signal_connect (soup, "request-finished", G_CALLBACK (uncork_cb), NULL);
  g_signal_connect (soup, "request-aborted", G_CALLBACK (uncork_cb), NULL);
  soup_server_add_early_handler (soup, API_PREFIX, early_handler_cb, self, NULL);
  /* The early and the normal handler of a path share one entry, so both go on API_PREFIX. */
  soup_server_add_handler (soup, API_PREFIX, handler_cb, self, NULL);
  soup_server_add_handler (soup, NULL, handler_cb, self, NULL);
  soup_server_add_handler (soup, API_PREFIX "/events", events_handler_cb, self, NULL);
  soup_server_add_websocket_handler (soup, API_PREFIX "/events", NULL, NULL, websocket_cb,
                                     self, NULL);
  return soup;
}

static void
server_thread_free (ServerThread *thread)
{
  g_clear_object (&thread->soup);
  g_clear_object (&thread->socket);
  g_clear_pointer (&thread->loop, g_main_loop_unref);
  g_clear_pointer (&thread->context, g_main_context_unref);
  g_clear_error (&thread->error);
  g_free (thread);
}

static SoupServerListenOptions
listen_options (EocServer *self)
{
  return self->certificate != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0;
}

static gpointer
server_thread_run (gpointer data)
{
  ServerThread *thread = data;
  EocServer *self = thread->server;
  g_autoptr(GError) error = NULL;
  gboolean listening;

  g_main_context_push_thread_default (thread->context);
  thread->soup = soup_new (self);
  listening = soup_server_listen_socket (thread->soup, thread->socket, listen_options (self),
                                         &error);

  g_mutex_lock (&self->start_mutex);
  thread->started = TRUE;
  thread->error = g_steal_pointer (&error);
  g_cond_broadcast (&self->start_cond);
  g_mutex_unlock (&self->start_mutex);

  if (listening)
    g_main_loop_run (thread->loop);

  /* Told to stop (after every request here was answered): the server goes on
   * the thread it served. */
  soup_server_disconnect (thread->soup);
  while (g_main_context_iteration (thread->context, FALSE))
    ;
  g_clear_object (&thread->soup);
  while (g_main_context_iteration (thread->context, FALSE))
    ;
  g_main_context_pop_thread_default (thread->context);
  return NULL;
}

static gboolean
thread_quit_cb (gpointer data)
{
  ServerThread *thread = data;

  g_main_loop_quit (thread->loop);
  return G_SOURCE_REMOVE;
}

/* Ends and joins the threads of their own (not the caller's). */
static void
join_threads (EocServer *self)
{
  for (guint i = 1; i < self->threads->len; i++)
    {
      ServerThread *thread = g_ptr_array_index (self->threads, i);

      if (thread->thread == NULL)
        continue;
      /* Through the context, not g_main_loop_quit() from here: the thread
       * may not be running its loop yet. */
      g_main_context_invoke (thread->context, thread_quit_cb, thread);
      g_thread_join (g_steal_pointer (&thread->thread));
    }
  if (self->threads->len > 1)
    g_ptr_array_remove_range (self->threads, 1, self->threads->len - 1);
}

/* Listening. */

static gboolean
is_loopback (GInetAddress *address)
{
  return g_inet_address_get_is_loopback (address);
}

static GSocket *
socket_new (GSocketAddress  *address,
            GError         **error)
{
  GSocketFamily family = g_socket_address_get_family (address);
  g_autoptr(GSocket) socket = g_socket_new (family, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_DEFAULT, error);

  if (socket == NULL)
    return NULL;
  /* As libsoup does for the addresses it binds itself. */
  if (family == G_SOCKET_FAMILY_IPV6)
    g_socket_set_option (socket, IPPROTO_IPV6, IPV6_V6ONLY, TRUE, NULL);
  return g_steal_pointer (&socket);
}

/* The port @address names, or the one the kernel picks when it names 0,
 * checked free: bound without SO_REUSEPORT, so that a port another process
 * listens on is refused (with SO_REUSEPORT we would share it with them). */
static gboolean
probe_port (GSocketAddress  *address,
            guint16         *port,
            GError         **error)
{
  g_autoptr(GSocket) socket = socket_new (address, error);
  g_autoptr(GSocketAddress) local = NULL;

  if (socket == NULL || !g_socket_bind (socket, address, TRUE, error))
    return FALSE;
  local = g_socket_get_local_address (socket, error);
  if (local == NULL)
    return FALSE;
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  return g_socket_close (socket, error);
}

/* A listening socket on @address that others with SO_REUSEPORT may share. */
static GSocket *
shared_socket_new (GSocketAddress  *address,
                   GError         **error)
{
  g_autoptr(GSocket) socket = socket_new (address, error);
  struct sockaddr_storage native;
  gsize size = (gsize) g_socket_address_get_native_size (address);

  if (socket == NULL ||
      !g_socket_set_option (socket, SOL_SOCKET, SO_REUSEADDR, TRUE, error) ||
      !g_socket_set_option (socket, SOL_SOCKET, SO_REUSEPORT, TRUE, error) ||
      !g_socket_address_to_native (address, &native, sizeof native, error))
    return NULL;

  /* Not g_socket_bind(): it turns SO_REUSEPORT off on stream sockets. */
  if (bind (g_socket_get_fd (socket), (struct sockaddr *) &native, size) != 0)
    {
      int saved = errno;
      g_autofree char *text = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (address));

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Error binding to address %s: %s", text, g_strerror (saved));
      return NULL;
    }
  if (!g_socket_listen (socket, error))
    return NULL;
  return g_steal_pointer (&socket);
}

/* One listening socket a thread on @inet:@port (0: a free one), all on one port. */
static gboolean
make_sockets (EocServer     *self,
              GInetAddress  *inet,
              guint16        port,
              GError       **error)
{
  /* A port the kernel picked may be taken between the probe and the bind: pick again. */
  for (guint attempt = 0;; attempt++)
    {
      g_autoptr(GSocketAddress) requested = g_inet_socket_address_new (inet, port);
      g_autoptr(GSocketAddress) address = NULL;
      g_autoptr(GError) local_error = NULL;
      guint16 bound;
      guint i;

      if (!probe_port (requested, &bound, error))
        return FALSE;
      address = g_inet_socket_address_new (inet, bound);

      for (i = 0; i < self->threads->len; i++)
        {
          ServerThread *thread = g_ptr_array_index (self->threads, i);

          g_clear_object (&thread->socket);
          thread->socket = shared_socket_new (address, &local_error);
          if (thread->socket == NULL)
            break;
        }
      if (i == self->threads->len)
        return TRUE;

      for (i = 0; i < self->threads->len; i++)
        g_clear_object (&((ServerThread *) g_ptr_array_index (self->threads, i))->socket);
      if (port != 0 || attempt >= 2 ||
          !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
}

/* Starts the threads of their own, each listening on its socket; waits until they do. */
static gboolean
start_threads (EocServer  *self,
               GError    **error)
{
  gboolean ok = TRUE;

  for (guint i = 1; i < self->threads->len; i++)
    {
      ServerThread *thread = g_ptr_array_index (self->threads, i);
      g_autofree char *name = g_strdup_printf ("eoc-http-%u", i);

      thread->thread = g_thread_new (name, server_thread_run, thread);
    }

  g_mutex_lock (&self->start_mutex);
  for (guint i = 1; i < self->threads->len; i++)
    {
      ServerThread *thread = g_ptr_array_index (self->threads, i);

      while (!thread->started)
        g_cond_wait (&self->start_cond, &self->start_mutex);
      if (thread->error != NULL && ok)
        {
          g_propagate_error (error, g_steal_pointer (&thread->error));
          ok = FALSE;
        }
    }
  g_mutex_unlock (&self->start_mutex);

  if (!ok)
    join_threads (self);
  return ok;
}

gboolean
eoc_server_listen (EocServer   *self,
                   const char  *address,
                   gboolean     insecure,
                   GError     **error)
{
  g_autoptr(GSocketConnectable) parsed = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  ServerThread *first = g_ptr_array_index (self->threads, 0);
  const char *host;
  guint16 port;

  parsed = g_network_address_parse (address, 8420, error);
  if (parsed == NULL)
    return FALSE;

  host = g_network_address_get_hostname (G_NETWORK_ADDRESS (parsed));
  port = g_network_address_get_port (G_NETWORK_ADDRESS (parsed));
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    inet = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else
    inet = g_inet_address_new_from_string (host);

  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an IP address to listen on (use an address such as 127.0.0.1)",
                   host);
      return FALSE;
    }

  if (!is_loopback (inet) && self->certificate == NULL && !insecure)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "Refusing to listen on %s without TLS: tokens would cross the network in the "
                   "clear. Give --tls-certificate and --tls-key, or --insecure if you must", host);
      return FALSE;
    }

  /* One thread: libsoup binds the address itself, as it always did. */
  if (self->n_threads == 1)
    {
      socket_address = g_inet_socket_address_new (inet, port);
      return soup_server_listen (first->soup, socket_address, listen_options (self), error);
    }

  for (guint i = 1; i < self->n_threads; i++)
    {
      ServerThread *thread = g_new0 (ServerThread, 1);

      thread->server = self;
      thread->context = g_main_context_new ();
      thread->loop = g_main_loop_new (thread->context, FALSE);
      g_ptr_array_add (self->threads, thread);
    }

  if (!make_sockets (self, inet, port, error) ||
      !soup_server_listen_socket (first->soup, first->socket, listen_options (self), error) ||
      !start_threads (self, error))
    {
      soup_server_disconnect (first->soup);
      join_threads (self);
      return FALSE;
    }
  return TRUE;
}

char *
eoc_server_get_url (EocServer *self)
{
  ServerThread *first = g_ptr_array_index (self->threads, 0);
  GSList *uris = soup_server_get_uris (first->soup);
  char *url = NULL;

  if (uris != NULL)
    url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return url;
}

guint
eoc_server_get_n_threads (EocServer *self)
{
  return self->threads->len;
}

/* On a thread's own context: stop taking requests and close its connections. */
static gboolean
thread_stop_cb (gpointer data)
{
  ServerThread *thread = data;

  eoc_events_close_all (thread->server->ctx->events);
  if (thread->soup != NULL)
    soup_server_disconnect (thread->soup);
  return G_SOURCE_REMOVE;
}

void
eoc_server_shutdown (EocServer *self)
{
  g_clear_handle_id (&self->scheduler_id, g_source_remove);
  /* The threads go on running until the server is dropped: requests a worker
   * is still answering come back to theirs. */
  for (guint i = 1; i < self->threads->len; i++)
    {
      ServerThread *thread = g_ptr_array_index (self->threads, i);

      g_main_context_invoke (thread->context, thread_stop_cb, thread);
    }
  thread_stop_cb (g_ptr_array_index (self->threads, 0));
}

void
eoc_server_join (EocServer *self)
{
  g_return_if_fail (EOC_IS_SERVER (self));

  join_threads (self);
}

/* Whether work is still going on in a thread: a scheduler run, or requests being answered. */
gboolean
eoc_server_is_busy (EocServer *self)
{
  return self->scheduler_running || g_atomic_int_get (&self->requests) > 0;
}

static void
eoc_server_dispose (GObject *object)
{
  EocServer *self = EOC_SERVER (object);

  g_clear_handle_id (&self->scheduler_id, g_source_remove);
  if (self->threads != NULL)
    join_threads (self);
  g_clear_pointer (&self->threads, g_ptr_array_unref);
  g_clear_object (&self->certificate);
  if (self->cache != NULL)
    {
      g_mutex_lock (&self->cache_mutex);
      g_clear_pointer (&self->cache, g_hash_table_unref);
      g_mutex_unlock (&self->cache_mutex);
    }

  G_OBJECT_CLASS (eoc_server_parent_class)->dispose (object);
}

static void
eoc_server_finalize (GObject *object)
{
  EocServer *self = EOC_SERVER (object);

  g_mutex_clear (&self->start_mutex);
  g_cond_clear (&self->start_cond);
  g_mutex_clear (&self->cache_mutex);

  G_OBJECT_CLASS (eoc_server_parent_class)->finalize (object);
}

static void
eoc_server_class_init (EocServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = eoc_server_dispose;
  object_class->finalize = eoc_server_finalize;
}

static void
eoc_server_init (EocServer *self)
{
  g_mutex_init (&self->start_mutex);
  g_cond_init (&self->start_cond);
  g_mutex_init (&self->cache_mutex);
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) cached_answer_unref);
  self->threads = g_ptr_array_new_with_free_func ((GDestroyNotify) server_thread_free);
}

guint
eoc_server_default_threads (void)
{
  return CLAMP (g_get_num_processors (), 1, EOC_SERVER_MAX_DEFAULT_THREADS);
}

EocServer *
eoc_server_new (EocContext      *ctx,
                GTlsCertificate *certificate,
                guint            n_threads)
{
  EocServer *self = g_object_new (EOC_TYPE_SERVER, NULL);
  ServerThread *first = g_new0 (ServerThread, 1);

  self->ctx = ctx;
  self->certificate = certificate != NULL ? g_object_ref (certificate) : NULL;
  self->n_threads = n_threads > 0 ? MIN (n_threads, EOC_SERVER_MAX_THREADS)
                                  : eoc_server_default_threads ();

  /* The caller's thread serves too, on its thread-default context. */
  first->server = self;
  first->context = g_main_context_ref_thread_default ();
  first->soup = soup_new (self);
  g_ptr_array_add (self->threads, first);

  self->scheduler_id = g_timeout_add_seconds (SCHEDULER_SECONDS, scheduler_cb, self);
  /* And once at start, for runs missed while the service was down. */
  g_idle_add_full (G_PRIORITY_LOW, scheduler_once_cb, g_object_ref (self), g_object_unref);

  return self;
}
