/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-json.c: JSON parsing that is safe on untrusted input.
 *
 * json-glib 1.6 recurses once per nesting level with no limit, so input nested
 * deeply enough overflows the stack. Every untrusted document, on the service
 * and in the client, goes through eoc_json_parse(), which measures the nesting
 * first with a flat scan that cannot recurse.
 */

#include "config.h"

#include "eoc-json.h"

/**
 * eoc_json_check_depth:
 * @data: the bytes of a JSON document
 * @length: their length
 * @max_depth: the deepest nesting of arrays and objects allowed
 * @error: return location for a #JSON_PARSER_ERROR
 *
 * Returns: %TRUE when @data nests no deeper than @max_depth.
 */
gboolean
eoc_json_check_depth (const char *data,
                      gsize       length,
                      guint       max_depth,
                      GError    **error)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > max_depth)
            {
              g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                           "JSON nested more than %u levels deep", max_depth);
              return FALSE;
            }
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }

  return TRUE;
}

/**
 * eoc_json_parse:
 * @data: the bytes of a JSON document, not necessarily nul-terminated
 * @length: their length
 * @max_depth: the deepest nesting allowed
 * @error: return location for a #JSON_PARSER_ERROR
 *
 * Returns: (transfer full): the document's root node, or %NULL with @error set.
 */
JsonNode *
eoc_json_parse (const char *data,
                gsize       length,
                guint       max_depth,
                GError    **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  if (!eoc_json_check_depth (data, length, max_depth, error))
    return NULL;

  /* json-glib refuses NULL data with a critical and returns FALSE without an
   * error; an empty body or message is often NULL. */
  if (length == 0)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE, "Empty JSON document");
      return NULL;
    }

  if (length > G_MAXSSIZE)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE, "JSON too large");
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE, "Empty JSON document");
      return NULL;
    }

  return json_node_ref (root);
}

/**
 * eoc_json_to_string:
 * @node: a node
 *
 * Returns: (transfer full): @node as compact JSON.
 */
char *
eoc_json_to_string (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}
