/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-environment-page.h: the selected environment: Overview, Backups and
 * Activity in a view stack. Its pages' toasts come out of its add-toast.
 */
#pragma once

#include <adwaita.h>

#include "eoc-activity-page.h"
#include "eoc-backups-page.h"
#include "eoc-client.h"
#include "eoc-event-stream.h"
#include "eoc-overview-page.h"

G_BEGIN_DECLS

#define EOC_TYPE_ENVIRONMENT_PAGE (eoc_environment_page_get_type ())
G_DECLARE_FINAL_TYPE (EocEnvironmentPage, eoc_environment_page, EOC, ENVIRONMENT_PAGE, AdwBin)

void             eoc_environment_page_set_session      (EocEnvironmentPage *self,
                                                        EocClient          *client,
                                                        EocEventStream     *stream);
EocEnvironment  *eoc_environment_page_get_environment  (EocEnvironmentPage *self);
void             eoc_environment_page_set_environment  (EocEnvironmentPage *self,
                                                        EocEnvironment     *environment);
gboolean         eoc_environment_page_get_can_operate  (EocEnvironmentPage *self);
void             eoc_environment_page_set_can_operate  (EocEnvironmentPage *self,
                                                        gboolean            can_operate);
AdwViewStack    *eoc_environment_page_get_stack        (EocEnvironmentPage *self);
EocOverviewPage *eoc_environment_page_get_overview     (EocEnvironmentPage *self);
EocBackupsPage  *eoc_environment_page_get_backups      (EocEnvironmentPage *self);
EocActivityPage *eoc_environment_page_get_activity     (EocEnvironmentPage *self);
/* Fetches again what the pages show. */
void             eoc_environment_page_refresh          (EocEnvironmentPage *self);

G_END_DECLS
