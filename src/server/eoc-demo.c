/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "eoc-demo"

#include "config.h"

#include <string.h>

#include "eoc-demo.h"
#include "eoc-engine.h"
#include "eoc-json.h"
#include "eoc-schedule-spec.h"
#include "eoc-scheduler.h"

typedef struct {
  const char *name;
  const char *type;
  const char *version;
  const char *description;
  const char *host;
  int         pool_size;
  gboolean    offline;
} Sample;

static const Sample samples[] = {
  { "Production", "production", "2.1.0", "Customer-facing services in the primary region",
    "db.prod.internal", 40, FALSE },
  { "Staging", "non_production", "2.1.0", "Release candidates, mirrored from production nightly",
    "db.staging.internal", 16, FALSE },
  { "QA", "non_production", "2.0.0", "Automated and manual testing", "db.qa.internal", 8, FALSE },
  { "Development", "non_production", "2.2.0", "Shared development environment",
    "db.dev.internal", 4, FALSE },
  { "Training", "non_production", "1.1.0", "Hands-on sessions for new operators",
    "db.training.internal", 4, TRUE },
};

static JsonNode *
sample_settings (const Sample *sample)
{
  g_autofree char *text = g_strdup_printf (
    "{\"database\": {\"host\": \"%s\", \"port\": 5432, \"pool_size\": %d, \"tls\": true},"
    " \"features\": {\"audit_log\": true, \"single_sign_on\": %s, \"maintenance_banner\": false},"
    " \"retention\": {\"logs_days\": %d, \"metrics_days\": 30},"
    " \"integrations\": [\"ldap\", \"smtp\"%s],"
    " \"region\": \"%s\"}",
    sample->host, sample->pool_size,
    g_str_equal (sample->type, "production") ? "true" : "false",
    g_str_equal (sample->type, "production") ? 90 : 14,
    g_str_equal (sample->type, "production") ? ", \"pagerduty\"" : "",
    g_str_equal (sample->type, "production") ? "eu-west-1" : "eu-central-1");

  return eoc_json_parse (text, strlen (text), EOC_JSON_MAX_DEPTH, NULL);
}

static GPtrArray *
sample_files (const Sample *sample)
{
  GPtrArray *files = g_ptr_array_new_with_free_func ((GDestroyNotify) eoc_configuration_source_free);
  g_autofree char *certificate = g_strdup_printf (
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBszCCAVmgAwIBAgIUX2VudiBvcHMgY2VudGVyIGRlbW8gY2EwCgYIKoZIzj0E\n"
    "AwIwHTEbMBkGA1UEAwwS%s\n"
    "-----END CERTIFICATE-----\n", sample->host);
  const char *schema =
    "CREATE TABLE inventory (\n"
    "  id BIGSERIAL PRIMARY KEY,\n"
    "  sku TEXT NOT NULL UNIQUE,\n"
    "  quantity INTEGER NOT NULL DEFAULT 0\n"
    ");\n";
  g_autofree char *script = g_strdup_printf (
    "#!/bin/sh\n# Runs after a restore of %s.\nset -e\nsystemctl reload app-gateway\n",
    sample->name);

  g_ptr_array_add (files, eoc_configuration_source_new ("certificates/ca.pem",
                                                        g_bytes_new (certificate, strlen (certificate))));
  g_ptr_array_add (files, eoc_configuration_source_new ("schemas/inventory.sql",
                                                        g_bytes_new_static (schema, strlen (schema))));
  g_ptr_array_add (files, eoc_configuration_source_new ("scripts/post-restore.sh",
                                                        g_bytes_new (script, strlen (script))));
  return files;
}

gboolean
eoc_demo_populate (EocContext *ctx,
                   GError    **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      const Sample *sample = &samples[i];
      g_autoptr(JsonNode) settings = sample_settings (sample);
      g_autoptr(GPtrArray) files = sample_files (sample);
      g_autoptr(JsonObject) env = NULL;
      const char *id;

      env = eoc_engine_create_environment (ctx, sample->name, sample->type, sample->version,
                                           sample->description, settings, files, "demo", error);
      if (env == NULL)
        return FALSE;
      id = json_object_get_string_member (env, "id");

      if (!eoc_engine_backup_now (ctx, id, "Initial configuration", "demo", error))
        return FALSE;

      if (sample->offline &&
          !eoc_store_set_status (ctx->store, id, "offline", error))
        return FALSE;

      if (g_str_equal (sample->type, "production"))
        {
          g_autoptr(JsonObject) schedule = json_object_new ();
          g_autoptr(JsonObject) result = NULL;

          json_object_set_boolean_member (schedule, "enabled", TRUE);
          json_object_set_string_member (schedule, "frequency", "daily");
          json_object_set_string_member (schedule, "time", "02:00");
          json_object_set_string_member (schedule, "time_zone", "UTC");
          json_object_set_int_member (schedule, "retention_days", 30);
          result = eoc_scheduler_set (ctx, id, schedule, "demo", error);
          if (result == NULL)
            return FALSE;
        }
    }

  return TRUE;
}
