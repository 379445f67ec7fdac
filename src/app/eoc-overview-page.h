/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-overview-page.h: an environment at a glance: status, version, type,
 * description, times, last backup, the running operation with its progress,
 * and the backup schedule in words. Follows the service's events.
 */
#pragma once

#include <adwaita.h>

#include "eoc-client.h"
#include "eoc-event-stream.h"

G_BEGIN_DECLS

#define EOC_TYPE_OVERVIEW_PAGE (eoc_overview_page_get_type ())
G_DECLARE_FINAL_TYPE (EocOverviewPage, eoc_overview_page, EOC, OVERVIEW_PAGE, AdwBin)

void            eoc_overview_page_set_session     (EocOverviewPage *self,
                                                   EocClient       *client,
                                                   EocEventStream  *stream);
EocEnvironment *eoc_overview_page_get_environment (EocOverviewPage *self);
void            eoc_overview_page_set_environment (EocOverviewPage *self,
                                                   EocEnvironment  *environment);
gboolean        eoc_overview_page_get_can_operate (EocOverviewPage *self);
void            eoc_overview_page_set_can_operate (EocOverviewPage *self,
                                                   gboolean         can_operate);
/* Fetches again what is not pushed by events (the schedule). */
void            eoc_overview_page_refresh         (EocOverviewPage *self);

G_END_DECLS
