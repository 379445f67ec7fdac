/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "eoc-client.h"
#include "eoc-event-stream.h"

G_BEGIN_DECLS

#define EOC_TYPE_ENVIRONMENT_LIST (eoc_environment_list_get_type ())
G_DECLARE_FINAL_TYPE (EocEnvironmentList, eoc_environment_list, EOC, ENVIRONMENT_LIST, GObject)

EocEnvironmentList *eoc_environment_list_new            (EocClient            *client,
                                                         EocEventStream       *stream);

EocClient          *eoc_environment_list_get_client     (EocEnvironmentList   *self);
EocEventStream     *eoc_environment_list_get_stream     (EocEnvironmentList   *self);
gboolean            eoc_environment_list_get_loading    (EocEnvironmentList   *self);
const GError       *eoc_environment_list_get_error      (EocEnvironmentList   *self);

EocEnvironment     *eoc_environment_list_find           (EocEnvironmentList   *self,
                                                         const char           *id);

void                eoc_environment_list_refresh_async  (EocEnvironmentList   *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean            eoc_environment_list_refresh_finish (EocEnvironmentList   *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

G_END_DECLS
