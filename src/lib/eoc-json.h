/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deeper JSON than this is refused before json-glib sees it (json-glib 1.6 has no limit). */
#define EOC_JSON_MAX_DEPTH 64

gboolean  eoc_json_check_depth (const char *data,
                                gsize       length,
                                guint       max_depth,
                                GError    **error);

/* RFC 8259 to the letter (json-glib also takes comments, single quotes, bad escapes), and depth. */
gboolean  eoc_json_check_strict (const char *data,
                                 gsize       length,
                                 guint       max_depth,
                                 GError    **error);

/* The length in bytes of the longest string (member names too) in @data, as written. */
gsize     eoc_json_longest_string (const char *data,
                                   gsize       length);

JsonNode *eoc_json_parse       (const char *data,
                                gsize       length,
                                guint       max_depth,
                                GError    **error);

char     *eoc_json_to_string   (JsonNode   *node);

G_END_DECLS
