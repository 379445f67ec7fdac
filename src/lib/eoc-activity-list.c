/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-activity-list.c: one environment's activity log as a GListModel that
 * stays current, newest first.
 *
 * The log only grows: the list holds the pages loaded so far
 * (eoc_activity_list_load_more_async() asks for the next), and each
 * ::activity-added event for the environment appears at the top.
 */

#define G_LOG_DOMAIN "eoc-activity-list"

#include "config.h"

#include "eoc-activity-list.h"
#include "eoc-list-private.h"

#define DEFAULT_PAGE_SIZE 100

struct _EocActivityList {
  GObject         parent_instance;

  EocClient      *client;
  EocEventStream *stream;
  char           *environment_id;
  guint           page_size;

  EocPagedList   *pages;
};

static void eoc_activity_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (EocActivityList, eoc_activity_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      eoc_activity_list_model_init))

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_STREAM,
  PROP_ENVIRONMENT_ID,
  PROP_PAGE_SIZE,
  PROP_LOADING,
  PROP_HAS_MORE,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* How EocPagedList fetches and reads activity */

static void
fetch_async (GObject             *owner,
             const char          *cursor,
             guint                limit,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  EocActivityList *self = EOC_ACTIVITY_LIST (owner);

  eoc_client_list_activity_async (self->client, self->environment_id, limit, cursor,
                                  cancellable, callback, user_data);
}

static GPtrArray *
fetch_finish (GObject       *owner,
              GAsyncResult  *result,
              char         **next_cursor,
              GError       **error)
{
  EocActivityList *self = EOC_ACTIVITY_LIST (owner);

  return eoc_client_list_activity_finish (self->client, result, next_cursor, error);
}

static const char *
get_id (gpointer item)
{
  return eoc_activity_get_id (item);
}

static GDateTime *
get_time (gpointer item)
{
  return eoc_activity_get_time (item);
}

static void
update_from (gpointer item,
             gpointer other)
{
  eoc_activity_update_from (item, other);
}

static const EocPagedListFuncs paged_funcs = {
  .fetch_async = fetch_async,
  .fetch_finish = fetch_finish,
  .get_id = get_id,
  .get_time = get_time,
  .update_from = update_from,
};

/* Events */

static void
activity_added_cb (EocEventStream  *stream,
                   EocActivity     *activity,
                   EocActivityList *self)
{
  if (g_strcmp0 (eoc_activity_get_environment_id (activity), self->environment_id) == 0)
    eoc_paged_list_item_changed (self->pages, activity);
}

static void
resynchronize_cb (EocEventStream  *stream,
                  EocActivityList *self)
{
  if (eoc_paged_list_get_loaded (self->pages) || eoc_paged_list_get_loading (self->pages))
    eoc_paged_list_refresh (self->pages, NULL);
}

/* The engine's changes, passed on */

static void
pages_items_changed_cb (GListModel      *pages,
                        guint            position,
                        guint            removed,
                        guint            added,
                        EocActivityList *self)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
pages_notify_cb (GObject         *pages,
                 GParamSpec      *pspec,
                 EocActivityList *self)
{
  if (g_str_equal (pspec->name, "loading"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  else if (g_str_equal (pspec->name, "has-more"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_MORE]);
  else if (g_str_equal (pspec->name, "error"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/**
 * eoc_activity_list_load_more_async:
 * @self: a #EocActivityList
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the page is in the list
 * @user_data: data for @callback
 *
 * Loads the next page (the first one if none is loaded yet). Calls made while
 * a page is on its way are answered with it. On failure
 * #EocActivityList:error tells why, and the next call tries again.
 */
void
eoc_activity_list_load_more_async (EocActivityList     *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (EOC_IS_ACTIVITY_LIST (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, eoc_activity_list_load_more_async);
  eoc_paged_list_load_more (self->pages, task);
}

/**
 * eoc_activity_list_load_more_finish:
 * @self: a #EocActivityList
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: %TRUE when the page was loaded (or there was none left).
 */
gboolean
eoc_activity_list_load_more_finish (EocActivityList  *self,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * eoc_activity_list_refresh_async:
 * @self: a #EocActivityList
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the list is current
 * @user_data: data for @callback
 *
 * Fetches again as many activity entries as are loaded and reconciles the list with
 * them, keeping the objects that stay. Loads the first page if none is.
 */
void
eoc_activity_list_refresh_async (EocActivityList     *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (EOC_IS_ACTIVITY_LIST (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, eoc_activity_list_refresh_async);
  eoc_paged_list_refresh (self->pages, task);
}

/**
 * eoc_activity_list_refresh_finish:
 * @self: a #EocActivityList
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: %TRUE when the list is current.
 */
gboolean
eoc_activity_list_refresh_finish (EocActivityList  *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * eoc_activity_list_get_client:
 * @self: a #EocActivityList
 *
 * Returns: (transfer none): the client it fetches with.
 */
EocClient *
eoc_activity_list_get_client (EocActivityList *self)
{
  g_return_val_if_fail (EOC_IS_ACTIVITY_LIST (self), NULL);

  return self->client;
}

/**
 * eoc_activity_list_get_stream:
 * @self: a #EocActivityList
 *
 * Returns: (transfer none) (nullable): the events it follows.
 */
EocEventStream *
eoc_activity_list_get_stream (EocActivityList *self)
{
  g_return_val_if_fail (EOC_IS_ACTIVITY_LIST (self), NULL);

  return self->stream;
}

/**
 * eoc_activity_list_get_environment_id:
 * @self: a #EocActivityList
 *
 * Returns: the environment whose activity entries these are.
 */
const char *
eoc_activity_list_get_environment_id (EocActivityList *self)
{
  g_return_val_if_fail (EOC_IS_ACTIVITY_LIST (self), NULL);

  return self->environment_id;
}

/**
 * eoc_activity_list_get_page_size:
 * @self: a #EocActivityList
 *
 * Returns: how many activity entries a page holds.
 */
guint
eoc_activity_list_get_page_size (EocActivityList *self)
{
  g_return_val_if_fail (EOC_IS_ACTIVITY_LIST (self), 0);

  return self->page_size;
}

/**
 * eoc_activity_list_get_loading:
 * @self: a #EocActivityList
 *
 * Returns: whether a page is on its way.
 */
gboolean
eoc_activity_list_get_loading (EocActivityList *self)
{
  g_return_val_if_fail (EOC_IS_ACTIVITY_LIST (self), FALSE);

  return eoc_paged_list_get_loading (self->pages);
}

/**
 * eoc_activity_list_get_has_more:
 * @self: a #EocActivityList
 *
 * Returns: whether there may be activity entries not loaded yet (%TRUE before the
 *   first page).
 */
gboolean
eoc_activity_list_get_has_more (EocActivityList *self)
{
  g_return_val_if_fail (EOC_IS_ACTIVITY_LIST (self), FALSE);

  return eoc_paged_list_get_has_more (self->pages);
}

/**
 * eoc_activity_list_get_error:
 * @self: a #EocActivityList
 *
 * Returns: (nullable): why the last fetch failed, or %NULL.
 */
const GError *
eoc_activity_list_get_error (EocActivityList *self)
{
  g_return_val_if_fail (EOC_IS_ACTIVITY_LIST (self), NULL);

  return eoc_paged_list_get_error (self->pages);
}

static GType
eoc_activity_list_get_item_type (GListModel *model)
{
  return EOC_TYPE_ACTIVITY;
}

static guint
eoc_activity_list_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (EOC_ACTIVITY_LIST (model)->pages));
}

static gpointer
eoc_activity_list_get_item (GListModel *model,
                            guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (EOC_ACTIVITY_LIST (model)->pages), position);
}

static void
eoc_activity_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = eoc_activity_list_get_item_type;
  iface->get_n_items = eoc_activity_list_get_n_items;
  iface->get_item = eoc_activity_list_get_item;
}

static void
eoc_activity_list_constructed (GObject *object)
{
  EocActivityList *self = EOC_ACTIVITY_LIST (object);

  G_OBJECT_CLASS (eoc_activity_list_parent_class)->constructed (object);

  self->pages = eoc_paged_list_new (&paged_funcs, EOC_TYPE_ACTIVITY, object, self->page_size);
  g_signal_connect (self->pages, "items-changed", G_CALLBACK (pages_items_changed_cb), self);
  g_signal_connect (self->pages, "notify", G_CALLBACK (pages_notify_cb), self);

  if (self->stream != NULL)
    {
      g_signal_connect (self->stream, "activity-added", G_CALLBACK (activity_added_cb), self);
      g_signal_connect (self->stream, "resynchronize", G_CALLBACK (resynchronize_cb), self);
    }
}

static void
eoc_activity_list_dispose (GObject *object)
{
  EocActivityList *self = EOC_ACTIVITY_LIST (object);

  if (self->stream != NULL)
    g_signal_handlers_disconnect_by_data (self->stream, self);
  if (self->pages != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->pages, self);
      eoc_paged_list_cancel (self->pages);
    }
  g_clear_object (&self->pages);
  g_clear_object (&self->stream);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (eoc_activity_list_parent_class)->dispose (object);
}

static void
eoc_activity_list_finalize (GObject *object)
{
  EocActivityList *self = EOC_ACTIVITY_LIST (object);

  g_free (self->environment_id);

  G_OBJECT_CLASS (eoc_activity_list_parent_class)->finalize (object);
}

static void
eoc_activity_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  EocActivityList *self = EOC_ACTIVITY_LIST (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_STREAM:
      g_value_set_object (value, self->stream);
      break;
    case PROP_ENVIRONMENT_ID:
      g_value_set_string (value, self->environment_id);
      break;
    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->page_size);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, eoc_activity_list_get_loading (self));
      break;
    case PROP_HAS_MORE:
      g_value_set_boolean (value, eoc_activity_list_get_has_more (self));
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, eoc_activity_list_get_error (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_activity_list_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  EocActivityList *self = EOC_ACTIVITY_LIST (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_STREAM:
      self->stream = g_value_dup_object (value);
      break;
    case PROP_ENVIRONMENT_ID:
      self->environment_id = g_value_dup_string (value);
      break;
    case PROP_PAGE_SIZE:
      self->page_size = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_activity_list_class_init (EocActivityListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = eoc_activity_list_constructed;
  object_class->dispose = eoc_activity_list_dispose;
  object_class->finalize = eoc_activity_list_finalize;
  object_class->get_property = eoc_activity_list_get_property;
  object_class->set_property = eoc_activity_list_set_property;

  /**
   * EocActivityList:client:
   *
   * The client it fetches with.
   */
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, EOC_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * EocActivityList:stream:
   *
   * The events it follows, or %NULL.
   */
  properties[PROP_STREAM] =
    g_param_spec_object ("stream", NULL, NULL, EOC_TYPE_EVENT_STREAM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * EocActivityList:environment-id:
   *
   * The environment whose activity entries these are.
   */
  properties[PROP_ENVIRONMENT_ID] =
    g_param_spec_string ("environment-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * EocActivityList:page-size:
   *
   * How many activity entries a page holds (1 to 500) until a few hundred are loaded;
   * then each page is as large as what is loaded so far, up to 500.
   */
  properties[PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL, 1, EOC_PAGED_LIST_MAX_PAGE, DEFAULT_PAGE_SIZE,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * EocActivityList:loading:
   *
   * Whether a page is on its way.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocActivityList:has-more:
   *
   * Whether there may be activity entries not loaded yet.
   */
  properties[PROP_HAS_MORE] =
    g_param_spec_boolean ("has-more", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * EocActivityList:error:
   *
   * Why the last fetch failed (in %EOC_CLIENT_ERROR), or %NULL when it
   * succeeded. What was loaded stays.
   */
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
eoc_activity_list_init (EocActivityList *self)
{
  self->page_size = DEFAULT_PAGE_SIZE;
}

/**
 * eoc_activity_list_new:
 * @client: the client to fetch with
 * @stream: (nullable): the events to follow
 * @environment_id: the environment whose activity entries to list
 *
 * Returns: (transfer full): an empty list; call
 *   eoc_activity_list_load_more_async() for its first page.
 */
EocActivityList *
eoc_activity_list_new (EocClient      *client,
                       EocEventStream *stream,
                       const char     *environment_id)
{
  g_return_val_if_fail (EOC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (stream == NULL || EOC_IS_EVENT_STREAM (stream), NULL);
  g_return_val_if_fail (environment_id != NULL, NULL);

  return g_object_new (EOC_TYPE_ACTIVITY_LIST,
                       "client", client,
                       "stream", stream,
                       "environment-id", environment_id,
                       NULL);
}
