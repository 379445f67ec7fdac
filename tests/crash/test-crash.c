/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-crash.c: the crash harness. Runs seeded random sequences of backups,
 * restores, imports (upload + import), updates, start/stop, schedule changes,
 * backup and upload deletes and environment creations against the real
 * eoc-server through its HTTP API, kills the service with SIGKILL at random
 * moments (mid-upload, while an apply or a backup write is in flight, right
 * after an answer, or at a random time in a burst of requests), and after
 * every kill checks that nothing acknowledged was lost:
 *
 *  - while the service is dead: the database passes PRAGMA integrity_check,
 *    every file the database points at (configurations, available backups,
 *    uploads) has the SHA-256 the database records, and every backup the
 *    service had shown as available is there with the SHA-256 it reported;
 *  - once it started again, before any request: no leftover (see
 *    check_leftovers());
 *  - through the API: every environment's configuration and version is its
 *    state before or after the interrupted operation, as the operation's
 *    outcome says; no environment is updating, starting or stopping; every
 *    operation that was acknowledged has ended, a failed one with a reason;
 *    every backup seen available downloads with its SHA-256; deleted backups
 *    stay deleted; acknowledged uploads and schedules are there.
 *
 * Environment:
 *   EOC_CRASH_KILLS  number of kills (default 25)
 *   EOC_CRASH_SEED   the seed, to replay a run (default: random, printed)
 *   EOC_CRASH_KEEP   when set, keep the work directory (data dir, server log)
 */

#define G_LOG_DOMAIN "test-crash"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "eoc-configuration.h"
#include "eoc-test-server.h"

/* The versions the service knows, oldest first (eoc-store.c). */
static const char *const versions[] = { "1.0.0", "1.1.0", "2.0.0", "2.1.0", "2.2.0", "3.0.0" };

#define MAX_ENVIRONMENTS 10
#define APPLY_DELAY 0.2

typedef enum {
  KIND_BACKUP,
  KIND_RESTORE,
  KIND_IMPORT,
  KIND_UPDATE,
  KIND_START,
  KIND_STOP,
} Kind;

static const char *const kind_names[] = { "backup", "restore", "import", "update", "start", "stop" };

/* The one operation an environment may have had started since it was last reconciled. */
typedef struct {
  Kind      kind;
  char     *id;              /* NULL when the answer was lost */
  gboolean  acked;
  char     *after_version;   /* restore, import, update: the state it leads to */
  char     *after_sha256;
  char     *after_status;    /* start, stop */
  char     *backup_id;       /* backup: the backup it makes */
  char     *upload_id;       /* import */
} Pending;

typedef struct {
  char     *id;
  char     *name;
  gboolean  production;
  gboolean  big;             /* imports carry a large file: backups take a while to write */
  char     *version;         /* confirmed state; NULL: not known yet (adopt what is seen) */
  char     *sha256;
  char     *status;
  char     *schedule;        /* confirmed schedule (see schedule_key()) */
  char     *schedule_alt;    /* a change whose answer was lost */
  Pending  *pending;
} Env;

typedef struct {
  char     *id;
  Env      *env;
  char     *sha256;
  char     *version;
  gboolean  maybe_deleted;   /* a delete whose answer was lost */
} Backup;

typedef struct {
  char     *id;
  Env      *env;
  char     *sha256;
  char     *version;
  gboolean  maybe_gone;      /* a delete or an import whose answer was lost */
} Upload;

typedef enum {
  MODE_MID_UPLOAD,
  MODE_AFTER_ACK,
  MODE_IN_FLIGHT,
  MODE_FILE_WRITE,
  MODE_TIMER,
  N_MODES
} Mode;

static const char *const mode_names[] = {
  "mid-upload", "after-ack", "in-flight", "file-write", "timer",
};

typedef struct {
  GRand       *rand;
  guint64      seed;
  guint        kill_number;
  char        *work_dir;
  char        *data_dir;
  char        *db_path;
  char        *apply_script;
  char        *log_path;
  char        *url;
  guint16      port;
  GPid         pid;
  int          out_fd;
  char        *admin_token;
  char        *operator_token;
  SoupSession *session;
  const char  *apply_mode;   /* for the round log */
  GPtrArray   *envs;         /* of Env */
  GHashTable  *backups;      /* id → Backup: seen available */
  GHashTable  *deleted;      /* ids of backups whose deletion was acknowledged */
  GHashTable  *uploads;      /* id → Upload: acknowledged, not imported */
  GString     *round_log;
  gboolean     round_reported;
  guint        violations;
  guint        mode_counts[N_MODES];
  guint        ops_acked;
  guint        ops_interrupted;
  guint        lost_answers;
  guint        backups_downloaded;
  guint        counter;
} Harness;

static void
pending_free (Pending *p)
{
  if (p == NULL)
    return;
  g_free (p->id);
  g_free (p->after_version);
  g_free (p->after_sha256);
  g_free (p->after_status);
  g_free (p->backup_id);
  g_free (p->upload_id);
  g_free (p);
}

static void
backup_free (Backup *b)
{
  g_free (b->id);
  g_free (b->sha256);
  g_free (b->version);
  g_free (b);
}

static void
upload_free (Upload *u)
{
  g_free (u->id);
  g_free (u->sha256);
  g_free (u->version);
  g_free (u);
}

static void
env_free (Env *e)
{
  g_free (e->id);
  g_free (e->name);
  g_free (e->version);
  g_free (e->sha256);
  g_free (e->status);
  g_free (e->schedule);
  g_free (e->schedule_alt);
  pending_free (e->pending);
  g_free (e);
}

static void
set_str (char       **field,
         const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*field);
  *field = copy;
}

/* Reporting. */

static void
note (Harness    *h,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static void
note (Harness    *h,
      const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_string_append (h->round_log, "    ");
  g_string_append_vprintf (h->round_log, format, args);
  g_string_append_c (h->round_log, '\n');
  va_end (args);
}

static void
violation (Harness    *h,
           const char *format,
           ...) G_GNUC_PRINTF (2, 3);

static void
violation (Harness    *h,
           const char *format,
           ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  h->violations++;
  if (h->violations > 50)
    return;
  if (!h->round_reported)
    {
      g_test_message ("Round of kill %u (seed %" G_GUINT64_FORMAT "):\n%s", h->kill_number, h->seed,
                      h->round_log->str);
      h->round_reported = TRUE;
    }
  g_test_message ("VIOLATION (kill %u): %s", h->kill_number, text);
}

/* Randomness. */

static guint
pick (Harness *h,
      guint    n)
{
  return n == 0 ? 0 : (guint) g_rand_int_range (h->rand, 0, (gint32) n);
}

static gboolean
chance (Harness *h,
        double   p)
{
  return g_rand_double (h->rand) < p;
}

static char *
file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

/* HTTP. */

typedef struct {
  guint     status;          /* 0: no answer (the service is gone) */
  GBytes   *body;
  JsonNode *json;
  char     *sha256_header;
} Resp;

static void
resp_free (Resp *r)
{
  if (r == NULL)
    return;
  g_clear_pointer (&r->body, g_bytes_unref);
  g_clear_pointer (&r->json, json_node_unref);
  g_free (r->sha256_header);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Resp, resp_free)

static Resp *
http (Harness    *h,
      const char *token,
      const char *method,
      const char *path,
      const char *content_type,
      GBytes     *body)
{
  g_autofree char *url = g_strconcat (h->url, "/api/v1", path, NULL);
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  Resp *r = g_new0 (Resp, 1);
  const char *type;

  g_assert_nonnull (msg);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);

  in = soup_session_send (h->session, msg, NULL, &error);
  if (in == NULL)
    return r;

  out = g_memory_output_stream_new_resizable ();
  if (g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                                       G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error) < 0)
    return r;

  r->status = soup_message_get_status (msg);
  r->body = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  r->sha256_header = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                             "X-Content-SHA256"));
  type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);
  if (g_strcmp0 (type, "application/json") == 0 && g_bytes_get_size (r->body) > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize size;
      const char *data = g_bytes_get_data (r->body, &size);

      if (json_parser_load_from_data (parser, data, (gssize) size, NULL))
        r->json = json_node_ref (json_parser_get_root (parser));
    }
  return r;
}

static Resp *
http_json (Harness    *h,
           const char *token,
           const char *method,
           const char *path,
           const char *json)
{
  g_autoptr(GBytes) body = json != NULL ? g_bytes_new (json, strlen (json)) : NULL;

  return http (h, token, method, path, "application/json", body);
}

static JsonObject *
resp_object (Resp *r)
{
  if (r->json == NULL || !JSON_NODE_HOLDS_OBJECT (r->json))
    return NULL;
  return json_node_get_object (r->json);
}

static const char *
str_member (JsonObject *object,
            const char *member)
{
  if (object == NULL || !json_object_has_member (object, member) ||
      json_object_get_null_member (object, member))
    return NULL;
  return json_object_get_string_member (object, member);
}

/* Reports an answer the harness did not expect from a live service. */
static void
unexpected (Harness    *h,
            const char *what,
            Resp       *r)
{
  g_autofree char *body = NULL;

  if (r->body != NULL)
    body = g_strndup (g_bytes_get_data (r->body, NULL), MIN (g_bytes_get_size (r->body), 300));
  violation (h, "%s: unexpected answer %u %s", what, r->status, body != NULL ? body : "");
}

/* The service. */

static char *
run_command (Harness            *h,
             const char *const  *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) g_getenv ("EOC_SERVER"));
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, h->data_dir);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_strstrip (g_steal_pointer (&out));
}

static void
die_with_parent_cb (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Starts the service on a port of its choosing; the apply is either the
 * built-in one (APPLY_DELAY seconds) or a script that sleeps (and, now and
 * then, fails). */
static void
server_start (Harness *h)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) line = g_string_new (NULL);
  const char *prefix = "Listening on ";
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  int log_fd;
  guint choice = pick (h, 10);

  g_ptr_array_add (argv, g_strdup (g_getenv ("EOC_SERVER")));
  g_ptr_array_add (argv, g_strdup ("--data-dir"));
  g_ptr_array_add (argv, g_strdup (h->data_dir));
  g_ptr_array_add (argv, g_strdup ("--listen"));
  g_ptr_array_add (argv, g_strdup ("127.0.0.1:0"));
  g_ptr_array_add (argv, g_strdup ("--apply-delay"));
  g_ptr_array_add (argv, g_strdup_printf ("%g", APPLY_DELAY));

  if (choice < 6)
    h->apply_mode = "built-in";
  else
    {
      gboolean fail = choice == 9;
      double delay = choice == 8 ? 0.5 : 0.2;
      g_autofree char *script =
        g_strdup_printf ("#!/bin/sh\n"
                         "# The crash harness's apply command: slow, and failing when told.\n"
                         "sleep %g\n"
                         "%s\n",
                         delay, fail ? "echo 'refused by the crash test'; exit 3" : "exit 0");

      g_assert_true (g_file_set_contents (h->apply_script, script, -1, NULL));
      h->apply_mode = fail ? "failing script" : delay > 0.3 ? "slow script" : "script";
      g_ptr_array_add (argv, g_strdup ("--apply-command"));
      g_ptr_array_add (argv, g_strdup_printf ("/bin/sh %s", h->apply_script));
    }
  g_ptr_array_add (argv, NULL);

  log_fd = open (h->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  g_assert_cmpint (log_fd, >=, 0);
  g_spawn_async_with_pipes_and_fds (NULL, (const char *const *) argv->pdata, NULL,
                                    G_SPAWN_DO_NOT_REAP_CHILD, die_with_parent_cb, NULL,
                                    -1, -1, log_fd, NULL, NULL, 0, &h->pid, NULL, &h->out_fd, NULL,
                                    &error);
  close (log_fd);
  g_assert_no_error (error);

  for (;;)
    {
      struct pollfd pfd = { .fd = h->out_fd, .events = POLLIN };
      char c;
      int timeout = (int) ((deadline - g_get_monotonic_time ()) / 1000);

      if (timeout <= 0 || poll (&pfd, 1, timeout) <= 0 || read (h->out_fd, &c, 1) != 1)
        g_error ("The service did not start (see %s)", h->log_path);
      if (c == '\n')
        break;
      g_string_append_c (line, c);
    }

  g_assert_true (g_str_has_prefix (line->str, prefix));
  g_free (h->url);
  h->url = g_strdup (line->str + strlen (prefix));
  if (g_str_has_suffix (h->url, "/"))
    h->url[strlen (h->url) - 1] = '\0';
  h->port = (guint16) g_ascii_strtoull (strrchr (h->url, ':') + 1, NULL, 10);

  g_clear_object (&h->session);
  h->session = soup_session_new_with_options ("timeout", 30, "max-conns-per-host", 4, NULL);
}

/* Kills the service (it may be dead already) and checks that it was our SIGKILL that ended it. */
static void
server_kill (Harness *h)
{
  int status = 0;

  kill (h->pid, SIGKILL);
  while (waitpid (h->pid, &status, 0) < 0 && errno == EINTR)
    ;
  if (!WIFSIGNALED (status) || WTERMSIG (status) != SIGKILL)
    {
      if (WIFSIGNALED (status))
        violation (h, "the service died on its own, of signal %d (see %s)", WTERMSIG (status),
                   h->log_path);
      else
        violation (h, "the service exited on its own with status %d (see %s)",
                   WEXITSTATUS (status), h->log_path);
    }
  g_spawn_close_pid (h->pid);
  h->pid = 0;
  close (h->out_fd);
  h->out_fd = -1;
  g_clear_object (&h->session);
}

typedef struct {
  GPid  pid;
  guint delay_ms;
} Killer;

static gpointer
killer_thread (gpointer data)
{
  Killer *killer = data;

  g_usleep ((gulong) killer->delay_ms * 1000);
  kill (killer->pid, SIGKILL);
  return NULL;
}

/* Configurations. */

static GBytes *
make_configuration (Harness    *h,
                    const char *version,
                    gboolean    big)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sources =
    g_ptr_array_new_with_free_func ((GDestroyNotify) eoc_configuration_source_free);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) settings = NULL;
  g_autoptr(EocConfiguration) configuration = NULL;
  g_autofree char *path = g_build_filename (h->work_dir, "generated.zip", NULL);
  g_autofree char *contents = NULL;
  guint n_files = 1 + pick (h, 4);
  gsize length;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "serial");
  json_builder_add_int_value (builder, ++h->counter);
  json_builder_set_member_name (builder, "replicas");
  json_builder_add_int_value (builder, pick (h, 9));
  json_builder_set_member_name (builder, "features");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "audit");
  json_builder_add_boolean_value (builder, chance (h, 0.5));
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  settings = json_builder_get_root (builder);

  for (guint i = 0; i < n_files; i++)
    {
      g_autofree char *name = g_strdup_printf ("conf/part-%u.conf", i);
      g_autofree char *text = g_strdup_printf ("serial = %u\nvalue = %u\n", h->counter,
                                               g_rand_int (h->rand));

      g_ptr_array_add (sources, eoc_configuration_source_new (name, g_bytes_new (text, strlen (text))));
    }
  if (big)
    {
      /* Incompressible and over 1 MiB: stored, so that writing it takes a moment. */
      gsize size = 1536 * 1024 + pick (h, 512 * 1024);
      guint32 *data = g_malloc (size);

      for (gsize i = 0; i < size / 4; i++)
        data[i] = g_rand_int (h->rand);
      g_ptr_array_add (sources, eoc_configuration_source_new ("data/blob.bin",
                                                              g_bytes_new_take (data, size)));
    }

  configuration = eoc_configuration_new (version, settings);
  configuration->taken_at = g_strdup ("2026-12-01T00:00:00Z");
  eoc_configuration_write (path, configuration, NULL, sources, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_unlink (path);
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

/* The model. */

static Env *
find_env (Harness    *h,
          const char *id)
{
  for (guint i = 0; i < h->envs->len; i++)
    {
      Env *e = g_ptr_array_index (h->envs, i);

      if (g_str_equal (e->id, id))
        return e;
    }
  return NULL;
}

static guint
version_index (const char *version)
{
  for (guint i = 0; i < G_N_ELEMENTS (versions); i++)
    if (g_strcmp0 (versions[i], version) == 0)
      return i;
  return G_N_ELEMENTS (versions);
}

static char *
schedule_key (JsonObject *s)
{
  return g_strdup_printf ("%s %s dow=%" G_GINT64_FORMAT " dom=%" G_GINT64_FORMAT " %s %s keep=%"
                          G_GINT64_FORMAT,
                          json_object_get_boolean_member (s, "enabled") ? "on" : "off",
                          json_object_get_string_member (s, "frequency"),
                          json_object_get_int_member (s, "day_of_week"),
                          json_object_get_int_member (s, "day_of_month"),
                          json_object_get_string_member (s, "time"),
                          json_object_get_string_member (s, "time_zone"),
                          json_object_get_int_member (s, "retention_days"));
}

static int
compare_backup_ids (gconstpointer a,
                    gconstpointer b)
{
  return g_strcmp0 ((*(Backup **) a)->id, (*(Backup **) b)->id);
}

/* Backups of @e that a restore may use: seen available, at the environment's version. */
static Backup *
pick_backup (Harness *h,
             Env     *e)
{
  g_autoptr(GPtrArray) candidates = g_ptr_array_new ();
  GHashTableIter iter;
  Backup *b;

  g_hash_table_iter_init (&iter, h->backups);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &b))
    if ((e == NULL || b->env == e) && !b->maybe_deleted &&
        (e == NULL || g_strcmp0 (b->version, e->version) == 0))
      g_ptr_array_add (candidates, b);
  if (candidates->len == 0)
    return NULL;
  /* Hash order is not the seed's: sort so that a replay picks the same. */
  g_ptr_array_sort (candidates, compare_backup_ids);
  return g_ptr_array_index (candidates, pick (h, candidates->len));
}

static Backup *
pick_any_backup (Harness *h)
{
  g_autoptr(GPtrArray) candidates = g_ptr_array_new ();
  GHashTableIter iter;
  Backup *b;

  g_hash_table_iter_init (&iter, h->backups);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &b))
    if (!b->maybe_deleted)
      g_ptr_array_add (candidates, b);
  if (candidates->len == 0)
    return NULL;
  g_ptr_array_sort (candidates, compare_backup_ids);
  return g_ptr_array_index (candidates, pick (h, candidates->len));
}

static int
compare_upload_ids (gconstpointer a,
                    gconstpointer b)
{
  return g_strcmp0 ((*(Upload **) a)->id, (*(Upload **) b)->id);
}

static Upload *
pick_idle_upload (Harness *h)
{
  g_autoptr(GPtrArray) candidates = g_ptr_array_new ();
  GHashTableIter iter;
  Upload *u;

  g_hash_table_iter_init (&iter, h->uploads);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &u))
    if (!u->maybe_gone && (u->env->pending == NULL || u->env->pending->kind != KIND_IMPORT))
      g_ptr_array_add (candidates, u);
  if (candidates->len == 0)
    return NULL;
  g_ptr_array_sort (candidates, compare_upload_ids);
  return g_ptr_array_index (candidates, pick (h, candidates->len));
}

/* Actions. Each returns FALSE when the service did not answer (it is gone). */

typedef enum {
  ACT_BACKUP,
  ACT_RESTORE,
  ACT_IMPORT,
  ACT_UPDATE,
  ACT_POWER,
  ACT_DELETE_BACKUP,
  ACT_SCHEDULE,
  ACT_UPLOAD,
  ACT_DELETE_UPLOAD,
  ACT_CREATE_ENV,
  N_ACTIONS
} Action;

static Pending *
pending_new (Env  *e,
             Kind  kind)
{
  Pending *p = g_new0 (Pending, 1);

  g_assert_null (e->pending);
  p->kind = kind;
  e->pending = p;
  return p;
}

/* Records the answer to a request that starts an operation. */
static gboolean
operation_answer (Harness    *h,
                  Env        *e,
                  Pending    *p,
                  Resp       *r,
                  JsonObject *op)
{
  if (r->status == 0)
    {
      note (h, "%s on %s: no answer", kind_names[p->kind], e->name);
      h->lost_answers++;
      return FALSE;
    }
  if (r->status != 202 || op == NULL || str_member (op, "id") == NULL)
    {
      unexpected (h, kind_names[p->kind], r);
      pending_free (g_steal_pointer (&e->pending));
      return TRUE;
    }
  p->acked = TRUE;
  p->id = g_strdup (str_member (op, "id"));
  h->ops_acked++;
  note (h, "%s on %s: operation %s", kind_names[p->kind], e->name, p->id);
  return TRUE;
}

static gboolean
act_backup (Harness *h,
            Env     *e)
{
  Pending *p = pending_new (e, KIND_BACKUP);
  g_autofree char *path = g_strdup_printf ("/environments/%s/backups", e->id);
  g_autoptr(Resp) r = http_json (h, h->operator_token, "POST", path, "{}");
  JsonObject *object = resp_object (r);
  JsonObject *op = object != NULL && json_object_has_member (object, "operation")
                   ? json_object_get_object_member (object, "operation") : NULL;

  if (object != NULL && json_object_has_member (object, "backup"))
    p->backup_id = g_strdup (str_member (json_object_get_object_member (object, "backup"), "id"));
  return operation_answer (h, e, p, r, op);
}

static gboolean
act_restore (Harness *h,
             Env     *e,
             Backup  *b)
{
  Pending *p = pending_new (e, KIND_RESTORE);
  g_autofree char *path = g_strdup_printf ("/environments/%s/backups/%s/restore", e->id, b->id);
  g_autoptr(Resp) r = NULL;

  p->after_version = g_strdup (b->version);
  p->after_sha256 = g_strdup (b->sha256);
  r = http_json (h, h->operator_token, "POST", path,
                 chance (h, 0.4) ? "{\"safety_backup\": true}" : "{}");
  return operation_answer (h, e, p, r, resp_object (r));
}

static gboolean act_delete_upload (Harness *h,
                                   Upload  *u);

/* Uploads a new configuration for @e; *@upload gets it when acknowledged. */
static gboolean
act_upload (Harness  *h,
            Env      *e,
            Upload  **upload)
{
  g_autoptr(GBytes) bytes = make_configuration (h, e->version, e->big);
  g_autofree char *path = g_strdup_printf ("/environments/%s/uploads?filename=crash.zip", e->id);
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  g_autoptr(Resp) r = NULL;
  JsonObject *object;
  Upload *u;

  if (upload != NULL)
    *upload = NULL;

  /* The service keeps at most 16 uploads waiting per user (failed imports leave theirs). */
  while (g_hash_table_size (h->uploads) >= 10 && (u = pick_idle_upload (h)) != NULL)
    if (!act_delete_upload (h, u))
      return FALSE;

  r = http (h, h->operator_token, "POST", path, "application/zip", bytes);
  object = resp_object (r);
  if (r->status == 0)
    {
      note (h, "upload to %s: no answer", e->name);
      h->lost_answers++;
      return FALSE;
    }
  if (r->status != 201 || str_member (object, "id") == NULL)
    {
      unexpected (h, "upload", r);
      return TRUE;
    }
  if (g_strcmp0 (str_member (object, "sha256"), sha256) != 0)
    violation (h, "upload %s: the service reports SHA-256 %s, the file's is %s",
               str_member (object, "id"), str_member (object, "sha256"), sha256);

  u = g_new0 (Upload, 1);
  u->id = g_strdup (str_member (object, "id"));
  u->env = e;
  u->sha256 = g_strdup (sha256);
  u->version = g_strdup (e->version);
  g_hash_table_replace (h->uploads, u->id, u);
  note (h, "upload to %s: %s (%zu bytes)", e->name, u->id, g_bytes_get_size (bytes));
  if (upload != NULL)
    *upload = u;
  return TRUE;
}

static gboolean
act_import (Harness *h,
            Env     *e)
{
  Upload *u = NULL;
  Pending *p;
  g_autoptr(Resp) r = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;

  if (!act_upload (h, e, &u))
    return FALSE;
  if (u == NULL)
    return TRUE;

  p = pending_new (e, KIND_IMPORT);
  p->after_version = g_strdup (e->version);
  p->after_sha256 = g_strdup (u->sha256);
  p->upload_id = g_strdup (u->id);
  body = g_strdup_printf ("{\"upload_id\": \"%s\", \"safety_backup\": %s}", u->id,
                          chance (h, 0.4) ? "true" : "false");
  path = g_strdup_printf ("/environments/%s/import", e->id);
  r = http_json (h, h->operator_token, "POST", path, body);
  return operation_answer (h, e, p, r, resp_object (r));
}

static gboolean
act_update (Harness *h,
            Env     *e)
{
  guint current = version_index (e->version);
  const char *target = versions[current + 1 + pick (h, G_N_ELEMENTS (versions) - current - 1)];
  Pending *p = pending_new (e, KIND_UPDATE);
  g_autofree char *body = g_strdup_printf ("{\"version\": \"%s\"}", target);
  g_autofree char *path = g_strdup_printf ("/environments/%s/update", e->id);
  g_autoptr(Resp) r = NULL;

  p->after_version = g_strdup (target);
  p->after_sha256 = g_strdup (e->sha256);
  r = http_json (h, h->operator_token, "POST", path, body);
  return operation_answer (h, e, p, r, resp_object (r));
}

static gboolean
act_power (Harness *h,
           Env     *e)
{
  gboolean start = g_strcmp0 (e->status, "offline") == 0;
  Pending *p = pending_new (e, start ? KIND_START : KIND_STOP);
  g_autofree char *path = g_strdup_printf ("/environments/%s/%s", e->id, start ? "start" : "stop");
  g_autoptr(Resp) r = NULL;

  p->after_status = g_strdup (start ? "operational" : "offline");
  r = http_json (h, h->operator_token, "POST", path, NULL);
  return operation_answer (h, e, p, r, resp_object (r));
}

static gboolean
act_delete_backup (Harness *h,
                   Backup  *b)
{
  g_autofree char *path = g_strdup_printf ("/environments/%s/backups/%s", b->env->id, b->id);
  g_autoptr(Resp) r = http (h, h->operator_token, "DELETE", path, NULL, NULL);

  if (r->status == 0)
    {
      note (h, "delete backup %s: no answer", b->id);
      h->lost_answers++;
      b->maybe_deleted = TRUE;
      return FALSE;
    }
  if (r->status != 204)
    {
      unexpected (h, "delete backup", r);
      return TRUE;
    }
  note (h, "delete backup %s of %s: done", b->id, b->env->name);
  g_hash_table_add (h->deleted, g_strdup (b->id));
  g_hash_table_remove (h->backups, b->id);
  return TRUE;
}

static gboolean
act_delete_upload (Harness *h,
                   Upload  *u)
{
  g_autofree char *path = g_strdup_printf ("/environments/%s/uploads/%s", u->env->id, u->id);
  g_autoptr(Resp) r = http (h, h->operator_token, "DELETE", path, NULL, NULL);

  if (r->status == 0)
    {
      note (h, "delete upload %s: no answer", u->id);
      h->lost_answers++;
      u->maybe_gone = TRUE;
      return FALSE;
    }
  if (r->status != 204)
    {
      unexpected (h, "delete upload", r);
      return TRUE;
    }
  note (h, "delete upload %s: done", u->id);
  g_hash_table_remove (h->uploads, u->id);
  return TRUE;
}

static gboolean
act_schedule (Harness *h,
              Env     *e)
{
  static const char *const frequencies[] = { "daily", "weekly", "monthly" };
  static const int retention[] = { 10, 20, 30, 60 };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  /* Never due while the harness runs: at least three hours away. */
  int hour = (g_date_time_get_hour (now) + 3 + (int) pick (h, 18)) % 24;
  g_autofree char *body =
    g_strdup_printf ("{\"enabled\": %s, \"frequency\": \"%s\", \"day_of_week\": %u, "
                     "\"day_of_month\": %u, \"time\": \"%02d:%02u\", \"time_zone\": \"UTC\", "
                     "\"retention_days\": %d}",
                     chance (h, 0.7) ? "true" : "false", frequencies[pick (h, 3)], 1 + pick (h, 7),
                     1 + pick (h, 28), hour, pick (h, 60), retention[pick (h, 4)]);
  g_autofree char *path = g_strdup_printf ("/environments/%s/schedule", e->id);
  g_autoptr(JsonNode) sent = json_from_string (body, NULL);
  g_autofree char *key = schedule_key (json_node_get_object (sent));
  g_autoptr(Resp) r = http_json (h, h->operator_token, "PUT", path, body);
  JsonObject *object = resp_object (r);

  if (r->status == 0)
    {
      note (h, "schedule of %s to %s: no answer", e->name, key);
      h->lost_answers++;
      set_str (&e->schedule_alt, key);
      return FALSE;
    }
  if (r->status != 200 || object == NULL)
    {
      unexpected (h, "schedule", r);
      return TRUE;
    }
  {
    g_autofree char *answered = schedule_key (object);

    if (!g_str_equal (answered, key))
      violation (h, "schedule of %s: set %s, the service answered %s", e->name, key, answered);
  }
  note (h, "schedule of %s: %s", e->name, key);
  set_str (&e->schedule, key);
  return TRUE;
}

static gboolean
act_create_env (Harness *h)
{
  g_autofree char *name = g_strdup_printf ("crash-%u", h->envs->len + 1);
  gboolean production = chance (h, 0.3);
  const char *version = versions[pick (h, 3)];
  g_autofree char *body =
    g_strdup_printf ("{\"name\": \"%s\", \"type\": \"%s\", \"version\": \"%s\", "
                     "\"settings\": {\"created\": %u}}",
                     name, production ? "production" : "non_production", version, ++h->counter);
  g_autoptr(Resp) r = http_json (h, h->admin_token, "POST", "/environments", body);
  JsonObject *object = resp_object (r);
  Env *e;

  if (r->status == 0)
    {
      note (h, "create %s: no answer", name);
      h->lost_answers++;
      return FALSE;
    }
  if (r->status != 201 || str_member (object, "id") == NULL)
    {
      unexpected (h, "create environment", r);
      return TRUE;
    }
  e = g_new0 (Env, 1);
  e->id = g_strdup (str_member (object, "id"));
  e->name = g_strdup (name);
  e->production = production;
  e->version = g_strdup (version);
  e->status = g_strdup ("operational");
  /* The configuration's SHA-256 is learnt at the next reconciliation. */
  g_ptr_array_add (h->envs, e);
  note (h, "create %s: %s", name, e->id);
  return TRUE;
}

static guint
count_backups (Harness *h)
{
  return g_hash_table_size (h->backups);
}

static gboolean
can_update (Env *e)
{
  return e->version != NULL && version_index (e->version) + 1 < G_N_ELEMENTS (versions);
}

static gboolean
can_power (Env *e)
{
  return !e->production &&
         (g_strcmp0 (e->status, "operational") == 0 || g_strcmp0 (e->status, "offline") == 0);
}

/* Starts an operation of a random kind on the idle environment @e. */
static gboolean
start_operation (Harness *h,
                 Env     *e)
{
  for (;;)
    {
      switch (pick (h, 6))
        {
        case 0:
          return act_backup (h, e);
        case 1:
          {
            Backup *b = pick_backup (h, e);

            if (b != NULL)
              return act_restore (h, e, b);
          }
          break;
        case 2:
        case 3:
          return act_import (h, e);
        case 4:
          if (can_update (e))
            return act_update (h, e);
          break;
        default:
          if (can_power (e))
            return act_power (h, e);
          break;
        }
    }
}

static Env *
pick_idle_env (Harness *h)
{
  g_autoptr(GPtrArray) idle = g_ptr_array_new ();

  for (guint i = 0; i < h->envs->len; i++)
    {
      Env *e = g_ptr_array_index (h->envs, i);

      if (e->pending == NULL && e->version != NULL && e->sha256 != NULL)
        g_ptr_array_add (idle, e);
    }
  if (idle->len == 0)
    return NULL;
  return g_ptr_array_index (idle, pick (h, idle->len));
}

/* A random action of any sort; operations only on idle environments. */
static gboolean
random_action (Harness *h)
{
  guint updatable = 0;

  for (guint i = 0; i < h->envs->len; i++)
    updatable += can_update (g_ptr_array_index (h->envs, i));

  /* Bounded: in a burst, every environment may be busy and nothing left to delete. */
  for (guint tries = 0; tries < 100; tries++)
    {
      guint roll = pick (h, 100);
      Env *e = pick_idle_env (h);

      if (count_backups (h) > 2 * h->envs->len + 4 && roll < 40)
        {
          Backup *b = pick_any_backup (h);

          if (b != NULL)
            return act_delete_backup (h, b);
        }
      if (roll < 55)
        {
          if (e != NULL)
            return start_operation (h, e);
        }
      else if (roll < 65)
        {
          Backup *b = pick_any_backup (h);

          if (b != NULL)
            return act_delete_backup (h, b);
        }
      else if (roll < 75)
        {
          if (e != NULL)
            return act_schedule (h, e);
        }
      else if (roll < 83)
        {
          if (e != NULL && g_hash_table_size (h->uploads) < 10)
            return act_upload (h, e, NULL);
        }
      else if (roll < 93)
        {
          Upload *u = pick_idle_upload (h);

          if (u != NULL)
            return act_delete_upload (h, u);
        }
      else if (updatable < 2 && h->envs->len < MAX_ENVIRONMENTS)
        return act_create_env (h);
    }
  return TRUE;
}

/* Waiting. */

/* Waits until every acknowledged operation has ended; FALSE when the service stopped answering. */
static gboolean
settle (Harness *h)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  for (guint i = 0; i < h->envs->len; i++)
    {
      Env *e = g_ptr_array_index (h->envs, i);
      g_autofree char *path = NULL;

      if (e->pending == NULL || !e->pending->acked)
        continue;
      path = g_strdup_printf ("/operations/%s", e->pending->id);
      for (;;)
        {
          g_autoptr(Resp) r = http (h, h->operator_token, "GET", path, NULL, NULL);
          const char *state = str_member (resp_object (r), "state");

          if (r->status == 0)
            return FALSE;
          if (g_strcmp0 (state, "succeeded") == 0 || g_strcmp0 (state, "failed") == 0)
            break;
          if (g_get_monotonic_time () > deadline)
            {
              violation (h, "operation %s did not end within a minute", e->pending->id);
              return TRUE;
            }
          g_usleep (20 * 1000);
        }
    }
  return TRUE;
}

/* Waits (at most @timeout_ms) until a file whose name starts with @prefix appears in @dir. */
static gboolean
wait_for_file (const char *dir,
               const char *prefix,
               guint       timeout_ms,
               GPid        pid)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
      siginfo_t info = { 0 };
      const char *name;

      while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
        if (g_str_has_prefix (name, prefix))
          return TRUE;

      if (waitid (P_PID, (id_t) pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid)
        return FALSE;
      g_usleep (500);
    }
  return FALSE;
}

/* The checks. */

static gboolean
query_strings (sqlite3    *db,
               const char *sql,
               guint       n_columns,
               GPtrArray  *rows)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GStrv row = g_new0 (char *, n_columns + 1);

      for (guint i = 0; i < n_columns; i++)
        row[i] = g_strdup ((const char *) sqlite3_column_text (stmt, (int) i));
      g_ptr_array_add (rows, row);
    }
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE;
}

static sqlite3 *
open_database (Harness *h)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (h->db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      violation (h, "cannot open the database read-only: %s", db != NULL ? sqlite3_errmsg (db) : "?");
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 5000);
  return db;
}

/* While the service is dead: the database and the files it points at. */
static void
check_dead (Harness *h)
{
  sqlite3 *db = open_database (h);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GHashTable) backup_rows = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) upload_rows = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) backup_data = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) upload_data = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  GHashTableIter iter;
  Backup *b;
  Upload *u;

  if (db == NULL)
    return;

  if (!query_strings (db, "PRAGMA integrity_check", 1, rows))
    violation (h, "PRAGMA integrity_check failed to run: %s", sqlite3_errmsg (db));
  else if (rows->len != 1 || g_strcmp0 (((GStrv) rows->pdata[0])[0], "ok") != 0)
    violation (h, "PRAGMA integrity_check: %s",
               rows->len > 0 ? ((GStrv) rows->pdata[0])[0] : "(nothing)");
  g_ptr_array_set_size (rows, 0);

  /* Every configuration the database points at is whole. */
  if (!query_strings (db, "SELECT id, config_file, config_sha256 FROM environments", 3, rows))
    violation (h, "cannot read environments: %s", sqlite3_errmsg (db));
  for (guint i = 0; i < rows->len; i++)
    {
      GStrv row = rows->pdata[i];
      g_autofree char *path = g_build_filename (h->data_dir, "environments", row[0], row[1], NULL);
      g_autofree char *sha256 = file_sha256 (path);

      if (g_strcmp0 (sha256, row[2]) != 0)
        violation (h, "environment %s: its configuration %s is %s, the database says %s", row[0],
                   row[1], sha256 != NULL ? "damaged" : "missing", row[2]);
    }

  /* Every available backup is whole, and every backup seen available is there. */
  if (!query_strings (db, "SELECT id, state, sha256 FROM backups", 3, backup_data))
    violation (h, "cannot read backups: %s", sqlite3_errmsg (db));
  for (guint i = 0; i < backup_data->len; i++)
    {
      GStrv row = backup_data->pdata[i];

      g_hash_table_insert (backup_rows, row[0], row);
      if (g_strcmp0 (row[1], "available") == 0)
        {
          g_autofree char *name = g_strconcat (row[0], ".zip", NULL);
          g_autofree char *path = g_build_filename (h->data_dir, "backups", name, NULL);
          g_autofree char *sha256 = file_sha256 (path);

          if (g_strcmp0 (sha256, row[2]) != 0)
            violation (h, "backup %s: its file is %s, the database says SHA-256 %s", row[0],
                       sha256 != NULL ? "damaged" : "missing", row[2]);
        }
    }
  g_hash_table_iter_init (&iter, h->backups);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &b))
    {
      GStrv row = g_hash_table_lookup (backup_rows, b->id);

      if (b->maybe_deleted)
        continue;
      if (row == NULL)
        violation (h, "backup %s of %s, seen available, is not in the database", b->id, b->env->name);
      else if (g_strcmp0 (row[1], "available") != 0 || g_strcmp0 (row[2], b->sha256) != 0)
        violation (h, "backup %s of %s, seen available with SHA-256 %s, is %s with %s in the database",
                   b->id, b->env->name, b->sha256, row[1], row[2]);
    }

  /* Every upload is whole; acknowledged ones are there; unknown ones join the model. */
  if (!query_strings (db, "SELECT id, environment_id, sha256, version FROM uploads", 4, upload_data))
    violation (h, "cannot read uploads: %s", sqlite3_errmsg (db));
  for (guint i = 0; i < upload_data->len; i++)
    {
      GStrv row = upload_data->pdata[i];
      g_autofree char *name = g_strconcat (row[0], ".zip", NULL);
      g_autofree char *path = g_build_filename (h->data_dir, "uploads", name, NULL);
      g_autofree char *sha256 = file_sha256 (path);
      Env *e = find_env (h, row[1]);

      g_hash_table_insert (upload_rows, row[0], row);
      if (g_strcmp0 (sha256, row[2]) != 0)
        violation (h, "upload %s: its file is %s, the database says SHA-256 %s", row[0],
                   sha256 != NULL ? "damaged" : "missing", row[2]);
      if (e != NULL && !g_hash_table_contains (h->uploads, row[0]))
        {
          u = g_new0 (Upload, 1);
          u->id = g_strdup (row[0]);
          u->env = e;
          u->sha256 = g_strdup (row[2]);
          u->version = g_strdup (row[3]);
          u->maybe_gone = TRUE;   /* an import of it may have been interrupted */
          g_hash_table_replace (h->uploads, u->id, u);
        }
    }
  g_hash_table_iter_init (&iter, h->uploads);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &u))
    {
      Pending *p = u->env->pending;

      if (u->maybe_gone || (p != NULL && g_strcmp0 (p->upload_id, u->id) == 0))
        continue;
      if (!g_hash_table_contains (upload_rows, u->id))
        violation (h, "upload %s, acknowledged, is not in the database", u->id);
    }

  sqlite3_close (db);
}

static gboolean
in_set (GHashTable *set,
        const char *name)
{
  return set != NULL && g_hash_table_contains (set, name);
}

static GHashTable *
set_of (GPtrArray  *rows,
        guint       column,
        const char *suffix)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < rows->len; i++)
    g_hash_table_add (set, g_strconcat (((GStrv) rows->pdata[i])[column], suffix, NULL));
  return set;
}

/* Compares the files of @dir with @expected (names); both ways. */
static void
check_folder (Harness    *h,
              const char *dir,
              GHashTable *expected,
              const char *what)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_hash_table_add (seen, g_strdup (name));
      if (!in_set (expected, name))
        violation (h, "leftover in %s: %s (%s)", dir + strlen (h->data_dir) + 1, name, what);
    }
  if (expected == NULL)
    return;
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
    if (!g_hash_table_contains (seen, name))
      violation (h, "missing from %s: %s (%s)", dir + strlen (h->data_dir) + 1, name, what);
}

/*
 * Once the service has started again (it recovers before it listens) and
 * before any request: what it wrote and nothing else. Leftovers, from what
 * eoc-engine.c and eoc-server.c write:
 *  - anything in tmp/ (backups, new environments' first configurations and
 *    uploads being received are written there, then renamed);
 *  - in backups/, a file that is not ID.zip of a backup row; a backup row
 *    still "creating" (recovery removes them);
 *  - in uploads/, a file that is not ID.zip of an upload row (acknowledged
 *    uploads stay until imported, deleted or expired);
 *  - in environments/, a folder that is not an environment's, or a file in
 *    it other than the environment's current configuration (a restore or
 *    import places OPERATION.zip there before it is applied);
 *  - at the top, anything but eoc.db (and its -wal and -shm) and the four folders.
 * Missing files (a row without its file) are reported too.
 */
static void
check_leftovers (Harness *h)
{
  static const char *const top[] = {
    "eoc.db", "eoc.db-wal", "eoc.db-shm", "environments", "backups", "uploads", "tmp",
  };
  sqlite3 *db = open_database (h);
  g_autoptr(GPtrArray) backups = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) uploads = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) envs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GHashTable) top_set = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) backup_files = NULL;
  g_autoptr(GHashTable) upload_files = NULL;
  g_autoptr(GHashTable) env_dirs = NULL;
  g_autofree char *tmp = g_build_filename (h->data_dir, "tmp", NULL);
  g_autofree char *backups_dir = g_build_filename (h->data_dir, "backups", NULL);
  g_autofree char *uploads_dir = g_build_filename (h->data_dir, "uploads", NULL);
  g_autofree char *environments_dir = g_build_filename (h->data_dir, "environments", NULL);

  if (db == NULL)
    return;
  query_strings (db, "SELECT id, state FROM backups", 2, backups);
  query_strings (db, "SELECT id FROM uploads", 1, uploads);
  query_strings (db, "SELECT id, config_file FROM environments", 2, envs);
  sqlite3_close (db);

  for (guint i = 0; i < G_N_ELEMENTS (top); i++)
    g_hash_table_add (top_set, (gpointer) top[i]);
  {
    g_autoptr(GDir) listing = g_dir_open (h->data_dir, 0, NULL);
    const char *name;

    while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
      if (!g_hash_table_contains (top_set, name))
        violation (h, "leftover in the data directory: %s", name);
  }

  check_folder (h, tmp, NULL, "a temporary file");

  for (guint i = 0; i < backups->len; i++)
    if (g_strcmp0 (((GStrv) backups->pdata[i])[1], "available") != 0)
      violation (h, "backup %s is still %s after a restart", ((GStrv) backups->pdata[i])[0],
                 ((GStrv) backups->pdata[i])[1]);
  backup_files = set_of (backups, 0, ".zip");
  check_folder (h, backups_dir, backup_files, "backup files");

  upload_files = set_of (uploads, 0, ".zip");
  check_folder (h, uploads_dir, upload_files, "upload files");

  env_dirs = set_of (envs, 0, "");
  check_folder (h, environments_dir, env_dirs, "environment folders");
  for (guint i = 0; i < envs->len; i++)
    {
      GStrv row = envs->pdata[i];
      g_autofree char *dir = g_build_filename (environments_dir, row[0], NULL);
      g_autoptr(GHashTable) config = g_hash_table_new (g_str_hash, g_str_equal);

      g_hash_table_add (config, row[1]);
      check_folder (h, dir, config, "configurations");
    }
}

static gboolean
state_is (const char *version,
          const char *sha256,
          const char *expected_version,
          const char *expected_sha256)
{
  return g_strcmp0 (version, expected_version) == 0 &&
         (expected_sha256 == NULL || g_strcmp0 (sha256, expected_sha256) == 0);
}

/* Downloads @path; checks the body against X-Content-SHA256 and returns its SHA-256. */
static char *
download (Harness    *h,
          const char *path,
          const char *what)
{
  g_autoptr(Resp) r = http (h, h->operator_token, "GET", path, NULL, NULL);
  g_autofree char *sha256 = NULL;

  if (r->status != 200)
    {
      if (r->status == 0)
        violation (h, "%s: no answer", what);
      else
        unexpected (h, what, r);
      return NULL;
    }
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, r->body);
  if (g_strcmp0 (sha256, r->sha256_header) != 0)
    violation (h, "%s: downloaded %s, X-Content-SHA256 says %s", what, sha256, r->sha256_header);
  return g_steal_pointer (&sha256);
}

/* The operation @p of @e has ended: checks it and returns its state ("succeeded" or "failed"). */
static char *
check_operation (Harness  *h,
                 Env      *e,
                 Pending  *p,
                 gboolean  after_restart)
{
  g_autofree char *path = g_strdup_printf ("/operations/%s", p->id);
  g_autoptr(Resp) r = http (h, h->operator_token, "GET", path, NULL, NULL);
  JsonObject *op = resp_object (r);
  const char *state = str_member (op, "state");
  const char *error = str_member (op, "error");

  if (r->status != 200)
    {
      violation (h, "operation %s (%s on %s), acknowledged, is gone: %u", p->id, kind_names[p->kind],
                 e->name, r->status);
      return NULL;
    }
  if (g_strcmp0 (state, "succeeded") != 0 && g_strcmp0 (state, "failed") != 0)
    {
      violation (h, "operation %s (%s on %s) is still %s%s", p->id, kind_names[p->kind], e->name,
                 state, after_restart ? " after a restart" : "");
      return NULL;
    }
  if (g_str_equal (state, "failed") && (error == NULL || *error == '\0'))
    violation (h, "operation %s (%s on %s) failed without a reason", p->id, kind_names[p->kind],
               e->name);
  if (g_str_equal (state, "failed") && error != NULL && strstr (error, "service stopped") != NULL)
    h->ops_interrupted++;
  note (h, "operation %s (%s on %s): %s%s%s", p->id, kind_names[p->kind], e->name, state,
        error != NULL ? ": " : "", error != NULL ? error : "");
  return g_strdup (state);
}

static void
adopt_backup (Harness    *h,
              Env        *e,
              JsonObject *object)
{
  Backup *b = g_new0 (Backup, 1);

  b->id = g_strdup (str_member (object, "id"));
  b->env = e;
  b->sha256 = g_strdup (str_member (object, "sha256"));
  b->version = g_strdup (str_member (object, "version"));
  g_hash_table_replace (h->backups, b->id, b);
}

/* Backups of @e through the API against the model, then the model takes what is seen. */
static void
reconcile_backups (Harness    *h,
                   Env        *e,
                   const char *op_state,
                   gboolean    after_restart)
{
  g_autofree char *path = g_strdup_printf ("/environments/%s/backups?limit=500", e->id);
  g_autoptr(Resp) r = http (h, h->operator_token, "GET", path, NULL, NULL);
  JsonObject *object = resp_object (r);
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  Pending *p = e->pending;
  JsonArray *array;
  GHashTableIter iter;
  Backup *b;

  if (r->status != 200 || object == NULL)
    {
      unexpected (h, "list backups", r);
      return;
    }
  array = json_object_get_array_member (object, "backups");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);
      const char *id = str_member (item, "id");
      const char *state = str_member (item, "state");

      g_hash_table_insert (listed, (gpointer) id, item);
      if (g_hash_table_contains (h->deleted, id))
        violation (h, "backup %s of %s came back after its deletion was acknowledged", id, e->name);
      if (g_strcmp0 (state, "available") != 0)
        {
          violation (h, "backup %s of %s is %s%s", id, e->name, state,
                     after_restart ? " after a restart" : " with no operation running");
          continue;
        }
      b = g_hash_table_lookup (h->backups, id);
      if (b != NULL)
        {
          if (g_strcmp0 (b->sha256, str_member (item, "sha256")) != 0)
            violation (h, "backup %s of %s: SHA-256 was %s, is now %s", id, e->name, b->sha256,
                       str_member (item, "sha256"));
          b->maybe_deleted = FALSE;
          continue;
        }
      if (p != NULL && p->kind == KIND_BACKUP && g_strcmp0 (p->backup_id, id) == 0 &&
          g_strcmp0 (op_state, "failed") == 0)
        violation (h, "backup %s of %s: its operation failed, yet it is available", id, e->name);
      adopt_backup (h, e, item);
    }

  if (p != NULL && p->kind == KIND_BACKUP && p->backup_id != NULL &&
      g_strcmp0 (op_state, "succeeded") == 0 && !g_hash_table_contains (listed, p->backup_id))
    violation (h, "backup %s of %s: its operation succeeded, yet it is not there", p->backup_id,
               e->name);

  g_hash_table_iter_init (&iter, h->backups);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &b))
    if (b->env == e && !g_hash_table_contains (listed, b->id))
      {
        if (!b->maybe_deleted)
          violation (h, "backup %s of %s, seen available, is gone", b->id, e->name);
        g_ptr_array_add (gone, b->id);
      }
  for (guint i = 0; i < gone->len; i++)
    g_hash_table_remove (h->backups, gone->pdata[i]);

  if (after_restart)
    {
      g_hash_table_iter_init (&iter, h->backups);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &b))
        if (b->env == e)
          {
            g_autofree char *content = g_strdup_printf ("/environments/%s/backups/%s/content",
                                                        e->id, b->id);
            g_autofree char *what = g_strdup_printf ("download of backup %s", b->id);
            g_autofree char *sha256 = download (h, content, what);

            h->backups_downloaded++;
            if (sha256 != NULL && g_strcmp0 (sha256, b->sha256) != 0)
              violation (h, "backup %s of %s downloads as %s, not %s", b->id, e->name, sha256,
                         b->sha256);
          }
    }
}

/* Everything through the API against the model; then the model takes what is seen. */
static void
reconcile (Harness  *h,
           gboolean  after_restart)
{
  g_autoptr(Resp) list = http (h, h->operator_token, "GET", "/environments", NULL, NULL);
  JsonObject *object = resp_object (list);
  JsonArray *array;
  GHashTableIter iter;
  Upload *u;
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();

  if (list->status != 200 || object == NULL)
    {
      unexpected (h, "list environments", list);
      return;
    }
  array = json_object_get_array_member (object, "environments");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);

      if (find_env (h, str_member (item, "id")) == NULL)
        {
          /* Created by a request whose answer was lost. */
          Env *e = g_new0 (Env, 1);

          e->id = g_strdup (str_member (item, "id"));
          e->name = g_strdup (str_member (item, "name"));
          e->production = g_strcmp0 (str_member (item, "type"), "production") == 0;
          g_ptr_array_add (h->envs, e);
          note (h, "environment %s appeared", e->name);
        }
    }

  for (guint i = 0; i < h->envs->len; i++)
    {
      Env *e = g_ptr_array_index (h->envs, i);
      Pending *p = e->pending;
      JsonObject *item = NULL;
      const char *status, *version;
      g_autofree char *config_path = g_strdup_printf ("/environments/%s/configuration", e->id);
      g_autofree char *what = g_strdup_printf ("configuration of %s", e->name);
      g_autofree char *sha256 = NULL;
      g_autofree char *op_state = NULL;
      g_autofree char *schedule_path = g_strdup_printf ("/environments/%s/schedule", e->id);
      g_autoptr(Resp) schedule = NULL;

      for (guint j = 0; j < json_array_get_length (array); j++)
        if (g_strcmp0 (str_member (json_array_get_object_element (array, j), "id"), e->id) == 0)
          item = json_array_get_object_element (array, j);
      if (item == NULL)
        {
          violation (h, "environment %s is gone", e->name);
          continue;
        }

      status = str_member (item, "status");
      version = str_member (item, "version");
      if (g_strcmp0 (status, "updating") == 0 || g_strcmp0 (status, "starting") == 0 ||
          g_strcmp0 (status, "stopping") == 0 || !json_object_get_null_member (item, "operation"))
        violation (h, "environment %s is %s%s%s", e->name, status,
                   json_object_get_null_member (item, "operation") ? "" : " with an operation",
                   after_restart ? " after a restart" : " after its operations ended");

      sha256 = download (h, config_path, what);

      if (p != NULL && p->acked)
        op_state = check_operation (h, e, p, after_restart);

      if (e->version == NULL)
        ;   /* new to the model: whatever is there, downloaded whole */
      else if (p == NULL || p->kind == KIND_BACKUP || p->kind == KIND_START || p->kind == KIND_STOP)
        {
          if (!state_is (version, sha256, e->version, e->sha256))
            violation (h, "%s: %s %s, expected it unchanged at %s %s", e->name, version, sha256,
                       e->version, e->sha256);
        }
      else if (op_state != NULL)
        {
          gboolean ok = g_str_equal (op_state, "succeeded")
                        ? state_is (version, sha256, p->after_version, p->after_sha256)
                        : state_is (version, sha256, e->version, e->sha256);

          if (!ok)
            violation (h, "%s: %s %s after a %s that %s; before: %s %s, after: %s %s", e->name,
                       version, sha256, kind_names[p->kind], op_state, e->version, e->sha256,
                       p->after_version, p->after_sha256);
        }
      else if (!state_is (version, sha256, e->version, e->sha256) &&
               !state_is (version, sha256, p->after_version, p->after_sha256))
        violation (h, "%s: %s %s, neither before (%s %s) nor after (%s %s) the %s", e->name,
                   version, sha256, e->version, e->sha256, p->after_version, p->after_sha256,
                   kind_names[p->kind]);

      /* The status the operation's outcome leads to. */
      if (e->status != NULL && op_state != NULL)
        {
          const char *expected = e->status;

          if (p->kind == KIND_RESTORE || p->kind == KIND_IMPORT || p->kind == KIND_UPDATE)
            expected = g_str_equal (op_state, "succeeded") ? "operational" : "update_failed";
          else if (p->kind == KIND_START || p->kind == KIND_STOP)
            expected = g_str_equal (op_state, "succeeded") ? p->after_status : e->status;
          if (g_strcmp0 (status, expected) != 0)
            violation (h, "%s is %s after a %s that %s; expected %s", e->name, status,
                       kind_names[p->kind], op_state, expected);
        }
      else if (e->status != NULL && p == NULL && g_strcmp0 (status, e->status) != 0)
        violation (h, "%s is %s, was %s, and nothing ran", e->name, status, e->status);

      if (p != NULL && p->kind == KIND_IMPORT)
        {
          Upload *used = g_hash_table_lookup (h->uploads, p->upload_id);

          if (used != NULL && g_strcmp0 (op_state, "succeeded") == 0)
            g_hash_table_remove (h->uploads, p->upload_id);
          else if (used != NULL && op_state == NULL)
            used->maybe_gone = TRUE;
        }

      schedule = http (h, h->operator_token, "GET", schedule_path, NULL, NULL);
      if (schedule->status != 200 || resp_object (schedule) == NULL)
        unexpected (h, "schedule", schedule);
      else
        {
          g_autofree char *key = schedule_key (resp_object (schedule));

          if (e->schedule != NULL && !g_str_equal (key, e->schedule) &&
              g_strcmp0 (key, e->schedule_alt) != 0)
            violation (h, "schedule of %s is %s, expected %s%s%s", e->name, key, e->schedule,
                       e->schedule_alt != NULL ? " or " : "",
                       e->schedule_alt != NULL ? e->schedule_alt : "");
          set_str (&e->schedule, key);
          g_clear_pointer (&e->schedule_alt, g_free);
        }

      reconcile_backups (h, e, op_state, after_restart);

      set_str (&e->version, version);
      set_str (&e->sha256, sha256);
      set_str (&e->status, status);
      pending_free (g_steal_pointer (&e->pending));
    }

  /* Acknowledged uploads are there until imported or deleted. */
  g_hash_table_iter_init (&iter, h->uploads);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &u))
    {
      g_autofree char *path = g_strdup_printf ("/environments/%s/uploads/%s", u->env->id, u->id);
      g_autoptr(Resp) r = http (h, h->operator_token, "GET", path, NULL, NULL);

      if (r->status == 200)
        {
          if (g_strcmp0 (str_member (resp_object (r), "sha256"), u->sha256) != 0)
            violation (h, "upload %s: SHA-256 %s, expected %s", u->id,
                       str_member (resp_object (r), "sha256"), u->sha256);
          u->maybe_gone = FALSE;
        }
      else if (r->status == 404)
        {
          if (!u->maybe_gone)
            violation (h, "upload %s, acknowledged, is gone", u->id);
          g_ptr_array_add (gone, u->id);
        }
      else
        unexpected (h, "get upload", r);
    }
  for (guint i = 0; i < gone->len; i++)
    g_hash_table_remove (h->uploads, gone->pdata[i]);
}

/* Kill modes. */

/* Sends part of an upload's body (or all of it, without reading the answer), then kills. */
static void
kill_mid_upload (Harness *h)
{
  Env *e = pick_idle_env (h);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  GOutputStream *out;
  gsize size, part;
  gboolean whole = chance (h, 0.25);

  if (e == NULL)
    return;
  bytes = make_configuration (h, e->version, chance (h, 0.6));
  size = g_bytes_get_size (bytes);
  part = whole ? size : (gsize) (size * (0.05 + 0.9 * g_rand_double (h->rand)));

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", h->port, NULL, &error);
  if (connection == NULL)
    {
      violation (h, "cannot connect to the service: %s", error->message);
      return;
    }
  head = g_strdup_printf ("POST /api/v1/environments/%s/uploads?filename=partial.zip HTTP/1.1\r\n"
                          "Host: 127.0.0.1:%u\r\n"
                          "Authorization: Bearer %s\r\n"
                          "Content-Type: application/zip\r\n"
                          "Content-Length: %zu\r\n\r\n",
                          e->id, h->port, h->operator_token, size);
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  g_output_stream_write_all (out, g_bytes_get_data (bytes, NULL), part, NULL, NULL, NULL);
  g_output_stream_flush (out, NULL, NULL);
  note (h, "upload to %s: sent %zu of %zu bytes", e->name, part, size);

  if (whole)
    g_usleep (pick (h, 30) * 1000);
  else
    {
      g_autofree char *tmp = g_build_filename (h->data_dir, "tmp", NULL);

      wait_for_file (tmp, "upload-", 2000, h->pid);
      g_usleep (pick (h, 10) * 1000);
    }
  server_kill (h);
}

/* Starts operations on one to three idle environments, waits a random while, kills. */
static void
kill_in_flight (Harness *h)
{
  guint n = 1 + pick (h, 3);
  double longest = h->apply_mode != NULL && strstr (h->apply_mode, "slow") != NULL ? 0.6 : 0.3;

  for (guint i = 0; i < n; i++)
    {
      Env *e = pick_idle_env (h);

      if (e == NULL || !start_operation (h, e))
        break;
    }
  g_usleep ((gulong) (g_rand_double (h->rand) * (longest + APPLY_DELAY) * G_USEC_PER_SEC));
  server_kill (h);
}

/* Kills while a backup is written, or a restored or imported configuration is put in place. */
static void
kill_file_write (Harness *h)
{
  Env *e = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *prefix = NULL;

  /* The environment with the largest files, when there is one idle. */
  for (guint i = 0; i < h->envs->len; i++)
    {
      Env *candidate = g_ptr_array_index (h->envs, i);

      if (candidate->pending == NULL && candidate->sha256 != NULL && candidate->big)
        e = candidate;
    }
  if (e == NULL)
    e = pick_idle_env (h);
  if (e == NULL)
    return;

  if (chance (h, 0.6))
    {
      if (!act_backup (h, e) || e->pending == NULL || e->pending->backup_id == NULL)
        {
          server_kill (h);
          return;
        }
      /* The file being written (tmp/ID.zip), or renamed but not yet recorded. */
      prefix = g_strconcat (e->pending->backup_id, ".zip", NULL);
      dir = g_build_filename (h->data_dir, chance (h, 0.7) ? "tmp" : "backups", NULL);
    }
  else
    {
      Backup *b = pick_backup (h, e);
      gboolean ok = b != NULL && chance (h, 0.5) ? act_restore (h, e, b) : act_import (h, e);

      if (!ok || e->pending == NULL || e->pending->id == NULL)
        {
          server_kill (h);
          return;
        }
      /* The new configuration, placed before the apply. */
      prefix = g_strconcat (e->pending->id, ".zip", NULL);
      dir = g_build_filename (h->data_dir, "environments", e->id, NULL);
    }

  if (!wait_for_file (dir, prefix, 3000, h->pid))
    note (h, "did not see %s appear in %s", prefix, dir + strlen (h->data_dir) + 1);
  g_usleep (pick (h, 4) * 1000);
  server_kill (h);
}

/* A burst of requests, without waiting, while a timer kills the service. */
static void
kill_timer (Harness *h)
{
  Killer killer = { .pid = h->pid, .delay_ms = pick (h, 700) };
  GThread *thread = g_thread_new ("killer", killer_thread, &killer);
  guint n = 1 + pick (h, 6);

  note (h, "killer in %u ms", killer.delay_ms);
  for (guint i = 0; i < n; i++)
    {
      if (!random_action (h))
        break;
      g_usleep (pick (h, 60) * 1000);
    }
  g_thread_join (thread);
  server_kill (h);
}

static void
run_round (Harness *h)
{
  guint n_before = pick (h, 3);
  Mode mode = (Mode) pick (h, N_MODES);
  gboolean alive = TRUE;

  g_string_truncate (h->round_log, 0);
  h->round_reported = FALSE;
  note (h, "apply: %s", h->apply_mode);

  /* A few actions that run to their end, checked as they end. */
  for (guint i = 0; i < n_before && alive; i++)
    {
      alive = random_action (h) && settle (h);
      if (alive)
        reconcile (h, FALSE);
    }

  h->mode_counts[mode]++;
  note (h, "kill %u: %s", h->kill_number, mode_names[mode]);
  if (!alive)
    server_kill (h);
  else
    switch (mode)
      {
      case MODE_MID_UPLOAD:
        kill_mid_upload (h);
        break;
      case MODE_AFTER_ACK:
        random_action (h);
        server_kill (h);
        break;
      case MODE_IN_FLIGHT:
        kill_in_flight (h);
        break;
      case MODE_FILE_WRITE:
        kill_file_write (h);
        break;
      case MODE_TIMER:
      default:
        kill_timer (h);
        break;
      }
  if (h->pid != 0)
    server_kill (h);

  check_dead (h);
  server_start (h);
  check_leftovers (h);
  reconcile (h, TRUE);
}

static void
setup (Harness *h)
{
  g_autoptr(GError) error = NULL;
  const char *add_admin[] = { "user", "add", "admin", "--role", "admin", NULL };
  const char *add_operator[] = { "user", "add", "olivia", "--role", "operator", NULL };
  static const struct {
    const char *name;
    const char *type;
    const char *version;
    gboolean    big;
  } initial[] = {
    { "crash-a", "non_production", "1.0.0", FALSE },
    { "crash-b", "production", "1.1.0", TRUE },
    { "crash-c", "non_production", "2.0.0", FALSE },
  };

  h->work_dir = g_dir_make_tmp ("eoc-crash-XXXXXX", &error);
  g_assert_no_error (error);
  h->data_dir = g_build_filename (h->work_dir, "data", NULL);
  h->db_path = g_build_filename (h->data_dir, "eoc.db", NULL);
  h->apply_script = g_build_filename (h->work_dir, "apply.sh", NULL);
  h->log_path = g_build_filename (h->work_dir, "server.log", NULL);
  h->admin_token = run_command (h, add_admin);
  h->operator_token = run_command (h, add_operator);
  h->out_fd = -1;
  h->round_log = g_string_new (NULL);
  h->envs = g_ptr_array_new_with_free_func ((GDestroyNotify) env_free);
  h->backups = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) backup_free);
  h->uploads = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) upload_free);
  h->deleted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  server_start (h);

  for (guint i = 0; i < G_N_ELEMENTS (initial); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\": \"%s\", \"type\": \"%s\", \"version\": "
                                               "\"%s\"}", initial[i].name, initial[i].type,
                                               initial[i].version);
      g_autoptr(Resp) r = http_json (h, h->admin_token, "POST", "/environments", body);
      Env *e = g_new0 (Env, 1);

      g_assert_cmpuint (r->status, ==, 201);
      e->id = g_strdup (str_member (resp_object (r), "id"));
      e->name = g_strdup (initial[i].name);
      e->production = g_str_equal (initial[i].type, "production");
      e->big = initial[i].big;
      g_ptr_array_add (h->envs, e);
    }
  reconcile (h, FALSE);

  /* Real content first: an import on each, and a backup of it. */
  for (guint i = 0; i < h->envs->len; i++)
    {
      Env *e = g_ptr_array_index (h->envs, i);

      g_assert_true (act_import (h, e) && settle (h));
      reconcile (h, FALSE);
      g_assert_true (act_backup (h, e) && settle (h));
      reconcile (h, FALSE);
    }
  g_assert_cmpuint (h->violations, ==, 0);
}

static void
test_crash (void)
{
  Harness harness = { 0 };
  Harness *h = &harness;
  const char *seed_text = g_getenv ("EOC_CRASH_SEED");
  const char *kills_text = g_getenv ("EOC_CRASH_KILLS");
  guint kills = kills_text != NULL ? (guint) g_ascii_strtoull (kills_text, NULL, 10) : 25;
  gint64 start = g_get_monotonic_time ();
  double seconds;

  h->seed = seed_text != NULL && *seed_text != '\0' ? g_ascii_strtoull (seed_text, NULL, 10)
                                                    : (guint64) g_random_int ();
  g_test_message ("Seed %" G_GUINT64_FORMAT ", %u kills; replay with EOC_CRASH_SEED=%"
                  G_GUINT64_FORMAT " EOC_CRASH_KILLS=%u", h->seed, kills, h->seed, kills);
  h->rand = g_rand_new_with_seed ((guint32) h->seed);

  setup (h);

  for (h->kill_number = 1; h->kill_number <= kills; h->kill_number++)
    {
      run_round (h);
      if (h->kill_number % 50 == 0)
        g_test_message ("%u kills, %u violations, %.0f s", h->kill_number, h->violations,
                        (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC);
    }

  seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  g_test_message ("%u kills in %.1f s (seed %" G_GUINT64_FORMAT "): mid-upload %u, after-ack %u, "
                  "in-flight %u, file-write %u, timer %u; %u operations acknowledged, %u "
                  "interrupted, %u answers lost, %u backup downloads checked, %u environments; "
                  "%u violations",
                  kills, seconds, h->seed, h->mode_counts[MODE_MID_UPLOAD],
                  h->mode_counts[MODE_AFTER_ACK], h->mode_counts[MODE_IN_FLIGHT],
                  h->mode_counts[MODE_FILE_WRITE], h->mode_counts[MODE_TIMER], h->ops_acked,
                  h->ops_interrupted, h->lost_answers, h->backups_downloaded, h->envs->len,
                  h->violations);

  if (h->pid != 0)
    server_kill (h);
  if (h->violations > 0 || g_getenv ("EOC_CRASH_KEEP") != NULL)
    g_test_message ("Work directory kept: %s", h->work_dir);
  else
    eoc_test_rm_rf (h->work_dir);

  g_assert_cmpuint (h->violations, ==, 0);

  g_ptr_array_unref (h->envs);
  g_hash_table_unref (h->backups);
  g_hash_table_unref (h->uploads);
  g_hash_table_unref (h->deleted);
  g_string_free (h->round_log, TRUE);
  g_rand_free (h->rand);
  g_free (h->work_dir);
  g_free (h->data_dir);
  g_free (h->db_path);
  g_free (h->apply_script);
  g_free (h->log_path);
  g_free (h->url);
  g_free (h->admin_token);
  g_free (h->operator_token);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/crash/sigkill", test_crash);
  return g_test_run ();
}
