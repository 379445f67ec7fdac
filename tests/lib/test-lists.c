/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test-lists.c: the live list models against the real service. What another
 * user does shows up in them: rows change in place (same object, a property
 * notification), appear where they belong, go away; after a reconnection
 * they catch up; backups page through the service without gaps or doubles.
 */

#include "config.h"

#include "eoc-activity-list.h"
#include "eoc-backup-list.h"
#include "eoc-client.h"
#include "eoc-environment-list.h"
#include "eoc-event-stream.h"
#include "eoc-list-private.h"
#include "eoc-models-json.h"
#include "test-client-utils.h"

/* The service with a client per role, two environments, and the viewer's
 * live stream, as the app would have it. */
typedef struct {
  Fixture         base;
  EocEventStream *stream;
  char           *production_id;
  char           *staging_id;
} LiveFixture;

typedef struct {
  guint position;
  guint removed;
  guint added;
} Change;

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @condition holds, failing the test after a while. */
#define WAIT_UNTIL(condition)                                                    \
  G_STMT_START {                                                                 \
    gint64 deadline_ = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC; \
    guint tick_ = g_timeout_add (20, tick_cb, NULL);                             \
    while (!(condition))                                                         \
      {                                                                          \
        if (g_get_monotonic_time () > deadline_)                                 \
          g_error ("Timed out waiting for %s", #condition);                      \
        g_main_context_iteration (NULL, TRUE);                                   \
      }                                                                          \
    g_source_remove (tick_);                                                     \
  } G_STMT_END

/* Another user's actions */

static char *
create_environment (LiveFixture        *fixture,
                    const char         *name,
                    EocEnvironmentType  type)
{
  g_autoptr(EocEnvironment) environment = make_environment (&fixture->base, name, type, "2.1.0");

  return g_strdup (eoc_environment_get_id (environment));
}

static void
stop_environment (LiveFixture *fixture,
                  const char  *id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocOperation) operation = NULL;
  g_autoptr(EocOperation) finished = NULL;

  eoc_client_stop_environment_async (fixture->base.operator_, id, NULL, store_result_cb, &result);
  operation = eoc_client_stop_environment_finish (fixture->base.operator_, wait_result (&result),
                                                  &error);
  g_assert_no_error (error);
  finished = wait_operation (fixture->base.operator_, eoc_operation_get_id (operation));
  g_assert_cmpint (eoc_operation_get_state (finished), ==, EOC_OPERATION_STATE_SUCCEEDED);
}

/* Makes a backup as the operator; with @wait, returns once it is available. */
static char *
create_backup (LiveFixture *fixture,
               const char  *environment_id,
               const char  *name,
               gboolean     wait)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocBackup) backup = NULL;

  if (wait)
    backup = make_backup (&fixture->base, environment_id, name);
  else
    {
      eoc_client_create_backup_async (fixture->base.operator_, environment_id, name, NULL,
                                      store_result_cb, &result);
      backup = eoc_client_create_backup_finish (fixture->base.operator_, wait_result (&result),
                                                NULL, &error);
      g_assert_no_error (error);
    }

  return g_strdup (eoc_backup_get_id (backup));
}

static void
delete_backup (LiveFixture *fixture,
               const char  *environment_id,
               const char  *backup_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  eoc_client_delete_backup_async (fixture->base.operator_, environment_id, backup_id, NULL,
                                  store_result_cb, &result);
  g_assert_true (eoc_client_delete_backup_finish (fixture->base.operator_, wait_result (&result),
                                                  &error));
  g_assert_no_error (error);
}

/* Watching a model */

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GArray     *changes)
{
  Change change = { position, removed, added };

  /* The model must already be in the state the signal describes. */
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, position + i);

      g_assert_nonnull (item);
    }

  g_array_append_val (changes, change);
}

static GArray *
watch_changes (gpointer model)
{
  GArray *changes = g_array_new (FALSE, FALSE, sizeof (Change));

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), changes);
  return changes;
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static const char *
environment_name_at (gpointer model,
                     guint    position)
{
  g_autoptr(EocEnvironment) environment = g_list_model_get_item (model, position);

  return environment != NULL ? eoc_environment_get_name (environment) : NULL;
}

static const char *
backup_name_at (gpointer model,
                guint    position)
{
  g_autoptr(EocBackup) backup = g_list_model_get_item (model, position);

  return backup != NULL ? eoc_backup_get_name (backup) : NULL;
}

static void
refresh_environments (EocEnvironmentList *list)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  eoc_environment_list_refresh_async (list, NULL, store_result_cb, &result);
  g_assert_true (eoc_environment_list_get_loading (list));
  wait_result (&result);
  g_assert_true (eoc_environment_list_refresh_finish (list, result, &error));
  g_assert_no_error (error);
  g_assert_false (eoc_environment_list_get_loading (list));
}

static void
load_more_backups (EocBackupList *list)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  eoc_backup_list_load_more_async (list, NULL, store_result_cb, &result);
  wait_result (&result);
  g_assert_true (eoc_backup_list_load_more_finish (list, result, &error));
  g_assert_no_error (error);
  g_assert_false (eoc_backup_list_get_loading (list));
}

/* Fixture */

static void
live_fixture_set_up (LiveFixture   *fixture,
                     gconstpointer  data)
{
  fixture_set_up (&fixture->base, NULL);
  fixture->production_id = create_environment (fixture, "Production",
                                               EOC_ENVIRONMENT_TYPE_PRODUCTION);
  fixture->staging_id = create_environment (fixture, "Staging",
                                            EOC_ENVIRONMENT_TYPE_NON_PRODUCTION);

  fixture->stream = eoc_event_stream_new (fixture->base.viewer);
  eoc_event_stream_start (fixture->stream);
  WAIT_UNTIL (eoc_event_stream_get_state (fixture->stream) == EOC_EVENT_STREAM_STATE_CONNECTED);
}

static void
live_fixture_tear_down (LiveFixture   *fixture,
                        gconstpointer  data)
{
  eoc_event_stream_stop (fixture->stream);
  g_assert_finalize_object (fixture->stream);
  fixture_tear_down (&fixture->base);
  g_free (fixture->production_id);
  g_free (fixture->staging_id);
}

/* Environments */

static void
test_environments_update_in_place (LiveFixture   *fixture,
                                   gconstpointer  data)
{
  g_autoptr(EocEnvironmentList) list = eoc_environment_list_new (fixture->base.viewer,
                                                                 fixture->stream);
  g_autoptr(GArray) changes = watch_changes (list);
  g_autoptr(EocEnvironment) staging = NULL;
  guint status_notifications = 0;
  guint name_notifications = 0;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == EOC_TYPE_ENVIRONMENT);
  refresh_environments (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_cmpstr (environment_name_at (list, 0), ==, "Production");
  g_assert_cmpstr (environment_name_at (list, 1), ==, "Staging");
  g_assert_null (eoc_environment_list_get_error (list));
  /* One change for the whole first page. */
  g_assert_cmpuint (changes->len, ==, 1);
  g_array_set_size (changes, 0);

  staging = g_list_model_get_item (G_LIST_MODEL (list), 1);
  g_assert_true (eoc_environment_list_find (list, fixture->staging_id) == staging);
  g_assert_cmpint (eoc_environment_get_status (staging), ==, EOC_ENVIRONMENT_STATUS_OPERATIONAL);
  g_signal_connect (staging, "notify::status", G_CALLBACK (count_cb), &status_notifications);
  g_signal_connect (staging, "notify::name", G_CALLBACK (count_cb), &name_notifications);

  /* Another user stops it: the same row follows. */
  stop_environment (fixture, fixture->staging_id);
  WAIT_UNTIL (eoc_environment_get_status (staging) == EOC_ENVIRONMENT_STATUS_OFFLINE);
  g_assert_cmpuint (status_notifications, >=, 2);  /* stopping, then offline */
  g_assert_cmpuint (name_notifications, ==, 0);
  g_assert_cmpuint (changes->len, ==, 0);
  {
    g_autoptr(EocEnvironment) again = g_list_model_get_item (G_LIST_MODEL (list), 1);

    g_assert_true (again == staging);
  }
}

static void
test_environments_insert_sorted (LiveFixture   *fixture,
                                 gconstpointer  data)
{
  g_autoptr(EocEnvironmentList) list = eoc_environment_list_new (fixture->base.viewer,
                                                                 fixture->stream);
  g_autoptr(GArray) changes = NULL;
  g_autofree char *alpha_id = NULL;
  g_autofree char *quality_id = NULL;
  Change *change;

  refresh_environments (list);
  changes = watch_changes (list);

  /* Case does not count: "alpha" comes before "Production". */
  alpha_id = create_environment (fixture, "alpha", EOC_ENVIRONMENT_TYPE_NON_PRODUCTION);
  WAIT_UNTIL (eoc_environment_list_find (list, alpha_id) != NULL);
  g_assert_cmpuint (changes->len, ==, 1);
  change = &g_array_index (changes, Change, 0);
  g_assert_cmpuint (change->position, ==, 0);
  g_assert_cmpuint (change->removed, ==, 0);
  g_assert_cmpuint (change->added, ==, 1);

  quality_id = create_environment (fixture, "Quality", EOC_ENVIRONMENT_TYPE_NON_PRODUCTION);
  WAIT_UNTIL (eoc_environment_list_find (list, quality_id) != NULL);
  g_assert_cmpuint (changes->len, ==, 2);
  change = &g_array_index (changes, Change, 1);
  g_assert_cmpuint (change->position, ==, 2);
  g_assert_cmpuint (change->added, ==, 1);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 4);
  g_assert_cmpstr (environment_name_at (list, 0), ==, "alpha");
  g_assert_cmpstr (environment_name_at (list, 1), ==, "Production");
  g_assert_cmpstr (environment_name_at (list, 2), ==, "Quality");
  g_assert_cmpstr (environment_name_at (list, 3), ==, "Staging");
}

static void
test_environments_resynchronize (LiveFixture   *fixture,
                                 gconstpointer  data)
{
  g_autoptr(EocEnvironmentList) list = eoc_environment_list_new (fixture->base.viewer,
                                                                 fixture->stream);
  g_autoptr(GArray) changes = NULL;
  g_autoptr(EocEnvironment) production = NULL;
  g_autoptr(EocEnvironment) staging = NULL;
  g_autofree char *middle_id = NULL;
  Change *change;

  refresh_environments (list);
  production = g_list_model_get_item (G_LIST_MODEL (list), 0);
  staging = g_list_model_get_item (G_LIST_MODEL (list), 1);
  changes = watch_changes (list);

  /* Deaf for a while: what happens meanwhile is missed... */
  eoc_event_stream_stop (fixture->stream);
  middle_id = create_environment (fixture, "Middle", EOC_ENVIRONMENT_TYPE_NON_PRODUCTION);
  stop_environment (fixture, fixture->staging_id);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_cmpint (eoc_environment_get_status (staging), ==, EOC_ENVIRONMENT_STATUS_OPERATIONAL);

  /* ...and caught up on once connected again. */
  eoc_event_stream_start (fixture->stream);
  WAIT_UNTIL (eoc_environment_list_find (list, middle_id) != NULL &&
              !eoc_environment_list_get_loading (list));
  g_assert_cmpint (eoc_environment_get_status (staging), ==, EOC_ENVIRONMENT_STATUS_OFFLINE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
  g_assert_cmpstr (environment_name_at (list, 0), ==, "Middle");

  /* The rows that stayed are the same objects; only the new one was added. */
  g_assert_true (eoc_environment_list_find (list, fixture->production_id) == production);
  g_assert_true (eoc_environment_list_find (list, fixture->staging_id) == staging);
  g_assert_cmpuint (changes->len, ==, 1);
  change = &g_array_index (changes, Change, 0);
  g_assert_cmpuint (change->position, ==, 0);
  g_assert_cmpuint (change->removed, ==, 0);
  g_assert_cmpuint (change->added, ==, 1);
}

static void
test_environments_error (LiveFixture   *fixture,
                         gconstpointer  data)
{
  g_autoptr(EocClient) stranger = eoc_client_new (fixture->base.server->url, "eoc_wrong");
  g_autoptr(EocEnvironmentList) list = eoc_environment_list_new (stranger, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint error_notifications = 0;

  g_signal_connect (list, "notify::error", G_CALLBACK (count_cb), &error_notifications);
  eoc_environment_list_refresh_async (list, NULL, store_result_cb, &result);
  wait_result (&result);
  g_assert_false (eoc_environment_list_refresh_finish (list, result, &error));
  g_assert_error (error, EOC_CLIENT_ERROR, EOC_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_error (eoc_environment_list_get_error (list), EOC_CLIENT_ERROR,
                  EOC_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (error_notifications, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  /* Fixed: the error goes away. */
  g_clear_object (&result);
  g_clear_error (&error);
  eoc_client_set_token (stranger, fixture->base.server->viewer_token);
  refresh_environments (list);
  g_assert_null (eoc_environment_list_get_error (list));
  g_assert_cmpuint (error_notifications, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
}

/* Backups */

static void
test_backups_live (LiveFixture   *fixture,
                   gconstpointer  data)
{
  g_autoptr(EocBackupList) list = eoc_backup_list_new (fixture->base.viewer, fixture->stream,
                                                       fixture->staging_id);
  g_autoptr(GArray) changes = NULL;
  g_autoptr(EocBackup) fresh = NULL;
  g_autofree char *first_id = create_backup (fixture, fixture->staging_id, "First",
                                             TRUE);
  g_autofree char *second_id = create_backup (fixture, fixture->staging_id, "Second",
                                              TRUE);
  g_autofree char *fresh_id = NULL;
  guint state_notifications = 0;
  Change *change;

  g_assert_true (eoc_backup_list_get_has_more (list));
  load_more_backups (list);
  g_assert_false (eoc_backup_list_get_has_more (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_cmpstr (backup_name_at (list, 0), ==, "Second");
  g_assert_cmpstr (backup_name_at (list, 1), ==, "First");
  changes = watch_changes (list);

  /* Someone else makes one: it is at the top at once, and becomes available in place. */
  fresh_id = create_backup (fixture, fixture->staging_id, "Fresh", FALSE);
  WAIT_UNTIL (eoc_backup_list_find (list, fresh_id) != NULL);
  g_assert_cmpuint (changes->len, ==, 1);
  change = &g_array_index (changes, Change, 0);
  g_assert_cmpuint (change->position, ==, 0);
  g_assert_cmpuint (change->removed, ==, 0);
  g_assert_cmpuint (change->added, ==, 1);
  fresh = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (eoc_backup_get_id (fresh), ==, fresh_id);
  if (eoc_backup_get_state (fresh) == EOC_BACKUP_STATE_CREATING)
    {
      g_signal_connect (fresh, "notify::state", G_CALLBACK (count_cb), &state_notifications);
      WAIT_UNTIL (eoc_backup_get_state (fresh) == EOC_BACKUP_STATE_AVAILABLE);
      g_assert_cmpuint (state_notifications, ==, 1);
    }
  g_assert_true (eoc_backup_list_find (list, fresh_id) == fresh);
  g_assert_cmpuint (changes->len, ==, 1);

  /* Someone else deletes one: it goes. */
  delete_backup (fixture, fixture->staging_id, second_id);
  WAIT_UNTIL (eoc_backup_list_find (list, second_id) == NULL);
  g_assert_cmpuint (changes->len, ==, 2);
  change = &g_array_index (changes, Change, 1);
  g_assert_cmpuint (change->position, ==, 1);
  g_assert_cmpuint (change->removed, ==, 1);
  g_assert_cmpuint (change->added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_cmpstr (backup_name_at (list, 0), ==, "Fresh");
  g_assert_cmpstr (backup_name_at (list, 1), ==, "First");

  /* Another environment's backups are not this list's business. */
  g_free (create_backup (fixture, fixture->production_id, "Elsewhere", TRUE));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_cmpuint (changes->len, ==, 2);
  g_assert_nonnull (first_id);
}

static void
test_backups_query (LiveFixture   *fixture,
                    gconstpointer  data)
{
  g_autoptr(EocBackupList) list = eoc_backup_list_new (fixture->base.viewer, fixture->stream,
                                                       fixture->staging_id);
  g_autofree char *other_id = NULL;
  g_autofree char *match_id = NULL;
  guint query_notifications = 0;

  g_free (create_backup (fixture, fixture->staging_id, "Nightly 1", TRUE));
  g_free (create_backup (fixture, fixture->staging_id, "Weekly", TRUE));
  g_free (create_backup (fixture, fixture->staging_id, "NIGHTLY 2", TRUE));

  load_more_backups (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);

  /* Filtering reloads, through the service. */
  g_signal_connect (list, "notify::query", G_CALLBACK (count_cb), &query_notifications);
  eoc_backup_list_set_query (list, "night");
  g_assert_cmpuint (query_notifications, ==, 1);
  g_assert_cmpstr (eoc_backup_list_get_query (list), ==, "night");
  g_assert_true (eoc_backup_list_get_loading (list));
  WAIT_UNTIL (!eoc_backup_list_get_loading (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_cmpstr (backup_name_at (list, 0), ==, "NIGHTLY 2");
  g_assert_cmpstr (backup_name_at (list, 1), ==, "Nightly 1");

  /* The same filter applies to new backups. */
  other_id = create_backup (fixture, fixture->staging_id, "Before the upgrade", TRUE);
  match_id = create_backup (fixture, fixture->staging_id, "nightly 3", TRUE);
  WAIT_UNTIL (eoc_backup_list_find (list, match_id) != NULL);
  g_assert_null (eoc_backup_list_find (list, other_id));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
  g_assert_cmpstr (backup_name_at (list, 0), ==, "nightly 3");

  /* An empty filter is no filter. */
  eoc_backup_list_set_query (list, "");
  g_assert_null (eoc_backup_list_get_query (list));
  WAIT_UNTIL (!eoc_backup_list_get_loading (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 5);
}

static void
test_backups_paging (LiveFixture   *fixture,
                     gconstpointer  data)
{
  g_autoptr(EocBackupList) list = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GDateTime) previous = NULL;
  gint64 started = g_get_monotonic_time ();
  guint pages = 0;
  guint has_more_notifications = 0;

  for (guint i = 1; i <= 250; i++)
    {
      g_autofree char *name = g_strdup_printf ("Backup %03u", i);

      g_free (create_backup (fixture, fixture->staging_id, name, TRUE));
    }
  g_test_message ("250 backups made in %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - started) / 1000);

  list = g_object_new (EOC_TYPE_BACKUP_LIST,
                       "client", fixture->base.viewer,
                       "stream", fixture->stream,
                       "environment-id", fixture->staging_id,
                       "page-size", 100,
                       NULL);
  g_signal_connect (list, "notify::has-more", G_CALLBACK (count_cb), &has_more_notifications);

  while (eoc_backup_list_get_has_more (list))
    {
      load_more_backups (list);
      pages++;
      /* 100 a page while the list is short: 100, 100, then the last 50. */
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==,
                        MIN (100u << (pages - 1), 250));
    }
  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (has_more_notifications, ==, 1);

  /* All of them, newest first, each once. */
  for (guint i = 0; i < 250; i++)
    {
      g_autoptr(EocBackup) backup = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autofree char *name = g_strdup_printf ("Backup %03u", 250 - i);

      g_assert_cmpstr (eoc_backup_get_name (backup), ==, name);
      g_assert_true (g_hash_table_add (seen, g_strdup (eoc_backup_get_id (backup))));
      if (previous != NULL)
        g_assert_cmpint (g_date_time_compare (eoc_backup_get_created_at (backup), previous), <=, 0);
      g_clear_pointer (&previous, g_date_time_unref);
      previous = g_date_time_ref (eoc_backup_get_created_at (backup));
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 250));

  /* Nothing more to load: answered at once. */
  load_more_backups (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 250);
}

static void
test_backups_resynchronize (LiveFixture   *fixture,
                            gconstpointer  data)
{
  g_autoptr(EocBackupList) list = eoc_backup_list_new (fixture->base.viewer, fixture->stream,
                                                       fixture->staging_id);
  g_autoptr(GArray) changes = NULL;
  g_autoptr(EocBackup) kept = NULL;
  g_autofree char *kept_id = create_backup (fixture, fixture->staging_id, "Kept", TRUE);
  g_autofree char *gone_id = create_backup (fixture, fixture->staging_id, "Gone", TRUE);
  g_autofree char *new_id = NULL;

  load_more_backups (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  kept = g_object_ref (eoc_backup_list_find (list, kept_id));
  changes = watch_changes (list);

  eoc_event_stream_stop (fixture->stream);
  delete_backup (fixture, fixture->staging_id, gone_id);
  new_id = create_backup (fixture, fixture->staging_id, "New", TRUE);
  g_assert_cmpuint (changes->len, ==, 0);

  eoc_event_stream_start (fixture->stream);
  WAIT_UNTIL (eoc_backup_list_find (list, new_id) != NULL && !eoc_backup_list_get_loading (list));
  g_assert_null (eoc_backup_list_find (list, gone_id));
  g_assert_true (eoc_backup_list_find (list, kept_id) == kept);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_cmpstr (backup_name_at (list, 0), ==, "New");
  g_assert_cmpstr (backup_name_at (list, 1), ==, "Kept");
  g_assert_cmpint (eoc_backup_get_state (kept), ==, EOC_BACKUP_STATE_AVAILABLE);
  /* One change for the deleted row, one for the new one. */
  g_assert_cmpuint (changes->len, ==, 2);
}

/* Activity */

static void
test_activity (LiveFixture   *fixture,
               gconstpointer  data)
{
  g_autoptr(EocActivityList) list = eoc_activity_list_new (fixture->base.viewer, fixture->stream,
                                                           fixture->staging_id);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EocActivity) first = NULL;
  g_autoptr(EocActivity) top = NULL;
  guint before;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == EOC_TYPE_ACTIVITY);
  eoc_activity_list_load_more_async (list, NULL, store_result_cb, &result);
  wait_result (&result);
  g_assert_true (eoc_activity_list_load_more_finish (list, result, &error));
  g_assert_no_error (error);
  before = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (before, >=, 1);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (eoc_activity_get_action (first), ==, "environment_created");

  stop_environment (fixture, fixture->staging_id);
  WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (list)) == before + 1);
  top = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (eoc_activity_get_action (top), ==, "environment_stopped");
  g_assert_cmpstr (eoc_activity_get_environment_id (top), ==, fixture->staging_id);
  {
    g_autoptr(EocActivity) second = g_list_model_get_item (G_LIST_MODEL (list), 1);

    g_assert_true (second == first);
  }
}

/* The shared machinery, without a service */

typedef struct {
  GPtrArray *items;    /* what the model holds */
  GPtrArray *mirror;   /* what a view following its signals holds */
  guint      signals;
} Mirror;

static void
mirror_items_changed_cb (GListModel *model,
                         guint       position,
                         guint       removed,
                         guint       added,
                         Mirror     *mirror)
{
  g_assert_cmpuint (position + removed, <=, mirror->mirror->len);
  g_ptr_array_remove_range (mirror->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (mirror->mirror, (int) (position + i),
                        g_ptr_array_index (mirror->items, position + i));
  g_assert_cmpuint (mirror->mirror->len, ==, mirror->items->len);
  mirror->signals++;
}

/* Random before and after lists: a view that follows the signals ends up
 * with what the model holds, which is what was wanted. */
static void
test_reconcile (void)
{
  g_autoptr(GPtrArray) pool = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GListStore) model = g_list_store_new (G_TYPE_OBJECT);
  Mirror mirror = { 0 };

  for (guint i = 0; i < 20; i++)
    g_ptr_array_add (pool, g_object_new (G_TYPE_OBJECT, NULL));

  g_signal_connect (model, "items-changed", G_CALLBACK (mirror_items_changed_cb), &mirror);

  for (guint trial = 0; trial < 2000; trial++)
    {
      g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GPtrArray) shuffled = g_ptr_array_copy (pool, NULL, NULL);
      guint n_before = (guint) g_test_rand_int_range (0, 20);
      guint n_after = (guint) g_test_rand_int_range (0, 20);

      /* The copy would unref the pool's objects when freed. */
      g_ptr_array_set_free_func (shuffled, NULL);
      mirror.items = g_ptr_array_new_with_free_func (g_object_unref);
      mirror.mirror = g_ptr_array_new ();
      mirror.signals = 0;

      for (guint i = shuffled->len; i > 1; i--)
        {
          guint j = (guint) g_test_rand_int_range (0, (gint32) i);
          gpointer swap = shuffled->pdata[i - 1];

          shuffled->pdata[i - 1] = shuffled->pdata[j];
          shuffled->pdata[j] = swap;
        }
      for (guint i = 0; i < n_before; i++)
        {
          g_ptr_array_add (mirror.items, g_object_ref (shuffled->pdata[i]));
          g_ptr_array_add (mirror.mirror, shuffled->pdata[i]);
        }
      /* Mostly the same order, with some moves, removals and additions. */
      for (guint i = 0; i < 20 && wanted->len < n_after; i++)
        {
          guint pick = g_test_rand_bit () ? i : (guint) g_test_rand_int_range (0, 20);

          if (!g_ptr_array_find (wanted, shuffled->pdata[pick], NULL))
            g_ptr_array_add (wanted, g_object_ref (shuffled->pdata[pick]));
        }

      eoc_list_reconcile (G_LIST_MODEL (model), mirror.items, wanted);

      g_assert_cmpuint (mirror.items->len, ==, wanted->len);
      for (guint i = 0; i < wanted->len; i++)
        {
          g_assert_true (mirror.items->pdata[i] == wanted->pdata[i]);
          g_assert_true (mirror.mirror->pdata[i] == wanted->pdata[i]);
        }

      g_clear_pointer (&mirror.items, g_ptr_array_unref);
      g_clear_pointer (&mirror.mirror, g_ptr_array_unref);
    }

  /* One addition in the middle is one signal, nothing else moves. */
  {
    g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func (g_object_unref);

    mirror.items = g_ptr_array_new_with_free_func (g_object_unref);
    mirror.mirror = g_ptr_array_new ();
    mirror.signals = 0;
    for (guint i = 0; i < 10; i++)
      {
        g_ptr_array_add (mirror.items, g_object_ref (pool->pdata[i]));
        g_ptr_array_add (mirror.mirror, pool->pdata[i]);
      }
    for (guint i = 0; i < 10; i++)
      {
        if (i == 4)
          g_ptr_array_add (wanted, g_object_ref (pool->pdata[15]));
        if (i != 7)
          g_ptr_array_add (wanted, g_object_ref (pool->pdata[i]));
      }
    eoc_list_reconcile (G_LIST_MODEL (model), mirror.items, wanted);
    g_assert_cmpuint (mirror.signals, ==, 2);  /* one addition, one removal */
    g_clear_pointer (&mirror.items, g_ptr_array_unref);
    g_clear_pointer (&mirror.mirror, g_ptr_array_unref);
  }
}

/* A service with 100,000 backups, made up in memory to measure the list. */
#define LARGE_COUNT 100000

static EocBackup *
made_up_backup (guint       index,
                guint       age,
                const char *state)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(GDateTime) base = g_date_time_new_utc (2026, 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) time = g_date_time_add_seconds (base, -(double) age);
  g_autofree char *id = g_strdup_printf ("b%06u", index);
  g_autofree char *name = g_strdup_printf ("Backup %u", index);
  g_autofree char *created_at = g_date_time_format_iso8601 (time);

  json_object_set_string_member (object, "id", id);
  json_object_set_string_member (object, "environment_id", "env");
  json_object_set_string_member (object, "name", name);
  json_object_set_string_member (object, "created_at", created_at);
  json_object_set_string_member (object, "state", state);
  return eoc_backup_new_from_json (object);
}

static void
large_fetch_async (GObject             *owner,
                   const char          *cursor,
                   guint                limit,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (owner, cancellable, callback, user_data);
  GPtrArray *page = g_ptr_array_new_with_free_func (g_object_unref);
  guint count = GPOINTER_TO_UINT (g_object_get_data (owner, "count"));
  guint start = cursor != NULL ? (guint) g_ascii_strtoull (cursor, NULL, 10) : 0;
  guint end = MIN (start + limit, count);

  for (guint i = start; i < end; i++)
    g_ptr_array_add (page, made_up_backup (i, i, "available"));
  if (end < count)
    g_task_set_task_data (task, g_strdup_printf ("%u", end), g_free);
  g_task_return_pointer (task, page, (GDestroyNotify) g_ptr_array_unref);
}

static GPtrArray *
large_fetch_finish (GObject       *owner,
                    GAsyncResult  *result,
                    char         **next_cursor,
                    GError       **error)
{
  *next_cursor = g_strdup (g_task_get_task_data (G_TASK (result)));
  return g_task_propagate_pointer (G_TASK (result), error);
}

static const char *
large_get_id (gpointer item)
{
  return eoc_backup_get_id (item);
}

static GDateTime *
large_get_time (gpointer item)
{
  return eoc_backup_get_created_at (item);
}

static void
large_update_from (gpointer item,
                   gpointer other)
{
  eoc_backup_update_from (item, other);
}

static const EocPagedListFuncs large_funcs = {
  .fetch_async = large_fetch_async,
  .fetch_finish = large_fetch_finish,
  .get_id = large_get_id,
  .get_time = large_get_time,
  .update_from = large_update_from,
};

/* Pages keep the size asked for while the list is short (a list view makes
 * a row for each item as it comes), then grow with it, up to the largest. */
static void
test_pages_grow (void)
{
  g_autoptr(GObject) owner = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(EocPagedList) list = eoc_paged_list_new (&large_funcs, EOC_TYPE_BACKUP, owner, 30);
  static const guint expected[] = { 30, 60, 90, 120, 150, 180, 210, 240, 480, 960, 1460, 1960 };

  g_object_set_data (owner, "count", GUINT_TO_POINTER (LARGE_COUNT));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(GTask) task = g_task_new (owner, NULL, NULL, NULL);

      eoc_paged_list_load_more (list, task);
      WAIT_UNTIL (!eoc_paged_list_get_loading (list));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, expected[i]);
    }
}

static void
test_backups_large (void)
{
  g_autoptr(GObject) owner = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(EocPagedList) list = eoc_paged_list_new (&large_funcs, EOC_TYPE_BACKUP, owner,
                                                     EOC_PAGED_LIST_MAX_PAGE);
  g_autoptr(GArray) changes = NULL;
  gint64 started = g_get_monotonic_time ();
  gint64 spent = 0;
  guint pages = 0;

  g_object_set_data (owner, "count", GUINT_TO_POINTER (LARGE_COUNT));
  while (eoc_paged_list_get_has_more (list))
    {
      g_autoptr(GTask) task = g_task_new (owner, NULL, NULL, NULL);

      eoc_paged_list_load_more (list, task);
      WAIT_UNTIL (!eoc_paged_list_get_loading (list));
      pages++;
    }
  g_test_message ("100,000 backups loaded in %u pages: %" G_GINT64_FORMAT " ms (made up and "
                  "listed)", pages, (g_get_monotonic_time () - started) / 1000);
  g_assert_cmpuint (pages, ==, LARGE_COUNT / EOC_PAGED_LIST_MAX_PAGE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, LARGE_COUNT);
  changes = watch_changes (list);

  /* 1,000 new backups, each at the top. */
  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr(EocBackup) backup = made_up_backup (LARGE_COUNT + i, 0, "creating");

      started = g_get_monotonic_time ();
      eoc_paged_list_item_changed (list, backup);
      spent += g_get_monotonic_time () - started;
      g_assert_true (eoc_paged_list_find (list, eoc_backup_get_id (backup)) == backup);
    }
  g_test_message ("1,000 insertions at the top of 100,000: %" G_GINT64_FORMAT " ms", spent / 1000);
  g_assert_cmpint (spent, <, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (changes->len, ==, 1000);
  g_assert_cmpuint (g_array_index (changes, Change, 999).position, ==, 0);

  /* 1,000 updates in place. */
  spent = 0;
  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr(EocBackup) backup = made_up_backup (i * 97, i * 97, "creating");
      EocBackup *listed = eoc_paged_list_find (list, eoc_backup_get_id (backup));

      started = g_get_monotonic_time ();
      eoc_paged_list_item_changed (list, backup);
      spent += g_get_monotonic_time () - started;
      g_assert_cmpint (eoc_backup_get_state (listed), ==, EOC_BACKUP_STATE_CREATING);
    }
  g_test_message ("1,000 updates in place: %" G_GINT64_FORMAT " ms", spent / 1000);
  g_assert_cmpint (spent, <, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (changes->len, ==, 1000);

  /* 1,000 deletions, spread out. */
  spent = 0;
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *id = g_strdup_printf ("b%06u", i * 97 + 1);

      started = g_get_monotonic_time ();
      eoc_paged_list_item_removed (list, id);
      spent += g_get_monotonic_time () - started;
      g_assert_null (eoc_paged_list_find (list, id));
    }
  g_test_message ("1,000 deletions: %" G_GINT64_FORMAT " ms", spent / 1000);
  g_assert_cmpint (spent, <, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (changes->len, ==, 2000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, LARGE_COUNT);

  eoc_paged_list_cancel (list);
}

/* Events that come while the list is fetched again win over the fetch, and
 * the rows they touched do not flicker. */
static void
test_events_during_refresh (void)
{
  g_autoptr(GObject) owner = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(EocPagedList) list = eoc_paged_list_new (&large_funcs, EOC_TYPE_BACKUP, owner, 100);
  g_autoptr(GTask) load = g_task_new (owner, NULL, NULL, NULL);
  g_autoptr(GTask) refresh = g_task_new (owner, NULL, NULL, NULL);
  g_autoptr(GArray) changes = NULL;
  g_autoptr(EocBackup) fresh = made_up_backup (1000, 0, "creating");
  g_autoptr(EocBackup) changed = made_up_backup (3, 3, "creating");
  g_autoptr(EocBackup) top = NULL;
  EocBackup *third;
  guint state_notifications = 0;

  g_object_set_data (owner, "count", GUINT_TO_POINTER (10));
  eoc_paged_list_load_more (list, load);
  WAIT_UNTIL (!eoc_paged_list_get_loading (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 10);
  third = eoc_paged_list_find (list, "b000003");
  g_signal_connect (third, "notify::state", G_CALLBACK (count_cb), &state_notifications);
  changes = watch_changes (list);

  /* The fetch is under way (its answer is on the main loop) when events come. */
  eoc_paged_list_refresh (list, refresh);
  g_assert_true (eoc_paged_list_get_loading (list));
  eoc_paged_list_item_changed (list, fresh);
  eoc_paged_list_item_changed (list, changed);
  eoc_paged_list_item_removed (list, "b000005");
  g_assert_cmpuint (changes->len, ==, 2);
  g_assert_cmpuint (state_notifications, ==, 1);

  WAIT_UNTIL (!eoc_paged_list_get_loading (list));
  g_assert_cmpuint (changes->len, ==, 2);
  g_assert_cmpuint (state_notifications, ==, 1);
  g_assert_cmpint (eoc_backup_get_state (third), ==, EOC_BACKUP_STATE_CREATING);
  g_assert_null (eoc_paged_list_find (list, "b000005"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 10);
  top = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_true (top == fresh);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, LiveFixture, NULL, live_fixture_set_up, func, live_fixture_tear_down)

  ADD ("/lists/environments/update-in-place", test_environments_update_in_place);
  ADD ("/lists/environments/insert-sorted", test_environments_insert_sorted);
  ADD ("/lists/environments/resynchronize", test_environments_resynchronize);
  ADD ("/lists/environments/error", test_environments_error);
  ADD ("/lists/backups/live", test_backups_live);
  ADD ("/lists/backups/query", test_backups_query);
  ADD ("/lists/backups/paging", test_backups_paging);
  ADD ("/lists/backups/resynchronize", test_backups_resynchronize);
  ADD ("/lists/activity", test_activity);
  g_test_add_func ("/lists/reconcile", test_reconcile);
  g_test_add_func ("/lists/backups/large", test_backups_large);
  g_test_add_func ("/lists/pages-grow", test_pages_grow);
  g_test_add_func ("/lists/backups/events-during-refresh", test_events_during_refresh);

#undef ADD

  return g_test_run ();
}
