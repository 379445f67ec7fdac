/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "eoc-row-factory.h"

typedef struct {
  EocRowNewFunc new_row;
  EocRowSetFunc set_item;
  gboolean      activatable;
} RowFuncs;

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          RowFuncs                 *funcs)
{
  gtk_list_item_set_activatable (item, funcs->activatable);
  gtk_list_item_set_child (item, funcs->new_row ());
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         RowFuncs                 *funcs)
{
  funcs->set_item (gtk_list_item_get_child (item), gtk_list_item_get_item (item));
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           RowFuncs                 *funcs)
{
  funcs->set_item (gtk_list_item_get_child (item), NULL);
}

/**
 * eoc_row_factory_new:
 * @new_row: makes a row
 * @set_item: shows an item in a row, or none
 * @activatable: whether the list view's #GtkListView::activate is emitted for
 *   the rows (a click with #GtkListView:single-click-activate, Enter)
 *
 * Returns: (transfer full): a factory of rows
 */
GtkListItemFactory *
eoc_row_factory_new (EocRowNewFunc new_row,
                     EocRowSetFunc set_item,
                     gboolean      activatable)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  RowFuncs *funcs = g_new (RowFuncs, 1);

  funcs->new_row = new_row;
  funcs->set_item = set_item;
  funcs->activatable = activatable;
  g_object_set_data_full (G_OBJECT (factory), "eoc-row-funcs", funcs, g_free);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), funcs);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), funcs);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), funcs);
  return factory;
}
