/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc.h: the core library of Env Ops Center (client, models, errors, live
 * state), in one header.
 */
#pragma once

#include "eoc-activity.h"
#include "eoc-activity-list.h"
#include "eoc-backup.h"
#include "eoc-backup-list.h"
#include "eoc-changes.h"
#include "eoc-client.h"
#include "eoc-client-error.h"
#include "eoc-enum-types.h"
#include "eoc-enums.h"
#include "eoc-environment.h"
#include "eoc-environment-list.h"
#include "eoc-event-stream.h"
#include "eoc-json.h"
#include "eoc-local-service.h"
#include "eoc-models-json.h"
#include "eoc-operation.h"
#include "eoc-schedule.h"
#include "eoc-upload.h"
#include "eoc-user.h"
