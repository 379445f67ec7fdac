/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-models.h: reads every property of a model the client made from JSON,
 * the way the application's bindings and list rows do.
 */
#pragma once

#include <glib-object.h>

static inline void
fuzz_read_properties (gpointer object)
{
  g_autofree GParamSpec **specs = NULL;
  guint n_specs;

  if (object == NULL)
    return;

  specs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_specs);
  for (guint i = 0; i < n_specs; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      if (!(specs[i]->flags & G_PARAM_READABLE))
        continue;
      g_value_init (&value, specs[i]->value_type);
      g_object_get_property (object, specs[i]->name, &value);
      if (G_VALUE_HOLDS_STRING (&value) && g_value_get_string (&value) != NULL)
        g_assert_true (g_utf8_validate (g_value_get_string (&value), -1, NULL));
      if (G_VALUE_HOLDS (&value, G_TYPE_LIST_MODEL) && g_value_get_object (&value) != NULL)
        {
          GListModel *model = g_value_get_object (&value);

          for (guint j = 0; j < g_list_model_get_n_items (model); j++)
            {
              g_autoptr(GObject) item = g_list_model_get_item (model, j);

              fuzz_read_properties (item);
            }
        }
    }
}
