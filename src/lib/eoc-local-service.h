/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define EOC_TYPE_LOCAL_SERVICE (eoc_local_service_get_type ())
G_DECLARE_FINAL_TYPE (EocLocalService, eoc_local_service, EOC, LOCAL_SERVICE, GObject)

EocLocalService *eoc_local_service_new          (void);

gboolean         eoc_local_service_get_demo     (EocLocalService      *self);
void             eoc_local_service_set_demo     (EocLocalService      *self,
                                                 gboolean              demo);
const char      *eoc_local_service_get_uri      (EocLocalService      *self);
const char      *eoc_local_service_get_token    (EocLocalService      *self);
gboolean         eoc_local_service_get_running  (EocLocalService      *self);

void             eoc_local_service_start_async  (EocLocalService      *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean         eoc_local_service_start_finish (EocLocalService      *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

void             eoc_local_service_stop         (EocLocalService      *self);

void             eoc_local_service_stop_async   (EocLocalService      *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean         eoc_local_service_stop_finish  (EocLocalService      *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

G_END_DECLS
