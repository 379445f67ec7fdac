/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "eoc-status.h"

const char *
eoc_status_to_label (EocEnvironmentStatus status)
{
  switch (status)
    {
    case EOC_ENVIRONMENT_STATUS_OPERATIONAL:
      return C_("environment status", "Operational");
    case EOC_ENVIRONMENT_STATUS_UPDATING:
      return C_("environment status", "Updating");
    case EOC_ENVIRONMENT_STATUS_UPDATE_FAILED:
      return C_("environment status", "Update Failed");
    case EOC_ENVIRONMENT_STATUS_OFFLINE:
      return C_("environment status", "Offline");
    case EOC_ENVIRONMENT_STATUS_STARTING:
      return C_("environment status", "Starting");
    case EOC_ENVIRONMENT_STATUS_STOPPING:
      return C_("environment status", "Stopping");
    case EOC_ENVIRONMENT_STATUS_UNKNOWN:
    default:
      return C_("environment status", "Unknown");
    }
}

const char *
eoc_status_to_css_class (EocEnvironmentStatus status)
{
  switch (status)
    {
    case EOC_ENVIRONMENT_STATUS_OPERATIONAL:
      return "operational";
    case EOC_ENVIRONMENT_STATUS_UPDATING:
      return "updating";
    case EOC_ENVIRONMENT_STATUS_UPDATE_FAILED:
      return "update-failed";
    case EOC_ENVIRONMENT_STATUS_OFFLINE:
      return "offline";
    case EOC_ENVIRONMENT_STATUS_STARTING:
      return "starting";
    case EOC_ENVIRONMENT_STATUS_STOPPING:
      return "stopping";
    case EOC_ENVIRONMENT_STATUS_UNKNOWN:
    default:
      return "unknown";
    }
}

gboolean
eoc_status_is_busy (EocEnvironmentStatus status)
{
  return status == EOC_ENVIRONMENT_STATUS_UPDATING ||
         status == EOC_ENVIRONMENT_STATUS_STARTING ||
         status == EOC_ENVIRONMENT_STATUS_STOPPING;
}

const char *
eoc_environment_type_to_label (EocEnvironmentType type)
{
  switch (type)
    {
    case EOC_ENVIRONMENT_TYPE_NON_PRODUCTION:
      return C_("environment type", "Non-production");
    case EOC_ENVIRONMENT_TYPE_PRODUCTION:
    default:
      return C_("environment type", "Production");
    }
}

const char *
eoc_operation_to_label (EocOperation *operation)
{
  const char *message;

  g_return_val_if_fail (EOC_IS_OPERATION (operation), NULL);

  message = eoc_operation_get_message (operation);
  if (message != NULL && *message != '\0')
    return message;

  switch (eoc_operation_get_kind (operation))
    {
    case EOC_OPERATION_KIND_BACKUP:
      return _("Creating environment backup");
    case EOC_OPERATION_KIND_RESTORE:
      return _("Restoring the environment from a backup");
    case EOC_OPERATION_KIND_IMPORT:
      return _("Importing a configuration");
    case EOC_OPERATION_KIND_UPDATE:
      return _("Updating the environment");
    case EOC_OPERATION_KIND_START:
      return _("Starting the environment");
    case EOC_OPERATION_KIND_STOP:
      return _("Stopping the environment");
    case EOC_OPERATION_KIND_UNKNOWN:
    default:
      return _("Working on the environment");
    }
}

gboolean
eoc_environment_is_working (EocEnvironment *environment)
{
  EocOperation *operation;

  if (environment == NULL)
    return FALSE;

  operation = eoc_environment_get_operation (environment);
  if (operation != NULL && !eoc_operation_is_finished (operation))
    return TRUE;

  return eoc_status_is_busy (eoc_environment_get_status (environment));
}
