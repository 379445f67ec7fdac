/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-activity-page.h: an environment's activity log, newest first, loading
 * more as the user scrolls: when, who, what, and how it ended.
 */
#pragma once

#include <adwaita.h>

#include "eoc-client.h"
#include "eoc-event-stream.h"

G_BEGIN_DECLS

#define EOC_TYPE_ACTIVITY_PAGE (eoc_activity_page_get_type ())
G_DECLARE_FINAL_TYPE (EocActivityPage, eoc_activity_page, EOC, ACTIVITY_PAGE, AdwBin)

void            eoc_activity_page_set_session     (EocActivityPage *self,
                                                   EocClient       *client,
                                                   EocEventStream  *stream);
EocEnvironment *eoc_activity_page_get_environment (EocActivityPage *self);
void            eoc_activity_page_set_environment (EocActivityPage *self,
                                                   EocEnvironment  *environment);
/* The list shown, or NULL without an environment. */
GListModel     *eoc_activity_page_get_model       (EocActivityPage *self);
void            eoc_activity_page_refresh         (EocActivityPage *self);

G_END_DECLS
