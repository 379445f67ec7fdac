/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-models-private.h: the models' fields, shared by each model's file and
 * by eoc-models-json.c, where every model is built from the service's JSON.
 * Not installed, not for the application.
 */
#pragma once

#include "eoc-activity.h"
#include "eoc-backup.h"
#include "eoc-changes.h"
#include "eoc-environment.h"
#include "eoc-operation.h"
#include "eoc-schedule.h"
#include "eoc-upload.h"
#include "eoc-user.h"

G_BEGIN_DECLS

struct _EocEnvironment {
  GObject parent_instance;

  char                 *id;
  char                 *name;
  char                 *description;
  EocEnvironmentType    type;
  char                 *version;
  EocEnvironmentStatus  status;
  GDateTime            *created_at;
  GDateTime            *updated_at;
  GDateTime            *last_backup_at;
  EocOperation         *operation;
};

struct _EocBackup {
  GObject parent_instance;

  char            *id;
  char            *environment_id;
  char            *name;
  GDateTime       *created_at;
  char            *creator;
  char            *version;
  EocBackupState   state;
  EocBackupOrigin  origin;
  gint64           size;
  char            *sha256;
  char            *operation_id;
};

struct _EocActivity {
  GObject parent_instance;

  char               *id;
  char               *environment_id;
  GDateTime          *time;
  char               *user;
  char               *action;
  char               *summary;
  EocActivityOutcome  outcome;
};

struct _EocOperation {
  GObject parent_instance;

  char              *id;
  char              *environment_id;
  EocOperationKind   kind;
  EocOperationState  state;
  double             progress;
  char              *message;
  char              *user;
  GDateTime         *created_at;
  GDateTime         *started_at;
  GDateTime         *finished_at;
  char              *error;
  char              *backup_id;
  char              *log;
};

struct _EocSchedule {
  GObject parent_instance;

  gboolean              enabled;
  EocScheduleFrequency  frequency;
  guint                 day_of_week;
  guint                 day_of_month;
  char                 *time;
  char                 *time_zone;
  guint                 retention_days;
  GDateTime            *next_run;
  GDateTime            *last_run;
};

struct _EocUpload {
  GObject parent_instance;

  char      *id;
  char      *environment_id;
  char      *filename;
  gint64     size;
  char      *sha256;
  char      *version;
  GDateTime *created_at;
  GDateTime *expires_at;
};

struct _EocUser {
  GObject parent_instance;

  char        *name;
  EocUserRole  role;
  gboolean     can_operate;
  gboolean     is_admin;
};

EocChange  *eoc_change_new_internal  (const char    *path,
                                      EocChangeKind  kind,
                                      const char    *old_value,
                                      const char    *new_value);
EocChanges *eoc_changes_new_internal (GListStore    *settings,
                                      GListStore    *files,
                                      guint          n_added,
                                      guint          n_removed,
                                      guint          n_changed);

/* Sets *@field to a copy of @value; TRUE when that changed it. */
static inline gboolean
eoc_model_set_string (char       **field,
                      const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* Sets *@field to @value (a new reference); TRUE when that changed it. */
static inline gboolean
eoc_model_set_date_time (GDateTime **field,
                         GDateTime  *value)
{
  if (*field == value)
    return FALSE;
  if (*field != NULL && value != NULL && g_date_time_equal (*field, value))
    return FALSE;

  g_clear_pointer (field, g_date_time_unref);
  if (value != NULL)
    *field = g_date_time_ref (value);
  return TRUE;
}

G_END_DECLS
