/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "eoc-operation-report.h"

void
eoc_operation_report_clear (EocOperationReport *report)
{
  g_clear_pointer (&report->text, g_free);
  g_clear_pointer (&report->title, g_free);
  g_clear_pointer (&report->retry_action, g_free);
  g_clear_pointer (&report->retry_target, g_variant_unref);
}

void
eoc_operation_report_init (EocOperationReport *report,
                           EocOperation       *operation,
                           const char         *name,
                           const char         *subject,
                           const char         *subject_id,
                           const char         *version)
{
  const char *environment_id = eoc_operation_get_environment_id (operation);
  gboolean ok = eoc_operation_get_state (operation) == EOC_OPERATION_STATE_SUCCEEDED;
  const char *why = eoc_operation_get_error (operation);
  g_autofree char *failure = NULL;

  if (why == NULL || *why == '\0')
    why = _("the service did not say why");

  switch (eoc_operation_get_kind (operation))
    {
    case EOC_OPERATION_KIND_BACKUP:
      if (ok)
        {
          report->title = g_strdup (_("Backup Created"));
          report->text = subject != NULL
            /* Translators: a backup's name, then an environment's. */
            ? g_strdup_printf (_("Backup “%s” of “%s” was created"), subject, name)
            /* Translators: %s is an environment's name. */
            : g_strdup_printf (_("A backup of “%s” was created"), name);
          return;
        }
      report->title = g_strdup (_("Backup Failed"));
      /* Translators: an environment's name, then why. */
      report->text = g_strdup_printf (_("Could not create the backup of “%s”: %s"), name, why);
      report->retry_action = g_strdup ("win.create-backup");
      report->retry_target = g_variant_ref_sink (g_variant_new_string (environment_id));
      return;

    case EOC_OPERATION_KIND_RESTORE:
    case EOC_OPERATION_KIND_IMPORT:
      if (ok)
        {
          report->title = g_strdup (_("Environment Restored"));
          if (subject != NULL)
            /* Translators: an environment's name, then a backup's. */
            report->text = g_strdup_printf (_("“%s” was restored to the backup “%s”"), name,
                                            subject);
          else if (eoc_operation_get_kind (operation) == EOC_OPERATION_KIND_IMPORT)
            /* Translators: %s is an environment's name. */
            report->text = g_strdup_printf (_("“%s” was restored from the configuration file"),
                                            name);
          else
            /* Translators: %s is an environment's name. */
            report->text = g_strdup_printf (_("“%s” was restored"), name);
          return;
        }
      report->title = g_strdup (_("Restore Failed"));
      /* Translators: an environment's name, then why. */
      report->text = g_strdup_printf (_("Could not restore “%s”: %s. Its status is Update Failed; "
                                        "its previous configuration was kept."), name, why);
      /* The operation's backup is the safety one: the restored one is @subject_id. */
      if (eoc_operation_get_kind (operation) == EOC_OPERATION_KIND_RESTORE && subject_id != NULL)
        {
          report->retry_action = g_strdup ("win.restore-backup");
          report->retry_target = g_variant_ref_sink (g_variant_new ("(ss)", environment_id,
                                                                    subject_id));
        }
      else if (eoc_operation_get_kind (operation) == EOC_OPERATION_KIND_IMPORT)
        {
          report->retry_action = g_strdup ("win.import-configuration");
          report->retry_target = g_variant_ref_sink (g_variant_new_string (environment_id));
        }
      return;

    case EOC_OPERATION_KIND_UPDATE:
      if (ok)
        {
          report->title = g_strdup (_("Environment Updated"));
          report->text = version != NULL
            /* Translators: an environment's name, then a version. */
            ? g_strdup_printf (_("“%s” was updated to version %s"), name, version)
            /* Translators: %s is an environment's name. */
            : g_strdup_printf (_("“%s” was updated"), name);
          return;
        }
      report->title = g_strdup (_("Update Failed"));
      /* Translators: an environment's name, then why. */
      report->text = g_strdup_printf (_("Could not update “%s”: %s"), name, why);
      report->retry_action = g_strdup ("win.update-environment");
      report->retry_target = g_variant_ref_sink (g_variant_new ("(ss)", environment_id, ""));
      return;

    case EOC_OPERATION_KIND_START:
    case EOC_OPERATION_KIND_STOP:
    case EOC_OPERATION_KIND_UNKNOWN:
    default:
      report->title = g_strdup (ok ? _("Operation Finished") : _("Operation Failed"));
      failure = g_strdup_printf (_("An operation on “%s” failed: %s"), name, why);
      report->text = ok ? g_strdup_printf (_("An operation on “%s” finished"), name)
                        : g_steal_pointer (&failure);
      return;
    }
}

void
eoc_operation_report_notify (EocOperationReport *report,
                             GApplication       *application,
                             EocOperation       *operation)
{
  g_autoptr(GNotification) notification = g_notification_new (report->title);
  g_autofree char *id = g_strdup_printf ("operation-%s", eoc_operation_get_id (operation));

  g_notification_set_body (notification, report->text);
  g_notification_set_priority (notification,
                               eoc_operation_get_state (operation) == EOC_OPERATION_STATE_FAILED
                                 ? G_NOTIFICATION_PRIORITY_HIGH
                                 : G_NOTIFICATION_PRIORITY_NORMAL);
  g_application_send_notification (application, id, notification);
}
