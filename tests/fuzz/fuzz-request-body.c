/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz-request-body.c: a request body as the service reads it. The bytes go
 * through the same function every route uses (eoc_request_body_object: UTF-8,
 * depth and type checks, then json-glib), then through what the routes do with
 * the object: string and boolean members, names, versions, roles, and the
 * schedule validation with its next run.
 */

#include "config.h"

#include "eoc-schedule-spec.h"
#include "eoc-util.h"

#include "fuzz-common.h"

static const char * const string_members[] = {
  "name", "role", "type", "version", "description", "upload_id",
};

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(EocScheduleSpec) spec = NULL;
  gboolean flag;

  fuzz_init ();

  /* Routes with a required body and routes with an optional one, alternately. */
  object = eoc_request_body_object ("application/json", body, size % 2 == 0, &error);
  if (object == NULL)
    {
      g_assert_true (g_error_matches (error, EOC_API_ERROR, EOC_API_ERROR_BAD_REQUEST));
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (string_members); i++)
    {
      g_autoptr(GError) member_error = NULL;
      const char *text = eoc_json_member_string (object, string_members[i], FALSE, &member_error);
      g_autofree char *name = NULL;
      guint parts[3];
      EocRole role;

      if (text == NULL)
        continue;
      name = eoc_name_validate (text, NULL);
      g_assert_true (name == NULL || g_utf8_validate (name, -1, NULL));
      eoc_version_parse (text, parts);
      eoc_version_compare (text, "2.1.0");
      eoc_role_from_string (text, &role);
    }

  eoc_json_member_boolean (object, "safety_backup", FALSE, &flag, NULL);

  spec = eoc_schedule_spec_from_json (object, NULL, NULL);
  if (spec != NULL)
    {
      g_autoptr(JsonObject) again = eoc_schedule_spec_to_json (spec);
      g_autoptr(EocScheduleSpec) copy = eoc_schedule_spec_from_json (again, spec, &error);
      /* 2026-03-29T00:30:00Z: a daylight-saving change in Europe that night. */
      gint64 after = 1774744200;
      gint64 next = eoc_schedule_spec_next_run (spec, after);

      /* What the service writes back, it must read back. */
      g_assert_no_error (error);
      g_assert_nonnull (copy);
      g_assert_true (next == -1 || next > after);
    }

  return 0;
}
