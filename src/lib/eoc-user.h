/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-user.h: who the client is signed in as, and what they may do.
 */
#pragma once

#include <glib-object.h>

#include "eoc-enum-types.h"
#include "eoc-enums.h"

G_BEGIN_DECLS

#define EOC_TYPE_USER (eoc_user_get_type ())
G_DECLARE_FINAL_TYPE (EocUser, eoc_user, EOC, USER, GObject)

const char  *eoc_user_get_name        (EocUser *self);
EocUserRole  eoc_user_get_role        (EocUser *self);
gboolean     eoc_user_get_can_operate (EocUser *self);
gboolean     eoc_user_get_is_admin    (EocUser *self);
void         eoc_user_update_from     (EocUser *self,
                                       EocUser *other);

G_END_DECLS
