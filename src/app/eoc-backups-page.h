/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-backups-page.h: an environment's backups, newest first, loading more as
 * the user scrolls. Read-only for now: the backup workflows (create, restore,
 * import, download, delete) build on this page.
 */
#pragma once

#include <adwaita.h>

#include "eoc-client.h"
#include "eoc-event-stream.h"

G_BEGIN_DECLS

#define EOC_TYPE_BACKUPS_PAGE (eoc_backups_page_get_type ())
G_DECLARE_FINAL_TYPE (EocBackupsPage, eoc_backups_page, EOC, BACKUPS_PAGE, AdwBin)

void            eoc_backups_page_set_session     (EocBackupsPage *self,
                                                  EocClient      *client,
                                                  EocEventStream *stream);
EocEnvironment *eoc_backups_page_get_environment (EocBackupsPage *self);
void            eoc_backups_page_set_environment (EocBackupsPage *self,
                                                  EocEnvironment *environment);
gboolean        eoc_backups_page_get_can_operate (EocBackupsPage *self);
void            eoc_backups_page_set_can_operate (EocBackupsPage *self,
                                                  gboolean        can_operate);
/* The list shown, or NULL without an environment. */
GListModel     *eoc_backups_page_get_model       (EocBackupsPage *self);
void            eoc_backups_page_refresh         (EocBackupsPage *self);

void            eoc_backups_page_set_schedule    (EocBackupsPage *self,
                                                  EocSchedule    *schedule);

G_END_DECLS
