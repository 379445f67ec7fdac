/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "eoc-enums.h"

/**
 * eoc_enum_from_nick:
 * @enum_type: an enumeration type registered from eoc-enums.h
 * @nick: (nullable): the API's string for a value, such as "non_production"
 * @value: (out): where to put the value
 *
 * Returns: %TRUE when @nick names a value of @enum_type; @value is left
 *   alone otherwise.
 */
gboolean
eoc_enum_from_nick (GType       enum_type,
                    const char *nick,
                    int        *value)
{
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *found;

  g_return_val_if_fail (G_TYPE_IS_ENUM (enum_type), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (nick == NULL)
    return FALSE;

  klass = g_type_class_ref (enum_type);
  found = g_enum_get_value_by_nick (klass, nick);
  if (found == NULL)
    return FALSE;

  *value = found->value;
  return TRUE;
}

/**
 * eoc_enum_to_nick:
 * @enum_type: an enumeration type registered from eoc-enums.h
 * @value: one of its values
 *
 * Returns: (nullable): the API's string for @value, or %NULL when @value is
 *   not one of @enum_type's.
 */
const char *
eoc_enum_to_nick (GType enum_type,
                  int   value)
{
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *found;

  g_return_val_if_fail (G_TYPE_IS_ENUM (enum_type), NULL);

  klass = g_type_class_ref (enum_type);
  found = g_enum_get_value (klass, value);
  return found != NULL ? found->value_nick : NULL;
}
