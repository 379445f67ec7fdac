/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "eoc-client.h"
#include "eoc-event-stream.h"

G_BEGIN_DECLS

#define EOC_TYPE_ACTIVITY_LIST (eoc_activity_list_get_type ())
G_DECLARE_FINAL_TYPE (EocActivityList, eoc_activity_list, EOC, ACTIVITY_LIST, GObject)

EocActivityList *eoc_activity_list_new                (EocClient            *client,
                                                       EocEventStream       *stream,
                                                       const char           *environment_id);

EocClient       *eoc_activity_list_get_client         (EocActivityList      *self);
EocEventStream  *eoc_activity_list_get_stream         (EocActivityList      *self);
const char      *eoc_activity_list_get_environment_id (EocActivityList      *self);
guint            eoc_activity_list_get_page_size      (EocActivityList      *self);
gboolean         eoc_activity_list_get_loading        (EocActivityList      *self);
gboolean         eoc_activity_list_get_has_more       (EocActivityList      *self);
const GError    *eoc_activity_list_get_error          (EocActivityList      *self);

void             eoc_activity_list_load_more_async    (EocActivityList      *self,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean         eoc_activity_list_load_more_finish   (EocActivityList      *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

void             eoc_activity_list_refresh_async      (EocActivityList      *self,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean         eoc_activity_list_refresh_finish     (EocActivityList      *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

G_END_DECLS
