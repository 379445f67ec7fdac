/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-row-factory.h: a list item factory for the app's long lists, whose rows
 * are made and bound in code (a GtkBuilderListItemFactory runs a builder and
 * an expression for each of the ~200 rows a list view makes at once).
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef GtkWidget *(*EocRowNewFunc) (void);
/* Shows @item (NULL: none) in @row. */
typedef void       (*EocRowSetFunc) (GtkWidget *row,
                                     gpointer   item);

GtkListItemFactory *eoc_row_factory_new (EocRowNewFunc new_row,
                                         EocRowSetFunc set_item,
                                         gboolean      activatable);

G_END_DECLS
