/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-enums.h: the enumerations of the service's objects. Each value's nick
 * is the string the API uses ("non_production", "update_failed"), so
 * eoc_enum_from_nick() and eoc_enum_to_nick() translate between the two.
 * Values the service may add later read as the UNKNOWN value of their type.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * EocEnvironmentType:
 * @EOC_ENVIRONMENT_TYPE_PRODUCTION: a production environment (cannot be started or stopped)
 * @EOC_ENVIRONMENT_TYPE_NON_PRODUCTION: any other environment
 *
 * The kind of an environment. An unknown type reads as production, the more
 * careful of the two.
 */
typedef enum {
  EOC_ENVIRONMENT_TYPE_PRODUCTION,      /*< nick=production >*/
  EOC_ENVIRONMENT_TYPE_NON_PRODUCTION,  /*< nick=non_production >*/
} EocEnvironmentType;

/**
 * EocEnvironmentStatus:
 * @EOC_ENVIRONMENT_STATUS_OPERATIONAL: running normally
 * @EOC_ENVIRONMENT_STATUS_UPDATING: a configuration or version is being applied
 * @EOC_ENVIRONMENT_STATUS_UPDATE_FAILED: the last update failed
 * @EOC_ENVIRONMENT_STATUS_OFFLINE: stopped
 * @EOC_ENVIRONMENT_STATUS_STARTING: being started
 * @EOC_ENVIRONMENT_STATUS_STOPPING: being stopped
 * @EOC_ENVIRONMENT_STATUS_UNKNOWN: a status this version does not know
 */
typedef enum {
  EOC_ENVIRONMENT_STATUS_OPERATIONAL,    /*< nick=operational >*/
  EOC_ENVIRONMENT_STATUS_UPDATING,       /*< nick=updating >*/
  EOC_ENVIRONMENT_STATUS_UPDATE_FAILED,  /*< nick=update_failed >*/
  EOC_ENVIRONMENT_STATUS_OFFLINE,        /*< nick=offline >*/
  EOC_ENVIRONMENT_STATUS_STARTING,       /*< nick=starting >*/
  EOC_ENVIRONMENT_STATUS_STOPPING,       /*< nick=stopping >*/
  EOC_ENVIRONMENT_STATUS_UNKNOWN,        /*< nick=unknown >*/
} EocEnvironmentStatus;

/**
 * EocBackupState:
 * @EOC_BACKUP_STATE_CREATING: being written
 * @EOC_BACKUP_STATE_AVAILABLE: complete: it can be downloaded and restored
 * @EOC_BACKUP_STATE_UNKNOWN: a state this version does not know
 */
typedef enum {
  EOC_BACKUP_STATE_CREATING,   /*< nick=creating >*/
  EOC_BACKUP_STATE_AVAILABLE,  /*< nick=available >*/
  EOC_BACKUP_STATE_UNKNOWN,    /*< nick=unknown >*/
} EocBackupState;

/**
 * EocBackupOrigin:
 * @EOC_BACKUP_ORIGIN_MANUAL: made by someone
 * @EOC_BACKUP_ORIGIN_SCHEDULED: made by the backup schedule
 * @EOC_BACKUP_ORIGIN_UNKNOWN: an origin this version does not know
 */
typedef enum {
  EOC_BACKUP_ORIGIN_MANUAL,     /*< nick=manual >*/
  EOC_BACKUP_ORIGIN_SCHEDULED,  /*< nick=scheduled >*/
  EOC_BACKUP_ORIGIN_UNKNOWN,    /*< nick=unknown >*/
} EocBackupOrigin;

/**
 * EocOperationKind:
 * @EOC_OPERATION_KIND_BACKUP: a backup being made
 * @EOC_OPERATION_KIND_RESTORE: a backup being restored
 * @EOC_OPERATION_KIND_IMPORT: an uploaded configuration being imported
 * @EOC_OPERATION_KIND_UPDATE: a version update
 * @EOC_OPERATION_KIND_START: the environment being started
 * @EOC_OPERATION_KIND_STOP: the environment being stopped
 * @EOC_OPERATION_KIND_UNKNOWN: a kind this version does not know
 */
typedef enum {
  EOC_OPERATION_KIND_BACKUP,   /*< nick=backup >*/
  EOC_OPERATION_KIND_RESTORE,  /*< nick=restore >*/
  EOC_OPERATION_KIND_IMPORT,   /*< nick=import >*/
  EOC_OPERATION_KIND_UPDATE,   /*< nick=update >*/
  EOC_OPERATION_KIND_START,    /*< nick=start >*/
  EOC_OPERATION_KIND_STOP,     /*< nick=stop >*/
  EOC_OPERATION_KIND_UNKNOWN,  /*< nick=unknown >*/
} EocOperationKind;

/**
 * EocOperationState:
 * @EOC_OPERATION_STATE_QUEUED: waiting to run
 * @EOC_OPERATION_STATE_RUNNING: running
 * @EOC_OPERATION_STATE_SUCCEEDED: finished well
 * @EOC_OPERATION_STATE_FAILED: finished with an error
 * @EOC_OPERATION_STATE_UNKNOWN: a state this version does not know
 */
typedef enum {
  EOC_OPERATION_STATE_QUEUED,     /*< nick=queued >*/
  EOC_OPERATION_STATE_RUNNING,    /*< nick=running >*/
  EOC_OPERATION_STATE_SUCCEEDED,  /*< nick=succeeded >*/
  EOC_OPERATION_STATE_FAILED,     /*< nick=failed >*/
  EOC_OPERATION_STATE_UNKNOWN,    /*< nick=unknown >*/
} EocOperationState;

/**
 * EocActivityOutcome:
 * @EOC_ACTIVITY_OUTCOME_SUCCEEDED: what was done worked
 * @EOC_ACTIVITY_OUTCOME_FAILED: what was tried failed
 * @EOC_ACTIVITY_OUTCOME_UNKNOWN: an outcome this version does not know
 */
typedef enum {
  EOC_ACTIVITY_OUTCOME_SUCCEEDED,  /*< nick=succeeded >*/
  EOC_ACTIVITY_OUTCOME_FAILED,     /*< nick=failed >*/
  EOC_ACTIVITY_OUTCOME_UNKNOWN,    /*< nick=unknown >*/
} EocActivityOutcome;

/**
 * EocScheduleFrequency:
 * @EOC_SCHEDULE_FREQUENCY_EVERY_2_HOURS: every 2 hours
 * @EOC_SCHEDULE_FREQUENCY_EVERY_4_HOURS: every 4 hours
 * @EOC_SCHEDULE_FREQUENCY_EVERY_8_HOURS: every 8 hours
 * @EOC_SCHEDULE_FREQUENCY_EVERY_12_HOURS: every 12 hours
 * @EOC_SCHEDULE_FREQUENCY_DAILY: once a day
 * @EOC_SCHEDULE_FREQUENCY_WEEKLY: once a week, on #EocSchedule:day-of-week
 * @EOC_SCHEDULE_FREQUENCY_MONTHLY: once a month, on #EocSchedule:day-of-month
 *
 * How often scheduled backups run. An unknown frequency reads as daily.
 */
typedef enum {
  EOC_SCHEDULE_FREQUENCY_EVERY_2_HOURS,   /*< nick=every_2_hours >*/
  EOC_SCHEDULE_FREQUENCY_EVERY_4_HOURS,   /*< nick=every_4_hours >*/
  EOC_SCHEDULE_FREQUENCY_EVERY_8_HOURS,   /*< nick=every_8_hours >*/
  EOC_SCHEDULE_FREQUENCY_EVERY_12_HOURS,  /*< nick=every_12_hours >*/
  EOC_SCHEDULE_FREQUENCY_DAILY,           /*< nick=daily >*/
  EOC_SCHEDULE_FREQUENCY_WEEKLY,          /*< nick=weekly >*/
  EOC_SCHEDULE_FREQUENCY_MONTHLY,         /*< nick=monthly >*/
} EocScheduleFrequency;

/**
 * EocUserRole:
 * @EOC_USER_ROLE_VIEWER: may read everything
 * @EOC_USER_ROLE_OPERATOR: may also make backups, restore, import, update, start and stop
 * @EOC_USER_ROLE_ADMIN: may also create environments and manage users
 *
 * A user's role. An unknown role reads as viewer, the least one.
 */
typedef enum {
  EOC_USER_ROLE_VIEWER,    /*< nick=viewer >*/
  EOC_USER_ROLE_OPERATOR,  /*< nick=operator >*/
  EOC_USER_ROLE_ADMIN,     /*< nick=admin >*/
} EocUserRole;

/**
 * EocChangeKind:
 * @EOC_CHANGE_KIND_ADDED: present in the new configuration only
 * @EOC_CHANGE_KIND_REMOVED: present in the current configuration only
 * @EOC_CHANGE_KIND_CHANGED: present in both, with different values
 */
typedef enum {
  EOC_CHANGE_KIND_ADDED,    /*< nick=added >*/
  EOC_CHANGE_KIND_REMOVED,  /*< nick=removed >*/
  EOC_CHANGE_KIND_CHANGED,  /*< nick=changed >*/
} EocChangeKind;

gboolean    eoc_enum_from_nick (GType       enum_type,
                                const char *nick,
                                int        *value);
const char *eoc_enum_to_nick   (GType       enum_type,
                                int         value);

G_END_DECLS
