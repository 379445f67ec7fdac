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

#include <string.h>

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
 * eoc_json_longest_string:
 * @data: the bytes of a JSON document
 * @length: their length
 *
 * A flat scan, as eoc_json_check_depth() does.
 *
 * Returns: the length in bytes of the longest string in @data, escapes
 *   counted as written.
 */
gsize
eoc_json_longest_string (const char *data,
                         gsize       length)
{
  gsize longest = 0;
  gsize start = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            {
              in_string = FALSE;
              longest = MAX (longest, i - start);
            }
          continue;
        }

      if (c == '"')
        {
          in_string = TRUE;
          start = i + 1;
        }
    }

  /* An unterminated string counts up to the end. */
  if (in_string && length > start)
    longest = MAX (longest, length - start);

  return longest;
}

/* Strict RFC 8259 grammar, without recursion: json-glib's scanner also takes
 * single-quoted strings, comments and unknown escapes, so that "{'name': 'x'}"
 * would pass for a request body. */

static const char *
skip_space (const char *p,
            const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
    p++;
  return p;
}

/* @p is on the opening quote; returns the byte after the closing one, or NULL. */
static const char *
scan_string (const char *p,
             const char *end)
{
  for (p++; p < end; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"')
        return p + 1;
      if (c < 0x20)
        return NULL;
      if (c == '\\')
        {
          if (++p >= end)
            return NULL;
          if (*p == 'u')
            {
              guint value = 0;

              for (guint i = 0; i < 4; i++)
                {
                  if (++p >= end || !g_ascii_isxdigit (*p))
                    return NULL;
                  value = value * 16 + (guint) g_ascii_xdigit_value (*p);
                }
              /* json-glib keeps strings as C strings: "a\u0000b" would be
               * read as "a". No string here may hold a NUL. */
              if (value == 0)
                return NULL;
            }
          else if (strchr ("\"\\/bfnrt", *p) == NULL || *p == '\0')
            return NULL;
        }
    }
  return NULL;
}

static const char *
scan_digits (const char *p,
             const char *end)
{
  const char *start = p;

  while (p < end && g_ascii_isdigit (*p))
    p++;
  return p > start ? p : NULL;
}

static const char *
scan_number (const char *p,
             const char *end)
{
  if (p < end && *p == '-')
    p++;
  if (p < end && *p == '0')
    p++;
  else if ((p = scan_digits (p, end)) == NULL)
    return NULL;
  if (p < end && *p == '.' && (p = scan_digits (p + 1, end)) == NULL)
    return NULL;
  if (p < end && (*p == 'e' || *p == 'E'))
    {
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if ((p = scan_digits (p, end)) == NULL)
        return NULL;
    }
  return p;
}

static const char *
scan_literal (const char *p,
              const char *end,
              const char *word)
{
  gsize length = strlen (word);

  if ((gsize) (end - p) < length || memcmp (p, word, length) != 0)
    return NULL;
  return p + length;
}

/**
 * eoc_json_check_strict:
 * @data: the bytes of a JSON document
 * @length: their length
 * @max_depth: the deepest nesting of arrays and objects allowed
 * @error: return location for a #JSON_PARSER_ERROR
 *
 * Returns: %TRUE when @data is one JSON value by the letter of RFC 8259
 *   (nothing but white space around it), nested no deeper than @max_depth.
 */
gboolean
eoc_json_check_strict (const char *data,
                       gsize       length,
                       guint       max_depth,
                       GError    **error)
{
  enum { VALUE, VALUE_OR_CLOSE, KEY, KEY_OR_CLOSE, AFTER } state = VALUE;
  g_autofree char *stack = g_malloc (max_depth + 1);
  const char *p = data, *end = data + length;
  guint depth = 0;

  for (;;)
    {
      p = skip_space (p, end);
      if (p >= end)
        break;

      switch (state)
        {
        case VALUE_OR_CLOSE:
          if (*p == ']')
            {
              depth--, p++, state = AFTER;
              continue;
            }
          G_GNUC_FALLTHROUGH;
        case VALUE:
          if (*p == '{' || *p == '[')
            {
              if (depth >= max_depth)
                {
                  g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                               "JSON nested more than %u levels deep", max_depth);
                  return FALSE;
                }
              stack[depth++] = *p;
              state = *p == '{' ? KEY_OR_CLOSE : VALUE_OR_CLOSE;
              p++;
              continue;
            }
          if (*p == '"')
            p = scan_string (p, end);
          else if (*p == '-' || g_ascii_isdigit (*p))
            p = scan_number (p, end);
          else if (*p == 't')
            p = scan_literal (p, end, "true");
          else if (*p == 'f')
            p = scan_literal (p, end, "false");
          else if (*p == 'n')
            p = scan_literal (p, end, "null");
          else
            p = NULL;
          state = AFTER;
          break;

        case KEY_OR_CLOSE:
          if (*p == '}')
            {
              depth--, p++, state = AFTER;
              continue;
            }
          G_GNUC_FALLTHROUGH;
        case KEY:
          p = *p == '"' ? scan_string (p, end) : NULL;
          if (p != NULL)
            {
              p = skip_space (p, end);
              p = p < end && *p == ':' ? p + 1 : NULL;
            }
          state = VALUE;
          break;

        case AFTER:
        default:
          if (depth == 0)
            p = NULL;
          else if (*p == ',')
            {
              state = stack[depth - 1] == '{' ? KEY : VALUE;
              p++;
            }
          else if ((*p == '}' && stack[depth - 1] == '{') || (*p == ']' && stack[depth - 1] == '['))
            {
              depth--;
              p++;
            }
          else
            p = NULL;
          break;
        }

      if (p == NULL)
        break;
    }

  if (p == NULL || state != AFTER || depth != 0)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                           "Not valid JSON (RFC 8259)");
      return FALSE;
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

  /* json-glib wants data even when there is none (a critical, then an abort
   * under G_DEBUG=fatal-criticals): an empty document is refused here. */
  if (data == NULL || length == 0)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE, "Empty JSON document");
      return NULL;
    }

  /* The grammar, strictly (one value, nothing after it); then what json-glib
   * 1.6 leaks on: unpaired surrogate escapes. */
  if (!eoc_json_check_strict (data, length, max_depth, error) ||
      !check_unicode_escapes (data, length, error))
    return NULL;

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
