/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-manifest.c: a configuration file's manifest.json, as the archive
 * reader validates it, then compared both ways with a fixed configuration the
 * way the changes preview does (recursively through the settings).
 */

#include "config.h"

#include "eoc-configuration.h"
#include "eoc-configuration-private.h"
#include "eoc-json.h"

#include "fuzz-common.h"

static EocConfiguration *
reference_configuration (void)
{
  static const char settings[] =
    "{\"database\": {\"host\": \"db\", \"port\": 5432, \"pool\": [1, 2]},"
    " \"features\": {\"beta\": true}, \"a/b~c\": null}";
  g_autoptr(JsonNode) node = eoc_json_parse (settings, sizeof settings - 1, 8, NULL);

  return eoc_configuration_new ("2.1.0", node);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static EocConfiguration *reference = NULL;
  g_autoptr(EocConfiguration) configuration = NULL;
  g_autoptr(GError) error = NULL;
  EocConfigurationLimits limits;

  fuzz_init ();
  if (reference == NULL)
    reference = reference_configuration ();

  eoc_configuration_limits_init (&limits);
  configuration = eoc_configuration_new ("0.0.0", NULL);
  if (!eoc_configuration_parse_manifest (configuration, data, size, limits.max_json_depth, &error))
    {
      g_assert_true (g_error_matches (error, EOC_CONFIGURATION_ERROR,
                                      EOC_CONFIGURATION_ERROR_INVALID));
      return 0;
    }

  g_assert_nonnull (configuration->environment_version);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (configuration->settings));

  {
    g_autoptr(JsonNode) forward = eoc_configuration_diff (reference, configuration);
    g_autoptr(JsonNode) backward = eoc_configuration_diff (configuration, reference);
    g_autoptr(JsonNode) same = eoc_configuration_diff (configuration, configuration);
    g_autofree char *text = eoc_json_to_string (forward);
    JsonObject *summary;

    g_assert_nonnull (text);
    g_assert_true (JSON_NODE_HOLDS_OBJECT (backward));
    /* A configuration compared with itself changes nothing. */
    summary = json_object_get_object_member (json_node_get_object (same), "summary");
    g_assert_cmpint (json_object_get_int_member (summary, "added"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (summary, "removed"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (summary, "changed"), ==, 0);
  }

  return 0;
}
