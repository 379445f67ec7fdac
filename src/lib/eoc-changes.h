/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-changes.h: what restoring a backup or importing an upload would change
 * in an environment's configuration: settings and files added, removed or
 * changed. EocChange is one line of it.
 */
#pragma once

#include <gio/gio.h>

#include "eoc-enum-types.h"
#include "eoc-enums.h"

G_BEGIN_DECLS

#define EOC_TYPE_CHANGE (eoc_change_get_type ())
G_DECLARE_FINAL_TYPE (EocChange, eoc_change, EOC, CHANGE, GObject)

const char    *eoc_change_get_path      (EocChange *self);
EocChangeKind  eoc_change_get_kind      (EocChange *self);
const char    *eoc_change_get_old_value (EocChange *self);
const char    *eoc_change_get_new_value (EocChange *self);

#define EOC_TYPE_CHANGES (eoc_changes_get_type ())
G_DECLARE_FINAL_TYPE (EocChanges, eoc_changes, EOC, CHANGES, GObject)

GListModel *eoc_changes_get_settings  (EocChanges *self);
GListModel *eoc_changes_get_files     (EocChanges *self);
guint       eoc_changes_get_n_added   (EocChanges *self);
guint       eoc_changes_get_n_removed (EocChanges *self);
guint       eoc_changes_get_n_changed (EocChanges *self);
gboolean    eoc_changes_is_empty      (EocChanges *self);

G_END_DECLS
