/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-client-response.c: an answer from a service the client cannot trust.
 * The body goes through what EocClient does with it: as an error answer
 * (eoc_client_error_new_from_response and the error's accessors), and as a
 * success (eoc_json_parse with the client's depth limit, then every model's
 * new_from_json on the object and on each array member, as lists do), every
 * property of what comes out read back.
 */

#include "config.h"

#include "eoc-client-error-private.h"
#include "eoc-json.h"
#include "eoc-models-json.h"

#include "fuzz-common.h"
#include "fuzz-models.h"

static const EocModelNewFunc model_new_funcs[] = {
  (EocModelNewFunc) eoc_environment_new_from_json,
  (EocModelNewFunc) eoc_backup_new_from_json,
  (EocModelNewFunc) eoc_activity_new_from_json,
  (EocModelNewFunc) eoc_operation_new_from_json,
  (EocModelNewFunc) eoc_schedule_new_from_json,
  (EocModelNewFunc) eoc_upload_new_from_json,
  (EocModelNewFunc) eoc_user_new_from_json,
  (EocModelNewFunc) eoc_changes_new_from_json,
};

static const guint statuses[] = { 400, 404, 409, 413, 422, 500, 503, 507 };

static void
check_error_answer (const uint8_t *data,
                    size_t         size)
{
  g_autoptr(GBytes) body = g_bytes_new_static (data, size);
  guint status = statuses[size % G_N_ELEMENTS (statuses)];
  g_autoptr(GError) error = eoc_client_error_new_from_response (status, body,
                                                                "http://127.0.0.1:8080");
  g_autofree char *reason = NULL;
  g_autofree char *name = NULL;
  g_autofree char *environment_version = NULL;
  g_autofree char *configuration_version = NULL;

  g_assert_true (error->domain == EOC_CLIENT_ERROR);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpuint (eoc_client_error_get_http_status (error), ==, status);
  eoc_client_error_get_service_code (error);
  name = eoc_client_error_dup_detail (error, "name");
  reason = eoc_client_error_dup_reason (error);
  eoc_client_error_get_limit (error);
  eoc_client_error_parse_versions (error, &environment_version, &configuration_version);
}

static void
check_models (JsonObject *object)
{
  for (guint i = 0; i < G_N_ELEMENTS (model_new_funcs); i++)
    {
      gpointer model = model_new_funcs[i] (object);

      fuzz_read_properties (model);
      g_clear_object (&model);
    }

  {
    g_autoptr(GList) members = json_object_get_values (object);

    for (GList *l = members; l != NULL; l = l->next)
      {
        JsonNode *node = l->data;

        if (!JSON_NODE_HOLDS_ARRAY (node))
          continue;
        for (guint i = 0; i < G_N_ELEMENTS (model_new_funcs); i++)
          {
            g_autoptr(GPtrArray) items = NULL;

            items = eoc_models_new_array_from_json (json_node_get_array (node), model_new_funcs[i]);
            for (guint j = 0; j < items->len; j++)
              fuzz_read_properties (g_ptr_array_index (items, j));
          }
      }
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = NULL;

  fuzz_init ();

  check_error_answer (data, size);

  root = eoc_json_parse ((const char *) data, size, EOC_JSON_MAX_DEPTH, NULL);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    check_models (json_node_get_object (root));

  return 0;
}
