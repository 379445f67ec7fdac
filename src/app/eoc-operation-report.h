/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * eoc-operation-report.h: how a long operation ended, in words: the toast's
 * text, a notification's title, and what Try Again does when it failed.
 */
#pragma once

#include <gio/gio.h>

#include "eoc-operation.h"

G_BEGIN_DECLS

typedef struct {
  char     *title;           /* "Environment Restored", for a notification */
  char     *text;            /* the whole message */
  char     *retry_action;    /* Try Again's action when it failed, or NULL */
  GVariant *retry_target;
} EocOperationReport;

/* @subject: the backup restored's name, or NULL; @subject_id: its id, or
 * NULL; @version: the environment's version now, or NULL. */
void eoc_operation_report_init   (EocOperationReport *report,
                                  EocOperation       *operation,
                                  const char         *environment_name,
                                  const char         *subject,
                                  const char         *subject_id,
                                  const char         *version);
void eoc_operation_report_clear  (EocOperationReport *report);
/* Sends the report as a desktop notification of @application. */
void eoc_operation_report_notify (EocOperationReport *report,
                                  GApplication       *application,
                                  EocOperation       *operation);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EocOperationReport, eoc_operation_report_clear)

G_END_DECLS
