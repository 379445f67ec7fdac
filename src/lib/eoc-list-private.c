/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-list-private.c: the machinery of the live lists; see eoc-list-private.h.
 */

#define G_LOG_DOMAIN "eoc-list"

#include "config.h"

#include <string.h>

#include "eoc-list-private.h"

/*
 * eoc_list_splice:
 * @model: the model that @items backs
 * @items: its items (a GPtrArray that unrefs what it drops)
 * @position: where to change
 * @n_removals: how many items to drop there
 * @additions: (array length=n_additions): objects to put there instead; a
 *   reference is taken on each
 * @n_additions: how many
 *
 * Changes @items and emits one items-changed.
 */
void
eoc_list_splice (GListModel *model,
                 GPtrArray  *items,
                 guint       position,
                 guint       n_removals,
                 gpointer   *additions,
                 guint       n_additions)
{
  guint old_length;

  g_return_if_fail (position + n_removals <= items->len);

  if (n_removals == 0 && n_additions == 0)
    return;

  /* First the new references: an addition may also be among the removals. */
  for (guint i = 0; i < n_additions; i++)
    g_object_ref (additions[i]);

  if (n_removals > 0)
    g_ptr_array_remove_range (items, position, n_removals);

  if (n_additions > 0)
    {
      old_length = items->len;
      g_ptr_array_set_size (items, old_length + n_additions);
      memmove (&items->pdata[position + n_additions], &items->pdata[position],
               (old_length - position) * sizeof (gpointer));
      memcpy (&items->pdata[position], additions, n_additions * sizeof (gpointer));
    }

  g_list_model_items_changed (model, position, n_removals, n_additions);
}

/*
 * eoc_list_reconcile:
 * @model: the model that @items backs
 * @items: its items
 * @wanted: what @items must become, in order, holding its own references;
 *   items that stay are the same objects in both
 *
 * Turns @items into @wanted with one items-changed per run of removed or
 * added items, so that views keep the rows that stay.
 */
void
eoc_list_reconcile (GListModel *model,
                    GPtrArray  *items,
                    GPtrArray  *wanted)
{
  g_autoptr(GHashTable) wanted_set = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) rest = g_hash_table_new (NULL, NULL);  /* items[i..] */
  guint i = 0;
  guint j = 0;

  for (guint k = 0; k < wanted->len; k++)
    g_hash_table_add (wanted_set, wanted->pdata[k]);
  for (guint k = 0; k < items->len; k++)
    g_hash_table_add (rest, items->pdata[k]);

  while (i < items->len || j < wanted->len)
    {
      guint n_removals = 0;
      guint n_additions = 0;

      if (i < items->len && j < wanted->len && items->pdata[i] == wanted->pdata[j])
        {
          g_hash_table_remove (rest, items->pdata[i]);
          i++;
          j++;
          continue;
        }

      while (i + n_removals < items->len &&
             !g_hash_table_contains (wanted_set, items->pdata[i + n_removals]))
        {
          g_hash_table_remove (rest, items->pdata[i + n_removals]);
          n_removals++;
        }
      if (n_removals > 0)
        {
          eoc_list_splice (model, items, i, n_removals, NULL, 0);
          continue;
        }

      while (j + n_additions < wanted->len &&
             !g_hash_table_contains (rest, wanted->pdata[j + n_additions]))
        n_additions++;
      if (n_additions > 0)
        {
          eoc_list_splice (model, items, i, 0, &wanted->pdata[j], n_additions);
          i += n_additions;
          j += n_additions;
          continue;
        }

      /* items[i] is wanted further on: take it out here, it comes back
       * among the additions when its place is reached. */
      g_assert (i < items->len);
      g_hash_table_remove (rest, items->pdata[i]);
      eoc_list_splice (model, items, i, 1, NULL, 0);
    }
}

/*
 * eoc_list_name_matches:
 * @name: (nullable): a name
 * @lowered_query: (nullable): a filter, already passed through g_ascii_strdown()
 *
 * Returns: whether @name contains @lowered_query, ignoring the case of ASCII
 *   letters as the service's `q` does. An empty filter matches everything.
 */
gboolean
eoc_list_name_matches (const char *name,
                       const char *lowered_query)
{
  g_autofree char *lowered = NULL;

  if (lowered_query == NULL || *lowered_query == '\0')
    return TRUE;
  if (name == NULL)
    return FALSE;

  lowered = g_ascii_strdown (name, -1);
  return strstr (lowered, lowered_query) != NULL;
}

/* EocPagedList */

/* Below this many items, pages keep the size asked for. */
#define STEADY_ITEMS 240

typedef enum {
  OP_LOAD_MORE,
  OP_REFRESH,
} OpKind;

typedef struct {
  EocPagedList *self;
  GObject      *owner;
  OpKind        kind;
  GCancellable *cancellable;
  GPtrArray    *fetched;   /* OP_REFRESH: the pages so far */
  guint         target;    /* OP_REFRESH: how many items to fetch again */
} Op;

struct _EocPagedList {
  GObject                  parent_instance;

  const EocPagedListFuncs *funcs;
  GType                    item_type;
  GObject                 *owner;
  guint                    page_size;

  GPtrArray               *items;
  GHashTable              *by_id;        /* id → item, borrowed from items */
  char                    *cursor;
  gboolean                 has_more;
  gboolean                 loaded;
  gboolean                 loading;
  GError                  *error;

  Op                      *op;           /* the fetch under way */
  gboolean                 refresh_again;
  GPtrArray               *waiters;      /* GTask, answered when loading ends */
  GHashTable              *pending;      /* id → item, or NULL when deleted: events during op */
};

static void eoc_paged_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (EocPagedList, eoc_paged_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      eoc_paged_list_model_init))

enum {
  PAGED_PROP_0,
  PAGED_PROP_LOADING,
  PAGED_PROP_HAS_MORE,
  PAGED_PROP_ERROR,
  PAGED_N_PROPS
};

static GParamSpec *paged_properties[PAGED_N_PROPS];

static void start_op (EocPagedList *self,
                      OpKind        kind);

static void
op_free (Op *op)
{
  g_clear_object (&op->cancellable);
  g_clear_pointer (&op->fetched, g_ptr_array_unref);
  g_clear_object (&op->owner);
  g_clear_object (&op->self);
  g_free (op);
}

static void
set_loading (EocPagedList *self,
             gboolean      loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), paged_properties[PAGED_PROP_LOADING]);
}

static void
set_has_more (EocPagedList *self,
              gboolean      has_more)
{
  if (self->has_more == has_more)
    return;

  self->has_more = has_more;
  g_object_notify_by_pspec (G_OBJECT (self), paged_properties[PAGED_PROP_HAS_MORE]);
}

static void
set_error (EocPagedList *self,
           const GError *error)
{
  if (self->error == NULL && error == NULL)
    return;

  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), paged_properties[PAGED_PROP_ERROR]);
}

/* Newest first; an item without a time counts as the oldest. */
static int
compare_times (GDateTime *a,
               GDateTime *b)
{
  if (a == NULL || b == NULL)
    return (a != NULL) - (b != NULL);
  return g_date_time_compare (a, b);
}

/* The first position whose item is not newer than @time. */
static guint
lower_bound (EocPagedList *self,
             GDateTime    *time)
{
  guint low = 0;
  guint high = self->items->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      GDateTime *there = self->funcs->get_time (g_ptr_array_index (self->items, middle));

      if (compare_times (there, time) > 0)
        low = middle + 1;
      else
        high = middle;
    }

  return low;
}

static gboolean
find_position (EocPagedList *self,
               gpointer      item,
               guint        *position)
{
  GDateTime *time = self->funcs->get_time (item);

  /* The service orders by creation, which is by time but for clock changes. */
  for (guint i = lower_bound (self, time); i < self->items->len; i++)
    {
      gpointer there = g_ptr_array_index (self->items, i);

      if (there == item)
        {
          *position = i;
          return TRUE;
        }
      if (compare_times (self->funcs->get_time (there), time) != 0)
        break;
    }

  return g_ptr_array_find (self->items, item, position);
}

static void
index_item (EocPagedList *self,
            gpointer      item)
{
  g_hash_table_insert (self->by_id, (gpointer) self->funcs->get_id (item), item);
}

static void
apply_change (EocPagedList *self,
              gpointer      item)
{
  gpointer existing = g_hash_table_lookup (self->by_id, self->funcs->get_id (item));
  guint position;

  if (existing != NULL)
    {
      self->funcs->update_from (existing, item);
      return;
    }

  if (self->funcs->matches != NULL && !self->funcs->matches (self->owner, item))
    return;

  /* A new item goes in its place among those loaded; older than all of
   * them, it belongs to a page not loaded yet. */
  position = lower_bound (self, self->funcs->get_time (item));
  if (position == self->items->len && self->has_more)
    return;

  eoc_list_splice (G_LIST_MODEL (self), self->items, position, 0, &item, 1);
  index_item (self, item);
}

static void
apply_removal (EocPagedList *self,
               const char   *id)
{
  gpointer existing = g_hash_table_lookup (self->by_id, id);
  guint position;

  if (existing == NULL)
    return;

  g_hash_table_remove (self->by_id, id);
  if (find_position (self, existing, &position))
    eoc_list_splice (G_LIST_MODEL (self), self->items, position, 1, NULL, 0);
}

static void
replay_pending (EocPagedList *self)
{
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (value != NULL)
        apply_change (self, value);
      else
        apply_removal (self, key);
    }
  g_hash_table_remove_all (self->pending);
}

static void
answer_waiters (EocPagedList *self,
                const GError *error)
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
finish_op (EocPagedList *self)
{
  Op *op = g_steal_pointer (&self->op);

  g_hash_table_remove_all (self->pending);

  if (self->refresh_again)
    {
      self->refresh_again = FALSE;
      start_op (self, self->loaded ? OP_REFRESH : OP_LOAD_MORE);
    }
  else
    {
      set_loading (self, FALSE);
      answer_waiters (self, self->error);
    }

  op_free (op);
}

static void
append_page (EocPagedList *self,
             GPtrArray    *page)
{
  g_autoptr(GPtrArray) additions = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint position = self->items->len;

  for (guint i = 0; i < page->len; i++)
    {
      gpointer item = g_ptr_array_index (page, i);
      const char *id = self->funcs->get_id (item);

      /* Already here (an event brought it), or twice in the page. */
      if (g_hash_table_contains (self->by_id, id) || g_hash_table_contains (seen, id))
        continue;
      g_hash_table_add (seen, (gpointer) id);
      g_ptr_array_add (additions, item);
    }

  eoc_list_splice (G_LIST_MODEL (self), self->items, position, 0, additions->pdata,
                   additions->len);
  for (guint i = 0; i < additions->len; i++)
    index_item (self, g_ptr_array_index (additions, i));
}

static void
apply_refresh (EocPagedList *self,
               GPtrArray    *fetched)
{
  g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  for (guint i = 0; i < fetched->len; i++)
    {
      gpointer item = g_ptr_array_index (fetched, i);
      const char *id = self->funcs->get_id (item);
      gpointer existing = g_hash_table_lookup (self->by_id, id);

      gpointer event;

      if (g_hash_table_contains (seen, id))
        continue;
      g_hash_table_add (seen, (gpointer) id);

      /* Deleted during the fetch. */
      if (g_hash_table_lookup_extended (self->pending, id, NULL, &event) && event == NULL)
        continue;

      if (existing != NULL)
        {
          /* The same object stays, so that what is bound to it follows; an
           * event during the fetch knows better than the fetch. */
          if (!g_hash_table_contains (self->pending, id))
            self->funcs->update_from (existing, item);
          g_ptr_array_add (wanted, g_object_ref (existing));
        }
      else
        {
          g_ptr_array_add (wanted, g_object_ref (item));
        }
    }

  /* What events brought during the fetch stays where it is, rather than go
   * and come back when the events are applied again. */
  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gpointer existing = g_hash_table_lookup (self->by_id, key);
      guint position;

      if (value == NULL || existing == NULL || g_hash_table_contains (seen, key))
        continue;

      for (position = 0; position < wanted->len; position++)
        if (compare_times (self->funcs->get_time (g_ptr_array_index (wanted, position)),
                           self->funcs->get_time (existing)) <= 0)
          break;
      g_ptr_array_insert (wanted, (int) position, g_object_ref (existing));
    }

  eoc_list_reconcile (G_LIST_MODEL (self), self->items, wanted);

  g_hash_table_remove_all (self->by_id);
  for (guint i = 0; i < self->items->len; i++)
    index_item (self, g_ptr_array_index (self->items, i));
}

static void fetch_page (Op         *op,
                        const char *cursor);

static void
fetch_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Op *op = user_data;
  g_autoptr(EocPagedList) self = g_object_ref (op->self);
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next_cursor = NULL;

  page = self->funcs->fetch_finish (op->owner, result, &next_cursor, &error);

  /* Superseded by a reload, or cancelled. */
  if (self->op != op)
    {
      op_free (op);
      return;
    }

  if (page == NULL)
    {
      g_debug ("Could not fetch a page: %s", error->message);
      set_error (self, error);
      finish_op (self);
      return;
    }

  if (op->kind == OP_REFRESH)
    {
      for (guint i = 0; i < page->len; i++)
        g_ptr_array_add (op->fetched, g_object_ref (g_ptr_array_index (page, i)));
      if (next_cursor != NULL && op->fetched->len < op->target)
        {
          fetch_page (op, next_cursor);
          return;
        }
      apply_refresh (self, op->fetched);
    }
  else
    {
      append_page (self, page);
    }

  g_free (self->cursor);
  self->cursor = g_steal_pointer (&next_cursor);
  self->loaded = TRUE;
  set_has_more (self, self->cursor != NULL);
  set_error (self, NULL);
  replay_pending (self);
  finish_op (self);
}

static void
fetch_page (Op         *op,
            const char *cursor)
{
  EocPagedList *self = op->self;
  guint limit;

  /* Pages of the size asked for while the list is short: the first rows
   * come quickly, and a list view, which makes a row for each of its first
   * couple of hundred items as they come, makes them a page at a time.
   * Then each page as large as what is loaded, up to the service's largest:
   * scrolling through 100,000 items takes about 200 fetches, not thousands. */
  if (op->kind == OP_REFRESH)
    limit = CLAMP (op->target - op->fetched->len, self->page_size, EOC_PAGED_LIST_MAX_PAGE);
  else if (self->items->len < STEADY_ITEMS)
    limit = self->page_size;
  else
    limit = CLAMP (self->items->len, self->page_size, EOC_PAGED_LIST_MAX_PAGE);

  self->funcs->fetch_async (op->owner, cursor, limit, op->cancellable, fetch_cb, op);
}

static void
start_op (EocPagedList *self,
          OpKind        kind)
{
  Op *op = g_new0 (Op, 1);

  g_return_if_fail (self->op == NULL);

  op->self = g_object_ref (self);
  op->owner = g_object_ref (self->owner);
  op->kind = kind;
  op->cancellable = g_cancellable_new ();
  if (kind == OP_REFRESH)
    {
      op->fetched = g_ptr_array_new_with_free_func (g_object_unref);
      op->target = MAX (self->items->len, self->page_size);
    }

  self->op = op;
  g_hash_table_remove_all (self->pending);
  set_loading (self, TRUE);
  fetch_page (op, kind == OP_LOAD_MORE ? self->cursor : NULL);
}

/* Drops the fetch under way, if any; its answer will be ignored. */
static void
abandon_op (EocPagedList *self)
{
  if (self->op == NULL)
    return;

  g_cancellable_cancel (self->op->cancellable);
  self->op = NULL;
}

void
eoc_paged_list_load_more (EocPagedList *self,
                          GTask        *task)
{
  g_return_if_fail (EOC_IS_PAGED_LIST (self));

  if (task != NULL)
    g_ptr_array_add (self->waiters, g_object_ref (task));

  if (self->op != NULL)
    return;

  if (self->loaded && !self->has_more)
    {
      answer_waiters (self, NULL);
      return;
    }

  start_op (self, OP_LOAD_MORE);
}

void
eoc_paged_list_refresh (EocPagedList *self,
                        GTask        *task)
{
  g_return_if_fail (EOC_IS_PAGED_LIST (self));

  if (task != NULL)
    g_ptr_array_add (self->waiters, g_object_ref (task));

  if (self->op != NULL)
    {
      /* What is under way may have started before what we must catch up on. */
      self->refresh_again = TRUE;
      return;
    }

  start_op (self, self->loaded ? OP_REFRESH : OP_LOAD_MORE);
}

void
eoc_paged_list_reload (EocPagedList *self)
{
  g_return_if_fail (EOC_IS_PAGED_LIST (self));

  abandon_op (self);
  self->refresh_again = FALSE;

  g_hash_table_remove_all (self->by_id);
  eoc_list_splice (G_LIST_MODEL (self), self->items, 0, self->items->len, NULL, 0);
  g_clear_pointer (&self->cursor, g_free);
  self->loaded = FALSE;
  set_has_more (self, TRUE);

  start_op (self, OP_LOAD_MORE);
}

void
eoc_paged_list_cancel (EocPagedList *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (EOC_IS_PAGED_LIST (self));

  abandon_op (self);
  self->refresh_again = FALSE;
  set_loading (self, FALSE);
  error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
  answer_waiters (self, error);
}

void
eoc_paged_list_item_changed (EocPagedList *self,
                             gpointer      item)
{
  g_return_if_fail (EOC_IS_PAGED_LIST (self));
  g_return_if_fail (G_TYPE_CHECK_INSTANCE_TYPE (item, self->item_type));

  /* The page under way may predate this: it is applied again after it. */
  if (self->op != NULL)
    g_hash_table_insert (self->pending, g_strdup (self->funcs->get_id (item)),
                         g_object_ref (item));

  if (self->loaded)
    apply_change (self, item);
}

void
eoc_paged_list_item_removed (EocPagedList *self,
                             const char   *id)
{
  g_return_if_fail (EOC_IS_PAGED_LIST (self));
  g_return_if_fail (id != NULL);

  if (self->op != NULL)
    g_hash_table_insert (self->pending, g_strdup (id), NULL);

  apply_removal (self, id);
}

gpointer
eoc_paged_list_find (EocPagedList *self,
                     const char   *id)
{
  g_return_val_if_fail (EOC_IS_PAGED_LIST (self), NULL);

  return g_hash_table_lookup (self->by_id, id);
}

gboolean
eoc_paged_list_get_loading (EocPagedList *self)
{
  g_return_val_if_fail (EOC_IS_PAGED_LIST (self), FALSE);

  return self->loading;
}

gboolean
eoc_paged_list_get_has_more (EocPagedList *self)
{
  g_return_val_if_fail (EOC_IS_PAGED_LIST (self), FALSE);

  return self->has_more;
}

gboolean
eoc_paged_list_get_loaded (EocPagedList *self)
{
  g_return_val_if_fail (EOC_IS_PAGED_LIST (self), FALSE);

  return self->loaded;
}

const GError *
eoc_paged_list_get_error (EocPagedList *self)
{
  g_return_val_if_fail (EOC_IS_PAGED_LIST (self), NULL);

  return self->error;
}

static GType
eoc_paged_list_get_item_type (GListModel *model)
{
  return EOC_PAGED_LIST (model)->item_type;
}

static guint
eoc_paged_list_get_n_items (GListModel *model)
{
  return EOC_PAGED_LIST (model)->items->len;
}

static gpointer
eoc_paged_list_get_item (GListModel *model,
                         guint       position)
{
  EocPagedList *self = EOC_PAGED_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
eoc_paged_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = eoc_paged_list_get_item_type;
  iface->get_n_items = eoc_paged_list_get_n_items;
  iface->get_item = eoc_paged_list_get_item;
}

static void
eoc_paged_list_finalize (GObject *object)
{
  EocPagedList *self = EOC_PAGED_LIST (object);

  g_assert (self->op == NULL);

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_clear_pointer (&self->cursor, g_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (eoc_paged_list_parent_class)->finalize (object);
}

static void
eoc_paged_list_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  EocPagedList *self = EOC_PAGED_LIST (object);

  switch (prop_id)
    {
    case PAGED_PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PAGED_PROP_HAS_MORE:
      g_value_set_boolean (value, self->has_more);
      break;
    case PAGED_PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eoc_paged_list_class_init (EocPagedListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = eoc_paged_list_finalize;
  object_class->get_property = eoc_paged_list_get_property;

  paged_properties[PAGED_PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  paged_properties[PAGED_PROP_HAS_MORE] =
    g_param_spec_boolean ("has-more", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  paged_properties[PAGED_PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, PAGED_N_PROPS, paged_properties);
}

static void
unref_if_set (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static void
eoc_paged_list_init (EocPagedList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, unref_if_set);
  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->has_more = TRUE;
}

EocPagedList *
eoc_paged_list_new (const EocPagedListFuncs *funcs,
                    GType                    item_type,
                    GObject                 *owner,
                    guint                    page_size)
{
  EocPagedList *self;

  g_return_val_if_fail (funcs != NULL, NULL);
  g_return_val_if_fail (G_IS_OBJECT (owner), NULL);
  g_return_val_if_fail (page_size > 0 && page_size <= EOC_PAGED_LIST_MAX_PAGE, NULL);

  self = g_object_new (EOC_TYPE_PAGED_LIST, NULL);
  self->funcs = funcs;
  self->item_type = item_type;
  self->owner = owner;
  self->page_size = page_size;
  return self;
}
