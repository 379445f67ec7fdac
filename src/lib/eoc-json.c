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

/* The UTF-16 code unit of the four hex digits at @data[@i], or -1. */
static gint
hex4_at (const char *data,
         gsize       length,
         gsize       i)
{
  gint unit = 0;

  if (i > length || length - i < 4)
    return -1;
  for (gsize j = i; j < i + 4; j++)
    {
      gint digit = g_ascii_xdigit_value (data[j]);

      if (digit < 0)
        return -1;
      unit = unit * 16 + digit;
    }
  return unit;
}

/*
 * json-glib 1.6 leaks its string buffer (about 150 bytes) on some strings
 * with a \u escape that is not four hex digits ("\ud83$\ud") or with a
 * \uD800..\uDFFF escape that is not half of a pair ("\ud83d\u0041",
 * "\ude00\ud83d"): untrusted input could grow the service's memory
 * without end. Neither is valid JSON text (RFC 8259: four hex digits; an
 * unpaired surrogate stands for no character and cannot be written in
 * UTF-8), so both are refused here, with the same flat scan as the depth
 * check.
 */
static gboolean
check_unicode_escapes (const char  *data,
                       gsize        length,
                       GError     **error)
{
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      gint unit, low;

      if (!in_string)
        {
          in_string = data[i] == '"';
          continue;
        }
      if (data[i] == '"')
        {
          in_string = FALSE;
          continue;
        }
      if (data[i] != '\\')
        continue;

      i++;
      if (i >= length || data[i] != 'u')
        continue;

      unit = hex4_at (data, length, i + 1);
      if (unit < 0)
        {
          g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                               "JSON string with a \\u escape that is not four hex digits");
          return FALSE;
        }
      if (unit < 0xD800 || unit > 0xDFFF)
        continue;

      /* A high surrogate, then at once the escape of a low one. */
      low = i + 6 < length && data[i + 5] == '\\' && data[i + 6] == 'u'
            ? hex4_at (data, length, i + 7) : -1;
      if (unit > 0xDBFF || low < 0xDC00 || low > 0xDFFF)
        {
          g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                               "JSON string with an unpaired UTF-16 surrogate escape");
          return FALSE;
        }
      i += 10;
    }

  return TRUE;
}

/*
 * json-glib 1.6 accepts a value followed by an object or an array ("{} {}",
 * "\"a\"[1]") and leaks the tree it does not keep. A JSON text is one value,
 * so anything but white space after it is refused here.
 */
static gboolean
check_single_value (const char  *data,
                    gsize        length,
                    GError     **error)
{
  guint depth = 0;
  gboolean in_string = FALSE;
  gboolean in_scalar = FALSE;    /* a number or literal at the top level */
  gboolean done = FALSE;         /* the top-level value has ended */

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];
      gboolean space = c == ' ' || c == '\t' || c == '\n' || c == '\r';

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            {
              in_string = FALSE;
              done = depth == 0;
            }
          continue;
        }

      if (depth > 0)
        {
          if (c == '"')
            in_string = TRUE;
          else if (c == '{' || c == '[')
            depth++;
          else if (c == '}' || c == ']')
            done = --depth == 0;
          continue;
        }

      if (space)
        {
          done = done || in_scalar;
          in_scalar = FALSE;
          continue;
        }

      if (done || (in_scalar && (c == '"' || c == '{' || c == '[')))
        {
          g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                               "JSON with more after its value");
          return FALSE;
        }

      if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        depth++;
      else
        in_scalar = TRUE;
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

  if (!eoc_json_check_depth (data, length, max_depth, error) ||
      !check_unicode_escapes (data, length, error) ||
      !check_single_value (data, length, error))
    return NULL;

  /* json-glib refuses NULL data with a critical and returns FALSE without an
   * error; an empty body or message is often NULL. */
  if (length == 0)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                           "Empty JSON document");
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
