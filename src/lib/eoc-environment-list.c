/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-environment-list.c: the service's environments as a GListModel that
 * stays current.
 *
 * The items are sorted by name, ignoring case. An event about an environment
 * updates its object in place (eoc_environment_update_from() notifies only
 * what changed), so that views bound to it follow; a new environment is
 * inserted where it belongs. After the event stream reconnects, the list is
 * fetched again and reconciled with what it shows: objects that stay are kept
 * and updated, and items-changed covers only the rows that come or go.
 *
 * Events that arrive while a fetch is under way may be newer than what the
 * fetch brings back: the fetch does not overwrite the environments they
 * touched, and they are applied again once it is in.
 */

#define G_LOG_DOMAIN "eoc-environment-list"

#include "config.h"

#include "eoc-environment-list.h"
#include "eoc-list-private.h"

struct _EocEnvironmentList {
  GObject         parent_instance;

  EocClient      *client;
  EocEventStream *stream;

  GPtrArray      *items;      /* EocEnvironment, in display order */
  GHashTable     *by_id;      /* id → EocEnvironment, borrowed from items */

  gboolean        loaded;     /* a fetch has succeeded */
  gboolean        loading;
  gboolean        fetch_again;
  GError         *error;
  GCancellable   *cancellable;
  GPtrArray      *waiters;    /* GTask of refresh_async, answered when the fetch ends */
  GHashTable     *pending;    /* id → EocEnvironment: events during the fetch */
};

static void eoc_environment_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (EocEnvironmentList, eoc_environment_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      eoc_environment_list_model_init))

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_STREAM,
  PROP_LOADING,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void fetch (EocEnvironmentList *self);

static int
compare_environments (EocEnvironment *a,
                      EocEnvironment *b)
{
  const char *name_a = eoc_environment_get_name (a);
  const char *name_b = eoc_environment_get_name (b);
  g_autofree char *folded_a = g_utf8_casefold (name_a != NULL ? name_a : "", -1);
  g_autofree char *folded_b = g_utf8_casefold (name_b != NULL ? name_b : "", -1);
  int result;

  result = g_utf8_collate (folded_a, folded_b);
  if (result == 0)
    result = g_strcmp0 (name_a, name_b);
  if (result == 0)
    result = g_strcmp0 (eoc_environment_get_id (a), eoc_environment_get_id (b));
  return result;
}

static int
compare_environments_sort (gconstpointer a,
                           gconstpointer b)
{
  return compare_environments (*(EocEnvironment **) a, *(EocEnvironment **) b);
}

/* Where @environment goes among the items (which must not hold it). */
static guint
sorted_position (EocEnvironmentList *self,
                 EocEnvironment     *environment)
{
  guint low = 0;
  guint high = self->items->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (compare_environments (g_ptr_array_index (self->items, middle), environment) < 0)
        low = middle + 1;
      else
        high = middle;
    }

  return low;
}

static void
set_loading (EocEnvironmentList *self,
             gboolean            loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_error (EocEnvironmentList *self,
           const GError       *error)
{
  if (self->error == NULL && error == NULL)
    return;

  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
rebuild_index (EocEnvironmentList *self)
{
  g_hash_table_remove_all (self->by_id);
  for (guint i = 0; i < self->items->len; i++)
    {
      EocEnvironment *environment = g_ptr_array_index (self->items, i);

      g_hash_table_insert (self->by_id, (gpointer) eoc_environment_get_id (environment),
                           environment);
    }
}

/* Events */

static void
apply_change (EocEnvironmentList *self,
              EocEnvironment     *environment)
{
  const char *id = eoc_environment_get_id (environment);
  EocEnvironment *existing;
  guint old_position;
  guint new_position;

  existing = g_hash_table_lookup (self->by_id, id);
  if (existing == NULL)
    {
      eoc_list_splice (G_LIST_MODEL (self), self->items,
                       sorted_position (self, environment), 0, (gpointer *) &environment, 1);
      g_hash_table_insert (self->by_id, (gpointer) eoc_environment_get_id (environment),
                           environment);
      return;
    }

  eoc_environment_update_from (existing, environment);

  /* A new name may move it. */
  if (!g_ptr_array_find (self->items, existing, &old_position))
    g_return_if_reached ();
  if ((old_position == 0 ||
       compare_environments (g_ptr_array_index (self->items, old_position - 1), existing) < 0) &&
      (old_position + 1 == self->items->len ||
       compare_environments (existing, g_ptr_array_index (self->items, old_position + 1)) < 0))
    return;

  g_object_ref (existing);
  eoc_list_splice (G_LIST_MODEL (self), self->items, old_position, 1, NULL, 0);
  new_position = sorted_position (self, existing);
  eoc_list_splice (G_LIST_MODEL (self), self->items, new_position, 0, (gpointer *) &existing, 1);
  g_object_unref (existing);
}

static void
environment_changed_cb (EocEventStream     *stream,
                        EocEnvironment     *environment,
                        EocEnvironmentList *self)
{
  /* The fetch under way may predate this: it is applied again after it. */
  if (self->loading)
    g_hash_table_insert (self->pending, g_strdup (eoc_environment_get_id (environment)),
                         g_object_ref (environment));

  /* Before the first fetch, a lone environment would be misleading. */
  if (self->loaded)
    apply_change (self, environment);
}

static void
resynchronize_cb (EocEventStream     *stream,
                  EocEnvironmentList *self)
{
  if (self->loaded || self->loading)
    fetch (self);
}

/* Fetching */

static void
answer_waiters (EocEnvironmentList *self,
                const GError       *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->waiters);

  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
}

static void
apply (EocEnvironmentList *self,
       GPtrArray          *fetched)
{
  g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < fetched->len; i++)
    {
      EocEnvironment *environment = g_ptr_array_index (fetched, i);
      const char *id = eoc_environment_get_id (environment);
      EocEnvironment *existing = g_hash_table_lookup (self->by_id, id);

      if (g_hash_table_contains (seen, id))
        continue;
      g_hash_table_add (seen, (gpointer) id);

      if (existing == NULL)
        {
          g_ptr_array_add (wanted, g_object_ref (environment));
          continue;
        }

      /* An event during the fetch knows better. */
      if (!g_hash_table_contains (self->pending, id))
        eoc_environment_update_from (existing, environment);
      g_ptr_array_add (wanted, g_object_ref (existing));
    }

  /* Environments that events brought during the fetch stay. */
  for (guint i = 0; i < self->items->len; i++)
    {
      EocEnvironment *existing = g_ptr_array_index (self->items, i);
      const char *id = eoc_environment_get_id (existing);

      if (!g_hash_table_contains (seen, id) && g_hash_table_contains (self->pending, id))
        g_ptr_array_add (wanted, g_object_ref (existing));
    }

  g_ptr_array_sort (wanted, compare_environments_sort);
  eoc_list_reconcile (G_LIST_MODEL (self), self->items, wanted);
  rebuild_index (self);
}

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(EocEnvironmentList) self = user_data;
  g_autoptr(GPtrArray) fetched = NULL;
  g_autoptr(GError) error = NULL;

  fetched = eoc_client_list_environments_finish (EOC_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Disposed: whoever waits is told so. */
      answer_waiters (self, error);
      return;
    }

  if (self->fetch_again)
    {
      /* Asked again while this one ran (a reconnection): it may be stale. */
      self->fetch_again = FALSE;
      g_hash_table_remove_all (self->pending);
      eoc_client_list_environments_async (self->client, self->cancellable, fetch_cb,
                                          g_object_ref (self));
      return;
    }

  if (fetched != NULL)
    {
      GHashTableIter iter;
      gpointer value;

      apply (self, fetched);
      self->loaded = TRUE;

      g_hash_table_iter_init (&iter, self->pending);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        apply_change (self, value);
    }
  else
    {
      g_debug ("Could not list the environments: %s", error->message);
    }
  g_hash_table_remove_all (self->pending);
  set_error (self, error);
  set_loading (self, FALSE);
  answer_waiters (self, error);
}

static void
fetch (EocEnvironmentList *self)
{
  if (self->loading)
    {
      self->fetch_again = TRUE;
      return;
    }

  set_loading (self, TRUE);
  eoc_client_list_environments_async (self->client, self->cancellable, fetch_cb,
                                      g_object_ref (self));
}

/**
 * eoc_environment_list_refresh_async:
 * @self: a #EocEnvironmentList
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the list is current
 * @user_data: data for @callback
 *
 * Fetches the environments and reconciles the list with them. Calls made
 * while a fetch runs are answered when it ends. On failure the items stay as
 * they were and #EocEnvironmentList:error tells why.
 */
void
eoc_environment_list_refresh_async (EocEnvironmentList  *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (EOC_IS_ENVIRONMENT_LIST (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, eoc_environment_list_refresh_async);
  g_ptr_array_add (self->waiters, g_steal_pointer (&task));

  fetch (self);
}

/**
 * eoc_environment_list_refresh_finish:
 * @self: a #EocEnvironmentList
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: %TRUE when the list is current.
 */
gboolean
eoc_environment_list_refresh_finish (EocEnvironmentList  *self,
                                     GAsyncResult        *result,
                                     GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * eoc_environment_list_find:
 * @self: a #EocEnvironmentList
 * @id: an environment's identifier
 *
 * Returns: (transfer none) (nullable): the environment with @id, if listed.
 */
EocEnvironment *
eoc_environment_list_find (EocEnvironmentList *self,
                           const char         *id)
{
  g_return_val_if_fail (EOC_IS_ENVIRONMENT_LIST (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->by_id, id);
}

/**
 * eoc_environment_list_get_client:
 * @self: a #EocEnvironmentList
 *
 * Returns: (transfer none): the client it fetches with.
 */
EocClient *
eoc_environment_list_get_client (EocEnvironmentList *self)
{
  g_return_val_if_fail (EOC_IS_ENVIRONMENT_LIST (self), NULL);

  return self->client;
}

/**
 * eoc_environment_list_get_stream:
 * @self: a #EocEnvironmentList
 *
 * Returns: (transfer none) (nullable): the events it follows.
 */
EocEventStream *
eoc_environment_list_get_stream (EocEnvironmentList *self)
{
  g_return_val_if_fail (EOC_IS_ENVIRONMENT_LIST (self), NULL);

  return self->stream;
}

/**
 * eoc_environment_list_get_loading:
 * @self: a #EocEnvironmentList
 *
 * Returns: whether a fetch is under way.
 */
gboolean
eoc_environment_list_get_loading (EocEnvironmentList *self)
{
  g_return_val_if_fail (EOC_IS_ENVIRONMENT_LIST (self), FALSE);

  return self->loading;
}

/**
 * eoc_environment_list_get_error:
 * @self: a #EocEnvironmentList
 *
 * Returns: (nullable): why the last fetch failed, or %NULL if it succeeded.
 */
const GError *
eoc_environment_list_get_error (EocEnvironmentList *self)
{
  g_return_val_if_fail (EOC_IS_ENVIRONMENT_LIST (self), NULL);

  return self->error;
}

static GType
eoc_environment_list_get_item_type (GListModel *model)
{
  return EOC_TYPE_ENVIRONMENT;
}

static guint
eoc_environment_list_get_n_items (GListModel *model)
{
  return EOC_ENVIRONMENT_LIST (model)->items->len;
}

static gpointer
eoc_environment_list_get_item (GListModel *model,
                               guint       position)
{
  EocEnvironmentList *self = EOC_ENVIRONMENT_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
eoc_environment_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = eoc_environment_list_get_item_type;
  iface->get_n_items = eoc_environment_list_get_n_items;
  iface->get_item = eoc_environment_list_get_item;
}

static void
eoc_environment_list_constructed (GObject *object)
{
  EocEnvironmentList *self = EOC_ENVIRONMENT_LIST (object);

  G_OBJECT_CLASS (eoc_environment_list_parent_class)->constructed (object);

  g_return_if_fail (EOC_IS_CLIENT (self->client));

  if (self->stream != NULL)
    {
      g_signal_connect (self->stream, "environment-changed",
                        G_CALLBACK (environment_changed_cb), self);
      g_signal_connect (self->stream, "resynchronize", G_CALLBACK (resynchronize_cb), self);
    }
}

static void
eoc_environment_list_dispose (GObject *object)
{
  EocEnvironmentList *self = EOC_ENVIRONMENT_LIST (object);

  g_cancellable_cancel (self->cancellable);
  if (self->stream != NULL)
    g_signal_handlers_disconnect_by_data (self->stream, self);
  g_clear_object (&self->stream);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (eoc_environment_list_parent_class)->dispose (object);
}

static void
eoc_environment_list_finalize (GObject *object)
{
  EocEnvironmentList *self = EOC_ENVIRONMENT_LIST (object);

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (eoc_environment_list_parent_class)->finalize (object);
}

static void
eoc_environment_list_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  EocEnvironmentList *self = EOC_ENVIRONMENT_LIST (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_STREAM:
      g_value_set_object (value, self->stream);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_environment_list_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  EocEnvironmentList *self = EOC_ENVIRONMENT_LIST (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_STREAM:
      self->stream = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_environment_list_class_init (EocEnvironmentListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = eoc_environment_list_constructed;
  object_class->dispose = eoc_environment_list_dispose;
  object_class->finalize = eoc_environment_list_finalize;
  object_class->get_property = eoc_environment_list_get_property;
  object_class->set_property = eoc_environment_list_set_property;

  /**
   * EocEnvironmentList:client:
   *
   * The client it fetches with.
   */
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, EOC_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * EocEnvironmentList:stream:
   *
   * The events it follows, or %NULL for a list that changes only when
   * refreshed.
   */
  properties[PROP_STREAM] =
    g_param_spec_object ("stream", NULL, NULL, EOC_TYPE_EVENT_STREAM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * EocEnvironmentList:loading:
   *
   * Whether a fetch is under way.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocEnvironmentList:error:
   *
   * Why the last fetch failed (in %EOC_CLIENT_ERROR), or %NULL when it
   * succeeded. The items stay as they were: a page shows this in a bar above
   * them.
   */
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
eoc_environment_list_init (EocEnvironmentList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
}

/**
 * eoc_environment_list_new:
 * @client: the client to fetch with
 * @stream: (nullable): the events to follow
 *
 * Returns: (transfer full): an empty list; call
 *   eoc_environment_list_refresh_async() to fill it.
 */
EocEnvironmentList *
eoc_environment_list_new (EocClient      *client,
                          EocEventStream *stream)
{
  g_return_val_if_fail (EOC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (stream == NULL || EOC_IS_EVENT_STREAM (stream), NULL);

  return g_object_new (EOC_TYPE_ENVIRONMENT_LIST, "client", client, "stream", stream, NULL);
}
