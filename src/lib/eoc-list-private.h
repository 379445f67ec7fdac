/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-list-private.h: what the live list models (environments, backups,
 * activity) share. Not for the application.
 *
 * Each list keeps its items in a GPtrArray in display order and implements
 * GListModel over it. eoc_list_splice() and eoc_list_reconcile() change the
 * array and emit items-changed once per contiguous run, with the array
 * already in the state the signal describes.
 *
 * EocPagedList is the engine of the lists that the service pages, newest
 * first (backups, activity): it loads page after page, reconciles what it
 * holds after a reconnection, and applies events (an item created, changed or
 * deleted) as they come, including those that arrive while a page is on its
 * way. The public list wraps it and says how to fetch a page.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void     eoc_list_splice        (GListModel *model,
                                 GPtrArray  *items,
                                 guint       position,
                                 guint       n_removals,
                                 gpointer   *additions,
                                 guint       n_additions);

void     eoc_list_reconcile     (GListModel *model,
                                 GPtrArray  *items,
                                 GPtrArray  *wanted);

gboolean eoc_list_name_matches  (const char *name,
                                 const char *lowered_query);

/* The largest page the service gives. */
#define EOC_PAGED_LIST_MAX_PAGE 500

typedef struct {
  /* Fetches one page of @limit items after @cursor (NULL: the first). */
  void        (*fetch_async)  (GObject              *owner,
                               const char           *cursor,
                               guint                 limit,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data);
  GPtrArray  *(*fetch_finish) (GObject              *owner,
                               GAsyncResult         *result,
                               char                **next_cursor,
                               GError              **error);
  const char *(*get_id)       (gpointer              item);
  GDateTime  *(*get_time)     (gpointer              item);
  void        (*update_from)  (gpointer              item,
                               gpointer              other);
  /* Whether an item from an event belongs in the list (NULL: all do). */
  gboolean    (*matches)      (GObject              *owner,
                               gpointer              item);
} EocPagedListFuncs;

#define EOC_TYPE_PAGED_LIST (eoc_paged_list_get_type ())
G_DECLARE_FINAL_TYPE (EocPagedList, eoc_paged_list, EOC, PAGED_LIST, GObject)

/* @owner is not referenced, except by the fetches under way; it calls
 * eoc_paged_list_cancel() from its dispose. */
EocPagedList *eoc_paged_list_new          (const EocPagedListFuncs *funcs,
                                           GType                    item_type,
                                           GObject                 *owner,
                                           guint                    page_size);
void          eoc_paged_list_cancel       (EocPagedList            *self);

gboolean      eoc_paged_list_get_loading  (EocPagedList            *self);
gboolean      eoc_paged_list_get_has_more (EocPagedList            *self);
gboolean      eoc_paged_list_get_loaded   (EocPagedList            *self);
const GError *eoc_paged_list_get_error    (EocPagedList            *self);
gpointer      eoc_paged_list_find         (EocPagedList            *self,
                                           const char              *id);

/* Each answers @task (may be NULL) with a boolean once loading ends. */
void          eoc_paged_list_load_more    (EocPagedList            *self,
                                           GTask                   *task);
void          eoc_paged_list_refresh      (EocPagedList            *self,
                                           GTask                   *task);
/* Empties the list and loads the first page (the filter changed). */
void          eoc_paged_list_reload       (EocPagedList            *self);

void          eoc_paged_list_item_changed (EocPagedList            *self,
                                           gpointer                 item);
void          eoc_paged_list_item_removed (EocPagedList            *self,
                                           const char              *id);

G_END_DECLS
